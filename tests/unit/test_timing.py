"""Server-side deadlines: start + limit, capped at the round's close, with a small grace."""

from datetime import UTC, datetime, timedelta

import pytest

from contest.exams.timing import (
    COUNTDOWN_SECONDS,
    GRACE_SECONDS,
    deadline,
    is_late,
    remaining_seconds,
    timer_display,
)

START = datetime(2024, 5, 6, 8, 0, tzinfo=UTC)
CLOSE = START + timedelta(hours=1)


@pytest.mark.parametrize(
    ("limit", "expected"),
    [
        (1200, START + timedelta(minutes=20)),
        (3600, CLOSE),
        (7200, CLOSE),  # capped at the round's close
        (None, CLOSE),  # no limit: until the round closes
    ],
)
def test_deadline(limit, expected):
    assert deadline(START, limit, CLOSE) == expected


@pytest.mark.parametrize("limit", [0, -5])
def test_deadline_rejects_a_non_positive_limit(limit):
    with pytest.raises(ValueError):
        deadline(START, limit, CLOSE)


def test_grace_is_two_seconds():
    assert GRACE_SECONDS == 2


@pytest.mark.parametrize(
    ("offset", "late"),
    [(-10, False), (0, False), (GRACE_SECONDS, False), (GRACE_SECONDS + 0.001, True), (60, True)],
)
def test_is_late_allows_only_the_grace(offset, late):
    assert is_late(CLOSE + timedelta(seconds=offset), CLOSE) is late


def test_is_late_with_a_custom_grace():
    assert is_late(CLOSE + timedelta(seconds=1), CLOSE, grace_seconds=0) is True


@pytest.mark.parametrize(
    ("offset", "remaining"),
    [(-90.7, 90), (-0.4, 0), (0, 0), (30, 0)],
)
def test_remaining_seconds_rounds_down_and_never_goes_negative(offset, remaining):
    assert remaining_seconds(CLOSE + timedelta(seconds=offset), CLOSE) == remaining


@pytest.mark.parametrize(
    ("remaining", "limit", "practice", "shown"),
    [
        (20 * 60, 1200, False, "countdown"),
        (COUNTDOWN_SECONDS, None, True, "countdown"),  # the round closes within a day
        (COUNTDOWN_SECONDS + 1, None, False, "closing_date"),
        (365 * 24 * 3600, None, False, "closing_date"),
        (365 * 24 * 3600, 3 * 24 * 3600, True, "closing_date"),
        (365 * 24 * 3600, None, True, None),  # a practice open for a year: no time shown
    ],
)
def test_a_countdown_only_within_a_day(remaining, limit, practice, shown):
    assert timer_display(remaining, limit, practice) == shown
