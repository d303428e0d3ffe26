"""Sign in, register, sign out, profile and password change."""

from __future__ import annotations

from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from contest.accounts import limits, recovery_context, registration, services
from contest.accounts.access import safe_next
from contest.accounts.blueprint import bp
from contest.accounts.forms import ChangePasswordForm, LoginForm, ProfileForm, RegisterForm
from contest.accounts.models import Role
from contest.accounts.residence_field import fill_residence_choices
from contest.accounts.signing_in import finish_sign_in, start_session
from contest.accounts.units import (
    is_district,
    unit_path,
)
from contest.core import db
from contest.core.db import utcnow


@bp.route("/login", methods=["GET", "POST"])
@limits.login_failures_per_address
@limits.login_failures_per_account
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        try:
            user = services.authenticate(db.session(), form.login.data, form.password.data)
        except services.UnconfirmedAccount as err:
            db.rollback_only()
            recovery_views.resend_quietly(err.user)
            form.password.errors.append(_(err.message))
        except services.AccountError as err:
            db.rollback_only()
            getattr(form, err.field).errors.append(_(err.message))
        else:
            return finish_sign_in(user, form.next.data)
    return render_template("accounts/login.html", form=form)


@bp.route("/register", methods=["GET", "POST"])
@limits.registrations_per_address
def register():
    """Anyone. The page never says an address is taken (see ``contest.accounts.registration``):
    with REGISTRATION_CONFIRM a new account waits for its confirmation; without, it is signed in
    at once."""
    form = RegisterForm(next=request.args.get("next", ""))
    province = fill_residence_choices(form)
    if form.validate_on_submit():
        try:
            user = registration.register(
                db.session(), full_name=form.full_name.data, email=form.email.data,
                phone=form.phone.data, password=form.password.data,
                unit_id=form.unit_id.data, province=province,
                confirm=current_app.config["REGISTRATION_CONFIRM"], now=utcnow(),
                policy=recovery_context.confirm_policy(), links=recovery_context.links())
        except services.AccountError as err:
            db.rollback_only()
            getattr(form, err.field or "email").errors.append(_(err.message))
        else:
            if user is None or user.confirmation_pending:
                return recovery_views.registered_page(form.email.data, form.phone.data)
            start_session(user)
            flash(_("Đăng ký thành công. Chào mừng %(name)s!", name=user.full_name), "success")
            return redirect(safe_next(form.next.data) or url_for("main.home"))
    return render_template("accounts/register.html", form=form)


def _sign_out() -> None:
    """Rotate the user's session token, then forget this browser's session."""
    if current_user.is_authenticated:
        services.sign_out_everywhere(db.session(), current_user._get_current_object())
    logout_user()
    session.clear()


@bp.post("/logout")
def logout():
    _sign_out()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("main.home"))


@bp.post("/logout/everywhere")
@login_required
def logout_everywhere():
    _sign_out()
    flash(_("Bạn đã đăng xuất khỏi mọi thiết bị."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    province = fill_residence_choices(form)
    editable_unit = current_user.role == Role.citizen
    if form.validate_on_submit():
        try:
            if editable_unit:
                services.check_residence(db.session(), form.unit_id.data, province)
                current_user.unit_id = form.unit_id.data
            current_user.full_name = form.full_name.data.strip()
        except services.AccountError as err:
            db.rollback_only()
            form.unit_id.errors.append(_(err.message))
        else:
            flash(_("Đã lưu thông tin cá nhân."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form, editable_unit=editable_unit,
                           unit=unit_path(db.session(), current_user.unit_id),
                           lives_in_district=editable_unit
                           and is_district(db.session(), current_user.unit_id))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@limits.password_changes_per_user
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            services.change_password(db.session(), user, form.current_password.data,
                                     form.new_password.data)
        except services.AccountError as err:
            db.rollback_only()
            getattr(form, err.field).errors.append(_(err.message))
        else:
            start_session(user)  # the rotated token must reach this browser's cookie
            flash(_("Đã đổi mật khẩu."), "success")
            return redirect(url_for("main.home"))
    return render_template("accounts/change_password.html", form=form)


@bp.get("/session/state")
def session_state():
    """Seconds left before this session expires, without extending it: the idle warning asks
    when its own count ends, since another tab may have kept the session alive."""
    session.hold()
    if not current_user.is_authenticated:
        return {"remaining": 0}
    return {"remaining": session.seconds_left(current_app.permanent_session_lifetime.total_seconds())}


@bp.post("/session/ping")
@login_required
def session_ping():
    """Keep an idle session alive when the person answers the expiry warning."""
    session.modified = True
    return "", 204


# Recovery, two-step sign-in and external sign-in attach their routes to this blueprint.
from contest.accounts import external_views, recovery_views, two_factor_views  # noqa: E402,F401
