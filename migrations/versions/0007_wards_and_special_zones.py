"""wards and special zones: commune-level kinds of the two-level local government (1 July 2025)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 03:00:00.000000

The unit kind's CHECK constraint gains 'ward' and 'special_zone'. Existing commune-level units
named "Phường ..." or "Đặc khu ..." take their kind; every other row keeps its kind (districts and
three-level trees stay valid). Downgrading folds them back into 'commune'.
"""
import re

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

OLD_KINDS = ('province', 'department', 'district', 'commune')
NEW_KINDS = OLD_KINDS + ('ward', 'special_zone')
CHECK_NAME = 'ck_unit_unit_kind'

unit = sa.table('unit', sa.column('kind', sa.String(20)), sa.column('name', sa.String(200)))


def upgrade() -> None:
    _set_kinds(NEW_KINDS)
    for prefix, kind in (('Phường %', 'ward'), ('Đặc khu %', 'special_zone')):
        op.execute(unit.update().where(unit.c.kind == 'commune', unit.c.name.like(prefix))
                   .values(kind=kind))


def downgrade() -> None:
    op.execute(unit.update().where(unit.c.kind.in_(('ward', 'special_zone'))).values(kind='commune'))
    _set_kinds(OLD_KINDS)


def _set_kinds(kinds: tuple[str, ...]) -> None:
    check = 'kind IN (' + ', '.join(f"'{kind}'" for kind in kinds) + ')'
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        _rewrite_sqlite_check(bind, check)
    else:
        op.drop_constraint(op.f(CHECK_NAME), 'unit', type_='check')
        op.create_check_constraint(op.f(CHECK_NAME), 'unit', sa.text(check))


def _rewrite_sqlite_check(bind, check: str) -> None:
    """SQLite cannot alter a constraint, and rebuilding ``unit`` (batch mode) fails on the
    foreign keys that point at it. SQLite's documented in-place procedure for CHECK changes
    (lang_altertable.html, "other kinds of table schema changes") rewrites the stored DDL;
    every row stays valid (the downgrade folds the new kinds back first)."""
    ddl = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'unit'").scalar()
    ddl, found = re.subn(rf'CONSTRAINT {CHECK_NAME} CHECK \(kind IN \([^)]*\)\)',
                         f'CONSTRAINT {CHECK_NAME} CHECK ({check})', ddl)
    if found != 1:
        raise RuntimeError(f'unit: constraint {CHECK_NAME} not found')
    version = bind.exec_driver_sql('PRAGMA schema_version').scalar()
    bind.exec_driver_sql('PRAGMA writable_schema = ON')
    try:
        bind.exec_driver_sql(
            "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'unit'", (ddl,))
        bind.exec_driver_sql(f'PRAGMA schema_version = {version + 1}')
    finally:
        bind.exec_driver_sql('PRAGMA writable_schema = OFF')
    if bind.exec_driver_sql('PRAGMA integrity_check').scalar() != 'ok':
        raise RuntimeError('unit: integrity check failed after changing its kinds')
