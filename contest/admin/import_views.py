"""Bulk import of officials from an .xlsx: all rows valid, or nothing is created."""

from __future__ import annotations

import io

from flask import current_app, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_babel import to_user_timezone
from flask_login import current_user

from contest.admin import handouts, importing
from contest.admin.blueprint import admin_only, bp
from contest.admin.credential_sheet import credentials_xlsx
from contest.admin.forms import HandoutForm, ImportForm
from contest.admin.official_sheet import SheetError, parse_officials, template_xlsx
from contest.admin.template_lists import template_lists
from contest.admin.units import AdminError
from contest.core import db
from contest.core.db import utcnow

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/users/import", methods=["GET", "POST"])
@admin_only
def users_import():
    """Parse, check every row, then create all in one transaction; the one-time passwords are
    on the answer to this POST only, and sealed for one download (``handouts``)."""
    form = ImportForm()
    problems = []
    if form.validate_on_submit():
        try:
            sheet = parse_officials(form.file.data.read(),
                                    max_rows=current_app.config["IMPORT_MAX_OFFICIALS"])
        except SheetError as err:
            form.file.errors = [*form.file.errors, _(err.message, **err.params)]
        else:
            plan = importing.plan_import(db.session(), sheet.rows)
            problems = sorted(sheet.problems + plan.problems, key=lambda p: p.row)
            if not problems and not plan.officials:
                form.file.errors = [*form.file.errors, _("Tệp không có dòng dữ liệu nào.")]
            elif not problems:
                created = importing.create_officials(db.session(), plan)
                handout = handouts.seal(db.session(), current_user.id, created, utcnow())
                return render_template("admin/import_result.html", created=created,
                                       handout=handout, handout_minutes=handouts.TTL_MINUTES)
    return render_template("admin/import.html", form=form, problems=problems)


@bp.get("/users/import/template.xlsx")
@admin_only
def import_template():
    """The empty sheet, with drop-down lists of this deployment's units, positions and fields."""
    data = template_xlsx(current_app.config["IMPORT_MAX_OFFICIALS"], template_lists(db.session()))
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True,
                     download_name="mau-nhap-can-bo.xlsx")


@bp.post("/users/import/passwords.xlsx")
@admin_only
def import_passwords():
    """The import's passwords as .xlsx, once (see ``handouts``); then, or for anyone else, a
    refusal on the users' page."""
    form = HandoutForm()
    credentials = None
    try:
        if not form.validate_on_submit():
            raise handouts.gone()
        credentials = handouts.claim(db.session(), current_user.id, form.handout_id.data,
                                     form.key.data, utcnow())
    except AdminError as err:  # the commit point still stores the purge of expired handouts
        flash(_(err.message, **err.params), "error")
    if credentials is None:
        return redirect(url_for("admin.users", role="official"))
    stamp = to_user_timezone(utcnow())  # the file is named in Vietnam's time
    return send_file(io.BytesIO(credentials_xlsx(credentials)), mimetype=XLSX, as_attachment=True,
                     download_name=f"mat-khau-ban-dau-{stamp:%Y%m%d-%H%M}.xlsx")
