"""The periodic jobs and the fan-outs: who is told what, in batches.

Each job is a generator over batches: it notifies at most ``BATCH`` people, then yields how many
messages it queued; the runner (``run_due``: the queue worker's periodic task, ``flask notify
due``) commits after each batch, so 80,000 people are never one transaction, and a run stopped
halfway goes on where it stopped next time. Jobs only flush, like every service.

Nobody is told twice: each message carries a dedupe key (``notify`` refuses a second one), and
the people already told are left out before anything is rendered (their delivery rows name the
key), so a run that finds nothing new costs a few queries.

The rules of *when* are in ``due`` (pure); *who*:

* round opening: the active people with a unit (who may take a contest) who opted in to the
  ``round_opening`` topic, for each published contest's round that opened in the last day;
* assessment assigned: the officials eligible for the assessment
  (``contest.exams.services.eligibility.is_eligible``: assigned by unit, position, field or
  name, or holding a seat in a course whose assessment it is), for each round that opened;
* session reminder: the people holding a seat (enrolled) in a published course, the day before
  each of its sessions;
* completion expiring: the holder of each latest completion of a programme expiring within 30
  days;
* assessment results: each examinee whose counted attempt is fully graded, once the round is
  finalized, when the exam's review policy shows the score after the round closes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime

from flask import current_app, has_app_context
from sqlalchemy import String, cast, or_
from sqlmodel import Session, select

from contest.accounts.models import Role, User
from contest.exams.models import (
    Assignment,
    Attempt,
    AttemptStatus,
    Exam,
    ExamKind,
    ExamStatus,
    Round,
)
from contest.exams.review_policy import ReviewPolicy, default_policy
from contest.exams.services.eligibility import is_eligible
from contest.exams.services.results import passed
from contest.notifications import preferences
from contest.notifications.events import due, texts
from contest.notifications.models import Delivery, NotificationPreference
from contest.notifications.sending import notify
from contest.training.access import unit_subtree
from contest.training.models import (
    Course,
    CourseSession,
    CourseStatus,
    Enrollment,
    EnrollmentStatus,
    Programme,
)

#: People notified per transaction.
BATCH = 500

Job = Callable[[Session, datetime], Iterator[int]]


def _told(session: Session, kind: str, key: str) -> set[int]:
    """The people a message of ``kind`` with ``key`` was already written for."""
    return set(session.exec(select(Delivery.user_id).where(
        Delivery.kind == kind, Delivery.dedupe_key == key, Delivery.user_id.is_not(None))).all())


def _fan_out(session: Session, kind: str, key: str, user_ids: Iterable[int],
             params: Callable[[User], dict], where=()) -> Iterator[int]:
    """Notify ``kind`` to each of ``user_ids`` not told yet (active accounts matching ``where``),
    ``BATCH`` at a time, yielding after each batch."""
    todo = sorted(set(user_ids) - _told(session, kind, key))
    for chunk in due.chunks(todo, BATCH):
        people = session.exec(select(User).where(User.id.in_(list(chunk)), User.active, *where)
                              .order_by(User.id)).all()
        yield _notify_batch(session, kind, key, people, params)


def _notify_batch(session: Session, kind: str, key: str, people: list[User],
                  params: Callable[[User], dict]) -> int:
    """Notify each of ``people`` (already known not told with ``key``): their preferences in
    one query, no per-person dedupe lookup (the unique constraint still refuses a duplicate)."""
    with preferences.preloaded(session, [u.id for u in people]):
        return sum(bool(notify(session, kind, user=u, params=params(u), dedupe_key=key, fresh=True))
                   for u in people)


# --- round opening (opt-in) ------------------------------------------------------------------


def opted_in(session: Session, topic: str) -> list[int]:
    """The people who turned ``topic`` on (the JSON is narrowed in SQL, decided in Python)."""
    rows = session.exec(select(NotificationPreference.user_id, NotificationPreference.topics).where(
        cast(NotificationPreference.topics, String).like(f"%{topic}%"))).all()
    return [user_id for user_id, chosen in rows if (chosen or {}).get(topic) is True]


def _opened_rounds(session: Session, now: datetime, kind: ExamKind) -> list[tuple[Round, Exam]]:
    after, until = due.opening_window(now)
    rows = session.exec(select(Round, Exam).join(Exam, Exam.id == Round.exam_id).where(
        Exam.kind == kind, Exam.status == ExamStatus.published,
        Round.opens_at > after, Round.opens_at <= until).order_by(Round.opens_at, Round.id)).all()
    return [(r, e) for r, e in rows if due.opening_due(r, now)]


def announce_opened_rounds(session: Session, now: datetime) -> Iterator[int]:
    """Tell the people who opted in that a round of a published contest opened (one message
    per round and person, key ``round:<id>``)."""
    people = None
    for round_, exam in _opened_rounds(session, now, ExamKind.contest):
        people = opted_in(session, "round_opening") if people is None else people
        common = {"contest": exam.title, "round": round_.name, "opens": texts.moment(round_.opens_at),
                  "closes": texts.moment(round_.closes_at), "link": texts.link("exams.exam_page", exam_id=exam.id)}
        yield from _fan_out(session, "round_opening", f"round:{round_.id}", people,
                            lambda u, c=common: {**c, "name": u.full_name}, where=(User.unit_id.is_not(None),))


# --- assessment assigned ---------------------------------------------------------------------


def assessment_candidates(session: Session, exam: Exam) -> set[int]:
    """Officials who may be eligible for ``exam``, found in SQL: those its assignment rows match
    (a unit with its sub-units, a position, a field, or by name) and those holding a seat in a
    course whose assessment or practice it is. ``is_eligible`` decides for each."""
    found: set[int] = set()
    officials = (User.role == Role.official, User.active)
    for row in session.exec(select(Assignment).where(Assignment.exam_id == exam.id)).all():
        if row.user_id is not None:
            found.add(row.user_id)
            continue
        if row.unit_id is None and row.job_position_id is None and row.field_id is None:
            continue
        query = select(User.id).where(*officials)
        if row.unit_id is not None:
            query = query.where(User.unit_id.in_(unit_subtree(session, row.unit_id)))
        if row.job_position_id is not None:
            query = query.where(User.job_position_id == row.job_position_id)
        if row.field_id is not None:
            query = query.where(User.field_id == row.field_id)
        found.update(session.exec(query).all())
    found.update(session.exec(select(Enrollment.user_id).join(Course, Course.id == Enrollment.course_id).where(
        Enrollment.status == EnrollmentStatus.enrolled,
        or_(Course.assessment_exam_id == exam.id, Course.practice_exam_id == exam.id))).all())
    return found


def announce_assessments(session: Session, now: datetime) -> Iterator[int]:
    """Tell each eligible official that an assessment round opened, with its window (key
    ``assessment-round:<id>``)."""
    for round_, exam in _opened_rounds(session, now, ExamKind.assessment):
        key = f"assessment-round:{round_.id}"
        todo = sorted(assessment_candidates(session, exam) - _told(session, "assessment_assigned", key))
        common = {"exam": exam.title, "round": round_.name, "opens": texts.moment(round_.opens_at),
                  "closes": texts.moment(round_.closes_at), "link": texts.link("exams.exam_page", exam_id=exam.id)}
        for chunk in due.chunks(todo, BATCH):
            people = [u for u in session.exec(select(User).where(User.id.in_(list(chunk)), User.active)
                                              .order_by(User.id)).all() if is_eligible(session, exam, u)]
            yield _notify_batch(session, "assessment_assigned", key, people,
                                lambda u, c=common: {**c, "name": u.full_name})


# --- training ------------------------------------------------------------------------------------


def _reminder_hour(from_hour: int | None) -> int:
    """``from_hour``, else the setting NOTIFY_REMINDER_HOUR (7 o'clock, province time)."""
    if from_hour is not None:
        return from_hour
    return current_app.config.get("NOTIFY_REMINDER_HOUR", due.FROM_HOUR) if has_app_context() else due.FROM_HOUR


def remind_sessions(session: Session, now: datetime, from_hour: int | None = None) -> Iterator[int]:
    """The day before each session of a published course, remind the people holding a seat
    (key ``session:<id>``), from NOTIFY_REMINDER_HOUR on."""
    from_hour = _reminder_hour(from_hour)
    if not due.reminder_hour_reached(now, from_hour):
        return
    after, until = due.session_window(now)
    rows = session.exec(select(CourseSession, Course).join(Course, Course.id == CourseSession.course_id).where(
        Course.status == CourseStatus.published, CourseSession.starts_at > after,
        CourseSession.starts_at <= until).order_by(CourseSession.starts_at, CourseSession.id)).all()
    for meeting, course in rows:
        if not due.session_reminder_due(meeting.starts_at, now, from_hour):
            continue
        seated = session.exec(select(Enrollment.user_id).where(
            Enrollment.course_id == course.id, Enrollment.status == EnrollmentStatus.enrolled)).all()
        common = {"course": course.title, "when": texts.span(meeting.starts_at, meeting.ends_at),
                  "place": meeting.place, "online_url": meeting.online_url, "link": texts.link("training.mine")}
        yield from _fan_out(session, "session_reminder", f"session:{meeting.id}", seated,
                            lambda u, c=common: {**c, "name": u.full_name})


def remind_expiring(session: Session, now: datetime, from_hour: int | None = None) -> Iterator[int]:
    """Remind once each latest completion of a programme that expires within 30 days (key
    ``expiry:<enrollment id>:<expiry day>``: a completion renewed to a new day is reminded anew),
    from NOTIFY_REMINDER_HOUR on."""
    if not due.reminder_hour_reached(now, _reminder_hour(from_hour)):
        return
    today = due.local_day(now)
    first, last = due.expiry_window(today)
    holders = set(session.exec(select(Enrollment.user_id).where(
        Enrollment.expires_on >= first, Enrollment.expires_on <= last)).all())
    held: list[due.Held] = []
    for chunk in due.chunks(sorted(holders), BATCH):
        held.extend(due.Held(eid, uid, pid, done, expires) for eid, uid, pid, done, expires in session.exec(
            select(Enrollment.id, Enrollment.user_id, Course.programme_id, Enrollment.completed_on,
                   Enrollment.expires_on).join(Course, Course.id == Enrollment.course_id)
            .where(Enrollment.user_id.in_(list(chunk)), Enrollment.completed_on.is_not(None))).all())
    reminders = due.expiring(held, today)
    for chunk in due.chunks(reminders, BATCH):
        queued = 0
        for item in chunk:
            key = f"expiry:{item.enrollment_id}:{item.expires_on.isoformat()}"
            user = session.get(User, item.user_id)
            if user is None or not user.active or _told(session, "completion_expiring", key):
                continue
            enrollment = session.get(Enrollment, item.enrollment_id)
            course = session.get(Course, enrollment.course_id)
            programme = session.get(Programme, item.programme_id)
            params = {"name": user.full_name, "programme": programme.title if programme else "",
                      "course": course.title, "expires": texts.day(item.expires_on),
                      "link": texts.link("training.mine")}
            queued += bool(notify(session, "completion_expiring", user=user, params=params, dedupe_key=key,
                                  fresh=True))
        yield queued


# --- results -----------------------------------------------------------------------------------


def _policy(exam: Exam) -> ReviewPolicy:
    return ReviewPolicy.from_dict(exam.review_policy) if exam.review_policy else default_policy(exam.kind.value)


def results_released(exam: Exam) -> bool:
    """An assessment's results are told once the round is finalized, when its review policy
    shows the examinee their score after the round closes (else nobody sees it: nothing to tell)."""
    return exam.kind == ExamKind.assessment and _policy(exam).after_close.score


def send_round_results(session: Session, round_id: int) -> Iterator[int]:
    """Tell each examinee of a finalized assessment round their result: passed or not, the
    score (key ``result:<round>:<user>``). An attempt with essays still to grade waits (the
    periodic job sends it once graded, within ``due.RESULTS_WITHIN``)."""
    round_ = session.get(Round, round_id)
    exam = session.get(Exam, round_.exam_id) if round_ is not None else None
    if round_ is None or round_.finalized_at is None or not results_released(exam):
        return
    attempts = session.exec(select(Attempt).where(
        Attempt.round_id == round_.id, Attempt.counted, Attempt.status == AttemptStatus.submitted,
        Attempt.pending_count == 0).order_by(Attempt.user_id)).all()
    told = set(session.exec(select(Delivery.dedupe_key).where(
        Delivery.kind == "assessment_result", Delivery.dedupe_key.like(f"result:{round_.id}:%"))).all())
    todo = [a for a in attempts if f"result:{round_.id}:{a.user_id}" not in told]
    for chunk in due.chunks(todo, BATCH):
        people = {u.id: u for u in session.exec(select(User).where(
            User.id.in_([a.user_id for a in chunk]), User.active)).all()}
        queued = 0
        with preferences.preloaded(session, list(people)):
            for attempt in chunk:
                user = people.get(attempt.user_id)
                if user is None:
                    continue
                params = {"name": user.full_name, "exam": exam.title, "round": round_.name,
                          "passed": passed(exam, attempt), "score": _points(attempt.score),
                          "max_score": _points(attempt.max_score),
                          "link": texts.link("exams.result", attempt_id=attempt.id)}
                queued += bool(notify(session, "assessment_result", user=user, params=params,
                                      dedupe_key=f"result:{round_.id}:{user.id}", fresh=True))
        yield queued


def _points(value: float) -> str:
    return f"{round(value, 2):g}".replace(".", ",")


def results_backstop(session: Session, now: datetime) -> Iterator[int]:
    """Assessment rounds whose results are due (``due.results_due``) and not all out (the
    queue task was lost, an essay was graded since)."""
    after, until = due.results_window(now)
    rows = session.exec(select(Round.id, Round.finalized_at).join(Exam, Exam.id == Round.exam_id).where(
        Exam.kind == ExamKind.assessment, Round.finalized_at > after, Round.finalized_at <= until)).all()
    for round_id, finalized_at in rows:
        if due.results_due(finalized_at, now):
            yield from send_round_results(session, round_id)


# --- the runner --------------------------------------------------------------------------------

#: Every periodic job, in the order ``run_due`` runs them.
JOBS: dict[str, Job] = {
    "round_opening": announce_opened_rounds,
    "assessment_assigned": announce_assessments,
    "session_reminder": remind_sessions,
    "completion_expiring": remind_expiring,
    "assessment_result": results_backstop,
}


def run_batches(batches: Iterable[int], commit: Callable[[], None]) -> int:
    """Drive a job: commit after each batch; the messages queued in all."""
    total = 0
    for queued in batches:
        commit()
        total += queued
    return total


def run_due(session: Session, now: datetime, commit: Callable[[], None]) -> dict[str, int]:
    """Run every periodic job once, as of ``now``; ``commit`` is called after each batch (the
    caller's commit point). Returns how many messages each job queued."""
    return {name: run_batches(job(session, now), commit) for name, job in JOBS.items()}
