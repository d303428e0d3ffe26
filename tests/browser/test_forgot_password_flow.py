"""A citizen who forgot their password gets a new one by e-mail, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.flows import sign_in
from tests.support.notifications import outbox, run_queue

pytestmark = pytest.mark.browser


def test_citizen_resets_a_forgotten_password_and_signs_in(page, factory, app):
    user = factory.user(email="mai@example.vn", full_name="Trần Thị Mai")
    factory.commit()
    base = page.base_url

    page.goto(base + "/login")
    page.get_by_role("link", name="Quên mật khẩu?").click()
    page.get_by_label("Email hoặc số điện thoại").fill("mai@example.vn")
    page.get_by_role("button", name="Gửi hướng dẫn").click()
    expect(page.get_by_text("Nếu địa chỉ này thuộc một tài khoản")).to_be_visible()

    run_queue(app)
    (mail,) = outbox(app)
    assert mail.to == user.email
    path = re.search(r"https?://[^/\s]+(/reset/\S+)", mail.text).group(1)

    page.goto(base + path)
    page.get_by_label("Mật khẩu mới", exact=True).fill("Maimoi2027")
    page.get_by_label("Nhập lại mật khẩu mới").fill("Maimoi2027")
    page.get_by_role("button", name="Đặt mật khẩu mới").click()
    expect(page.get_by_text("Đã đặt mật khẩu mới")).to_be_visible()
    assert page.url == base + "/login"

    sign_in(page, "mai@example.vn", "Maimoi2027")
    expect(page.get_by_role("heading", name="Xin chào, Trần Thị Mai")).to_be_visible()

    page.goto(base + path)  # the link served once
    expect(page.get_by_role("heading", name="Liên kết đã hết hạn hoặc đã được dùng")).to_be_visible()
    expect(page.get_by_role("link", name="Yêu cầu liên kết mới")).to_be_visible()


def test_citizen_resets_by_the_code_sent_to_their_phone(page, factory, app):
    factory.user(email=None, phone="0912345678", full_name="Lê Văn Tám")
    factory.commit()
    page.goto(page.base_url + "/forgot-password")
    page.get_by_label("Email hoặc số điện thoại").fill("0912 345 678")
    page.get_by_role("button", name="Gửi hướng dẫn").click()
    expect(page.get_by_text("Nếu số điện thoại này thuộc một tài khoản")).to_be_visible()

    run_queue(app)
    (sms,) = outbox(app)
    code = re.search(r"\b(\d{6})\b", sms.text).group(1)
    expect(page.get_by_label("Số điện thoại")).to_have_value("0912345678")
    page.get_by_label("Mã 6 chữ số").fill(code)
    page.get_by_label("Mật khẩu mới", exact=True).fill("Tamtam2027")
    page.get_by_label("Nhập lại mật khẩu mới").fill("Tamtam2027")
    page.get_by_role("button", name="Đặt mật khẩu mới").click()
    expect(page.get_by_text("Đã đặt mật khẩu mới")).to_be_visible()
    sign_in(page, "0912345678", "Tamtam2027")
