"""The trainer's attendance checklist of a session: one row per person with a seat, four marks
saved one by one (htmx swaps the row; without JavaScript the form posts and the page comes back),
"everyone present", and the log of every change."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.accounts.access import STAFF, roles_required
from contest.core import db
from contest.core.db import utcnow
from contest.core.web.htmx import go, wants_partial
from contest.training.access import managed_course_or_404
from contest.training.forms_attendance import MarkForm
from contest.training.models import MARK_LABELS, AttendanceMark, Course, CourseSession
from contest.training.services import attendance as service
from contest.training.views.blueprint import bp


def managed_session_or_404(session_id: int, user) -> tuple[CourseSession, Course]:
    """A session of a course ``user`` runs, with its course (404 for a missing id and for
    anyone else's, like ``managed_course_or_404``)."""
    course_session = db.session().get(CourseSession, session_id)
    if course_session is None:
        abort(404)
    return course_session, managed_course_or_404(course_session.course_id, user)


def sheet_context(course_session: CourseSession, course: Course) -> dict:
    session = db.session()
    return {"course": course, "course_session": course_session, "marks": list(AttendanceMark),
            "mark_labels": MARK_LABELS, "started": course_session.has_started(utcnow()),
            "rows": service.checklist(session, course_session),
            "changes": service.change_log(session, course_session)}


@bp.route("/sessions/<int:session_id>/attendance", methods=["GET", "POST"])
@roles_required(*STAFF)
def attendance(session_id: int):
    """The checklist (course runners only). A POST gives one person a mark (a correction is the
    same action) or marks everyone not yet marked present; the service refuses a session that
    has not started and a person without a seat."""
    course_session, course = managed_session_or_404(session_id, current_user)
    page = url_for("training.attendance", session_id=session_id)
    form = MarkForm()
    if form.is_submitted():
        if not form.validate():
            for message in (m for errors in form.errors.values() for m in errors):
                flash(message, "error")
            return go(page)
        if form.for_everyone:
            count = service.mark_all_present(db.session(), course_session, current_user, utcnow())
            if not wants_partial():
                flash(_("Đã đánh dấu có mặt %(n)d người.", n=count), "success")
        else:
            service.set_mark(db.session(), course_session, form.person.data, form.chosen(), current_user, utcnow())
        if not wants_partial():
            return redirect(page + ("" if form.for_everyone else f"#person-{form.person.data}"))
    context = sheet_context(course_session, course)
    if wants_partial() and form.is_submitted() and not form.for_everyone:
        row = next(r for r in context["rows"] if r.person.id == form.person.data)
        return render_template("training/partials/_attendance_row.html", row=row, oob_log=True, **context)
    if wants_partial():
        return render_template("training/partials/_attendance_sheet.html", **context)
    return render_template("training/attendance.html", **context)
