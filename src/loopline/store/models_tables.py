"""The model registry's table: one row per model version, with its lineage.

A model version is immutable once trained (weights live in the workspace's `models/` folder);
only its `status` and the list of `evaluations` grow. `name` groups the versions of one model
line (for example `shop-support`), so promoting one retires the line's previous promoted version.
"""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from loopline.store.models import Base


class ModelVersion(Base):
    __tablename__ = "model_version"
    __table_args__ = (Index("ix_model_version_name_status", "name", "status"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    path: Mapped[str] = mapped_column(Text)
    base_model: Mapped[str] = mapped_column(Text)
    algorithm: Mapped[str] = mapped_column(String(20))
    dataset_versions: Mapped[list] = mapped_column(default=list)
    config: Mapped[dict] = mapped_column(default=dict)
    metrics: Mapped[dict] = mapped_column(default=dict)
    evaluations: Mapped[list] = mapped_column(default=list)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("model_version.id"), nullable=True)
    status: Mapped[str] = mapped_column(String(10), default="candidate")
    created_at: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)


model_version_table = ModelVersion.__table__
