"""What training tells the packages built on it, without importing them (blinker signals).

``course_completed`` is sent with the ``Enrollment`` as sender when its completion is first
recorded (``completed_on`` set where it was empty), with ``session`` (the transaction it happened
in). Receivers only flush, like any service; the request or command commits once.

``enrolled`` is sent with the ``Enrollment`` as sender each time a person is placed in a course
(by hand, by rule, from a file, by themselves; a withdrawn row placed again counts anew) and
each time a waiting person moves up to a seat, with
``session`` and ``enrollment`` (the same row), after the row is flushed.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: sender: the Enrollment; keyword: ``session``.
course_completed = _signals.signal("course-completed")

#: sender: the Enrollment; keywords: ``session``, ``enrollment``.
enrolled = _signals.signal("enrolled")
