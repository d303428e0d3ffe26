"""Question banks, their categories, questions and immutable published versions."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from contest.core.columns import enum_column
from contest.core.db import timestamp


class QuestionStatus(enum.StrEnum):
    """draft -> in_review -> published -> retired; a returned question goes back to draft."""

    draft = "draft"
    in_review = "in_review"
    published = "published"
    retired = "retired"


class QuestionBank(SQLModel, table=True):
    """A curated set of questions with an owner and reviewers, aimed at an audience.

    The audience is the public (contests) and/or job positions and fields (assessments).
    """

    __tablename__ = "question_bank"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    description: str = Field(default="", max_length=2000)
    owner_id: int = Field(foreign_key="app_user.id", index=True)
    #: Open to the public: contests and practice for citizens may draw from it.
    is_public: bool = False
    created_at: datetime = timestamp()


class BankReviewer(SQLModel, table=True):
    """A trainer who may approve questions of the bank (never their own)."""

    __tablename__ = "bank_reviewer"
    bank_id: int = Field(foreign_key="question_bank.id", primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", primary_key=True)


class BankPosition(SQLModel, table=True):
    __tablename__ = "bank_position"
    bank_id: int = Field(foreign_key="question_bank.id", primary_key=True)
    job_position_id: int = Field(foreign_key="job_position.id", primary_key=True)


class BankField(SQLModel, table=True):
    __tablename__ = "bank_field"
    bank_id: int = Field(foreign_key="question_bank.id", primary_key=True)
    field_id: int = Field(foreign_key="field.id", primary_key=True)


class Category(SQLModel, table=True):
    """A topic inside a bank; categories nest."""

    __table_args__ = (UniqueConstraint("bank_id", "parent_id", "name"),)
    id: int | None = Field(default=None, primary_key=True)
    bank_id: int = Field(foreign_key="question_bank.id", index=True)
    parent_id: int | None = Field(default=None, foreign_key="category.id")
    name: str = Field(max_length=200)


class Question(SQLModel, table=True):
    """The identity of a question across its versions, with what lists and filters need.

    ``head_version_id`` is the newest version (what authors edit); ``published_version_id`` is
    the version exams draw (it stays while a newer draft is being written and reviewed).
    ``lock`` increases on every change so a stale edit form is refused instead of overwriting.
    Type, difficulty, status and ``search_text`` mirror the head version for filtering.
    """

    __table_args__ = (Index("ix_question_bank_status", "bank_id", "status"),)
    id: int | None = Field(default=None, primary_key=True)
    bank_id: int = Field(foreign_key="question_bank.id")
    category_id: int | None = Field(default=None, foreign_key="category.id", index=True)
    head_version_id: int | None = Field(default=None, sa_column=Column(
        Integer, ForeignKey("question_version.id", use_alter=True, name="fk_question_head_version")))
    published_version_id: int | None = Field(default=None, sa_column=Column(
        Integer, ForeignKey("question_version.id", use_alter=True,
                            name="fk_question_published_version"), index=True))
    status: QuestionStatus = Field(sa_column=enum_column(QuestionStatus, "question_status",
                                                         nullable=False))
    type: str = Field(max_length=30)
    difficulty: str = Field(max_length=10)
    #: Title, stem and tags folded (lower case, no diacritics) for search.
    search_text: str = Field(default="")
    lock: int = 1
    created_by: int = Field(foreign_key="app_user.id")
    created_at: datetime = timestamp()
    updated_at: datetime = timestamp()


class QuestionVersion(SQLModel, table=True):
    """One version of a question. Once published it never changes: a new edit is a new version."""

    __tablename__ = "question_version"
    __table_args__ = (UniqueConstraint("question_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    question_id: int = Field(foreign_key="question.id", index=True)
    number: int
    status: QuestionStatus = Field(sa_column=enum_column(QuestionStatus, "version_status",
                                                         nullable=False))
    type: str = Field(max_length=30)
    title: str = Field(default="", max_length=255)
    stem: str  #: sanitized HTML
    #: The type-specific answer data of a QuestionRecord (choices, pairs, ...), keys included.
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    explanation: str = ""
    difficulty: str = Field(max_length=10)
    tags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_by: int = Field(foreign_key="app_user.id")
    created_at: datetime = timestamp()
    submitted_at: datetime | None = timestamp(nullable=True)
    reviewed_by: int | None = Field(default=None, foreign_key="app_user.id")
    reviewed_at: datetime | None = timestamp(nullable=True)
    review_comment: str = Field(default="", max_length=2000)


class QuestionPosition(SQLModel, table=True):
    __tablename__ = "question_position"
    question_id: int = Field(foreign_key="question.id", primary_key=True)
    job_position_id: int = Field(foreign_key="job_position.id", primary_key=True, index=True)


class QuestionField(SQLModel, table=True):
    __tablename__ = "question_field"
    question_id: int = Field(foreign_key="question.id", primary_key=True)
    field_id: int = Field(foreign_key="field.id", primary_key=True, index=True)


class QuestionTag(SQLModel, table=True):
    """A tag of a question's head version, lower-cased, for filtering and bulk tagging."""

    __tablename__ = "question_tag"
    question_id: int = Field(foreign_key="question.id", primary_key=True)
    tag: str = Field(max_length=60, primary_key=True, index=True)


class BankImage(SQLModel, table=True):
    """An image used in stems, stored in the database so every app host can serve it."""

    __tablename__ = "bank_image"
    id: int | None = Field(default=None, primary_key=True)
    bank_id: int = Field(foreign_key="question_bank.id", index=True)
    name: str = Field(max_length=200)
    content_type: str = Field(max_length=40)
    sha256: str = Field(max_length=64, index=True)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    uploaded_by: int | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = timestamp()


class ImportLog(SQLModel, table=True):
    """Who imported which file into which bank, when, and what came of it."""

    __tablename__ = "import_log"
    id: int | None = Field(default=None, primary_key=True)
    bank_id: int = Field(foreign_key="question_bank.id", index=True)
    user_id: int | None = Field(default=None, foreign_key="app_user.id")
    filename: str = Field(max_length=255)
    format: str = Field(max_length=20)
    questions: int = 0
    skipped: int = 0
    errors: int = 0
    counts: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = timestamp()


class QuestionFlag(SQLModel, table=True):
    """A reason to look at a question version again ("cần xem lại"), raised by the item analysis
    of an exam that drew it (negative discrimination, weak discrimination, too hard or too easy,
    drift between rounds). The reports package computes the flags and replaces an exam's rows as
    a whole each time; the bank only shows them, linking to that exam's analysis."""

    __tablename__ = "question_flag"
    __table_args__ = (UniqueConstraint("version_id", "exam_id", "reason"),)
    id: int | None = Field(default=None, primary_key=True)
    question_id: int = Field(foreign_key="question.id", index=True)
    version_id: int = Field(foreign_key="question_version.id")
    #: The exam whose analysis raised it (no foreign key: the bank knows nothing of exams).
    exam_id: int = Field(index=True)
    #: The rule's code (``contest.reports.item_analysis.FlagReason``).
    reason: str = Field(max_length=40)
    #: The reason in Vietnamese, untranslated (a message id: translated where it is shown).
    message: str = Field(max_length=300)
    #: The figures behind it, e.g. {"discrimination": -42.5}.
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    computed_at: datetime = timestamp()
