"""Grading essays by hand, one answer at a time, for a round."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from contest.accounts.access import STAFF, roles_required
from contest.core import db
from contest.core.web.errors import refuse_to
from contest.exams.manage_forms import GradeForm
from contest.exams.services import grading
from contest.exams.views.blueprint import bp
from contest.exams.views.manage_common import get_round_or_404, managed_exam_or_404


@bp.route("/manage/exams/<int:exam_id>/rounds/<int:round_id>/grading", methods=["GET", "POST"])
@roles_required(*STAFF)
def manage_grading(exam_id: int, round_id: int):
    """The essays of the round waiting for a grade; each grade rescores its attempt at once."""
    exam = managed_exam_or_404(exam_id)
    round_ = get_round_or_404(exam, round_id)
    form = GradeForm()
    if form.validate_on_submit():
        page = url_for("exams.manage_grading", exam_id=exam.id, round_id=round_.id)
        refuse_to(page)
        grading.grade_essay(db.session(), round_, form.answer_id.data, form.percent.data)
        flash(_("Đã chấm bài tự luận."), "success")
        return redirect(page)
    for field in (form.percent, form.answer_id):
        for error in field.errors:
            flash(str(error), "error")
    return render_template("exams/manage/grading.html", exam=exam, round=round_,
                           essays=grading.pending_essays(db.session(), round_))
