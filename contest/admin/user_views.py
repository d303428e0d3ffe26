"""Accounts: search and filter, (de)activate, create one staff account."""

from __future__ import annotations

from flask import abort, flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from contest import db
from contest.accounts.models import Field, JobPosition, Role, Unit, User
from contest.accounts.services import AccountError
from contest.admin import catalog, units, users
from contest.admin.blueprint import admin_only, back, bp, get_or_404, show_error
from contest.admin.forms import ActiveForm, StaffForm, UserFilterForm
from contest.web.htmx import wants_partial


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


@bp.post("/users/<int:user_id>/active")
@admin_only
def user_active(user_id: int):
    user = get_or_404(User, user_id)
    form = ActiveForm()
    if not form.validate_on_submit():
        abort(400)
    error = None
    try:
        users.set_user_active(db.session(), current_user, user, form.active.data == "1")
    except AccountError as err:
        error = _(err.message)
    else:
        db.session().commit()
    if wants_partial():
        unit = {user.unit_id: get_or_404(Unit, user.unit_id)} if user.unit_id else {}
        return render_template("admin/partials/_user_row.html", user=user, units=unit,
                               error=error, next_url=form.next.data)
    flash(error or (_("Đã mở lại tài khoản.") if user.active else _("Đã khóa tài khoản.")),
          "error" if error else "success")
    return back(form, "admin.users")


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
            db.session().commit()
            return render_template("admin/user_created.html", user=user, password=password)
    return render_template("admin/user_new.html", form=form)


def _role(value: str | None) -> Role | None:
    return Role(value) if value in {r.value for r in Role} else None


def _staff_choices(form: StaffForm) -> None:
    session = db.session()
    form.unit_id.choices = [("", _("— Chọn đơn vị —"))] + units.unit_choices(
        units.load_tree(session))
    none = [("", _("— Không —"))]
    form.job_position_id.choices = none + catalog.active_choices(session, JobPosition)
    form.field_id.choices = none + catalog.active_choices(session, Field)
