"""Command-line entry points: migrate, seed the demo, run the demo site, create an admin."""

from __future__ import annotations

import getpass

import click
from flask import Flask, current_app
from sqlmodel import select

from contest.accounts.models import Role, User
from contest.accounts.passwords import password_problems
from contest.accounts.services import create_staff
from contest.core import db
from contest.core.cli import committed, committing
from contest.core.migrate import upgrade


def register(app: Flask) -> None:
    app.cli.add_command(migrate_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(run_demo_command)
    app.cli.add_command(create_admin_command)
    from question_bank.cli import bank_cli

    app.cli.add_command(bank_cli)


@click.command("migrate")
def migrate_command() -> None:
    """Create or upgrade the database schema (Alembic)."""
    upgrade(db.engine())
    click.echo("Database schema is up to date.")


def seed_demo(echo=click.echo) -> bool:
    """Migrate, then fill an empty database with demo data (committed: the site may be served
    next). Returns whether it seeded."""
    upgrade(db.engine())
    session = db.session()
    if session.exec(select(User.id).limit(1)).first() is not None:
        echo("Database already has data; demo data not added.")
        return False
    from contest.demo import seed_all

    with committing():
        seed_all(session, current_app.config["DEMO_PASSWORD"])
    echo("Demo data added.")
    return True


def print_demo_accounts(echo=click.echo) -> None:
    from contest.demo_org import DEMO_ACCOUNTS

    echo(f"Demo accounts (password: {current_app.config['DEMO_PASSWORD']}):")
    for account in DEMO_ACCOUNTS:
        echo(f"  {account.role.value:<9} {account.email}")


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Migrate and, when the database is empty, add demo data. Safe to run twice."""
    if not current_app.config["SEED_DEMO"]:
        raise click.ClickException("Demo data is never added in production (APP_ENV=production).")
    seed_demo()
    print_demo_accounts()


@click.command("run-demo")
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=5000, type=int)
def run_demo_command(host: str, port: int) -> None:
    """Migrate, seed demo data when empty, print the demo accounts and serve the site."""
    if not current_app.config["SEED_DEMO"]:
        raise click.ClickException("run-demo is for development (APP_ENV=development).")
    if not current_app.config["PUBLIC_URL_GIVEN"]:  # links in messages and QR codes lead here
        current_app.config["PUBLIC_URL"] = f"http://{host}:{port}"
    seed_demo()
    print_demo_accounts()
    click.echo(f"Open http://{host}:{port}/")
    from werkzeug.serving import run_simple

    from contest.notifications.queue import start_dev_worker
    from contest.notifications.task_modules import install_all

    install_all(current_app._get_current_object())  # tasks queued by an earlier run, too
    start_dev_worker(current_app._get_current_object())  # queued messages reach the outbox folder
    run_simple(host, port, current_app._get_current_object(), threaded=True)


@click.command("create-admin")
@click.option("--email", required=True)
@click.option("--name", "full_name", required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@committed
def create_admin_command(email: str, full_name: str, password_stdin: bool) -> None:
    """Create the first administrator of a deployment."""
    upgrade(db.engine())
    password = (click.get_text_stream("stdin").readline().rstrip("\n") if password_stdin
                else getpass.getpass("Password: "))
    problems = password_problems(password)
    if problems:
        raise click.ClickException(" ".join(problems))
    create_staff(db.session(), full_name=full_name, email=email, phone=None, password=password,
                 role=Role.admin, unit_id=None, must_change_password=False)
    click.echo(f"Administrator {email} created.")
