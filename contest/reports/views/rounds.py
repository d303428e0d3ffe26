"""A round's report for its organisers, its public statistics, and their downloads.

* ``round_report``: staff who manage the exam (its trainer, an admin), as on the round page.
* ``public_statistics``: anyone, for a contest that is not a draft; the figures come from a
  declared process cache (``caching.PUBLIC_STATISTICS``, a minute) and the browser may keep the
  page a minute (``Cache-Control: private``: every page carries the visitor's own CSRF token, so
  a shared cache must not keep it). htmx asks for the figures of another round alone.
* downloads (``.xlsx`` / ``.csv``): streamed, see ``contest.reports.exports``.
"""

from __future__ import annotations

from datetime import UTC
from zoneinfo import ZoneInfo

from flask import Response, abort, current_app, render_template, request, stream_with_context
from flask_babel import gettext as _

from contest.accounts.access import STAFF, roles_required
from contest.core import db
from contest.core.caching import PUBLIC_STATISTICS
from contest.core.db import utcnow
from contest.core.web.htmx import wants_partial
from contest.exams.models import ExamKind
from contest.exams.services import authoring, results
from contest.exams.views.manage_common import get_round_or_404, managed_exam_or_404
from contest.reports import round_sheets, streaming
from contest.reports.round_figures import percent_text
from contest.reports.services import public_statistics as public
from contest.reports.services.round_report import round_report as build_report
from contest.reports.services.round_results import result_lines
from contest.reports.views import round_charts
from contest.reports.views.blueprint import bp

#: How long a browser may keep the public statistics page (seconds).
PUBLIC_MAX_AGE = 60

#: ``{{ share|percent_text }}``: "37,5%", or "—" without a whole.
bp.add_app_template_filter(percent_text, "percent_text")


def zone_name() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


@bp.get("/exams/<int:exam_id>/rounds/<int:round_id>")
@roles_required(*STAFF)
def round_report(exam_id: int, round_id: int):
    """The round's report: head figures, the prediction, score and duration distributions, day
    by day, and (contests) the collective standings by unit with their rates per headcount."""
    exam = managed_exam_or_404(exam_id)
    round_ = get_round_or_404(exam, round_id)
    report = build_report(db.session(), exam, round_, utcnow(), zone_name())
    charts = [round_charts.scores_chart(report.score_width, report.scores),
              round_charts.durations_chart(report.durations), round_charts.days_chart(report.days)]
    units_chart = round_charts.units_chart(report.units) if report.units else None
    return render_template("reports/round.html", exam=exam, round=round_, report=report, charts=charts,
                           units_chart=units_chart)


@bp.get("/exams/<int:exam_id>/rounds/<int:round_id>/report.xlsx", defaults={"fmt": "xlsx"})
@bp.get("/exams/<int:exam_id>/rounds/<int:round_id>/report.csv", defaults={"fmt": "csv"})
@roles_required(*STAFF)
def round_report_export(exam_id: int, round_id: int, fmt: str):
    """The round report's figures as a download (one sheet per table; a CSV has them as sections)."""
    exam = managed_exam_or_404(exam_id)
    round_ = get_round_or_404(exam, round_id)
    report = build_report(db.session(), exam, round_, utcnow(), zone_name())
    return download(round_sheets.report_sheets(report), fmt, _("Báo cáo"), exam.title, round_.name)


@bp.get("/exams/<int:exam_id>/rounds/<int:round_id>/results.xlsx", defaults={"fmt": "xlsx"})
@bp.get("/exams/<int:exam_id>/rounds/<int:round_id>/results.csv", defaults={"fmt": "csv"})
@roles_required(*STAFF)
def round_results_export(exam_id: int, round_id: int, fmt: str):
    """Every counted attempt of the round in rank order with what reaches a winner (prize,
    phone, email, units), then (.xlsx) the collective standings; an assessment: each assigned
    official's result, then (.xlsx) the summaries. Read in batches."""
    exam = managed_exam_or_404(exam_id)
    round_ = get_round_or_404(exam, round_id)
    session, zone = db.session(), ZoneInfo(zone_name())
    if exam.kind == ExamKind.assessment:
        rows = results.assessment_report(session, exam, round_, authoring.covered_officials(session, exam))
        sheets = round_sheets.assessment_results(rows, results.summarize(rows, "unit"),
                                                 results.summarize(rows, "position"), zone)
    else:
        sheets = round_sheets.contest_results(result_lines(session, round_), results.unit_stats(session, round_), zone)
    if fmt == "csv":
        sheets = sheets[:1]  # one table a spreadsheet opens as is; the summaries are in the report
    return download(sheets, fmt, _("Kết quả"), exam.title, round_.name)


def download(sheets, fmt: str, *name_parts: str) -> Response:
    """A streamed attachment named after ``name_parts`` and the day (``streaming``). The rows
    are read while the response is sent, in the request's context (its database session stays
    open until the last row)."""
    day = utcnow().replace(tzinfo=UTC).astimezone(ZoneInfo(zone_name())).date()
    name = " - ".join([*(p for p in name_parts if p), day.isoformat()])
    if fmt == "xlsx":
        body, mimetype = streaming.xlsx_stream(sheets), streaming.XLSX_MIMETYPE
    else:
        body, mimetype = round_sheets.csv_sections(sheets), streaming.CSV_MIMETYPE
    response = Response(stream_with_context(body), mimetype=mimetype)
    response.headers["Content-Disposition"] = streaming.content_disposition(name, fmt)
    return response


@bp.get("/contests/<int:exam_id>/statistics")
def public_statistics(exam_id: int):
    """A contest's published figures for one round (``?round=``, else the latest that has
    opened): participation per commune or unit and per day; once the round has ended, how many
    answered everything correctly; once final, the winners. Open to everyone; htmx gets the
    figures alone (the round tabs)."""
    session = db.session()
    exam = public.public_exam(session, exam_id)
    if exam is None:
        abort(404)
    now = utcnow()
    rounds = public.opened_rounds(session, exam, now)
    chosen = request.args.get("round", type=int)
    round_ = next((r for r in rounds if r.id == chosen), rounds[-1] if rounds else None)
    if chosen is not None and (round_ is None or round_.id != chosen):
        abort(404)
    figures = _public_figures(exam, round_, now) if round_ is not None else None
    template = "reports/partials/_public_figures.html" if wants_partial() else "reports/public.html"
    response = current_app.make_response(render_template(template, exam=exam, rounds=rounds, round=round_,
                                                         figures=figures))
    response.cache_control.private = True
    response.cache_control.max_age = PUBLIC_MAX_AGE
    return response


def _public_figures(exam, round_, now) -> dict:
    """The round's public figures and their charts, from the process cache when fresh."""
    key = (exam.id, round_.id)
    cached = PUBLIC_STATISTICS.get(key)
    if cached is None:
        stats = public.public_statistics(db.session(), exam, round_, now, zone_name())
        cached = {"stats": stats, "localities_chart": round_charts.localities_chart(stats.localities),
                  "days_chart": round_charts.days_chart(stats.days)}
        PUBLIC_STATISTICS.put(key, cached)
    return cached
