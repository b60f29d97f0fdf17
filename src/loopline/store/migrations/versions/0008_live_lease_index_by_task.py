"""the live-lease index holds (annotator_id, task_id): closing a lease finds its entry directly

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23

Submit, skip and heartbeat find the lease by (task_id, annotator_id, status = 'leased'), and
PostgreSQL plans that through `ix_assignment_live_by_annotator`, the partial index of live
leases, which its statistics show holding a few rows per annotator. But closing a lease writes
a new version of the row that is not in the index, and the old version's entry stays until a
VACUUM. Those entries are not even marked dead by the scans that pass them, because every
claim inserts the annotator's next lease into the same leaf page. So each submit read every
lease the annotator had closed since the last vacuum, and visited its row: 627 entries per
annotate cycle on average, with the queue's tables vacuumed every 10,000 dead rows (8 workers,
measured with pg_stat_user_indexes). Keyed by task as well, the index leads the lookup straight
to the one entry, at no cost in size (the two integers fill the 8 bytes that one took with its
padding).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_LEASED = sa.text("status = 'leased'")
_INDEX = "ix_assignment_live_by_annotator"


def _recreate(columns: list[str]) -> None:
    op.drop_index(_INDEX, table_name="assignment")
    op.create_index(_INDEX, "assignment", columns, unique=False, sqlite_where=_LEASED, postgresql_where=_LEASED)


def upgrade() -> None:
    _recreate(["annotator_id", "task_id"])


def downgrade() -> None:
    _recreate(["annotator_id"])
