"""What accounts announce, for other parts to act on without accounts importing them."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: A citizen registered: sent with ``session`` (the request's) and ``user`` (flushed, has an id),
#: before the commit point; a listener only flushes.
citizen_registered = _signals.signal("citizen-registered")
