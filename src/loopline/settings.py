"""Settings read once from the environment (and `.env`): where the workspace lives."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LOOPLINE_", env_file=".env", extra="ignore")

    workspace: Path = Path(".")
    database_url: str | None = None
    sqlite_synchronous: Literal["NORMAL", "FULL"] = "NORMAL"

    @field_validator("database_url")
    @classmethod
    def _normalize_url(cls, url: str | None) -> str | None:
        return normalize_database_url(url) if url else None


def normalize_database_url(url: str) -> str:
    """Accept the URLs people paste (`postgres://`, `postgresql://`) and pick psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
