"""Forms of enrollment: by hand, by rule, from a list; withdrawals and self-enrollment.
Choices that come from the database are filled in by the views."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField
from wtforms.validators import AnyOf

from contest.core.web.forms import (
    INVALID_CHOICE,
    AppForm,
    coerce_id,
    coerce_int_or_none,
    max_length,
    required,
)


class HandForm(AppForm):
    """One official, named by the email or phone they sign in with."""

    login = StringField(_l("Email hoặc số điện thoại của cán bộ"), validators=[required(), max_length(254)])


class RuleForm(AppForm):
    """Every active official of a unit (with its sub-units), optionally of some positions and
    fields. "preview" counts, "confirm" enrolls."""

    unit_id = SelectField(_l("Đơn vị (gồm cả đơn vị trực thuộc)"), coerce=coerce_int_or_none,
                          validators=[required()], invalid_choice_message=INVALID_CHOICE)
    position_ids = SelectMultipleField(_l("Vị trí việc làm (để trống: mọi vị trí)"), coerce=coerce_id,
                                       validate_choice=False)
    field_ids = SelectMultipleField(_l("Lĩnh vực (để trống: mọi lĩnh vực)"), coerce=coerce_id,
                                    validate_choice=False)
    action = HiddenField(default="preview", validators=[AnyOf(["preview", "confirm"])])


class FileForm(AppForm):
    file = FileField(_l("Tệp Excel danh sách ghi danh (.xlsx)"), validators=[
        FileRequired(_l("Hãy chọn tệp Excel (.xlsx) để tải lên.")),
        FileAllowed(["xlsx"], _l("Chỉ nhận tệp Excel (.xlsx)."))])


class ButtonForm(AppForm):
    """A button that changes something (withdraw, join, leave): CSRF only."""
