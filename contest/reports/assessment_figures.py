"""The figures of an assessment report and their roll-up through the unit tree (pure: no Flask,
no database).

A group's *people* are the officials assigned to the assessment or who sat it in the round
(``services.assessment_report`` decides who and where); *sat*: those with a counted, submitted
attempt; *passed*: those whose attempt passed (``results.passed``). A unit's *total* adds its
sub-units' to its own people, so a department head reads the whole branch at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from contest.accounts.units import tree_order
from question_bank.textnorm import fold


@dataclass
class Figures:
    people: int = 0
    sat: int = 0
    passed: int = 0

    def count(self, sat: bool, passed: bool) -> None:
        """One more person, who sat the round (or not) and passed (or not)."""
        self.people += 1
        self.sat += sat
        self.passed += sat and passed

    def add(self, other: Figures) -> None:
        self.people += other.people
        self.sat += other.sat
        self.passed += other.passed

    @property
    def not_sat(self) -> int:
        return self.people - self.sat

    @property
    def pass_rate(self) -> float | None:
        """Passed per person of the group (those who did not sit count as not passed)."""
        return self.passed / self.people if self.people else None

    @property
    def pass_rate_of_sat(self) -> float | None:
        """Passed per person who sat."""
        return self.passed / self.sat if self.sat else None


@dataclass
class UnitLine:
    """A unit: its own people (``own``) and with every sub-unit's (``total``)."""

    unit_id: int
    name: str
    parent_id: int | None
    depth: int = 0
    own: Figures = field(default_factory=Figures)
    total: Figures = field(default_factory=Figures)
    children: list[int] = field(default_factory=list)


def roll_up(units: Mapping[int, tuple[str, int | None]], own: Mapping[int, Figures]) -> list[UnitLine]:
    """The units with anyone in them or below them, in tree order (a unit, then its sub-units by
    name), each with its own and total figures and its depth under the topmost unit listed.
    ``units`` maps every unit id to (name, parent id); ``own`` the figures of the people of each."""
    lines = {unit_id: UnitLine(unit_id, name, parent) for unit_id, (name, parent) in units.items()}
    for unit_id, figures in own.items():
        if unit_id not in lines:
            continue
        lines[unit_id].own.add(figures)
        seen, current = 0, lines[unit_id]
        while current is not None and seen < 20:  # a unit and each one above it
            current.total.add(figures)
            current, seen = lines.get(current.parent_id), seen + 1
    kept = {unit_id: line for unit_id, line in lines.items() if line.total.people}
    return tree_order(kept)


def grouped(items: Iterable[tuple[str, bool, bool]]) -> list[tuple[str, Figures]]:
    """(group name, sat, passed) per person -> each group's figures, by name ("" last)."""
    groups: dict[str, Figures] = {}
    for name, sat, passed in items:
        groups.setdefault(name, Figures()).count(sat, passed)
    return sorted(groups.items(), key=lambda item: (item[0] == "", *_key(item[0])))


def _key(name: str) -> tuple[str, str]:
    """Vietnamese names in dictionary order (diacritics only break ties)."""
    return fold(name), name
