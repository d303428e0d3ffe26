"""Server-side time limits of an attempt (pure: the caller passes ``now``).

All datetimes must be timezone-aware UTC (naive and aware values do not compare).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

#: Answers may arrive this many seconds after the deadline and still count: the time an answer
#: given in the last second spends on a slow mobile network. Anything later is refused.
GRACE_SECONDS = 2


def deadline(
    started_at: datetime, time_limit_seconds: int | None, round_closes_at: datetime
) -> datetime:
    """When the attempt ends: start + time limit, but never after the round closes.

    An exam without a time limit runs until the round closes.
    """
    if time_limit_seconds is None:
        return round_closes_at
    if time_limit_seconds <= 0:
        raise ValueError("time_limit_seconds must be positive")
    return min(started_at + timedelta(seconds=time_limit_seconds), round_closes_at)


def is_late(now: datetime, deadline: datetime, grace_seconds: float = GRACE_SECONDS) -> bool:
    """True when an answer arriving at ``now`` must be refused (after deadline + grace)."""
    return now > deadline + timedelta(seconds=grace_seconds)


def remaining_seconds(now: datetime, deadline: datetime) -> int:
    """Whole seconds left before the deadline, rounded down, never negative (the grace is
    not shown: the countdown reaches 0 at the deadline itself)."""
    return max(0, int((deadline - now).total_seconds()))


#: Beyond this much time left, a countdown ("Còn lại 525587:54") tells a person nothing: the
#: closing date is shown instead.
COUNTDOWN_SECONDS = 24 * 3600

TimerDisplay = Literal["countdown", "closing_date"]


def timer_display(remaining: int, time_limit_seconds: int | None, practice: bool) -> TimerDisplay | None:
    """How the attempt's time is shown: a countdown when the deadline is within a day; else its
    date, except for a practice without a time limit, which shows no time at all (it simply
    stays open with its round)."""
    if remaining <= COUNTDOWN_SECONDS:
        return "countdown"
    if practice and time_limit_seconds is None:
        return None
    return "closing_date"
