"""What training tells the packages built on it, without importing them (blinker signals).

``course_completed`` is sent with the ``Enrollment`` as sender when its completion is first
recorded (``completed_on`` set where it was empty), with ``session`` (the transaction it happened
in). Receivers only flush, like any service; the request or command commits once.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: sender: the Enrollment; keyword: ``session``.
course_completed = _signals.signal("course-completed")
