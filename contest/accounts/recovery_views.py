"""Forgotten password, reset by link or code, and the confirmation of a new citizen's address.

Every route here is for anyone (nobody is signed in when they forgot their password); the
secret in the link or the code is the credential. Pages that carry a secret in their URL send
``Referrer-Policy: no-referrer``, so the token never leaves in a Referer header.

"Quên mật khẩu" looks nothing up: it queues one task with the typed address and answers, so a
known and an unknown address take the same time (``recovery_tasks``). The POSTs that ask for
or take a code are limited per typed address (PASSWORD_RESET_PER_ADDRESS) and per client
address (RECOVERY_PER_CLIENT; the client's address through TRUSTED_PROXIES).
"""

from __future__ import annotations

from functools import wraps

from flask import (
    after_this_request,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from limits import parse_many
from limits.strategies import FixedWindowRateLimiter

from contest.accounts import recovery, recovery_context, recovery_tasks, registration
from contest.accounts.blueprint import bp
from contest.accounts.forms import (
    ActionForm,
    ConfirmCodeForm,
    ForgotPasswordForm,
    NewPasswordForm,
    ResetCodeForm,
)
from contest.accounts.models import User
from contest.accounts.recovery_models import SecretPurpose
from contest.accounts.services import login_key
from contest.core import db
from contest.core.db import utcnow
from contest.core.extensions import limiter


def _typed_key(field: str):
    """A limit's key: the address typed in ``field`` (e-mail or phone, folded), whoever sends it."""
    return lambda: f"{field}:{login_key(request.form.get(field))[:254]}"


def _per_address(field: str):
    return limiter.limit(lambda: current_app.config["PASSWORD_RESET_PER_ADDRESS"],
                         methods=["POST"], key_func=_typed_key(field))


#: POSTs from one client address (its own, through the trusted proxies), whatever they name.
_per_client = limiter.limit(lambda: current_app.config["RECOVERY_PER_CLIENT"], methods=["POST"])


def _no_referrer(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        response = current_app.make_response(view(*args, **kwargs))
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    return wrapped


@bp.route("/forgot-password", methods=["GET", "POST"])
@_per_client
@_per_address("login")
def forgot_password():
    """Anyone: ask for a reset. The answer is the same whatever the address, in the same time:
    the page only queues the request (the worker looks the account up)."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        key = login_key(form.login.data)
        recovery_tasks.reset_requested(key)
        if recovery.is_phone_key(key):
            code_form = ResetCodeForm(formdata=None, phone=key)
            return render_template("accounts/reset_code.html", form=code_form, sent=True)
        return render_template("accounts/forgot_sent.html")
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/reset/code", methods=["GET", "POST"])
@_per_client
@_per_address("phone")
def reset_with_code():
    """Anyone: the code sent to a phone, with the new password."""
    form = ResetCodeForm()
    if form.validate_on_submit():
        try:
            secret = recovery.secret_by_code(
                db.session(), SecretPurpose.password_reset, form.phone.data, form.code.data,
                now=utcnow(), policy=recovery_context.reset_policy())
        except recovery.RecoveryError as err:
            # No rollback: the wrong code stays counted.
            form.code.errors.append(_(err.message))
        else:
            try:
                recovery.reset_password(db.session(), secret, form.new_password.data, utcnow())
            except recovery.RecoveryError:  # used at the same moment by another request
                form.code.errors.append(_(recovery.WRONG_CODE))
            else:
                return _password_set()
    return render_template("accounts/reset_code.html", form=form, sent=False)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@_no_referrer
def reset_password(token: str):
    """Anyone holding a usable reset link: set a new password."""
    secret = recovery.secret_by_token(db.session(), SecretPurpose.password_reset, token, utcnow())
    if secret is None:
        return render_template("accounts/link_invalid.html", reset=True)
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            recovery.reset_password(db.session(), secret, form.new_password.data, utcnow())
        except recovery.RecoveryError:  # used at the same moment by another request
            return render_template("accounts/link_invalid.html", reset=True)
        return _password_set()
    return render_template("accounts/reset_password.html", form=form)


def _password_set():
    flash(_("Đã đặt mật khẩu mới. Mọi phiên đăng nhập cũ đã kết thúc; hãy đăng nhập bằng mật "
            "khẩu mới."), "success")
    return redirect(url_for("accounts.login"))


def registered_page(typed_email: str | None, typed_phone: str | None):
    """What registration answers when the account is not signed in at once: the same page for
    a new and a taken address (see ``contest.accounts.registration``)."""
    email = login_key(typed_email) if typed_email else ""
    return render_template("accounts/register_sent.html", email=email,
                           phone=None if email else login_key(typed_phone))


@bp.route("/confirm/<token>", methods=["GET", "POST"])
@_no_referrer
def confirm_link(token: str):
    """Anyone holding a usable confirmation link: confirm the address (by a button, so a mail
    scanner that opens the link confirms nothing)."""
    secret = registration.confirmation_by_token(db.session(), token, utcnow())
    if secret is None:
        return render_template("accounts/link_invalid.html", reset=False)
    form = ActionForm()
    if form.validate_on_submit():
        try:
            registration.confirm_address(db.session(), secret, utcnow())
        except recovery.RecoveryError:  # used at the same moment by another request
            return render_template("accounts/link_invalid.html", reset=False)
        return _confirmed()
    return render_template("accounts/confirm_link.html", form=form)


@bp.route("/confirm", methods=["GET", "POST"])
@_per_client
@_per_address("phone")
def confirm_code():
    """Anyone: the code sent to the phone a citizen registered with."""
    form = ConfirmCodeForm()
    if form.validate_on_submit():
        try:
            secret = registration.confirmation_by_code(
                db.session(), form.phone.data, form.code.data, now=utcnow(),
                policy=recovery_context.confirm_policy())
        except recovery.RecoveryError as err:
            form.code.errors.append(_(err.message))  # no rollback: the wrong code counts
        else:
            try:
                registration.confirm_address(db.session(), secret, utcnow())
            except recovery.RecoveryError:  # used at the same moment by another request
                form.code.errors.append(_(recovery.WRONG_CODE))
            else:
                return _confirmed()
    return render_template("accounts/confirm_code.html", form=form)


def _confirmed():
    flash(_("Đã xác nhận địa chỉ. Bạn có thể đăng nhập."), "success")
    return redirect(url_for("accounts.login"))


def resend_quietly(user: User) -> None:
    """A sign-in with the right password to an account awaiting confirmation (answered as a
    wrong password): queue its confirmation again, at most PASSWORD_RESET_PER_ADDRESS times per
    account (the worker also skips it when the last one is under a minute old).

    The count and the queueing run once the answer has been sent (``call_on_close``), so the
    answer takes the wrong password's time too."""
    app = current_app._get_current_object()
    user_id = user.id

    @after_this_request
    def after_the_answer(response):
        response.call_on_close(lambda: _resend_if_allowed(app, user_id))
        return response


def _resend_if_allowed(app, user_id: int) -> None:
    with app.app_context():
        items = parse_many(app.config["PASSWORD_RESET_PER_ADDRESS"])
        strategy = FixedWindowRateLimiter(limiter.storage)
        key = ("confirm-resend", str(user_id))
        try:
            if not all(strategy.test(item, *key) for item in items):
                return
            for item in items:
                strategy.hit(item, *key)
        except Exception:  # the limits' storage (Redis) is down: nothing is resent
            app.logger.exception("Confirmation resend limit unavailable; not resent")
            return
        recovery_tasks.confirmation_resend(user_id)
