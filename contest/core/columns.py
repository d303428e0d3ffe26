"""Column helpers shared by every table module."""

from __future__ import annotations

import enum

from sqlalchemy import Column
from sqlalchemy import Enum as SAEnum


def enum_column(enum_cls: type[enum.Enum], name: str, **kwargs) -> Column:
    """An enum stored as text with a named CHECK constraint: portable across SQLite and PostgreSQL."""
    return Column(
        SAEnum(enum_cls, native_enum=False, length=20, create_constraint=True, name=name,
               values_callable=lambda e: [m.value for m in e]),
        **kwargs,
    )
