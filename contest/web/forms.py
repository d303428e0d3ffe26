"""Shared form pieces: validators with Vietnamese messages, id coercion, row editors."""

from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, IntegerField, ValidationError
from wtforms.validators import DataRequired, Length

from contest.accounts.passwords import password_problems
from contest.web.wtforms_vi import VIETNAMESE


class _VietnameseMessages:
    """WTForms meta: its built-in messages in Vietnamese (contest/web/wtforms_vi.py)."""

    def get_translations(self, form):
        return VIETNAMESE


class AppForm(FlaskForm):
    """Every form that posts: Flask-WTF (CSRF) with WTForms' own messages in Vietnamese."""

    class Meta(_VietnameseMessages):
        pass


class PlainForm(Form):
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


def strong_password(_form, field) -> None:
    problems = password_problems(field.data or "")
    if problems:
        raise ValidationError(" ".join(gettext(p) for p in problems))


#: Ids are 32-bit integers in PostgreSQL; a larger number would overflow the query (a 500).
MAX_ID = 2**31 - 1


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
