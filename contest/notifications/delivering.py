"""One try of one delivery: what the queue task runs.

The rules:
- Only a ``queued`` row is tried, and only by the run that claimed it: a guarded UPDATE sets
  ``claimed_until`` (now + ``CLAIM``) where the row is queued and not claimed by a run in
  progress, and commits, before anything is sent; so two tasks for one row (a requeue, the
  sweep, two worker threads) send it once. A worker killed mid-try leaves the row queued with a
  claim that expires; the periodic sweep (``stale``, run by the ``events_due`` task every five
  minutes) queues such rows again, and rows whose task was never queued.
- The outcome is written by a guarded UPDATE, only while the row still holds this run's claim
  (the claim value is the run's token): a run whose claim expired cannot overwrite a newer
  outcome. A failed commit of the outcome is written again in a fresh transaction (else the
  sweep would send a sent message again); an unexpected error anywhere in a try records it as
  ``failed`` (the sweep would otherwise re-queue it forever).
- Waiting for a retry, ``claimed_until`` holds the retry's time: a duplicate task cannot try
  before it; the scheduled retry carries that value (``Retry.token``) and may.
- A kind with a topic sent to a person is ``skipped`` if the person turned the topic off since.
- A channel with a server configured sends through it. Without one, development
  (NOTIFY_OUTBOX) writes the message to the outbox folder (counted as sent); production records
  ``failed`` with "chưa cấu hình".
- A temporary failure (network, timeout, 5xx, SMTP 4xx) is tried again after
  NOTIFY_RETRY_SECONDS x 2^(tries-1), up to NOTIFY_MAX_RETRIES retries; then ``failed``. A
  permanent one (SMTP 5xx, HTTP 4xx, Zalo error) is ``failed`` at once.
- A secret kind (a reset link or code) is never tried after its life (PASSWORD_RESET_MINUTES, or
  the kind's own ``lifetime_setting``) from its creation (its link is dead by then): it is ``failed`` as expired, also instead of a retry
  that would come too late.
- Every try increments ``attempts`` and leaves its failure in ``last_error``; a secret kind's
  content is sealed while it waits (``sealing``) and cleared once the outcome is final, and its
  ``last_error`` keeps nothing of the content (a gateway echoing the code is redacted; the HTTP
  channels never put a response body in an error).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, or_, update
from sqlmodel import select

from contest.core import db
from contest.core.db import utcnow
from contest.notifications import channels, kinds, outbox, preferences, sealing
from contest.notifications.channels import Message, PermanentFailure, TemporaryFailure
from contest.notifications.models import Delivery, DeliveryStatus

log = logging.getLogger(__name__)

#: How long a try holds its row (far longer than a send: every channel times out in 5 s).
CLAIM = timedelta(minutes=5)
#: A queued row left alone this long (no try in progress) is queued again by the sweep.
STALE = timedelta(minutes=5)
#: Rows the sweep queues again per run.
SWEEP_BATCH = 500


def retry_delay(config, attempts: int) -> float:
    """Seconds before the next try after ``attempts`` tries (exponential backoff)."""
    return config["NOTIFY_RETRY_SECONDS"] * 2 ** max(attempts - 1, 0)


class Retry(NamedTuple):
    """A temporary failure, recorded: the next try in ``seconds``; the retry task carries
    ``token`` (the row's ``claimed_until``, ISO format) so that it, and only it, may try before
    that time (tests and ``--wait`` run retries early)."""

    seconds: float
    token: str


def claim(session, delivery_id: int, now: datetime, token: str | None = None) -> datetime | None:
    """Take the row for one try (see the module's rules); returns this run's claim value (the
    claim token its outcome is written with), or None when another run holds the row or the
    row waits for a scheduled retry (``token`` is that retry's, which may claim it at once).
    Flushes the UPDATE only: the caller commits it before sending."""
    mine = now + CLAIM
    free = or_(Delivery.claimed_until.is_(None), Delivery.claimed_until <= now)
    if token:
        free = or_(free, Delivery.claimed_until == datetime.fromisoformat(token))
    result = session.execute(
        update(Delivery).where(
            Delivery.id == delivery_id, Delivery.status == DeliveryStatus.queued, free)
        .values(claimed_until=mine).execution_options(synchronize_session=False))
    return mine if result.rowcount == 1 else None


def attempt(delivery_id: int, token: str | None = None) -> Retry | None:
    """Claim the delivery and commit the claim, make one try, and record its outcome (see
    ``_record``). Returns the next try (a ``Retry``), which the caller (the queue task)
    schedules, or None. An unexpected error anywhere in the try is logged and the delivery
    is recorded as failed (a try counted), so the sweep does not re-queue it forever."""
    session = db.session()
    mine = claim(session, delivery_id, utcnow(), token)
    if mine is None:
        db.finish(False)
        return None
    if not db.finish(True):
        return None
    delivery = session.get(Delivery, delivery_id, populate_existing=True)
    if delivery is None:
        return None
    kind = delivery.kind
    try:
        outcome = _try(session, delivery, current_app.config)
    except Exception as err:
        log.exception("Delivery %s: unexpected error outside the send; recorded as failed",
                      delivery_id)
        db.finish(False)
        outcome = _Outcome(_final(DeliveryStatus.failed, _unexpected_text(err), _is_secret(kind),
                                  attempts=Delivery.attempts + 1, tried_at=utcnow()))
    return _record(session, delivery_id, mine, outcome)


def stale(session, now: datetime) -> list[int]:
    """Queued rows nobody is trying: never claimed, or whose claim or scheduled retry time
    (both in ``claimed_until``) passed ``STALE`` ago (a worker killed mid-try, a retry task
    lost), left alone for ``STALE``; at most ``SWEEP_BATCH``, oldest first. The periodic task
    queues them again. (A row without ``claimed_until`` but with tries, from before retries
    kept their time there, waits for its computed retry time.)"""
    rows = session.exec(select(Delivery.id, Delivery.attempts, Delivery.tried_at).where(
        Delivery.status == DeliveryStatus.queued,
        or_(Delivery.claimed_until.is_(None), Delivery.claimed_until < now - STALE),
        func.coalesce(Delivery.tried_at, Delivery.created_at) < now - STALE)
        .order_by(Delivery.id).limit(SWEEP_BATCH)).all()
    config = current_app.config
    return [delivery_id for delivery_id, attempts, tried_at in rows
            if not attempts or tried_at is None
            or tried_at + timedelta(seconds=retry_delay(config, attempts)) + STALE < now]


@dataclass
class _Outcome:
    """What a try leaves on its row: the column values, and the next try after a temporary
    failure (its ``claimed_until`` is in ``values``)."""

    values: dict
    retry_in: float | None = None


def _try(session, delivery: Delivery, config) -> _Outcome:
    """Try once; returns the outcome to record (the row itself is not changed here)."""
    try:
        spec = kinds.get(delivery.kind)
    except KeyError:
        spec = None
    now = utcnow()
    if spec is None:
        return _Outcome(_final(DeliveryStatus.failed, _("Loại tin không còn tồn tại (%(kind)s)",
                                                        kind=delivery.kind), secret=True))
    expires = (delivery.created_at + timedelta(minutes=config[spec.lifetime_setting])
               if spec.secret else None)
    if expires is not None and now >= expires:
        return _Outcome(_final(DeliveryStatus.failed, _expired_text(), secret=True))
    if (spec.topic is not None and delivery.user_id is not None
            and not preferences.topic_on(session, delivery.user_id, spec.topic)):
        return _Outcome(_final(DeliveryStatus.skipped, _("Người nhận đã tắt loại tin này"),
                               spec.secret))
    channel = channels.get(delivery.channel)
    body = sealing.unseal(delivery.body)
    if body is None and delivery.body is not None:
        return _Outcome(_final(DeliveryStatus.failed,
                               _("Không mở được nội dung tin (SECRET_KEY đã đổi)"), secret=True))
    message = Message(delivery_id=delivery.id, kind=delivery.kind, to=delivery.address,
                      subject=delivery.subject, body=body or "",
                      unsubscribe_url=delivery.unsubscribe_url)
    tried = {"attempts": delivery.attempts + 1, "tried_at": now}
    try:
        if channel.configured(config):
            channel.send(message, config)
        elif config["NOTIFY_OUTBOX"]:
            outbox.write(config["NOTIFY_OUTBOX_DIR"], delivery.id, channel.key,
                         channel.outbox_text(message, config))
        else:
            raise PermanentFailure(_("Kênh %(channel)s chưa cấu hình (thiếu %(setting)s)",
                                     channel=_(channel.label), setting=channel.setting))
    except PermanentFailure as err:
        text = _redact(err.text, body) if spec.secret else err.text
        return _Outcome(_final(DeliveryStatus.failed, text, spec.secret, **tried))
    except Exception as err:
        if isinstance(err, TemporaryFailure):
            text = err.text
        else:
            log.exception("Delivery %s: unexpected error", delivery.id)
            text = _unexpected_text(err)
        if spec.secret:
            text = _redact(text, body)
        if tried["attempts"] > config["NOTIFY_MAX_RETRIES"]:
            return _Outcome(_final(DeliveryStatus.failed, text, spec.secret, **tried))
        delay = retry_delay(config, tried["attempts"])
        if expires is not None and now + timedelta(seconds=delay) >= expires:
            return _Outcome(_final(DeliveryStatus.failed, f"{_expired_text()} {text}", True,
                                   **tried))
        # claimed_until holds the retry's time: a duplicate task cannot try before it.
        return _Outcome({**tried, "last_error": text[:500],
                         "claimed_until": utcnow() + timedelta(seconds=delay)}, delay)
    return _Outcome(_final(DeliveryStatus.sent, delivery.last_error, spec.secret,
                           sent_at=utcnow(), **tried))


def _record(session, delivery_id: int, mine: datetime, outcome: _Outcome) -> Retry | None:
    """Write the outcome with a guarded UPDATE: only while the row is queued and still holds
    this run's claim (``mine``), so a run whose claim expired cannot overwrite the outcome of
    the run that took the row over. When the commit fails (after a send that went out), the
    outcome is written again in a fresh transaction, so the sweep does not send it twice; when
    that fails too, an ERROR is logged (the row is tried again once the claim expires)."""
    for _round in range(2):
        try:
            written = session.execute(
                update(Delivery).where(Delivery.id == delivery_id,
                                       Delivery.status == DeliveryStatus.queued,
                                       Delivery.claimed_until == mine)
                .values(**outcome.values).execution_options(synchronize_session=False)
            ).rowcount == 1
        except Exception:
            log.exception("Delivery %s: writing the outcome failed", delivery_id)
            db.finish(False)
            continue
        if not db.finish(True):
            continue
        if not written:
            log.warning("Delivery %s: outcome (%s) not recorded, another run holds the row",
                        delivery_id, outcome.values.get("status", "retry"))
            return None
        if outcome.retry_in is None:
            return None
        return Retry(outcome.retry_in, outcome.values["claimed_until"].isoformat())
    log.error("Delivery %s: the outcome (%s) could not be recorded; the row stays claimed "
              "and may be tried again when the claim expires", delivery_id,
              outcome.values.get("status", "retry"))
    return None


def _expired_text() -> str:
    return _("Hết hạn: liên kết hoặc mã trong tin đã quá hạn dùng, không gửi nữa")


def _unexpected_text(err: Exception) -> str:
    return _("Lỗi không lường trước (%(detail)s)", detail=f"{type(err).__name__}: {err}"[:300])


def _is_secret(kind: str) -> bool:
    """Whether ``kind`` is a secret kind; an unknown or broken kind counts as secret (its
    content is cleared)."""
    try:
        return bool(kinds.get(kind).secret)
    except Exception:
        return True


def _redact(text: str, body: str | None) -> str:
    """A secret kind's failure text without anything of its content (a gateway echoing the
    code or link back): every run of 6+ letters or digits of the body found in the text."""
    for word in set(re.findall(r"[\w\-]{6,}", body or "")):
        text = text.replace(word, "…")
    return text


def _final(status: DeliveryStatus, error: str | None, secret: bool, **values) -> dict:
    """The values of a final outcome: no claim, the last error, and no content for a secret
    kind."""
    values.update(status=status, claimed_until=None, last_error=error[:500] if error else None)
    if secret:
        values["body"] = None
    return values
