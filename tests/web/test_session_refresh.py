"""The idle session: its cookie slides forward at most once a minute, a session that changed is
always re-issued, and an idle one past its lifetime is signed out."""

import time

import pytest

from contest.core.web import sessions


def _later(monkeypatch, seconds):
    now = time.time() + seconds
    monkeypatch.setattr(sessions.time, "time", lambda: now)


def _signed_in(web, factory):
    user = factory.user()
    factory.commit()
    web.login(user)
    web.get("/")
    return user


def test_a_young_cookie_is_not_reissued(web, factory):
    _signed_in(web, factory)
    assert "Set-Cookie" not in web.get("/").headers


def test_a_cookie_older_than_the_refresh_interval_slides_forward(web, factory, monkeypatch, app):
    _signed_in(web, factory)
    _later(monkeypatch, app.config["SESSION_REFRESH_SECONDS"] + 1)
    cookie = web.get("/").headers.get("Set-Cookie", "")
    assert cookie.startswith("session=") and "Expires=" in cookie


def test_the_keep_alive_ping_always_reissues(web, factory):
    _signed_in(web, factory)
    assert "session=" in web.post("/session/ping").headers.get("Set-Cookie", "")


def test_an_idle_session_past_its_lifetime_is_signed_out(web, factory, app, monkeypatch):
    _signed_in(web, factory)
    lifetime = app.permanent_session_lifetime.total_seconds()
    # itsdangerous checks the cookie's age against its own clock.
    real = time.time
    monkeypatch.setattr("itsdangerous.timed.time.time", lambda: real() + lifetime + 5)
    response = web.get("/account")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_page_warns_before_the_earliest_possible_expiry(web, factory, app):
    _signed_in(web, factory)
    page = web.get("/").get_data(as_text=True)
    expected = int(app.permanent_session_lifetime.total_seconds()) - app.config["SESSION_REFRESH_SECONDS"]
    assert f'data-session-seconds="{expected}"' in page


def test_asking_how_long_is_left_never_extends_the_session(web, factory, app, monkeypatch):
    _signed_in(web, factory)
    lifetime = app.permanent_session_lifetime.total_seconds()
    fresh = web.get("/session/state")
    assert fresh.is_json and lifetime - 5 <= fresh.json["remaining"] <= lifetime
    _later(monkeypatch, app.config["SESSION_REFRESH_SECONDS"] + 30)
    later = web.get("/session/state")
    assert "Set-Cookie" not in later.headers
    assert later.json["remaining"] <= lifetime - app.config["SESSION_REFRESH_SECONDS"] - 25


def test_a_signed_out_visitor_has_no_time_left(web):
    assert web.get("/session/state").json == {"remaining": 0}


def test_a_renewal_interval_too_long_for_the_lifetime_is_refused():
    from contest.app import build_app

    with pytest.raises(RuntimeError, match="SESSION_REFRESH_SECONDS"):
        build_app("testing", SESSION_REFRESH_SECONDS=1200)
