"""Certificates' hooks into the exam engine and training, which must not import certificates:
a course completed (``contest.training.signals.course_completed``), an attempt submitted or
re-graded (``contest.exams.signals.attempt_finished``) and a round's prizes awarded
(``contest.exams.signals.round_finalized``) each issue the certificate they earn, in the
sender's transaction (``services.issuing``).

The province's keys are loaded only when something is earned, so a contest's submits never pay
for them. Without keys (production not configured) nothing is issued and the finish goes on: a
certificate must never stop a submit; ``flask certificates issue-due`` issues them later. Outside
an application (a bare script driving the services) there is no deployment to sign for.
"""

from __future__ import annotations

import logging

from flask import has_app_context
from sqlmodel import Session

from contest.certificates.province import NotConfigured, issuing_context
from contest.certificates.services import issuing, listing
from contest.core import db
from contest.core.db import utcnow
from contest.exams.signals import attempt_finished, round_finalized
from contest.training.services.records import register_certificate_lookup
from contest.training.signals import course_completed

log = logging.getLogger(__name__)


def _session_of(sender, session: Session | None) -> Session | None:
    """The sender's transaction; None outside an application (nothing is issued there)."""
    if not has_app_context():
        return None
    return session or Session.object_session(sender) or db.session()


def _issue(session: Session, earned: list) -> None:
    earned = [e for e in earned if e is not None]
    if not earned:
        return
    try:
        context = issuing_context()
    except NotConfigured:
        log.warning("certificates not issued, the keys are not configured: %s",
                    ", ".join(e.source or "" for e in earned))
        return
    issuing.issue_all(session, earned, context, utcnow())


def on_course_completed(enrollment, session: Session | None = None, **_extra) -> None:
    if (session := _session_of(enrollment, session)) is not None:
        _issue(session, [issuing.earned_by_completion(session, enrollment)])


def on_attempt_finished(attempt, session: Session | None = None, **_extra) -> None:
    if (session := _session_of(attempt, session)) is not None:
        _issue(session, [issuing.earned_by_attempt(session, attempt)])


def on_round_finalized(round_, session: Session | None = None, **_extra) -> None:
    if (session := _session_of(round_, session)) is not None:
        _issue(session, issuing.earned_in_round(session, round_))


def connect() -> None:
    """Connect the automatic issuing (connecting twice is harmless: blinker keeps one)."""
    course_completed.connect(on_course_completed)
    attempt_finished.connect(on_attempt_finished)
    round_finalized.connect(on_round_finalized)
    register_certificate_lookup(listing.by_enrollment)
