"""What to offer whom: open rounds of exams, with participation counts, and who may see an
exam's page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from contest.accounts.models import Role, User
from contest.exams.models import Attempt, Exam, ExamKind, ExamStatus, Round, RoundState
from contest.exams.services.eligibility import exams_for, is_eligible


@dataclass
class Offer:
    exam: Exam
    round: Round | None  #: the open round, or the next one to open
    participants: int


def _current(rounds: list[Round], now: datetime) -> Round | None:
    open_ = [r for r in rounds if r.state(now) == RoundState.open]
    upcoming = [r for r in rounds if r.state(now) == RoundState.upcoming]
    return (open_ or upcoming or rounds[-1:] or [None])[0]


def current_round(session: Session, exam: Exam, now: datetime) -> Round | None:
    """The open round, else the next to open, else the latest closed one."""
    rounds = session.exec(select(Round).where(Round.exam_id == exam.id)
                          .order_by(Round.opens_at, Round.id)).all()
    return _current(list(rounds), now)


def _offers(session: Session, exams: list[Exam], now: datetime) -> list[Offer]:
    """Each exam with its ``current_round`` and the people who started in that round: two
    queries for the whole list."""
    rounds: dict[int, list[Round]] = {exam.id: [] for exam in exams}
    if rounds:
        for round_ in session.exec(select(Round).where(Round.exam_id.in_(list(rounds)))
                                   .order_by(Round.opens_at, Round.id)):
            rounds[round_.exam_id].append(round_)
    current = {exam_id: _current(items, now) for exam_id, items in rounds.items()}
    round_ids = [r.id for r in current.values() if r is not None]
    people = dict(session.exec(select(Attempt.round_id, func.count(func.distinct(Attempt.user_id)))
                               .where(Attempt.round_id.in_(round_ids))
                               .group_by(Attempt.round_id)).all()) if round_ids else {}
    return [Offer(exam, current[exam.id], people.get(getattr(current[exam.id], "id", None), 0))
            for exam in exams]


def still_to_take(round_: Round | None, now: datetime) -> bool:
    """Whether a round can still be taken: open now, or opening later. A round that has ended
    (or was closed and finalized before its closing time) is over."""
    return round_ is not None and not round_.is_closed(now)


def open_offers(offers: list[Offer], now: datetime) -> list[Offer]:
    """The offers whose round is open or upcoming (what "Cuộc thi đang mở" may list)."""
    return [offer for offer in offers if still_to_take(offer.round, now)]


def public_contests(session: Session, now: datetime) -> list[Offer]:
    """Published contests with an open or upcoming round, for the landing page."""
    exams = session.exec(select(Exam).where(Exam.kind == ExamKind.contest,
                                            Exam.status == ExamStatus.published)
                         .order_by(Exam.created_at.desc())).all()
    return open_offers(_offers(session, list(exams), now), now)


#: The most attempts an exam may allow (the database's check): what organisers set for "as many
#: as you like" (the demo practice does).
MOST_ATTEMPTS = 50


def confirms_start(exam: Exam) -> bool:
    """Whether "Thi ngay" asks first: starting spends one of the person's attempts of the round,
    so when they are limited (fewer than ``MOST_ATTEMPTS``) the page names the attempt about to
    be used ("lượt 1/3") and starts only on a second, deliberate click."""
    return exam.attempts_allowed < MOST_ATTEMPTS


def may_see_page(session: Session, exam: Exam, user: User | None) -> bool:
    """Whether ``user`` (None: an anonymous visitor) may see the exam's page (rules, schedule,
    participants, the start button).

    Contests and practice invite everyone, so their pages are public. An assessment is for the
    officials assigned to it and for staff (trainers, admins): nobody else learns of it, and an
    official who already sat it keeps the page of their attempts.
    """
    if exam.kind != ExamKind.assessment:
        return True
    if user is None:
        return False
    if user.role in (Role.trainer, Role.admin) or is_eligible(session, exam, user):
        return True
    sat = select(Attempt.id).join(Round, Round.id == Attempt.round_id).where(
        Round.exam_id == exam.id, Attempt.user_id == user.id).limit(1)
    return session.exec(sat).first() is not None


def offers_for(session: Session, user: User, kind: ExamKind, now: datetime) -> list[Offer]:
    """Published exams of ``kind`` that ``user`` may take, each with its current round."""
    return _offers(session, exams_for(session, user, kind), now)
