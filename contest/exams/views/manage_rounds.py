"""Rounds of an exam: add, close, follow live, export the results."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import quote

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_timezone
from flask_babel import gettext as _

from contest.accounts.access import STAFF, roles_required
from contest.core import db
from contest.core.db import utcnow
from contest.core.web.errors import refuse_to
from contest.core.web.forms import set_rows
from contest.core.web.htmx import go, wants_partial
from contest.exams.manage_forms import (
    ActionForm,
    CloseRoundForm,
    HeadcountsForm,
    PageForm,
    RoundForm,
)
from contest.exams.models import ExamKind
from contest.exams.services import ExamError, export, headcounts, results
from contest.exams.services import authoring as service
from contest.exams.views.blueprint import bp
from contest.exams.views.manage_common import (
    get_round_or_404,
    managed_exam_or_404,
    messages,
    section,
)
from question_bank.textnorm import fold

ROUNDS = "exams/manage/partials/_rounds.html"
HEADCOUNTS = "exams/manage/partials/_headcounts.html"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def rounds_context(exam, form: RoundForm | None = None, problems=None) -> dict:
    rounds = service.rounds_of(db.session(), exam)
    now = utcnow()
    if form is None:
        form = RoundForm(formdata=None, name=_("Đợt %(n)d", n=len(rounds) + 1))
    return {"rounds": [(r, r.state(now)) for r in rounds], "round_form": form,
            "round_problems": problems or [], "action_form": ActionForm(formdata=None)}


@bp.post("/manage/exams/<int:exam_id>/rounds")
@roles_required(*STAFF)
def manage_add_round(exam_id: int):
    """Add a round; times are typed in Vietnam time and stored in UTC."""
    exam = managed_exam_or_404(exam_id)
    form = RoundForm()
    if form.validate_on_submit():
        try:
            service.add_round(db.session(), exam, form.name.data, form.opens_at.utc(), form.closes_at.utc())
        except ExamError as err:
            db.rollback_only()
            return section(exam, ROUNDS, _("Đợt thi"), rounds_context(exam, form, messages(err)), "rounds")
        if wants_partial():
            return section(exam, ROUNDS, "", rounds_context(exam), "")
        flash(_("Đã thêm đợt thi."), "success")
        return redirect(url_for("exams.manage_exam", exam_id=exam.id) + "#rounds")
    return section(exam, ROUNDS, _("Đợt thi"), rounds_context(exam, form), "rounds")


@bp.route("/manage/exams/<int:exam_id>/rounds/<int:round_id>/close", methods=["GET", "POST"])
@roles_required(*STAFF)
def manage_close_round(exam_id: int, round_id: int):
    """Closing a round cannot be undone (unfinished attempts are submitted, ranks and prizes are
    stored): GET says what it will do, with a confirmation checkbox; POST closes the round (or
    finalizes it after its close time) only when the box is ticked, else shows the page again
    with the reason. Works without JavaScript."""
    exam = managed_exam_or_404(exam_id)
    round_ = get_round_or_404(exam, round_id)
    back = url_for("exams.manage_round", exam_id=exam.id, round_id=round_.id)
    refusal = service.closing_refusal(round_, utcnow())
    if refusal:
        flash(_(refusal), "error")
        return go(back)
    form = CloseRoundForm()
    if form.validate_on_submit():
        refuse_to(back)
        service.close_round(db.session(), round_, utcnow())
        flash(_("Đã đóng đợt thi «%(name)s» và chốt kết quả.", name=round_.name), "success")
        return go(back)
    return render_template("exams/manage/close.html", exam=exam, round=round_, form=form, back=back,
                           closes_early=round_.is_open(utcnow()),
                           participation=results.participation(db.session(), round_),
                           tiers=results.prize_tiers(exam), unit_tiers=results.unit_prize_tiers(exam))


def _live(exam, round_) -> dict:
    """The figures of the round page; contests rank, assessments report pass/fail per official."""
    session = db.session()
    args = PageForm(request.args)
    page = args.page.data if args.validate() and args.page.data else 1
    context = {"participation": results.participation(session, round_), "page": page,
               "status": round_.state(utcnow())}
    if exam.kind == ExamKind.assessment:
        report = results.assessment_report(session, exam, round_, service.covered_officials(session, exam))
        context.update(report=report, by_unit=results.summarize(report, "unit"),
                       by_position=results.summarize(report, "position"))
    else:
        prizes = results.prizes(session, round_) if round_.finalized_at else []
        context.update(board=results.leaderboard(session, round_, page), units=results.unit_stats(session, round_),
                       prizes=prizes, unfilled=results.unfilled_tiers(exam, prizes) if round_.finalized_at else [])
    return context


@bp.get("/manage/exams/<int:exam_id>/rounds/<int:round_id>")
@roles_required(*STAFF)
def manage_round(exam_id: int, round_id: int):
    """The round's live figures; htmx polls the same URL for the figures alone."""
    exam = managed_exam_or_404(exam_id)
    round_ = get_round_or_404(exam, round_id)
    if wants_partial():
        return render_template("exams/manage/partials/_live.html", exam=exam, round=round_, **_live(exam, round_))
    return _round_page(exam, round_)


def _round_page(exam, round_, **extra):
    """The round page; a contest's headcount form only until the round is closed (its collective
    prizes are fixed then)."""
    context = headcounts_context(round_) if exam.kind == ExamKind.contest and not round_.finalized_at else {}
    context.update(extra)
    return render_template("exams/manage/round.html", exam=exam, round=round_, **_live(exam, round_), **context)


def headcounts_context(round_, form: HeadcountsForm | None = None, problems=None) -> dict:
    """The headcount form: as saved (every unit, blank where none is entered), or as posted."""
    rows = headcounts.headcount_rows(db.session(), round_)
    if form is None:
        form = HeadcountsForm(formdata=None)
        set_rows(form.rows, [{"unit_id": r.unit.id, "headcount": r.headcount} for r in rows])
    by_unit = {r.unit.id: r for r in rows}
    return {"headcount_form": form, "headcount_problems": problems or [],
            "headcount_rows": [(entry, by_unit[entry.unit_id.data]) for entry in form.rows
                               if entry.unit_id.data in by_unit]}


@bp.post("/manage/exams/<int:exam_id>/rounds/<int:round_id>/headcounts")
@roles_required(*STAFF)
def manage_headcounts(exam_id: int, round_id: int):
    """Save the headcounts of units (participation rates of the collective prizes; contests only),
    refused once the round is closed: its collective prizes are fixed."""
    exam = managed_exam_or_404(exam_id)
    round_ = get_round_or_404(exam, round_id)
    if exam.kind != ExamKind.contest:
        abort(404)
    back = url_for("exams.manage_round", exam_id=exam.id, round_id=round_.id)
    if round_.finalized_at is not None:
        flash(_(headcounts.CLOSED), "error")
        return go(back + "#unit-standings")
    form = HeadcountsForm()
    problems = None
    if form.validate_on_submit():
        try:
            headcounts.set_headcounts(db.session(), round_, form.values())
        except ExamError as err:
            db.rollback_only()
            problems = messages(err)
        else:
            flash(_("Đã lưu số người của các đơn vị."), "success")
            return go(back + "#unit-standings")
    context = headcounts_context(round_, form, problems)
    if wants_partial():
        return render_template(HEADCOUNTS, exam=exam, round=round_, **context)
    return _round_page(exam, round_, **context)


def download_name(*parts: str, day: date) -> tuple[str, str]:
    """(ASCII fallback, UTF-8 name) of a results file: the parts (exam, round) and the day, with no
    path or quote characters left."""
    name = " - ".join(" ".join(re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", p).split()) for p in parts if p)[:150]
    name = f"{name} - {day.isoformat()}"
    ascii_name = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-") or "ket-qua"
    return f"{ascii_name}.xlsx", f"{name}.xlsx"


@bp.get("/manage/exams/<int:exam_id>/rounds/<int:round_id>/export")
@roles_required(*STAFF)
def manage_export(exam_id: int, round_id: int):
    """The round's results as an Excel workbook (``services.export``) in Vietnam time, named after
    the exam, the round and the day (ASCII ``filename`` and the Vietnamese ``filename*``)."""
    exam = managed_exam_or_404(exam_id)
    round_ = get_round_or_404(exam, round_id)
    session, zone = db.session(), get_timezone()
    if exam.kind == ExamKind.assessment:
        data = export.assessment_workbook(session, exam, round_, service.covered_officials(session, exam), zone)
    else:
        data = export.contest_workbook(session, exam, round_, zone)
    fallback, name = download_name(_("Kết quả"), exam.title, round_.name, day=export.local(utcnow(), zone).date())
    response = Response(data, mimetype=XLSX)
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}")
    return response
