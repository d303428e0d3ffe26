"""Programmes ("Chương trình bồi dưỡng") and the requirement matrix of job positions: admins only."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlmodel import select

from contest.accounts.access import roles_required
from contest.accounts.models import Field, JobPosition, Role
from contest.core import db
from contest.core.web.htmx import wants_partial
from contest.training.forms_courses import ProgrammeForm, RequirementsForm
from contest.training.models import Programme
from contest.training.services import TrainingError
from contest.training.services import programmes as service
from contest.training.views.blueprint import bp


def _programme_form(programme: Programme | None = None) -> ProgrammeForm:
    form = ProgrammeForm(obj=programme)
    fields = db.session().exec(select(Field).order_by(Field.name))
    form.field_id.choices = [("", _("— Không —"))] + [(f.id, f.name) for f in fields]
    return form


def _save(form: ProgrammeForm, programme: Programme | None) -> tuple[Programme | None, list[str]]:
    """Create or update from a valid form; the refusal's text instead when the service refuses."""
    values = {"code": form.code.data, "title": form.title.data, "field_id": form.field_id.data,
              "valid_months": form.valid_months.data, "active": form.active.data}
    try:
        if programme is None:
            return service.create_programme(db.session(), **values), []
        return service.update_programme(db.session(), programme, **values), []
    except TrainingError as err:
        db.rollback_only()
        return None, [_(text, **err.params) for text in err.texts()]


@bp.route("/programmes", methods=["GET", "POST"])
@roles_required(Role.admin)
def programmes():
    """The programmes with the form of a new one."""
    form = _programme_form()
    problems: list[str] = []
    if form.validate_on_submit():
        created, problems = _save(form, None)
        if created is not None:
            flash(_("Đã thêm chương trình «%(code)s».", code=created.code), "success")
            return redirect(url_for("training.programmes"))
    fields = {f.id: f.name for f in db.session().exec(select(Field))}
    return render_template("training/programmes.html", form=form, problems=problems, fields=fields,
                           programmes=service.list_programmes(db.session()))


@bp.route("/programmes/<int:programme_id>/edit", methods=["GET", "POST"])
@roles_required(Role.admin)
def programme_edit(programme_id: int):
    programme = db.session().get(Programme, programme_id)
    if programme is None:
        abort(404)
    form = _programme_form(programme)
    problems: list[str] = []
    if form.validate_on_submit():
        saved, problems = _save(form, programme)
        if saved is not None:
            flash(_("Đã lưu chương trình «%(code)s».", code=saved.code), "success")
            return redirect(url_for("training.programmes"))
    return render_template("training/programme_edit.html", form=form, programme=programme, problems=problems)


@bp.route("/requirements", methods=["GET", "POST"])
@roles_required(Role.admin)
def requirements():
    """The requirement matrix ("khung năng lực"): job positions by active programmes; saving
    makes the matrix exactly what is ticked (htmx: the matrix alone, with its message)."""
    session = db.session()
    positions = list(session.exec(select(JobPosition).where(JobPosition.active).order_by(JobPosition.name)))
    programmes = service.list_programmes(session, active_only=True)
    form = RequirementsForm()
    form.pairs.choices = [(f"{p.id}-{q.id}", "") for p in positions for q in programmes]
    problems: list[str] = []
    saved = None
    if form.validate_on_submit():
        shown = {(p.id, q.id) for p in positions for q in programmes}
        # Pairs of inactive positions or programmes are not shown: saving keeps them.
        kept = service.requirement_pairs(session) - shown
        try:
            added, removed = service.set_requirements(session, form.chosen() | kept)
        except TrainingError as err:
            db.rollback_only()
            problems = [_(text, **err.params) for text in err.texts()]
        else:
            saved = _("Đã lưu khung năng lực: thêm %(added)d, bỏ %(removed)d yêu cầu.", added=added, removed=removed)
            if not wants_partial():
                flash(saved, "success")
                return redirect(url_for("training.requirements"))
    context = {"form": form, "positions": positions, "programmes": programmes, "problems": problems,
               "chosen": service.requirement_pairs(session) if not form.is_submitted() or saved else form.chosen(),
               "saved": saved}
    if wants_partial():
        return render_template("training/partials/_requirements.html", **context)
    return render_template("training/requirements.html", **context)
