"""Auth rows: credentials, API tokens, web sessions, project membership, user updates."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from loopline.store.auth_tables import (
    api_token_table,
    credential_table,
    project_member_table,
    web_session_table,
)
from loopline.store.models import annotator_table, project_table


def set_password_hash(*, conn: Connection, annotator_id: int, password_hash: str, now: float) -> None:
    updated = conn.execute(
        update(credential_table)
        .where(credential_table.c.annotator_id == annotator_id)
        .values(password_hash=password_hash, updated_at=now)
    ).rowcount
    if not updated:
        conn.execute(insert(credential_table).values(
            annotator_id=annotator_id, password_hash=password_hash, updated_at=now
        ))


def get_login_row(*, conn: Connection, name: str) -> dict[str, Any] | None:
    """The user's id, role, active flag and password hash (None: no such user)."""
    a, c = annotator_table, credential_table
    row = conn.execute(
        select(a.c.id, a.c.name, a.c.role, a.c.active, c.c.password_hash)
        .select_from(a.outerjoin(c, c.c.annotator_id == a.c.id))
        .where(a.c.name == name)
    ).mappings().first()
    return dict(row) if row else None


def update_annotator(*, conn: Connection, annotator_id: int, values: dict[str, Any]) -> None:
    conn.execute(update(annotator_table).where(annotator_table.c.id == annotator_id).values(**values))


def insert_token(
    *, conn: Connection, annotator_id: int, name: str, token_hash: str, prefix: str, now: float
) -> int:
    return conn.execute(
        insert(api_token_table)
        .values(annotator_id=annotator_id, name=name, token_hash=token_hash, prefix=prefix, created_at=now)
        .returning(api_token_table.c.id)
    ).scalar_one()


def get_token_by_hash(*, conn: Connection, token_hash: str) -> dict[str, Any] | None:
    t = api_token_table
    row = conn.execute(
        select(t.c.id, t.c.annotator_id, t.c.revoked_at).where(t.c.token_hash == token_hash)
    ).mappings().first()
    return dict(row) if row else None


def get_token(*, conn: Connection, token_id: int) -> dict[str, Any] | None:
    row = conn.execute(select(api_token_table).where(api_token_table.c.id == token_id)).mappings().first()
    return dict(row) if row else None


def list_tokens(*, conn: Connection, annotator_id: int, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    t = api_token_table
    where = t.c.annotator_id == annotator_id
    total = conn.execute(select(func.count()).select_from(t).where(where)).scalar_one()
    rows = conn.execute(
        select(t.c.id, t.c.name, t.c.prefix, t.c.created_at, t.c.last_used_at, t.c.revoked_at)
        .where(where).order_by(t.c.id).limit(limit).offset(offset)
    ).mappings()
    return [dict(r) for r in rows], total


def revoke_token(*, conn: Connection, token_id: int, now: float) -> str | None:
    """Mark a token revoked; returns its hash (to drop it from caches), None if unknown."""
    t = api_token_table
    row = conn.execute(
        update(t).where(t.c.id == token_id, t.c.revoked_at.is_(None)).values(revoked_at=now)
        .returning(t.c.token_hash)
    ).first()
    return row[0] if row else None


def insert_session(
    *, conn: Connection, id_hash: str, annotator_id: int, csrf: str, now: float, expires_at: float
) -> None:
    conn.execute(insert(web_session_table).values(
        id_hash=id_hash, annotator_id=annotator_id, csrf=csrf, created_at=now, expires_at=expires_at
    ))


def get_session(*, conn: Connection, id_hash: str) -> dict[str, Any] | None:
    s = web_session_table
    row = conn.execute(
        select(s.c.annotator_id, s.c.csrf, s.c.expires_at).where(s.c.id_hash == id_hash)
    ).mappings().first()
    return dict(row) if row else None


def delete_session(*, conn: Connection, id_hash: str) -> None:
    conn.execute(delete(web_session_table).where(web_session_table.c.id_hash == id_hash))


def delete_sessions_of(*, conn: Connection, annotator_id: int) -> None:
    conn.execute(delete(web_session_table).where(web_session_table.c.annotator_id == annotator_id))


def delete_expired_sessions(*, conn: Connection, now: float) -> int:
    return conn.execute(delete(web_session_table).where(web_session_table.c.expires_at < now)).rowcount


def add_member(*, conn: Connection, project_id: int, annotator_id: int, now: float) -> bool:
    """Add a membership; False when it existed already."""
    m = project_member_table
    exists = conn.execute(
        select(m.c.project_id).where(m.c.project_id == project_id, m.c.annotator_id == annotator_id)
    ).first()
    if exists:
        return False
    conn.execute(insert(m).values(project_id=project_id, annotator_id=annotator_id, created_at=now))
    return True


def remove_member(*, conn: Connection, project_id: int, annotator_id: int) -> bool:
    m = project_member_table
    return bool(conn.execute(
        delete(m).where(m.c.project_id == project_id, m.c.annotator_id == annotator_id)
    ).rowcount)


def member_project_ids(*, conn: Connection, annotator_id: int) -> list[int]:
    m = project_member_table
    return [r[0] for r in conn.execute(select(m.c.project_id).where(m.c.annotator_id == annotator_id))]


def list_members(
    *, conn: Connection, project_id: int, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    m, a = project_member_table, annotator_table
    total = conn.execute(
        select(func.count()).select_from(m).where(m.c.project_id == project_id)
    ).scalar_one()
    rows = conn.execute(
        select(a.c.id, a.c.name, a.c.role, m.c.created_at.label("added_at"))
        .select_from(m.join(a, a.c.id == m.c.annotator_id))
        .where(m.c.project_id == project_id).order_by(a.c.name).limit(limit).offset(offset)
    ).mappings()
    return [dict(r) for r in rows], total


def project_names_by_id(*, conn: Connection, project_ids: list[int]) -> dict[int, str]:
    p = project_table
    if not project_ids:
        return {}
    return {i: n for i, n in conn.execute(select(p.c.id, p.c.name).where(p.c.id.in_(project_ids)))}


def list_annotator_page(*, conn: Connection, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    a = annotator_table
    total = conn.execute(select(func.count()).select_from(a)).scalar_one()
    rows = conn.execute(select(a).order_by(a.c.name).limit(limit).offset(offset)).mappings()
    return [dict(r) for r in rows], total
