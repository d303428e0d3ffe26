"""The database refuses rounds and attempts that break the models' invariants, whatever path
writes them (the CHECK constraints of ``Round`` and ``Attempt``, migration 0009)."""

from datetime import timedelta

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from contest.core.db import utcnow
from contest.exams.models import Attempt, AttemptStatus, Round
from contest.exams.services.attempts import start_attempt, submit

NOW = utcnow().replace(microsecond=0)
IN_PROGRESS = {"status": "in_progress", "started_at": NOW, "deadline": NOW + timedelta(minutes=15)}
SUBMITTED = {"status": "submitted", "started_at": NOW, "deadline": NOW + timedelta(minutes=15),
             "submitted_at": NOW + timedelta(minutes=5), "submitted_by": "user", "duration_seconds": 300.0}


@pytest.mark.parametrize(
    ("row", "check"),
    [
        ({**SUBMITTED, "submitted_at": None}, "outcome"),
        ({**SUBMITTED, "submitted_by": None}, "outcome"),
        ({**SUBMITTED, "duration_seconds": None}, "outcome"),
        ({**IN_PROGRESS, "submitted_at": NOW}, "outcome"),
        ({**IN_PROGRESS, "submitted_by": "timeout"}, "outcome"),
        ({**SUBMITTED, "submitted_by": "robot"}, "submitted_by"),
        ({**IN_PROGRESS, "deadline": NOW - timedelta(seconds=1)}, "deadline_after_start"),
        ({**IN_PROGRESS, "score": 10.5}, "score_range"),
        ({**IN_PROGRESS, "score": -1.0}, "score_range"),
        ({**IN_PROGRESS, "prediction": -1}, "prediction_nonnegative"),
    ],
)
def test_an_attempt_breaking_an_invariant_is_refused(factory, session, row, check):
    _exam, round_ = factory.exam()
    person = factory.user()
    values = {"round_id": round_.id, "user_id": person.id, "number": 1, "seed": 1, "score": 0.0,
              "max_score": 10.0, "correct_count": 0, "question_count": 10, "pending_count": 0,
              "counted": False, **row}
    with pytest.raises(IntegrityError, match=check):
        session.execute(insert(Attempt.__table__).values(**values))


def test_a_round_closing_before_it_opens_is_refused(factory, session):
    exam, _round = factory.exam()
    with pytest.raises(IntegrityError, match="window"):
        session.execute(insert(Round.__table__).values(exam_id=exam.id, name="Đợt 2", opens_at=NOW,
                                                       closes_at=NOW))


def test_a_submitted_attempt_holds_its_outcome(factory, session):
    exam, round_ = factory.exam()
    attempt = start_attempt(session, exam, round_, factory.user(), NOW)
    assert submit(session, attempt, NOW + timedelta(minutes=2))
    session.commit()
    session.refresh(attempt)
    assert attempt.status == AttemptStatus.submitted
    assert (attempt.submitted_at, attempt.submitted_by, attempt.duration_seconds) == (
        NOW + timedelta(minutes=2), "user", 120.0)
    assert not submit(session, attempt, NOW + timedelta(minutes=3))
