""""Lan tỏa" on a phone: a citizen copies their personal link, a friend opens it and registers,
the citizen sees one person brought in, and the organiser sees them ranked."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from contest.accounts.models import Role
from tests.browser.flows import sign_in, sign_out
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_a_friend_registers_through_a_personal_link(page, factory):
    exam, _ = factory.exam(kind="contest", questions=2)
    lan = factory.user(full_name="Trần Thị Lan")
    organiser = factory.session.get(type(lan), exam.created_by)
    organiser.role = Role.trainer
    commune = factory.unit(name="Xã An Hữu")
    factory.commit()
    base = page.base_url

    sign_in(page, lan.email, PASSWORD)
    page.goto(f"{base}/exams/{exam.id}")
    panel = page.get_by_role("region", name="Chia sẻ cuộc thi")
    expect(panel.get_by_label("Liên kết chia sẻ")).to_have_value(re.compile(r"/s/[0-9a-z]{6}$"))
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    panel.get_by_role("button", name="Sao chép").click()
    expect(panel.get_by_role("button", name="Đã sao chép")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    expect(panel.get_by_label("Liên kết chia sẻ")).to_have_value(copied)
    expect(panel.get_by_role("img", name=re.compile("Mã QR"))).to_be_visible()
    panel.get_by_role("link", name="Lấy liên kết giới thiệu của bạn").click()
    expect(page.get_by_role("heading", name="Lan tỏa của tôi", level=1)).to_be_visible()
    personal = page.get_by_label("Liên kết của bạn").input_value()
    page.goto(f"{base}/exams/{exam.id}")  # the contest's page now shows it too
    expect(panel.get_by_label(re.compile("Liên kết lan tỏa của bạn"))).to_have_value(personal)
    sign_out(page)

    page.goto(base + urlsplit(personal).path)  # the friend opens the link Lan sent
    expect(page.get_by_role("heading", name=exam.title)).to_be_visible()
    page.goto(base + "/register")
    page.get_by_label("Họ và tên").fill("Nguyễn Văn Bạn")
    page.get_by_label("Email").fill("ban@example.vn")
    page.get_by_label("Xã/phường/đặc khu nơi cư trú").select_option(label=commune.name)
    page.get_by_label("Mật khẩu", exact=True).fill("Banban2026")
    page.get_by_label("Nhập lại mật khẩu").fill("Banban2026")
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_text("Đăng ký thành công")).to_be_visible()
    sign_out(page)

    sign_in(page, lan.email, PASSWORD)
    page.goto(f"{base}/account/spread")
    expect(page.get_by_text("Số người đã đăng ký qua liên kết của bạn: 1")).to_be_visible()
    sign_out(page)

    sign_in(page, organiser.email, PASSWORD)
    page.goto(f"{base}/manage/exams/{exam.id}")
    page.get_by_role("link", name="Chia sẻ và lan tỏa").click()
    row = page.get_by_role("region", name="Xếp hạng người lan tỏa").get_by_role("row").filter(
        has_text="Trần Thị Lan")
    expect(row.locator('td[data-label="Số người đăng ký"]')).to_have_text("1")
