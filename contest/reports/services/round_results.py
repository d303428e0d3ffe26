"""A round's results read in batches for a download: every counted attempt in rank order with
what the organiser needs to reach a winner. The ranking is the leaderboard's own
(``results.ranks``: the stored final ranks once the round is closed, else the live order), read
as it is sent, so 100,000 attempts never sit in memory together."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from contest.accounts.models import Unit, User
from contest.exams.models import Attempt, Prize, Round
from contest.exams.services import results

#: Attempts read at a time.
BATCH = 2_000


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
    """Every counted attempt of the round, best first (``results.ranks``: the leaderboard's
    order), ties by attempt id as on the board.

    The ranking alone (attempt id, rank) is read through one cursor, ``batch`` rows at a time
    (server-side on PostgreSQL); each batch's details are then fetched by id. The first rows
    leave once the ranking is sorted, without first joining every attempt to its person."""
    ranked = results.ranks(session, round_)
    order = session.execute(select(ranked.c.attempt_id, ranked.c.rank).order_by(ranked.c.rank, ranked.c.attempt_id)
                            .execution_options(yield_per=batch))
    parent = aliased(Unit)
    details = (select(Attempt.id, User.full_name, Prize.tier, User.phone, User.email, Unit.name, parent.name,
                      Attempt.score, Attempt.max_score, Attempt.correct_count, Attempt.question_count,
                      Attempt.prediction, Attempt.duration_seconds, Attempt.submitted_at)
               .join(User, User.id == Attempt.user_id)
               .outerjoin(Prize, Prize.attempt_id == Attempt.id)
               .outerjoin(Unit, Unit.id == Attempt.unit_id)
               .outerjoin(parent, parent.id == Unit.parent_id))
    for part in order.partitions():
        found = {row[0]: row[1:] for row in session.execute(details.where(Attempt.id.in_([r[0] for r in part])))}
        for attempt_id, rank in part:
            (name, tier, phone, email, unit, above, score, max_score, correct, count, prediction, duration,
             submitted_at) = found[attempt_id]
            yield ResultLine(rank or 0, name, tier or "", phone or "", email or "", unit or "", above or "", score,
                             max_score, correct, count, prediction, duration, submitted_at)
