"""Sitting an exam in a test without the browser: start, answer, submit through the services."""

from datetime import timedelta

from contest.accounts.loader import Identity
from contest.core.db import utcnow
from contest.exams.services import saving
from contest.exams.services.attempts import questions_of, start_attempt, submit
from question_bank.services.published import version_record


def answer(session, attempt, position, formdata, user, now):
    """``user`` answers the question at ``position`` through the production save (as the web
    route does, with their current session); fails the test if the answer is refused."""
    result = saving.save(session.connection(), attempt.id, position, formdata, Identity(user.id, user.session_token), now)
    assert isinstance(result, saving.Saved), result
    return result


def sit(session, exam, round_, user, right: int, prediction=None):
    """``user`` answers ``right`` questions correctly (the rest wrong) and submits."""
    now = utcnow()
    attempt = start_attempt(session, exam, round_, user, now)
    for aq in questions_of(session, attempt):
        record = version_record(session, aq.version_id)
        good = aq.position < right
        key = next(c.key for c in record.choices if (c.fraction > 0) == good)
        answer(session, attempt, aq.position, {"choice": key}, user, now)
    submit(session, attempt, now + timedelta(seconds=30), prediction=prediction)
    session.commit()
    return attempt
