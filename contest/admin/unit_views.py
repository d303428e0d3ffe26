"""The organisation tree: list and create, rename, move, deactivate (after a confirmation).
htmx edits a line in place; without JavaScript the same URLs serve whole pages."""

from __future__ import annotations

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from contest.accounts.models import Unit, UnitKind
from contest.admin import units
from contest.admin.blueprint import admin_only, bp, get_or_404, show_error
from contest.admin.forms import ConfirmActiveForm, MoveForm, RenameForm, UnitForm
from contest.admin.units import AdminError
from contest.core import db
from contest.core.web.htmx import wants_partial


@bp.route("/units", endpoint="units", methods=["GET", "POST"])
@admin_only
def tree_page():
    tree = units.load_tree(db.session())
    form = UnitForm()
    form.parent_id.choices = [("", _("— Không trực thuộc (cấp tỉnh) —"))] + units.unit_choices(
        tree, kinds=(UnitKind.province, UnitKind.district))
    if form.validate_on_submit():
        try:
            unit = units.create_unit(db.session(), name=form.name.data, kind=form.kind.data,
                                     parent_id=form.parent_id.data, code=form.code.data)
        except AdminError as err:
            show_error(form, err)
        else:
            flash(_("Đã thêm đơn vị «%(name)s».", name=unit.name), "success")
            return redirect(url_for("admin.units") + f"#unit-{unit.id}")
    return render_template("admin/units.html", tree=tree, form=form)


@bp.get("/units/<int:unit_id>")
@admin_only
def unit(unit_id: int):
    """One line of the tree for htmx (e.g. "Hủy" on an inline form); otherwise the tree page."""
    item = get_or_404(Unit, unit_id)
    if wants_partial():
        return render_template("admin/partials/_unit_line.html", unit=item)
    return redirect(url_for("admin.units") + f"#unit-{item.id}")


@bp.route("/units/<int:unit_id>/rename", methods=["GET", "POST"])
@admin_only
def unit_rename(unit_id: int):
    item = get_or_404(Unit, unit_id)
    form = RenameForm(obj=item)
    if form.validate_on_submit():
        try:
            units.rename_unit(db.session(), item, form.name.data)
        except AdminError as err:
            show_error(form, err)
        else:
            return _done(item, _("Đã đổi tên đơn vị thành «%(name)s».", name=item.name))
    return _edit(item, form, "rename")


@bp.route("/units/<int:unit_id>/move", methods=["GET", "POST"])
@admin_only
def unit_move(unit_id: int):
    item = get_or_404(Unit, unit_id)
    tree = units.load_tree(db.session())
    form = MoveForm(obj=item)
    form.parent_id.choices = units.unit_choices(tree, kinds=units.parent_kinds(item.kind),
                                                exclude=units.subtree_ids(tree, item.id))
    if form.validate_on_submit():
        try:
            units.move_unit(db.session(), item, form.parent_id.data)
        except AdminError as err:
            show_error(form, err)
        else:
            return _done(item, _("Đã chuyển đơn vị «%(name)s».", name=item.name), whole_tree=True)
    return _edit(item, form, "move")


@bp.route("/units/<int:unit_id>/active", methods=["GET", "POST"])
@admin_only
def unit_active(unit_id: int):
    """Deactivating asks first (GET: what it touches and a box to tick, inline for htmx);
    reactivating is one click."""
    item = get_or_404(Unit, unit_id)
    if request.method == "GET" and not item.active:
        return unit(unit_id)  # nothing to confirm: the line (htmx) or the tree
    form = ConfirmActiveForm()
    if request.method == "POST" and form.active.data not in ("0", "1"):
        return _done(item, _("Thao tác không hợp lệ."), category="error")
    if form.validate_on_submit():
        units.set_unit_active(db.session(), item, form.active.data == "1")
        message = (_("Đơn vị «%(name)s» hoạt động trở lại.", name=item.name) if item.active
                   else _("Đã ngừng hoạt động đơn vị «%(name)s».", name=item.name))
        return _done(item, message)
    return _edit(item, form, "active", reach=units.reach(db.session(), item))


def _edit(item: Unit, form, action: str, **context):
    if wants_partial():
        return render_template(f"admin/partials/_unit_{action}.html", unit=item, form=form,
                               inline=True, **context)
    return render_template("admin/unit_edit.html", unit=item, form=form, action=action, **context)


def _done(item: Unit, message: str, whole_tree: bool = False, category: str = "success"):
    """htmx: the changed line (or the whole tree after a move); otherwise back to the tree."""
    if not wants_partial():
        flash(message, category)
        return redirect(url_for("admin.units") + f"#unit-{item.id}")
    if not whole_tree:
        return render_template("admin/partials/_unit_line.html", unit=item, status=message)
    response = make_response(render_template("admin/partials/_unit_tree.html",
                                             tree=units.load_tree(db.session()), status=message))
    response.headers["HX-Retarget"] = "#unit-tree"
    response.headers["HX-Reswap"] = "outerHTML"
    return response
