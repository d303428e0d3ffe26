"""What the exam engine tells the packages built on it, without importing them (blinker signals).

``attempt_finished`` is sent with the ``Attempt`` as sender once its result is known or has
changed: when it is submitted (by the person, the deadline or an organiser) and when a grader
changes its score. Receivers may pass ``session`` (the database session the attempt was finished
in); without it they use the attempt's own session. They run inside that transaction: a receiver
only flushes, like any service, and the request or command commits once.

``round_finalized`` is sent with the ``Round`` as sender once it is finalized (ranks and prizes
stored), with ``session``.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: sender: the Attempt; keyword: ``session`` (optional).
attempt_finished = _signals.signal("attempt-finished")

#: sender: the Round; keyword: ``session``.
round_finalized = _signals.signal("round-finalized")
