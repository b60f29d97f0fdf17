"""The web server's settings: read once from the environment (LOOPLINE_*) and `.env`."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from loopline.settings import normalize_database_url
from loopline.store.engine import POSTGRES_WRITE_LANES
from loopline.store.vacuumer import VACUUM_DEAD_ROWS


class WebSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LOOPLINE_", env_file=".env", extra="ignore")

    workspace: Path = Path(".")
    database_url: str | None = None
    sqlite_synchronous: Literal["NORMAL", "FULL"] = "NORMAL"
    session_days: float = Field(default=14, gt=0, description="How long a login lasts.")
    secure_cookies: Literal["auto", "always", "never"] = Field(
        default="auto", description="auto: Secure when the request came over HTTPS."
    )
    login_attempts: int = Field(default=10, ge=1, description="Failed logins allowed per window.")
    login_window_seconds: float = Field(default=300, gt=0)
    db_threads: int = Field(
        default=8, ge=1, le=64,
        description="PostgreSQL: threads running database calls. SQLite always runs them on the "
        "event loop's own thread (one writer; a pool only adds lock waits).",
    )
    db_mode: Literal["auto", "inline", "thread"] = Field(
        default="auto",
        description="auto: inline on SQLite, threads on PostgreSQL; thread on SQLite means one "
        "dedicated database thread.",
    )
    db_write_lanes: int = Field(
        default=POSTGRES_WRITE_LANES, ge=1, le=64,
        description="PostgreSQL: write transactions a server process runs at once; the writes of "
        "concurrent requests wait in these lanes and share their transactions (group commit).",
    )
    db_vacuum_rows: int = Field(
        default=VACUUM_DEAD_ROWS, ge=0,
        description="PostgreSQL: vacuum the queue's tables (task, assignment) from a background "
        "thread once they hold this many dead rows, so that claims do not slow down between "
        "autovacuum's rare passes; 0 leaves them to autovacuum.",
    )
    lease_sweep_seconds: float = Field(default=0.5, gt=0, description="How often lapsed leases return.")

    @field_validator("database_url")
    @classmethod
    def _normalize_url(cls, url: str | None) -> str | None:
        return normalize_database_url(url) if url else None
