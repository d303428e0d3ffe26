"""An assessment's report for the department: pass rates by unit (drilled down a level at a
time with htmx, the same URL with ``?unit=``), job position and field, who has not sat it, and
the trend over rounds; its download. Staff who manage the exam (its trainer, an admin)."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import gettext as _

from contest.accounts.access import STAFF, roles_required
from contest.core import db
from contest.core.db import utcnow
from contest.core.web.htmx import wants_partial
from contest.exams.models import ExamKind
from contest.exams.services.authoring import rounds_of
from contest.exams.views.manage_common import managed_exam_or_404
from contest.reports import round_sheets
from contest.reports.services.assessment_report import assessment_report as build_report
from contest.reports.views import round_charts
from contest.reports.views.blueprint import bp
from contest.reports.views.rounds import download

#: Officials listed as not having sat on the page (the download lists all).
NOT_SAT_SHOWN = 200


def _assessment_and_round(exam_id: int):
    """The assessment (404 for another kind) and the round asked for (``?round=``), else the
    latest that has opened, else the first; a round of another exam is a 404."""
    exam = managed_exam_or_404(exam_id)
    if exam.kind != ExamKind.assessment:
        abort(404)
    rounds = rounds_of(db.session(), exam)
    if not rounds:
        abort(404)
    chosen = request.args.get("round", type=int)
    if chosen is not None:
        round_ = next((r for r in rounds if r.id == chosen), None)
        if round_ is None:
            abort(404)
    else:
        opened = [r for r in rounds if r.opens_at <= utcnow()]
        round_ = opened[-1] if opened else rounds[0]
    return exam, rounds, round_


@bp.get("/assessments/<int:exam_id>")
@roles_required(*STAFF)
def assessment_report(exam_id: int):
    """The report of one round; htmx asks for the units of one unit alone (``?unit=``)."""
    exam, rounds, round_ = _assessment_and_round(exam_id)
    report = build_report(db.session(), exam, round_, utcnow())
    focus, lines = report.focus(request.args.get("unit", type=int))
    units_chart = round_charts.pass_rate_chart(
        _("Tỷ lệ đạt theo đơn vị") if focus is None else _("Tỷ lệ đạt: %(unit)s và các đơn vị trực thuộc", unit=focus.name),
        _("Đơn vị"), [(line.name, line.total) for line in lines])
    context = {"exam": exam, "round": round_, "rounds": rounds, "report": report, "focus": focus, "lines": lines,
               "units_chart": units_chart, "parent": report.unit_line(focus.parent_id) if focus else None,
               "several_roots": sum(1 for line in report.units if line.depth == 0) > 1}
    if wants_partial():
        return render_template("reports/partials/_assessment_units.html", **context)
    return render_template(
        "reports/assessment.html", **context, not_sat_shown=NOT_SAT_SHOWN,
        positions_chart=round_charts.pass_rate_chart(_("Tỷ lệ đạt theo vị trí việc làm"), _("Vị trí việc làm"),
                                                     report.by_position),
        fields_chart=round_charts.pass_rate_chart(_("Tỷ lệ đạt theo lĩnh vực"), _("Lĩnh vực"), report.by_field),
        trend_chart=round_charts.pass_trend_chart(report.trend))


@bp.get("/assessments/<int:exam_id>/report.xlsx", defaults={"fmt": "xlsx"})
@bp.get("/assessments/<int:exam_id>/report.csv", defaults={"fmt": "csv"})
@roles_required(*STAFF)
def assessment_report_export(exam_id: int, fmt: str):
    """The report of the round (``?round=``) as .xlsx (one sheet per table) or .csv (sections)."""
    exam, _rounds, round_ = _assessment_and_round(exam_id)
    report = build_report(db.session(), exam, round_, utcnow())
    return download(round_sheets.assessment_report_sheets(report), fmt, _("Báo cáo sát hạch"), exam.title, round_.name)
