"""Reports' hook into the exam engine, which must not import reports: when a round is finalized
(``contest.exams.signals.round_finalized``), the item analysis pooled over the exam's rounds is
run again and the bank's "cần xem lại" marks replaced (``item_data.refresh_flags``), in the
sender's transaction, so authors see a likely wrong key the day the results are out.
"""

from __future__ import annotations

from sqlmodel import Session

from contest.exams.signals import round_finalized
from contest.reports.services.item_data import refresh_flags


def on_round_finalized(round_, session: Session | None = None, **_extra) -> None:
    refresh_flags(session or Session.object_session(round_), round_.exam_id)


def connect() -> None:
    """Connect the hook (connecting twice is harmless: blinker keeps one)."""
    round_finalized.connect(on_round_finalized)
