"""Queries on the organisation tree."""

from __future__ import annotations

from sqlmodel import Session, select

from contest.accounts.models import Unit, UnitKind


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


def residence_choices(session: Session, province: Unit | None) -> list[tuple[int, str]]:
    """Active districts and their communes of ``province`` as (id, label), for citizens' profiles;
    communes directly under the province (two-level local government, 2025) are listed too.

    Labels indent communes under their district, so one select serves a slow phone well.
    """
    if province is None:
        return []
    top = session.exec(
        select(Unit).where(Unit.parent_id == province.id,
                           Unit.kind.in_([UnitKind.district, UnitKind.commune]),
                           Unit.active).order_by(Unit.name)
    ).all()
    districts = [u for u in top if u.kind == UnitKind.district]
    communes = session.exec(
        select(Unit).where(Unit.parent_id.in_([d.id for d in districts]), Unit.active)
        .order_by(Unit.name)
    ).all()
    by_district: dict[int, list[Unit]] = {}
    for commune in communes:
        by_district.setdefault(commune.parent_id, []).append(commune)
    choices = []
    for unit in top:
        choices.append((unit.id, unit.name))
        choices.extend((c.id, f"— {c.name}") for c in by_district.get(unit.id, []))
    return choices


def is_residence_in(session: Session, unit_id: int, province: Unit | None) -> bool:
    """True when ``unit_id`` is an active district or commune of ``province``."""
    unit = session.get(Unit, unit_id)
    if unit is None or province is None or not unit.active:
        return False
    if unit.kind not in (UnitKind.district, UnitKind.commune):
        return False
    root = province_of(session, unit)
    return root is not None and root.id == province.id


def unit_path(session: Session, unit_id: int | None) -> str:
    """"Xã A, Huyện B, Tỉnh C" for display."""
    names = []
    unit = session.get(Unit, unit_id) if unit_id else None
    while unit is not None and len(names) < 10:
        names.append(unit.name)
        unit = session.get(Unit, unit.parent_id) if unit.parent_id else None
    return ", ".join(names)
