"""The REST API under /api/v1: one router per resource."""

from fastapi import APIRouter

from loopline.web.api import annotations, datasets, members, projects, tasks, users

PREFIX = "/api/v1"
# The hot path first: routes are matched in order, and each miss costs a few microseconds.
# The app includes each router itself (one level of nesting, not two: matching walks them).
routers: list[APIRouter] = [tasks.router, users.router, projects.router, members.router,
                            annotations.router, datasets.router]

__all__ = ["PREFIX", "routers"]
