"""A workspace: a database plus an artifacts folder.

`loopline init` writes `workspace.json` into the folder when the database is not the default
SQLite file, so every later command run in that folder finds the same database;
`LOOPLINE_DATABASE_URL` (or a flag) overrides it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from loopline.annotate.cache import ServiceCache
from loopline.core.errors import LooplineError, NotFoundError
from loopline.store.engine import Database, create_database
from loopline.store.migrate import current_revision, head_revision, upgrade

DB_FILE = "loopline.db"
CONFIG_FILE = "workspace.json"


class WorkspaceError(LooplineError):
    """The folder is not a workspace, or its schema is older than this Loopline."""


@dataclass
class Workspace:
    root: Path
    url: str
    database: Database
    cache: ServiceCache = field(default_factory=ServiceCache)

    @property
    def datasets_dir(self) -> Path:
        return self.root / "datasets"

    def close(self) -> None:
        self.database.dispose()

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_one(
    ws: Workspace, read: Callable[..., dict[str, Any] | None], *, missing: str, **key: Any
) -> dict[str, Any]:
    """One row by a store lookup in a read transaction, or NotFoundError(`missing`)."""
    with ws.database.read() as conn:
        row = read(conn=conn, **key)
    if row is None:
        raise NotFoundError(missing)
    return row


def resolve_url(root: Path, database_url: str | None) -> str:
    """Flag or env first, then the folder's workspace.json, then the SQLite file."""
    if database_url:
        return database_url
    config = root / CONFIG_FILE
    if config.exists():
        url = orjson.loads(config.read_bytes()).get("database_url")
        if url:
            return str(url)
    return f"sqlite:///{(root / DB_FILE).resolve()}"


def init_workspace(
    root: Path, database_url: str | None = None, *, sqlite_synchronous: str = "NORMAL"
) -> tuple[Workspace, str | None, str]:
    """Create or upgrade a workspace; returns it with the revision before and after."""
    root.mkdir(parents=True, exist_ok=True)
    url = resolve_url(root, database_url)
    database = create_database(url, sqlite_synchronous=sqlite_synchronous)
    before = current_revision(database)
    upgrade(database)
    if database_url and not url.startswith("sqlite"):
        (root / CONFIG_FILE).write_bytes(orjson.dumps({"database_url": url}, option=orjson.OPT_INDENT_2))
    (root / "datasets").mkdir(exist_ok=True)
    return Workspace(root, url, database), before, head_revision()


def open_workspace(
    root: Path, database_url: str | None = None, *, sqlite_synchronous: str = "NORMAL", **engine_args: object
) -> Workspace:
    """Open an existing, up-to-date workspace, or say clearly why not."""
    url = resolve_url(root, database_url)
    if url.startswith("sqlite") and not database_url and not (root / DB_FILE).exists():
        raise WorkspaceError(f"{root.resolve()} is not a Loopline workspace: run `loopline init` there first")
    database = create_database(url, sqlite_synchronous=sqlite_synchronous, **engine_args)
    revision = current_revision(database)
    if revision != head_revision():
        database.dispose()
        what = "has no Loopline schema" if revision is None else f"is at schema {revision}"
        raise WorkspaceError(f"the database {what}; run `loopline init` to create or upgrade it")
    return Workspace(root, url, database)
