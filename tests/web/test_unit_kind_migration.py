"""Migration 0007 lets the tree hold wards and special zones, and keeps an existing three-level
tree (with the people in it) valid: "Phường ..." units become wards, nothing else moves."""

import os

import pytest
from alembic import command
from sqlalchemy import make_url, text
from sqlalchemy.exc import IntegrityError

from contest.core.db import make_engine
from contest.core.migrate import alembic_config, upgrade

OLD_TREE = """INSERT INTO unit (id, name, kind, parent_id, active) VALUES
    (1, 'Tỉnh Tiền Giang', 'province', NULL, true),
    (2, 'Thành phố Mỹ Tho', 'district', 1, true),
    (3, 'Phường 1', 'commune', 2, true),
    (4, 'Xã Đạo Thạnh', 'commune', 2, true),
    (5, 'Thị trấn Cái Bè', 'commune', 1, true),
    (6, 'Đặc khu Phú Quý', 'commune', 1, true),
    (7, 'Sở Nội vụ', 'department', 1, true)"""
PERSON = """INSERT INTO app_user (full_name, email, role, password_hash, unit_id, active,
    must_change_password, session_token, created_at)
    VALUES ('An', 'an@example.vn', 'citizen', 'x', 3, true, false, 't', CURRENT_TIMESTAMP)"""


def kinds(engine) -> dict[str, str]:
    with engine.connect() as connection:
        return dict(connection.execute(text("SELECT name, kind FROM unit")).all())


def fresh_postgresql_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        pytest.skip("needs TEST_DATABASE_URL=postgresql+psycopg://... (see .ci/run)")
    import psycopg

    target = make_url(url).set(database=make_url(url).database + "_unit_kinds")
    admin = make_url(url).set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{target.database}"')
    return target.render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    url = (f"sqlite:///{tmp_path / 'old.sqlite3'}" if request.param == "sqlite"
           else fresh_postgresql_url())
    engine = make_engine(url)
    yield engine
    engine.dispose()


def test_an_old_three_level_tree_survives_and_takes_wards(engine):
    upgrade(engine, "0006")
    with engine.begin() as connection:
        connection.execute(text(OLD_TREE))
        connection.execute(text(PERSON))

    upgrade(engine)

    assert kinds(engine) == {
        "Tỉnh Tiền Giang": "province", "Thành phố Mỹ Tho": "district", "Phường 1": "ward",
        "Xã Đạo Thạnh": "commune", "Thị trấn Cái Bè": "commune",
        "Đặc khu Phú Quý": "special_zone", "Sở Nội vụ": "department"}
    with engine.begin() as connection:
        assert connection.execute(text("SELECT unit_id FROM app_user")).scalar() == 3
        connection.execute(text("INSERT INTO unit (id, name, kind, parent_id, active) "
                                "VALUES (100, 'Phường Mỹ Tho', 'ward', 1, true)"))
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text("INSERT INTO unit (id, name, kind, active) "
                                "VALUES (101, 'X', 'hamlet', true)"))
    with pytest.raises(IntegrityError), engine.begin() as connection:  # foreign keys still hold
        connection.execute(text("UPDATE app_user SET unit_id = 999"))


def test_downgrading_folds_wards_and_special_zones_back_into_communes(engine):
    upgrade(engine, "0006")
    with engine.begin() as connection:
        connection.execute(text(OLD_TREE))
    upgrade(engine)
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0006")
    assert kinds(engine)["Phường 1"] == kinds(engine)["Đặc khu Phú Quý"] == "commune"
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text("INSERT INTO unit (id, name, kind, active) "
                                "VALUES (102, 'Y', 'ward', true)"))
