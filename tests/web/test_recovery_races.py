"""Recovery and registration when two requests act at the same moment: a secret is used once, every
wrong code is counted, and one address gets one account. Two sessions on their own connections
to the test database (a SQLite file, or PostgreSQL) play the two requests."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from contest.accounts import recovery, registration
from contest.accounts.models import Role, Unit, UnitKind, User
from contest.accounts.passwords import verify_password
from contest.accounts.recovery_models import AccountSecret, SecretPurpose
from contest.core.db import utcnow
from contest.notifications.models import Delivery
from tests.conftest import _PASSWORD_HASH, PASSWORD

POLICY = recovery.Policy(minutes=30, code_key=b"testing-only")
LINKS = recovery.Links(reset=lambda t: f"http://x/reset/{t}", confirm=lambda t: f"http://x/c/{t}",
                       reset_code="http://x/reset/code", confirm_code="http://x/confirm",
                       login="http://x/login", forgot="http://x/forgot-password")


@pytest.fixture
def engine(app):
    """The test database's engine: each session below is its own connection (a SQLite file or
    PostgreSQL), as two requests are."""
    return app.extensions["db_engine"]


@pytest.fixture
def place(engine):
    """(province id, commune id)."""
    with Session(engine) as session:
        province = Unit(name="Tỉnh Thử", kind=UnitKind.province)
        session.add(province)
        session.flush()
        commune = Unit(name="Xã Thử", kind=UnitKind.commune, parent_id=province.id)
        session.add(commune)
        session.commit()
        return province.id, commune.id


def _person_with_secret(engine, place, purpose, *, phone=None, code=None) -> int:
    with Session(engine) as session:
        user = User(full_name="Nguyễn Văn An", email=None if phone else "an@example.vn",
                    phone=phone, password_hash=_PASSWORD_HASH, unit_id=place[1], role=Role.citizen)
        session.add(user)
        session.flush()
        now = utcnow()
        secret = AccountSecret(user_id=user.id, purpose=purpose, channel="sms" if phone else "email",
                               address=phone or "an@example.vn", created_at=now,
                               expires_at=now + timedelta(minutes=30))
        if code:
            secret.code_hash = recovery.code_hash(POLICY, code)
        else:
            secret.token_hash = recovery.token_hash("t" * 43)
        session.add(secret)
        session.commit()
        return user.id


def test_a_reset_secret_is_used_once_even_by_two_stale_copies(app, engine, place):
    user_id = _person_with_secret(engine, place, SecretPurpose.password_reset)
    with app.app_context(), Session(engine) as first, Session(engine) as second:
        copies = [s.exec(select(AccountSecret)).one() for s in (first, second)]
        recovery.reset_password(first, copies[0], "Lua2027Moi", utcnow())
        first.commit()
        with pytest.raises(recovery.RecoveryError):
            recovery.reset_password(second, copies[1], "Khac2027xyz", utcnow())
        second.rollback()
    with Session(engine) as session:
        assert verify_password(session.get(User, user_id).password_hash, "Lua2027Moi")


def test_two_threads_using_one_reset_link_set_one_password(app, engine, place):
    user_id = _person_with_secret(engine, place, SecretPurpose.password_reset)
    outcomes: list[str] = []
    start = threading.Barrier(2)

    def use(password: str) -> None:
        with app.app_context(), Session(engine) as session:
            secret = recovery.secret_by_token(session, SecretPurpose.password_reset, "t" * 43,
                                              utcnow())
            start.wait()
            try:
                recovery.reset_password(session, secret, password, utcnow())
                session.commit()
                outcomes.append(password)
            except recovery.RecoveryError:
                session.rollback()
                outcomes.append("refused")

    threads = [threading.Thread(target=use, args=(p,)) for p in ("Lua2027Moi", "Khac2027xyz")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes)[-1] == "refused" and len(outcomes) == 2
    (winner,) = [o for o in outcomes if o != "refused"]
    with Session(engine) as session:
        assert verify_password(session.get(User, user_id).password_hash, winner)


def test_wrong_codes_from_stale_copies_are_all_counted(app, engine, place):
    _person_with_secret(engine, place, SecretPurpose.password_reset, phone="0912345678",
                        code="123456")
    with app.app_context(), Session(engine) as first, Session(engine) as second:
        stale = second.exec(select(AccountSecret)).one()  # read the count before the other's
        assert stale.wrong_codes == 0
        for session in (first, second):
            with pytest.raises(recovery.RecoveryError):
                recovery.secret_by_code(session, SecretPurpose.password_reset, "0912345678",
                                        "000000", now=utcnow(), policy=POLICY)
            session.commit()
    with Session(engine) as session:
        assert session.exec(select(AccountSecret)).one().wrong_codes == 2


def _guess_while_another_is_in_flight(app, engine, *, wrong_codes: int,
                                      older_wrong_codes: int = 0) -> str:
    """A wrong guess is counted but not yet committed (its request still running) when a second
    guess, with the RIGHT code, arrives; returns what the second was told ("accepted" or
    "refused"). ``wrong_codes``: the secret's count before both; ``older_wrong_codes``: wrong
    codes on an earlier secret of the person today."""
    with Session(engine) as session:
        secret = session.exec(select(AccountSecret)).one()
        secret.wrong_codes = wrong_codes
        if older_wrong_codes:
            now = utcnow()
            session.add(AccountSecret(
                user_id=secret.user_id, purpose=secret.purpose, channel="sms",
                address=secret.address, created_at=now - timedelta(hours=1),
                expires_at=now - timedelta(minutes=30), voided_at=now - timedelta(minutes=40),
                wrong_codes=older_wrong_codes, code_hash=recovery.code_hash(POLICY, "999999")))
        session.commit()
    outcome: list[str] = []

    def right_guess() -> None:
        with app.app_context(), Session(engine) as session:
            try:
                recovery.secret_by_code(session, SecretPurpose.password_reset, "0912345678",
                                        "123456", now=utcnow(), policy=POLICY)
                outcome.append("accepted")
            except recovery.RecoveryError:
                outcome.append("refused")
            session.commit()

    with app.app_context(), Session(engine) as first:
        with pytest.raises(recovery.RecoveryError):
            recovery.secret_by_code(first, SecretPurpose.password_reset, "0912345678", "000000",
                                    now=utcnow(), policy=POLICY)
        thread = threading.Thread(target=right_guess)
        thread.start()
        time.sleep(1.0)  # the second guess arrived while the first was in flight
        first.commit()
        thread.join(30)
    return outcome[0]


def test_a_guess_sent_alongside_the_last_allowed_wrong_code_is_refused(app, engine, place):
    _person_with_secret(engine, place, SecretPurpose.password_reset, phone="0912345678",
                        code="123456")
    assert _guess_while_another_is_in_flight(app, engine, wrong_codes=4) == "refused"
    with Session(engine) as session:
        secret = session.exec(select(AccountSecret)).one()
        assert secret.wrong_codes == 5 and secret.voided_at is not None


def test_a_guess_sent_alongside_the_days_last_wrong_code_is_refused(app, engine, place):
    _person_with_secret(engine, place, SecretPurpose.password_reset, phone="0912345678",
                        code="123456")
    assert _guess_while_another_is_in_flight(app, engine, wrong_codes=0,
                                             older_wrong_codes=9) == "refused"


def test_a_right_code_does_not_count_as_a_wrong_one(app, engine, place):
    _person_with_secret(engine, place, SecretPurpose.password_reset, phone="0912345678",
                        code="123456")
    with app.app_context(), Session(engine) as session:
        recovery.secret_by_code(session, SecretPurpose.password_reset, "0912345678", "123456",
                                now=utcnow(), policy=POLICY)
        session.commit()
    with Session(engine) as session:
        assert session.exec(select(AccountSecret)).one().wrong_codes == 0


def _register(app, engine, place, session: Session) -> User | None:
    return registration.register(
        session, full_name="Nguyễn Văn An", email="moi@example.vn", phone=None,
        password=PASSWORD, unit_id=place[1], province=session.get(Unit, place[0]), confirm=True,
        now=utcnow(), policy=POLICY, links=LINKS)


def test_two_registrations_of_one_new_address_at_once_make_one_account(app, engine, place):
    """The second registration passed its "is the address free?" check before the first
    committed: its insert is refused by the unique address and it is answered as for a taken
    address (no error page)."""
    outcome: dict = {}

    def second() -> None:
        with app.app_context(), Session(engine, expire_on_commit=False) as session:
            try:
                outcome["user"] = _register(app, engine, place, session)
                session.commit()
            except Exception as err:  # noqa: BLE001 - what the page would have shown as a 500
                outcome["error"] = err

    with app.app_context(), Session(engine, expire_on_commit=False) as first:
        made = _register(app, engine, place, first)  # flushed, not yet committed
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(1.0)  # the second is waiting on the first's row
        first.commit()
        thread.join(30)
    assert "error" not in outcome, outcome.get("error")
    assert made is not None and outcome["user"] is None
    with Session(engine) as session:
        assert len(session.exec(select(User).where(User.email == "moi@example.vn")).all()) == 1
        kinds = sorted(d.kind for d in session.exec(select(Delivery)))
    assert kinds == ["address_taken", "contact_confirm"]
