"""Collective standings by unit: participation rate, then all-correct, then participants."""

from fractions import Fraction

from contest.exams.ranking import (
    PrizeTier,
    UnfilledUnitPrizes,
    UnitTally,
    rank_units,
    unfilled_unit_prizes,
)


def tally(unit_id, participants, all_correct=0, headcount=None, registered=0, name=None):
    return UnitTally(unit_id, name or f"Xã {unit_id}", participants, all_correct, headcount, registered)


def standings(tallies, tiers=()):
    return [(s.rank, s.tally.unit_id, s.prize) for s in rank_units(tallies, tiers)]


def test_the_rate_uses_the_entered_headcount_else_the_registered_people():
    entered = tally(1, participants=30, headcount=40, registered=100)
    registered = tally(2, participants=30, registered=100)
    assert entered.rate == Fraction(3, 4) and registered.rate == Fraction(3, 10)
    # People who took part for the unit were registered there: never a rate above 100% for that.
    assert tally(3, participants=12, registered=10).rate == 1


def test_the_rate_outweighs_the_all_correct_count_which_outweighs_the_participants():
    small_full = tally(1, participants=10, headcount=10)
    big_half = tally(2, participants=50, all_correct=40, headcount=100)
    assert standings([big_half, small_full]) == [(1, 1, None), (2, 2, None)]
    more_perfect = tally(3, participants=5, all_correct=3, headcount=10)
    fewer_perfect = tally(4, participants=5, all_correct=1, headcount=10)
    assert standings([fewer_perfect, more_perfect]) == [(1, 3, None), (2, 4, None)]
    more_people = tally(5, participants=20, all_correct=2, headcount=40)
    fewer_people = tally(6, participants=10, all_correct=2, headcount=20)
    assert standings([fewer_people, more_people]) == [(1, 5, None), (2, 6, None)]


def test_units_equal_on_every_criterion_share_a_rank_and_are_listed_by_name():
    ranked = rank_units([tally(1, 5, headcount=10, name="Phường Đông Hà"),
                         tally(2, 5, headcount=10, name="Phường Ba Đình"),
                         tally(3, 1, headcount=10, name="Xã An Phú")])
    assert [(s.rank, s.tally.name) for s in ranked] == [
        (1, "Phường Ba Đình"), (1, "Phường Đông Hà"), (3, "Xã An Phú")]


def test_a_unit_with_neither_participants_nor_a_headcount_is_not_listed():
    assert standings([tally(1, 0, registered=50), tally(2, 0, headcount=20), tally(3, 2, registered=4)]) == [
        (1, 3, None), (2, 2, None)]


def test_collective_prizes_go_down_the_standings_and_never_to_a_unit_without_participants():
    tiers = [PrizeTier("Giải Nhất tập thể", 1), PrizeTier("Giải Nhì tập thể", 2)]
    units = [tally(1, 9, headcount=10), tally(2, 5, headcount=10), tally(3, 5, headcount=10),
             tally(4, 1, headcount=10), tally(5, 0, headcount=10)]
    assert standings(units, tiers) == [(1, 1, "Giải Nhất tập thể"), (2, 2, "Giải Nhì tập thể"),
                                       (2, 3, "Giải Nhì tập thể"), (4, 4, None), (5, 5, None)]
    # A tie larger than the places left moves on, as for individual prizes; nobody gets none left.
    assert standings(units[1:], [PrizeTier("Giải tập thể", 1)]) == [
        (1, 2, None), (1, 3, None), (3, 4, None), (4, 5, None)]
    assert standings([tally(5, 0, headcount=10)], tiers) == [(1, 5, None)]


def test_a_tie_larger_than_the_places_left_leaves_them_empty_and_says_which_tie():
    # Nobody entered headcounts: three units of one registered person each took part (100%).
    units = [tally(1, 1, registered=1), tally(2, 1, registered=1), tally(3, 1, registered=1)]
    tiers = [PrizeTier("Giải tập thể", 2)]
    ranked = rank_units(units, tiers)
    assert [(s.rank, s.prize) for s in ranked] == [(1, None)] * 3
    assert unfilled_unit_prizes(ranked, tiers) == UnfilledUnitPrizes([("Giải tập thể", 2)], (1, 3))


def test_a_tie_that_fits_shares_the_tier_and_nothing_is_left_empty():
    units = [tally(1, 1, registered=1), tally(2, 1, registered=1), tally(3, 1, registered=2)]
    tiers = [PrizeTier("Giải tập thể", 2)]
    ranked = rank_units(units, tiers)
    assert [(s.tally.unit_id, s.prize) for s in ranked] == [(1, "Giải tập thể"), (2, "Giải tập thể"), (3, None)]
    assert unfilled_unit_prizes(ranked, tiers) == UnfilledUnitPrizes([], None)


def test_places_left_for_want_of_units_name_no_tie():
    tiers = [PrizeTier("Giải Nhất tập thể", 1), PrizeTier("Giải Nhì tập thể", 2)]
    ranked = rank_units([tally(1, 3, headcount=4), tally(2, 0, headcount=9)], tiers)
    assert unfilled_unit_prizes(ranked, tiers) == UnfilledUnitPrizes([("Giải Nhì tập thể", 2)], None)
