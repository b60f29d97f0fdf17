"""one index of live leases: the expiry sweep reads the annotator index's live leases too

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23

`ix_assignment_lease_expiry` and `ix_assignment_live_by_annotator` held the same rows, the
live leases, so every claim added an entry to both and every submit removed it from both: on
SQLite two more pages written per annotate cycle, in the commit and again when the log is
checkpointed. The live leases are a few per active annotator, so the expiry sweep reads all
of them from the one index that stays (a partial index) instead of a range of the other.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_LEASED = sa.text("status = 'leased'")


def upgrade() -> None:
    op.drop_index("ix_assignment_lease_expiry", table_name="assignment")


def downgrade() -> None:
    op.create_index(
        "ix_assignment_lease_expiry", "assignment", ["expires_at"], unique=False,
        sqlite_where=_LEASED, postgresql_where=_LEASED,
    )
