"""What the events' listeners defer to the queue (``tasks.later``): the messages of an
enrollment, of a finalized round, of issued certificates. Each handler finds its rows again
(committed by then), skips what no longer applies, and commits after each batch.

* enrolled: "Bạn được ghi danh vào lớp ..." with the upcoming sessions (or "danh sách chờ"),
  to each person placed, once per placement (key ``enrollment:<id>:<status>:<when>``: moving up
  from the waiting list to a seat is told anew). A draft course is not told (officials cannot
  see it yet), nor a withdrawn row.
* round finalized: each prize winner of a contest round ("Chúc mừng ... đoạt giải ...", key
  ``prize:<round>:<user>``); each examinee of an assessment round their result
  (``jobs.send_round_results``).
* certificates: the holder of each certificate issued, with the link to its page (key
  ``certificate:<code>``); a certificate revoked meanwhile is not told.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session, select

from contest.accounts.models import User
from contest.certificates.models import Certificate
from contest.core.db import utcnow
from contest.exams.models import Exam, ExamKind, Prize, Round
from contest.notifications import preferences
from contest.notifications.events import due, jobs, texts
from contest.notifications.sending import notify
from contest.training.models import (
    Course,
    CourseSession,
    CourseStatus,
    Enrollment,
    EnrollmentStatus,
)

#: Sessions listed in an enrollment message.
SESSIONS_LISTED = 5

#: name -> handler(session, *args, commit=...): what the queue task ``events_later`` runs.
HANDLERS: dict[str, Callable] = {}


def _handler(name: str):
    def register(fn: Callable) -> Callable:
        HANDLERS[name] = fn
        return fn

    return register


def _schedule(session: Session, course_id: int) -> list[dict]:
    now = utcnow()
    meetings = session.exec(select(CourseSession).where(
        CourseSession.course_id == course_id, CourseSession.ends_at > now)
        .order_by(CourseSession.starts_at).limit(SESSIONS_LISTED)).all()
    return [{"when": texts.span(m.starts_at, m.ends_at), "place": m.place or m.online_url} for m in meetings]


@_handler("enrolled")
def tell_enrolled(session: Session, enrollment_ids: list[int], commit: Callable[[], None]) -> int:
    """Tell each person placed in a course (see the module's rules)."""
    total, schedules = 0, {}
    for chunk in due.chunks(sorted(set(enrollment_ids)), jobs.BATCH):
        rows = session.exec(select(Enrollment, Course, User).join(Course, Course.id == Enrollment.course_id)
                            .join(User, User.id == Enrollment.user_id)
                            .where(Enrollment.id.in_(list(chunk)))).all()
        with preferences.preloaded(session, [user.id for _row, _course, user in rows]):
            queued = _tell_enrolled_rows(session, rows, schedules)
        commit()
        total += queued
    return total


def _tell_enrolled_rows(session: Session, rows, schedules: dict) -> int:
    queued = 0
    for row, course, user in rows:
        if (row.status == EnrollmentStatus.withdrawn or course.status == CourseStatus.draft
                or not user.active):
            continue
        if course.id not in schedules:
            schedules[course.id] = _schedule(session, course.id)
        params = {"name": user.full_name, "course": course.title, "sessions": schedules[course.id],
                  "waitlisted": row.status == EnrollmentStatus.waitlisted,
                  "link": texts.link("training.mine")}
        key = f"enrollment:{row.id}:{row.status.value}:{row.enrolled_at:%Y%m%dT%H%M%S}"
        queued += bool(notify(session, "training_enrolled", user=user, params=params, dedupe_key=key))
    return queued


@_handler("round_finalized")
def tell_round_finalized(session: Session, round_id: int, commit: Callable[[], None]) -> int:
    """A contest round's prize winners, an assessment round's examinees (see the module)."""
    round_ = session.get(Round, round_id)
    exam = session.get(Exam, round_.exam_id) if round_ is not None else None
    if round_ is None or round_.finalized_at is None:
        return 0
    if exam.kind == ExamKind.assessment:
        return jobs.run_batches(jobs.send_round_results(session, round_id), commit)
    queued = 0
    for prize, user in session.exec(select(Prize, User).join(User, User.id == Prize.user_id)
                                    .where(Prize.round_id == round_id).order_by(Prize.rank, Prize.id)).all():
        if not user.active:
            continue
        params = {"name": user.full_name, "contest": exam.title, "round": round_.name, "tier": prize.tier,
                  "rank": prize.rank,
                  "link": texts.link("exams.leaderboard", exam_id=exam.id, round_id=round_.id)}
        queued += bool(notify(session, "prize_awarded", user=user, params=params,
                              dedupe_key=f"prize:{round_id}:{user.id}"))
    commit()
    return queued


@_handler("certificates")
def tell_certificates(session: Session, codes: list[str], commit: Callable[[], None]) -> int:
    """Tell each holder their certificate (see the module's rules)."""
    total = 0
    for chunk in due.chunks(sorted(set(codes)), jobs.BATCH):
        rows = session.exec(select(Certificate, User).join(User, User.id == Certificate.user_id)
                            .where(Certificate.code.in_(list(chunk)))).all()
        with preferences.preloaded(session, [user.id for _certificate, user in rows]):
            queued = sum(bool(notify(session, "certificate_issued", user=user, dedupe_key=f"certificate:{c.code}",
                                     params={"name": user.full_name, "title": c.title, "code": c.code,
                                             "link": texts.link("certificates.view", code=c.code)}))
                         for c, user in rows if c.revoked_at is None and user.active)
        commit()
        total += queued
    return total
