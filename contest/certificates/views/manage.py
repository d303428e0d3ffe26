"""Certificates as staff manage them: the list with its filters, revoking (admins), issuing by
hand to a list of people, and the .zip of a class's or a round's certificates."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.accounts.access import STAFF, roles_required
from contest.accounts.models import Role, Unit
from contest.certificates import access
from contest.certificates.forms import CertificateFilterForm, IssueForm, RevokeForm
from contest.certificates.models import CertificateStatus
from contest.certificates.province import issuing_context
from contest.certificates.services import CertificateError, documents, listing, roster
from contest.certificates.views.blueprint import bp
from contest.certificates.views.mine import certificate_page, today, visible_or_404
from contest.core import db
from contest.core.db import utcnow
from contest.core.web.errors import refuse_to
from contest.core.web.forms import coerce_id
from contest.core.web.htmx import wants_partial
from contest.exams.models import Exam, Round
from contest.training.models import Course


@bp.app_template_global("certificate_count")
def certificate_count(course_id: int | None = None, round_id: int | None = None) -> int:
    """For the course page and the round page: whether to offer the .zip of their certificates."""
    return listing.count_for(db.session(), course_id, round_id)


@bp.get("/certificates/manage", endpoint="manage")
@roles_required(*STAFF)
def manage():
    """The certificates one manages (admins: all), filtered; htmx (filters, pager) gets the table."""
    session = db.session()
    form = CertificateFilterForm(request.args)
    courses, rounds = listing.filter_choices(session, current_user)
    form.course_id.choices = [("", _("Tất cả"))] + sorted(courses.items(), key=lambda item: item[1])
    form.round_id.choices = [("", _("Tất cả"))] + sorted(rounds.items(), key=lambda item: item[1])
    valid = form.validate()
    filters = listing.Filters(
        kind=form.kind_value(), status=form.status_value(), course_id=form.course_id.data,
        round_id=form.round_id.data, q=(form.q.data or "") if valid else "")
    result = listing.search(session, current_user, filters, today(), form.page.data or 1)
    query = {name: value for name, value in request.args.items() if name in form and name != "page"}
    template = "certificates/partials/_manage_table.html" if wants_partial() else "certificates/manage.html"
    return render_template(template, form=form, result=result, query=query, today=today(),
                           statuses=CertificateStatus)


@bp.post("/certificates/<code>/revoke", endpoint="revoke")
@roles_required(Role.admin)
def revoke(code: str):
    """Revoke with a reason (kept with who and when); the status list says so from its next fetch."""
    certificate = visible_or_404(code)
    form = RevokeForm()
    if not form.validate_on_submit():
        return certificate_page(certificate, form)
    try:
        documents.revoke(db.session(), certificate, current_user.id, form.reason.data, utcnow())
    except CertificateError as err:
        db.rollback_only()
        flash(_(err.message, **err.params), "error")
    else:
        flash(_("Đã thu hồi giấy chứng nhận %(code)s.", code=certificate.code), "success")
    return redirect(url_for("certificates.view", code=certificate.code))


@bp.route("/certificates/issue", methods=["GET", "POST"], endpoint="issue")
@roles_required(*STAFF)
def issue():
    """Issue one certificate to each person listed (all or nothing: a wrong line issues none)."""
    session = db.session()
    refuse_to(url_for("certificates.manage"))  # no keys configured: nothing can be issued
    context = issuing_context()
    unit = session.get(Unit, current_user.unit_id) if current_user.unit_id else None
    form = IssueForm(today=today(), data={
        "issued_on": today(), "unit_name": unit.name if unit else "",
        "signer_name": context.signer_name, "signer_title": context.signer_title})
    if current_user.role != Role.admin:
        form.fixed_signer()
    problems, refusals = [], []
    if form.validate_on_submit():
        try:
            result = roster.issue_to_list(session, form.people.data,
                                          form.facts((context.signer_name, context.signer_title)), context,
                                          current_user.id, utcnow())
        except CertificateError as err:
            db.rollback_only()
            refusals = [_(text, **err.params) for text in err.texts()]
        else:
            if not result.problems:
                flash(_("Đã cấp %(n)d giấy chứng nhận.", n=len(result.issued)), "success")
                return redirect(url_for("certificates.manage"))
            problems = result.problems
    return render_template("certificates/issue.html", form=form, problems=problems,
                           refusals=refusals, signer=(context.signer_name, context.signer_title))


@bp.get("/certificates/bulk.zip", endpoint="bulk")
@roles_required(*STAFF)
def bulk():
    """Every certificate of a class (``?course=ID``: its runners, admins) or a round
    (``?round=ID``: the exam's owner, admins) as one .zip; 404 for anyone else's class or round.
    Without either: back to the staff list, which says how to get one."""
    session = db.session()
    course_id, round_id = _id_arg("course"), _id_arg("round")
    if course_id is not None:
        course = session.get(Course, course_id)
        if course is None or not access.may_bundle_course(session, current_user, course):
            abort(404)
        name, back = f"giay-chung-nhan-lop-{course.id}.zip", url_for("training.course", course_id=course.id)
    elif round_id is not None:
        round_ = session.get(Round, round_id)
        exam = session.get(Exam, round_.exam_id) if round_ is not None else None
        if exam is None or not access.may_bundle_round(current_user, exam):
            abort(404)
        name = f"giay-chung-nhan-dot-{round_.id}.zip"
        back = url_for("exams.manage_round", exam_id=exam.id, round_id=round_.id)
    else:
        flash(_("Hãy mở trang lớp bồi dưỡng hoặc trang đợt thi để tải giấy chứng nhận của lớp, của đợt."), "error")
        return redirect(url_for("certificates.manage"))
    try:
        certificates = listing.for_bundle(session, course_id=course_id, round_id=round_id)
    except CertificateError as err:
        flash(_(err.message, **err.params), "error")
        return redirect(back)
    refuse_to(back)
    data = documents.zip_of(certificates, issuing_context())
    return send_file(io.BytesIO(data), mimetype="application/zip", as_attachment=True, download_name=name)


def _id_arg(name: str) -> int | None:
    """An id from the query string (-1, matching nothing, when it cannot be one); None when absent."""
    value = request.args.get(name)
    return None if value is None else coerce_id(value)
