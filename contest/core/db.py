"""Database engine, the request-scoped session and the commit point.

One engine per app. A session lives on ``g`` for the app context and is closed (rolled back if
uncommitted) on teardown.

The commit rule (STYLE rule 3), in one place:

- Services take the session and only ``flush``; they never commit or roll back. A refusal a
  person should read is a ``contest.core.errors.DomainError``.
- A view never commits either. After it returns, the commit point (``finish``, called from
  ``contest.core.web.errors.commit_point`` after the request) commits the request's session
  when the response is a success or a redirect (status < 400) and nothing marked the request
  failed; otherwise it rolls back. A request that never opened a session (the answer save, on
  ``autocommit()``) pays nothing.
- A view that catches a ``DomainError`` to re-render its form with the message (status 200)
  calls ``rollback_only()``: what the service flushed is undone at once and the commit point
  rolls back instead of committing. An uncaught ``DomainError`` reaches the one handler in
  ``contest.core.web.errors``, which does the same and shows the message.
- The commit happens before the reply leaves (``after_request``, not teardown): if it fails,
  the reply becomes an error page (500) and its flashed "saved" messages are dropped, so the
  person is never told that data was stored when it was not.
- A CLI command commits once at its end through ``contest.core.cli.committed``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask, current_app, g
from sqlalchemy import DateTime, String, event, make_url
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.pool import StaticPool
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Field, Session, SQLModel, create_engine

#: Stable constraint names, so Alembic migrations are the same on SQLite and PostgreSQL.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Naive UTC: the one representation of time stored in the database (SQLite has no zones)."""
    return datetime.now(UTC).replace(tzinfo=None)


def timestamp(nullable: bool = False, **kwargs):
    """A naive-UTC timestamp column (see ``utcnow``)."""
    if not nullable:
        kwargs.setdefault("default_factory", utcnow)
    else:
        kwargs.setdefault("default", None)
    return Field(sa_type=DateTime(timezone=False), nullable=nullable, **kwargs)


def make_engine(url: str, echo: bool = False, pool_size: int = 5, max_overflow: int = 10) -> Engine:
    """An engine for ``url``. SQLite gets WAL, foreign keys and a busy timeout on every connection."""
    if url.startswith("sqlite"):
        kwargs: dict = {"connect_args": {"check_same_thread": False, "timeout": 15}}
        if url in ("sqlite://", "sqlite:///:memory:"):
            kwargs["poolclass"] = StaticPool
        else:
            Path(make_url(url).database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, echo=echo, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # No pre-ping: it would cost a round trip on every request of the answer-save hot path.
    # Connections are recycled instead; after a database restart a request may fail once
    # (the exam page retries saves).
    return create_engine(url, echo=echo, pool_size=pool_size, max_overflow=max_overflow, pool_recycle=1800)


class ulower(FunctionElement):
    """``lower()`` that folds Vietnamese capitals on SQLite too (its own is ASCII-only); use it
    for case-insensitive search: ``ulower(User.full_name).contains(term.lower())``."""

    type = String()
    inherit_cache = True


@compiles(ulower)
def _ulower(element, compiler, **kw) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(ulower, "sqlite")
def _ulower_sqlite(element, compiler, **kw) -> str:
    return f"unicode_lower({compiler.process(element.clauses, **kw)})"


def _unicode_lower(value):
    return value.lower() if isinstance(value, str) else value


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    dbapi_connection.create_function("unicode_lower", 1, _unicode_lower, deterministic=True)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def init_app(app: Flask) -> None:
    app.extensions["db_engine"] = make_engine(app.config["DATABASE_URL"], app.config["SQL_ECHO"],
                                              app.config["DB_POOL_SIZE"], app.config["DB_MAX_OVERFLOW"])
    app.teardown_appcontext(_close_session)


def engine() -> Engine:
    return current_app.extensions["db_engine"]


def session() -> Session:
    """The session of the current app context (created on first use)."""
    if "db_session" not in g:
        g.db_session = Session(engine(), expire_on_commit=False)
    return g.db_session


@contextmanager
def autocommit() -> Iterator[Connection]:
    """A pooled connection on which every statement commits by itself.

    Only for a write that is whole in one statement (the answer save): one round trip instead
    of BEGIN, the statement and COMMIT. Everything else goes through ``session()``.
    """
    with engine().connect() as connection:
        yield connection.execution_options(isolation_level="AUTOCOMMIT")


def rollback_only() -> None:
    """Undo what this request (or CLI command) flushed, and make its commit point roll back.

    For a view that catches a ``DomainError`` and re-renders its form with the message, and for
    a step that must never be stored (a dry run).
    """
    g.db_rollback_only = True
    if "db_session" in g:
        g.db_session.rollback()


def failed() -> bool:
    """Whether ``rollback_only()`` was called in this request or command."""
    return g.get("db_rollback_only", False)


def finish(succeeded: bool) -> bool:
    """The commit point of a request or CLI command: commit the session if ``succeeded`` and
    nothing called ``rollback_only()``, else roll back. Returns False only when the commit
    itself failed (the session is then rolled back and the caller must report an error).

    Free when no session was opened (the answer save runs on ``autocommit()``).
    """
    rolled_back = g.pop("db_rollback_only", False)  # one request's mark, not the next one's
    db_session = g.get("db_session")
    if db_session is None or not db_session.in_transaction():
        return True
    if not succeeded or rolled_back:
        db_session.rollback()
        return True
    try:
        db_session.commit()
    except Exception:
        current_app.logger.exception("Commit failed; rolled back")
        db_session.rollback()
        return False
    return True


def _close_session(_exc: BaseException | None) -> None:
    db_session = g.pop("db_session", None)
    if db_session is not None:
        db_session.close()



_ON_COMMIT = "db_on_commit"


def begin_before_savepoint(db_session: Session) -> None:
    """Open the transaction in the database before a savepoint. pysqlite sends no BEGIN before a
    SAVEPOINT, so on SQLite a savepoint that is a transaction's first statement becomes a
    transaction of its own, committed on release ahead of the request's commit point."""
    connection = db_session.connection()
    if connection.dialect.name == "sqlite" and not connection.connection.dbapi_connection.in_transaction:
        connection.exec_driver_sql("BEGIN")


def on_commit(db_session: Session, key, callback, state=list):
    """Run ``callback(items)`` once after ``db_session``'s outermost transaction commits, and drop
    it when that transaction rolls back; returns ``items`` (made by ``state()`` on the first call
    of the transaction with this ``key``), which the caller fills in the meantime. A savepoint
    rolled back inside keeps them (the callback finds those rows gone and skips them)."""
    pending: dict = db_session.info.get(_ON_COMMIT)
    if pending is None:
        pending = db_session.info[_ON_COMMIT] = {}
        event.listen(db_session, "after_commit", _run_on_commit)
        event.listen(db_session, "after_soft_rollback", _drop_on_commit)
    if key not in pending:
        pending[key] = (callback, state())
    return pending[key][1]


def _run_on_commit(db_session: Session) -> None:
    """The outermost commit runs the callbacks; a savepoint's release (SQLAlchemy sends
    ``after_commit`` for it too) is not a commit: what it made is not stored yet. A callback that
    fails is logged and the others still run: the data is stored, so the request succeeded."""
    if db_session.in_nested_transaction():
        return
    pending = db_session.info.get(_ON_COMMIT) or {}
    ready = list(pending.values())
    pending.clear()
    for callback, items in ready:
        try:
            callback(items)
        except Exception:
            logging.getLogger(__name__).exception("An after-commit step failed: %r", callback)


def _drop_on_commit(db_session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        (db_session.info.get(_ON_COMMIT) or {}).clear()
