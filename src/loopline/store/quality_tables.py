"""Quality tables: gold answers, honeypot repeats, reviews and anomaly flags.

Gold and honeypot tasks are ordinary `task` rows with status `gold` or `honeypot`: the claim
index holds only `open` rows, so the normal claim never sees them, they never reach `done`
(their `needed` is out of reach) and so never enter an export; the queue hands them out
through their own statements (store/probes.py). What makes them special lives here, away from
the record an annotator is shown.
"""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from loopline.store.models import Base

GOLD = "gold"
HONEYPOT = "honeypot"
PROBE_NEEDED = 2**31 - 1  # `needed` of gold and honeypot tasks: they never complete


class GoldTask(Base):
    """A task with known answers (`{question: answer}`, possibly only some questions)."""

    __tablename__ = "gold_task"
    __table_args__ = (Index("ix_gold_task_project_id", "project_id"),)

    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    answers: Mapped[dict] = mapped_column()
    created_at: Mapped[float] = mapped_column(Float)


class Honeypot(Base):
    """A repeat of one annotator's earlier pairwise/ranking task with the responses reordered.

    `permutation[k]` is the original index of the response shown at position k, so an answer
    to the repeat maps back onto the original's response order.
    """

    __tablename__ = "honeypot"
    __table_args__ = (Index("ix_honeypot_annotator_id_project_id", "annotator_id", "project_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotator.id"))
    source_annotation_id: Mapped[int] = mapped_column(ForeignKey("annotation.id", ondelete="CASCADE"), unique=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), unique=True)
    permutation: Mapped[list] = mapped_column()
    not_before: Mapped[float] = mapped_column(Float)
    created_at: Mapped[float] = mapped_column(Float)


class Review(Base):
    """One annotation sent to review, and the reviewer's verdict.

    status: pending, leased (a reviewer holds it until `expires_at`), accepted, rejected,
    corrected. A correction is stored here, beside the original annotation, never over it.
    """

    __tablename__ = "review"
    __table_args__ = (Index("ix_review_project_id_status", "project_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    annotation_id: Mapped[int] = mapped_column(ForeignKey("annotation.id", ondelete="CASCADE"), unique=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"))
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotator.id"))
    reason: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("annotator.id"), nullable=True)
    expires_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    correction: Mapped[dict | None] = mapped_column(nullable=True)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[float] = mapped_column(Float)
    decided_at: Mapped[float | None] = mapped_column(Float, nullable=True)


class AnnotatorFlag(Base):
    """The latest anomaly flag of one kind for one annotator in one project."""

    __tablename__ = "annotator_flag"
    __table_args__ = (UniqueConstraint("project_id", "annotator_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotator.id"))
    kind: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str] = mapped_column(Text)
    metrics: Mapped[dict] = mapped_column()
    created_at: Mapped[float] = mapped_column(Float)


gold_task_table = GoldTask.__table__
honeypot_table = Honeypot.__table__
review_table = Review.__table__
annotator_flag_table = AnnotatorFlag.__table__
