"""A citizen signs in with VNeID on a phone for the first time: the provider (a real
oidc-provider-mock process) vouches for them, they complete their registration and land signed
in. The provider's own page is answered by the test through the provider's form (the person's
consent), so axe-core checks our pages only."""

from urllib.parse import urlsplit

import pytest

from tests.support.oidc_provider import oidc_provider

pytestmark = pytest.mark.browser


@pytest.fixture
def vneid(app, monkeypatch, live_server):
    with oidc_provider() as provider:
        for key, value in {"OIDC_ISSUER": provider.issuer, "OIDC_CLIENT_ID": "cuoc-thi",
                           "OIDC_CLIENT_SECRET": "bi-mat", "OIDC_PROVIDER_NAME": "VNeID",
                           "PUBLIC_URL": live_server}.items():
            monkeypatch.setitem(app.config, key, value)
        yield provider


def consent_at(page, provider, subject=None, deny=False):
    """Whenever our button sends the phone to the provider, the person answers there (consents
    as ``subject``, or refuses) and the phone goes straight on to the provider's answer. (A
    redirect's next hop cannot be intercepted, so our button's own answer is.)"""

    def answer(route):
        response = route.fetch(max_redirects=0)
        location = response.headers.get("location", "")
        if location.startswith(provider.issuer):
            location = provider.authorize(location, subject, deny=deny)
        route.fulfill(response=response, headers={**response.headers, "location": location})

    page.route(lambda url: urlsplit(url).path == "/login/external", answer)


def test_a_citizen_signs_in_with_vneid_for_the_first_time(page, vneid, factory):
    province = factory.province()
    factory.unit(name="Xã An Hữu", parent=province)
    factory.commit()
    vneid.set_user("cccd-079201000001", name="Nguyễn Thị Hoa", phone_number="0987654321",
                   phone_number_verified=True)
    consent_at(page, vneid, "cccd-079201000001")

    page.goto(page.base_url + "/login")
    page.get_by_role("link", name="Đăng nhập bằng VNeID").click()
    page.get_by_role("heading", name="Hoàn tất đăng ký").wait_for()
    assert page.get_by_label("Họ và tên").input_value() == "Nguyễn Thị Hoa"
    assert page.get_by_text("0987654321").is_visible()
    page.get_by_label("Xã/phường/đặc khu nơi cư trú").select_option(label="Xã An Hữu")
    page.get_by_role("button", name="Tạo tài khoản").click()
    page.get_by_role("heading", name="Xin chào, Nguyễn Thị Hoa").wait_for()

    page.get_by_role("button", name="Đăng xuất").click()
    page.goto(page.base_url + "/login")
    page.get_by_role("link", name="Đăng nhập bằng VNeID").click()
    page.get_by_role("heading", name="Xin chào, Nguyễn Thị Hoa").wait_for()


def test_a_refusal_is_told_on_the_login_page(page, vneid):
    consent_at(page, vneid, deny=True)
    page.goto(page.base_url + "/login")
    page.get_by_role("link", name="Đăng nhập bằng VNeID").click()
    page.get_by_text("Bạn đã không đồng ý chia sẻ thông tin từ VNeID").wait_for()
    assert page.url.endswith("/login")
