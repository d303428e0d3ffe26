"""The delivery log and each person's choice of channels and topics."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from contest.core.columns import enum_column
from contest.core.db import timestamp
from contest.core.i18n import N_


class DeliveryStatus(enum.StrEnum):
    """Where one message stands. ``queued`` waits for the worker (or for its next try);
    the others are final."""

    queued = "queued"
    sent = "sent"
    #: Refused for good, or still failing after the last try.
    failed = "failed"
    #: Over a per-address limit (NOTIFY_PER_ADDRESS or NOTIFY_EVENTS_PER_ADDRESS): never sent.
    limited = "limited"
    #: Dropped before sending: the person turned the topic off meanwhile, or has no address.
    skipped = "skipped"


#: Vietnamese labels (N_), for the admin page.
STATUS_LABELS = {
    DeliveryStatus.queued: N_("Đang chờ gửi"),
    DeliveryStatus.sent: N_("Đã gửi"),
    DeliveryStatus.failed: N_("Thất bại"),
    DeliveryStatus.limited: N_("Vượt giới hạn"),
    DeliveryStatus.skipped: N_("Bỏ qua"),
}

FINAL = (DeliveryStatus.sent, DeliveryStatus.failed, DeliveryStatus.limited, DeliveryStatus.skipped)


class Delivery(SQLModel, table=True):
    """One message to one address on one channel, and what became of it (the delivery log).

    A second ``notify`` of the same kind to the same recipient on the same channel with the same
    ``dedupe_key`` is refused by the unique constraint (NULL keys never clash)."""

    __table_args__ = (
        UniqueConstraint("kind", "recipient", "channel", "dedupe_key",
                         name="uq_delivery_kind_recipient_channel_dedupe_key"),
        Index("ix_delivery_status_created_at", "status", "created_at"),
        #: The admin log, newest first.
        Index("ix_delivery_created_at", "created_at"),
        #: The log filtered by kind, and "who was already told" of an announcement
        #: (events/jobs.py), which reads kind + dedupe key.
        Index("ix_delivery_kind_dedupe_key", "kind", "dedupe_key"),
        #: The log searched by recipient: an address exactly, or a phone's prefix as a range.
        Index("ix_delivery_address", "address"),
    )

    id: int | None = Field(default=None, primary_key=True)
    #: A key of the kinds registry (contest/notifications/kinds/).
    kind: str = Field(max_length=40)
    #: A key of the channel registry: email, sms, zalo.
    channel: str = Field(max_length=10)
    #: An e-mail (lower-cased) or a phone as 0xxxxxxxxx.
    address: str = Field(max_length=254)
    #: Who it was meant for, for deduplication: ``user:<id>`` or ``<channel>:<address>``.
    recipient: str = Field(max_length=270)
    user_id: int | None = Field(default=None, foreign_key="app_user.id", index=True,
                                ondelete="SET NULL")
    status: DeliveryStatus = Field(sa_column=enum_column(DeliveryStatus, "delivery_status",
                                                         nullable=False))
    #: Tries made so far (each one's outcome lands in ``last_error`` when it failed).
    attempts: int = 0
    #: The last failure, in Vietnamese with the technical detail in brackets.
    last_error: str | None = Field(default=None, max_length=500)
    #: The rendered message (Zalo: the template id and its data as JSON). A secret kind's is
    #: sealed while it waits (``sealing``) and cleared once the outcome is final.
    subject: str | None = Field(default=None, max_length=300)
    body: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    #: The one-click unsubscribe link of a kind with a topic sent to a person (e-mail header).
    unsubscribe_url: str | None = Field(default=None, max_length=500)
    dedupe_key: str | None = Field(default=None, max_length=200)
    created_at: datetime = timestamp()
    sent_at: datetime | None = timestamp(nullable=True)
    #: When the last try ended (sent, failed or waiting for a retry).
    tried_at: datetime | None = timestamp(nullable=True)
    #: A queued row is tried only by the run that claimed it, until this moment (a try in
    #: progress, or the time of the scheduled retry); NULL: never claimed (``delivering``).
    claimed_until: datetime | None = timestamp(nullable=True)

    @property
    def final(self) -> bool:
        return self.status in FINAL


class NotificationPreference(SQLModel, table=True):
    """A person's channels and topics. No row: the defaults (e-mail when they have one, else SMS;
    each topic's default)."""

    __tablename__ = "notification_preference"

    user_id: int = Field(foreign_key="app_user.id", primary_key=True, ondelete="CASCADE")
    #: Channel keys chosen, in order; empty or NULL: the default.
    channels: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    #: Topic key -> on/off, only for the topics the person changed.
    topics: dict[str, bool] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = timestamp()
