"""Two-step sign-in: a staff member's set-up page, the code page of the sign-in, an admin's
removal after a lost phone, and the rule that makes staff set it up when the deployment says so."""

from __future__ import annotations

import segno
from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from contest.accounts import signing_in, totp
from contest.accounts import two_factor as service
from contest.accounts.access import STAFF, roles_required
from contest.accounts.blueprint import bp
from contest.accounts.models import Role, User
from contest.accounts.two_factor_forms import AppCodeForm, CodeForm, ConfirmOnlyForm
from contest.core import db
from contest.core.extensions import limiter
from contest.core.web.errors import render_error
from contest.core.web.htmx import go

#: Pages a staff member without two-step sign-in still reaches when it is required.
_ENROLMENT_EXEMPT = frozenset({
    "accounts.two_step", "accounts.two_step_start", "accounts.two_step_confirm",
    "accounts.two_step_login", "accounts.logout", "accounts.logout_everywhere",
    "accounts.change_password", "accounts.session_ping", "accounts.session_state",
    "main.healthz", "static",
})
#: Endpoints that must not load the person (the answer save authorizes inside its UPDATE).
_NO_USER_LOAD = frozenset({"exams.save", "static"})


#: The name authenticator apps show beside the account, unless TWO_FACTOR_ISSUER says another.
DEFAULT_ISSUER = "Cuộc thi CĐS"


def _code_key() -> str:
    """Failed codes count per account: the one waiting for its second step, else the signed-in
    one turning it off or renewing codes."""
    waiting = signing_in.pending_user_id()
    if waiting is None and current_user.is_authenticated:
        waiting = current_user.id
    return f"user:{waiting}"


def _code_failed(_response) -> bool:
    return g.get("two_step_failed", False)


#: Wrong codes of one account, wherever they come from: past the limit even a right code waits.
code_failures_per_account = limiter.shared_limit(
    lambda: current_app.config["TWO_FACTOR_FAILURES_PER_ACCOUNT"], scope="two-step-code",
    methods=["POST"], key_func=_code_key, deduct_when=_code_failed)


def _refuse(form, err: service.TwoStepError) -> None:
    """Show why the code was refused beside it, count the failure, store nothing."""
    db.rollback_only()
    g.two_step_failed = True
    form.code.errors.append(_(err.message, **err.params))


@bp.before_app_request
def _require_two_step():
    """With STAFF_2FA_REQUIRED, an admin or trainer without two-step sign-in is sent to set it
    up from every page but the set-up itself, signing out and the session's housekeeping. Costs
    nothing when the setting is off, and nothing more than the role check for everyone else."""
    if not current_app.config["STAFF_2FA_REQUIRED"] or request.endpoint in _NO_USER_LOAD:
        return None
    if request.endpoint in _ENROLMENT_EXEMPT or not current_user.is_authenticated:
        return None
    if current_user.role not in STAFF or service.is_enabled(db.session(), current_user):
        return None
    return go(url_for("accounts.two_step"))  # htmx: a full page load, not a swapped fragment


def _issuer() -> str:
    """The name authenticator apps show beside the account (setting TWO_FACTOR_ISSUER)."""
    return current_app.config.get("TWO_FACTOR_ISSUER") or DEFAULT_ISSUER


def _qr_svg(uri: str) -> Markup:
    svg = segno.make(uri, error="m").svg_inline(
        scale=5, svgclass="qr-code", lineclass=None, light="#fff",
        title=_("Mã QR để thêm tài khoản vào ứng dụng xác thực"))
    return Markup(svg)


def _setup_page(confirm_form=None):
    user = current_user._get_current_object()
    session = db.session()
    context = {"enabled": service.is_enabled(session, user), "secret": None,
               "start_form": ConfirmOnlyForm(), "confirm_form": confirm_form or AppCodeForm(),
               "off_form": CodeForm(prefix="off"), "renew_form": CodeForm(prefix="renew"),
               "required": current_app.config["STAFF_2FA_REQUIRED"]}
    if context["enabled"]:
        context["codes_left"] = service.recovery_codes_left(session, user.id)
    else:
        secret = service.setup_secret(session, user)
        if secret:
            uri = totp.provisioning_uri(secret, user.login_name, _issuer())
            context.update(secret=totp.group_secret(secret), qr_svg=_qr_svg(uri))
    return render_template("accounts/two_step.html", **context)


def _codes_page(codes: list[str]):
    """The recovery codes, on this answer only (they are stored hashed)."""
    text = "\n".join([_("Mã khôi phục đăng nhập — %(account)s", account=current_user.login_name),
                      _("Mỗi mã chỉ dùng được một lần."), "", *codes, ""])
    return render_template("accounts/two_step_codes.html", codes=codes, text=text)


@bp.get("/account/two-step")
@roles_required(*STAFF)
def two_step():
    """Set up, or manage, two-step sign-in (admins and trainers)."""
    return _setup_page()


@bp.post("/account/two-step/start")
@roles_required(*STAFF)
def two_step_start():
    """A new secret to add to an authenticator app (replacing one not yet confirmed)."""
    if ConfirmOnlyForm().validate_on_submit():
        service.begin_setup(db.session(), current_user._get_current_object())
    return redirect(url_for("accounts.two_step"))


@bp.post("/account/two-step/confirm")
@roles_required(*STAFF)
def two_step_confirm():
    """A current code of the new secret turns two-step sign-in on; the recovery codes follow."""
    form = AppCodeForm()
    if form.validate_on_submit():
        try:
            codes = service.confirm_setup(db.session(), current_user._get_current_object(), form.code.data)
        except service.TwoStepError as err:
            _refuse(form, err)
        else:
            flash(_("Đã bật xác thực hai bước."), "success")
            return _codes_page(codes)
    return _setup_page(confirm_form=form)


@bp.post("/account/two-step/disable")
@roles_required(*STAFF)
@code_failures_per_account
def two_step_disable():
    """Turn two-step sign-in off with a current code or a recovery code."""
    form = CodeForm(prefix="off")
    if form.validate_on_submit():
        try:
            service.disable(db.session(), current_user._get_current_object(), form.code.data)
        except service.TwoStepError as err:
            _refuse(form, err)
        else:
            flash(_("Đã tắt xác thực hai bước."), "success")
            return redirect(url_for("accounts.two_step"))
    return _manage_page_with(off_form=form)


@bp.post("/account/two-step/recovery-codes")
@roles_required(*STAFF)
@code_failures_per_account
def two_step_recovery_codes():
    """New recovery codes for a current code; the old ones stop working."""
    form = CodeForm(prefix="renew")
    if form.validate_on_submit():
        try:
            codes = service.regenerate_recovery_codes(
                db.session(), current_user._get_current_object(), form.code.data)
        except service.TwoStepError as err:
            _refuse(form, err)
        else:
            flash(_("Đã tạo mã khôi phục mới; các mã cũ không còn dùng được."), "success")
            return _codes_page(codes)
    return _manage_page_with(renew_form=form)


def _manage_page_with(**forms):
    """The set-up page with a posted form (and its errors) in place of the empty one."""
    user = current_user._get_current_object()
    session = db.session()
    if not service.is_enabled(session, user):
        return redirect(url_for("accounts.two_step"))
    context = {"enabled": True, "codes_left": service.recovery_codes_left(session, user.id),
               "off_form": CodeForm(prefix="off", formdata=None),
               "renew_form": CodeForm(prefix="renew", formdata=None),
               "required": current_app.config["STAFF_2FA_REQUIRED"], **forms}
    return render_template("accounts/two_step.html", **context)


@bp.route("/login/two-step", methods=["GET", "POST"])
@code_failures_per_account
def two_step_login():
    """The second step of a staff sign-in: the app's code or a recovery code, within
    ``PENDING_SECONDS`` of the password. Public: the person is not signed in yet; only a
    session whose password was just proven gets past the first line."""
    user = signing_in.pending_user()
    if user is None:
        flash(_("Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại."), "warning")
        return redirect(url_for("accounts.login"))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            verified = service.verify(db.session(), user, form.code.data)
        except service.TwoStepError as err:
            _refuse(form, err)
        else:
            response = signing_in.finish_second_step(user)  # a fresh session: flash after it
            if verified.by_recovery_code:
                flash(_("Bạn đã dùng một mã khôi phục; còn %(n)d mã chưa dùng. Hãy tạo mã mới "
                        "khi còn ít.", n=verified.recovery_codes_left), "warning")
            return response
    return render_template("accounts/two_step_login.html", form=form)


@bp.post("/admin/users/<int:user_id>/two-step/reset")
@roles_required(Role.admin)
def two_step_reset(user_id: int):
    """An admin removes another person's two-step sign-in (lost phone) so they can set it up
    again; that person is signed out everywhere."""
    target = db.session().get(User, user_id)
    if target is None:
        return render_error(404)
    if ConfirmOnlyForm().validate_on_submit():
        service.remove_for(db.session(), current_user._get_current_object(), target)
        flash(_("Đã gỡ xác thực hai bước của %(name)s. Người này đăng nhập bằng mật khẩu rồi "
                "thiết lập lại.", name=target.full_name), "success")
    return redirect(url_for("admin.user_edit", user_id=user_id))
