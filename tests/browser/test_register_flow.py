"""A citizen registers, signs out, signs in and sees the home page, in a real browser."""

import pytest
from playwright.sync_api import expect

from contest.accounts.models import UnitKind

pytestmark = pytest.mark.browser


def test_citizen_registers_logs_in_and_sees_home(page, factory):
    province = factory.province()
    factory.unit(name="Phường Mỹ Tho", kind=UnitKind.ward, parent=province)
    factory.unit(name="Xã An Hữu", parent=province)
    factory.commit()
    base = page.base_url

    page.goto(base + "/")
    page.get_by_role("link", name="Đăng ký tham gia").click()
    page.get_by_label("Họ và tên").fill("Trần Thị Mai")
    page.get_by_label("Email").fill("mai@example.vn")
    residence = page.get_by_label("Xã/phường/đặc khu nơi cư trú")
    expect(residence.locator("optgroup")).to_have_count(2)  # xã, phường
    residence.select_option(label="Xã An Hữu")
    page.get_by_label("Mật khẩu", exact=True).fill("Maimai2026")
    page.get_by_label("Nhập lại mật khẩu").fill("Maimai2026")
    page.get_by_role("button", name="Đăng ký").click()
    assert page.get_by_text("Đăng ký thành công").is_visible()

    page.get_by_role("button", name="Đăng xuất").click()
    page.get_by_role("link", name="Đăng nhập").first.click()
    page.get_by_label("Email hoặc số điện thoại").fill("mai@example.vn")
    page.get_by_label("Mật khẩu").fill("Maimai2026")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("heading", name="Xin chào, Trần Thị Mai").wait_for()
    assert "Cuộc thi đang mở" in page.content()


def test_wrong_password_shows_a_message(page, factory):
    user = factory.user()
    factory.commit()
    page.goto(page.base_url + "/login")
    page.get_by_label("Email hoặc số điện thoại").fill(user.email)
    page.get_by_label("Mật khẩu").fill("SaiMatKhau1")
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.get_by_text("Email/số điện thoại hoặc mật khẩu không đúng.").is_visible()
