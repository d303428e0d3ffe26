"""The shapes of a round's figures (pure: no Flask, no database).

The database counts (``services.round_report``); this module chooses the bucket widths of the
score and duration histograms, names the buckets, fills the days nobody took part on and turns
counts into rates. Every function takes plain numbers and returns plain data, so the committee's
figures can be checked by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

#: Bucket widths a score histogram may use, small to large (points).
_SCORE_STEPS = (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)
#: Bucket widths a duration histogram may use (seconds): 10 s up to a day.
_DURATION_STEPS = (10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400)
#: At most this many score buckets (plus the one holding the full mark).
MAX_SCORE_BUCKETS = 20
#: At most this many duration buckets.
MAX_DURATION_BUCKETS = 15
#: Added before dividing, so that a score of exactly k widths (stored rounded to 6 decimals)
#: lands in bucket k and not k - 1 through float noise (0.3 / 0.1 = 2.9999...).
EPSILON = 1e-7


@dataclass(frozen=True, slots=True)
class Bucket:
    """A bar of a histogram: the values from ``low`` to below ``high`` (the last bar also holds
    ``high`` itself when it is the maximum), and how many fall in it."""

    low: float
    high: float
    count: int


def score_width(max_score: float) -> float:
    """The bucket width of a score histogram whose scores run from 0 to ``max_score``: the
    smallest step of 1, 2, 5 (x 10^k; 2.5 and 0.25 too) giving at most ``MAX_SCORE_BUCKETS``
    buckets below the maximum. Whole points from a maximum of 1 up, so that 10 questions of
    one point give the 11 bars 0, 1, ..., 10 (a partial score falls in its whole point's bar)."""
    steps = [s for s in _SCORE_STEPS if s >= 1] if max_score >= 1 else _SCORE_STEPS
    return next((s for s in steps if max_score / s <= MAX_SCORE_BUCKETS), steps[-1])


def duration_width(longest_seconds: float) -> int:
    """The bucket width of a duration histogram up to ``longest_seconds``: the smallest of 10 s,
    15 s, 30 s, 1, 2, 5, 10, 15, 30 minutes, 1 hour, ... giving at most ``MAX_DURATION_BUCKETS``."""
    return next((s for s in _DURATION_STEPS if longest_seconds / s < MAX_DURATION_BUCKETS), _DURATION_STEPS[-1])


def bucket_index(value: float, width: float) -> int:
    """The bucket a value falls in (what the SQL computes as ``CAST((v + EPSILON) / w AS INTEGER)``)."""
    return int((value + EPSILON) / width)


def histogram(counts: Mapping[int, int], width: float, top: float) -> list[Bucket]:
    """Every bucket from 0 to the one holding ``top`` (the maximum score, the longest duration),
    empty ones included so the bars keep their places; ``counts`` maps a bucket index (as
    ``bucket_index``) to how many values fell in it. An index past ``top``'s bucket (a score
    over the maximum of another attempt) is folded into the last bucket."""
    last = max([bucket_index(top, width), *counts]) if counts else bucket_index(top, width)
    last = max(last, 0)
    bars = [0] * (last + 1)
    for index, n in counts.items():
        bars[min(max(index, 0), last)] += n
    return [Bucket(_tidy(i * width), _tidy((i + 1) * width), n) for i, n in enumerate(bars)]


def _tidy(x: float) -> float:
    return round(x, 6)


def score_label(bucket: Bucket, width: float) -> str:
    """"7" for a bucket of one whole point, else "7,5–10" (from 7.5 to below 10): Vietnamese
    decimal commas."""
    if width == 1:
        return _number(bucket.low)
    return f"{_number(bucket.low)}–{_number(bucket.high)}"


def minutes_label(bucket: Bucket) -> str:
    """"5–10" (minutes, from 5 to below 10); seconds as decimals under a minute ("0,5–1")."""
    return f"{_number(bucket.low / 60)}–{_number(bucket.high / 60)}"


def _number(x: float) -> str:
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


@dataclass(frozen=True, slots=True)
class Day:
    """One day of a round in the province's time zone: attempts started that day and people
    whose first attempt of the round started that day (so the days add up to the participants)."""

    day: date
    attempts: int
    new_people: int


def days(first: date, last: date, attempts: Mapping[date, int], new_people: Mapping[date, int]) -> list[Day]:
    """Every day from ``first`` to ``last`` (the round's opening day to its closing day, or
    today while it is open), days without anyone included; a day outside that span that still
    has figures (a round whose dates moved) widens it."""
    seen = [*attempts, *new_people]
    if seen:
        first, last = min(first, *seen), max(last, *seen)
    span = max((last - first).days, 0)
    return [Day(d, attempts.get(d, 0), new_people.get(d, 0))
            for d in (first + timedelta(days=n) for n in range(span + 1))]


def share(part: int, whole: int) -> float | None:
    """``part / whole`` (None when there is no whole, so a page shows "—" and not 0 %)."""
    return part / whole if whole else None


def percent(value: float | None, decimals: int = 1) -> float | None:
    """A share as a percentage rounded for a table or a sheet."""
    return None if value is None else round(value * 100, decimals)


def percent_text(value: float | None, decimals: int = 1) -> str:
    """"37,5%" (Vietnamese decimal comma) or "—"."""
    if value is None:
        return "—"
    return f"{value * 100:.{decimals}f}".replace(".", ",") + "%"


def mean(total: float | None, n: int) -> float | None:
    return None if not n or total is None else total / n
