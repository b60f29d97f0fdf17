"""Users of the web app: passwords, API tokens, sessions and project membership.

A user is an annotator row with a role (admin, reviewer, annotator). Passwords are hashed with
Argon2id (people pick weak ones, so the hash must be slow); API tokens and session ids are 32
random bytes and stored as SHA-256 (a fast hash is enough for that much entropy, and the hot
path checks a token on every request). Lookups are cached per process for a few seconds, so a
claim does not pay a query for who is asking; a revocation made in this process drops the
entry at once, one made by another process is seen within the cache's time to live.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from loopline.annotate.annotators import (
    ROLES,
    AnnotatorInfo,
    create_annotator,
    get_annotator,
    get_annotator_by_id,
)
from loopline.annotate.cache import MISSING, TTLCache
from loopline.annotate.projects import get_project
from loopline.annotate.workspace import Workspace
from loopline.core.errors import LooplineError, NotFoundError, ValidationError
from loopline.store import auth as store

# OWASP's Argon2id minimum (19 MiB, 2 passes): about 20 ms per check on a laptop core.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)
_DUMMY_HASH = _HASHER.hash("not a real password")
MIN_PASSWORD = 8
TOKEN_PREFIX = "ll_"
SESSION_SECONDS = 14 * 24 * 3600


class AuthError(LooplineError):
    """Not authenticated: wrong password, unknown or revoked token, expired session."""


class ForbiddenError(LooplineError):
    """Authenticated, but this user's role may not do that."""


@dataclass
class AuthCache:
    tokens: TTLCache[str, Any] = field(default_factory=lambda: TTLCache(5.0))
    sessions: TTLCache[str, Any] = field(default_factory=lambda: TTLCache(5.0))
    members: TTLCache[int, frozenset[int]] = field(default_factory=lambda: TTLCache(5.0))


def auth_cache(ws: Workspace) -> AuthCache:
    """The workspace's auth cache (kept beside its service cache, one per process)."""
    return ws.__dict__.setdefault("_auth_cache", AuthCache())


def _sha(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class TokenInfo:
    id: int
    name: str
    prefix: str
    created_at: float
    last_used_at: float | None = None
    revoked_at: float | None = None


# ---- users and passwords -------------------------------------------------------------------

def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError(f"a password needs at least {MIN_PASSWORD} characters", field="password")


def create_user(
    ws: Workspace, name: str, *, role: str = "annotator", password: str | None = None,
    skills: list[str] | None = None, languages: list[str] | None = None,
) -> AnnotatorInfo:
    """An annotator row, plus a password when the person logs in to the web app."""
    if password is not None:
        _check_password(password)
    user = create_annotator(ws, name, role=role, skills=skills, languages=languages)
    if password is not None:
        with ws.database.write() as conn:
            store.set_password_hash(conn=conn, annotator_id=user.id, password_hash=_HASHER.hash(password), now=time.time())
    return user


def set_password(ws: Workspace, name: str, password: str) -> None:
    """Set a new password and end the user's sessions (tokens stay valid)."""
    _check_password(password)
    user = get_annotator(ws, name)
    with ws.database.write() as conn:
        store.set_password_hash(conn=conn, annotator_id=user.id, password_hash=_HASHER.hash(password), now=time.time())
        store.delete_sessions_of(conn=conn, annotator_id=user.id)
    auth_cache(ws).sessions.clear()


def update_user(
    ws: Workspace, name: str, *, role: str | None = None, active: bool | None = None,
    skills: list[str] | None = None, languages: list[str] | None = None, password: str | None = None,
) -> AnnotatorInfo:
    user = get_annotator(ws, name)
    values: dict[str, Any] = {}
    if role is not None:
        if role not in ROLES:
            raise ValidationError(f"role must be one of {', '.join(ROLES)}; got '{role}'", field="role")
        values["role"] = role
    if active is not None:
        values["active"] = active
    if skills is not None:
        values["skills"] = sorted(set(skills))
    if languages is not None:
        values["languages"] = sorted(set(languages))
    if values:
        with ws.database.write() as conn:
            store.update_annotator(conn=conn, annotator_id=user.id, values=values)
        ws.cache.annotators.clear()
        ws.cache.routes.clear()
    if password is not None:
        set_password(ws, name, password)
    return get_annotator_by_id(ws, user.id)


def authenticate_password(ws: Workspace, name: str, password: str) -> AnnotatorInfo:
    """The user if the password is right; AuthError otherwise (same message either way)."""
    with ws.database.read() as conn:
        row = store.get_login_row(conn=conn, name=name)
    stored = row["password_hash"] if row and row["password_hash"] else _DUMMY_HASH
    try:
        ok = _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or row is None or not row["password_hash"] or not row["active"]:
        raise AuthError("wrong user name or password")
    return get_annotator_by_id(ws, row["id"])


# ---- API tokens ----------------------------------------------------------------------------

def create_token(ws: Workspace, user_id: int, name: str = "api") -> tuple[TokenInfo, str]:
    """A new token for the user; the secret is returned once and never stored."""
    if not name.strip() or len(name) > 100:
        raise ValidationError("a token name needs 1 to 100 characters", field="name")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = time.time()
    with ws.database.write() as conn:
        token_id = store.insert_token(
            conn=conn, annotator_id=user_id, name=name, token_hash=_sha(secret), prefix=secret[:10], now=now
        )
    return TokenInfo(token_id, name, secret[:10], now), secret


def user_for_token(ws: Workspace, secret: str) -> AnnotatorInfo | None:
    """The active user a token belongs to, or None (unknown, revoked, user paused)."""
    key = _sha(secret)
    cache = auth_cache(ws).tokens
    user_id = cache.get(key, MISSING)
    if user_id is MISSING:
        with ws.database.read() as conn:
            row = store.get_token_by_hash(conn=conn, token_hash=key)
        user_id = row["annotator_id"] if row and row["revoked_at"] is None else None
        cache.put(key, user_id)
    if user_id is None:
        return None
    user = get_annotator_by_id(ws, user_id)
    return user if user.active else None


def list_tokens(ws: Workspace, user_id: int, *, limit: int = 50, offset: int = 0) -> tuple[list[TokenInfo], int]:
    with ws.database.read() as conn:
        rows, total = store.list_tokens(conn=conn, annotator_id=user_id, limit=limit, offset=offset)
    return [TokenInfo(**r) for r in rows], total


def token_owner(ws: Workspace, token_id: int) -> int:
    with ws.database.read() as conn:
        row = store.get_token(conn=conn, token_id=token_id)
    if row is None:
        raise NotFoundError(f"no token with id {token_id}")
    return int(row["annotator_id"])


def revoke_token(ws: Workspace, token_id: int) -> None:
    """Revoke at once in this process (other processes: within the cache's few seconds)."""
    token_owner(ws, token_id)
    with ws.database.write() as conn:
        token_hash = store.revoke_token(conn=conn, token_id=token_id, now=time.time())
    if token_hash:
        auth_cache(ws).tokens.put(token_hash, None)


# ---- sessions ------------------------------------------------------------------------------

def create_session(ws: Workspace, user_id: int, *, seconds: int = SESSION_SECONDS) -> tuple[str, str]:
    """A new server-side session; returns (session id for the cookie, its CSRF token)."""
    session_id, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = time.time()
    with ws.database.write() as conn:
        store.delete_expired_sessions(conn=conn, now=now)
        store.insert_session(
            conn=conn, id_hash=_sha(session_id), annotator_id=user_id, csrf=csrf, now=now, expires_at=now + seconds
        )
    return session_id, csrf


def session_user(ws: Workspace, session_id: str) -> tuple[AnnotatorInfo, str] | None:
    """(user, CSRF token) of a live session, or None."""
    key = _sha(session_id)
    cache = auth_cache(ws).sessions
    hit = cache.get(key, MISSING)
    if hit is MISSING:
        with ws.database.read() as conn:
            hit = store.get_session(conn=conn, id_hash=key)
        cache.put(key, hit)
    if hit is None or hit["expires_at"] < time.time():
        return None
    user = get_annotator_by_id(ws, hit["annotator_id"])
    return (user, hit["csrf"]) if user.active else None


def end_session(ws: Workspace, session_id: str) -> None:
    key = _sha(session_id)
    with ws.database.write() as conn:
        store.delete_session(conn=conn, id_hash=key)
    auth_cache(ws).sessions.put(key, None)


# ---- project membership --------------------------------------------------------------------

def visible_project_ids(ws: Workspace, user: AnnotatorInfo) -> frozenset[int] | None:
    """The projects a user may see: None means all (admins)."""
    if user.role == "admin":
        return None

    def load() -> frozenset[int]:
        with ws.database.read() as conn:
            return frozenset(store.member_project_ids(conn=conn, annotator_id=user.id))

    return auth_cache(ws).members.get_or_load(user.id, load)


def can_see_project(ws: Workspace, user: AnnotatorInfo, project_id: int) -> bool:
    visible = visible_project_ids(ws, user)
    return visible is None or project_id in visible


def add_member(ws: Workspace, project: str, user_name: str) -> bool:
    """Let a user see and work on a project; False when they were a member already."""
    info, user = get_project(ws, project), get_annotator(ws, user_name)
    with ws.database.write() as conn:
        added = store.add_member(conn=conn, project_id=info.id, annotator_id=user.id, now=time.time())
    auth_cache(ws).members.clear()
    return added


def remove_member(ws: Workspace, project: str, user_name: str) -> None:
    info, user = get_project(ws, project), get_annotator(ws, user_name)
    with ws.database.write() as conn:
        removed = store.remove_member(conn=conn, project_id=info.id, annotator_id=user.id)
    auth_cache(ws).members.clear()
    if not removed:
        raise NotFoundError(f"'{user_name}' is not a member of '{project}'")


def list_members(ws: Workspace, project: str, *, limit: int = 50, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    info = get_project(ws, project)
    with ws.database.read() as conn:
        return store.list_members(conn=conn, project_id=info.id, limit=limit, offset=offset)


def list_users(ws: Workspace, *, limit: int = 50, offset: int = 0) -> tuple[list[AnnotatorInfo], int]:
    from loopline.annotate.annotators import _info

    with ws.database.read() as conn:
        rows, total = store.list_annotator_page(conn=conn, limit=limit, offset=offset)
    return [_info(r) for r in rows], total


def project_names(ws: Workspace, user: AnnotatorInfo) -> list[str]:
    """Names of the projects this user sees, sorted."""
    from loopline.annotate.projects import list_projects

    visible = visible_project_ids(ws, user)
    return [p.name for p in list_projects(ws) if visible is None or p.id in visible]
