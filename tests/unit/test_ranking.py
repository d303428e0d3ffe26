"""The leaderboard's tie-break chain, shared ranks, prizes, counted attempts."""

import random
from datetime import UTC, datetime, timedelta

import pytest

from contest.exams.ranking import (
    AttemptSummary,
    Entry,
    PrizeTier,
    award_prizes,
    best_attempt,
    rank,
)

T0 = datetime(2024, 5, 6, 8, 0, tzinfo=UTC)
ACTUAL = 50  # people who answered every question correctly


def entry(attempt_id, score=10.0, prediction=ACTUAL, duration=300.0, submitted=0, user_id=None):
    return Entry(
        attempt_id=attempt_id,
        user_id=attempt_id if user_id is None else user_id,
        unit_id=1,
        score=score,
        prediction=prediction,
        duration_seconds=duration,
        submitted_at=T0 + timedelta(seconds=submitted),
    )


def order(entries):
    return [r.entry.attempt_id for r in rank(entries, ACTUAL)]


@pytest.mark.parametrize(
    ("better", "worse"),
    [
        # each level decides when every level before it ties
        (entry(2, score=9.5), entry(1, score=9.0)),
        (entry(2, prediction=ACTUAL + 3), entry(1, prediction=ACTUAL + 7)),
        (entry(2, prediction=ACTUAL - 2), entry(1, prediction=ACTUAL + 3)),
        (entry(2, prediction=0), entry(1, prediction=None)),
        (entry(2, duration=120.5), entry(1, duration=121.0)),
        (entry(2, submitted=5), entry(1, submitted=9)),
    ],
    ids=["score", "prediction-gap", "gap-not-sign", "no-prediction-last", "duration", "submitted"],
)
def test_tie_break_level_decides(better, worse):
    assert order([worse, better]) == [2, 1]
    assert [r.rank for r in rank([worse, better], ACTUAL)] == [1, 2]


def test_an_earlier_level_outweighs_every_later_one():
    slow_high = entry(1, score=10, prediction=None, duration=900, submitted=99)
    fast_low = entry(2, score=9.5, prediction=ACTUAL, duration=10, submitted=0)
    assert order([fast_low, slow_high]) == [1, 2]


def test_float_noise_in_a_score_does_not_break_a_tie():
    noisy = entry(1, score=0.1 + 0.2, duration=100)
    clean = entry(2, score=0.3, duration=50)
    assert order([noisy, clean]) == [2, 1]


def test_entries_equal_on_all_four_levels_share_a_rank():
    entries = [entry(4), entry(3, score=11), entry(2), entry(1, score=1)]
    ranked = rank(entries, ACTUAL)
    assert [(r.rank, r.entry.attempt_id) for r in ranked] == [(1, 3), (2, 2), (2, 4), (4, 1)]


def test_prediction_gap_is_reported():
    ranked = rank([entry(1, prediction=ACTUAL - 4), entry(2, prediction=None)], ACTUAL)
    assert [r.prediction_gap for r in ranked] == [4, None]


def test_rank_of_no_entries_is_empty():
    assert rank([], ACTUAL) == []


def test_rank_orders_100000_random_entries():
    rng = random.Random(2024)
    entries = [
        entry(
            i,
            score=rng.randrange(0, 21) / 2,
            prediction=rng.choice([None, rng.randrange(100)]),
            duration=rng.choice([60.0, 61.0, 62.0]),
            submitted=rng.randrange(3),
        )
        for i in range(100_000)
    ]
    ranked = rank(entries, ACTUAL)
    assert len(ranked) == len(entries)
    for r in rng.sample(range(1, len(ranked)), 2_000):
        before, after = ranked[r - 1], ranked[r]
        key_before = _slow_key(before.entry)
        key_after = _slow_key(after.entry)
        assert key_before <= key_after
        assert (after.rank == before.rank) == (key_before[:4] == key_after[:4])
        assert after.rank == (before.rank if after.rank == before.rank else r + 1)


def _slow_key(e):
    gap = float("inf") if e.prediction is None else abs(e.prediction - ACTUAL)
    return (-e.score, gap, e.duration_seconds, e.submitted_at, e.attempt_id)


TIERS = [PrizeTier("Giải Nhất", 1), PrizeTier("Giải Nhì", 2), PrizeTier("Giải Ba", 3)]


def awarded(entries, tiers=TIERS):
    return [(a.tier, a.ranked.entry.attempt_id) for a in award_prizes(rank(entries, ACTUAL), tiers)]


def test_prizes_go_down_the_ranking():
    entries = [entry(i, score=100 - i) for i in range(1, 9)]
    assert awarded(entries) == [
        ("Giải Nhất", 1),
        ("Giải Nhì", 2),
        ("Giải Nhì", 3),
        ("Giải Ba", 4),
        ("Giải Ba", 5),
        ("Giải Ba", 6),
    ]


def test_a_tie_that_fits_the_tier_shares_it():
    entries = [entry(1, score=10), entry(2, score=9), entry(3, score=9), entry(4, score=8)]
    assert awarded(entries)[:3] == [("Giải Nhất", 1), ("Giải Nhì", 2), ("Giải Nhì", 3)]


def test_a_tie_straddling_a_tier_boundary_moves_to_the_next_tier():
    entries = [entry(1, score=10)] + [entry(i, score=9) for i in (2, 3, 4)] + [entry(5, score=8)]
    # Giải Nhì has 2 places but 3 people tie for it: all three get Giải Ba, which fills it.
    assert awarded(entries) == [
        ("Giải Nhất", 1),
        ("Giải Ba", 2),
        ("Giải Ba", 3),
        ("Giải Ba", 4),
    ]


def test_a_tie_too_large_for_any_remaining_tier_ends_the_awards():
    entries = [entry(1, score=10)] + [entry(i, score=9) for i in range(2, 6)] + [entry(6, score=1)]
    assert awarded(entries) == [("Giải Nhất", 1)]


def test_a_person_gets_at_most_one_prize():
    entries = [entry(1, score=10, user_id=7), entry(2, score=9, user_id=7), entry(3, score=8)]
    assert awarded(entries) == [("Giải Nhất", 1), ("Giải Nhì", 3)]


def test_no_tiers_no_prizes():
    assert awarded([entry(1)], tiers=[]) == []


def test_an_empty_entry_wins_nothing_by_default():
    """A 0/10 entry won "Giải Nhì": without a stated minimum a tier needs more than zero."""
    entries = [entry(1, score=10), entry(2, score=0), entry(3, score=0.0000001)]
    assert awarded(entries) == [("Giải Nhất", 1)]


def test_an_unfilled_tier_stays_unfilled():
    """The best entry falls short of Giải Nhất (from 9 points): Giải Nhất stays empty, nobody is
    moved up into it, and the tiers below are handed out as usual."""
    tiers = [PrizeTier("Giải Nhất", 1, min_score=9), PrizeTier("Giải Nhì", 2, min_score=7),
             PrizeTier("Giải Ba", 2)]
    entries = [entry(1, score=8), entry(2, score=7), entry(3, score=6.5), entry(4, score=1),
               entry(5, score=0.5)]
    assert awarded(entries, tiers) == [("Giải Nhì", 1), ("Giải Nhì", 2), ("Giải Ba", 3), ("Giải Ba", 4)]


def test_a_stated_minimum_is_reached_at_exactly_that_score_despite_float_noise():
    tiers = [PrizeTier("Giải Nhất", 1, min_score=0.3)]
    assert awarded([entry(1, score=0.1 + 0.2)], tiers) == [("Giải Nhất", 1)]
    assert awarded([entry(1, score=0.29)], tiers) == []


def attempt(attempt_id, score, start, duration=100.0, user_id=1):
    started = T0 + timedelta(minutes=start)
    return AttemptSummary(
        attempt_id, user_id, score, started, started + timedelta(seconds=duration), duration
    )


@pytest.mark.parametrize(
    ("policy", "expected"),
    [("highest", 2), ("first", 1), ("last", 3)],
)
def test_best_attempt_policy_picks(policy, expected):
    attempts = [attempt(3, 5, start=20), attempt(1, 7, start=0), attempt(2, 9, start=10)]
    assert best_attempt(attempts, policy)[1].attempt_id == expected


@pytest.mark.parametrize(
    ("attempts", "expected"),
    [
        ([attempt(1, 9, 0, duration=200), attempt(2, 9, 10, duration=150)], 2),
        ([attempt(1, 9, 10, duration=150), attempt(2, 9, 0, duration=150)], 2),
    ],
    ids=["shorter-duration", "earlier-submission"],
)
def test_highest_breaks_ties(attempts, expected):
    assert best_attempt(attempts, "highest")[1].attempt_id == expected


def test_best_attempt_is_per_user():
    attempts = [attempt(1, 5, 0, user_id=1), attempt(2, 8, 0, user_id=2), attempt(3, 9, 5)]
    chosen = best_attempt(attempts, "highest")
    assert {user: a.attempt_id for user, a in chosen.items()} == {1: 3, 2: 2}


def test_best_attempt_rejects_an_unknown_policy():
    with pytest.raises(ValueError):
        best_attempt([], "average")
