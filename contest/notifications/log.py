"""The delivery log as the admin page reads it: newest first, filtered, one page at a time."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import Session, select

from contest.notifications.models import Delivery, DeliveryStatus

PAGE_SIZE = 50


@dataclass(frozen=True)
class Filters:
    status: str | None = None
    channel: str | None = None
    kind: str | None = None


@dataclass
class LogPage:
    deliveries: list[Delivery]
    total: int
    page: int
    pages: int
    #: user id -> full name, for the rows sent to a person.
    names: dict[int, str] = field(default_factory=dict)


def search(session: Session, filters: Filters, page: int = 1) -> LogPage:
    """Deliveries matching ``filters``, newest first (``page`` is clamped to the last page)."""
    from contest.accounts.models import User

    conditions = []
    if filters.status:
        conditions.append(Delivery.status == DeliveryStatus(filters.status))
    if filters.channel:
        conditions.append(Delivery.channel == filters.channel)
    if filters.kind:
        conditions.append(Delivery.kind == filters.kind)
    total = session.exec(select(func.count()).select_from(Delivery).where(*conditions)).one()
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = session.exec(select(Delivery).where(*conditions)
                        .order_by(Delivery.created_at.desc(), Delivery.id.desc())
                        .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    user_ids = {d.user_id for d in rows if d.user_id}
    names = dict(session.exec(select(User.id, User.full_name).where(User.id.in_(user_ids))).all()) \
        if user_ids else {}
    return LogPage(deliveries=list(rows), total=total, page=page, pages=pages, names=names)
