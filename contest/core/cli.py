"""The commit point of a CLI command (the request has its own in ``contest.core.web.errors``).

A command decorated with ``committed`` commits the session once, when it ends normally (a
``ctx.exit(0)`` included), and rolls back when it raises or exits with an error status, or
when it called ``db.rollback_only()`` (a dry run). A ``DomainError`` becomes a
``click.ClickException`` with the translated message (exit status 1).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click
from flask_babel import gettext as _

from contest.core import db
from contest.core.errors import DomainError


@contextmanager
def committing() -> Iterator[None]:
    """Commit what the block did, once, at its end; roll back if it fails. For a step that must be
    stored before a long-running command goes on (seed the demo, then serve it)."""
    try:
        yield
    except click.exceptions.Exit as stop:
        _finish(stop.exit_code == 0)
        raise
    except DomainError as err:
        _finish(False)
        raise click.ClickException(" ".join(_(text, **err.params) for text in err.texts())) from err
    except BaseException:
        _finish(False)
        raise
    _finish(True)


def committed(command: Callable) -> Callable:
    """Decorate a click command's function (under ``@click.command``) to run it in ``committing()``."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        with committing():
            return command(*args, **kwargs)

    return run


def _finish(succeeded: bool) -> None:
    if not db.finish(succeeded):
        raise click.ClickException("The database refused the changes; nothing was saved.")
