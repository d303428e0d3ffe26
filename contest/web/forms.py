"""Shared form pieces: validators with Vietnamese messages."""

from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, ValidationError
from wtforms.validators import DataRequired, Length

from contest.accounts.passwords import password_problems


def required():
    return DataRequired(message=_l("Trường này là bắt buộc."))


def max_length(n: int):
    return Length(max=n, message=_l("Tối đa %(max)d ký tự.", max=n))


def strong_password(_form, field) -> None:
    problems = password_problems(field.data or "")
    if problems:
        raise ValidationError(" ".join(gettext(p) for p in problems))


def coerce_int_or_none(value):
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1  # never a valid id: the choice check reports it


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
