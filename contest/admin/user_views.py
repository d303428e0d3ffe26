"""Accounts: search and filter, create one staff account, edit, reset a password, lock (after
a confirmation) and unlock."""

from __future__ import annotations

from flask import abort, current_app, flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from contest.accounts import two_factor
from contest.accounts.models import Field, JobPosition, Role, Unit, User
from contest.accounts.services import AccountError
from contest.accounts.units import home_province
from contest.admin import catalog, units, users
from contest.admin.blueprint import admin_only, back, bp, get_or_404, show_error
from contest.admin.forms import ActionForm, ConfirmActiveForm, StaffForm, UserFilterForm, UserForm
from contest.core import db
from contest.core.web.htmx import wants_partial


@bp.get("/users", endpoint="users")
@admin_only
def user_list():
    """One URL, two renderings: htmx (the filter form, the pager) swaps just the table."""
    tree = units.load_tree(db.session())
    form = UserFilterForm(request.args)
    form.unit_id.choices = [("", _("Tất cả đơn vị"))] + units.unit_choices(tree, offered_only=False)
    valid = form.validate()
    result = users.search_users(
        db.session(), q=form.q.data if valid else None, unit_id=form.unit_id.data,
        role=_role(form.role.data), page=form.page.data or 1)
    template = "admin/partials/_user_table.html" if wants_partial() else "admin/users.html"
    query = {name: value for name, value in request.args.items() if name in form}  # filters only
    return render_template(template, form=form, result=result, query=query,
                           units={n.unit.id: n.unit for n in units.walk(tree)})


@bp.route("/users/<int:user_id>/active", methods=["GET", "POST"])
@admin_only
def user_active(user_id: int):
    """GET asks first (what locking does, and a box to tick); POST locks or unlocks. htmx (the
    list's "Mở khóa") gets the row back; otherwise back to the page the action came from."""
    user = get_or_404(User, user_id)
    if request.method == "GET":
        form = ConfirmActiveForm(data={"active": "0" if user.active else "1",
                                       "next": request.args.get("next")})
        return _confirm_active(user, form)
    form = ConfirmActiveForm()
    if form.active.data not in ("0", "1"):
        abort(400)
    error = None
    if not form.validate():
        if not wants_partial():
            return _confirm_active(user, form)
        error = " ".join(str(e) for e in form.confirm.errors)
    else:
        try:
            users.set_user_active(db.session(), current_user, user, form.active.data == "1")
        except AccountError as err:
            db.rollback_only()
            error = _(err.message)
    if wants_partial():
        return _row(user, error, form.next.data)
    flash(error or (_("Đã mở lại tài khoản.") if user.active else _("Đã khóa tài khoản.")),
          "error" if error else "success")
    return back(form, "admin.users")


def _confirm_active(user: User, form: ConfirmActiveForm):
    unit = db.session().get(Unit, user.unit_id) if user.unit_id else None
    return render_template("admin/user_active.html", user=user, form=form, unit=unit)


def _row(user: User, error: str | None, next_url: str | None):
    unit = {user.unit_id: get_or_404(Unit, user.unit_id)} if user.unit_id else {}
    return render_template("admin/partials/_user_row.html", user=user, units=unit, error=error,
                           next_url=next_url)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@admin_only
def user_edit(user_id: int):
    user = get_or_404(User, user_id)
    form = UserForm(obj=user, data={"next": request.args.get("next")})
    _staff_choices(form, holder=user)
    if form.validate_on_submit():
        session = db.session()
        try:
            users.update_user(
                session, current_user, user, full_name=form.full_name.data,
                email=form.email.data, phone=form.phone.data, role=_role(form.role.data),
                unit_id=form.unit_id.data, job_position_id=form.job_position_id.data,
                field_id=form.field_id.data,
                province=home_province(session, current_app.config["PROVINCE_CODE"]))
        except AccountError as err:
            show_error(form, err)
        else:
            flash(_("Đã lưu tài khoản «%(name)s».", name=user.full_name), "success")
            return back(form, "admin.users")
    return render_template("admin/user_edit.html", user=user, form=form,
                           two_step_on=two_factor.is_enabled(db.session(), user))


@bp.route("/users/<int:user_id>/password", methods=["GET", "POST"])
@admin_only
def user_password(user_id: int):
    """GET explains and asks; POST sets a new one-time password, shown on this answer only."""
    user = get_or_404(User, user_id)
    form = ActionForm(data={"next": request.args.get("next")})
    if form.validate_on_submit():
        try:
            password = users.reset_password(db.session(), current_user, user)
        except AccountError as err:
            show_error(form, err)
        else:
            return render_template("admin/user_created.html", user=user, password=password,
                                   reset=True)
    return render_template("admin/user_password.html", user=user, form=form)


@bp.route("/users/new", methods=["GET", "POST"])
@admin_only
def user_new():
    """The password is generated, shown on the answer to this POST only, and stored hashed."""
    form = StaffForm()
    _staff_choices(form)
    if form.validate_on_submit():
        try:
            user, password = users.create_staff_account(
                db.session(), full_name=form.full_name.data, email=form.email.data,
                phone=form.phone.data, role=_role(form.role.data), unit_id=form.unit_id.data,
                job_position_id=form.job_position_id.data, field_id=form.field_id.data)
        except AccountError as err:
            show_error(form, err)
        else:
            return render_template("admin/user_created.html", user=user, password=password)
    return render_template("admin/user_new.html", form=form)


def _role(value: str | None) -> Role | None:
    return Role(value) if value in {r.value for r in Role} else None


def _staff_choices(form: StaffForm, holder: User | None = None) -> None:
    """Offered units, active positions and fields, plus what ``holder`` already has."""
    session = db.session()
    tree = units.load_tree(session)
    offered = units.unit_choices(tree)
    stopped = " " + _("(ngừng hoạt động)")
    if holder is not None and holder.unit_id and holder.unit_id not in dict(offered):
        offered += [(value, label + stopped) for value, label
                    in units.unit_choices(tree, offered_only=False) if value == holder.unit_id]
    form.unit_id.choices = [("", _("— Chọn đơn vị —"))] + offered
    none = [("", _("— Không —"))]
    for field, model, held in ((form.job_position_id, JobPosition, "job_position_id"),
                               (form.field_id, Field, "field_id")):
        choices = catalog.active_choices(session, model)
        current = getattr(holder, held) if holder is not None else None
        if current and current not in dict(choices):
            item = session.get(model, current)
            choices.append((item.id, item.name + stopped))
        field.choices = none + choices
