"""Who must sit an assessment: rows of unit / job position / field, and named officials."""

from __future__ import annotations

from flask import abort
from flask_babel import gettext as _
from sqlmodel import select

from contest.accounts.access import STAFF, roles_required
from contest.accounts.models import Field, JobPosition, Unit, User
from contest.core import db
from contest.core.web.forms import set_rows
from contest.exams.manage_forms import AssignmentsForm
from contest.exams.models import ExamKind
from contest.exams.services import authoring as service
from contest.exams.views.blueprint import bp
from contest.exams.views.manage_common import managed_exam_or_404, rows_editor, section
from question_bank.views.loaders import field_choices, position_choices

ASSIGNMENTS = "exams/manage/partials/_assignments.html"


def _unit_choices() -> list[tuple[int, str]]:
    """Active units in tree order, indented by depth."""
    units = db.session().exec(select(Unit).where(Unit.active).order_by(Unit.name)).all()
    children: dict[int | None, list[Unit]] = {}
    known = {u.id for u in units}
    for unit in units:
        children.setdefault(unit.parent_id if unit.parent_id in known else None, []).append(unit)
    ordered: list[tuple[int, str]] = []

    def walk(parent_id, depth):
        for unit in children.get(parent_id, []):
            ordered.append((unit.id, "— " * depth + unit.name))
            walk(unit.id, depth + 1)

    walk(None, 0)
    return ordered


def _keep_saved(choices: list, value, model) -> list:
    """Offer a row's saved unit, position or field even when it has since been deactivated, so
    that saving the section again never silently widens the row to "all"."""
    if value in (None, "") or any(key == value for key, _label in choices):
        return choices
    item = db.session().get(model, value)
    if item is None:
        return choices
    return [*choices, (item.id, _("%(name)s (ngừng hoạt động)", name=item.name))]


def assignments_context(exam, form: AssignmentsForm | None = None, problems=None, capacities=None,
                        saved: bool = False) -> dict:
    """The rows and named officials as saved (or as posted), and how many officials they cover."""
    session = db.session()
    if form is None:
        rows = service.assignments_of(session, exam)
        named = [r.user_id for r in rows if r.user_id is not None]
        logins = session.exec(select(User).where(User.id.in_(named))).all() if named else []
        form = AssignmentsForm(formdata=None, officials="\n".join(u.login_name for u in logins))
        set_rows(form.rows, [{"unit_id": r.unit_id, "job_position_id": r.job_position_id,
                              "field_id": r.field_id} for r in rows if r.user_id is None])
    units = [("", _("Mọi đơn vị"))] + _unit_choices()
    positions = [("", _("Mọi vị trí"))] + position_choices()
    fields = [("", _("Mọi lĩnh vực"))] + field_choices()
    for row in form.rows:
        row.unit_id.choices = _keep_saved(units, row.unit_id.data, Unit)
        row.job_position_id.choices = _keep_saved(positions, row.job_position_id.data, JobPosition)
        row.field_id.choices = _keep_saved(fields, row.field_id.data, Field)
    return {"assign_form": form, "covered": len(service.covered_officials(session, exam)),
            "assign_problems": problems or [], "assign_saved": saved}


@bp.route("/manage/exams/<int:exam_id>/assignments", methods=["GET", "POST"])
@roles_required(*STAFF)
def manage_assignments(exam_id: int):
    exam = managed_exam_or_404(exam_id)
    if exam.kind != ExamKind.assessment:
        abort(404)
    form = AssignmentsForm()
    return rows_editor(
        exam, form, form.rows, {"unit_id": None, "job_position_id": None, "field_id": None},
        store=lambda: service.set_assignments(db.session(), exam, form.rows.data, form.logins()),
        render=lambda f, **extra: section(exam, ASSIGNMENTS, _("Đối tượng sát hạch"),
                                          assignments_context(exam, f, **extra), "assignments"),
        saved_message=_("Đã lưu đối tượng sát hạch."), anchor="assignments")
