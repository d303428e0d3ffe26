"""What certificates tell the packages built on them, without importing them (blinker signals).

``certificate_issued`` is sent with the ``Certificate`` as sender each time one is issued
(automatically or by hand), with ``session`` (the transaction it was issued in). Its ``code``
and ``user_id`` are set; its ``id`` may not be yet (a batch flushes once at its end). Receivers
only flush, like any service; the request or command commits once.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: sender: the Certificate; keyword: ``session``.
certificate_issued = _signals.signal("certificate-issued")
