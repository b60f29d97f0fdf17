"""Alembic environment: always run on the connection Loopline hands over (see store/migrate.py)."""

from __future__ import annotations

from alembic import context

from loopline.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # `alembic` CLI use: build an engine from the ini's URL
        from loopline.store.engine import create_database

        database = create_database(config.get_main_option("sqlalchemy.url"))
        with database.engine.begin() as conn:
            _run(conn)
        return
    _run(connection)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
