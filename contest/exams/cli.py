"""``flask exams ...``: maintenance commands of the exam engine."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from contest.core import db
from contest.core.cli import committed
from contest.core.db import utcnow
from contest.exams.services.attempts import close_expired

exams_cli = AppGroup("exams", help="Exam engine maintenance.")


@exams_cli.command("close-expired")
@committed
def close_expired_command() -> None:
    """Submit every attempt whose deadline has passed (answers saved before it are kept)."""
    count = close_expired(db.session(), utcnow())
    click.echo(f"Closed {count} overdue attempt(s).")
