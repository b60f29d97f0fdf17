"""Tables the web app's auth needs beside `annotator` (users are annotator rows).

- `credential`: one Argon2 password hash per user who may log in (simulated or imported
  annotators have none).
- `api_token`: tokens for scripts; only the SHA-256 of the token is stored (a token is 32
  random bytes, so a fast hash is enough; passwords need Argon2 because people pick them).
- `web_session`: server-side sessions; the cookie carries a random id, the row its SHA-256,
  the user, the CSRF token bound to it and the expiry. Logging out deletes the row.
- `project_member`: which users see which projects (admins see all).
"""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from loopline.store.models import Base


class Credential(Base):
    __tablename__ = "credential"

    annotator_id: Mapped[int] = mapped_column(
        ForeignKey("annotator.id", ondelete="CASCADE"), primary_key=True
    )
    password_hash: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[float] = mapped_column(Float)


class ApiToken(Base):
    __tablename__ = "api_token"
    __table_args__ = (Index("ix_api_token_annotator_id", "annotator_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotator.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[float] = mapped_column(Float)
    last_used_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    revoked_at: Mapped[float | None] = mapped_column(Float, nullable=True)


class WebSession(Base):
    __tablename__ = "web_session"
    __table_args__ = (Index("ix_web_session_annotator_id", "annotator_id"),)

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotator.id", ondelete="CASCADE"))
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[float] = mapped_column(Float)
    expires_at: Mapped[float] = mapped_column(Float)


class ProjectMember(Base):
    __tablename__ = "project_member"
    __table_args__ = (Index("ix_project_member_annotator_id", "annotator_id"),)

    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), primary_key=True
    )
    annotator_id: Mapped[int] = mapped_column(
        ForeignKey("annotator.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[float] = mapped_column(Float)


credential_table = Credential.__table__
api_token_table = ApiToken.__table__
web_session_table = WebSession.__table__
project_member_table = ProjectMember.__table__
