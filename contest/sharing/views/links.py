"""Public share links: ``/s/<code>`` leads to the contest's page, ``/s/<code>/<person>`` (or
``?r=<person>``) does too and remembers whose link it was (``visits``); their QR codes; and the
"Chia sẻ cuộc thi" panel of the contest's page (``contest_share``)."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Response, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.core import db
from contest.exams.models import Exam, ExamStatus
from contest.sharing import qr, services, visits
from contest.sharing.views.blueprint import bp

#: A code's link never changes: browsers and proxies may keep its QR a week.
QR_MAX_AGE = 7 * 86400


def public_link(code: str, person: str | None = None) -> str:
    """The absolute link (``PUBLIC_URL``): what a QR carries and a person pastes elsewhere."""
    path = url_for("sharing.share", code=code, person=person)
    return current_app.config["PUBLIC_URL"] + path


@bp.get("/s/<code>")
@bp.get("/s/<code>/<person>")
def share(code: str, person: str | None = None):
    """Anyone (the link is for sharing): 302 to the contest's page. With a personal code, a
    visitor's browser remembers whose link it was, so a registration counts for them; a signed-in
    person has registered already and nothing is kept. An unknown code, or a contest still in
    draft, is a 404 page saying so."""
    exam = services.shared_exam(db.session(), code)
    if exam is None:
        return render_template("sharing/unknown.html"), 404
    response = redirect(url_for("exams.exam_page", exam_id=exam.id))
    person = person or request.args.get("r")
    if person and not current_user.is_authenticated:
        stored = services.referrer_code(db.session(), person)
        if stored is not None:
            visits.remember(response, exam.id, stored)
    return response


def _qr_link_or_404(code: str, person: str | None) -> str:
    """The absolute link a QR carries: 404 for an unknown contest or personal code. A draft's
    code has its QR too: the organiser prints the posters before the contest opens."""
    link = services.link_by_code(db.session(), code)
    if link is None:
        abort(404)
    if person is None:
        return public_link(link.code)
    stored = services.referrer_code(db.session(), person)
    if stored is None:
        abort(404)
    return public_link(link.code, stored)


def _cacheable(response: Response) -> Response:
    response.cache_control.public = True
    response.cache_control.max_age = QR_MAX_AGE
    return response


@bp.get("/s/<code>/qr.svg")
@bp.get("/s/<code>/<person>/qr.svg")
def qr_svg(code: str, person: str | None = None):
    """Anyone: the link's QR for screens (cacheable)."""
    link = _qr_link_or_404(code, person)
    return _cacheable(Response(qr.svg(link, _("Mã QR của %(link)s", link=link)),
                               mimetype="image/svg+xml"))


@bp.get("/s/<code>/qr.png")
@bp.get("/s/<code>/<person>/qr.png")
def qr_png(code: str, person: str | None = None):
    """Anyone: the link's QR as a large PNG for posters and leaflets (cacheable)."""
    return _cacheable(Response(qr.png(_qr_link_or_404(code, person)), mimetype="image/png"))


@bp.app_template_global()
def contest_share(exam: Exam) -> dict | None:
    """What the "Chia sẻ cuộc thi" panel shows: the contest's link and QR, a Facebook share link,
    and for a signed-in person their own link if they have a code already (else the panel leads
    them to "Lan tỏa của tôi", which makes it: viewing a contest writes no personal code). None
    when the exam is not a published contest. The contest's link is made by its first viewer
    (one row per contest, ever)."""
    if exam.status == ExamStatus.draft:
        return None
    link = services.share_link_of(db.session(), exam)
    if link is None:
        return None
    shared = {"link": public_link(link.code), "code": link.code,
              "qr_svg": url_for("sharing.qr_svg", code=link.code),
              "qr_png": url_for("sharing.qr_png", code=link.code)}
    shared["facebook"] = "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": shared["link"]})
    if current_user.is_authenticated:
        person = services.personal_code(db.session(), current_user)
        shared["personal"] = public_link(link.code, person) if person else None
        shared["signed_in"] = True
    return shared
