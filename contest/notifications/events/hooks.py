"""The events' listeners: an enrollment (``contest.training.signals.enrolled``), a round
finalized (``contest.exams.signals.round_finalized``), a certificate issued
(``contest.certificates.signals.certificate_issued``).

A listener costs the sender's request next to nothing: it notes the row's id in the transaction
(``tasks.later``); once the request commits one queue task tells everyone concerned
(``announce``). A rolled-back request tells nobody. Outside an application (a bare script
driving the services) nobody is told.
"""

from __future__ import annotations

from flask import has_app_context
from sqlmodel import Session

from contest.certificates.signals import certificate_issued
from contest.core import db
from contest.exams.signals import round_finalized
from contest.notifications.events.tasks import later
from contest.training.signals import enrolled


def _session_of(sender, session: Session | None) -> Session | None:
    if not has_app_context():
        return None
    return session or Session.object_session(sender) or db.session()


def on_enrolled(sender, session: Session | None = None, enrollment=None, **_extra) -> None:
    row = enrollment or sender
    if (session := _session_of(row, session)) is not None:
        later(session, "enrolled", [row.id])


def on_round_finalized(round_, session: Session | None = None, **_extra) -> None:
    if (session := _session_of(round_, session)) is not None:
        later(session, "round_finalized", round_.id)


def on_certificate_issued(certificate, session: Session | None = None, **_extra) -> None:
    if (session := _session_of(certificate, session)) is not None:
        later(session, "certificates", [certificate.code])


def connect() -> None:
    """Connect the listeners (connecting twice is harmless: blinker keeps one)."""
    enrolled.connect(on_enrolled)
    round_finalized.connect(on_round_finalized)
    certificate_issued.connect(on_certificate_issued)
