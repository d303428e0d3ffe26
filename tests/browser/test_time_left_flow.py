"""The time left, as a person reads it: a countdown only when the deadline is near (the demo
practice, open for a year without a time limit, showed "Còn lại 525587:54"), and the same server
countdown on the submit page."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.flows import sign_in

pytestmark = pytest.mark.browser

PRACTICE = "Luyện tập: An toàn thông tin khi dùng dịch vụ công trực tuyến"
ASSESSMENT = "Sát hạch ứng dụng CNTT — Chuyên viên bộ phận một cửa năm 2026"


def test_a_practice_open_for_a_year_shows_no_countdown(page, demo):
    sign_in(page, "nguoidan@demo.vn")
    page.get_by_role("link", name=PRACTICE).first.click()
    page.get_by_role("button", name="Thi ngay").click()
    expect(page.locator("section.question").first).to_be_visible()
    expect(page.locator(".exam-bar")).to_contain_text(PRACTICE)
    expect(page.get_by_role("timer")).to_have_count(0)
    expect(page.get_by_text("Còn lại")).to_have_count(0)


def test_a_twenty_minute_assessment_counts_down_on_the_attempt_and_the_submit_page(page, demo):
    sign_in(page, "congchuc@demo.vn")
    page.get_by_role("link", name=ASSESSMENT).first.click()
    page.get_by_role("link", name="Thi ngay").click()
    page.get_by_role("button", name="Bắt đầu lượt 1/2").click()
    timer = page.get_by_role("timer")
    expect(timer).to_have_text(re.compile(r"^Còn lại (20:00|19:[0-5]\d)$"))
    page.get_by_role("link", name="Nộp bài").click()
    expect(page.get_by_role("heading", name="Nộp bài")).to_be_visible()
    expect(page.get_by_role("timer")).to_have_text(re.compile(r"^Còn lại 19:[0-5]\d$"))
