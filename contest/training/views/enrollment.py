"""A course's people, for its runners: the roster (page and htmx fragment), enrolling by hand,
by rule, from an .xlsx list, and withdrawing. Rules live in ``services.enrollment``."""

from __future__ import annotations

import io

from flask import current_app, flash, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from contest.accounts.access import STAFF, roles_required
from contest.admin.official_sheet import SheetError
from contest.core import db
from contest.core.db import utcnow
from contest.core.i18n import N_
from contest.core.web.errors import refuse_to
from contest.core.web.htmx import go, wants_partial
from contest.training.access import managed_course_or_404
from contest.training.enrollment_sheet import parse_list, template_xlsx
from contest.training.forms_enrollment import ButtonForm, FileForm, HandForm, RuleForm
from contest.training.models import EnrollmentStatus
from contest.training.services import TrainingError
from contest.training.services import enrollment as service
from contest.training.views.blueprint import bp

ROSTER = "training/partials/_enrollments.html"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Names shown in a rule's preview (the count is always whole).
PREVIEW_NAMES = 50


def _roster(course, hand: HandForm | None = None, notice: str = ""):
    """The roster: the fragment for htmx (the course page loads it), else its own page. Every
    name links to the person's training record: whoever runs a course reads the records of the
    people enrolled in it (``access.may_read_record``)."""
    context = {"course": course, "groups": service.roster(db.session(), course), "readable": None,
               "hand_form": hand or HandForm(formdata=None), "button": ButtonForm(formdata=None),
               "notice": notice, "status_labels": service.STATUS_LABELS,
               "source_labels": service.SOURCE_LABELS, "EnrollmentStatus": EnrollmentStatus}
    return render_template(ROSTER if wants_partial() else "training/enrollments.html", **context)


def _placed_text(placed: service.Placed) -> str:
    text = ngettext("Đã ghi danh %(num)d người.", "Đã ghi danh %(num)d người.", placed.enrolled)
    if placed.waitlisted:
        text += " " + ngettext("%(num)d người vào danh sách chờ (lớp đã đủ chỗ).",
                               "%(num)d người vào danh sách chờ (lớp đã đủ chỗ).", placed.waitlisted)
    return text


@bp.get("/courses/<int:course_id>/roster")
@roles_required(*STAFF)
def roster(course_id: int):
    """Who is in the course: seated, waiting (in queue order) and withdrawn."""
    return _roster(managed_course_or_404(course_id, current_user))


@bp.post("/courses/<int:course_id>/enroll")
@roles_required(*STAFF)
def enroll_hand(course_id: int):
    """Enroll one official by email or phone; a refusal is shown beside the field."""
    course = managed_course_or_404(course_id, current_user)
    form = HandForm()
    if form.validate_on_submit():
        try:
            row = service.enroll_by_login(db.session(), course, form.login.data, current_user, utcnow())
        except TrainingError as err:
            db.rollback_only()
            form.login.errors = [*form.login.errors, _(err.message, **err.params)]
        else:
            notice = (_("Đã ghi danh.") if row.status == EnrollmentStatus.enrolled
                      else _("Lớp đã đủ chỗ: đã đưa vào danh sách chờ."))
            if wants_partial():
                return _roster(course, notice=notice)
            flash(notice, "success")
            return go(url_for("training.roster", course_id=course.id))
    return _roster(course, hand=form)


@bp.post("/courses/<int:course_id>/enrollments/<int:enrollment_id>/withdraw")
@roles_required(*STAFF)
def withdraw(course_id: int, enrollment_id: int):
    """Withdraw someone; the earliest waiting take the seat."""
    course = managed_course_or_404(course_id, current_user)
    back = url_for("training.roster", course_id=course.id)
    refuse_to(back)
    if ButtonForm().validate_on_submit():
        service.withdraw(db.session(), course, enrollment_id, current_user, utcnow())
        if wants_partial():
            return _roster(course, notice=_("Đã rút tên khỏi lớp."))
        flash(_("Đã rút tên khỏi lớp."), "success")
    return go(back)


@bp.route("/courses/<int:course_id>/enroll/rule", methods=["GET", "POST"])
@roles_required(*STAFF)
def enroll_rule(course_id: int):
    """Every active official of a unit (and sub-units), of some positions and fields: "preview"
    shows who and how many; "confirm" enrolls them."""
    course = managed_course_or_404(course_id, current_user)
    session = db.session()
    form = RuleForm()
    units = sorted(service.rule_units(session, course), key=lambda u: u.name.casefold())
    positions, fields = service.catalog(session)
    form.unit_id.choices = [("", _("— Chọn đơn vị —"))] + [(u.id, u.name) for u in units]
    form.position_ids.choices = [(p.id, p.name) for p in positions]
    form.field_ids.choices = [(f.id, f.name) for f in fields]
    preview = None
    if form.validate_on_submit():
        args = (form.unit_id.data, form.position_ids.data or [], form.field_ids.data or [])
        try:
            if form.action.data == "confirm":
                placed = service.enroll_by_rule(session, course, *args, current_user, utcnow())
                flash(_placed_text(placed), "success")
                return go(url_for("training.roster", course_id=course.id))
            found, inside = service.rule_matches(session, course, *args)
            preview = {"count": len(found), "inside": inside, "names": found[:PREVIEW_NAMES]}
        except TrainingError as err:
            db.rollback_only()
            form.unit_id.errors = [*form.unit_id.errors, _(err.message, **err.params)]
    return render_template("training/enroll_rule.html", course=course, form=form, preview=preview)


@bp.route("/courses/<int:course_id>/enroll/file", methods=["GET", "POST"])
@roles_required(*STAFF)
def enroll_file(course_id: int):
    """Enroll from an .xlsx list: every line checked; any problem and nobody is enrolled (the
    problems are listed by line), else everyone at once."""
    course = managed_course_or_404(course_id, current_user)
    form = FileForm()
    problems = []
    if form.validate_on_submit():
        try:
            sheet = parse_list(form.file.data.read(), max_rows=current_app.config["IMPORT_MAX_OFFICIALS"])
            plan = service.plan_file(db.session(), course, sheet.rows)
            problems = sorted(sheet.problems + plan.problems, key=lambda p: p.row)
            if not problems and not plan.users:
                raise SheetError(N_("Tệp không có dòng dữ liệu nào."))
            if not problems:
                placed = service.enroll_file(db.session(), course, plan, current_user, utcnow())
                flash(_placed_text(placed), "success")
                return go(url_for("training.roster", course_id=course.id))
        except (SheetError, TrainingError) as err:
            db.rollback_only()
            form.file.errors = [*form.file.errors, _(err.message, **err.params)]
    return render_template("training/enroll_file.html", course=course, form=form, problems=problems)


@bp.get("/courses/<int:course_id>/enroll/template.xlsx")
@roles_required(*STAFF)
def enroll_template(course_id: int):
    """The empty enrollment list (email or phone a line)."""
    managed_course_or_404(course_id, current_user)
    data = template_xlsx(current_app.config["IMPORT_MAX_OFFICIALS"])
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True, download_name="mau-ghi-danh.xlsx")
