"""Registration does not tell whether an e-mail or phone already has an account: the address
receives a message instead. With REGISTRATION_CONFIRM a new account waits for its confirmation;
without it a new citizen is signed in at once and only a taken address sees the generic page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from contest.accounts.models import User
from contest.accounts.recovery_models import AccountSecret
from contest.accounts.signals import citizen_registered
from tests.conftest import PASSWORD
from tests.support.notifications import outbox, run_queue

SENT = "Kiểm tra tin nhắn của bạn"
GONE = "Liên kết đã hết hạn hoặc đã được dùng"


@pytest.fixture
def commune(factory):
    unit = factory.unit(name="Xã Đạo Thạnh")
    factory.commit()
    return unit


@pytest.fixture
def confirming(app):
    kept = app.config["REGISTRATION_CONFIRM"]
    app.config["REGISTRATION_CONFIRM"] = True
    yield
    app.config["REGISTRATION_CONFIRM"] = kept


def register(web, commune, **overrides):
    data = {"full_name": "Nguyễn Văn An", "email": "an@example.vn", "phone": "",
            "unit_id": commune.id, "password": "Hoa2026xy", "confirm": "Hoa2026xy"}
    data.update(overrides)
    web.get("/register")
    return web.post("/register", data)


def sent(app):
    run_queue(app)
    return outbox(app)


def page_text(response) -> str:
    """The page without its CSRF token (the only part that may change between requests)."""
    body = response.get_data(as_text=True)
    return re.sub(r'"X-CSRFToken": "[^"]+"|value="[^"]+"', "", body)


def test_new_and_taken_address_get_the_same_page(app, web, factory, commune, session, confirming):
    factory.user(email="da-co@example.vn")
    factory.commit()
    new = register(web, commune, email="moi@example.vn")
    taken = register(web, commune, email="da-co@example.vn")
    assert new.status_code == taken.status_code == 200
    assert SENT in new.get_data(as_text=True)
    assert page_text(new).replace("moi@example.vn", "X") == page_text(taken).replace(
        "da-co@example.vn", "X")
    assert "đã được dùng" not in taken.get_data(as_text=True)


def test_the_taken_address_receives_address_taken_and_nothing_is_created(
        app, web, factory, commune, session, confirming):
    factory.user(email="da-co@example.vn")
    factory.commit()
    register(web, commune, email="Da-Co@example.vn", full_name="Kẻ Thử")
    (message,) = sent(app)
    assert message.to == "da-co@example.vn"
    assert message.subject == "Có người vừa đăng ký bằng địa chỉ của bạn"
    assert "/login" in message.text and "/forgot-password" in message.text
    assert session.exec(select(User).where(User.full_name == "Kẻ Thử")).all() == []


def test_a_taken_phone_is_told_by_sms(app, web, factory, commune, confirming):
    factory.user(email=None, phone="0912345678")
    factory.commit()
    register(web, commune, email="", phone="+84 912 345 678")
    (message,) = sent(app)
    assert (message.channel, message.to) == ("sms", "0912345678")
    assert "/forgot-password" in message.text


def test_the_new_account_cannot_sign_in_until_confirmed(app, web, commune, session, confirming):
    register(web, commune)
    response = web.post("/login", {"login": "an@example.vn", "password": "Hoa2026xy"})
    assert response.status_code == 200
    assert web.get("/account").status_code == 302


def test_a_pending_account_answers_the_right_password_as_a_wrong_one(app, web, factory, commune,
                                                                      confirming):
    factory.user(email="da-co@example.vn")
    factory.commit()
    typed = {"password": "Khac2026xy", "confirm": "Khac2026xy"}
    register(web, commune, email="moi@example.vn", **typed)
    register(web, commune, email="da-co@example.vn", **typed)
    pending = web.post("/login", {"login": "moi@example.vn", "password": "Khac2026xy"})
    taken = web.post("/login", {"login": "da-co@example.vn", "password": "Khac2026xy"})
    assert pending.status_code == taken.status_code == 200
    assert "mật khẩu không đúng" in taken.get_data(as_text=True)
    assert page_text(pending).replace("moi@example.vn", "X") == page_text(taken).replace(
        "da-co@example.vn", "X")


def test_the_registration_page_says_to_confirm_before_signing_in(web, commune, confirming):
    page = register(web, commune).get_data(as_text=True)
    assert "Hãy xác nhận qua liên kết/mã chúng tôi đã gửi trước khi đăng nhập" in page


def confirm_path(app) -> str:
    (message,) = [m for m in sent(app) if m.subject == "Xác nhận địa chỉ email"]
    return re.search(r"https?://[^/\s]+(/confirm/\S+)", message.text).group(1)


def test_confirming_the_link_lets_the_account_sign_in_once(app, web, commune, session,
                                                          confirming):
    register(web, commune)
    path = confirm_path(app)
    assert "Xác nhận" in web.get(path).get_data(as_text=True)
    done = web.post(path, {})
    assert done.status_code == 302 and done.headers["Location"] == "/login"
    assert web.post("/login", {"login": "an@example.vn", "password": "Hoa2026xy"}
                    ).status_code == 302
    again = web.get(path)
    assert again.status_code == 200
    assert "Liên kết đã hết hạn hoặc đã được dùng" in again.get_data(as_text=True)


def test_opening_the_link_without_the_button_confirms_nothing(app, web, commune, session,
                                                             confirming):
    register(web, commune)
    web.get(confirm_path(app))
    assert session.exec(select(User)).one().confirmation_pending is True


def test_a_phone_is_confirmed_by_code(app, web, commune, session, confirming):
    page = register(web, commune, email="", phone="0912345678").get_data(as_text=True)
    assert 'href="/confirm"' in page
    (message,) = sent(app)
    code = re.search(r"\b(\d{6})\b", message.text).group(1)
    wrong = web.post("/confirm", {"phone": "0912345678",
                                  "code": "000000" if code != "000000" else "111111"})
    assert "Mã không đúng hoặc đã hết hạn" in wrong.get_data(as_text=True)
    done = web.post("/confirm", {"phone": "0912345678", "code": code})
    assert done.status_code == 302
    assert session.exec(select(User)).one().confirmation_pending is False


def test_signing_in_to_a_pending_account_sends_the_confirmation_again(app, web, commune,
                                                                      session, confirming):
    register(web, commune)
    first = confirm_path(app)
    secret = session.exec(select(AccountSecret)).one()
    secret.created_at -= timedelta(minutes=2)  # the first one is older than a minute
    session.commit()
    web.post("/login", {"login": "an@example.vn", "password": "Hoa2026xy"},
             buffered=True)  # the answer is sent and closed, as by a server
    second = [re.search(r"(/confirm/\S+)", m.text).group(1) for m in sent(app)][-1]
    assert second != first
    assert GONE in web.get(first).get_data(as_text=True)
    assert GONE not in web.get(second).get_data(as_text=True)


def test_signing_in_again_within_a_minute_sends_nothing_more(app, web, commune, confirming):
    register(web, commune)
    sent(app)
    for _ in range(3):
        web.post("/login", {"login": "an@example.vn", "password": "Hoa2026xy"}, buffered=True)
    assert len(sent(app)) == 1


def test_resends_on_sign_in_are_limited_per_account(app, web, commune, session, confirming):
    app.config["PASSWORD_RESET_PER_ADDRESS"], kept = "1 per hour", app.config[
        "PASSWORD_RESET_PER_ADDRESS"]
    try:
        register(web, commune)
        for _ in range(3):
            for secret in session.exec(select(AccountSecret)):
                secret.created_at -= timedelta(minutes=2)
            session.commit()
            web.post("/login", {"login": "an@example.vn", "password": "Hoa2026xy"}, buffered=True)
            run_queue(app)
    finally:
        app.config["PASSWORD_RESET_PER_ADDRESS"] = kept
    assert len(sent(app)) == 2  # the registration's, and one resend


def test_a_wrong_password_to_a_pending_account_sends_nothing(app, web, commune, session,
                                                             confirming):
    register(web, commune)
    secret = session.exec(select(AccountSecret)).one()
    secret.created_at -= timedelta(minutes=2)
    session.commit()
    web.post("/login", {"login": "an@example.vn", "password": "Sai12345x"}, buffered=True)
    assert len(sent(app)) == 1


def test_a_confirmation_link_is_used_once_even_by_two_stale_copies(app, web, commune, session,
                                                                   confirming):
    from contest.accounts import registration
    from contest.accounts.recovery import RecoveryError
    from contest.core import db
    from contest.core.db import utcnow

    register(web, commune)
    with app.app_context():
        first, second = Session(db.engine()), Session(db.engine())
        copies = [s.exec(select(AccountSecret)).one() for s in (first, second)]
        registration.confirm_address(first, copies[0], utcnow())
        first.commit()
        with pytest.raises(RecoveryError):
            registration.confirm_address(second, copies[1], utcnow())
        second.rollback()
        first.close()
        second.close()


def test_a_password_reset_confirms_the_address_it_reached(app, web, commune, session,
                                                         confirming):
    register(web, commune)
    web.get("/forgot-password")
    web.post("/forgot-password", {"login": "an@example.vn"})
    (reset,) = [m for m in sent(app) if m.subject == "Đặt lại mật khẩu"]
    path = re.search(r"(/reset/\S+)", reset.text).group(1)
    web.get(path)
    web.post(path, {"new_password": "Lua2027Moi", "confirm": "Lua2027Moi"})
    assert web.post("/login", {"login": "an@example.vn", "password": "Lua2027Moi"}
                    ).status_code == 302


def test_citizen_registered_is_sent_once_per_created_account(app, web, factory, commune,
                                                            confirming):
    factory.user(email="da-co@example.vn")
    factory.commit()
    seen = []

    def listener(sender, session, user):
        seen.append(user.email)

    with citizen_registered.connected_to(listener):
        register(web, commune, email="moi@example.vn")
        register(web, commune, email="da-co@example.vn")
    assert seen == ["moi@example.vn"]


# --- REGISTRATION_CONFIRM off (development, demos) -------------------------------------------


def test_without_confirmation_a_new_citizen_is_signed_in_at_once(web, commune, app):
    assert app.config["REGISTRATION_CONFIRM"] is False
    assert register(web, commune).status_code == 302
    assert "Xin chào, Nguyễn Văn An" in web.get("/").get_data(as_text=True)


def test_without_confirmation_a_taken_address_is_not_named_and_is_told(app, web, factory,
                                                                       commune, session):
    factory.user(email="da-co@example.vn", phone="0912345678")
    factory.commit()
    response = register(web, commune, email="da-co@example.vn")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert SENT in body and "đã được dùng" not in body
    (message,) = sent(app)
    assert message.to == "da-co@example.vn"
    assert len(session.exec(select(User)).all()) == 1
    assert web.get("/account").status_code == 302  # not signed in to anything


def test_the_owner_of_a_taken_address_still_signs_in(app, web, factory, commune, confirming):
    owner = factory.user(email="da-co@example.vn")
    factory.commit()
    register(web, commune, email="da-co@example.vn")
    assert web.post("/login", {"login": owner.email, "password": PASSWORD}).status_code == 302
