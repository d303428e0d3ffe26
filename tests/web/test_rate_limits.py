"""Rate limits behind a reverse proxy: per address only failures count, per account failures
count from every address, password changes are limited per person, and the throttled person
is told in Vietnamese when to try again."""

import pytest

from contest.app import build_app
from tests.conftest import PASSWORD, WebClient


def _client(app, address=None, forwarded_for=None) -> WebClient:
    """A browser at ``address`` (the TCP peer), optionally sending X-Forwarded-For."""
    client = app.test_client()
    if address:
        client.environ_base["REMOTE_ADDR"] = address
    if forwarded_for:
        client.environ_base["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return WebClient(client)


def _fail(web, login="nobody@example.vn"):
    return web.post("/login", {"login": login, "password": "Sai2026xyz"})


@pytest.fixture
def proxied_app(app):
    """The same app behind one trusted proxy (nginx on the same machine)."""
    behind = build_app("testing", DATABASE_URL=app.config["DATABASE_URL"], TRUSTED_PROXIES=1,
                       LOGIN_FAILURES_PER_ADDRESS="3 per minute")
    yield behind
    behind.extensions["db_engine"].dispose()


def test_a_spoofed_forwarded_for_is_ignored_without_trusted_proxies(app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_FAILURES_PER_ADDRESS", "3 per minute")
    codes = [_fail(_client(app, "203.0.113.7", forwarded_for=f"10.0.0.{n}"),
                   login=f"person{n}@example.vn").status_code for n in range(4)]
    assert codes == [200, 200, 200, 429]


def test_the_forwarded_address_is_honoured_behind_one_trusted_proxy(proxied_app):
    # Every request arrives from the proxy (127.0.0.1); each person is a different client.
    codes = [_fail(_client(proxied_app, "127.0.0.1", forwarded_for=f"10.0.0.{n}"),
                   login=f"person{n}@example.vn").status_code for n in range(6)]
    assert codes == [200] * 6
    same = [_fail(_client(proxied_app, "127.0.0.1", forwarded_for="10.9.9.9"),
                  login=f"other{n}@example.vn").status_code for n in range(4)]
    assert same == [200, 200, 200, 429]


def test_only_the_hop_the_proxy_added_counts_as_the_address(proxied_app):
    """A client writing its own X-Forwarded-For cannot pick its address: the proxy appends
    the real one, and only that last hop is trusted."""
    codes = [_fail(_client(proxied_app, "127.0.0.1", forwarded_for=f"10.0.0.{n}, 198.51.100.4"),
                   login=f"person{n}@example.vn").status_code for n in range(4)]
    assert codes == [200, 200, 200, 429]


def test_two_hundred_people_sign_in_from_one_address_within_a_minute(app, factory):
    """A commune's shared Wi-Fi: a few typos, then everyone signs in."""
    from contest.accounts.passwords import hash_generated_password

    # Light hashes (as bulk-created officials have) keep 200 sign-ins quick; limits ignore them.
    light = hash_generated_password(PASSWORD)
    people = [factory.user() for _ in range(200)]
    for person in people:
        person.password_hash = light
    factory.commit()
    for person in people[:20]:
        assert _fail(_client(app, "198.51.100.20"), login=person.email).status_code == 200
    for person in people:
        web = _client(app, "198.51.100.20")
        response = web.post("/login", {"login": person.email, "password": PASSWORD})
        assert response.status_code == 302, person.email


def test_failures_on_one_account_from_many_addresses_throttle_that_account_only(app, factory):
    target, other = factory.user(phone="0912345678"), factory.user()
    factory.commit()
    limit = 10  # LOGIN_FAILURES_PER_ACCOUNT: 10 per 15 minutes
    # The same account however it is spelled: email in capitals, phone with +84.
    spellings = [target.email.upper(), target.email, "+84 912 345 678", "0912345678"]
    for n in range(limit):
        response = _fail(_client(app, f"192.0.2.{n + 1}"), login=spellings[n % len(spellings)])
        assert response.status_code == 200

    guessed = _client(app, "192.0.2.200").post("/login", {"login": target.email,
                                                          "password": PASSWORD})
    assert guessed.status_code == 429
    assert _client(app, "192.0.2.1").post(
        "/login", {"login": other.email, "password": PASSWORD}).status_code == 302


def test_the_throttled_person_gets_a_vietnamese_page_saying_when_to_retry(app, factory):
    user = factory.user()
    factory.commit()
    web = _client(app)
    for _ in range(10):
        _fail(web, login=user.email)
    response = _fail(web, login=user.email)
    assert response.status_code == 429
    retry_after = int(response.headers["Retry-After"])
    assert 0 < retry_after <= 15 * 60
    body = response.get_data(as_text=True)
    assert "Bạn đã thử quá nhiều lần. Vui lòng thử lại sau 15 phút." in body
    assert '<html lang="vi"' in body


def test_password_change_is_limited_per_person_across_browsers(app, factory):
    user, other = factory.user(), factory.user()
    factory.commit()
    first, second = _client(app, "198.51.100.1"), _client(app, "198.51.100.2")
    first.login(user)
    second.login(user)
    first.get("/account/password")
    for _ in range(10):
        body = first.post("/account/password", {"current_password": "Sai2026xyz",
                                                "new_password": "Moi2026xyz",
                                                "confirm": "Moi2026xyz"})
        assert body.status_code == 200
    second.get("/account/password")
    response = second.post("/account/password", {"current_password": PASSWORD,
                                                  "new_password": "Moi2026xyz",
                                                  "confirm": "Moi2026xyz"})
    assert response.status_code == 429
    assert "Vui lòng thử lại sau" in response.get_data(as_text=True)

    third = _client(app, "198.51.100.1")
    third.login(other)
    third.get("/account/password")
    assert third.post("/account/password", {"current_password": PASSWORD,
                                            "new_password": "Moi2026xyz",
                                            "confirm": "Moi2026xyz"}).status_code == 302


def test_registration_is_limited_per_address(app, monkeypatch):
    monkeypatch.setitem(app.config, "REGISTER_RATE_LIMIT", "2 per minute")
    web = _client(app, "198.51.100.30")
    codes = [web.post("/register", {"full_name": "X"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert _client(app, "198.51.100.31").post("/register", {"full_name": "X"}).status_code == 200


@pytest.mark.parametrize("seconds, text", [
    (0, "1 giây"), (45, "45 giây"), (61, "1 phút"), (119, "2 phút"), (901, "15 phút"),
    (5400, "90 phút"),
    (86400, "24 giờ"),
])
def test_the_wait_is_said_in_units_a_person_uses(app, seconds, text):
    from contest.core.web.errors import wait_text

    with app.test_request_context():
        assert wait_text(seconds) == text


def test_a_nul_in_the_login_name_is_an_ordinary_failed_sign_in(app):
    """The per-account limit looks the name up before the form is checked; a NUL (which
    PostgreSQL refuses) must not make that lookup fail."""
    assert _fail(_client(app), login="an\x00@example.vn").status_code == 200
