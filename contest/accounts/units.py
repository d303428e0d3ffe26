"""Queries on the organisation tree, and where citizens may live in it."""

from __future__ import annotations

import re
import unicodedata
from typing import Protocol, TypeVar

from sqlmodel import Session, select

from contest.accounts.models import COMMUNE_LEVEL, Unit, UnitKind
from contest.core.i18n import N_

#: Headings of the residence select for commune-level units directly under the province.
RESIDENCE_GROUP_LABELS = {
    UnitKind.commune: N_("Xã"),
    UnitKind.ward: N_("Phường"),
    UnitKind.special_zone: N_("Đặc khu"),
}


def name_key(name: str) -> tuple:
    """Sort Vietnamese names as people expect: letters first, diacritics only to break ties
    ("Cái Bè" before "Chợ Gạo", "Đạo Thạnh" among the D's), numbers by value ("Phường 2"
    before "Phường 10")."""
    folded = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in folded if unicodedata.category(c) != "Mn").casefold()
    parts = tuple((0, int(p), "") if p.isdigit() else (1, 0, p)
                  for p in re.split(r"(\d+)", plain) if p)
    return parts, name


class TreeLine(Protocol):
    """A line of a report by unit: its unit, its parent's, its name; ``tree_order`` sets the rest."""

    unit_id: int
    parent_id: int | None
    name: str
    children: list[int]
    depth: int


L = TypeVar("L", bound=TreeLine)


def tree_order(lines: dict[int, L]) -> list[L]:
    """The lines in reading order: a unit, then its sub-units by name (``name_key``), each with
    its depth under the topmost unit listed and its children's ids. A line whose parent is not
    listed is a top line."""
    keys = {unit_id: name_key(line.name) for unit_id, line in lines.items()}
    for line in lines.values():
        if line.parent_id in lines:
            lines[line.parent_id].children.append(line.unit_id)
    for line in lines.values():
        line.children.sort(key=keys.__getitem__)
    roots = sorted((line for line in lines.values() if line.parent_id not in lines), key=lambda x: keys[x.unit_id])
    ordered: list[L] = []
    stack = [(line, 0) for line in reversed(roots)]
    while stack:
        line, depth = stack.pop()
        line.depth = depth
        ordered.append(line)
        stack.extend((lines[child], depth + 1) for child in reversed(line.children))
    return ordered


def _by_name(unit: Unit) -> tuple:
    return name_key(unit.name)


def province_of(session: Session, unit: Unit) -> Unit | None:
    """The province at the root of ``unit``'s branch (the tree is at most three levels deep)."""
    seen = 0
    while unit is not None and unit.kind != UnitKind.province and seen < 10:
        unit = session.get(Unit, unit.parent_id) if unit.parent_id else None
        seen += 1
    return unit


def home_province(session: Session, code: str) -> Unit | None:
    """The province this deployment serves (``PROVINCE_CODE``), or the only province there is."""
    province = session.exec(select(Unit).where(Unit.kind == UnitKind.province, Unit.code == code)).first()
    if province is None:
        provinces = session.exec(select(Unit).where(Unit.kind == UnitKind.province)).all()
        province = provinces[0] if len(provinces) == 1 else None
    return province


def residence_groups(session: Session,
                     province: Unit | None) -> list[tuple[UnitKind | Unit, list[Unit]]]:
    """Where a citizen of ``province`` may say they live: its active communes, wards and special
    zones, as (heading, units) for one select, each group sorted by name.

    Two-level government (since 1 July 2025): units directly under the province, grouped by kind
    (xã, phường, đặc khu). An older three-level tree: the communes and wards of each active
    district, under that district's name; the district itself is never offered.
    """
    if province is None or not province.active:
        return []
    children = session.exec(select(Unit).where(Unit.parent_id == province.id, Unit.active)).all()
    districts = sorted((u for u in children if u.kind == UnitKind.district), key=_by_name)
    below = session.exec(
        select(Unit).where(Unit.parent_id.in_([d.id for d in districts]), Unit.active,
                           Unit.kind.in_(COMMUNE_LEVEL))
    ).all() if districts else []
    groups = [(kind, [u for u in children if u.kind == kind]) for kind in COMMUNE_LEVEL]
    groups += [(d, [u for u in below if u.parent_id == d.id]) for d in districts]
    return [(heading, sorted(units, key=_by_name)) for heading, units in groups if units]


def is_residence_in(session: Session, unit_id: int, province: Unit | None) -> bool:
    """True when ``unit_id`` is a commune, ward or special zone of ``province`` that takes people:
    it, and the district above it in an older tree, are active. A district is not a residence."""
    unit = session.get(Unit, unit_id)
    if unit is None or province is None or unit.kind not in COMMUNE_LEVEL:
        return False
    branch = [unit]
    while branch[-1].parent_id and len(branch) < 10:
        parent = session.get(Unit, branch[-1].parent_id)
        if parent is None:
            return False
        branch.append(parent)
    return branch[-1].id == province.id and all(u.active for u in branch)


def is_district(session: Session, unit_id: int | None) -> bool:
    unit = session.get(Unit, unit_id) if unit_id else None
    return unit is not None and unit.kind == UnitKind.district


def unit_path(session: Session, unit_id: int | None) -> str:
    """"Phường Mỹ Tho, Tỉnh Đồng Tháp" (or "Xã A, Huyện B, Tỉnh C" in an older tree) for display."""
    names = []
    unit = session.get(Unit, unit_id) if unit_id else None
    while unit is not None and len(names) < 10:
        names.append(unit.name)
        unit = session.get(Unit, unit.parent_id) if unit.parent_id else None
    return ", ".join(names)
