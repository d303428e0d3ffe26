"""A round's results read in batches for a download: every counted attempt in rank order with
what the organiser needs to reach a winner. The ranking is the leaderboard's own
(``results.leaderboard``: the stored final ranks once the round is closed, else the live order),
read a page at a time, so 100,000 attempts never sit in memory together."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from contest.accounts.models import Unit, User
from contest.exams.models import Attempt, Prize, Round
from contest.exams.services import results

#: Attempts read per page of the leaderboard.
BATCH = 5_000


@dataclass(frozen=True)
class ResultLine:
    rank: int
    full_name: str
    prize: str
    phone: str
    email: str
    unit: str
    parent_unit: str
    score: float
    max_score: float
    correct_count: int
    question_count: int
    prediction: int | None
    duration_seconds: float | None
    submitted_at: datetime | None


def result_lines(session: Session, round_: Round, batch: int = BATCH) -> Iterator[ResultLine]:
    """Every counted attempt of the round, best first (see ``results.leaderboard``)."""
    page = 1
    while True:
        board = results.leaderboard(session, round_, page, page_size=batch)
        contacts = _contacts(session, round_, [row.attempt_id for row in board.rows])
        for row in board.rows:
            prize, phone, email, parent = contacts.get(row.attempt_id, ("", "", "", ""))
            yield ResultLine(row.rank, row.full_name, prize, phone, email, row.unit, parent, row.score,
                             row.max_score, row.correct_count, row.question_count, row.prediction,
                             row.duration_seconds, row.submitted_at)
        if page >= board.pages:
            return
        page += 1


def _contacts(session: Session, round_: Round, attempt_ids: list[int]) -> dict[int, tuple[str, str, str, str]]:
    """attempt id -> (prize, phone, email, the unit above the attempt's unit)."""
    if not attempt_ids:
        return {}
    parent = aliased(Unit)
    rows = session.exec(
        select(Attempt.id, Prize.tier, User.phone, User.email, parent.name)
        .join(User, User.id == Attempt.user_id)
        .outerjoin(Prize, Prize.attempt_id == Attempt.id)
        .outerjoin(Unit, Unit.id == Attempt.unit_id)
        .outerjoin(parent, parent.id == Unit.parent_id)
        .where(Attempt.round_id == round_.id, Attempt.id.in_(attempt_ids))).all()
    return {attempt_id: (tier or "", phone or "", email or "", above or "")
            for attempt_id, tier, phone, email, above in rows}
