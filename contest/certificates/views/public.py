"""The public side of certificates, open to anyone without signing in:

* ``/verify/<code>``: what the certificate states and whether it holds (``publication``); no
  list, no search, plain HTML. Scanning the QR opens it (the credential after ``#`` never reaches
  the server). Unknown and malformed codes answer 404 and only they count against the address's
  limit (``VERIFY_MISSES_PER_ADDRESS``), so codes cannot be enumerated while a committee checking
  a pile of genuine certificates is never stopped.
* ``/verify?code=``: the form to type a code; it goes to the code's page.
* ``/.well-known/jwks.json``, ``/certificates/status-list``, ``/certificates/signing-certificate.pem``:
  what offline verifiers fetch (``flask certificates verify``), cacheable and open to other sites.
* ``/certificates/key``: the printable page with the key's fingerprint.

Without the province's keys (production not configured) the machine endpoints answer 503 with
the reason, the pages say it in words; the verify page still answers from the database.
"""

from __future__ import annotations

from flask import current_app, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import Length, Optional

from contest.certificates import codes, keys, publication
from contest.certificates.province import NotConfigured, issuing_context, province_keys
from contest.certificates.services import documents
from contest.certificates.services.issuing import local_day
from contest.certificates.status_list import TYP as STATUS_LIST_TYP
from contest.certificates.views.blueprint import bp
from contest.core import db
from contest.core.db import utcnow
from contest.core.extensions import limiter
from contest.core.web.errors import render_error
from contest.core.web.forms import PlainForm

#: Longest text taken as a code (a code is 20 characters with its dashes).
MAX_CODE_INPUT = 64


class VerifyForm(PlainForm):
    """The code as a person types it (any case, with or without dashes); a GET form."""

    code = StringField(_l("Mã giấy chứng nhận"), validators=[Optional(), Length(max=MAX_CODE_INPUT)],
                       render_kw={"autocomplete": "off", "spellcheck": "false",
                                  "placeholder": "XXXXXX-XXXXXX-XXXXXX"})


#: Only misses count: a found certificate (200) costs the address nothing.
_misses_per_address = limiter.limit(lambda: current_app.config["VERIFY_MISSES_PER_ADDRESS"],
                                    deduct_when=lambda response: response.status_code == 404)


def _demo_keys() -> bool:
    try:
        return province_keys().demo
    except NotConfigured:
        return False


@bp.get("/verify/<code>", endpoint="verify")
@_misses_per_address
def verify(code: str):
    """The certificate's public statement; 404 with the form for an unknown or malformed code."""
    certificate = documents.find(db.session(), code[:MAX_CODE_INPUT])
    if certificate is None:
        return _missing(code)
    statement = publication.public_statement(certificate, local_day(utcnow()),
                                             current_app.config["CERT_ISSUER_NAME"], _demo_keys())
    return render_template("certificates/public/verify.html", statement=statement,
                           form=VerifyForm())


def _missing(typed: str):
    malformed = not codes.is_valid(typed[:MAX_CODE_INPUT])
    form = VerifyForm(data={"code": typed[:MAX_CODE_INPUT]})
    return render_template("certificates/public/missing.html", form=form, malformed=malformed), 404


@bp.get("/verify", endpoint="verify_form")
def verify_form():
    """The form; a typed code goes to its page under the code as printed."""
    form = VerifyForm(request.args)
    typed = (form.code.data or "").strip()
    if typed and form.validate():
        normalized = codes.normalize(typed)
        if codes.is_valid(normalized):
            return redirect(url_for("certificates.verify", code=normalized))
        return _missing(typed)
    return render_template("certificates/public/verify_form.html", form=form)


def _machine(response, max_age: int):
    """A response verifiers fetch from anywhere: public cache, any origin may read it."""
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _unavailable(err: NotConfigured):
    response = jsonify(error="not_configured", message=_(err.message, **err.params))
    response.status_code = 503
    response.headers["Retry-After"] = "3600"
    return response


@bp.get("/.well-known/jwks.json", endpoint="jwks")
def jwks():
    """The province's public keys (JWK Set) that verify every certificate's credential."""
    try:
        public_keys = province_keys().public_keys
    except NotConfigured as err:
        return _unavailable(err)
    return _machine(jsonify(keys.jwks(public_keys)), 3600)


@bp.get("/certificates/status-list", endpoint="status_list")
def status_list():
    """The signed revocation list (W3C Bitstring Status List), valid for a day; cached 5 minutes
    so a revocation shows within minutes."""
    try:
        context = issuing_context()
    except NotConfigured as err:
        return _unavailable(err)
    token = documents.status_list_token(db.session(), context, utcnow())
    response = make_response(token)
    response.mimetype = "application/" + STATUS_LIST_TYP
    return _machine(response, 300)


@bp.get("/certificates/signing-certificate.pem", endpoint="signing_certificate")
def signing_certificate():
    """The PDF signing certificate, for PDF readers and ``flask certificates verify --signing-cert``."""
    try:
        loaded = province_keys()
    except NotConfigured as err:
        return _unavailable(err)
    response = make_response(publication.signing_certificate_pem(loaded))
    response.mimetype = "application/x-pem-file"
    response.headers["Content-Disposition"] = "attachment; filename=chung-thu-ky-giay-chung-nhan.pem"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/certificates/key", endpoint="key_page")
def key_page():
    """The printable page of the province's keys: fingerprints to compare, files to save."""
    try:
        loaded = province_keys()
    except NotConfigured as err:
        return render_error(503, _(err.message, **err.params))
    published = publication.published_keys(loaded, current_app.config["PUBLIC_URL"])
    return render_template("certificates/public/key.html", keys=published,
                           issuer=current_app.config["CERT_ISSUER_NAME"])
