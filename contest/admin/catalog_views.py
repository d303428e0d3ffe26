"""Job positions and fields of management: one set of views serving both lists."""

from __future__ import annotations

from dataclasses import dataclass

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from contest.accounts.models import Field, JobPosition
from contest.admin import catalog
from contest.admin.blueprint import admin_only, bp, get_or_404, show_error
from contest.admin.forms import ActiveForm, NameForm
from contest.admin.units import AdminError
from contest.core import db
from contest.core.web.htmx import wants_partial


@dataclass(frozen=True)
class Catalog:
    kind: str  #: the URL segment and the list page's endpoint
    model: type
    title: str
    new_label: str


CATALOGS = {
    "positions": Catalog("positions", JobPosition, _l("Vị trí việc làm"),
                         _l("Tên vị trí việc làm mới")),
    "fields": Catalog("fields", Field, _l("Lĩnh vực quản lý"), _l("Tên lĩnh vực mới")),
}
_KINDS = "<any(positions, fields):kind>"


@admin_only
def catalog_page(kind: str):
    """The list with its create form (endpoints ``admin.positions`` and ``admin.fields``)."""
    spec = CATALOGS[kind]
    form = NameForm()
    form.name.label.text = spec.new_label
    if form.validate_on_submit():
        try:
            item = catalog.create_item(db.session(), spec.model, form.name.data)
        except AdminError as err:
            show_error(form, err)
        else:
            flash(_("Đã thêm «%(name)s».", name=item.name), "success")
            return redirect(url_for(f"admin.{kind}"))
    return render_template("admin/catalog.html", spec=spec, form=form,
                           items=catalog.list_items(db.session(), spec.model))


for _kind in CATALOGS:
    bp.add_url_rule(f"/{_kind}", _kind, catalog_page, methods=["GET", "POST"],
                    defaults={"kind": _kind})


@bp.get(f"/{_KINDS}/<int:item_id>")
@admin_only
def catalog_item(kind: str, item_id: int):
    """One row for htmx ("Hủy" on the inline form); otherwise the list page."""
    spec = CATALOGS[kind]
    item = get_or_404(spec.model, item_id)
    if wants_partial():
        return render_template("admin/partials/_catalog_row.html", spec=spec, item=item)
    return redirect(url_for(f"admin.{kind}") + f"#item-{item.id}")


@bp.route(f"/{_KINDS}/<int:item_id>/rename", methods=["GET", "POST"])
@admin_only
def catalog_rename(kind: str, item_id: int):
    spec = CATALOGS[kind]
    item = get_or_404(spec.model, item_id)
    form = NameForm(obj=item)
    if form.validate_on_submit():
        try:
            catalog.rename_item(db.session(), item, form.name.data)
        except AdminError as err:
            show_error(form, err)
        else:
            return _done(spec, item, _("Đã đổi tên thành «%(name)s».", name=item.name))
    if wants_partial():
        return render_template("admin/partials/_catalog_rename.html", spec=spec, item=item,
                               form=form, inline=True)
    return render_template("admin/catalog_edit.html", spec=spec, item=item, form=form)


@bp.post(f"/{_KINDS}/<int:item_id>/active")
@admin_only
def catalog_active(kind: str, item_id: int):
    spec = CATALOGS[kind]
    item = get_or_404(spec.model, item_id)
    form = ActiveForm()
    if not form.validate_on_submit():
        return _done(spec, item, _("Thao tác không hợp lệ."), "error")
    catalog.set_item_active(db.session(), item, form.active.data == "1")
    return _done(spec, item, _("Đang dùng «%(name)s».", name=item.name) if item.active
                 else _("Đã ngừng dùng «%(name)s».", name=item.name))


def _done(spec: Catalog, item, message: str, category: str = "success"):
    if wants_partial():
        return render_template("admin/partials/_catalog_row.html", spec=spec, item=item,
                               status=message)
    flash(message, category)
    return redirect(url_for(f"admin.{spec.kind}") + f"#item-{item.id}")
