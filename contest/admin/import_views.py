"""Bulk import of officials from an .xlsx: all rows valid, or nothing is created."""

from __future__ import annotations

import io

from flask import render_template, send_file
from flask_babel import gettext as _

from contest import db
from contest.admin import importing
from contest.admin.blueprint import admin_only, bp
from contest.admin.forms import ImportForm
from contest.admin.official_sheet import SheetError, parse_officials, template_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/users/import", methods=["GET", "POST"])
@admin_only
def users_import():
    """Parse, check every row, then create all in one transaction; the one-time passwords are
    on the answer to this POST only (never stored in clear, never in a session)."""
    form = ImportForm()
    problems = []
    if form.validate_on_submit():
        try:
            sheet = parse_officials(form.file.data.read())
        except SheetError as err:
            form.file.errors = [*form.file.errors, _(err.message, **err.params)]
        else:
            plan = importing.plan_import(db.session(), sheet.rows)
            problems = sorted(sheet.problems + plan.problems, key=lambda p: p.row)
            if not problems and not plan.officials:
                form.file.errors = [*form.file.errors, _("Tệp không có dòng dữ liệu nào.")]
            elif not problems:
                created = importing.create_officials(db.session(), plan)
                db.session().commit()
                return render_template("admin/import_result.html", created=created)
    return render_template("admin/import.html", form=form, problems=problems)


@bp.get("/users/import/template.xlsx")
@admin_only
def import_template():
    return send_file(io.BytesIO(template_xlsx()), mimetype=XLSX, as_attachment=True,
                     download_name="mau-nhap-can-bo.xlsx")
