"""``local_day(column, zone)``: the calendar day of a stored naive-UTC time in a time zone, in SQL.

PostgreSQL converts with the zone's rules (``timezone()``); SQLite has no zones, so it adds the
zone's offset at the time given (the province's zone, Asia/Ho_Chi_Minh, has had one offset,
UTC+7, since 1975). Both return the day as text or a date; ``as_date`` reads either.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class local_day(FunctionElement):
    """The day of ``column`` (naive UTC) in ``zone`` (an IANA name)."""

    type = String()
    #: The zone and offset are not part of SQLAlchemy's cache key: never cache the compiled form.
    inherit_cache = False

    def __init__(self, column, zone: str, at: datetime | None = None):
        self.zone = zone
        offset = ZoneInfo(zone).utcoffset((at or datetime.now(UTC)).replace(tzinfo=None))
        self.offset_seconds = int(offset.total_seconds()) if offset is not None else 0
        super().__init__(column)


@compiles(local_day)
def _local_day_postgresql(element, compiler, **kw) -> str:
    column = compiler.process(element.clauses, **kw)
    # Inline, not a bound parameter: the same expression in SELECT and GROUP BY must read the same.
    zone = compiler.process(_text(element.zone), **{**kw, "literal_binds": True})
    return f"date(timezone({zone}, timezone('UTC', {column})))"


@compiles(local_day, "sqlite")
def _local_day_sqlite(element, compiler, **kw) -> str:
    column = compiler.process(element.clauses, **kw)
    return f"date({column}, '{element.offset_seconds:+d} seconds')"


def _text(value: str):
    from sqlalchemy import literal

    return literal(value, String())


def as_date(value) -> date:
    """The day the database returned (a date on PostgreSQL, "YYYY-MM-DD" on SQLite)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))
