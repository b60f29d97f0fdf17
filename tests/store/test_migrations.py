"""The schema comes from Alembic migrations, and the migrations match the models."""

from __future__ import annotations

import re

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from loopline.store.engine import create_database
from loopline.store.migrate import current_revision, head_revision, upgrade
from loopline.store.models import Base
from loopline.store.queue import _EXPIRE, _claim_sql


def test_upgrade_creates_every_table(database_url):
    """`upgrade` on an empty database creates every table at the head revision."""
    db = create_database(database_url)
    upgrade(db)
    assert current_revision(db) == head_revision()
    with db.read() as conn:
        names = set(inspect(conn).get_table_names())
    assert {t.name for t in Base.metadata.sorted_tables} <= names
    db.dispose()


def test_migrations_match_models(database_url):
    """Autogenerate finds nothing to change after the migrations ran."""
    db = create_database(database_url)
    upgrade(db)
    with db.read() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        indexes = {ix["name"] for ix in inspect(conn).get_indexes("task")}
    # Alembic cannot reflect an expression index (priority DESC), so it reports it as both
    # missing and extra; check that one by name instead.
    assert [d for d in diff if "ix_task_claimable" not in repr(d)] == []
    assert "ix_task_claimable" in indexes
    db.dispose()


def test_upgrade_twice_is_harmless(database_url):
    """Running init on an up-to-date workspace changes nothing."""
    db = create_database(database_url)
    upgrade(db)
    upgrade(db)
    assert current_revision(db) == head_revision()
    db.dispose()


def test_claim_uses_partial_index_on_sqlite(tmp_path):
    """SQLite plans the claim through ix_task_claimable, not a scan of the task table."""
    db = create_database(f"sqlite:///{tmp_path / 'x.db'}")
    upgrade(db)
    with db.read() as conn:
        plan = conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN " + _claim_sql("{candidate}", "any", 0, lock=False),
            {"project_id": 1, "annotator_id": 1},
        ).all()
    text = " ".join(str(r[-1]) for r in plan)
    assert "ix_task_claimable" in text and "SCAN t" not in text.replace("USING INDEX", ""), text
    assert "SCAN a" not in text and "sqlite_autoindex_assignment_1" in text, text
    db.dispose()


@pytest.mark.parametrize(("query", "index"), [
    (("SELECT a.task_id FROM assignment a JOIN task t ON t.id = a.task_id"
      " WHERE a.annotator_id = 1 AND a.status = 'leased' AND t.project_id = 1"), "ix_assignment_live_by_annotator"),
    ("SELECT task_id FROM assignment WHERE status = 'leased' AND expires_at < 5", "ix_assignment_live_by_annotator"),
    (_EXPIRE.text, "ix_assignment_live_by_annotator"),
    ("SELECT project_id, count(*) FROM task WHERE status = 'open' GROUP BY project_id", "ix_task_claimable"),
    ("SELECT status, count(*), sum(submitted) FROM task WHERE project_id = 1 GROUP BY status", "sqlite_autoindex_task_1"),
])
def test_lookups_stay_index_backed_on_sqlite(tmp_path, query, index):
    """Migrations 0005 and 0006 dropped the indexes that held a task's or an assignment's
    status or a lease's expiry (they moved on every claim and submit); the lookups that used
    them still go through an index."""
    db = create_database(f"sqlite:///{tmp_path / 'x.db'}")
    upgrade(db)
    with db.read() as conn:
        plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {query}", {"now": 5}).all())
    assert index in plan and not re.search(r"SCAN (task|assignment)\b(?! USING)", plan), plan
    db.dispose()


def test_lean_queue_indexes_upgrade_and_downgrade(database_url):
    """A workspace made before 0005 upgrades in place, and 0005 downgrades cleanly."""
    from alembic import command

    from loopline.store.migrate import alembic_config

    db = create_database(database_url)

    def indexes() -> set[str]:
        with db.read() as conn:
            found = inspect(conn)
            return {ix["name"] for table in ("task", "assignment") for ix in found.get_indexes(table)}

    upgrade(db, "0004")
    assert {"ix_task_project_id_status", "ix_assignment_annotator_id_status"} <= indexes()
    upgrade(db)
    after = indexes()
    assert "ix_assignment_live_by_annotator" in after
    assert not {"ix_task_project_id_status", "ix_assignment_annotator_id_status"} & after
    config = alembic_config()
    with db.write() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0004")
    assert {"ix_task_project_id_status", "ix_assignment_annotator_id_status"} <= indexes()
    assert "ix_assignment_live_by_annotator" not in indexes()
    db.dispose()


def test_one_live_lease_index_upgrade_and_downgrade(database_url):
    """0006 drops the expiry index of a 0005 workspace in place; its downgrade puts it back."""
    from alembic import command

    from loopline.store.migrate import alembic_config

    db = create_database(database_url)

    def indexes() -> set[str]:
        with db.read() as conn:
            return {ix["name"] for ix in inspect(conn).get_indexes("assignment")}

    upgrade(db, "0005")
    assert {"ix_assignment_lease_expiry", "ix_assignment_live_by_annotator"} <= indexes()
    upgrade(db)
    assert "ix_assignment_lease_expiry" not in indexes() and "ix_assignment_live_by_annotator" in indexes()
    config = alembic_config()
    with db.write() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0005")
    assert {"ix_assignment_lease_expiry", "ix_assignment_live_by_annotator"} <= indexes()
    db.dispose()


def test_queue_autovacuum_options_upgrade_and_downgrade(database_url):
    """0007 has PostgreSQL autovacuum the queue's tables after a fixed number of dead rows,
    indexes included; its downgrade resets them. On SQLite it changes nothing."""
    from alembic import command

    from loopline.store.migrate import alembic_config

    db = create_database(database_url)

    def options() -> dict[str, set[str]]:
        if db.is_sqlite:
            return {}
        with db.read() as conn:
            return {
                table: set(conn.exec_driver_sql(
                    f"SELECT reloptions FROM pg_class WHERE oid = to_regclass('{table}')"
                ).scalar_one() or [])
                for table in ("task", "assignment")
            }

    upgrade(db)
    wanted = {"autovacuum_vacuum_scale_factor=0", "autovacuum_vacuum_threshold=10000", "vacuum_index_cleanup=on"}
    assert all(found == wanted for found in options().values()), options()
    config = alembic_config()
    with db.write() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0006")
    assert current_revision(db) == "0006"
    assert all(found == set() for found in options().values()), options()
    db.dispose()


def test_live_lease_index_by_task_upgrade_and_downgrade(database_url):
    """0008 keys the live-lease index by (annotator_id, task_id); its downgrade by annotator alone."""
    from alembic import command

    from loopline.store.migrate import alembic_config

    db = create_database(database_url)

    def columns() -> list[str]:
        with db.read() as conn:
            (index,) = [ix for ix in inspect(conn).get_indexes("assignment") if ix["name"] == "ix_assignment_live_by_annotator"]
            return list(index["column_names"])

    upgrade(db, "0007")
    assert columns() == ["annotator_id"]
    upgrade(db)
    assert columns() == ["annotator_id", "task_id"]
    config = alembic_config()
    with db.write() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0007")
    assert columns() == ["annotator_id"]
    db.dispose()
