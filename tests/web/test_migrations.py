"""The schema is made by Alembic migrations: upgrading an empty database gives exactly the models."""

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import make_url
from sqlmodel import SQLModel

from contest.core.db import make_engine
from contest.core.migrate import upgrade
from contest.models import load_all


def migrated_differences(url: str) -> list:
    load_all()
    engine = make_engine(url)
    try:
        upgrade(engine)
        upgrade(engine)  # running it again changes nothing
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return compare_metadata(context, SQLModel.metadata)
    finally:
        engine.dispose()


def test_sqlite_migrations_match_the_models(tmp_path):
    assert migrated_differences(f"sqlite:///{tmp_path / 'migrated.sqlite3'}") == []


def test_postgresql_migrations_match_the_models():
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        pytest.skip("needs TEST_DATABASE_URL=postgresql+psycopg://... (see .ci/run)")
    import psycopg

    target = make_url(url).set(database=make_url(url).database + "_migrations")
    admin = make_url(url).set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{target.database}"')
    assert migrated_differences(target.render_as_string(hide_password=False)) == []
