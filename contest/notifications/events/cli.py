"""``flask notify due``: run every due job of the events once.

- ``flask --app wsgi notify due [--now 2026-03-10T02:00] [--run-queue]``: round openings,
  assessments assigned, tomorrow's sessions, completions expiring, results not sent yet; each
  batch committed; prints the messages queued per job as JSON. For a deployment without a
  worker (cron every few minutes, with ``--run-queue`` to send what it queued, here) and for
  tests; ``flask notify worker`` runs the same jobs every 5 minutes by itself.
  ``--now`` (UTC) replays a moment (a catch-up, a test).
"""

from __future__ import annotations

import json

import click
from flask import current_app
from flask.cli import with_appcontext

from contest.notifications import queue
from contest.notifications.events import tasks

MOMENT = click.DateTime(formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"])


@click.command("due")
@click.option("--now", type=MOMENT, default=None, help="As of this moment (UTC), instead of the clock.")
@click.option("--run-queue", is_flag=True, help="Then send what is queued, in this process (no worker).")
@with_appcontext
def due_command(now, run_queue: bool) -> None:
    """Queue every announcement and reminder that is due (each at most once per person)."""
    app = current_app._get_current_object()
    tasks.install(app)
    counts = tasks.run_due_now(now)
    if run_queue:
        queue.run(app, early=False)
    click.echo(json.dumps(counts))


def register(group: click.Group) -> None:
    """Add the events' commands to ``flask notify``."""
    group.add_command(due_command)
