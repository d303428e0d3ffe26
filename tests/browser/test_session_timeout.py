"""The idle-session warning: shown shortly before the session expires; "Tiếp tục làm việc" keeps
the person signed in, ignoring it signs them out. The session lasts 8 s here, warned a few seconds ahead."""

import time
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.flows import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

LIFETIME = timedelta(seconds=8)


@pytest.fixture(params=[(0, 6), (2, 4)], ids=["cookie-renewed-every-request", "cookie-renewed-every-2s"])
def short_session(app, request):
    """With a renewal interval the page cannot know the exact expiry: it must ask the server,
    and must not keep a session alive by asking (or by landing on the sign-in page)."""
    keys = ("PERMANENT_SESSION_LIFETIME", "SESSION_WARNING_SECONDS", "SESSION_REFRESH_SECONDS")
    saved = {key: app.config[key] for key in keys}
    refresh, warn = request.param  # the warning always comes 2 s after the page's last request
    app.config.update(PERMANENT_SESSION_LIFETIME=LIFETIME, SESSION_WARNING_SECONDS=warn,
                      SESSION_REFRESH_SECONDS=refresh)
    yield
    app.config.update(saved)


@pytest.fixture
def signed_in(page, factory, short_session):
    user = factory.user(full_name="Lê Văn Bình")
    factory.commit()
    sign_in(page, user.email, PASSWORD)
    return user


def warning(page):
    return page.get_by_role("dialog", name="Phiên làm việc sắp hết hạn")


def test_staying_keeps_the_session_past_its_idle_lifetime(page, signed_in):
    # The warning comes back 2 s after each renewal; keep answering it until well past the
    # lifetime of the first session, then move on: still signed in.
    since = time.monotonic()
    while time.monotonic() - since < LIFETIME.total_seconds() + 2:
        expect(warning(page)).to_be_visible()
        with page.expect_response("**/session/ping") as ping:
            warning(page).get_by_role("button", name="Tiếp tục làm việc").click()
        assert ping.value.status == 204
        expect(warning(page)).to_be_hidden()

    page.get_by_role("link", name="Chính quyền số").click()
    expect(page.get_by_role("heading", name="Xin chào, Lê Văn Bình")).to_be_visible()


def test_ignoring_the_warning_ends_the_session(page, signed_in):
    expect(warning(page)).to_be_visible()
    expect(warning(page)).to_contain_text("giây")
    page.wait_for_url("**/login?next=*", timeout=(LIFETIME.total_seconds() + 5) * 1000)
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    expect(nav.get_by_role("link", name="Đăng nhập")).to_be_visible()
    expect(nav.get_by_text("Lê Văn Bình")).to_have_count(0)
    page.goto(page.base_url + "/")
    expect(page.get_by_role("link", name="Đăng ký tham gia")).to_be_visible()
    page.goto(page.base_url + "/account")
    page.wait_for_url("**/login?next=*")
