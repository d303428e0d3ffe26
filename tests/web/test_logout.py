"""Signing out ends the session for good: a cookie copied before it opens nothing afterwards."""

import time

from contest.core.web import sessions
from tests.conftest import WebClient


def _copied_cookie(client) -> str:
    return client.get_cookie("session").value


def _replay(app, cookie: str):
    """A browser that holds only the copied cookie."""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief.get("/account")


def test_a_cookie_copied_before_logout_no_longer_opens_the_account(app, web, factory):
    user = factory.user()
    factory.commit()
    web.login(user)
    web.get("/")
    copied = _copied_cookie(web.client)
    assert _replay(app, copied).status_code == 200

    web.post("/logout")

    response = _replay(app, copied)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_replayed_cookie_is_not_renewed(app, web, factory, monkeypatch):
    user = factory.user()
    factory.commit()
    web.login(user)
    web.get("/")
    copied = _copied_cookie(web.client)
    web.post("/logout")
    later = time.time() + app.config["SESSION_REFRESH_SECONDS"] + 1
    monkeypatch.setattr(sessions.time, "time", lambda: later)

    thief = app.test_client()
    thief.set_cookie("session", copied)
    thief.get("/")

    # The stale session is emptied: whatever cookie comes back no longer carries the login.
    cookie = thief.get_cookie("session")
    assert cookie is None or "_user_id" not in _contents(app, cookie.value)
    assert thief.get("/account").status_code == 302


def _contents(app, cookie: str) -> dict:
    return app.session_interface.get_signing_serializer(app).loads(cookie)


def test_logout_everywhere_is_offered_on_the_profile_and_ends_every_session(app, factory):
    user = factory.user()
    factory.commit()
    laptop, phone = WebClient(app.test_client()), WebClient(app.test_client())
    laptop.login(user)
    phone.login(user)
    page = phone.get("/account").get_data(as_text=True)
    assert "Đăng xuất khỏi mọi thiết bị" in page and "/logout/everywhere" in page

    response = phone.post("/logout/everywhere")

    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert "Bạn đã đăng xuất khỏi mọi thiết bị." in phone.get("/login").get_data(as_text=True)
    assert phone.get("/account").status_code == 302
    assert laptop.get("/account").status_code == 302


def test_logout_everywhere_needs_the_csrf_token(web, factory):
    user = factory.user()
    factory.commit()
    web.login(user)
    web.get("/account")
    assert web.post("/logout/everywhere", csrf=False).status_code == 400
    assert web.get("/account").status_code == 200


def test_signing_in_again_after_logout_works(web, factory):
    user = factory.user()
    factory.commit()
    web.login(user)
    web.post("/logout")
    web.login(user)
    assert web.get("/account").status_code == 200
