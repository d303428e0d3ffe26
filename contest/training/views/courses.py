"""Courses as trainers run them: the list, the course form, publish and archive, and the course
page (the trainer's hub: details, rule, sessions, trainers, materials, and the enrollment
section other views fill in)."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlmodel import select

from contest.accounts.access import STAFF, roles_required
from contest.accounts.models import JobPosition, Unit
from contest.core import db
from contest.core.db import utcnow
from contest.core.web.htmx import go, wants_partial
from contest.exams.manage_forms import local_time
from contest.exams.models import Exam, ExamKind
from contest.training.access import managed_course_or_404
from contest.training.forms_courses import (
    STATUS_LABELS,
    ActionForm,
    CourseFilterForm,
    CourseForm,
    MaterialFileForm,
    MaterialLinkForm,
    SessionForm,
    TrainerForm,
)
from contest.training.models import WINDOW_LABELS, Course, CourseStatus, Programme
from contest.training.services import TrainingError
from contest.training.services import courses as service
from contest.training.services.programmes import list_programmes
from contest.training.views.blueprint import bp

#: The sections of the course page: partial template and the name of its form in the context.
SECTIONS = {"sessions": "training/partials/_sessions.html", "trainers": "training/partials/_trainers.html",
            "materials": "training/partials/_materials.html"}


def hub(course: Course, **overrides) -> dict:
    """The course page's context; ``overrides`` replace a section's form (posted, with its
    errors) or add a section's ``*_problems``."""
    session = db.session()
    positions = service.position_ids(session, course)
    context = {
        "course": course, "programme": session.get(Programme, course.programme_id),
        "unit": session.get(Unit, course.unit_id),
        "positions": list(session.exec(select(JobPosition).where(JobPosition.id.in_(positions)))
                          ) if positions else [],
        "practice_exam": session.get(Exam, course.practice_exam_id) if course.practice_exam_id else None,
        "assessment_exam": session.get(Exam, course.assessment_exam_id) if course.assessment_exam_id else None,
        "sessions": service.sessions_of(session, course), "trainers": service.trainers_of(session, course),
        "materials": service.materials_of(session, course), "now": utcnow(),
        "window_label": _(WINDOW_LABELS[course.window(utcnow())]), "status_labels": STATUS_LABELS,
        "action_form": ActionForm(formdata=None), "session_form": SessionForm(formdata=None),
        "trainer_form": TrainerForm(formdata=None), "file_form": MaterialFileForm(formdata=None),
        "link_form": MaterialLinkForm(formdata=None),
        "max_mb": f"{_max_bytes() / 1048576:g}",
    }
    context.update(overrides)
    return context


def _max_bytes() -> int:
    return current_app.config["MATERIAL_MAX_BYTES"]


def section_reply(course: Course, section: str, form, form_name: str, action, saved: str):
    """The add-forms of the course page: validate, call ``action()`` (a service call), then
    htmx gets the section again (fresh, or with the form's errors, status 200) and a plain
    form the course page (a redirect after success)."""
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            action()
        except TrainingError as err:
            db.rollback_only()
            problems = [_(text, **err.params) for text in err.texts()]
        else:
            if wants_partial():
                return render_template(SECTIONS[section], **hub(course, saved=saved))
            flash(saved, "success")
            return redirect(url_for("training.course", course_id=course.id) + f"#{section}")
    context = hub(course, **{form_name: form, f"{section}_problems": problems})
    if wants_partial():
        return render_template(SECTIONS[section], **context)
    return render_template("training/course.html", **context)


# --- List ----------------------------------------------------------------------------------------


@bp.get("/courses")
@roles_required(*STAFF)
def courses():
    """The courses one runs (admins: all), filtered by status and programme; htmx gets the table."""
    session = db.session()
    programmes = list_programmes(session)
    form = CourseFilterForm(request.args)
    form.programme_id.choices = [("", _("Tất cả"))] + [(p.id, f"{p.code} — {p.title}") for p in programmes]
    status = programme_id = None
    if form.validate():
        status = CourseStatus(form.status.data) if form.status.data else None
        programme_id = form.programme_id.data
    items = service.courses_for(session, current_user, status, programme_id)
    context = {"form": form, "courses": items, "programmes": {p.id: p for p in programmes},
               "counts": service.session_counts(session, [c.id for c in items]),
               "status_labels": STATUS_LABELS}
    if wants_partial():
        return render_template("training/partials/_course_rows.html", **context)
    return render_template("training/courses.html", **context)


# --- The course form -----------------------------------------------------------------------------


def course_form(course: Course | None = None) -> CourseForm:
    """The course form with its choices; on GET it holds the course (times in Vietnam time) or,
    for a new course, the trainer's unit and an 80% attendance rule."""
    session = db.session()
    if course is None:
        data = {"unit_id": current_user.unit_id, "min_attendance": 80}
    else:
        data = {name: getattr(course, name) for name in (
            "programme_id", "title", "description", "unit_id", "capacity", "self_enroll", "practice_exam_id",
            "assessment_exam_id", "assessment_required", "practice_required", "valid_months",
            "issues_certificate")}
        data.update(min_attendance=round(course.min_attendance * 100),
                    position_ids=service.position_ids(session, course),
                    enroll_opens_at=local_time(course.enroll_opens_at) if course.enroll_opens_at else None,
                    enroll_closes_at=local_time(course.enroll_closes_at) if course.enroll_closes_at else None)
    form = CourseForm(data=data)
    programmes = [p for p in list_programmes(session) if p.active or (course and p.id == course.programme_id)]
    form.programme_id.choices = [(p.id, f"{p.code} — {p.title}") for p in programmes]
    units = service.unit_choices(session, current_user)
    if course is not None and all(u.id != course.unit_id for u in units):
        units.append(session.get(Unit, course.unit_id))
    form.unit_id.choices = [(u.id, u.name) for u in units]
    form.position_ids.choices = [(p.id, p.name) for p in session.exec(
        select(JobPosition).where(JobPosition.active).order_by(JobPosition.name))]
    for field, kind, keep in ((form.practice_exam_id, ExamKind.practice, course and course.practice_exam_id),
                              (form.assessment_exam_id, ExamKind.assessment, course and course.assessment_exam_id)):
        field.choices = [("", _("— Không —"))] + [
            (e.id, e.title) for e in service.exam_choices(session, current_user, kind, keep or None)]
    return form


def _course_form_page(form: CourseForm, course: Course | None):
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            if course is None:
                course = service.create_course(db.session(), current_user, form.draft(), utcnow())
                flash(_("Đã tạo lớp «%(title)s». Hãy thêm buổi học rồi công bố.", title=course.title), "success")
            else:
                saved = service.update_course(db.session(), course, current_user, form.draft(), utcnow())
                flash(_("Đã lưu lớp «%(title)s».", title=course.title), "success")
                _flash_seats(saved)
        except TrainingError as err:
            db.rollback_only()
            problems = [_(text, **err.params) for text in err.texts()]
        else:
            return redirect(url_for("training.course", course_id=course.id))
    return render_template("training/course_edit.html", form=form, course=course, problems=problems)


def _flash_seats(saved: service.CourseUpdate) -> None:
    """Tell the trainer what a capacity change did to the waiting list and the seats."""
    if saved.promoted:
        flash(_("%(n)d người trong danh sách chờ đã được xếp chỗ.", n=saved.promoted), "success")
    if saved.over_capacity:
        flash(_("Sức chứa mới thấp hơn số người đã ghi danh (vượt %(n)d người): những người đã ghi danh "
                "vẫn giữ chỗ, người đăng ký mới sẽ vào danh sách chờ.", n=saved.over_capacity), "warning")


@bp.route("/courses/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def course_new():
    """Create a draft course (its author, a trainer, becomes its first trainer)."""
    return _course_form_page(course_form(), None)


@bp.route("/courses/<int:course_id>/edit", methods=["GET", "POST"])
@roles_required(*STAFF)
def course_edit(course_id: int):
    course = managed_course_or_404(course_id, current_user)
    return _course_form_page(course_form(course), course)


# --- The course page and its status --------------------------------------------------------------


@bp.get("/courses/<int:course_id>")
@roles_required(*STAFF)
def course(course_id: int):
    """The trainer's hub; 404 for a course one does not run (``managed_course_or_404``)."""
    return render_template("training/course.html", **hub(managed_course_or_404(course_id, current_user)))


@bp.post("/courses/<int:course_id>/publish")
@roles_required(*STAFF)
def course_publish(course_id: int):
    """Publish (refused without a session: the one refusal handler shows why)."""
    course = managed_course_or_404(course_id, current_user)
    if ActionForm().validate_on_submit():
        service.publish_course(db.session(), course)
        flash(_("Đã công bố lớp «%(title)s».", title=course.title), "success")
    return go(url_for("training.course", course_id=course.id))


@bp.post("/courses/<int:course_id>/archive")
@roles_required(*STAFF)
def course_archive(course_id: int):
    course = managed_course_or_404(course_id, current_user)
    if ActionForm().validate_on_submit():
        service.archive_course(db.session(), course)
        flash(_("Đã lưu trữ lớp «%(title)s».", title=course.title), "success")
    return go(url_for("training.course", course_id=course.id))


# --- Trainers ------------------------------------------------------------------------------------


@bp.post("/courses/<int:course_id>/trainers")
@roles_required(*STAFF)
def course_trainers(course_id: int):
    """Name a trainer (by email or full name)."""
    course = managed_course_or_404(course_id, current_user)
    form = TrainerForm()
    return section_reply(course, "trainers", form, "trainer_form",
                         lambda: service.add_trainer(db.session(), course, form.who.data),
                         _("Đã thêm giảng viên."))


@bp.post("/courses/<int:course_id>/trainers/<int:user_id>/remove")
@roles_required(*STAFF)
def course_trainer_remove(course_id: int, user_id: int):
    """Remove a trainer (the last one stays: the refusal handler says so)."""
    course = managed_course_or_404(course_id, current_user)
    if ActionForm().validate_on_submit():
        trainer = service.remove_trainer(db.session(), course, user_id)
        message = _("Đã bỏ giảng viên %(name)s khỏi lớp.", name=trainer.full_name)
        if wants_partial():
            return render_template(SECTIONS["trainers"], **hub(course, saved=message))
        flash(message, "success")
    return redirect(url_for("training.course", course_id=course.id) + "#trainers")
