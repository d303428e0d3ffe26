"""Seats of a course and its waiting list: who has a seat, who moves up. Pure: no Flask, no
database; the enrollment service counts and applies."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def has_seat(capacity: int | None, taken: int) -> bool:
    """A newcomer gets a seat while fewer than ``capacity`` people hold one (None: no limit);
    otherwise they join the waiting list."""
    return capacity is None or taken < capacity


def promotions(capacity: int | None, taken: int, waiting: Sequence[T]) -> list[T]:
    """Who moves up from the waiting list, given ``taken`` seats held and ``waiting`` in arrival
    order (earliest first): the earliest, as many as there are free seats; everyone when the
    course has no limit; nobody when it is full (or over-full, after capacity was lowered: those
    already seated keep their seats)."""
    if capacity is None:
        return list(waiting)
    return list(waiting[:max(0, capacity - taken)])
