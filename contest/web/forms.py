"""Shared form pieces: validators with Vietnamese messages."""

from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import ValidationError
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
