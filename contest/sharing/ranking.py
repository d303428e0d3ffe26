"""The "giải lan tỏa" ranking: referrers ordered by how many people registered through their
links. Pure: plain records in, ranked rows out (no Flask, no database)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Registration:
    """One person registered through ``referrer_id``'s link at ``at``."""

    referrer_id: int
    at: datetime


@dataclass(frozen=True)
class Standing:
    rank: int
    referrer_id: int
    count: int
    first_at: datetime
    last_at: datetime


def rank_referrers(registrations: Iterable[Registration], since: datetime | None = None,
                   until: datetime | None = None) -> list[Standing]:
    """Referrers ranked by the registrations they brought within ``[since, until)`` (either end
    open when None: a round's ``opens_at`` and ``closes_at`` make the window of a prize).

    More registrations rank first. **Tie-break: the referrer who reached that count earlier
    ranks first**, i.e. whose last counted registration came first; equal again (the same
    instant), the smaller referrer id first, so the order never depends on input order.
    Ranks are 1, 2, 3, ... without gaps or shared places: the tie-break decides every tie.
    """
    times: dict[int, list[datetime]] = {}
    for reg in registrations:
        if (since is None or reg.at >= since) and (until is None or reg.at < until):
            times.setdefault(reg.referrer_id, []).append(reg.at)
    rows = [(len(at), min(at), max(at), referrer) for referrer, at in times.items()]
    rows.sort(key=lambda row: (-row[0], row[2], row[3]))
    return [Standing(rank=n, referrer_id=referrer, count=count, first_at=first, last_at=last)
            for n, (count, first, last, referrer) in enumerate(rows, start=1)]
