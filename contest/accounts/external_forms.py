"""Forms of sign-in through an external provider."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField

from contest.accounts.forms import RESIDENCE_LABEL
from contest.core.web.forms import AppForm, coerce_int_or_none, max_length, required


class CompleteRegistrationForm(AppForm):
    """A new citizen's name (the provider's, editable) and residence."""

    full_name = StringField(_l("Họ và tên"), validators=[required(), max_length(120)])
    unit_id = SelectField(RESIDENCE_LABEL, coerce=coerce_int_or_none, validate_choice=False,
                          validators=[required()])


class ConfirmForm(AppForm):
    """A button that posts (link, unlink): only the CSRF token."""
