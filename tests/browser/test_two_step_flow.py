"""A trainer turns on two-step sign-in from their account page, keeps the recovery codes, then
signs in again with the password and a code from the app, on a phone."""

import time

import pyotp
import pytest
from playwright.sync_api import expect

from contest.accounts.models import Role
from tests.browser.flows import sign_out
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_a_trainer_turns_on_two_step_sign_in_and_signs_in_with_a_code(page, factory):
    trainer = factory.user(role=Role.trainer, full_name="Lê Thị Hoa")
    factory.commit()
    page.goto(page.base_url + "/login")
    page.get_by_label("Email hoặc số điện thoại").fill(trainer.email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Xin chào, Lê Thị Hoa")).to_be_visible()

    page.get_by_role("link", name="Lê Thị Hoa").click()
    page.get_by_role("link", name="Xác thực hai bước").click()
    page.get_by_role("button", name="Bật xác thực hai bước").click()
    expect(page.get_by_role("img", name="Mã QR để thêm tài khoản vào ứng dụng xác thực")).to_be_visible()
    secret = page.locator("#two-step-secret").inner_text().replace(" ", "")
    app = pyotp.TOTP(secret)  # what the phone's authenticator app would show

    page.get_by_label("Mã 6 chữ số trong ứng dụng").fill("000000")
    page.get_by_role("button", name="Xác nhận và bật").click()
    expect(page.get_by_text("Mã không đúng.")).to_be_visible()
    page.get_by_label("Mã 6 chữ số trong ứng dụng").fill(app.at(time.time() - 30))  # the code just gone
    page.get_by_role("button", name="Xác nhận và bật").click()
    expect(page.get_by_role("heading", name="Mã khôi phục")).to_be_visible()
    codes = page.locator("#recovery-codes li")
    expect(codes).to_have_count(10)
    expect(page.get_by_role("link", name="Tải về (.txt)")).to_have_attribute("download", "ma-khoi-phuc.txt")
    page.get_by_role("link", name="Tôi đã lưu các mã").click()
    expect(page.get_by_text("Đang bật")).to_be_visible()

    sign_out(page)
    page.goto(page.base_url + "/login")
    page.get_by_label("Email hoặc số điện thoại").fill(trainer.email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Xác thực hai bước")).to_be_visible()
    page.get_by_label("Mã xác thực hoặc mã khôi phục").fill(app.now())
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.get_by_role("heading", name="Xin chào, Lê Thị Hoa")).to_be_visible()
