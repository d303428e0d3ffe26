"""Each person's channels and topics, and the one-click unsubscribe token.

Channels: those chosen among the ones the person has an address for; by default e-mail when
they have one, else SMS. Topics: each topic's default unless the person changed it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlmodel import Session, select

from contest.accounts.models import User
from contest.core.db import utcnow
from contest.notifications import channels, topics
from contest.notifications.models import NotificationPreference

_SALT = "notify-unsubscribe"
_NONE = "notify_no_preference"


def preference(session: Session, user_id: int) -> NotificationPreference | None:
    if user_id in session.info.get(_NONE, ()):
        return None
    return session.get(NotificationPreference, user_id)


@contextmanager
def preloaded(session: Session, user_ids: list[int]) -> Iterator[None]:
    """Within the block, the preferences of ``user_ids`` are read from one query (a fan-out's
    batch), not one lookup per person; those without a row are known to have none."""
    rows = session.exec(select(NotificationPreference).where(
        NotificationPreference.user_id.in_(list(user_ids)))).all()
    session.info[_NONE] = set(user_ids) - {row.user_id for row in rows}
    try:
        yield
    finally:
        session.info.pop(_NONE, None)


def available_channels(user: User) -> list[str]:
    """Channel keys the person has an address for, in the registry's order."""
    return [key for key, channel in channels.CHANNELS.items() if channel.address_of(user)]


def default_channels(user: User) -> list[str]:
    if user.email:
        return ["email"]
    return ["sms"] if user.phone else []


def chosen_channels(session: Session, user: User) -> list[str]:
    """The channels a message to ``user`` goes on (only those they have an address for)."""
    pref = preference(session, user.id)
    available = available_channels(user)
    chosen = [c for c in (pref.channels or []) if c in available] if pref else []
    return chosen or default_channels(user)


def topic_on(session: Session, user_id: int, topic: str) -> bool:
    pref = preference(session, user_id)
    if pref is not None and topic in pref.topics:
        return bool(pref.topics[topic])
    return topics.get(topic).default


def topic_states(session: Session, user_id: int) -> dict[str, bool]:
    return {key: topic_on(session, user_id, key) for key in topics.TOPICS}


def _row(session: Session, user_id: int) -> NotificationPreference:
    pref = preference(session, user_id)
    if pref is None:
        session.info.get(_NONE, set()).discard(user_id)
        pref = NotificationPreference(user_id=user_id, topics={})
        session.add(pref)
    return pref


def save(session: Session, user: User, chosen: list[str], topic_states_: dict[str, bool]) -> None:
    """Keep the person's choice. Channels they have no address for are dropped; an empty
    ``chosen`` keeps the default (the preferences page never sends one: it asks for at least one
    channel, ``PreferencesForm``). Only the topics in ``topic_states_`` change (the page sends
    those of the person's role); the others keep their state."""
    pref = _row(session, user.id)
    available = available_channels(user)
    pref.channels = [c for c in chosen if c in available] or None
    pref.topics = {**(pref.topics or {}),
                   **{k: bool(v) for k, v in topic_states_.items() if k in topics.TOPICS}}
    pref.updated_at = utcnow()
    session.flush()


def turn_off(session: Session, user_id: int, topic: str) -> None:
    """The person stops receiving ``topic`` (one-click unsubscribe)."""
    pref = _row(session, user_id)
    pref.topics = {**(pref.topics or {}), topic: False}
    pref.updated_at = utcnow()
    session.flush()


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def unsubscribe_token(user_id: int, topic: str) -> str:
    """A token naming the person and the topic, signed with SECRET_KEY. It does not expire: a
    mail read months later must still stop the next one."""
    return _serializer().dumps([user_id, topic])


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(user id, topic) of a genuine token; None for a forged or damaged one."""
    try:
        user_id, topic = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or topic not in topics.TOPICS:
        return None
    return user_id, topic


def unsubscribe_url(user_id: int, topic: str) -> str:
    """The absolute link (PUBLIC_URL + the route's path) a message of ``topic`` carries."""
    from contest.notifications.events.texts import link

    return link("notifications.unsubscribe", token=unsubscribe_token(user_id, topic))
