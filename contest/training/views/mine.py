"""An official's own training: "Lớp của tôi", joining an open course and leaving it."""

from __future__ import annotations

from flask import abort, flash, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from contest.core import db
from contest.core.db import utcnow
from contest.core.web.errors import refuse_to
from contest.core.web.htmx import go
from contest.training.forms_enrollment import ButtonForm
from contest.training.models import Course, CourseStatus, EnrollmentSource, EnrollmentStatus
from contest.training.services import enrollment as service
from contest.training.views.blueprint import bp


def _visible_course_or_404(course_id: int) -> Course:
    """A course an official may ask to join or leave: any but a draft (404 for those and
    for missing ids; the service states every other refusal)."""
    course = db.session().get(Course, course_id)
    if course is None or course.status == CourseStatus.draft:
        abort(404)
    return course


@bp.get("/mine")
@login_required
def mine():
    """The signed-in person's classes, upcoming sessions, materials, courses open to them and
    completions to renew."""
    now = utcnow()
    return render_template("training/mine.html", training=service.my_training(db.session(), current_user, now),
                           now=now, button=ButtonForm(formdata=None), status_labels=service.STATUS_LABELS,
                           EnrollmentStatus=EnrollmentStatus)


@bp.post("/courses/<int:course_id>/join")
@login_required
def join(course_id: int):
    """Enroll oneself in an open course (a seat, or the waiting list when it is full)."""
    course = _visible_course_or_404(course_id)
    refuse_to(url_for("training.mine"))
    if ButtonForm().validate_on_submit():
        row = service.enroll(db.session(), course, current_user, EnrollmentSource.self, current_user, utcnow())
        if row.status == EnrollmentStatus.enrolled:
            flash(_("Đã đăng ký lớp «%(title)s».", title=course.title), "success")
        else:
            flash(_("Lớp «%(title)s» đã đủ chỗ: bạn ở danh sách chờ và sẽ được xếp chỗ khi có người rút.",
                    title=course.title), "info")
    return go(url_for("training.mine"))


@bp.post("/courses/<int:course_id>/leave")
@login_required
def leave(course_id: int):
    """Withdraw oneself from a self-enrollment course before it starts."""
    course = _visible_course_or_404(course_id)
    refuse_to(url_for("training.mine"))
    if ButtonForm().validate_on_submit():
        service.leave(db.session(), course, current_user, utcnow())
        flash(_("Đã rút tên khỏi lớp «%(title)s».", title=course.title), "success")
    return go(url_for("training.mine"))
