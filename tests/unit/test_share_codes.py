"""Share codes (short, unambiguous, forgiving to read) and the "giải lan tỏa" ranking."""

import random
from datetime import datetime, timedelta

import pytest

from contest.sharing import codes
from contest.sharing.ranking import Registration, rank_referrers

T0 = datetime(2026, 12, 1, 8, 0)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


@pytest.mark.parametrize("length", [codes.CONTEST_LENGTH, codes.PERSON_LENGTH])
def test_codes_have_their_length_and_only_unambiguous_symbols(length):
    rng = random.Random(7)
    for _ in range(2000):
        code = codes.new_code(length, rng)
        assert len(code) == length
        assert not set(code) & set("ilouILOU")  # nothing that reads as another symbol
        assert code == code.lower()


def test_codes_are_unique_in_practice():
    rng = random.Random(11)
    drawn = [codes.new_code(codes.CONTEST_LENGTH, rng) for _ in range(20000)]
    assert len(set(drawn)) == len(drawn)


def test_the_alphabet_has_32_distinct_symbols():
    assert len(codes.ALPHABET) == len(set(codes.ALPHABET)) == 32


@pytest.mark.parametrize("typed, read", [
    ("ab3x9k", "ab3x9k"), ("AB3X9K", "ab3x9k"), (" ab3x9k ", "ab3x9k"),
    ("Oo1LiI", "001111"),  # O reads as 0, I and L as 1
])
def test_typed_codes_are_read_forgivingly(typed, read):
    assert codes.normalize(typed, 6) == read


@pytest.mark.parametrize("typed", ["", None, "ab3x9", "ab3x9kk", "ab3x9u", "ab-x9k", "ab3x9ế"])
def test_anything_else_is_no_code(typed):
    assert codes.normalize(typed, 6) is None


def test_more_registrations_rank_first():
    ranked = rank_referrers([Registration(1, at(0)), Registration(2, at(1)), Registration(2, at(2))])
    assert [(s.rank, s.referrer_id, s.count) for s in ranked] == [(1, 2, 2), (2, 1, 1)]


def test_a_tie_goes_to_who_reached_the_count_first():
    """Both brought two: referrer 5 reached two at minute 3, referrer 4 at minute 9."""
    ranked = rank_referrers([Registration(4, at(0)), Registration(4, at(9)),
                             Registration(5, at(2)), Registration(5, at(3))])
    assert [s.referrer_id for s in ranked] == [5, 4]
    assert [s.rank for s in ranked] == [1, 2]


def test_an_exact_tie_is_ordered_by_id_whatever_the_input_order():
    regs = [Registration(9, at(1)), Registration(3, at(1))]
    assert [s.referrer_id for s in rank_referrers(regs)] == [3, 9]
    assert [s.referrer_id for s in rank_referrers(regs[::-1])] == [3, 9]


def test_first_and_last_registration_are_reported():
    [standing] = rank_referrers([Registration(1, at(5)), Registration(1, at(1)), Registration(1, at(3))])
    assert (standing.first_at, standing.last_at, standing.count) == (at(1), at(5), 3)


def test_a_window_counts_only_registrations_inside_it():
    """A round's window: from opens_at (included) to closes_at (excluded)."""
    regs = [Registration(1, at(0)), Registration(1, at(10)), Registration(1, at(20)),
            Registration(2, at(10)), Registration(2, at(15)), Registration(2, at(19))]
    ranked = rank_referrers(regs, since=at(10), until=at(20))
    assert [(s.referrer_id, s.count) for s in ranked] == [(2, 3), (1, 1)]
    assert rank_referrers(regs, since=at(30)) == []


def test_nobody_referred_ranks_nobody():
    assert rank_referrers([]) == []
