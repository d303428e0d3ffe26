"""A trainer gives a nearly right option part of the credit in the single-choice editor; the
question's answer key then shows that option's share."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.flows import sign_in

pytestmark = pytest.mark.browser

BANK = "Chính quyền điện tử và dịch vụ công trực tuyến"
QUESTION = "Chữ ký số là gì?"
NEARLY = "Hình ảnh chữ ký tay được quét và chèn vào văn bản"


def test_trainer_gives_an_option_half_the_credit(page, demo):
    sign_in(page, "giangvien@demo.vn")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Ngân hàng câu hỏi").click()
    page.get_by_role("link", name=BANK).click()
    page.get_by_label("Tìm kiếm").fill("chu ky so la gi")
    page.locator("#question-list").get_by_role("link", name=QUESTION, exact=True).click()
    page.get_by_role("link", name="Sửa").click()

    credit = page.get_by_label("Điểm của phương án 2, theo phần trăm")
    expect(credit).to_have_value("")
    credit.fill("50")
    page.get_by_role("button", name="Lưu câu hỏi").click()

    expect(page.get_by_role("heading", name=re.compile(r"phiên bản 2"))).to_be_visible()
    key = page.locator(".answer-key")
    expect(key.get_by_role("listitem").filter(has_text=NEARLY)).to_contain_text("đúng một phần (50%)")
