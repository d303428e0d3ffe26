"""State on the models: where a round stands (``Round.state``) and how an attempt ends
(``Attempt.finish``), without a database."""

from datetime import datetime, timedelta

import pytest

from contest.exams.models import Attempt, AttemptStatus, Round, RoundState, SubmittedBy

OPENS = datetime(2026, 5, 4, 8, 0)
CLOSES = OPENS + timedelta(days=7)


def a_round(**kwargs) -> Round:
    return Round(exam_id=1, name="Tuần 1", opens_at=OPENS, closes_at=CLOSES, **kwargs)


@pytest.mark.parametrize(
    ("now", "state"),
    [
        (OPENS - timedelta(seconds=1), RoundState.upcoming),
        (OPENS, RoundState.open),
        (CLOSES - timedelta(seconds=1), RoundState.open),
        (CLOSES, RoundState.closed),
        (CLOSES + timedelta(days=1), RoundState.closed),
    ],
)
def test_a_round_is_upcoming_open_then_closed_by_its_times(now, state):
    round_ = a_round()
    assert round_.state(now) == state
    assert round_.is_open(now) == (state == RoundState.open)
    assert round_.is_closed(now) == (state == RoundState.closed)


def test_a_finalized_round_is_closed_whatever_its_times_say():
    round_ = a_round(finalized_at=OPENS + timedelta(days=1))
    assert round_.state(OPENS + timedelta(days=2)) == RoundState.closed
    assert not round_.is_open(OPENS + timedelta(days=2))


def test_each_round_state_has_a_label():
    assert [state.label for state in RoundState] == ["Sắp mở", "Đang mở", "Đã đóng"]


START = datetime(2026, 5, 4, 9, 0)
DEADLINE = START + timedelta(minutes=15)


def an_attempt() -> Attempt:
    return Attempt(id=7, round_id=1, user_id=1, seed=3, status=AttemptStatus.in_progress,
                   started_at=START, deadline=DEADLINE)


def test_finishing_before_the_deadline_dates_the_attempt_now():
    attempt = an_attempt()
    outcome = attempt.finish(START + timedelta(minutes=5), by=SubmittedBy.user)
    assert outcome == {"status": AttemptStatus.submitted, "submitted_at": START + timedelta(minutes=5),
                       "submitted_by": SubmittedBy.user, "duration_seconds": 300.0}
    assert (attempt.status, attempt.submitted_at, attempt.submitted_by, attempt.duration_seconds) == (
        AttemptStatus.submitted, START + timedelta(minutes=5), SubmittedBy.user, 300.0)


def test_finishing_late_dates_the_attempt_at_its_deadline():
    attempt = an_attempt()
    attempt.finish(DEADLINE + timedelta(minutes=30), by=SubmittedBy.timeout)
    assert attempt.submitted_at == DEADLINE
    assert attempt.submitted_by == SubmittedBy.timeout
    assert attempt.duration_seconds == 15 * 60


def test_an_attempt_finishes_once():
    attempt = an_attempt()
    attempt.finish(START + timedelta(minutes=1), by=SubmittedBy.user)
    with pytest.raises(ValueError):
        attempt.finish(START + timedelta(minutes=2), by=SubmittedBy.user)
