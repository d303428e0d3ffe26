"""Shared form pieces: validators with Vietnamese messages, id coercion, row editors, and the
guard every form applies to what it reads (no NUL, no number the database cannot hold)."""

from __future__ import annotations

import math

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, IntegerField, ValidationError
from wtforms.validators import DataRequired, Length

from contest.core.web.converters import MAX_ID
from contest.core.web.wtforms_vi import VIETNAMESE

NUL_MESSAGE = _l("Có ký tự không hợp lệ (ký tự NUL); vui lòng nhập lại.")
OUT_OF_RANGE_MESSAGE = _l("Giá trị nằm ngoài khoảng cho phép.")
NOT_A_NUMBER_MESSAGE = _l("Hãy nhập một số.")


def _safe_value(value):
    """``(value, None)`` when the database can take it, else ``(safe value, message)``."""
    if isinstance(value, str):
        return (value.replace("\x00", ""), NUL_MESSAGE) if "\x00" in value else (value, None)
    if isinstance(value, bool):
        return value, None
    if isinstance(value, int):
        return (value, None) if -MAX_ID <= value <= MAX_ID else (None, OUT_OF_RANGE_MESSAGE)
    if isinstance(value, float):
        return (value, None) if math.isfinite(value) else (None, NOT_A_NUMBER_MESSAGE)
    if isinstance(value, (list, tuple)):
        checked = [_safe_value(item) for item in value]
        kept = [item for item, _ in checked if item is not None]
        return kept, next((message for _, message in checked if message), None)
    return value, None


def refuse_unsafe_input(field) -> None:
    """What no field may hand on, whether or not its form is validated (GET filters are often
    used as read): a NUL (PostgreSQL's text cannot hold it) is removed, an integer past the
    database's ``integer`` or a NaN/infinite number becomes ``None``; either way the field
    keeps a Vietnamese message, so ``validate()`` fails and tells the person why (a hidden
    field's NUL is only removed: the person could not see the message, nor have typed it)."""
    if isinstance(field, FieldList):
        for entry in field.entries:
            refuse_unsafe_input(entry)
        return
    if isinstance(field, FormField):  # its own form (an AppForm or PlainForm) guards itself
        return
    field.data, message = _safe_value(field.data)
    if message is NUL_MESSAGE and getattr(field.widget, "input_type", None) == "hidden":
        return  # nobody types a hidden value (a crafted ``?next=``): dropping the NUL is harmless
    if message is not None and message not in field.process_errors:
        field.process_errors.append(message)


class _SafeInput:
    """Form mixin: after WTForms has read every field (nested forms included, through
    ``post_process``), each field goes through ``refuse_unsafe_input``."""

    def post_process(self, formdata=None):
        super().post_process(formdata)
        for field in self._fields.values():
            refuse_unsafe_input(field)


class _VietnameseMessages:
    """WTForms meta: its built-in messages in Vietnamese (contest/core/web/wtforms_vi.py)."""

    def get_translations(self, form):
        return VIETNAMESE


class AppForm(_SafeInput, FlaskForm):
    """Every form that posts: Flask-WTF (CSRF) with WTForms' own messages in Vietnamese."""

    class Meta(_VietnameseMessages):
        pass


class PlainForm(_SafeInput, Form):
    """Forms without their own CSRF field (GET filters, rows inside a FormField, the answer
    save that CSRFProtect checks), with WTForms' own messages in Vietnamese."""

    class Meta(_VietnameseMessages):
        pass


#: More helpful than WTForms' generic "Lựa chọn không hợp lệ.": selects whose errors are shown
#: pass this as ``invalid_choice_message``.
INVALID_CHOICE = _l("Lựa chọn không hợp lệ; hãy chọn trong danh sách.")


def required():
    return DataRequired(message=_l("Trường này là bắt buộc."))


def max_length(n: int):
    return Length(max=n, message=_l("Tối đa %(max)d ký tự.", max=n))


def coerce_id(value) -> int:
    """A posted id as an int; anything that cannot be an id becomes -1, which never matches a
    row, so the service's existence check refuses it with its own message."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return -1
    return number if 0 < number <= MAX_ID else -1


def coerce_int_or_none(value):
    """``coerce_id`` for a select with an empty choice (None)."""
    if value in (None, "", "None"):
        return None
    return coerce_id(value)


class WholeNumberField(IntegerField):
    """A whole number of at least ``min_value``; its errors speak Vietnamese."""

    def __init__(self, label=None, validators=None, min_value: int = 0, max_value: int = 10**9,
                 message: str | None = None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.min_value, self.max_value, self.message = min_value, max_value, message

    def pre_validate(self, form):
        if self.data is not None and not (self.min_value <= self.data <= self.max_value):
            raise ValidationError(self.message or gettext("Giá trị nằm ngoài khoảng cho phép."))

    def process_formdata(self, valuelist):
        if not valuelist or valuelist[0] in ("", None):
            self.data = None
            return
        try:
            self.data = int(str(valuelist[0]).strip())
        except ValueError as err:
            self.data = None
            raise ValueError(self.message or gettext("Hãy nhập một số nguyên.")) from err


def set_rows(field, rows: list[dict]) -> None:
    """Rebuild a FieldList from plain row data (the row editors' add, remove and move buttons)."""
    field.entries = []
    field.last_index = -1
    for row in rows:
        field.append_entry(row)
