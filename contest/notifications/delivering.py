"""One try of one delivery: what the queue task runs.

The rules:
- Only a ``queued`` row is tried (a second task for the same row does nothing).
- A kind with a topic sent to a person is ``skipped`` if the person turned the topic off since.
- A channel with a server configured sends through it. Without one, development
  (NOTIFY_OUTBOX) writes the message to the outbox folder (counted as sent); production records
  ``failed`` with "chưa cấu hình".
- A temporary failure (network, timeout, 5xx, SMTP 4xx) is tried again after
  NOTIFY_RETRY_SECONDS x 2^(tries-1), up to NOTIFY_MAX_RETRIES retries; then ``failed``. A
  permanent one (SMTP 5xx, HTTP 4xx, Zalo error) is ``failed`` at once.
- Every try increments ``attempts`` and leaves its failure in ``last_error``; a secret kind's
  content is cleared once the outcome is final.
"""

from __future__ import annotations

import logging

from flask import current_app
from flask_babel import gettext as _

from contest.core import db
from contest.core.db import utcnow
from contest.notifications import channels, kinds, outbox, preferences
from contest.notifications.channels import Message, PermanentFailure, TemporaryFailure
from contest.notifications.models import Delivery, DeliveryStatus

log = logging.getLogger(__name__)


def retry_delay(config, attempts: int) -> float:
    """Seconds before the next try after ``attempts`` tries (exponential backoff)."""
    return config["NOTIFY_RETRY_SECONDS"] * 2 ** max(attempts - 1, 0)


def attempt(delivery_id: int) -> float | None:
    """Make one try of the delivery and commit its outcome (see the module's rules). Returns
    the seconds before the next try, which the caller (the queue task) schedules, or None."""
    session = db.session()
    delivery = session.get(Delivery, delivery_id)
    if delivery is None or delivery.status is not DeliveryStatus.queued:
        return None
    retry_in = _try(session, delivery, current_app.config)
    if not db.finish(True):
        return None
    return retry_in


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
    if (spec.topic is not None and delivery.user_id is not None
            and not preferences.topic_on(session, delivery.user_id, spec.topic)):
        _finish(delivery, DeliveryStatus.skipped, _("Người nhận đã tắt loại tin này"), spec.secret)
        return None
    channel = channels.get(delivery.channel)
    message = Message(delivery_id=delivery.id, kind=delivery.kind, to=delivery.address,
                      subject=delivery.subject, body=delivery.body or "",
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
        delivery.last_error = text[:500]
        return retry_delay(config, delivery.attempts)
    delivery.sent_at = utcnow()
    _finish(delivery, DeliveryStatus.sent, delivery.last_error, spec.secret)
    return None


def _finish(delivery: Delivery, status: DeliveryStatus, error: str | None, secret: bool) -> None:
    delivery.status = status
    delivery.last_error = error[:500] if error else None
    if secret:
        delivery.body = None
