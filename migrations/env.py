"""Alembic environment: the schema of every model, on the connection the app hands over."""

from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

from contest.models import load_all

load_all()
target_metadata = SQLModel.metadata
config = context.config


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        from contest.core.config import CONFIGS, config_name

        engine = create_engine(CONFIGS[config_name()].DATABASE_URL)
        with engine.connect() as connection:
            _run(connection)
    else:
        _run(connection)


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite", compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
