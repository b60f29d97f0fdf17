"""Create or upgrade a workspace schema with Alembic (never `create_all`)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from loopline.store.engine import Database

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(database: Database, revision: str = "heads") -> None:
    config = alembic_config()
    with database.write() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def current_revision(database: Database) -> str | None:
    """The revision the database is at; `a+b` when parts of the schema live on branches."""
    with database.read() as conn:
        heads = MigrationContext.configure(conn).get_current_heads()
    return "+".join(sorted(heads)) or None


def head_revision() -> str:
    """The newest revision of the code; `a+b` when parts of the schema live on branches."""
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert heads, "no migrations found"
    return "+".join(sorted(heads))
