"""The coverage report's unit picker: a GET form, so a report is a link (no CSRF needed to read)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SearchField, SelectField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from contest.core.web.forms import PlainForm, coerce_int_or_none


class CoverageForm(PlainForm):
    """``unit``: the unit whose subtree is reported (empty: every unit, admins only); ``page``:
    the page of the "still needs" list."""

    unit = SelectField(_l("Đơn vị (gồm cả đơn vị trực thuộc)"), coerce=coerce_int_or_none, validate_choice=False)
    page = IntegerField(_l("Trang"), default=1, validators=[Optional(), NumberRange(min=1, max=100_000)])


class FindRecordForm(PlainForm):
    """"Tra cứu hồ sơ": a person's sign-in email or phone, to open their training record (a GET
    form: looking a record up changes nothing)."""

    login = SearchField(_l("Email hoặc số điện thoại"), validators=[
        InputRequired(message=_l("Hãy nhập email hoặc số điện thoại của cán bộ.")),
        Length(max=254, message=_l("Email hoặc số điện thoại quá dài."))])
