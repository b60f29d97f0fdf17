"""model registry: model_version

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "model_version",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("base_model", sa.Text(), nullable=False),
        sa.Column("algorithm", sa.String(length=20), nullable=False),
        sa.Column("dataset_versions", JSON, nullable=False),
        sa.Column("config", JSON, nullable=False),
        sa.Column("metrics", JSON, nullable=False),
        sa.Column("evaluations", JSON, nullable=False),
        sa.Column("parent_id", sa.String(length=40), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["model_version.id"], name=op.f("fk_model_version_parent_id_model_version")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_model_version")),
    )
    op.create_index("ix_model_version_name_status", "model_version", ["name", "status"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_model_version_name_status", table_name="model_version")
    op.drop_table("model_version")
