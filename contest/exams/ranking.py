"""A contest round's ranking, prizes and counted attempts (pure, no database).

The database ranks with the same order (``results._ranking_order``); ``rank`` is the reference
the SQL is tested against. Per-unit figures are counted in SQL and ranked here (``rank_units``;
``results.unit_stats`` gathers them)."""

from __future__ import annotations

import math
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from typing import Literal

from question_bank.textnorm import fold

#: Scores are compared after rounding to this many decimals, so float noise from summing
#: fractional points (0.1 + 0.2) never breaks a tie.
SCORE_DECIMALS = 6

#: Sorts after every real prediction gap.
_NO_PREDICTION = math.inf


@dataclass(frozen=True, slots=True)
class Entry:
    """One counted attempt of a round (one per person)."""

    attempt_id: int
    user_id: int
    unit_id: int | None
    score: float
    prediction: int | None
    duration_seconds: float
    submitted_at: datetime


@dataclass(slots=True)  # not frozen: frozen instances take twice as long to build
class RankedEntry:
    rank: int
    entry: Entry
    #: |prediction - actual number of people who answered every question correctly|.
    prediction_gap: int | None


@dataclass(frozen=True, slots=True)
class PrizeTier:
    """A prize ("Giải Nhì") with how many may get it; ``min_score``: the score an entry needs
    (None: any score above zero)."""

    name: str
    count: int
    min_score: float | None = None

    def admits(self, score: float) -> bool:
        """The score reaches the tier's minimum (compared at ``SCORE_DECIMALS``); without a stated
        minimum, any score above zero does, so an empty entry never wins a prize."""
        score = round(score, SCORE_DECIMALS)
        return score > 0 if self.min_score is None else score >= round(self.min_score, SCORE_DECIMALS)


@dataclass(frozen=True, slots=True)
class Award:
    tier: str
    ranked: RankedEntry


@dataclass(frozen=True, slots=True)
class AttemptSummary:
    attempt_id: int
    user_id: int
    score: float
    started_at: datetime
    submitted_at: datetime
    duration_seconds: float


def rank(entries: Iterable[Entry], actual_all_correct: int) -> list[RankedEntry]:
    """Order a round's entries and give each its place.

    Tie-break, in order: score descending; then |prediction - actual number of people who
    answered every question correctly| ascending (no prediction ranks after any prediction);
    then duration ascending; then submission time ascending. Entries equal on all four share a
    rank (competition ranking 1, 2, 2, 4); attempt_id orders them for display only.
    """

    entries = list(entries)
    # Rounded once per distinct score: a sum of fractional points can differ in its last bit
    # depending on question order, and that noise must not break a tie.
    negated = {score: -round(score, SCORE_DECIMALS) for score in {e.score for e in entries}}
    keys = [
        (
            negated[e.score],
            _NO_PREDICTION if e.prediction is None else abs(e.prediction - actual_all_correct),
            e.duration_seconds,
            e.submitted_at,
            e.attempt_id,
            index,
        )
        for index, e in enumerate(entries)
    ]
    keys.sort()
    ranked: list[RankedEntry] = []
    append = ranked.append
    tied_on = None
    place = 0
    for position, key in enumerate(keys, start=1):
        if key[:4] != tied_on:
            tied_on, place = key[:4], position
        entry = entries[key[5]]
        append(RankedEntry(place, entry, None if entry.prediction is None else key[1]))
    return ranked


def award_prizes(ranked: Sequence[RankedEntry], tiers: Sequence[PrizeTier]) -> list[Award]:
    """Hand out prize tiers down the ranking, one award per person.

    Only a person's best-ranked entry counts (later entries of the same user_id are ignored).
    People sharing a rank form a tied group that is never split: the group gets the current
    tier if the tier's remaining places can hold all of it and their score reaches the tier's
    minimum (``PrizeTier.admits``: by default more than zero); otherwise the tier's remaining
    places stay empty (nobody ranked lower is moved up into them) and the group moves on to the
    next tier (and further down, as needed). When no remaining tier can take the group, awarding
    stops there, so nobody ranked below an unrewarded person gets a prize.
    """
    groups: list[list[RankedEntry]] = []
    seen_users: set[int] = set()
    for item in ranked:
        if item.entry.user_id in seen_users:
            continue
        seen_users.add(item.entry.user_id)
        if groups and groups[-1][0].rank == item.rank:
            groups[-1].append(item)
        else:
            groups.append([item])
    return [Award(tier, item) for tier, group in
            _hand_out(groups, tiers, lambda group, tier: tier.admits(group[0].entry.score))
            for item in group]


def _hand_out(groups: Sequence[Sequence], tiers: Sequence[PrizeTier], admits) -> list[tuple[str, Sequence]]:
    """(tier name, group) down ordered tied groups: the rule stated in ``award_prizes``, with
    ``admits(group, tier)`` saying whether the group is good enough for the tier."""
    handed: list[tuple[str, Sequence]] = []
    tier_index = 0
    left = tiers[0].count if tiers else 0
    for group in groups:
        while tier_index < len(tiers) and (len(group) > left or not admits(group, tiers[tier_index])):
            tier_index += 1
            left = tiers[tier_index].count if tier_index < len(tiers) else 0
        if tier_index == len(tiers):
            break
        handed.append((tiers[tier_index].name, group))
        left -= len(group)
    return handed


@dataclass(frozen=True, slots=True)
class UnitTally:
    """A unit's figures in a round: ``participants`` (people whose counted attempt was made for the
    unit), ``all_correct`` (of them, those with every question right), ``headcount`` (entered by
    the organiser for the round, or None) and ``registered`` (people registered in the unit)."""

    unit_id: int
    name: str
    participants: int
    all_correct: int
    headcount: int | None
    registered: int

    @property
    def base(self) -> int:
        """The rate's denominator: the entered headcount, else the people registered in the unit,
        never fewer than those who took part (they were registered there when they started)."""
        return self.headcount if self.headcount is not None else max(self.registered, self.participants)

    @property
    def rate(self) -> Fraction:
        """Participation rate: participants per ``base`` (exact, so equal rates tie)."""
        return Fraction(self.participants, self.base) if self.base else Fraction(0)


@dataclass(frozen=True, slots=True)
class UnitStanding:
    rank: int
    tally: UnitTally
    #: The collective prize the unit won (None: none).
    prize: str | None = None


def rank_units(tallies: Iterable[UnitTally], tiers: Sequence[PrizeTier] = ()) -> list[UnitStanding]:
    """The collective standings of a round's units, with their collective prizes.

    Listed: units with at least one participant or an entered headcount. Order: participation
    rate (``UnitTally.rate``) descending; then the number of people who answered every question
    correctly, descending; then the number of participants, descending. Units equal on all three
    share a rank (1, 2, 2, 4) and are listed by name. Collective prizes go down the standings as
    individual ones do (``award_prizes``: a tie is never split, places it does not fit stay
    empty); a unit nobody took part for gets none.
    """
    listed = [t for t in tallies if t.participants > 0 or t.headcount is not None]
    listed.sort(key=lambda t: (-t.rate, -t.all_correct, -t.participants, fold(t.name), t.name, t.unit_id))
    groups: list[list[UnitTally]] = []
    for t in listed:
        if groups and _unit_key(groups[-1][0]) == _unit_key(t):
            groups[-1].append(t)
        else:
            groups.append([t])
    prizes = {t.unit_id: name for name, group in
              _hand_out(groups, tiers, lambda group, _tier: group[0].participants > 0) for t in group}
    standings: list[UnitStanding] = []
    for group in groups:
        place = len(standings) + 1
        standings.extend(UnitStanding(place, t, prizes.get(t.unit_id)) for t in group)
    return standings


def _unit_key(t: UnitTally) -> tuple:
    return (t.rate, t.all_correct, t.participants)


@dataclass(frozen=True, slots=True)
class UnfilledUnitPrizes:
    """Collective places nobody got, and why (``rank_units``: a tie is never split).

    ``tiers``: (tier, empty places). ``tie``: (rank, number of units) of the tied units where
    awarding stopped because they outnumber every tier's places left (so none of them, and no unit
    below them, gets a prize), or None when the places stay empty for want of units with
    participants."""

    tiers: list[tuple[str, int]]
    tie: tuple[int, int] | None


def unfilled_unit_prizes(standings: Sequence[UnitStanding], tiers: Sequence[PrizeTier]) -> UnfilledUnitPrizes:
    """The collective places ``rank_units`` left empty, with the tie that stopped the awarding."""
    given: dict[str, int] = {}
    for s in standings:
        if s.prize is not None:
            given[s.prize] = given.get(s.prize, 0) + 1
    empty = [(t.name, t.count - given.get(t.name, 0)) for t in tiers if given.get(t.name, 0) < t.count]
    stopped = next((s for s in standings if s.prize is None and s.tally.participants > 0), None)
    tie = None
    if empty and stopped is not None:
        size = sum(1 for s in standings if s.rank == stopped.rank)
        tie = (stopped.rank, size) if size > 1 else None
    return UnfilledUnitPrizes(empty, tie)


CountingPolicy = Literal["highest", "last", "first"]


def best_attempt(
    attempts: Iterable[AttemptSummary], policy: CountingPolicy
) -> dict[int, AttemptSummary]:
    """The attempt that counts for each user, given submitted attempts only.

    ``highest``: best score, ties to the shorter duration, then the earlier submission.
    ``first`` / ``last``: the earliest / latest started attempt. attempt_id settles any
    remaining tie, so the choice is deterministic.
    """
    if policy not in ("highest", "first", "last"):
        raise ValueError(f"unknown counting policy: {policy!r}")

    def key(a: AttemptSummary) -> tuple:
        if policy == "highest":
            return (
                -round(a.score, SCORE_DECIMALS),
                a.duration_seconds,
                a.submitted_at,
                a.attempt_id,
            )
        return (a.started_at, a.attempt_id)

    wins = operator.gt if policy == "last" else operator.lt
    chosen: dict[int, tuple[tuple, AttemptSummary]] = {}
    for attempt in attempts:
        k = key(attempt)
        current = chosen.get(attempt.user_id)
        if current is None or wins(k, current[0]):
            chosen[attempt.user_id] = (k, attempt)
    return {user: attempt for user, (_, attempt) in chosen.items()}
