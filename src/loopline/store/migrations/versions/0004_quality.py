"""quality: gold_task, honeypot, review, annotator_flag

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "gold_task",
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("answers", JSON, nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"], name=op.f("fk_gold_task_project_id_project"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["task_id"], ["task.id"], name=op.f("fk_gold_task_task_id_task"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("task_id", name=op.f("pk_gold_task")),
    )
    op.create_index("ix_gold_task_project_id", "gold_task", ["project_id"], unique=False)
    op.create_table(
        "honeypot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("annotator_id", sa.Integer(), nullable=False),
        sa.Column("source_annotation_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("permutation", JSON, nullable=False),
        sa.Column("not_before", sa.Float(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["annotator_id"], ["annotator.id"], name=op.f("fk_honeypot_annotator_id_annotator")),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"], name=op.f("fk_honeypot_project_id_project"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["source_annotation_id"], ["annotation.id"], name=op.f("fk_honeypot_source_annotation_id_annotation"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["task_id"], ["task.id"], name=op.f("fk_honeypot_task_id_task"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_honeypot")),
        sa.UniqueConstraint("source_annotation_id", name=op.f("uq_honeypot_source_annotation_id")),
        sa.UniqueConstraint("task_id", name=op.f("uq_honeypot_task_id")),
    )
    op.create_index("ix_honeypot_annotator_id_project_id", "honeypot", ["annotator_id", "project_id"], unique=False)
    op.create_table(
        "review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("annotation_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("annotator_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("expires_at", sa.Float(), nullable=True),
        sa.Column("correction", JSON, nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("decided_at", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["annotation_id"], ["annotation.id"], name=op.f("fk_review_annotation_id_annotation"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["annotator_id"], ["annotator.id"], name=op.f("fk_review_annotator_id_annotator")),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"], name=op.f("fk_review_project_id_project"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["reviewer_id"], ["annotator.id"], name=op.f("fk_review_reviewer_id_annotator")),
        sa.ForeignKeyConstraint(["task_id"], ["task.id"], name=op.f("fk_review_task_id_task"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review")),
        sa.UniqueConstraint("annotation_id", name=op.f("uq_review_annotation_id")),
    )
    op.create_index("ix_review_project_id_status", "review", ["project_id", "status"], unique=False)
    op.create_table(
        "annotator_flag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("annotator_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("metrics", JSON, nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["annotator_id"], ["annotator.id"], name=op.f("fk_annotator_flag_annotator_id_annotator")),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"], name=op.f("fk_annotator_flag_project_id_project"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annotator_flag")),
        sa.UniqueConstraint("project_id", "annotator_id", "kind", name=op.f("uq_annotator_flag_project_id_annotator_id_kind")),
    )


def downgrade() -> None:
    op.drop_table("annotator_flag")
    op.drop_index("ix_review_project_id_status", table_name="review")
    op.drop_table("review")
    op.drop_index("ix_honeypot_annotator_id_project_id", table_name="honeypot")
    op.drop_table("honeypot")
    op.drop_index("ix_gold_task_project_id", table_name="gold_task")
    op.drop_table("gold_task")
