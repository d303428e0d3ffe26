"""Reports' hook into the exam engine, which must not import reports: when a round is finalized
(``contest.exams.signals.round_finalized``), the item analysis pooled over the exam's rounds is
run again and the bank's "cần xem lại" marks replaced (``item_data.refresh_flags``), in the
sender's transaction, so authors see a likely wrong key the day the results are out.

The analysis must never stop the close: it runs in a savepoint, and a failure (a database error,
memory for a very large pool) is logged and undone alone; the marks then wait for the next
visit of the analysis page.
"""

from __future__ import annotations

import logging

from sqlmodel import Session

from contest.exams.signals import round_finalized
from contest.reports.services.item_data import refresh_flags

log = logging.getLogger(__name__)


def on_round_finalized(round_, session: Session | None = None, **_extra) -> None:
    session = session or Session.object_session(round_)
    try:
        with session.begin_nested():
            refresh_flags(session, round_.exam_id)
    except Exception:  # noqa: BLE001 - a report must not undo the organiser's close
        log.exception("item flags not refreshed after round %s was finalized", round_.id)


def connect() -> None:
    """Connect the hook (connecting twice is harmless: blinker keeps one)."""
    round_finalized.connect(on_round_finalized)
