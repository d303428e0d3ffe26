"""Names every template may use, and where Jinja finds the question types' partials."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo

from flask import Flask, current_app
from flask_babel import format_decimal
from flask_babel import gettext as _

from contest.core.i18n import N_

ROLE_LABELS = {
    "citizen": N_("Người dân"),
    "official": N_("Cán bộ, công chức"),
    "trainer": N_("Giảng viên / Biên soạn"),
    "admin": N_("Quản trị viên"),
}


def role_label(role) -> str:
    return _(ROLE_LABELS[getattr(role, "value", role)])


def score(value) -> str:
    """A score or a number of points as people read it: rounded to two decimals at most, no
    trailing zeros, in the locale's notation (3.83333 -> "3,83", 12.0 -> "12", 0.5 -> "0,5")."""
    if value is None:
        return "—"
    return format_decimal(round(float(value), 2), format="#,##0.##")


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def clock(value: datetime) -> str:
    """A stored (naive UTC) time as "HH:mm:ss" in the app's time zone: the text of
    ``timeformat("HH:mm:ss")`` without Babel's per-call locale and pattern work, for the
    answer save's reply (a 24-hour clock reads the same in every locale)."""
    zone = _zone(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(zone).strftime("%H:%M:%S")


def init_app(app: Flask) -> None:
    from jinja2 import ChoiceLoader

    from question_bank.types import get_type
    from question_bank.types.templates import TypeTemplateLoader

    # A type registered outside question_bank brings its own partials; built-in ones are files.
    app.jinja_loader = ChoiceLoader([TypeTemplateLoader(), app.jinja_loader])
    app.add_template_filter(score, "score")
    app.add_template_filter(clock, "clock")
    #: ``question_type(name)``: the registered type, for its partials (``.partial("answer")``)
    #: and rules (``.auto_graded``). A global, so fragments rendered without context processors
    #: (the answer save's reply) have it too.
    app.add_template_global(get_type, "question_type")

    @app.context_processor
    def _names():
        from question_bank.forms import DIFFICULTY_CHOICES, STATUS_LABELS, type_labels

        return {"role_label": role_label, "endpoints": current_app.view_functions,
                "status_labels": STATUS_LABELS, "type_labels": type_labels(),
                "difficulty_labels": dict(DIFFICULTY_CHOICES)}
