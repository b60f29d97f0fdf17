"""The workspace's tables.

Times are UTC epoch seconds (floats): the queue compares lease expiries on every claim, and a
plain number compares the same way on SQLite and PostgreSQL. JSON columns are JSONB on
PostgreSQL. Task counters (`leased`, `submitted`) are kept on the task row so a claim is one
indexed update instead of a count over assignments.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

JsonType = JSON().with_variant(JSONB(), "postgresql")

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict: JsonType, list: JsonType}


class Annotator(Base):
    __tablename__ = "annotator"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(20), default="annotator")
    skills: Mapped[list] = mapped_column(default=list)
    languages: Mapped[list] = mapped_column(default=list)
    trust: Mapped[float] = mapped_column(Float, default=1.0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[float] = mapped_column(Float)


class Record(Base):
    __tablename__ = "record"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    data: Mapped[dict] = mapped_column()
    conversational: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str | None] = mapped_column(Text, nullable=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("record.id"), nullable=True)
    created_at: Mapped[float] = mapped_column(Float)


class Project(Base):
    __tablename__ = "project"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    definition: Mapped[dict] = mapped_column()
    routes: Mapped[list] = mapped_column(default=list)
    created_at: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)


class Task(Base):
    """A record placed in a project's queue.

    status: `open` (a slot is free), `full` (every slot leased or submitted), `done` (it has
    `needed` submitted annotations). Only `open` rows are in the claim index. No other index
    holds the status: it changes on every claim and submit (see migration 0005).
    """

    __tablename__ = "task"
    __table_args__ = (
        UniqueConstraint("project_id", "record_id"),
        Index(
            "ix_task_claimable",
            "project_id",
            text("priority DESC"),
            "id",
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    record_id: Mapped[int] = mapped_column(ForeignKey("record.id"))
    status: Mapped[str] = mapped_column(String(8), default="open")
    priority: Mapped[int] = mapped_column(Integer, default=0)
    route: Mapped[str | None] = mapped_column(String(200), nullable=True)
    needed: Mapped[int] = mapped_column(Integer)
    leased: Mapped[int] = mapped_column(Integer, default=0)
    submitted: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[float] = mapped_column(Float)


class Assignment(Base):
    """An annotator's hold on a task (a lease) and what became of it.

    One row per (task, annotator) ever: that unique key is what guarantees an annotator never
    gets the same task twice. status: leased, submitted, skipped, expired.
    """

    __tablename__ = "assignment"
    __table_args__ = (
        UniqueConstraint("task_id", "annotator_id"),
        # The live leases, a few per active annotator: the expiry sweep reads them all; closing
        # a lease finds its entry by (annotator, task) past the dead entries of closed ones.
        Index(
            "ix_assignment_live_by_annotator",
            "annotator_id",
            "task_id",
            sqlite_where=text("status = 'leased'"),
            postgresql_where=text("status = 'leased'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"))
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotator.id"))
    status: Mapped[str] = mapped_column(String(10))
    expires_at: Mapped[float] = mapped_column(Float)
    created_at: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)


class Annotation(Base):
    """One annotator's validated answers to a task (from the queue, or imported)."""

    __tablename__ = "annotation"
    __table_args__ = (
        UniqueConstraint("task_id", "annotator_id"),
        UniqueConstraint("annotator_id", "client_key"),
        Index("ix_annotation_project_id_task_id", "project_id", "task_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"))
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotator.id"))
    answers: Mapped[dict] = mapped_column()
    client_key: Mapped[str | None] = mapped_column(String(100), nullable=True)
    origin: Mapped[str] = mapped_column(String(10), default="queue")
    duration: Mapped[float | None] = mapped_column(Float, nullable=True)
    created_at: Mapped[float] = mapped_column(Float)


class DatasetVersion(Base):
    __tablename__ = "dataset_version"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    format: Mapped[str] = mapped_column(String(20))
    projects: Mapped[list] = mapped_column()
    row_count: Mapped[int] = mapped_column(Integer)
    path: Mapped[str] = mapped_column(Text)
    manifest: Mapped[dict] = mapped_column()
    created_at: Mapped[float] = mapped_column(Float)


annotator_table = Annotator.__table__
record_table = Record.__table__
project_table = Project.__table__
task_table = Task.__table__
assignment_table = Assignment.__table__
annotation_table = Annotation.__table__
dataset_version_table = DatasetVersion.__table__

# Parts that add tables keep them in their own module beside this one (one import line each,
# so the whole schema is on Base.metadata for Alembic and the migration test).
from loopline.store import (
    auth_tables,  # noqa: F401
    models_tables,  # noqa: F401
    quality_tables,  # noqa: F401
)
