"""The delivery log as the admin page reads it: newest first, filtered, one page at a time.

The recipient is typed as at sign-in (``contest.accounts.services.login_key``: an e-mail in any
case, a phone as +84/84/0 with spaces or dots) and matched against ``Delivery.address`` through
its index: a whole address exactly, or the digits of a partial phone as a prefix (a range of the
index, ``address >= '091' AND address < '092'``). Days are the province's (Asia/Ho_Chi_Minh):
"from" its first moment, "to" included up to its last.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func
from sqlmodel import Session, select

from contest.accounts.services import is_valid_phone, login_key
from contest.notifications.models import Delivery, DeliveryStatus

PAGE_SIZE = 50
PROVINCE_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class Recipient:
    """A typed recipient, folded: ``prefix`` for the digits of a partial phone."""

    key: str
    prefix: bool = False


def recipient(typed: str | None) -> Recipient | None:
    """What ``typed`` looks up: None when nothing (usable) was typed."""
    key = login_key(typed)
    if not key:
        return None
    partial = key.isascii() and key.isdigit() and not is_valid_phone(key)
    return Recipient(key, prefix=partial)


def day_start(day: date) -> datetime:
    """The first moment of a province day, as stored (naive UTC)."""
    return datetime.combine(day, time(), PROVINCE_ZONE).astimezone(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class Filters:
    status: str | None = None
    channel: str | None = None
    kind: str | None = None
    recipient: Recipient | None = None
    #: Province days, both included.
    since: date | None = None
    until: date | None = None


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
    if filters.recipient is not None:
        conditions.append(_address_matches(filters.recipient))
    if filters.since:
        conditions.append(Delivery.created_at >= day_start(filters.since))
    if filters.until:
        conditions.append(Delivery.created_at < day_start(filters.until + timedelta(days=1)))
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


def _address_matches(wanted: Recipient):
    """Exact, or a prefix as a range of the index on ``address`` (the LIKE only re-checks the
    rows of that range: a LIKE alone is not an index search on SQLite, nor on PostgreSQL outside
    the C collation)."""
    if not wanted.prefix:
        return Delivery.address == wanted.key
    after = wanted.key[:-1] + chr(ord(wanted.key[-1]) + 1)
    return and_(Delivery.address >= wanted.key, Delivery.address < after,
                Delivery.address.startswith(wanted.key, autoescape=True))
