"""Attendance on a phone: the trainer marks and corrects with htmx (the row and the log change in
place), shows the QR, and an enrolled official checks in with its code; axe-core checks each page."""

import pytest
from playwright.sync_api import expect

from tests.browser.flows import sign_in, sign_out
from tests.conftest import PASSWORD
from tests.web.test_training_attendance import Klass

pytestmark = pytest.mark.browser


def test_trainer_marks_and_corrects_then_an_official_checks_in_by_qr(page, factory, session):
    klass = Klass(factory, session)
    sign_in(page, klass.trainer.email, PASSWORD)
    page.goto(f"{page.base_url}/training/sessions/{klass.now_session.id}/attendance")
    anh = page.locator(f"#person-{klass.anh.id}")
    anh.get_by_role("button", name="Có mặt").click()
    expect(anh.get_by_role("button", name="Có mặt")).to_have_attribute("aria-pressed", "true")
    log = page.locator("#attendance-log")
    expect(log).to_contain_text("— → Có mặt")
    anh.get_by_role("button", name="Đi muộn").click()
    expect(log).to_contain_text("Có mặt → Đi muộn")
    expect(anh.get_by_role("button", name="Đi muộn")).to_have_attribute("aria-pressed", "true")

    page.get_by_role("link", name="Hiện mã QR để học viên tự điểm danh").click()
    expect(page.locator("svg.qr-code")).to_be_visible()
    code = page.locator(".qr-text strong").inner_text()
    sign_out(page)

    sign_in(page, klass.binh.email, PASSWORD)
    page.goto(f"{page.base_url}/training/sessions/{klass.now_session.id}/checkin?code={code}")
    page.get_by_role("button", name="Xác nhận có mặt").click()
    expect(page.get_by_text("Bạn đã điểm danh buổi này.")).to_be_visible()
