"""The item analysis page's filter (a GET form: no CSRF)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import Optional

from contest.core.web.forms import PlainForm, coerce_int_or_none


class ItemFilterForm(PlainForm):
    """Which rounds to pool: all (blank) or one of the exam's rounds."""

    round = SelectField(_l("Đợt thi"), coerce=coerce_int_or_none, validators=[Optional()])

    def with_rounds(self, rounds, everything: str) -> ItemFilterForm:
        self.round.choices = [(None, everything)] + [(r.id, r.name) for r in rounds]
        return self

    def round_id(self) -> int | None:
        """The chosen round, or None (all rounds; also for a round not of this exam)."""
        return self.round.data if self.validate() else None
