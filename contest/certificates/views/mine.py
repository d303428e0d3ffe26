"""A person's certificates: the list ("Giấy chứng nhận của tôi"), one certificate as a web page
(the same facts and QR as its PDF) and its signed PDF. Staff who manage a certificate
(``access.manages``) reach the same pages, with the revocation's details and, for admins, the
revoke form. Anybody else gets a 404, as for a code that does not exist."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from contest.accounts.models import Role
from contest.certificates import access, qr
from contest.certificates.forms import RevokeForm
from contest.certificates.models import Certificate, CertificateStatus
from contest.certificates.province import issuing_context
from contest.certificates.services import documents, listing
from contest.certificates.services.issuing import local_day
from contest.certificates.views.blueprint import bp
from contest.core import db
from contest.core.db import utcnow
from contest.core.web.errors import refuse_to


def visible_or_404(code: str) -> Certificate:
    """The certificate ``code`` names, if the current user may see it (``access.may_see``);
    404 for an unknown or malformed code and for anyone else's, so codes cannot be probed."""
    session = db.session()
    certificate = documents.find(session, code)
    if certificate is None or not access.may_see(session, current_user, certificate):
        abort(404)
    return certificate


def today():
    return local_day(utcnow())


def certificate_page(certificate: Certificate, revoke_form: RevokeForm | None = None, status: int = 200):
    """The certificate's page. Staff who manage it see where it came from and the revocation's
    details (who, when, why); admins get the revoke form while it is not revoked."""
    session = db.session()
    refuse_to(url_for("certificates.mine"))  # no keys configured: say so there, not in a loop
    context = issuing_context()
    qr_text = documents.qr_text(certificate, context)
    staff = access.manages(session, current_user, certificate)
    may_revoke = current_user.role == Role.admin and certificate.revoked_at is None
    return render_template(
        "certificates/view.html", certificate=certificate, status=certificate.status(today()),
        statuses=CertificateStatus, qr_src=qr.data_uri(qr_text), issuer=context.issuer.name,
        verify_url=context.verify_url(certificate.code), demo=context.keys.demo, staff=staff,
        own=certificate.user_id == current_user.id,
        revoker=listing.names(session, {certificate.revoked_by}).get(certificate.revoked_by)
        if staff and certificate.revoked_by else None,
        course=listing.course_titles(session, {certificate.course_id}).get(certificate.course_id)
        if staff and certificate.course_id else None,
        round_label=listing.round_labels(session, {certificate.round_id}).get(certificate.round_id)
        if staff and certificate.round_id else None,
        revoke_form=(revoke_form or RevokeForm(formdata=None)) if may_revoke else None), status


@bp.get("/certificates", endpoint="mine")
@login_required
def mine():
    """The signed-in person's certificates, newest first."""
    certificates = listing.of_person(db.session(), current_user.id)
    return render_template("certificates/mine.html", certificates=certificates, today=today(),
                           statuses=CertificateStatus)


@bp.get("/certificates/<code>", endpoint="view")
@login_required
def view(code: str):
    return certificate_page(visible_or_404(code))


@bp.get("/certificates/<code>.pdf", endpoint="pdf")
@login_required
def pdf(code: str):
    """The signed PDF, as an attachment. A revoked certificate is no longer handed to its owner
    (it would look valid on paper); staff who manage it still download it (an appeal, a file)."""
    certificate = visible_or_404(code)
    if certificate.revoked_at is not None and not access.manages(db.session(), current_user, certificate):
        flash(_("Giấy chứng nhận %(code)s đã bị thu hồi nên không thể tải xuống nữa. "
                "Nếu cần, hãy liên hệ đơn vị cấp.", code=certificate.code), "error")
        return redirect(url_for("certificates.view", code=certificate.code))
    refuse_to(url_for("certificates.mine"))
    data = documents.signed_pdf(certificate, issuing_context())
    return send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=True,
                     download_name=documents.file_name(certificate))
