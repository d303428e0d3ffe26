"""A course's sessions and materials: add, edit, delete, and the materials' download."""

from __future__ import annotations

import io

from flask import abort, current_app, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from contest.accounts.access import STAFF, roles_required
from contest.core import db
from contest.core.db import utcnow
from contest.core.web.htmx import go, wants_partial
from contest.exams.manage_forms import local_time
from contest.training.access import managed_course_or_404
from contest.training.forms_courses import (
    ActionForm,
    MaterialFileForm,
    MaterialLinkForm,
    SessionForm,
)
from contest.training.models import CourseMaterial, CourseSession
from contest.training.services import TrainingError
from contest.training.services import courses as service
from contest.training.views.blueprint import bp
from contest.training.views.courses import SECTIONS, hub, section_reply


def _session_or_404(session_id: int) -> tuple:
    """(course, session) of a session in a course the current user runs; 404 otherwise."""
    item = db.session().get(CourseSession, session_id)
    if item is None:
        abort(404)
    return managed_course_or_404(item.course_id, current_user), item


def _material_or_404(material_id: int) -> CourseMaterial:
    item = db.session().get(CourseMaterial, material_id)
    if item is None:
        abort(404)
    return item


# --- Sessions ------------------------------------------------------------------------------------


@bp.route("/courses/<int:course_id>/sessions", methods=["GET", "POST"])
@roles_required(*STAFF)
def course_sessions(course_id: int):
    """GET: the sessions section (htmx) or the course page; POST: add a session, typed in
    Vietnam time (refused: ends before it starts, overlaps another session of the course)."""
    course = managed_course_or_404(course_id, current_user)
    form = SessionForm()
    if not form.is_submitted():
        if wants_partial():
            return render_template(SECTIONS["sessions"], **hub(course))
        return redirect(url_for("training.course", course_id=course.id) + "#sessions")
    return section_reply(course, "sessions", form, "session_form",
                         lambda: service.add_session(db.session(), course, form.starts_utc(), form.ends_utc(),
                                                     form.place.data, form.online_url.data),
                         _("Đã thêm buổi học."))


@bp.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@roles_required(*STAFF)
def session_edit(session_id: int):
    """Change a session's day, times or place; htmx gets the form alone."""
    course, item = _session_or_404(session_id)
    starts, ends = local_time(item.starts_at), local_time(item.ends_at)
    form = SessionForm(data={"day": starts.date(), "starts": starts.time(), "ends": ends.time(),
                             "place": item.place, "online_url": item.online_url})
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            service.update_session(db.session(), course, item, form.starts_utc(), form.ends_utc(),
                                   form.place.data, form.online_url.data, utcnow())
        except TrainingError as err:
            db.rollback_only()
            problems = [_(text, **err.params) for text in err.texts()]
        else:
            flash(_("Đã lưu buổi học."), "success")
            return go(url_for("training.course", course_id=course.id) + "#sessions")
    template = "training/partials/_session_form.html" if wants_partial() else "training/session_edit.html"
    return render_template(template, course=course, item=item, form=form, problems=problems)


@bp.post("/sessions/<int:session_id>/delete")
@roles_required(*STAFF)
def session_delete(session_id: int):
    """Delete a session without attendance (the refusal handler explains any refusal)."""
    course, item = _session_or_404(session_id)
    if ActionForm().validate_on_submit():
        service.delete_session(db.session(), course, item)
        if wants_partial():
            return render_template(SECTIONS["sessions"], **hub(course, saved=_("Đã xóa buổi học.")))
        flash(_("Đã xóa buổi học."), "success")
    return redirect(url_for("training.course", course_id=course.id) + "#sessions")


# --- Materials -----------------------------------------------------------------------------------


@bp.post("/courses/<int:course_id>/materials/file")
@roles_required(*STAFF)
def material_upload(course_id: int):
    """Upload a file (types and size bound: ``services.courses.add_material_file``); no more than
    the limit and one byte is read, so an oversized file is refused without being held."""
    course = managed_course_or_404(course_id, current_user)
    form = MaterialFileForm()
    limit = current_app.config["MATERIAL_MAX_BYTES"]

    def store():
        upload = form.file.data
        service.add_material_file(db.session(), course, form.file_title.data, upload.filename,
                                  upload.read(limit + 1), limit, utcnow())

    return section_reply(course, "materials", form, "file_form", store, _("Đã tải lên tài liệu."))


@bp.post("/courses/<int:course_id>/materials/link")
@roles_required(*STAFF)
def material_link(course_id: int):
    course = managed_course_or_404(course_id, current_user)
    form = MaterialLinkForm()
    return section_reply(course, "materials", form, "link_form",
                         lambda: service.add_material_link(db.session(), course, form.link_title.data,
                                                           form.url.data, utcnow()),
                         _("Đã thêm đường dẫn tài liệu."))


@bp.post("/materials/<int:material_id>/delete")
@roles_required(*STAFF)
def material_delete(material_id: int):
    item = _material_or_404(material_id)
    course = managed_course_or_404(item.course_id, current_user)
    if ActionForm().validate_on_submit():
        service.delete_material(db.session(), item)
        if wants_partial():
            return render_template(SECTIONS["materials"], **hub(course, saved=_("Đã xóa tài liệu.")))
        flash(_("Đã xóa tài liệu."), "success")
    return redirect(url_for("training.course", course_id=course.id) + "#materials")


@bp.get("/materials/<int:material_id>")
@login_required
def material(material_id: int):
    """A material for the course's runners and its enrolled officials (404 for anyone else, so
    ids cannot be probed): a file as a download that the browser never runs, a link followed."""
    item = _material_or_404(material_id)
    if not service.may_download(db.session(), item, current_user):
        abort(404)
    if item.url:
        return redirect(item.url)
    response = send_file(io.BytesIO(item.data), mimetype=item.content_type, as_attachment=True,
                         download_name=item.filename)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
