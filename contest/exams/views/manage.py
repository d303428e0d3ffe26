"""Exam management for trainers and admins: the list, guided creation, the exam page, settings,
publish and archive. The draw rules, rounds and assignments live in the ``manage_*`` modules
(imported here so ``load_views`` attaches their routes).

A trainer manages the exams they created, an admin every exam (``managed_exam_or_404``).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.accounts.access import STAFF, roles_required
from contest.core import db
from contest.core.db import utcnow
from contest.core.web.errors import refuse_to
from contest.core.web.htmx import go
from contest.exams.manage_forms import ActionForm, ExamSettingsForm, KindForm, settings_data
from contest.exams.models import ExamKind
from contest.exams.services import ExamError, exposure
from contest.exams.services import authoring as service
from contest.exams.views import manage_assign, manage_draw_rules, manage_rounds
from contest.exams.views.blueprint import bp
from contest.exams.views.manage_common import managed_exam_or_404


@bp.get("/manage/exams")
@roles_required(*STAFF)
def manage():
    exams = service.managed_exams(db.session(), current_user)
    overview = service.exam_overview(db.session(), [e.id for e in exams])
    return render_template("exams/manage/index.html", exams=exams, overview=overview)


@bp.route("/manage/exams/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def manage_new():
    """Step 1: choose the kind (a link per kind), then the basics with that kind's defaults."""
    choice = KindForm(request.args)
    if not choice.validate():
        return render_template("exams/manage/new.html", kind=None, form=None)
    kind = choice.kind.data
    form = ExamSettingsForm(data=settings_data(kind=kind))
    if form.validate_on_submit():
        try:
            exam = service.create_exam(db.session(), current_user, kind, **form.settings())
        except ExamError as err:
            db.rollback_only()
            form.title.errors = [*form.title.errors, _(err.message)]
        else:
            flash(_("Đã tạo «%(title)s». Tiếp theo: ma trận đề và đợt thi.", title=exam.title), "success")
            return redirect(url_for("exams.manage_exam", exam_id=exam.id))
    return render_template("exams/manage/new.html", kind=kind, form=form)


@bp.get("/manage/exams/<int:exam_id>")
@roles_required(*STAFF)
def manage_exam(exam_id: int):
    """The exam page: settings at a glance and every editor, each posting to its own URL."""
    exam = managed_exam_or_404(exam_id)
    context = {**manage_draw_rules.rules_context(exam), **manage_draw_rules.fixed_context(exam),
               **manage_rounds.rounds_context(exam), "exposures": exposure.exposures(db.session(), exam, utcnow())}
    if exam.kind == ExamKind.assessment:
        context.update(manage_assign.assignments_context(exam))
    return render_template("exams/manage/exam.html", exam=exam, **context)


@bp.route("/manage/exams/<int:exam_id>/settings", methods=["GET", "POST"])
@roles_required(*STAFF)
def manage_settings(exam_id: int):
    exam = managed_exam_or_404(exam_id)
    form = ExamSettingsForm(data=settings_data(exam))
    if form.validate_on_submit():
        try:
            service.update_settings(db.session(), exam, **form.settings())
        except ExamError as err:
            db.rollback_only()
            form.title.errors = [*form.title.errors, _(err.message)]
        else:
            flash(_("Đã lưu cài đặt."), "success")
            return redirect(url_for("exams.manage_exam", exam_id=exam.id))
    return render_template("exams/manage/settings.html", exam=exam, kind=exam.kind.value, form=form)


@bp.post("/manage/exams/<int:exam_id>/publish")
@roles_required(*STAFF)
def manage_publish(exam_id: int):
    """Publish: refused (with every reason) without a round or with draw rules that cannot be filled."""
    exam = managed_exam_or_404(exam_id)
    page = url_for("exams.manage_exam", exam_id=exam.id)
    if ActionForm().validate_on_submit():
        refuse_to(page)
        service.publish(db.session(), exam)
        flash(_("Đã công bố kỳ thi."), "success")
        if exposure.exposures(db.session(), exam, utcnow()):
            flash(_("Lưu ý: có câu hỏi trùng giữa đề luyện tập và kỳ thi chưa kết thúc; xem cảnh báo lộ đáp án."),
                  "warning")
    return go(page)


@bp.post("/manage/exams/<int:exam_id>/archive")
@roles_required(*STAFF)
def manage_archive(exam_id: int):
    exam = managed_exam_or_404(exam_id)
    if ActionForm().validate_on_submit():
        service.archive(db.session(), exam)
        flash(_("Đã lưu trữ kỳ thi; người thi không còn thấy kỳ thi này."), "success")
    return go(url_for("exams.manage_exam", exam_id=exam.id))


@bp.context_processor
def _labels():
    from contest.exams.manage_forms import (
        EXAM_STATUS_LABELS,
        KIND_LABELS,
        PHASE_LABELS,
        ROUND_STATUS_LABELS,
        tier_line,
    )

    return {"exam_kind_labels": KIND_LABELS, "exam_status_labels": EXAM_STATUS_LABELS,
            "round_status_labels": ROUND_STATUS_LABELS, "phase_labels": PHASE_LABELS,
            "tier_line": tier_line}
