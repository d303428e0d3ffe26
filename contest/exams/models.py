"""Exams (contest, assessment, practice), their rounds and draw rules, attempts and answers."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, ColumnElement, Index, UniqueConstraint, and_
from sqlmodel import Field, SQLModel

from contest.core.columns import enum_column
from contest.core.db import timestamp
from contest.core.i18n import N_


class ExamKind(enum.StrEnum):
    contest = "contest"
    assessment = "assessment"
    practice = "practice"

    @property
    def noun(self) -> str:
        """The kind in running text ("cuộc thi", "kỳ sát hạch", "bài luyện tập"): a message id,
        translated where it is shown."""
        return _KIND_NOUNS[self]


_KIND_NOUNS = {ExamKind.contest: N_("cuộc thi"), ExamKind.assessment: N_("kỳ sát hạch"),
               ExamKind.practice: N_("bài luyện tập")}


class ExamStatus(enum.StrEnum):
    """draft (being prepared, invisible to examinees) -> published -> archived."""

    draft = "draft"
    published = "published"
    archived = "archived"


class LeaderboardMode(enum.StrEnum):
    """live: shown and updated; frozen: shown as it stood at ``frozen_at``; hidden: until close."""

    live = "live"
    frozen = "frozen"
    hidden = "hidden"


class AttemptStatus(enum.StrEnum):
    in_progress = "in_progress"
    submitted = "submitted"


class SubmittedBy(enum.StrEnum):
    """Who ended an attempt: the person ("Nộp bài"), or the server at the deadline (which a round
    closed early moves to the moment of closing)."""

    user = "user"
    timeout = "timeout"


class RoundState(enum.StrEnum):
    """Where a round stands at a given moment (``Round.state``)."""

    upcoming = "upcoming"
    open = "open"
    closed = "closed"

    @property
    def label(self) -> str:
        """"Sắp mở", "Đang mở", "Đã đóng": a message id, translated where it is shown."""
        return _ROUND_STATE_LABELS[self]


_ROUND_STATE_LABELS = {RoundState.upcoming: N_("Sắp mở"), RoundState.open: N_("Đang mở"),
                       RoundState.closed: N_("Đã đóng")}


class Exam(SQLModel, table=True):
    """One exam of any kind; the kind decides eligibility, review defaults and results."""

    __table_args__ = (
        CheckConstraint("attempts_allowed BETWEEN 1 AND 50", name="attempts_allowed"),
        CheckConstraint("time_limit_seconds IS NULL OR time_limit_seconds > 0", name="time_limit"),
    )
    id: int | None = Field(default=None, primary_key=True)
    kind: ExamKind = Field(sa_column=enum_column(ExamKind, "exam_kind", nullable=False))
    status: ExamStatus = Field(sa_column=enum_column(ExamStatus, "exam_status", nullable=False))
    title: str = Field(max_length=200)
    #: "Thể lệ": sanitized HTML shown before starting.
    rules_html: str = ""
    time_limit_seconds: int | None = None
    attempts_allowed: int = 1
    #: Which attempt counts in results: highest, last or first.
    counted_attempt: str = Field(default="highest", max_length=10)
    shuffle_questions: bool = True
    shuffle_options: bool = True
    #: Assessments: share of the maximum score needed to pass (0..1).
    pass_ratio: float | None = None
    #: ReviewPolicy.to_dict(): what the examinee sees during, after submit, after close.
    review_policy: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    #: Contests: ask "how many people will answer every question correctly?" (tie-break).
    ask_prediction: bool = False
    leaderboard: LeaderboardMode = Field(default=LeaderboardMode.live, sa_column=enum_column(
        LeaderboardMode, "leaderboard_mode", nullable=False))
    #: [{"name": "Giải Nhất", "count": 1, "min_score": 9.0}, ...] in order; min_score is optional
    #: (without it a prize needs a score above zero).
    prize_tiers: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    #: Collective prizes by unit, [{"name": "Giải tập thể", "count": 3}, ...] in order, handed down
    #: the unit standings (``ranking.rank_units``).
    unit_prize_tiers: list[dict[str, Any]] = Field(default_factory=list,
                                                   sa_column=Column(JSON, nullable=False))
    #: Passing (an assessment) or winning a prize (a contest) earns a certificate, issued
    #: automatically when the attempt is submitted or the round's prizes are awarded.
    issues_certificate: bool = False
    created_by: int = Field(foreign_key="app_user.id")
    created_at: datetime = timestamp()


class Round(SQLModel, table=True):
    """A time window of an exam ("đợt thi", a contest's weekly round)."""

    __table_args__ = (CheckConstraint("closes_at > opens_at", name="window"),)
    id: int | None = Field(default=None, primary_key=True)
    exam_id: int = Field(foreign_key="exam.id", index=True)
    name: str = Field(max_length=120)
    opens_at: datetime = timestamp()
    closes_at: datetime = timestamp()
    #: Set when the round is closed and its results are final (ranks and prizes stored).
    finalized_at: datetime | None = timestamp(nullable=True)
    frozen_at: datetime | None = timestamp(nullable=True)
    #: After close: how many people answered every question correctly (the prediction's truth).
    all_correct_count: int | None = None

    def state(self, now: datetime) -> RoundState:
        """Upcoming before ``opens_at``, open until ``closes_at`` (excluded), closed after; a
        finalized round is closed whatever its times say. Every view and template asks this."""
        if self.finalized_at is not None or now >= self.closes_at:
            return RoundState.closed
        return RoundState.open if now >= self.opens_at else RoundState.upcoming

    def is_open(self, now: datetime) -> bool:
        return self.state(now) == RoundState.open

    def is_closed(self, now: datetime) -> bool:
        return self.state(now) == RoundState.closed

    @classmethod
    def not_closed(cls, now: datetime) -> ColumnElement[bool]:
        """SQL twin of ``state(now) != closed``: the round is upcoming or open."""
        return and_(cls.finalized_at.is_(None), cls.closes_at > now)


class DrawRule(SQLModel, table=True):
    """"Ma trận đề": draw ``count`` published questions of a bank (a category and its
    subcategories, a difficulty, when given), ``points`` each."""

    __tablename__ = "blueprint_rule"
    __table_args__ = (CheckConstraint("count > 0", name="count_positive"),
                      CheckConstraint("points >= 0", name="points_nonnegative"))
    id: int | None = Field(default=None, primary_key=True)
    exam_id: int = Field(foreign_key="exam.id", index=True)
    position: int = 0
    bank_id: int = Field(foreign_key="question_bank.id")
    category_id: int | None = Field(default=None, foreign_key="category.id")
    difficulty: str | None = Field(default=None, max_length=10)
    count: int
    points: float = 1.0




class FixedQuestion(SQLModel, table=True):
    """A question every attempt gets (its published version at start time)."""

    __tablename__ = "fixed_question"
    exam_id: int = Field(foreign_key="exam.id", primary_key=True)
    question_id: int = Field(foreign_key="question.id", primary_key=True)
    points: float = 1.0
    position: int = 0


class Assignment(SQLModel, table=True):
    """Who must sit an assessment: everyone matching all given criteria of a row (a unit with
    its sub-units, a job position, a field), or one named official. Rows add up."""

    id: int | None = Field(default=None, primary_key=True)
    exam_id: int = Field(foreign_key="exam.id", index=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    job_position_id: int | None = Field(default=None, foreign_key="job_position.id")
    field_id: int | None = Field(default=None, foreign_key="field.id")
    user_id: int | None = Field(default=None, foreign_key="app_user.id", index=True)


class Attempt(SQLModel, table=True):
    """One sitting. The seed replays the draw; the deadline is fixed at start by the server.

    ``number`` is the attempt's ordinal for this person in this round; the unique constraint
    makes the attempts limit hold even when two starts race. ``counted`` marks the attempt that
    counts in results under the exam's policy (one per person and round).
    """

    __table_args__ = (
        UniqueConstraint("round_id", "user_id", "number"),
        Index("ix_attempt_round_counted", "round_id", "counted", "score"),
        Index("ix_attempt_user_round", "user_id", "round_id"),
        Index("ix_attempt_open_deadline", "status", "deadline"),
        # The outcome fields are set together, by ``finish``, and only then.
        CheckConstraint("(status = 'in_progress' AND submitted_at IS NULL AND submitted_by IS NULL"
                        " AND duration_seconds IS NULL) OR (status = 'submitted' AND submitted_at IS NOT NULL"
                        " AND submitted_by IS NOT NULL AND duration_seconds IS NOT NULL)", name="outcome"),
        CheckConstraint("deadline >= started_at", name="deadline_after_start"),
        CheckConstraint("duration_seconds IS NULL OR duration_seconds >= 0", name="duration_nonnegative"),
        # Scores are rounded to 6 decimals (``attempts._score``), which may land just above an
        # unrounded maximum: the tolerance absorbs that.
        CheckConstraint("score >= 0 AND score <= max_score + 0.000001", name="score_range"),
        CheckConstraint("max_score >= 0", name="max_score_nonnegative"),
        CheckConstraint("prediction IS NULL OR prediction >= 0", name="prediction_nonnegative"),
    )
    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id")
    user_id: int = Field(foreign_key="app_user.id")
    #: The person's unit when they started (results per unit stay as they were).
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    number: int = 1
    seed: int
    status: AttemptStatus = Field(sa_column=enum_column(AttemptStatus, "attempt_status", nullable=False))
    started_at: datetime = timestamp()
    deadline: datetime = timestamp()
    #: When the attempt ended (never after its deadline); None while in progress.
    submitted_at: datetime | None = timestamp(nullable=True)
    #: Who ended it; None while in progress.
    submitted_by: SubmittedBy | None = Field(default=None, sa_column=enum_column(SubmittedBy, "submitted_by"))
    score: float = 0.0
    max_score: float = 0.0
    correct_count: int = 0
    question_count: int = 0
    pending_count: int = 0  #: essays waiting for a person to grade
    #: Seconds from start to ``submitted_at``; None while in progress.
    duration_seconds: float | None = None
    prediction: int | None = Field(default=None, ge=0)
    counted: bool = False
    final_rank: int | None = None

    @property
    def all_correct(self) -> bool:
        return self.question_count > 0 and self.correct_count == self.question_count

    @property
    def timed_out(self) -> bool:
        """Submitted by the server at the deadline (or at a round closed early), not the person."""
        return self.submitted_by == SubmittedBy.timeout

    def finish(self, now: datetime, by: SubmittedBy) -> dict[str, Any]:
        """End the attempt in progress: sets and returns its outcome fields.

        The rule: it is dated ``min(now, deadline)``, so an attempt the server closes late (or
        a submit arriving in the network grace) counts as ended at its deadline, holding what
        was saved before then; its duration runs from the start to that moment. The returned
        values are what a guarded ``UPDATE ... WHERE status = 'in_progress'`` writes
        (``attempts.submit``), so that two racing submits end it once.
        """
        if self.status != AttemptStatus.in_progress:
            raise ValueError(f"attempt {self.id} is not in progress")
        submitted_at = min(now, self.deadline)
        outcome = {"status": AttemptStatus.submitted, "submitted_at": submitted_at,
                   "submitted_by": SubmittedBy(by),
                   "duration_seconds": max(0.0, (submitted_at - self.started_at).total_seconds())}
        for name, value in outcome.items():
            setattr(self, name, value)
        return outcome


class AttemptQuestion(SQLModel, table=True):
    """A drawn question of an attempt, in its fixed position, with the saved answer."""

    __tablename__ = "attempt_question"
    __table_args__ = (UniqueConstraint("attempt_id", "position"),)
    id: int | None = Field(default=None, primary_key=True)
    attempt_id: int = Field(foreign_key="attempt.id")
    position: int
    question_id: int = Field(foreign_key="question.id")
    version_id: int = Field(foreign_key="question_version.id")
    points: float = 1.0
    response: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    answered_at: datetime | None = timestamp(nullable=True)
    flagged: bool = False
    #: Set by the submit, in the same transaction that scores: a save racing the submit waits for
    #: this row's lock and then sees it closed, so no acknowledged answer escapes the score.
    closed: bool = False
    fraction: float | None = None  #: credit after scoring; None while pending or unscored


class Prize(SQLModel, table=True):
    """A prize awarded from a closed round's ranking."""

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    attempt_id: int = Field(foreign_key="attempt.id")
    user_id: int = Field(foreign_key="app_user.id")
    tier: str = Field(max_length=80)
    rank: int


class UnitHeadcount(SQLModel, table=True):
    """How many people a unit counts in a round ("số người của đơn vị"), entered by the organiser:
    the denominator of the unit's participation rate for collective prizes (without it, the
    people registered in the unit)."""

    __tablename__ = "unit_headcount"
    __table_args__ = (CheckConstraint("headcount > 0", name="headcount_positive"),)
    round_id: int = Field(foreign_key="round.id", primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", primary_key=True)
    headcount: int


class UnitResult(SQLModel, table=True):
    """A unit's collective standing in a closed round, recorded when the round is closed: the
    figures, rank and collective prize are fixed from then on (later headcounts, registrations or
    moves of people change nothing)."""

    __tablename__ = "unit_result"
    round_id: int = Field(foreign_key="round.id", primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", primary_key=True)
    rank: int
    participants: int
    all_correct: int
    #: The headcount entered for the round (None: the unit's registered people were counted).
    headcount: int | None = None
    #: The unit's registered people when the round was closed.
    registered: int
    #: The collective prize won (None: none).
    prize: str | None = Field(default=None, max_length=80)
