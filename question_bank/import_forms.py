"""Forms of the import and export pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, SelectField
from wtforms.validators import AnyOf, Optional, Regexp

from contest.core.web.forms import INVALID_CHOICE, AppForm, PlainForm, max_length, required
from question_bank.formats import FORMATS

FORMAT_LABELS = {"gift": _l("GIFT (Moodle)"), "moodle-xml": _l("Moodle XML"),
                 "aiken": _l("Aiken"), "xlsx": _l("Excel (.xlsx)"), "csv": _l("CSV (UTF-8)")}
_FORMAT_CHOICES = [(name, FORMAT_LABELS[name]) for name in FORMATS]


class UploadForm(AppForm):
    """Step 1: the file (its size is bounded by MAX_CONTENT_LENGTH) and, optionally, its format."""

    file = FileField(_l("Tệp câu hỏi"), validators=[FileRequired(_l("Hãy chọn tệp cần nhập."))])
    format = SelectField(_l("Định dạng"), choices=[("", _l("Tự nhận dạng"))] + _FORMAT_CHOICES,
                         default="", invalid_choice_message=INVALID_CHOICE)


class ConfirmForm(AppForm):
    """Step 2: confirm the previewed upload (kept server-side under ``token``)."""

    token = HiddenField(validators=[required(), Regexp(r"^[A-Za-z0-9_-]{20,64}$")])
    filename = HiddenField(validators=[Optional(), max_length(255)])
    format = HiddenField(validators=[required(), AnyOf(FORMATS)])
    skip_invalid = BooleanField(_l("Bỏ qua các mục lỗi, chỉ nhập các câu hợp lệ"))
    publish = BooleanField(_l("Xuất bản ngay (không qua duyệt)"))
    #: Checked on the preview: imported drafts go straight to the bank's reviewers.
    send_for_review = BooleanField(_l("Gửi duyệt ngay các câu hỏi được nhập"), default=True)


class ExportForm(PlainForm):
    """The GET form of the export page (no CSRF: downloading changes nothing)."""

    format = SelectField(_l("Định dạng"), choices=_FORMAT_CHOICES, validators=[Optional()],
                         validate_choice=True)
    download = HiddenField()
