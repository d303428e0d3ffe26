"""Self check-in by QR: the trainer's screen shows the session's current code as a QR (it changes
every 30 seconds), and an enrolled official who scans it confirms and is marked present."""

from __future__ import annotations

import segno
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from contest.accounts.access import STAFF, roles_required
from contest.core import db
from contest.core.db import utcnow
from contest.core.web.errors import refuse_to
from contest.core.web.htmx import wants_partial
from contest.training.checkin_codes import current_code
from contest.training.forms_attendance import CheckinForm
from contest.training.models import Course, CourseSession
from contest.training.services import attendance as service
from contest.training.views.attendance import managed_session_or_404
from contest.training.views.blueprint import bp

#: The longest code a link may carry into the form (a real one has 16 characters).
CODE_MAX = 64


def _secret() -> bytes:
    return service.checkin_secret(current_app.config["SECRET_KEY"])


def qr_context(course_session: CourseSession) -> dict:
    """The code of the current period, the check-in link it makes, and that link as an SVG QR."""
    now = utcnow()
    code, seconds = current_code(_secret(), course_session.id, now)
    link = url_for("training.checkin", session_id=course_session.id, code=code, _external=True)
    svg = segno.make(link, error="m").svg_inline(omitsize=True, svgclass="qr-code", lineclass=None, light="#fff",
                                                 title=_("Mã QR điểm danh"))
    return {"code": code, "seconds": seconds, "link": link, "qr_svg": Markup(svg),
            "window": service.checkin_window(course_session, now),
            "opens_at": course_session.starts_at}


@bp.get("/sessions/<int:session_id>/qr")
@roles_required(*STAFF)
def session_qr(session_id: int):
    """The trainer's screen (course runners only): the QR of the current code, refreshed every
    30 seconds (htmx fetches the fragment; without JavaScript the page reloads itself)."""
    course_session, course = managed_session_or_404(session_id, current_user)
    context = {"course": course, "course_session": course_session, **qr_context(course_session)}
    if wants_partial():
        return render_template("training/partials/_checkin_qr.html", **context)
    return render_template("training/checkin_qr.html", **context)


@bp.route("/sessions/<int:session_id>/checkin", methods=["GET", "POST"])
@login_required
def checkin(session_id: int):
    """The page a scanned QR opens: the person confirms (POST, CSRF) and is marked present. The
    service refuses a person without a seat, an expired code, another session's code and a scan
    outside the session's window, each with its message; a second check-in changes nothing."""
    course_session = db.session().get(CourseSession, session_id)
    if course_session is None:
        abort(404)
    here = url_for("training.checkin", session_id=session_id)
    form = CheckinForm(code=request.args.get("code", "")[:CODE_MAX])
    if form.validate_on_submit():
        refuse_to(here)
        service.check_in(db.session(), course_session, current_user, form.code.data, _secret(), utcnow())
        flash(_("Đã điểm danh: bạn có mặt tại buổi học này."), "success")
        return redirect(here)
    session = db.session()
    return render_template(
        "training/checkin.html", form=form, course_session=course_session,
        course=session.get(Course, course_session.course_id),
        enrolled=service.seat(session, course_session.course_id, current_user.id) is not None,
        done=service.already_checked_in(service.mark_of(session, course_session, current_user.id)),
        window=service.checkin_window(course_session, utcnow()))
