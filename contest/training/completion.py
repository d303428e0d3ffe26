"""When has an official completed a course? One pure rule, evaluated from plain facts.

No Flask, no database: the training service gathers ``CourseFacts`` for one enrollment and
``evaluate`` decides. Re-evaluating after any change of attendance or results gives the same
answer for the same facts, so the recorded completion can always be recomputed.
"""

from __future__ import annotations

import calendar
import enum
from dataclasses import dataclass, field
from datetime import date, timedelta

#: How long before a completion expires the official is reminded on their home page.
REMINDER_DAYS = 30


@dataclass(frozen=True)
class CompletionRule:
    """What a course asks of an enrolled official.

    ``min_attendance`` is a share of the course's sessions (0.0 .. 1.0; 0 asks for none);
    ``assessment_required``: the course's final assessment must be passed;
    ``practice_required``: at least one attempt at its practice exam must be submitted;
    ``valid_months``: a completion expires this many months after its date (None: never).
    """

    min_attendance: float = 0.8
    assessment_required: bool = False
    practice_required: bool = False
    valid_months: int | None = None


@dataclass(frozen=True)
class CourseFacts:
    """One official's facts in one course.

    ``attended_days`` are the days of the sessions the official attended (present or late: an excused
    absence is still an absence, shown apart but not counted as attendance).
    ``total_sessions`` counts every planned session, held or not.
    ``passed_on``: the day the final assessment was first passed (None: not passed).
    ``practiced_on``: the day a practice attempt was first submitted (None: not yet).
    """

    total_sessions: int
    attended_days: tuple[date, ...] = ()
    passed_on: date | None = None
    practiced_on: date | None = None


class Missing(enum.StrEnum):
    """What still stands between an official and completion."""

    attendance = "attendance"
    assessment = "assessment"
    practice = "practice"


@dataclass(frozen=True)
class Verdict:
    """``completed_on`` is set when the rule is met; ``missing`` lists what is not (empty then)."""

    attendance_share: float
    completed_on: date | None = None
    expires_on: date | None = None
    missing: tuple[Missing, ...] = field(default=())

    @property
    def completed(self) -> bool:
        return self.completed_on is not None


def attendance_share(facts: CourseFacts) -> float:
    """Sessions attended over the course's planned sessions (0.0 when it plans none)."""
    if facts.total_sessions <= 0:
        return 0.0
    return min(1.0, len(facts.attended_days) / facts.total_sessions)


def _attendance_met_on(rule: CompletionRule, facts: CourseFacts) -> date | None:
    """The day attendance first reached the rule's share of all planned sessions: the day of
    the attended session that crossed it (with no share asked, the first attended session)."""
    needed = max(1.0, rule.min_attendance * facts.total_sessions)
    for count, day in enumerate(sorted(facts.attended_days), start=1):
        if count + 1e-9 >= needed:
            return day
    return None


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def evaluate(rule: CompletionRule, facts: CourseFacts) -> Verdict:
    """Decide completion.

    Every condition the course states must hold: attendance of at least ``min_attendance`` of
    the planned sessions, the final assessment passed, a practice attempt submitted. The
    completion is dated on the day the last of them was met, and expires ``valid_months``
    after that day. A course that states no condition at all is completed by attending one
    of its sessions.
    """
    share = attendance_share(facts)
    met: list[date] = []
    missing: list[Missing] = []
    attendance_day = _attendance_met_on(rule, facts)
    if rule.min_attendance > 0 or not (rule.assessment_required or rule.practice_required):
        (met.append(attendance_day) if attendance_day else missing.append(Missing.attendance))
    if rule.assessment_required:
        (met.append(facts.passed_on) if facts.passed_on else missing.append(Missing.assessment))
    if rule.practice_required:
        (met.append(facts.practiced_on) if facts.practiced_on else missing.append(Missing.practice))
    if missing or not met:
        return Verdict(share, missing=tuple(missing))
    completed_on = max(met)
    expires_on = add_months(completed_on, rule.valid_months) if rule.valid_months else None
    return Verdict(share, completed_on, expires_on)


class Standing(enum.StrEnum):
    """A completion as of a given day."""

    valid = "valid"
    expiring = "expiring"  #: valid, but within REMINDER_DAYS of its expiry
    expired = "expired"


def standing(expires_on: date | None, today: date) -> Standing:
    """Valid, expiring soon (within ``REMINDER_DAYS``) or expired on ``today``."""
    if expires_on is None or today + timedelta(days=REMINDER_DAYS) < expires_on:
        return Standing.valid
    return Standing.expiring if today < expires_on else Standing.expired
