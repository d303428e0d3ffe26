"""Checking a certificate on a phone, as a committee member would: the QR opens its page, a
mistyped code is told apart, the typed code finds it; all of it also with JavaScript off."""

import pytest
from playwright.sync_api import expect

from contest.certificates.province import issuing_context
from contest.certificates.services import documents
from tests.support.certificates import issue_certificate

pytestmark = pytest.mark.browser


@pytest.fixture
def scanned(app, session, factory):
    """A certificate and the URL its QR opens on this live server."""
    with app.app_context():
        context = issuing_context()
    cert = issue_certificate(session, factory, context, name="Đặng Thị Thu Hà")
    return cert, documents.qr_text(cert, context).removeprefix(context.public_url)


def _type_the_code(page, cert):
    page.get_by_label("Mã giấy chứng nhận").fill(cert.code.lower().replace("-", " "))
    page.get_by_role("button", name="Kiểm tra").click()
    expect(page.get_by_text("Đặng Thị Thu Hà")).to_be_visible()
    assert page.url.endswith(f"/verify/{cert.code}")


def test_the_qr_opens_the_page_and_a_typed_code_finds_it(page, scanned):
    cert, path = scanned
    page.goto(page.base_url + path)
    expect(page.get_by_role("heading", name="Kiểm tra giấy chứng nhận")).to_be_visible()
    expect(page.get_by_text("Đặng Thị Thu Hà")).to_be_visible()
    expect(page.get_by_text("Còn hiệu lực.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"
    page.goto(f"{page.base_url}/verify")
    _type_the_code(page, cert)
    page.get_by_role("link", name="khóa công khai và cách kiểm tra ngoại tuyến").click()
    expect(page.get_by_role("heading", name="Khóa công khai kiểm tra giấy chứng nhận")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"


def test_it_all_works_without_javascript(_browser, live_server, scanned):
    cert, path = scanned
    context = _browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server
    try:
        page.goto(live_server + path)
        expect(page.get_by_text("Còn hiệu lực.")).to_be_visible()
        # A mistyped code (404, so the watched phone above would count it as a browser error).
        page.goto(f"{live_server}/verify")
        page.get_by_label("Mã giấy chứng nhận").fill(cert.code[:-1] + ("0" if cert.code[-1] != "0" else "1"))
        page.get_by_role("button", name="Kiểm tra").click()
        expect(page.get_by_role("heading", name="Không tìm thấy giấy chứng nhận")).to_be_visible()
        expect(page.get_by_text("không đúng định dạng")).to_be_visible()
        _type_the_code(page, cert)
    finally:
        context.close()
