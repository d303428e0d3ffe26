"""Account hardening: sign-in costs one full-strength hash whoever asks, the password policy
keeps generated and demo passwords, and production refuses a short SECRET_KEY."""

import pytest
from argon2 import PasswordHasher, extract_parameters

from contest.accounts.passwords import (
    generate_password,
    hash_generated_password,
    password_problems,
)
from contest.app import build_app
from contest.core.config import Config
from tests.conftest import PASSWORD

#: The full Argon2id memory cost (KiB) every sign-in must pay once.
FULL_MEMORY = 19456


@pytest.fixture
def hashes_checked(monkeypatch):
    """The memory cost of every Argon2 verification the app runs (recorded, then run)."""
    seen: list[int] = []
    original = PasswordHasher.verify

    def recording(self, hash, password):
        seen.append(extract_parameters(hash).memory_cost)
        return original(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", recording)
    return seen


@pytest.fixture
def accounts(factory):
    """A normal account, and an official created in bulk still on a generated password."""
    normal = factory.user()
    official = factory.user()
    official.password_hash = hash_generated_password(PASSWORD)
    official.must_change_password = True
    factory.commit()
    return {"normal": normal.email, "generated": official.email, "unknown": "ai@example.vn"}


@pytest.mark.parametrize("account", ["normal", "generated", "unknown"])
@pytest.mark.parametrize("password", ["Sai2026xyz", PASSWORD])
def test_every_sign_in_pays_exactly_one_full_strength_hash(web, accounts, hashes_checked,
                                                           account, password):
    web.get("/login")
    hashes_checked.clear()
    web.post("/login", {"login": accounts[account], "password": password})
    assert hashes_checked.count(FULL_MEMORY) == 1, hashes_checked


def test_an_official_on_a_generated_password_still_signs_in(web, accounts):
    response = web.post("/login", {"login": accounts["generated"], "password": PASSWORD})
    assert response.status_code == 302


def test_generated_passwords_pass_the_policy():
    for _ in range(200):
        assert password_problems(generate_password()) == []


@pytest.mark.parametrize("password", [Config.DEMO_PASSWORD, PASSWORD, "Locloc2026", "Moi2026xyz"])
def test_passwords_the_demo_and_the_tests_use_pass_the_policy(password):
    assert password_problems(password) == []


@pytest.mark.parametrize("password", ["aaaaaaa1", "12345678a"])
def test_the_issue_s_examples_are_refused(password):
    assert "Mật khẩu này quá dễ đoán." in password_problems(password)


def test_a_very_long_password_is_judged_quickly():
    import time

    started = time.perf_counter()
    password_problems("Xy7" + "q" * 197)
    assert time.perf_counter() - started < 2


def test_production_refuses_a_secret_key_shorter_than_32_bytes(app):
    with pytest.raises(RuntimeError, match="SECRET_KEY must be at least 32 bytes"):
        build_app("production", SECRET_KEY="x" * 31, DATABASE_URL=app.config["DATABASE_URL"])


def test_production_accepts_a_32_byte_secret_key(app):
    built = build_app("production", SECRET_KEY="é" * 16,  # 16 characters, 32 bytes
                      DATABASE_URL=app.config["DATABASE_URL"])
    built.extensions["db_engine"].dispose()
    assert built.config["SECRET_KEY_MIN_BYTES"] == 32
