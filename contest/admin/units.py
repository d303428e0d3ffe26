"""The organisation tree as the admin shapes it. Each operation takes the session, flushes and
never commits; a refused rule raises ``AdminError`` naming the form field it belongs to."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from contest.accounts.models import ALLOWED_PARENT, Unit, UnitKind, User
from contest.accounts.services import AccountError
from contest.accounts.units import name_key
from contest.core.i18n import N_

_KIND_ORDER = {UnitKind.province: 0, UnitKind.department: 1, UnitKind.district: 2,
               UnitKind.commune: 3, UnitKind.ward: 3, UnitKind.special_zone: 3}


class AdminError(AccountError):
    """A refused admin operation: a catalogue message with its parameters, shown on ``field``."""

    def __init__(self, message: str, field: str | None = None, **params: Any):
        super().__init__(message, field)
        self.params = params


@dataclass
class TreeNode:
    unit: Unit
    depth: int = 0
    #: False when the unit or one of its ancestors is deactivated: it takes no one new.
    offered: bool = True
    children: list[TreeNode] = field(default_factory=list)


def load_tree(session: Session) -> list[TreeNode]:
    """The whole tree, roots first; siblings ordered by kind (departments before districts before
    communes) then name. One query: a province has at most a few hundred units."""
    units = session.exec(select(Unit)).all()
    nodes = {u.id: TreeNode(u) for u in units}
    roots: list[TreeNode] = []
    for node in sorted(nodes.values(), key=lambda n: (_KIND_ORDER[n.unit.kind], name_key(n.unit.name))):
        parent = nodes.get(node.unit.parent_id)
        (parent.children if parent else roots).append(node)
    _mark(roots, 0, True)
    return roots


def _mark(nodes: list[TreeNode], depth: int, offered: bool) -> None:
    for node in nodes:
        node.depth = depth
        node.offered = offered and node.unit.active
        _mark(node.children, depth + 1, node.offered)


def walk(nodes: list[TreeNode]):
    """Every node of ``nodes`` and below, in display order."""
    for node in nodes:
        yield node
        yield from walk(node.children)


def find(nodes: list[TreeNode], unit_id: int | None) -> TreeNode | None:
    return next((n for n in walk(nodes) if n.unit.id == unit_id), None)


def subtree_ids(tree: list[TreeNode], unit_id: int) -> set[int]:
    """``unit_id`` and all units below it (empty when it does not exist)."""
    node = find(tree, unit_id)
    return {n.unit.id for n in walk([node])} if node else set()


def unit_choices(tree: list[TreeNode], *, offered_only: bool = True,
                 kinds: tuple[UnitKind, ...] | None = None,
                 exclude: set[int] = frozenset()) -> list[tuple[int, str]]:
    """(id, label) for a select, indented by depth; by default only units that take people."""
    return [(n.unit.id, "— " * n.depth + n.unit.name) for n in walk(tree)
            if (n.offered or not offered_only) and (kinds is None or n.unit.kind in kinds)
            and n.unit.id not in exclude]


def parent_kinds(kind: UnitKind) -> tuple[UnitKind, ...]:
    return tuple(k for k in ALLOWED_PARENT[kind] if k is not None)


def create_unit(session: Session, *, name: str, kind: UnitKind | str, parent_id: int | None,
                code: str | None = None) -> Unit:
    """Add a unit under an active parent whose kind ``ALLOWED_PARENT`` permits (a province has
    none); the code, when given, is unique, and siblings never share a name."""
    if kind not in {k.value for k in UnitKind}:
        raise AdminError(N_("Hãy chọn cấp đơn vị trong danh sách."), "kind")
    kind = UnitKind(kind)
    unit = Unit(name=name.strip(), kind=kind, code=(code or "").strip() or None)
    _check_parent(session, unit, parent_id, "parent_id")
    _check_code(session, unit.code)
    unit.parent_id = parent_id
    _check_sibling_name(session, unit, unit.name, parent_id)
    session.add(unit)
    session.flush()
    return unit


def rename_unit(session: Session, unit: Unit, name: str) -> None:
    """Rename; siblings never share a name (ignoring case), so imports can match by name."""
    _check_sibling_name(session, unit, name.strip(), unit.parent_id)
    unit.name = name.strip()
    session.flush()


def move_unit(session: Session, unit: Unit, parent_id: int | None) -> None:
    """Move ``unit`` (with its branch) under another active parent. Refused: under itself or one
    of its own descendants (a cycle), or under a kind ``ALLOWED_PARENT`` does not permit."""
    if parent_id is not None and parent_id in subtree_ids(load_tree(session), unit.id):
        raise AdminError(N_("Không thể chuyển một đơn vị vào chính nó hoặc đơn vị trực thuộc nó."),
                         "parent_id")
    _check_parent(session, unit, parent_id, "parent_id")
    _check_sibling_name(session, unit, unit.name, parent_id)
    unit.parent_id = parent_id
    session.flush()


@dataclass(frozen=True)
class Reach:
    """What deactivating a unit touches: the units below it and the people in its branch."""

    units: int
    people: int


def reach(session: Session, unit: Unit) -> Reach:
    ids = subtree_ids(load_tree(session), unit.id)
    people = session.exec(select(func.count()).select_from(User).where(User.unit_id.in_(ids))).one()
    return Reach(len(ids) - 1, people)


def set_unit_active(session: Session, unit: Unit, active: bool) -> None:
    """Deactivate or reactivate. A deactivated unit keeps its people and history but is offered
    to no one new, and neither is its branch (registration, staff accounts, imports)."""
    unit.active = active
    session.flush()


def _check_parent(session: Session, unit: Unit, parent_id: int | None, field_name: str) -> None:
    parent = session.get(Unit, parent_id) if parent_id is not None else None
    if parent_id is not None and parent is None:
        raise AdminError(N_("Hãy chọn đơn vị trong danh sách."), field_name)
    if (parent.kind if parent else None) not in ALLOWED_PARENT[unit.kind]:
        raise AdminError(_parent_rule(unit.kind), field_name)
    if parent is not None and not parent.active:
        raise AdminError(N_("Đơn vị này đã ngừng hoạt động; hãy chọn đơn vị khác."), field_name)


def _parent_rule(kind: UnitKind) -> str:
    return {
        UnitKind.province: N_("Cấp tỉnh không trực thuộc đơn vị nào."),
        UnitKind.department: N_("Sở, ban, ngành phải trực thuộc một tỉnh."),
        UnitKind.district: N_("Huyện, quận, thị xã phải trực thuộc một tỉnh."),
        UnitKind.commune: N_("Xã, phường, thị trấn phải trực thuộc một tỉnh hoặc một huyện."),
        UnitKind.ward: N_("Phường phải trực thuộc một tỉnh (hoặc một huyện của cây ba cấp cũ)."),
        UnitKind.special_zone: N_("Đặc khu phải trực thuộc một tỉnh."),
    }[kind]


def _check_code(session: Session, code: str | None) -> None:
    if code and session.exec(select(Unit.id).where(Unit.code == code)).first() is not None:
        raise AdminError(N_("Mã đơn vị này đã được dùng cho đơn vị khác."), "code")


def _check_sibling_name(session: Session, unit: Unit, name: str, parent_id: int | None) -> None:
    siblings = session.exec(select(Unit).where(Unit.parent_id == parent_id)).all()
    if any(s.name.casefold() == name.casefold() and s.id != unit.id for s in siblings):
        raise AdminError(N_("Đã có đơn vị tên «%(name)s» ở cùng cấp trực thuộc."),
                         "name" if unit.parent_id == parent_id else "parent_id", name=name)
