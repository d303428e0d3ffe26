"""The drop-down lists of the officials' import template, from the deployment's own catalogue."""

from __future__ import annotations

from collections import Counter

from sqlmodel import Session, select

from contest.accounts.models import Field, JobPosition
from contest.accounts.units import name_key
from contest.admin.official_sheet import TemplateLists
from contest.admin.units import load_tree, walk


def template_lists(session: Session) -> TemplateLists:
    """Every value the import would accept for a row, one per unit, position and field that takes
    people: an active position or field by its name; a unit offered to people (active, under
    active units) by its name when no other offered unit has that name or code, else by its code
    (the import matches a code first, then a unique name). A same-named unit without a code cannot
    be named in a sheet and is left out; the guide explains each unit listed by code."""
    offered = [node for node in walk(load_tree(session)) if node.offered]
    parents = {child.unit.id: node.unit for node in offered for child in node.children}
    names = Counter(node.unit.name.casefold() for node in offered)
    codes = {node.unit.code.casefold(): node.unit.id for node in offered if node.unit.code}
    lists = TemplateLists()
    for node in offered:
        unit, key = node.unit, node.unit.name.casefold()
        if names[key] == 1 and codes.get(key, unit.id) == unit.id:
            lists.units.append(unit.name)
        elif unit.code:
            lists.units.append(unit.code)
            parent = parents.get(unit.id)
            lists.unit_codes.append((unit.code, f"{unit.name} ({parent.name})" if parent
                                     else unit.name))
    for model, values in ((JobPosition, lists.positions), (Field, lists.fields)):
        items = session.exec(select(model.name).where(model.active)).all()
        values.extend(sorted(items, key=name_key))
    return lists
