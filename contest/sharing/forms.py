"""The organiser's spread page filter (a GET form: no CSRF)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import Optional

from contest.core.web.forms import PlainForm, coerce_int_or_none


class SpreadFilterForm(PlainForm):
    """Which registrations count: all (blank) or those within one round's window."""

    round = SelectField(_l("Đếm trong đợt thi"), coerce=coerce_int_or_none, validators=[Optional()])

    def with_rounds(self, rounds, everything: str) -> SpreadFilterForm:
        self.round.choices = [(None, everything)] + [(r.id, r.name) for r in rounds]
        return self

    def round_id(self) -> int | None:
        """The chosen round, or None (all registrations; also for a round not of this exam)."""
        return self.round.data if self.validate() else None
