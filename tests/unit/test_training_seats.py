"""The waiting list's rule: arrival order, as many as there are free seats."""

import pytest

from contest.training.seats import has_seat, promotions


@pytest.mark.parametrize(("capacity", "taken", "expected"), [
    (None, 1000, True), (3, 2, True), (3, 3, False), (3, 5, False), (1, 0, True)])
def test_has_seat(capacity, taken, expected):
    assert has_seat(capacity, taken) is expected


def test_the_earliest_waiting_move_up_into_free_seats():
    assert promotions(5, 3, ["a", "b", "c"]) == ["a", "b"]


def test_nobody_moves_when_full_or_over_full():
    assert promotions(3, 3, ["a"]) == []
    assert promotions(3, 4, ["a"]) == []  # capacity lowered: nobody is unseated either


def test_no_limit_seats_everyone_waiting():
    assert promotions(None, 10, ["a", "b"]) == ["a", "b"]


def test_nobody_waiting():
    assert promotions(5, 0, []) == []
