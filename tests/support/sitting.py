"""Sitting an exam in a test without the browser: start, answer, submit through the services."""

from datetime import timedelta

from contest.core.db import utcnow
from contest.exams.services.attempts import questions_of, save_answer, start_attempt, submit
from question_bank.services.published import version_record


def sit(session, exam, round_, user, right: int, prediction=None):
    """``user`` answers ``right`` questions correctly (the rest wrong) and submits."""
    now = utcnow()
    attempt = start_attempt(session, exam, round_, user, now)
    for aq in questions_of(session, attempt):
        record = version_record(session, aq.version_id)
        good = aq.position < right
        key = next(c.key for c in record.choices if (c.fraction > 0) == good)
        save_answer(session, attempt, aq, {"choice": key}, now)
    submit(session, attempt, now + timedelta(seconds=30), prediction=prediction)
    session.commit()
    return attempt
