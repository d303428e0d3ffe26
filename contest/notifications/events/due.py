"""Which announcements and reminders are due at a moment (pure: no Flask, no database).

Opening a round, the day before a class session and a completion nearing its expiry are times
passing, not actions: a periodic job (``jobs.run_due``) asks these functions, with an injected
``now`` (naive UTC, as stored), what is due, and notifies with a dedupe key so that running the
job again sends nothing twice.

Rules:

* A round is announced while it is open and opened less than ``ANNOUNCE_WITHIN`` ago (a job that
  was down for an hour still announces; one that was down for a week does not wake people for a
  round opened long ago). A round closed early or finalized is not announced.
* A class session is reminded on the province's calendar day before the day it starts, from
  ``from_hour`` o'clock (province time) on: nobody gets a text at midnight.
* A completion is reminded once it expires within ``days`` (30) from today (province days),
  not after it has expired; only a person's latest completion of a programme counts (a newer
  class renewed it). Also from ``from_hour`` o'clock.
* The results of a finalized assessment round go out while the round was finalized less than
  ``RESULTS_WITHIN`` ago (the queue task does it at once; the job is the backstop).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Protocol, TypeVar
from zoneinfo import ZoneInfo

from contest.training.completion import REMINDER_DAYS

PROVINCE_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
ANNOUNCE_WITHIN = timedelta(days=1)
RESULTS_WITHIN = timedelta(days=2)
#: Reminders (sessions, expiries) go from this hour of the province's day.
FROM_HOUR = 7

T = TypeVar("T")


class RoundLike(Protocol):
    opens_at: datetime
    closes_at: datetime
    finalized_at: datetime | None


def local(moment: datetime, zone: ZoneInfo = PROVINCE_ZONE) -> datetime:
    """The province's wall-clock time of a stored naive-UTC moment."""
    return moment.replace(tzinfo=UTC).astimezone(zone)


def local_day(moment: datetime, zone: ZoneInfo = PROVINCE_ZONE) -> date:
    return local(moment, zone).date()


def opening_window(now: datetime) -> tuple[datetime, datetime]:
    """(after, until): rounds whose ``opens_at`` is in (after, until] may be due (the SQL filter)."""
    return now - ANNOUNCE_WITHIN, now


def opening_due(round_: RoundLike, now: datetime) -> bool:
    """Announce the round now: it opened in the window and is still open."""
    after, until = opening_window(now)
    return (after < round_.opens_at <= until and now < round_.closes_at
            and round_.finalized_at is None)


def results_window(now: datetime) -> tuple[datetime, datetime]:
    """(after, until): rounds finalized in (after, until] may be due (the SQL filter)."""
    return now - RESULTS_WITHIN, now


def results_due(finalized_at: datetime | None, now: datetime) -> bool:
    """Send an assessment round's results now: finalized, less than ``RESULTS_WITHIN`` ago."""
    if finalized_at is None:
        return False
    after, until = results_window(now)
    return after < finalized_at <= until


def reminder_hour_reached(now: datetime, from_hour: int = FROM_HOUR, zone: ZoneInfo = PROVINCE_ZONE) -> bool:
    return local(now, zone).hour >= from_hour


def session_window(now: datetime) -> tuple[datetime, datetime]:
    """(after, until): sessions starting in (after, until] may be due tomorrow (the SQL filter);
    two days wide so that every start on the next local day is inside, whatever the zone."""
    return now, now + timedelta(days=2)


def session_reminder_due(starts_at: datetime, now: datetime, from_hour: int = FROM_HOUR,
                         zone: ZoneInfo = PROVINCE_ZONE) -> bool:
    """Remind a session now: it starts on the province's next day and the hour has come."""
    return (now < starts_at and local_day(starts_at, zone) == local_day(now, zone) + timedelta(days=1)
            and reminder_hour_reached(now, from_hour, zone))


@dataclass(frozen=True)
class Held:
    """One recorded completion: the enrollment that holds it, whose, of which programme."""

    enrollment_id: int
    user_id: int
    programme_id: int
    completed_on: date
    expires_on: date | None


def expiry_window(today: date, days: int = REMINDER_DAYS) -> tuple[date, date]:
    """[first, last]: completions expiring on these days may be due (the SQL filter)."""
    return today, today + timedelta(days=days)


def expiring(held: Iterable[Held], today: date, days: int = REMINDER_DAYS) -> list[Held]:
    """The completions to remind today: the latest of each person's programme (the later
    completion day wins, then the later enrollment), expiring from today to ``days`` ahead."""
    latest: dict[tuple[int, int], Held] = {}
    for item in held:
        key = (item.user_id, item.programme_id)
        kept = latest.get(key)
        if kept is None or (item.completed_on, item.enrollment_id) > (kept.completed_on, kept.enrollment_id):
            latest[key] = item
    first, last = expiry_window(today, days)
    due = [h for h in latest.values() if h.expires_on is not None and first <= h.expires_on <= last]
    return sorted(due, key=lambda h: (h.expires_on, h.enrollment_id))


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """``items`` in slices of ``size`` (the fan-out's batches, each committed on its own)."""
    for start in range(0, len(items), size):
        yield items[start:start + size]
