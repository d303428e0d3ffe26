"""``notify``: queue a message to a person or an address (the contract other parts code against).

Nothing is sent on the request path. ``notify`` writes the delivery rows and flushes; the
queue tasks are enqueued once the session's transaction commits (``db.on_commit``), so a request
or command that rolls back sends nothing.

A row with a dedupe key is written with one ``INSERT ... ON CONFLICT DO NOTHING RETURNING id``
(the unique constraint decides, also between two hosts running the same reminders), never in a
savepoint: on SQLite a savepoint that is a transaction's first write commits on RELEASE.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import make_transient_to_detached
from sqlmodel import Session, select

from contest.accounts.models import User
from contest.core import db
from contest.core.db import utcnow
from contest.notifications import channels, kinds, limiting, preferences, sealing
from contest.notifications.models import Delivery, DeliveryStatus

log = logging.getLogger(__name__)

_PENDING = "notify_pending"


@dataclass(frozen=True)
class Address:
    channel: str  # "email" | "sms" | "zalo"  (the channel registry's keys)
    value: str  # an e-mail (lower-cased) or a phone as 0xxxxxxxxx


def notify(session: Session, kind: str, *, user: User | None = None, to: Address | None = None,
           params: dict | None = None, dedupe_key: str | None = None,
           fresh: bool = False) -> list[Delivery]:
    """Queue the message `kind` (a key of the kinds registry) to a person or an address.
    Exactly one of user / to.
    - user: sent on the person's chosen channels that they have an address for (default: e-mail
      when they have one, else SMS); a kind with a topic is skipped when the person turned the
      topic off, or when the topic is opt-in and they did not opt in. Essential kinds (topic None:
      password reset, confirmation, "address taken") always go.
    - to: exactly that address (password reset to the typed address, registration messages).
    - params: JSON-able; the kind renders its texts from them (link URLs are built by the caller,
      absolute, from PUBLIC_URL).
    - dedupe_key: a second notify of the same kind to the same person/address with the same key
      does nothing (reminders and announcements run more than once).
    Writes one Delivery row per channel (status "queued"), flushes, never commits; the queue task
    is enqueued only after the request's / command's commit (a rolled-back request sends nothing).
    Past the per-address limit the row is written as "limited", not sent. Two budgets per
    address (``limiting``): the essential kinds (topic None: what a visitor can ask for, such as
    a password reset) count against NOTIFY_PER_ADDRESS, the event kinds (with a topic: round
    opening, prizes, reminders) against NOTIFY_EVENTS_PER_ADDRESS, so thirty reset requests by
    someone else cannot block a person's prize message.

    ``fresh``: the caller already left out the people told with this key (a fan-out reads them
    in one query), so the per-row lookup is skipped; the unique constraint still refuses a
    duplicate.

    A person who does not receive the kind's topic gets no row at all (the list of 20,000
    citizens who did not opt in is not written out); ``skipped`` rows are those whose topic was
    turned off between queueing and sending.

    A message of a kind with a topic sent to a person carries the one-click unsubscribe link
    (in the text, and in the e-mail's List-Unsubscribe header). A channel the kind has no text
    for (a kind without a Zalo template) falls back to SMS for a person, and is recorded as
    failed for an explicit address."""
    if (user is None) == (to is None):
        raise ValueError("notify() takes exactly one of user= or to=")
    spec = kinds.get(kind)
    params = dict(params or {})
    if user is not None:
        if spec.topic is not None and not preferences.topic_on(session, user.id, spec.topic):
            return []
        targets = _person_addresses(session, user, spec)
        recipient = f"user:{user.id}"
    else:
        if to.channel not in channels.CHANNELS:
            raise ValueError(f"unknown channel {to.channel!r}")
        targets = [to]
        recipient = f"{to.channel}:{to.value}"
    unsubscribe = (preferences.unsubscribe_url(user.id, spec.topic)
                   if user is not None and spec.topic is not None else None)
    made = []
    for address in targets:
        if (dedupe_key is not None and not fresh
                and _seen(session, kind, recipient, address.channel, dedupe_key)):
            continue
        delivery = Delivery(kind=kind, channel=address.channel, address=address.value,
                            recipient=recipient, user_id=user.id if user is not None else None,
                            status=DeliveryStatus.queued, dedupe_key=dedupe_key,
                            unsubscribe_url=unsubscribe)
        _render(delivery, spec, params)
        bucket = limiting.bucket_of(spec)
        if delivery.status is DeliveryStatus.queued and not limiting.allow(address.channel,
                                                                            address.value, bucket):
            delivery.status = DeliveryStatus.limited
            delivery.last_error = _("Vượt giới hạn số tin gửi tới địa chỉ này (%(setting)s)",
                                    setting=limiting.SETTINGS[bucket])
        if spec.secret:  # cleared once final; sealed while it waits (``sealing``)
            delivery.body = None if delivery.final else sealing.seal(delivery.body)
        if dedupe_key is not None:
            if not _insert_once(session, delivery):
                continue
        else:
            session.add(delivery)
        made.append(delivery)
    if not made:
        return []
    session.flush()
    _pending(session).extend(d.id for d in made if d.status is DeliveryStatus.queued)
    return made


def _person_addresses(session: Session, user: User, spec) -> list[Address]:
    out: list[Address] = []
    for key in preferences.chosen_channels(session, user):
        if key == "zalo" and not spec.has_zalo:
            key = "sms"  # the kind has no Zalo template: the same phone by SMS
        value = channels.get(key).address_of(user)
        if value and all(a.channel != key for a in out):
            out.append(Address(key, value))
    return out


def _seen(session: Session, kind: str, recipient: str, channel: str, key: str) -> bool:
    return session.exec(select(Delivery.id).where(
        Delivery.kind == kind, Delivery.recipient == recipient, Delivery.channel == channel,
        Delivery.dedupe_key == key)).first() is not None


def _insert_once(session: Session, delivery: Delivery) -> bool:
    """Insert unless the unique constraint already holds the same dedupe key (another run or
    host stored it first): one statement, in the caller's transaction. False when refused."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    values = delivery.model_dump(exclude={"id"})
    statement = (dialect.insert(Delivery).values(**values).on_conflict_do_nothing()
                 .returning(Delivery.id))
    new_id = session.execute(statement).scalar()
    if new_id is None:
        return False
    delivery.id = new_id
    make_transient_to_detached(delivery)
    session.add(delivery)
    return True


def _render(delivery: Delivery, spec, params: dict) -> None:
    """Write the message's texts on the row; a kind without text for the channel fails at once."""
    try:
        subject, body = channels.get(delivery.channel).render(spec, params)
    except NotImplementedError:
        delivery.status = DeliveryStatus.failed
        delivery.last_error = _("Loại tin này không có mẫu cho kênh %(channel)s",
                                channel=delivery.channel)
        return
    if subject:  # a line break in a header is refused by the mail library (and unsafe)
        subject = re.sub(r"[\r\n]+", " ", subject)
    if delivery.unsubscribe_url and delivery.channel != "zalo":
        body = body.rstrip() + "\n\n" + _("Ngừng nhận tin loại này: %(url)s",
                                          url=delivery.unsubscribe_url)
    delivery.subject = subject[:300] if subject else None
    delivery.body = body
    if delivery.final:
        delivery.tried_at = utcnow()


# --- enqueue after commit ----------------------------------------------------------------


def _pending(session: Session) -> list[int]:
    """The ids this session's transaction queued, enqueued once it commits."""
    app = current_app._get_current_object()
    return db.on_commit(session, _PENDING, lambda ids: _enqueue(app, ids))


def _enqueue(app, ids: list[int]) -> None:
    from contest.notifications import queue

    for delivery_id in ids:
        try:
            queue.enqueue(app, delivery_id)
        except Exception:  # the row stays queued; the periodic sweep (or `notify requeue`) sends it
            log.exception("Could not enqueue delivery %s", delivery_id)
