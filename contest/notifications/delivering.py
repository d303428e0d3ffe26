"""One try of one delivery: what the queue task runs.

The rules:
- Only a ``queued`` row is tried, and only by the run that claimed it: a guarded UPDATE sets
  ``claimed_until`` (now + ``CLAIM``) where the row is queued and not claimed by a run in
  progress, and commits, before anything is sent; so two tasks for one row (a requeue, the
  sweep, two worker threads) send it once. A worker killed mid-try leaves the row queued with a
  claim that expires; the periodic sweep (``stale``, run by the ``events_due`` task every five
  minutes) queues such rows again, and rows whose task was never queued.
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
  content is sealed while it waits (``sealing``) and cleared once the outcome is final.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

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


def claim(session, delivery_id: int, now: datetime) -> bool:
    """Take the row for one try (see the module's rules); True when this run got it. Flushes
    the UPDATE only: the caller commits it before sending."""
    result = session.execute(
        update(Delivery).where(
            Delivery.id == delivery_id, Delivery.status == DeliveryStatus.queued,
            or_(Delivery.claimed_until.is_(None), Delivery.claimed_until <= now))
        .values(claimed_until=now + CLAIM).execution_options(synchronize_session=False))
    return result.rowcount == 1


def attempt(delivery_id: int) -> float | None:
    """Claim the delivery and commit the claim, make one try, and commit its outcome (see the
    module's rules). Returns the seconds before the next try, which the caller (the queue task)
    schedules, or None."""
    session = db.session()
    if not claim(session, delivery_id, utcnow()):
        db.finish(False)
        return None
    if not db.finish(True):
        return None
    delivery = session.get(Delivery, delivery_id, populate_existing=True)
    if delivery is None:
        return None
    retry_in = _try(session, delivery, current_app.config)
    if not db.finish(True):
        return None
    return retry_in


def stale(session, now: datetime) -> list[int]:
    """Queued rows nobody is trying: never claimed, or whose claim expired (a worker killed
    mid-try), left alone for ``STALE``, and not waiting for a scheduled retry; at most
    ``SWEEP_BATCH``, oldest first. The periodic task queues them again."""
    rows = session.exec(select(Delivery.id, Delivery.attempts, Delivery.tried_at).where(
        Delivery.status == DeliveryStatus.queued,
        or_(Delivery.claimed_until.is_(None), Delivery.claimed_until < now),
        func.coalesce(Delivery.tried_at, Delivery.created_at) < now - STALE)
        .order_by(Delivery.id).limit(SWEEP_BATCH)).all()
    config = current_app.config
    return [delivery_id for delivery_id, attempts, tried_at in rows
            if not attempts or tried_at is None
            or tried_at + timedelta(seconds=retry_delay(config, attempts)) + STALE < now]


def _try(session, delivery: Delivery, config) -> float | None:
    """Try once; returns the delay before the next try, or None when the outcome is final."""
    try:
        spec = kinds.get(delivery.kind)
    except KeyError:
        spec = None
    now = utcnow()
    if spec is None:
        _finish(delivery, DeliveryStatus.failed, _("Loại tin không còn tồn tại (%(kind)s)",
                                                   kind=delivery.kind), secret=True)
        return None
    expires = (delivery.created_at + timedelta(minutes=config[spec.lifetime_setting])
               if spec.secret else None)
    if expires is not None and now >= expires:
        _finish(delivery, DeliveryStatus.failed, _expired_text(), secret=True)
        return None
    if (spec.topic is not None and delivery.user_id is not None
            and not preferences.topic_on(session, delivery.user_id, spec.topic)):
        _finish(delivery, DeliveryStatus.skipped, _("Người nhận đã tắt loại tin này"), spec.secret)
        return None
    channel = channels.get(delivery.channel)
    body = sealing.unseal(delivery.body)
    if body is None and delivery.body is not None:
        _finish(delivery, DeliveryStatus.failed,
                _("Không mở được nội dung tin (SECRET_KEY đã đổi)"), secret=True)
        return None
    message = Message(delivery_id=delivery.id, kind=delivery.kind, to=delivery.address,
                      subject=delivery.subject, body=body or "",
                      unsubscribe_url=delivery.unsubscribe_url)
    delivery.attempts += 1
    delivery.tried_at = now
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
        _finish(delivery, DeliveryStatus.failed, err.text, spec.secret)
        return None
    except Exception as err:
        if isinstance(err, TemporaryFailure):
            text = err.text
        else:
            log.exception("Delivery %s: unexpected error", delivery.id)
            text = _("Lỗi không lường trước (%(detail)s)", detail=f"{type(err).__name__}: {err}")
        if delivery.attempts > config["NOTIFY_MAX_RETRIES"]:
            _finish(delivery, DeliveryStatus.failed, text, spec.secret)
            return None
        delay = retry_delay(config, delivery.attempts)
        if expires is not None and now + timedelta(seconds=delay) >= expires:
            _finish(delivery, DeliveryStatus.failed, f"{_expired_text()} {text}", True)
            return None
        delivery.last_error = text[:500]
        delivery.claimed_until = None
        return delay
    delivery.sent_at = utcnow()
    _finish(delivery, DeliveryStatus.sent, delivery.last_error, spec.secret)
    return None


def _expired_text() -> str:
    return _("Hết hạn: liên kết hoặc mã trong tin đã quá hạn dùng, không gửi nữa")


def _finish(delivery: Delivery, status: DeliveryStatus, error: str | None, secret: bool) -> None:
    delivery.status = status
    delivery.claimed_until = None
    delivery.last_error = error[:500] if error else None
    if secret:
        delivery.body = None
