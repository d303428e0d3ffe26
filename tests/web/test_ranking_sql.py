"""The database ranks exactly as the pure ranking function does (its docstring is the rule)."""

import random
from datetime import timedelta

import pytest
from sqlmodel import select

from contest.core.db import utcnow
from contest.exams import ranking
from contest.exams.models import Attempt, AttemptStatus, SubmittedBy
from contest.exams.services import results


@pytest.fixture
def crowd(factory, session):
    """A round with 300 submitted attempts full of ties on every level of the tie-break."""
    exam, round_ = factory.exam("contest", questions=1)
    rng = random.Random(5)
    start = utcnow() - timedelta(hours=1)
    for n in range(300):
        user = factory.user()
        correct = rng.choice([8, 9, 10, 10])
        session.add(Attempt(round_id=round_.id, user_id=user.id, unit_id=user.unit_id, seed=n,
                            status=AttemptStatus.submitted, started_at=start, deadline=start + timedelta(hours=2),
                            submitted_at=start + timedelta(seconds=rng.choice([100, 200, 300])),
                            submitted_by=SubmittedBy.user,
                            score=float(correct), max_score=10.0, correct_count=correct, question_count=10,
                            duration_seconds=float(rng.choice([60, 90, 120])),
                            prediction=rng.choice([None, 70, 80, 90, 100, 110]), counted=True))
    session.commit()
    return round_


def pure_ranks(session, round_):
    attempts = session.exec(select(Attempt).where(Attempt.round_id == round_.id)).all()
    actual = sum(1 for a in attempts if a.all_correct)
    entries = [ranking.Entry(a.id, a.user_id, a.unit_id, a.score, a.prediction, a.duration_seconds,
                             a.submitted_at) for a in attempts]
    return {r.entry.attempt_id: r.rank for r in ranking.rank(entries, actual)}


def test_live_leaderboard_matches_the_pure_ranking(session, crowd):
    board = results.leaderboard(session, crowd, 1, page_size=1000)
    assert {row.attempt_id: row.rank for row in board.rows} == pure_ranks(session, crowd)
    assert [row.rank for row in board.rows] == sorted(row.rank for row in board.rows)


def test_final_ranks_match_and_one_persons_rank_agrees(session, crowd):
    expected = pure_ranks(session, crowd)
    someone = session.get(Attempt, next(iter(expected)))
    from contest.accounts.models import User

    person = session.get(User, someone.user_id)
    assert results.user_rank(session, crowd, person) == expected[someone.id]
    results.finalize_round(session, crowd, utcnow())
    session.commit()
    session.expire_all()
    stored = {a.id: a.final_rank for a in session.exec(select(Attempt).where(Attempt.round_id == crowd.id))}
    assert stored == expected
