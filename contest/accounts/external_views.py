"""Sign-in through an external OpenID Connect provider (VNeID / the National Public Service
Portal, or a province's own single sign-on): the button's start, the provider's answer, a new
citizen's registration, and linking or unlinking from the profile.

Every route answers 404 when no provider is configured (``OIDC_ISSUER``). A failed sign-in
(a forged or stale answer, a refused consent, a provider that is down, an ID token that fails a
check) is told in Vietnamese on the page it started from, creates nothing, and is logged with
its technical reason.
"""

from __future__ import annotations

import hashlib
import json
import time

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from contest.accounts import external, external_services, totp
from contest.accounts.access import safe_next
from contest.accounts.blueprint import bp
from contest.accounts.external import EXPIRED, ProviderError, ProviderIdentity
from contest.accounts.external_forms import CompleteRegistrationForm, ConfirmForm
from contest.accounts.residence_field import fill_residence_choices
from contest.accounts.services import AccountError
from contest.accounts.signing_in import finish_sign_in
from contest.core import db

#: This browser's sign-in in progress: why it started ("login" or "link"), where to go after,
#: and for a link whose account asked.
_FLOW = "external_flow"
#: Who the provider vouched for, between its answer and the registration page (claims only,
#: no token, sealed: the session cookie is signed, not encrypted, and a subject may be a
#: personal identification number), and until when that page accepts it.
_PENDING = "external_pending"
PENDING_SECONDS = 15 * 60


class _PendingSealer(totp.Sealer):
    """Encrypts the provider's claims kept in the session cookie (a key of its own, derived
    from SECRET_KEY like the two-step secrets' one)."""

    _INFO = b"contest external sign-in pending claims v1"


def _seal(identity: ProviderIdentity) -> str:
    return _PendingSealer(current_app.secret_key).seal(json.dumps(identity.to_session()))


def _unseal(pending: dict) -> ProviderIdentity | None:
    """The identity kept by ``_seal``; None when unreadable (another key, tampered with)."""
    opened = _PendingSealer(current_app.secret_key).open(str(pending.get("sealed") or ""))
    return ProviderIdentity.from_session(json.loads(opened)) if opened else None


@bp.app_template_global()
def external_identity():
    """The signed-in person's link to the configured provider (for the profile), if any."""
    if not (external.is_configured() and current_user.is_authenticated):
        return None
    return external_services.linked_identity(db.session(), current_user,
                                             current_app.config["OIDC_ISSUER"])


@bp.app_template_global()
def external_has_password() -> bool:
    return current_user.is_authenticated and external_services.has_usable_password(current_user)


def _require_provider() -> None:
    if not external.is_configured():
        abort(404)


def _redirect_uri() -> str:
    """The callback the provider is told, as registered with it: PUBLIC_URL + the path."""
    return current_app.config["PUBLIC_URL"] + url_for("accounts.external_callback")


def _who(identity: ProviderIdentity) -> str:
    """The subject as the log names it: a digest, since a provider's subject may be a personal
    identification number, which has no place in a log."""
    return "subject#" + hashlib.sha256(identity.subject.encode()).hexdigest()[:12]


def _refuse(message: str, reason: str, endpoint: str = "accounts.login"):
    """Tell the person (``message``), log the ``reason``, keep nothing, go back to ``endpoint``."""
    current_app.logger.warning("external sign-in refused: %s", reason)
    db.rollback_only()
    flash(_(message, provider=external.provider_name()), "error")
    return redirect(url_for(endpoint))


def _start(intent: str, next_url: str | None, origin: str):
    try:
        url = external.authorization_url(_redirect_uri())
    except ProviderError as err:
        return _refuse(err.message, err.reason, origin)
    session[_FLOW] = {"intent": intent, "next": next_url,
                      "user_id": current_user.id if intent == "link" else None}
    return redirect(url)


@bp.get("/login/external")
def external_login():
    """The "Đăng nhập bằng ..." button: off to the provider (a signed-in person goes on)."""
    _require_provider()
    next_url = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for("main.home"))
    return _start("login", next_url, "accounts.login")


@bp.get("/login/external/callback")
def external_callback():
    """The provider's answer: sign the linked account in, link it to the signed-in account, or
    ask a new citizen to complete their registration."""
    _require_provider()
    flow = session.pop(_FLOW, None) or {}
    linking = flow.get("intent") == "link"
    origin = "accounts.profile" if linking else "accounts.login"
    try:
        identity = external.identity_from_callback()
    except ProviderError as err:
        return _refuse(err.message, err.reason, origin)
    if linking:
        return _link(identity, flow)
    return _sign_in(identity, flow.get("next"))


def _sign_in(identity: ProviderIdentity, next_url: str | None):
    try:
        user = external_services.sign_in_linked(db.session(), identity)
    except AccountError as err:
        return _refuse(err.message, f"{_who(identity)}: locked account")
    if user is not None:
        return finish_sign_in(user, next_url)
    if external_services.contact_taken(db.session(), identity):
        return _refuse(external_services.CONTACT_TAKEN,
                       f"{_who(identity)}: its verified contact has an account")
    session[_PENDING] = {"sealed": _seal(identity), "next": next_url,
                         "until": time.time() + PENDING_SECONDS}
    return redirect(url_for("accounts.external_register"))


def _link(identity: ProviderIdentity, flow: dict):
    if not current_user.is_authenticated or current_user.id != flow.get("user_id"):
        return _refuse(EXPIRED, "link answer reached another session or account")
    try:
        external_services.link_account(db.session(), current_user._get_current_object(), identity)
    except AccountError as err:
        return _refuse(err.message, f"link of {_who(identity)} to user "
                                    f"{current_user.id} refused: {err.message}", "accounts.profile")
    flash(_("Đã liên kết tài khoản với %(provider)s.", provider=external.provider_name()),
          "success")
    return redirect(url_for("accounts.profile"))


@bp.route("/login/external/register", methods=["GET", "POST"])
def external_register():
    """A citizen the provider vouched for, whose subject links no account yet, completes their
    registration: name (the provider's, editable) and residence; their e-mail and phone are the
    ones the provider verified."""
    _require_provider()
    if current_user.is_authenticated:  # signed in meanwhile: that account, not a new one
        session.pop(_PENDING, None)
        return redirect(url_for("main.home"))
    pending = session.get(_PENDING)
    identity = _unseal(pending) if isinstance(pending, dict) else None
    if identity is None or pending.get("until", 0) < time.time():
        session.pop(_PENDING, None)
        return _refuse(EXPIRED, "registration page without a live provider answer")
    form = CompleteRegistrationForm(full_name=identity.name)
    province = fill_residence_choices(form)
    if form.validate_on_submit():
        try:
            user = external_services.register_linked_citizen(
                db.session(), identity, full_name=form.full_name.data, unit_id=form.unit_id.data,
                province=province)
        except AccountError as err:
            db.rollback_only()
            if err.field != "unit_id":
                session.pop(_PENDING, None)
                return _refuse(err.message, f"registration of {_who(identity)} "
                                            f"refused: {err.message}")
            form.unit_id.errors.append(_(err.message))
        else:
            session.pop(_PENDING, None)
            response = finish_sign_in(user, pending.get("next"))
            flash(_("Đăng ký thành công. Chào mừng %(name)s!", name=user.full_name), "success")
            return response
    return render_template("accounts/external_register.html", form=form, identity=identity,
                           provider=external.provider_name())


@bp.post("/account/external/link")
@login_required
def external_link():
    """"Liên kết tài khoản ...": off to the provider, to link its subject to this account."""
    _require_provider()
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return _start("link", None, "accounts.profile")


@bp.post("/account/external/unlink")
@login_required
def external_unlink():
    """Remove the link (refused while the account has no password of its own)."""
    _require_provider()
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        external_services.unlink_account(db.session(), current_user._get_current_object(),
                                         current_app.config["OIDC_ISSUER"])
    except AccountError as err:
        return _refuse(err.message, f"unlink refused for user {current_user.id}: {err.message}",
                       "accounts.profile")
    flash(_("Đã hủy liên kết với %(provider)s.", provider=external.provider_name()), "success")
    return redirect(url_for("accounts.profile"))
