"""Users (admins manage them), API tokens (shown once, revocable) and `/me`."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from loopline.annotate import users
from loopline.annotate.annotators import AnnotatorInfo, get_annotator
from loopline.annotate.workspace import Workspace
from loopline.core.errors import NotFoundError
from loopline.web.api._common import ERRORS, PagingDep, RowId
from loopline.web.deps import AdminUser, CurrentUser, DbDep, WorkspaceDep
from loopline.web.schemas import (
    MePublic,
    Page,
    TokenCreate,
    TokenCreated,
    TokenPublic,
    UserCreate,
    UserPublic,
    UserUpdate,
)

router = APIRouter(tags=["users"], responses=ERRORS)


def public(user: AnnotatorInfo) -> dict[str, Any]:
    return {
        "id": user.id, "name": user.name, "role": user.role, "skills": list(user.skills),
        "languages": list(user.languages), "trust": user.trust, "active": user.active,
    }


@router.get("/me", response_model=MePublic)
async def me(user: CurrentUser, ws: WorkspaceDep, db: DbDep) -> dict[str, Any]:
    """Who the caller is and which projects they see."""
    return {"id": user.id, "name": user.name, "role": user.role, "projects": await db(users.project_names, ws, user)}


@router.get("/users", response_model=Page[UserPublic])
async def list_(_: AdminUser, ws: WorkspaceDep, db: DbDep, paging: PagingDep) -> dict[str, Any]:
    """Every user (admins)."""
    items, total = await db(users.list_users, ws, limit=paging.limit, offset=paging.offset)
    return paging.page([public(u) for u in items], total)


def _create(ws: Workspace, body: UserCreate) -> AnnotatorInfo:
    user = users.create_user(
        ws, body.name, role=body.role, password=body.password, skills=body.skills, languages=body.languages
    )
    for project in body.projects:
        users.add_member(ws, project, user.name)
    return user


@router.post("/users", status_code=201, response_model=UserPublic)
async def create(body: UserCreate, _: AdminUser, ws: WorkspaceDep, db: DbDep) -> dict[str, Any]:
    """Create a user, optionally with a password (to log in) and project memberships (admins)."""
    return public(await db(_create, ws, body))


@router.patch("/users/{name}", response_model=UserPublic)
async def update(name: str, body: UserUpdate, _: AdminUser, ws: WorkspaceDep, db: DbDep) -> dict[str, Any]:
    """Change role, pause or resume, set skills, languages or a new password (admins)."""
    return public(await db(users.update_user, ws, name, **body.model_dump(exclude_none=True)))


def _owner(ws: Workspace, caller: AnnotatorInfo, name: str) -> AnnotatorInfo:
    """Users manage their own tokens; admins anyone's. Others' names look unknown."""
    if caller.name == name:
        return caller
    if caller.role != "admin":
        raise NotFoundError(f"no user named '{name}'")
    return get_annotator(ws, name)


@router.post("/users/{name}/tokens", status_code=201, response_model=TokenCreated)
async def create_token(name: str, body: TokenCreate, caller: CurrentUser, ws: WorkspaceDep, db: DbDep) -> dict[str, Any]:
    """A new API token; the secret is in this answer only (it is stored hashed)."""
    owner = await db(_owner, ws, caller, name)
    info, secret = await db(users.create_token, ws, owner.id, body.name)
    return {**asdict(info), "token": secret}


@router.get("/users/{name}/tokens", response_model=Page[TokenPublic])
async def list_tokens(name: str, caller: CurrentUser, ws: WorkspaceDep, db: DbDep, paging: PagingDep) -> dict[str, Any]:
    """The user's tokens (never their secrets)."""
    owner = await db(_owner, ws, caller, name)
    items, total = await db(users.list_tokens, ws, owner.id, limit=paging.limit, offset=paging.offset)
    return paging.page([asdict(t) for t in items], total)


def _revoke(ws: Workspace, caller: AnnotatorInfo, token_id: int) -> None:
    if caller.role != "admin" and users.token_owner(ws, token_id) != caller.id:
        raise NotFoundError(f"no token with id {token_id}")
    users.revoke_token(ws, token_id)


@router.delete("/tokens/{token_id}", status_code=204)
async def revoke(token_id: RowId, caller: CurrentUser, ws: WorkspaceDep, db: DbDep) -> Response:
    """Revoke a token at once (own tokens; admins any)."""
    await db(_revoke, ws, caller, token_id)
    return Response(status_code=204)
