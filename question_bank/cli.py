"""``flask bank ...``: import, export and list question banks from the command line.

Each command commits once, at its end (``committed``), and only when it changed something on
purpose: a failed or dry-run import rolls back (the bank it would have created included).
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlmodel import select

from contest.accounts.models import Role, User
from contest.core import db
from contest.core.cli import committed
from question_bank.formats import FORMATS
from question_bank.models import QuestionBank
from question_bank.services.banks import bank_counts, create_bank
from question_bank.services.exporting import export_bank
from question_bank.services.import_flow import ImportReport, run_import
from question_bank.services.importing import find_bank
from question_bank.types import QUESTION_TYPES

bank_cli = AppGroup("bank", help="Import, export and list question banks.")
TEXT_FORMATS = tuple(f for f in FORMATS if f != "xlsx")


def first_admin() -> User:
    """The owner and author of what the CLI creates: the first active administrator."""
    admin = db.session().exec(select(User).where(User.role == Role.admin, User.active)
                              .order_by(User.id)).first()
    if admin is None:
        raise click.ClickException(
            "No active administrator exists; create one first: flask create-admin --email ... --name ...")
    return admin


@bank_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--bank", "bank_name", help="Bank name (default: the file name without extension). "
              "Created, owned by the first administrator, when missing.")
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="File format (default: recognised from the content).")
@click.option("--dry-run", is_flag=True, help="Read and check only; import nothing.")
@click.option("--skip-invalid", is_flag=True, help="Import the valid questions, skip the others.")
@click.option("--publish", is_flag=True, help="Publish the questions at once (default: drafts).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@committed
def import_command(path: Path, bank_name: str | None, fmt: str | None, dry_run: bool,
                   skip_invalid: bool, publish: bool, as_json: bool) -> None:
    """Import the questions of PATH into a bank.

    Without --skip-invalid, any invalid question means nothing is imported (exit status 1).
    """
    session = db.session()
    admin = first_admin()
    name = (bank_name or path.stem).strip()
    bank = find_bank(session, name) or create_bank(session, admin, name=name[:200])
    name = bank.name
    report = run_import(session, bank, admin, path.name, path.read_bytes(), fmt,
                        skip_invalid=skip_invalid, publish=publish, dry_run=dry_run,
                        image_max_bytes=current_app.config["IMAGE_MAX_BYTES"],
                        max_questions=current_app.config["IMPORT_MAX_QUESTIONS"])
    if not report.imported:
        db.rollback_only()
    ok = not report.fatal and report.questions > 0 and (skip_invalid or not report.errors)
    if as_json:
        click.echo(json.dumps(report.as_json(), ensure_ascii=False))
    else:
        _print_report(report, name, dry_run)
    if not ok:
        click.get_current_context().exit(1)


def _print_report(report: ImportReport, bank_name: str, dry_run: bool) -> None:
    click.echo(f"Format: {report.format or '?'}")
    if not report.fatal:
        types = ", ".join(f"{t}={n}" for t, n in report.by_type.items() if n)
        click.echo(f"Valid questions: {report.questions} ({types or 'none'}); "
                   f"categories: {report.categories}")
    for problem in report.skipped:
        click.echo(f"  skipped, line {problem.line}: {problem.message}")
    for problem in report.errors:
        click.echo(f"  error, line {problem.line}: {problem.message}", err=True)
    if report.imported:
        click.echo(f"Imported {report.questions} questions into bank '{bank_name}'.")
    elif dry_run:
        click.echo("Dry run: nothing imported.")
    else:
        click.echo("Nothing imported" + (": fix the errors above or use --skip-invalid."
                                         if report.errors else "."), err=True)


@bank_cli.command("export")
@click.argument("bank_name", metavar="BANK")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write to this file (default: standard output; required for xlsx).")
def export_command(bank_name: str, fmt: str, output: Path | None) -> None:
    """Write the questions of BANK in a format."""
    if output is None and fmt not in TEXT_FORMATS:
        raise click.UsageError("xlsx is a binary format: give -o PATH.")
    bank = find_bank(db.session(), bank_name)
    if bank is None:
        raise click.ClickException(f"No bank named '{bank_name}'.")
    data, left_out = export_bank(db.session(), bank, fmt)
    if left_out:
        click.echo(f"{len(left_out)} question(s) cannot be written as {fmt} and were left out "
                   f"(types: {', '.join(sorted({r.type for r in left_out}))}).", err=True)
    if output is None:
        click.echo(data, nl=False)  # bytes go to the binary stream untouched
    else:
        output.write_bytes(data)
        click.echo(f"Wrote {output}.", err=True)


@bank_cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
def list_command(as_json: bool) -> None:
    """Every bank with its counts of questions, published questions and categories."""
    session = db.session()
    banks = session.exec(select(QuestionBank).order_by(QuestionBank.name)).all()
    every = bank_counts(session, banks)
    rows = []
    for bank in banks:
        counts = every[bank.id]
        by_type = dict.fromkeys(QUESTION_TYPES, 0) | {
            t: n for t, n in counts["by_type"].items() if t in QUESTION_TYPES}
        rows.append({"name": bank.name, "questions": counts["questions"],
                     "published": counts["published"], "categories": counts["categories"],
                     "by_type": by_type})
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    for row in rows:
        click.echo(f"{row['name']}: {row['questions']} questions, {row['published']} published, "
                   f"{row['categories']} categories")
    if not rows:
        click.echo("No banks.")
