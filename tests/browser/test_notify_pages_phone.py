"""An administrator reads the delivery log on a 390 px phone: the message text takes the card's
whole width, and typing the first digits of a phone narrows the log in place (htmx)."""

from datetime import datetime

import pytest
from playwright.sync_api import expect

from contest.accounts.models import Role
from contest.notifications.models import Delivery, DeliveryStatus
from tests.browser.flows import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

BODY = ("Chúc mừng bạn đã hoàn thành lớp tập huấn về dịch vụ công trực tuyến toàn trình; "
        "giấy chứng nhận của bạn đã được cấp và có thể tải về từ trang tài khoản.")


@pytest.fixture
def admin(factory, session):
    admin = factory.user(role=Role.admin, email="quan.tri@example.vn")
    for address in ("0912345678", "0987654321"):
        session.add(Delivery(kind="test", channel="sms", address=address, recipient=f"sms:{address}",
                             status=DeliveryStatus.sent, body=BODY,
                             created_at=datetime(2026, 3, 2, 3, 0)))
    factory.commit()
    return admin


def test_the_log_reads_on_a_phone_and_searches_a_phone_prefix(page, admin):
    sign_in(page, admin.email, PASSWORD)
    page.goto(f"{page.base_url}/manage/messages")
    expect(page.get_by_role("heading", name="Nhật ký gửi tin")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    content = page.locator("td.wide").first
    row = page.locator("table.stack tbody tr").first
    assert content.bounding_box()["width"] >= 0.8 * row.bounding_box()["width"]

    page.get_by_label("Người nhận").fill("+84 98")
    page.get_by_label("Người nhận").press("Enter")
    expect(page.get_by_text("1 tin", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="0987654321")).to_be_visible()
    expect(page.get_by_role("cell", name="0912345678")).to_have_count(0)
    assert "recipient=%2B84+98" in page.url or "recipient=%2B84%2098" in page.url


def test_a_citizen_cannot_untick_every_channel_and_sees_only_their_topics(page, factory):
    citizen = factory.user(role=Role.citizen, email="dan@example.vn", phone=None)
    factory.commit()
    sign_in(page, citizen.email, PASSWORD)
    page.goto(f"{page.base_url}/account/notifications")
    expect(page.get_by_label("Lớp tập huấn và lịch học")).to_have_count(0)
    expect(page.get_by_label("Giấy chứng nhận", exact=True)).to_be_checked()
    page.get_by_label("E-mail").uncheck()
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert")).to_have_text("Hãy chọn ít nhất một kênh nhận tin.")
    expect(page.get_by_label("E-mail")).not_to_be_checked()
    expect(page.get_by_text("Đã lưu")).to_have_count(0)
