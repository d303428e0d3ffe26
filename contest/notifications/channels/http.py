"""What the HTTP channels (SMS gateway, Zalo ZNS) share: one POST with a 5 s timeout, and the
reading of its failure (network error, 5xx and 429: temporary; other 4xx: permanent).

A failure's text (kept in the delivery's ``last_error``, shown in the log page) carries the
status code only, never the response body: a gateway may echo the message back, and a reset
code must not stay in the log. The body is logged at DEBUG."""

from __future__ import annotations

import logging

import requests
from flask_babel import gettext as _

from contest.notifications.channels.base import PermanentFailure, TemporaryFailure

log = logging.getLogger(__name__)

TIMEOUT = 5


def post(url: str, payload: dict, headers: dict) -> requests.Response:
    """POST ``payload`` as JSON; return the response when it is 2xx, else raise a failure."""
    try:
        response = requests.post(url, json=payload, headers=headers, timeout=TIMEOUT)
    except requests.RequestException as err:
        raise TemporaryFailure(_("Không kết nối được máy chủ gửi tin (%(detail)s)",
                                 detail=f"{type(err).__name__}: {err}"[:300])) from err
    if response.status_code >= 300:
        log.debug("Gateway answered HTTP %s: %s", response.status_code, response.text[:500])
    if response.status_code >= 500 or response.status_code == 429:
        raise TemporaryFailure(_("Máy chủ gửi tin đang lỗi (%(detail)s)",
                                 detail=f"HTTP {response.status_code}"))
    if response.status_code >= 300:
        raise PermanentFailure(_("Máy chủ gửi tin từ chối (%(detail)s)",
                                 detail=f"HTTP {response.status_code}"))
    return response
