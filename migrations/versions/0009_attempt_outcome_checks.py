"""attempt outcome checks: who submitted is an enum, and the outcome fields hold together

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 03:00:00.000000

``attempt.submitted_by`` becomes the ``SubmittedBy`` enum ('user', 'timeout'; text of up to 20
characters with a CHECK, like every enum column), and CHECK constraints state what
``Attempt.finish`` and the start already keep: the outcome (submitted_at, submitted_by,
duration) is set exactly when the attempt is submitted, the deadline is not before the start,
and the score, its maximum, the duration and the prediction are within range. The round's
window (closes_at > opens_at) was checked from the start (0003).

Rows that break a rule stop the upgrade with the rule's name: no data is guessed at.
"""
import re

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

#: (name as the models' naming convention makes it, condition), in the models' order.
CHECKS = (
    ('ck_attempt_outcome',
     "(status = 'in_progress' AND submitted_at IS NULL AND submitted_by IS NULL AND duration_seconds IS NULL)"
     " OR (status = 'submitted' AND submitted_at IS NOT NULL AND submitted_by IS NOT NULL"
     " AND duration_seconds IS NOT NULL)"),
    ('ck_attempt_deadline_after_start', 'deadline >= started_at'),
    ('ck_attempt_duration_nonnegative', 'duration_seconds IS NULL OR duration_seconds >= 0'),
    ('ck_attempt_score_range', 'score >= 0 AND score <= max_score + 0.000001'),
    ('ck_attempt_max_score_nonnegative', 'max_score >= 0'),
    ('ck_attempt_prediction_nonnegative', 'prediction IS NULL OR prediction >= 0'),
    ('ck_attempt_submitted_by', "submitted_by IN ('user', 'timeout')"),
)


def upgrade() -> None:
    bind = op.get_bind()
    _refuse_breaking_rows(bind)
    if bind.dialect.name == 'sqlite':
        _rewrite_sqlite_ddl(bind, _add_checks)
        return
    op.alter_column('attempt', 'submitted_by', type_=sa.String(20), existing_type=sa.String(10),
                    existing_nullable=True)
    for name, condition in CHECKS:
        op.create_check_constraint(op.f(name), 'attempt', sa.text(condition))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        _rewrite_sqlite_ddl(bind, _drop_checks)
        return
    for name, _condition in CHECKS:
        op.drop_constraint(op.f(name), 'attempt', type_='check')
    op.alter_column('attempt', 'submitted_by', type_=sa.String(10), existing_type=sa.String(20),
                    existing_nullable=True)


def _refuse_breaking_rows(bind) -> None:
    broken = [name for name, condition in CHECKS
              if bind.exec_driver_sql(f'SELECT count(*) FROM attempt WHERE NOT ({condition})').scalar()]
    if broken:
        raise RuntimeError('attempt: rows break ' + ', '.join(broken) + '; correct them, then upgrade again')


def _add_checks(ddl: str) -> str:
    ddl = _replace_once(ddl, r'submitted_by VARCHAR\(10\)', 'submitted_by VARCHAR(20)')
    head, _, tail = ddl.rstrip().rpartition(')')
    added = ''.join(f', \n\tCONSTRAINT {name} CHECK ({condition})' for name, condition in CHECKS)
    return head.rstrip() + added + '\n)' + tail


def _drop_checks(ddl: str) -> str:
    for name, condition in CHECKS:
        ddl = _replace_once(ddl, r',\s*CONSTRAINT ' + name + r' CHECK \(' + re.escape(condition) + r'\)', '')
    return _replace_once(ddl, r'submitted_by VARCHAR\(20\)', 'submitted_by VARCHAR(10)')


def _replace_once(ddl: str, pattern: str, replacement: str) -> str:
    ddl, found = re.subn(pattern, lambda _match: replacement, ddl)
    if found != 1:
        raise RuntimeError(f'attempt: expected one {pattern!r} in its schema, found {found}')
    return ddl


def _rewrite_sqlite_ddl(bind, change) -> None:
    """SQLite cannot add a constraint, and rebuilding ``attempt`` (batch mode) fails on the
    foreign keys that point at it (answers, prizes). As in 0007, SQLite's documented in-place
    procedure (lang_altertable.html, "other kinds of table schema changes") rewrites the stored
    DDL; ``_refuse_breaking_rows`` has checked every row against the new constraints first."""
    ddl = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'attempt'").scalar()
    ddl = change(ddl)
    version = bind.exec_driver_sql('PRAGMA schema_version').scalar()
    bind.exec_driver_sql('PRAGMA writable_schema = ON')
    try:
        bind.exec_driver_sql(
            "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'attempt'", (ddl,))
        bind.exec_driver_sql(f'PRAGMA schema_version = {version + 1}')
    finally:
        bind.exec_driver_sql('PRAGMA writable_schema = OFF')
    if bind.exec_driver_sql('PRAGMA integrity_check').scalar() != 'ok':
        raise RuntimeError('attempt: integrity check failed after changing its constraints')
