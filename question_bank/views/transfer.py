"""Importing questions from a file (upload -> preview -> confirm) and exporting a bank.

Between the preview and the confirmation the upload waits in a private temp file under
``instance/imports`` (see ``UploadStore``), named by a random token tied to the uploader's id:
a cookie could not hold it, and asking for the file twice would be a trap. The confirmation
takes the file, so a double click imports once.
"""

from __future__ import annotations

import io
import os
import re

from flask import current_app, flash, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.accounts.access import STAFF, roles_required
from contest.core import db
from contest.core.web.htmx import go, wants_partial
from question_bank.access import can_publish_directly
from question_bank.formats.xlsx import template_xlsx
from question_bank.import_forms import FORMAT_LABELS, ConfirmForm, ExportForm, UploadForm
from question_bank.services.exporting import (
    DOWNLOADS,
    category_paths,
    export_bank,
    losses_by_format,
)
from question_bank.services.import_flow import UploadStore, recent_imports, run_import
from question_bank.services.listing import bulk_action
from question_bank.views.blueprint import bp
from question_bank.views.loaders import get_bank_or_404

XLSX = DOWNLOADS["xlsx"][1]


def _uploads() -> UploadStore:
    directory = current_app.config.get("IMPORT_UPLOAD_DIR") or os.path.join(
        current_app.instance_path, "imports")
    return UploadStore(directory)


def _import(bank, filename: str, data: bytes, fmt: str | None, **options):
    return run_import(db.session(), bank, current_user, filename, data, fmt,
                      image_max_bytes=current_app.config["IMAGE_MAX_BYTES"],
                      max_questions=current_app.config["IMPORT_MAX_QUESTIONS"], **options)


def _preview(bank, report, form: ConfirmForm, message: str | None = None):
    template = "bank/partials/_import_preview.html" if wants_partial() else "bank/import_preview.html"
    return render_template(template, bank=bank, report=report, form=form, message=message,
                           may_publish=can_publish_directly(db.session(), bank, current_user),
                           new_categories=_new_categories(bank, report),
                           format_labels=FORMAT_LABELS)


def _new_categories(bank, report) -> set[tuple[str, ...]]:
    """The import's category paths the bank does not have yet (names compared ignoring case)."""
    def key(path):
        return tuple(name.strip().lower() for name in path)

    known = {key(path) for path in category_paths(db.session(), bank).values()}
    return {path for path, _count in report.by_category if path and key(path) not in known}


@bp.route("/<int:bank_id>/import", methods=["GET", "POST"])
@roles_required(*STAFF)
def import_file(bank_id: int):
    """Upload a file; the answer is the preview of what confirming it would import."""
    bank = get_bank_or_404(bank_id)
    form = UploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        filename = os.path.basename((upload.filename or "").replace("\\", "/"))[:255] or "upload"
        data = upload.read()
        report = _import(bank, filename, data, form.format.data or None, dry_run=True)
        db.rollback_only()
        token = _uploads().save(current_user.id, data) if report.questions else ""
        confirm = ConfirmForm(formdata=None, token=token, filename=filename,
                              format=report.format or "")
        return _preview(bank, report, confirm)
    if wants_partial():
        return render_template("bank/partials/_import_upload.html", bank=bank, form=form)
    return render_template("bank/import.html", bank=bank, form=form, format_labels=FORMAT_LABELS,
                           logs=recent_imports(db.session(), bank))


@bp.post("/<int:bank_id>/import/confirm")
@roles_required(*STAFF)
def import_confirm(bank_id: int):
    """Import the previewed upload in one transaction, or show why nothing was imported."""
    bank = get_bank_or_404(bank_id)
    form = ConfirmForm()
    data = _uploads().take(current_user.id, form.token.data) if form.validate_on_submit() else None
    if data is None:
        flash(_("Tệp đã tải lên không còn (quá 1 giờ hoặc đã được nhập). Hãy tải tệp lên lại."),
              "error")
        return go(url_for("bank.import_file", bank_id=bank.id))
    publish = form.publish.data and can_publish_directly(db.session(), bank, current_user)
    report = _import(bank, form.filename.data or "upload", data, form.format.data,
                     skip_invalid=form.skip_invalid.data, publish=publish)
    if report.imported:
        sent = 0
        if form.send_for_review.data and not publish:  # the bank list's bulk "Gửi duyệt"
            sent = bulk_action(db.session(), bank, [q.id for q in report.stored], "submit", None)
        flash(_("Đã nhập %(n)d câu hỏi từ tệp %(name)s.", n=report.questions,
                name=report.filename), "success")
        if sent:
            flash(_("Đã gửi %(n)d câu hỏi cho người duyệt của ngân hàng.", n=sent), "success")
        return go(url_for("bank.questions", bank_id=bank.id))
    db.rollback_only()
    form.token.data = _uploads().save(current_user.id, data)
    return _preview(bank, report, form, _("Chưa nhập câu hỏi nào vì tệp còn %(n)d lỗi. Hãy sửa tệp "
                                          "rồi tải lên lại, hoặc chọn “Bỏ qua các mục lỗi”.",
                                          n=len(report.errors)))


@bp.get("/import-template.xlsx")
@roles_required(*STAFF)
def import_template():
    """The Excel template with its guide sheet and example rows."""
    return send_file(io.BytesIO(template_xlsx()), mimetype=XLSX, as_attachment=True,
                     download_name="mau-nhap-cau-hoi.xlsx")


@bp.get("/<int:bank_id>/export")
@roles_required(*STAFF)
def export_file(bank_id: int):
    """Choose a format (and see what it cannot carry); with ``download`` get the file."""
    bank = get_bank_or_404(bank_id)
    form = ExportForm(request.args)
    fmt = form.format.data if form.validate() and form.format.data else "gift"
    if form.download.data and form.format.data:
        data, _left_out = export_bank(db.session(), bank, fmt)
        extension, mimetype = DOWNLOADS[fmt]
        return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True,
                         download_name=f"{_file_stem(bank.name)}.{extension}")
    form.format.data = fmt
    template = "bank/partials/_export_losses.html" if wants_partial() else "bank/export.html"
    return render_template(template, bank=bank, form=form, fmt=fmt, format_labels=FORMAT_LABELS,
                           losses=losses_by_format(db.session(), bank))


def _file_stem(name: str) -> str:
    """The bank's name as a file name: letters (diacritics kept), digits, spaces, - and _."""
    return re.sub(r"[^\w\- ]+", "_", name).strip(" _") or "ngan-hang"
