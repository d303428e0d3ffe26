"""URL converters: an ``int`` slot matches only ids the database can hold.

PostgreSQL's ``integer`` ends at 2**31 - 1 and SQLite's at 2**63 - 1; a larger number in a URL
(``/exams/2147483648``) reached the query and failed there (a 500). The rule simply does not
match it, so the visitor gets the ordinary 404 page, like for any id that names nothing.
"""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

#: The largest id a database ``integer`` column holds (PostgreSQL's int4).
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """``<int:...>`` of at most ``MAX_ID`` (unsigned as before: ``-1`` does not match either)."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def init_app(app) -> None:
    """Every ``<int:...>`` of the app's rules; call before the blueprints are registered."""
    app.url_map.converters["int"] = IdConverter
