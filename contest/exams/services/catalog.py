"""What to offer whom: open rounds of exams, with participation counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from contest.accounts.models import User
from contest.exams.models import Attempt, Exam, ExamKind, ExamStatus, Round
from contest.exams.services.eligibility import exams_for


@dataclass
class Offer:
    exam: Exam
    round: Round | None  #: the open round, or the next one to open
    participants: int


def current_round(session: Session, exam: Exam, now: datetime) -> Round | None:
    """The open round, else the next to open, else the latest closed one."""
    rounds = session.exec(select(Round).where(Round.exam_id == exam.id).order_by(Round.opens_at)).all()
    open_ = [r for r in rounds if r.is_open(now)]
    upcoming = [r for r in rounds if r.opens_at > now]
    return (open_ or upcoming or rounds[-1:] or [None])[0]


def _participants(session: Session, round_: Round | None) -> int:
    if round_ is None:
        return 0
    return session.exec(select(func.count(func.distinct(Attempt.user_id)))
                        .where(Attempt.round_id == round_.id)).one()


def public_contests(session: Session, now: datetime) -> list[Offer]:
    """Published contests with an open or upcoming round, for the landing page."""
    exams = session.exec(select(Exam).where(Exam.kind == ExamKind.contest,
                                            Exam.status == ExamStatus.published)
                         .order_by(Exam.created_at.desc())).all()
    offers = []
    for exam in exams:
        round_ = current_round(session, exam, now)
        if round_ is not None and round_.closes_at > now:
            offers.append(Offer(exam, round_, _participants(session, round_)))
    return offers


def offers_for(session: Session, user: User, kind: ExamKind, now: datetime) -> list[Offer]:
    result = []
    for exam in exams_for(session, user, kind):
        round_ = current_round(session, exam, now)
        result.append(Offer(exam, round_, _participants(session, round_)))
    return result
