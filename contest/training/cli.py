"""``flask training ...``: read the training records and the coverage from a terminal (read-only:
nothing is committed)."""

from __future__ import annotations

import json
from datetime import date, datetime

import click
from flask.cli import AppGroup

from contest.accounts.models import Unit
from contest.accounts.services import find_by_login
from contest.core import db
from contest.training.services import coverage as coverage_service
from contest.training.services.records import local_today, training_record

training_cli = AppGroup("training", help="Training records and coverage.")


#: ``--today``: a bad day is refused by click with a usage error (exit 2), not a traceback.
DAY = click.DateTime(formats=["%Y-%m-%d"])


def _today(value: datetime | None) -> date:
    """The day the figures are as of: ``--today`` or today in the deployment's time zone."""
    return value.date() if value else local_today()


@training_cli.command("coverage")
@click.option("--unit", "unit_id", type=int, default=None, help="Report this unit and its sub-units (default: all).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: one object per unit.")
@click.option("--today", type=DAY, default=None, help="As of this day (YYYY-MM-DD).")
def coverage_command(unit_id: int | None, as_json: bool, today: datetime | None) -> None:
    """Per unit (with its sub-units): officials required and their requirements (official x
    programme) enrolled, completed and passed; officials with every requirement completed."""
    session = db.session()
    if unit_id is not None and session.get(Unit, unit_id) is None:
        raise click.ClickException(f"No unit with id {unit_id}.")
    report = coverage_service.coverage(session, unit_id, _today(today))
    if as_json:
        click.echo(json.dumps({"units": [{"unit_id": line.unit_id, "name": line.name, "parent_id": line.parent_id,
                                          **line.total.as_json()} for line in report.units],
                               "total": report.total.as_json()}, ensure_ascii=False, indent=1))
        return
    for line in report.units:
        f = line.total
        click.echo(f"{'  ' * line.depth}{line.name}: required {f.people} people ({f.pairs} pairs); pairs enrolled "
                   f"{f.enrolled}, completed {f.completed}, passed {f.passed}; people completed {f.people_done}")


@training_cli.command("record")
@click.argument("email")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--today", type=DAY, default=None, help="As of this day (YYYY-MM-DD).")
def record_command(email: str, as_json: bool, today: datetime | None) -> None:
    """One official's training record, by e-mail (or phone), found as sign-in finds them
    (``find_by_login``: any case of the email, a phone as +84 ... or 0...)."""
    session = db.session()
    person = find_by_login(session, email)
    if person is None:
        raise click.ClickException(f"No account {email}.")
    rows = training_record(session, person, _today(today))
    if as_json:
        click.echo(json.dumps({"user_id": person.id, "full_name": person.full_name, "login": person.login_name,
                               "courses": [row.as_json() for row in rows]}, ensure_ascii=False, indent=1))
        return
    click.echo(f"{person.full_name} <{person.login_name}>")
    for row in rows:
        click.echo(f"- {row.programme_code} {row.course_title}: {row.state.value}, attendance "
                   f"{row.attendance_share:.0%}, completed {row.completed_on or '-'}")
