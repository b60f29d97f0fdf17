"""Global options, resolved once, and the workspace every command opens."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from loopline.settings import Settings, normalize_database_url


@dataclass
class CliState:
    root: Path
    database_url: str | None
    sqlite_synchronous: str

    @classmethod
    def from_options(cls, workspace: Path | None, database_url: str | None) -> "CliState":
        settings = Settings()
        url = database_url or settings.database_url
        return cls(
            root=workspace or settings.workspace,
            database_url=normalize_database_url(url) if url else None,
            sqlite_synchronous=settings.sqlite_synchronous,
        )

    def open(self):  # type: ignore[no-untyped-def]
        from loopline.annotate.workspace import open_workspace

        return open_workspace(self.root, self.database_url, sqlite_synchronous=self.sqlite_synchronous)
