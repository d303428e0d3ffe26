"""Forgotten password: a reset link (e-mail) or code (phone) to the typed address, one use,
short-lived, ending every other session; the answer never tells whether the address has an
account."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from contest.accounts.models import Role
from contest.accounts.passwords import verify_password
from contest.accounts.recovery_models import AccountSecret
from contest.core.db import utcnow
from contest.notifications.models import Delivery, NotificationPreference
from tests.conftest import PASSWORD
from tests.support.notifications import clear as clear_outbox
from tests.support.notifications import outbox, run_queue, stop_process

NEW = "Lua2027Moi"
ANSWER = "Nếu địa chỉ này thuộc một tài khoản, chúng tôi đã gửi hướng dẫn đặt lại mật khẩu"
PHONE_ANSWER = "Nếu số điện thoại này thuộc một tài khoản, chúng tôi đã gửi mã đặt lại mật khẩu"
GONE = "Liên kết đã hết hạn hoặc đã được dùng"


def ask(web, login):
    web.get("/forgot-password")
    return web.post("/forgot-password", {"login": login})


def sent(app):
    """What was sent, after running the queue as the worker would."""
    run_queue(app)
    return outbox(app)


def reset_path(app) -> str:
    (message,) = [m for m in sent(app) if m.channel == "email"]
    return re.search(r"https?://[^/\s]+(/reset/\S+)", message.text).group(1)


def sms_code(app) -> str:
    (message,) = [m for m in sent(app) if m.channel in ("sms", "zalo")]
    return re.search(r"\b(\d{6})\b", message.text).group(1)


def set_password(web, path, password=NEW, confirm=None):
    web.get(path)
    return web.post(path, {"new_password": password, "confirm": confirm or password})


def test_login_page_links_to_forgot_password(web):
    body = web.get("/login").get_data(as_text=True)
    assert 'href="/forgot-password"' in body
    assert "Quên mật khẩu?" in body


def page_text(response) -> str:
    """The page without its CSRF token and the typed address (the only parts that may differ)."""
    body = response.get_data(as_text=True)
    return re.sub(r'"X-CSRFToken": "[^"]+"|value="[^"]+"', "", body)


@pytest.mark.parametrize("known, unknown", [("an@example.vn", "khong-co@example.vn"),
                                            ("AN@Example.VN ", "khong-co@example.vn"),
                                            ("0912345678", "0999999999")])
def test_the_answer_is_the_same_for_known_and_unknown_addresses(web, factory, known, unknown):
    factory.user(email="an@example.vn", phone="0912345678")
    factory.commit()
    first, second = ask(web, known), ask(web, unknown)
    assert first.status_code == second.status_code == 200
    assert (PHONE_ANSWER if known[0].isdigit() else ANSWER) in first.get_data(as_text=True)
    assert page_text(first) == page_text(second)


@pytest.mark.parametrize("typed", ["0912345678", "+84 912 345 678", "0999999999"])
def test_a_phone_is_answered_about_a_code_to_that_number(web, factory, typed):
    factory.user(email="an@example.vn", phone="0912345678")
    factory.commit()
    page = ask(web, typed).get_data(as_text=True)
    assert PHONE_ANSWER in page
    assert "Nếu địa chỉ này" not in page and "hướng dẫn" not in page


@pytest.mark.parametrize("typed", ["an@example.vn", "khong-co@example.vn"])
def test_an_email_is_answered_about_instructions_to_that_address(web, factory, typed):
    factory.user(email="an@example.vn", phone="0912345678")
    factory.commit()
    page = ask(web, typed).get_data(as_text=True)
    assert ANSWER in page and "số điện thoại này" not in page


def test_the_page_looks_nothing_up_and_queues_one_task_either_way(app, web, factory, session):
    from contest.notifications import queue

    factory.user(email="an@example.vn")
    factory.commit()
    for login in ("an@example.vn", "khong-co@example.vn"):
        ask(web, login)
        assert queue.get(app).pending_count() == 1
        assert session.exec(select(AccountSecret)).all() == []
        assert session.exec(select(Delivery)).all() == []
        queue.get(app).flush()


def test_known_email_receives_a_single_use_link_that_sets_the_password(app, web, factory, session):
    user = factory.user(email="an@example.vn")
    factory.commit()
    ask(web, "An@Example.vn")
    path = reset_path(app)
    form = web.get(path)
    assert form.status_code == 200 and "Đặt mật khẩu mới" in form.get_data(as_text=True)
    done = set_password(web, path)
    assert done.status_code == 302 and done.headers["Location"] == "/login"
    assert "Đã đặt mật khẩu mới" in web.get("/login").get_data(as_text=True)
    session.refresh(user)
    assert verify_password(user.password_hash, NEW)
    assert web.post("/login", {"login": "an@example.vn", "password": NEW}).status_code == 302


def test_only_the_hash_of_the_token_is_stored(app, web, factory, session):
    factory.user(email="an@example.vn")
    factory.commit()
    ask(web, "an@example.vn")
    token = reset_path(app).rsplit("/", 1)[1]
    (secret,) = session.exec(select(AccountSecret)).all()
    assert len(token) >= 43 and token not in (secret.token_hash or "")
    assert secret.code_hash is None


def test_a_used_link_is_refused_the_second_time(app, web, factory, session):
    user = factory.user(email="an@example.vn")
    factory.commit()
    ask(web, "an@example.vn")
    path = reset_path(app)
    set_password(web, path)
    again = web.get(path)
    assert again.status_code == 200
    assert "Liên kết đã hết hạn hoặc đã được dùng" in again.get_data(as_text=True)
    assert 'href="/forgot-password"' in again.get_data(as_text=True)
    web.post(path, {"new_password": "Khac2027xyz", "confirm": "Khac2027xyz"})
    session.refresh(user)
    assert verify_password(user.password_hash, NEW)


def test_an_expired_link_is_refused_and_changes_nothing(app, web, factory, session):
    user = factory.user(email="an@example.vn")
    factory.commit()
    ask(web, "an@example.vn")
    path = reset_path(app)
    secret = session.exec(select(AccountSecret)).one()
    secret.expires_at = utcnow() - timedelta(seconds=1)
    session.commit()
    response = set_password(web, path)
    assert response.status_code == 200
    assert "Liên kết đã hết hạn hoặc đã được dùng" in response.get_data(as_text=True)
    session.refresh(user)
    assert verify_password(user.password_hash, PASSWORD)


@pytest.mark.parametrize("token", ["garbage", "x" * 500, "%00", "A" * 43])
def test_a_garbage_token_gets_the_clear_page(web, token):
    response = web.get(f"/reset/{token}")
    assert response.status_code == 200
    assert "Liên kết đã hết hạn hoặc đã được dùng" in response.get_data(as_text=True)


def test_a_new_request_makes_the_earlier_link_unusable(app, web, factory):
    factory.user(email="an@example.vn")
    factory.commit()
    ask(web, "an@example.vn")
    first = reset_path(app)
    ask(web, "an@example.vn")
    second = [re.search(r"(/reset/\S+)", m.text).group(1) for m in sent(app)][-1]
    assert first != second
    assert GONE in web.get(first).get_data(as_text=True)
    assert GONE not in web.get(second).get_data(as_text=True)


def test_unknown_address_and_inactive_account_get_nothing(app, web, factory, session):
    factory.user(email="khoa@example.vn", active=False)
    factory.commit()
    ask(web, "khong-co@example.vn")
    ask(web, "khoa@example.vn")
    ask(web, "0999999999")
    assert sent(app) == []
    assert session.exec(select(Delivery)).all() == []
    assert session.exec(select(AccountSecret)).all() == []


def test_a_link_of_an_account_locked_since_is_refused(app, web, factory, session):
    user = factory.user(email="an@example.vn")
    factory.commit()
    ask(web, "an@example.vn")
    path = reset_path(app)
    user.active = False
    session.commit()
    response = set_password(web, path)
    assert GONE in response.get_data(as_text=True)
    session.refresh(user)
    assert verify_password(user.password_hash, PASSWORD)


def test_the_reset_goes_to_the_typed_address_only(app, web, factory):
    factory.user(email="an@example.vn", phone="0912345678")
    factory.commit()
    ask(web, "0912 345 678")
    (message,) = sent(app)
    assert (message.channel, message.to) == ("sms", "0912345678")


def test_a_reset_ends_every_other_session(app, web, factory):
    user = factory.user(email="an@example.vn")
    factory.commit()
    other = type(web)(app.test_client())
    other.login(user)
    assert other.get("/account").status_code == 200
    ask(web, "an@example.vn")
    set_password(web, reset_path(app))
    assert other.get("/account").status_code == 302


def test_a_reset_clears_the_first_login_password_change(app, web, factory, session):
    user = factory.user(email="gv@so.vn", role=Role.trainer, must_change_password=True)
    factory.commit()
    ask(web, "gv@so.vn")
    set_password(web, reset_path(app))
    session.refresh(user)
    assert user.must_change_password is False


def test_the_new_password_follows_the_policy(app, web, factory, session):
    user = factory.user(email="an@example.vn")
    factory.commit()
    ask(web, "an@example.vn")
    path = reset_path(app)
    weak = set_password(web, path, password="matkhau1")
    assert weak.status_code == 200
    mismatch = set_password(web, path, password=NEW, confirm="Khac2027xyz")
    assert "Hai mật khẩu không khớp." in mismatch.get_data(as_text=True)
    session.refresh(user)
    assert verify_password(user.password_hash, PASSWORD)
    assert web.get(path).status_code == 200  # still usable


def test_reset_pages_send_no_referrer(app, web, factory):
    factory.user(email="an@example.vn")
    factory.commit()
    ask(web, "an@example.vn")
    path = reset_path(app)
    assert web.get(path).headers.get_all("Referrer-Policy") == ["no-referrer"]
    assert web.get("/reset/garbage").headers.get_all("Referrer-Policy") == ["no-referrer"]
    assert web.get("/login").headers.get_all("Referrer-Policy") == ["same-origin"]


# --- the code by phone ---------------------------------------------------------------------


def reset_by_code(web, phone, code, password=NEW):
    return web.post("/reset/code", {"phone": phone, "code": code, "new_password": password,
                                    "confirm": password})


def test_known_phone_receives_a_code_and_the_page_asks_for_it(app, web, factory, session):
    user = factory.user(email=None, phone="0912345678")
    factory.commit()
    page = ask(web, "+84 912 345 678").get_data(as_text=True)
    assert PHONE_ANSWER in page and 'name="code"' in page and 'value="0912345678"' in page
    code = sms_code(app)
    done = reset_by_code(web, "0912345678", code)
    assert done.status_code == 302 and done.headers["Location"] == "/login"
    session.refresh(user)
    assert verify_password(user.password_hash, NEW)
    assert reset_by_code(web, "0912345678", code, "Khac2027xyz").status_code == 200  # used


def test_an_unknown_phone_gets_the_same_code_page(web):
    page = ask(web, "0999999999").get_data(as_text=True)
    assert PHONE_ANSWER in page and 'name="code"' in page


def test_the_code_goes_by_zalo_when_the_person_chose_it(app, web, factory, session):
    user = factory.user(email=None, phone="0912345678")
    session.add(NotificationPreference(user_id=user.id, channels=["zalo"]))
    factory.commit()
    ask(web, "0912345678")
    run_queue(app)
    (delivery,) = session.exec(select(Delivery)).all()
    assert (delivery.kind, delivery.channel, delivery.address) == (
        "password_reset", "zalo", "0912345678")


def test_a_wrong_code_is_refused_with_a_message(app, web, factory, session):
    user = factory.user(email=None, phone="0912345678")
    factory.commit()
    ask(web, "0912345678")
    code = sms_code(app)
    wrong = "000000" if code != "000000" else "111111"
    response = reset_by_code(web, "0912345678", wrong)
    assert response.status_code == 200
    assert "Mã không đúng hoặc đã hết hạn" in response.get_data(as_text=True)
    session.refresh(user)
    assert verify_password(user.password_hash, PASSWORD)


def test_five_wrong_codes_end_the_reset(app, web, factory, session):
    user = factory.user(email=None, phone="0912345678")
    factory.commit()
    ask(web, "0912345678")
    code = sms_code(app)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        reset_by_code(web, "0912345678", wrong)
    response = reset_by_code(web, "0912345678", code)
    assert "Mã không đúng hoặc đã hết hạn" in response.get_data(as_text=True)
    session.refresh(user)
    assert verify_password(user.password_hash, PASSWORD)


@pytest.mark.parametrize("code, message", [("12345", "Mã gồm 6 chữ số."),
                                           ("abcdef", "Mã gồm 6 chữ số."),
                                           ("١٢٣٤٥٦", "Mã gồm 6 chữ số.")])
def test_a_malformed_code_is_refused(web, code, message):
    response = reset_by_code(web, "0912345678", code)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)


def test_reset_requests_are_rate_limited_per_address(app, web, factory):
    app.config["PASSWORD_RESET_PER_ADDRESS"], kept = "2 per minute", app.config[
        "PASSWORD_RESET_PER_ADDRESS"]
    try:
        codes = [ask(web, "ai@example.vn").status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        assert ask(web, "khac@example.vn").status_code == 200
    finally:
        app.config["PASSWORD_RESET_PER_ADDRESS"] = kept


def test_the_reset_mail_reaches_a_real_smtp_server(app, web, factory):
    from tests.support.notifications import smtp_server

    factory.user(email="an@example.vn")
    factory.commit()
    kept = app.config.get("SMTP_URL")
    with smtp_server() as server:
        app.config["SMTP_URL"] = server.url
        try:
            ask(web, "an@example.vn")
            run_queue(app)
        finally:
            app.config["SMTP_URL"] = kept
        (mail,) = server.messages()
    assert mail["To"] == "an@example.vn"
    assert mail["Subject"] == "Đặt lại mật khẩu"
    text = mail.get_body(preferencelist=("plain",)).get_content()
    path = re.search(r"https?://[^/\s]+(/reset/\S+)", text).group(1)
    assert web.get(path).status_code == 200


def test_the_reset_code_reaches_a_real_sms_gateway(app, web, factory, session):
    from tests.support.notifications import http_recorder

    user = factory.user(email=None, phone="0912345678")
    factory.commit()
    kept = app.config.get("SMS_URL")
    with http_recorder() as gateway:
        app.config["SMS_URL"] = gateway.url + "/sms"
        try:
            ask(web, "0912345678")
            run_queue(app)
        finally:
            app.config["SMS_URL"] = kept
        (call,) = gateway.requests()
    assert call["json"]["to"] == "0912345678"
    code = re.search(r"\b(\d{6})\b", call["json"]["text"]).group(1)
    assert reset_by_code(web, "0912345678", code).status_code == 302
    session.refresh(user)
    assert verify_password(user.password_hash, NEW)


def test_requests_are_rate_limited_per_client_address(app, web):
    app.config["RECOVERY_PER_CLIENT"], kept = "2 per minute", app.config["RECOVERY_PER_CLIENT"]
    try:
        codes = [ask(web, f"nguoi{n}@example.vn").status_code for n in range(3)]
    finally:
        app.config["RECOVERY_PER_CLIENT"] = kept
    assert codes == [200, 200, 429]


def test_codes_are_rate_limited_per_client_address(app, web):
    app.config["RECOVERY_PER_CLIENT"], kept = "2 per minute", app.config["RECOVERY_PER_CLIENT"]
    try:
        web.get("/reset/code")
        codes = [reset_by_code(web, f"091234567{n}", "123456").status_code for n in range(3)]
    finally:
        app.config["RECOVERY_PER_CLIENT"] = kept
    assert codes == [200, 200, 429]


def test_a_new_code_does_not_give_more_than_ten_wrong_codes_a_day(app, web, factory, session):
    user = factory.user(email=None, phone="0912345678")
    factory.commit()
    app.config["PASSWORD_RESET_PER_ADDRESS"], kept = "100 per minute", app.config[
        "PASSWORD_RESET_PER_ADDRESS"]
    try:
        for _ in range(2):
            ask(web, "0912345678")
            code = sms_code(app)
            for _ in range(5):
                reset_by_code(web, "0912345678", "000000" if code != "000000" else "111111")
            clear_outbox(app)
        ask(web, "0912345678")
        response = reset_by_code(web, "0912345678", sms_code(app))
    finally:
        app.config["PASSWORD_RESET_PER_ADDRESS"] = kept
    assert "Mã không đúng hoặc đã hết hạn" in response.get_data(as_text=True)
    session.refresh(user)
    assert verify_password(user.password_hash, PASSWORD)


def test_a_reset_past_the_message_limit_issues_no_code(app, web, factory, session):
    factory.user(email=None, phone="0912345678")
    factory.commit()
    app.config["NOTIFY_PER_ADDRESS"], kept = "1 per hour", app.config["NOTIFY_PER_ADDRESS"]
    try:
        ask(web, "0912345678")
        ask(web, "0912345678")
        run_queue(app)
    finally:
        app.config["NOTIFY_PER_ADDRESS"] = kept
    first, second = session.exec(select(AccountSecret).order_by(AccountSecret.id)).all()
    assert second.voided_at is not None and second.is_usable(utcnow()) is False
    assert len(outbox(app)) == 1


def test_the_worker_process_sends_the_reset_a_page_queued(app, web, factory, tmp_path):
    """``flask notify worker`` knows the page's task: it looks the account up and sends."""
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    factory.user(email="an@example.vn")
    factory.commit()
    env = dict(os.environ, APP_ENV="development", SECRET_KEY="worker-test-key",
               DATABASE_URL=app.config["DATABASE_URL"], QUEUE_PATH=str(app.config["QUEUE_PATH"]),
               NOTIFY_OUTBOX_DIR=str(app.config["NOTIFY_OUTBOX_DIR"]), INSTANCE_PATH=str(tmp_path))
    env.pop("REDIS_URL", None)
    worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "notify", "worker",
                               "--workers", "1"], cwd=Path(__file__).resolve().parents[2],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        ask(web, "an@example.vn")
        deadline = time.monotonic() + 30
        while not outbox(app) and time.monotonic() < deadline:
            assert worker.poll() is None, worker.stderr.read().decode()[-2000:]
            time.sleep(0.2)
    finally:
        stop_process(worker)
    (message,) = outbox(app)
    assert message.to == "an@example.vn" and message.subject == "Đặt lại mật khẩu"
    path = re.search(r"https?://[^/\s]+(/reset/\S+)", message.text).group(1)
    assert set_password(web, path).status_code == 302
