"""``notify``: queue a message to a person or an address (the contract other parts code against).

Nothing is sent on the request path. ``notify`` writes the delivery rows and flushes; the
queue tasks are enqueued by the session's ``after_commit`` event, from the ids collected in
``session.info``, so a request or command that rolls back sends nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from contest.accounts.models import User
from contest.core.db import utcnow
from contest.notifications import channels, kinds, limiting, preferences
from contest.notifications.models import Delivery, DeliveryStatus

log = logging.getLogger(__name__)

_PENDING = "notify_pending"
_APP = "notify_app"
_LISTENING = "notify_listening"


@dataclass(frozen=True)
class Address:
    channel: str  # "email" | "sms" | "zalo"  (the channel registry's keys)
    value: str  # an e-mail (lower-cased) or a phone as 0xxxxxxxxx


def notify(session: Session, kind: str, *, user: User | None = None, to: Address | None = None,
           params: dict | None = None, dedupe_key: str | None = None) -> list[Delivery]:
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
    Past the per-address limit (NOTIFY_PER_ADDRESS) the row is written as "limited", not sent.

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
        if dedupe_key is not None and _seen(session, kind, recipient, address.channel, dedupe_key):
            continue
        delivery = Delivery(kind=kind, channel=address.channel, address=address.value,
                            recipient=recipient, user_id=user.id if user is not None else None,
                            status=DeliveryStatus.queued, dedupe_key=dedupe_key,
                            unsubscribe_url=unsubscribe)
        _render(delivery, spec, params)
        if delivery.status is DeliveryStatus.queued and not limiting.allow(address.channel,
                                                                            address.value):
            delivery.status = DeliveryStatus.limited
            delivery.last_error = _("Vượt giới hạn số tin gửi tới địa chỉ này (NOTIFY_PER_ADDRESS)")
        if delivery.final and spec.secret:
            delivery.body = None
        if dedupe_key is not None and not _insert_once(session, delivery):
            continue
        session.add(delivery)
        made.append(delivery)
    if not made:
        return []
    session.flush()
    pending = _pending(session)
    pending.extend(d.id for d in made if d.status is DeliveryStatus.queued)
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
    """Insert in a savepoint: False when another transaction stored the same dedupe key first
    (two hosts running the same reminders), which the unique constraint refuses."""
    try:
        with session.begin_nested():
            session.add(delivery)
    except IntegrityError:
        return False
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
    if delivery.unsubscribe_url and delivery.channel != "zalo":
        body = body.rstrip() + "\n\n" + _("Ngừng nhận tin loại này: %(url)s",
                                          url=delivery.unsubscribe_url)
    delivery.subject = subject[:300] if subject else None
    delivery.body = body
    if delivery.final:
        delivery.tried_at = utcnow()


# --- enqueue after commit ----------------------------------------------------------------


def _pending(session: Session) -> list[int]:
    """The ids this session's transaction queued; the first call makes the session listen."""
    info = session.info
    if not info.get(_LISTENING):
        info[_LISTENING] = True
        event.listen(session, "after_commit", _after_commit)
        event.listen(session, "after_soft_rollback", _after_rollback)
    info[_APP] = current_app._get_current_object()
    return info.setdefault(_PENDING, [])


def _after_commit(session: Session) -> None:
    ids = session.info.pop(_PENDING, [])
    app = session.info.get(_APP)
    if not ids or app is None:
        return
    from contest.notifications import queue

    for delivery_id in ids:
        try:
            queue.enqueue(app, delivery_id)
        except Exception:  # the row stays queued; `flask notify requeue` picks it up
            log.exception("Could not enqueue delivery %s", delivery_id)


def _after_rollback(session: Session, previous_transaction) -> None:
    """The whole transaction rolled back: nothing it queued goes. A savepoint rolled back inside
    it keeps the list (its own rows are gone; their tasks find nothing and do nothing)."""
    if previous_transaction.parent is None:
        session.info.pop(_PENDING, None)
