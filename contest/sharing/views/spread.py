""""Lan tỏa": a person's own links and what they brought (``/account/spread``), and the
organiser's ranking of referrers for a contest, on screen and as CSV."""

from __future__ import annotations

from flask import Response, abort, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _
from flask_babel import to_user_timezone
from flask_login import current_user, login_required
from sqlmodel import select

from contest.accounts.access import STAFF, roles_required
from contest.core import db
from contest.core.db import utcnow
from contest.exams.models import Exam, ExamKind, Round
from contest.exams.services.catalog import public_contests
from contest.exams.views.manage_common import managed_exam_or_404
from contest.reports.streaming import CSV_MIMETYPE, content_disposition, csv_stream
from contest.sharing import services
from contest.sharing.forms import SpreadFilterForm
from contest.sharing.views.blueprint import bp
from contest.sharing.views.links import public_link


@bp.get("/account/spread")
@login_required
def my_spread():
    """Any signed-in person: their own link to each open contest with its QR, and how many
    people registered through their links (in all and per contest)."""
    session, now = db.session(), utcnow()
    person = services.personal_code_of(session, current_user)
    counts = services.counts_of(session, current_user)
    offers = []
    for offer in public_contests(session, now):
        code = services.share_link_of(session, offer.exam).code
        offers.append({"exam": offer.exam, "round": offer.round, "link": public_link(code, person),
                       "qr_svg": url_for("sharing.qr_svg", code=code, person=person),
                       "qr_png": url_for("sharing.qr_png", code=code, person=person),
                       "count": counts.get(offer.exam.id, 0)})
    titles = dict(session.exec(select(Exam.id, Exam.title).where(Exam.id.in_(list(counts))))
                  .all()) if counts else {}
    brought = sorted(((titles.get(exam_id, ""), n) for exam_id, n in counts.items()),
                     key=lambda row: (-row[1], row[0]))
    return render_template("sharing/mine.html", offers=offers, total=sum(counts.values()),
                           brought=brought, now=now)


def _standings(exam_id: int):
    """The managed contest (``managed_exam_or_404``: 404 unknown, 403 unless admin or its
    trainer; 404 for an exam that is not a contest), the filter and the ranked rows."""
    exam = managed_exam_or_404(exam_id)
    if exam.kind != ExamKind.contest:
        abort(404)
    rounds = db.session().exec(select(Round).where(Round.exam_id == exam.id)
                               .order_by(Round.opens_at)).all()
    form = SpreadFilterForm(request.args).with_rounds(rounds, _("Toàn bộ cuộc thi"))
    chosen = next((r for r in rounds if r.id == form.round_id()), None)
    return exam, form, chosen, services.standings(db.session(), exam, chosen)


@bp.get("/manage/exams/<int:exam_id>/spread")
@roles_required(*STAFF)
def manage_spread(exam_id: int):
    """Staff who manage the contest: its referrers ranked by registrations, all or within one
    round's window (a "giải lan tỏa" of that round)."""
    exam, form, chosen, rows = _standings(exam_id)
    link = services.share_link_of(db.session(), exam)
    return render_template("sharing/manage.html", exam=exam, form=form, chosen=chosen, rows=rows,
                           link=public_link(link.code), code=link.code)


@bp.get("/manage/exams/<int:exam_id>/spread.csv")
@roles_required(*STAFF)
def manage_spread_csv(exam_id: int):
    """The same ranking as CSV (UTF-8 with BOM), for the prize committee."""
    exam, form, chosen, rows = _standings(exam_id)
    header = [_("Hạng"), _("Họ và tên"), _("Đơn vị / xã, phường"), _("Số người đăng ký"),
              _("Đăng ký đầu tiên"), _("Đăng ký gần nhất")]
    body = ([row.standing.rank, row.name, row.unit, row.standing.count,
             _local(row.standing.first_at), _local(row.standing.last_at)] for row in rows)
    name = " - ".join(p for p in (_("Lan tỏa"), exam.title, chosen.name if chosen else None) if p)
    return Response(stream_with_context(csv_stream(header, body)), mimetype=CSV_MIMETYPE,
                    headers={"Content-Disposition": content_disposition(name, "csv")})


def _local(moment) -> str:
    """A stored (naive UTC) time as the province reads it."""
    return to_user_timezone(moment).strftime("%d/%m/%Y %H:%M:%S")
