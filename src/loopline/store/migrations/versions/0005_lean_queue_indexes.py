"""lean queue indexes: drop task (project_id, status); assignment's annotator index holds live leases only

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23

Every claim and submit changes a task's status and an assignment's status. Each such change
moved an entry in `ix_task_project_id_status` and in `ix_assignment_annotator_id_status`, and
on PostgreSQL an update that changes an indexed column writes a new entry into every index of
the table. Nothing needed either index in that shape: a project's tasks are found through
`uq_task_project_id_record_id`, its open ones through `ix_task_claimable`, its probes through
`gold_task` and `honeypot`; assignments are looked up by annotator only for live leases.
The task index alone was a sixth of PostgreSQL's work in an import
(benchmarks/import_export.py).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_LEASED = sa.text("status = 'leased'")


def upgrade() -> None:
    op.drop_index("ix_task_project_id_status", table_name="task")
    op.drop_index("ix_assignment_annotator_id_status", table_name="assignment")
    op.create_index(
        "ix_assignment_live_by_annotator", "assignment", ["annotator_id"], unique=False,
        sqlite_where=_LEASED, postgresql_where=_LEASED,
    )


def downgrade() -> None:
    op.drop_index("ix_assignment_live_by_annotator", table_name="assignment")
    op.create_index("ix_assignment_annotator_id_status", "assignment", ["annotator_id", "status"], unique=False)
    op.create_index("ix_task_project_id_status", "task", ["project_id", "status"], unique=False)
