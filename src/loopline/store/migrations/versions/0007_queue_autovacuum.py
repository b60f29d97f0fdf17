"""autovacuum the queue's tables after a fixed number of dead rows, indexes included

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23

PostgreSQL only. Every claim leaves an entry of a dead row at the head of the claim index,
which each later claim reads until a VACUUM cleans the index (see `store.vacuumer`). By default
autovacuum waits until 20% of a table has changed, 200,000 rows of a queue of 1M tasks, and may
then leave the indexes alone because the dead rows sit on few pages. Here it comes after 10,000
dead rows whatever the table's size, and always cleans the indexes. `loopline serve` vacuums
these tables itself as well, sooner than autovacuum's once a minute at most.
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_TABLES = ("task", "assignment")
_OPTIONS = {
    "autovacuum_vacuum_scale_factor": "0",
    "autovacuum_vacuum_threshold": "10000",
    "vacuum_index_cleanup": "on",
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    options = ", ".join(f"{name} = {value}" for name, value in _OPTIONS.items())
    for table in _TABLES:
        op.execute(f"ALTER TABLE {table} SET ({options})")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in _TABLES:
        op.execute(f"ALTER TABLE {table} RESET ({', '.join(_OPTIONS)})")
