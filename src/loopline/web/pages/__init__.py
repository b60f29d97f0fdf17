"""Server-rendered pages: the annotator page and the manager pages.

Page routes stay thin: they read through the service layer and render a Jinja2 template;
the pages' ES modules (web/static/js) call the REST API for claims, submits and changes.
"""

from fastapi import APIRouter

from loopline.web.pages import annotate, datasets, home, manage, review, users

router = APIRouter(include_in_schema=False)
for _module in (home, annotate, manage, users, datasets, review):
    router.include_router(_module.router)

__all__ = ["router"]
