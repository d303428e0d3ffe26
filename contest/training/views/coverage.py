"""Coverage of the required programmes for a unit and its sub-units: trainers read their own
unit's subtree, admins any unit (or all). One URL, two renderings: the unit picker swaps the
report by htmx; the exports stream .xlsx files."""

from __future__ import annotations

from flask import abort, render_template, request, send_file
from flask_babel import gettext as _
from flask_login import current_user

from contest.accounts.access import STAFF, roles_required
from contest.accounts.models import Unit
from contest.core import db
from contest.core.web.htmx import wants_partial
from contest.training import exports
from contest.training.access import readable_units
from contest.training.forms_coverage import CoverageForm, FindRecordForm
from contest.training.services import coverage as service
from contest.training.services.records import local_today
from contest.training.views.blueprint import bp


def _chosen_unit(form: CoverageForm) -> Unit | None:
    """The unit asked for, if the reader may read it: a trainer's defaults to their own unit;
    an admin's may be None (every unit). 404 for anything else, so unit ids cannot be probed."""
    session = db.session()
    allowed = readable_units(session, current_user)
    unit_id = form.unit.data if form.unit.raw_data else (None if allowed is None else current_user.unit_id)
    if unit_id is None and allowed is None:
        return None
    unit = session.get(Unit, unit_id) if unit_id else None
    if unit is None or (allowed is not None and unit.id not in allowed):
        abort(404)
    return unit


def _picker_choices(unit: Unit | None, lines: list) -> list[tuple[str, str]]:
    """The units above the chosen one (as far as the reader may go), itself and its sub-units."""
    session, allowed = db.session(), readable_units(db.session(), current_user)
    above, parent_id = [], unit.parent_id if unit else None
    while parent_id is not None and (allowed is None or parent_id in allowed):
        parent = session.get(Unit, parent_id)
        above.insert(0, (str(parent.id), parent.name))
        parent_id = parent.parent_id
    choices = [("", _("Tất cả đơn vị"))] if allowed is None else []
    choices += above + ([(str(unit.id), unit.name)] if unit else [])
    return choices + [(str(line.unit_id), "— " + line.name) for line in lines]


@bp.get("/coverage")
@roles_required(*STAFF)
def coverage():
    """The figures of the chosen unit (with its sub-units), a row per sub-unit, per job position
    and per field, and a page of who still needs which programme."""
    form = CoverageForm(request.args)
    unit = _chosen_unit(form)
    session, today = db.session(), local_today()
    report = service.coverage(session, unit.id if unit else None, today)
    lines = report.children(unit.id) if unit else report.roots()
    figures = report.line(unit.id).total if unit else report.total
    page = form.page.data if form.validate() and form.page.data else 1
    needs = service.needs(session, unit.id if unit else None, today, page, report=report)
    needs_count = figures.pairs - figures.completed
    form.unit.choices = _picker_choices(unit, lines)
    form.unit.data = unit.id if unit else None
    template = "training/partials/_coverage.html" if wants_partial() else "training/coverage.html"
    return render_template(template, form=form, unit=unit, report=report, lines=lines, figures=figures,
                           needs=needs, needs_count=needs_count, page=page,
                           pages=max(1, -(-needs_count // service.NEEDS_PAGE_SIZE)),
                           find_form=FindRecordForm(formdata=None))


@bp.get("/coverage/<any(figures, needs):what>.xlsx")
@roles_required(*STAFF)
def coverage_export(what: str):
    """``figures``: every sheet of the report and the full "still needs" list; ``needs``: that
    list alone. Streamed from a temporary file."""
    unit = _chosen_unit(CoverageForm(request.args))
    session, today = db.session(), local_today()
    root_id = unit.id if unit else None
    report = service.coverage(session, root_id, today)
    needs = service.all_needs(session, root_id, today, report=report)
    if what == "needs":
        data, title = exports.needs_xlsx(needs), _("Còn phải bồi dưỡng")
    else:
        data, title = exports.coverage_xlsx(report, needs), _("Bồi dưỡng theo khung năng lực")
    name = f"{title} - {unit.name if unit else _('Tất cả đơn vị')} - {today.isoformat()}.xlsx"
    return send_file(data, mimetype=exports.XLSX, as_attachment=True, download_name=name)
