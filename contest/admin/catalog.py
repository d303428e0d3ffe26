"""Job positions and fields of management: two small lists with the same rules. Each operation
takes the session, flushes and never commits."""

from __future__ import annotations

from sqlmodel import Session, select

from contest.accounts.models import Field, JobPosition
from contest.accounts.units import name_key
from contest.admin.units import AdminError
from contest.core.i18n import N_

CatalogItem = JobPosition | Field


def list_items(session: Session, model: type[CatalogItem]) -> list[CatalogItem]:
    """Active items first, then by name."""
    items = session.exec(select(model)).all()
    return sorted(items, key=lambda i: (not i.active, name_key(i.name)))


def active_choices(session: Session, model: type[CatalogItem]) -> list[tuple[int, str]]:
    return [(i.id, i.name) for i in list_items(session, model) if i.active]


def create_item(session: Session, model: type[CatalogItem], name: str) -> CatalogItem:
    """Names are unique ignoring case ("Đất đai" and "đất đai" are one field)."""
    name = " ".join(name.split())
    _ensure_unique(session, model, name)
    item = model(name=name)
    session.add(item)
    session.flush()
    return item


def rename_item(session: Session, item: CatalogItem, name: str) -> None:
    """Rename, keeping names unique ignoring case; people and questions keep the item."""
    name = " ".join(name.split())
    _ensure_unique(session, type(item), name, exclude_id=item.id)
    item.name = name
    session.flush()


def set_item_active(session: Session, item: CatalogItem, active: bool) -> None:
    """A deactivated item stays on the people who hold it but is no longer offered."""
    item.active = active
    session.flush()


def _ensure_unique(session: Session, model: type[CatalogItem], name: str,
                   exclude_id: int | None = None) -> None:
    folded = name.casefold()
    for other in session.exec(select(model)):
        if other.id != exclude_id and other.name.casefold() == folded:
            raise AdminError(N_("Tên «%(name)s» đã có trong danh sách (không phân biệt chữ hoa, "
                                "chữ thường)."), "name", name=other.name)
