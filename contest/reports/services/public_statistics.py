"""What the organising committee publishes about a contest round ("thống kê công khai"): anyone
may read it, signed in or not.

Published, and only this (nothing here names a person beyond the public leaderboard):

* how many people took part (submitted a counted attempt) and how many attempts were started;
* people who took part per commune, ward or unit (the unit their counted attempt was made for),
  as counts: no rates and no ranks while the round is open (the collective standings are
  published on the leaderboard once it has ended);
* day by day in the province's time zone: attempts started and new participants;
* once the round has ended: the number of people who answered every question correctly (the
  prediction's truth, secret until then, see ``results.board_state``); once its results are
  final: the winners as the public leaderboard lists them (prize, rank, name, unit).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from contest.accounts.models import Unit
from contest.accounts.units import name_key
from contest.exams.models import Attempt, AttemptStatus, Exam, ExamKind, ExamStatus, Round
from contest.exams.services import results
from contest.reports import round_figures as rf
from contest.reports.services.round_report import PROVINCE_ZONE, daily


@dataclass(frozen=True)
class Winner:
    tier: str
    rank: int
    name: str
    unit: str


@dataclass(frozen=True)
class PublicStatistics:
    exam_id: int
    round_id: int
    round_name: str
    closed: bool
    participants: int  #: people with a counted, submitted attempt
    attempts: int  #: attempts started
    localities: list[tuple[str, int]]  #: (commune or unit, participants), most first
    days: list[rf.Day]
    all_correct: int | None  #: once the round has ended
    winners: list[Winner]  #: once its results are final


def public_exam(session: Session, exam_id: int) -> Exam | None:
    """A contest the public may read statistics of: published or archived, never a draft."""
    exam = session.get(Exam, exam_id)
    if exam is None or exam.kind != ExamKind.contest or exam.status == ExamStatus.draft:
        return None
    return exam


def opened_rounds(session: Session, exam: Exam, now: datetime) -> list[Round]:
    """The rounds that have opened, oldest first (an upcoming round has nothing to show)."""
    return list(session.exec(select(Round).where(Round.exam_id == exam.id, Round.opens_at <= now)
                             .order_by(Round.opens_at, Round.id)))


def localities(session: Session, round_: Round) -> list[tuple[str, int]]:
    """(unit name, people whose counted attempt was made for it), most first, then by name."""
    rows = session.exec(select(Unit.name, func.count()).select_from(Attempt).join(Unit, Unit.id == Attempt.unit_id)
                        .where(Attempt.round_id == round_.id, Attempt.counted,
                               Attempt.status == AttemptStatus.submitted)
                        .group_by(Unit.id, Unit.name)).all()
    return sorted(((name, int(n)) for name, n in rows), key=lambda item: (-item[1], name_key(item[0])))


def public_statistics(session: Session, exam: Exam, round_: Round, now: datetime,
                      zone: str = PROVINCE_ZONE) -> PublicStatistics:
    """The round's published figures (see the module's list)."""
    # One counted attempt per person: counting them counts people.
    counted, attempts = session.exec(select(
        func.count().filter(Attempt.counted, Attempt.status == AttemptStatus.submitted),
        func.count()).where(Attempt.round_id == round_.id)).one()
    closed = round_.is_closed(now)
    winners = [Winner(prize.tier, prize.rank, name, unit) for prize, name, unit in results.prizes(session, round_)] \
        if round_.finalized_at is not None else []
    return PublicStatistics(exam.id, round_.id, round_.name, closed, int(counted or 0), int(attempts or 0),
                            localities(session, round_), daily(session, round_, now, zone),
                            results.all_correct_count(session, round_) if closed else None, winners)
