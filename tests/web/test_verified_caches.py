"""The caches of verified signatures (``VERIFIED_COOKIES``, ``VERIFIED_CSRF_TOKENS``): a hit is
exactly as strict as the full check. A tampered or expired cookie or token is refused even when
the genuine one is remembered, and a hit answers as a miss would."""

import time

from contest.core.caching import VERIFIED_COOKIES, VERIFIED_CSRF_TOKENS


def _signed_in(web, factory):
    user = factory.user()
    factory.commit()
    web.login(user)
    web.get("/")
    return user


def _cookie(web) -> str:
    return web.client.get_cookie("session").value


def _tampered(value: str) -> str:
    last = value[-1]
    return value[:-1] + ("A" if last != "A" else "B")


def _ping(web, token):
    return web.post("/session/ping", {"csrf_token": token})


def test_a_remembered_cookie_answers_as_a_fresh_check_would(web, factory):
    _signed_in(web, factory)
    VERIFIED_COOKIES.clear()
    cold = web.get("/account")
    assert len(VERIFIED_COOKIES) == 1
    warm = web.get("/account")
    assert cold.status_code == warm.status_code == 200
    assert cold.get_data(as_text=True) == warm.get_data(as_text=True)


def test_a_tampered_cookie_is_refused_while_the_genuine_one_is_remembered(web, factory):
    _signed_in(web, factory)
    assert web.get("/account").status_code == 200 and len(VERIFIED_COOKIES) >= 1
    web.client.set_cookie("session", _tampered(_cookie(web)))
    response = web.get("/account")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_expired_cookie_is_refused_even_when_remembered(web, factory, app, monkeypatch):
    _signed_in(web, factory)
    assert web.get("/account").status_code == 200 and len(VERIFIED_COOKIES) >= 1
    real, lifetime = time.time, app.permanent_session_lifetime.total_seconds()
    monkeypatch.setattr(time, "time", lambda: real() + lifetime + 5)
    response = web.get("/account")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_changing_a_session_does_not_change_the_remembered_one(web, factory, app):
    """Flashed messages are a list a request appends to: each request gets its own copy."""
    _signed_in(web, factory)
    with web.client.session_transaction() as session:
        session["_flashes"] = [("info", "một")]
    headers = {"Cookie": f"session={_cookie(web)}"}
    with app.test_request_context("/", headers=headers):
        first = app.session_interface.open_session(app, app.test_request_context("/", headers=headers).request)
        first["_flashes"].append(("info", "hai"))
        second = app.session_interface.open_session(app, app.test_request_context("/", headers=headers).request)
    assert second["_flashes"] == [("info", "một")] and len(VERIFIED_COOKIES) >= 1


def test_a_remembered_csrf_token_is_accepted_again(web, factory):
    _signed_in(web, factory)
    token = web.token
    assert _ping(web, token).status_code == 204
    assert len(VERIFIED_CSRF_TOKENS) >= 1
    assert _ping(web, token).status_code == 204


def test_a_tampered_csrf_token_is_refused_while_the_genuine_one_is_remembered(web, factory):
    _signed_in(web, factory)
    token = web.token
    assert _ping(web, token).status_code == 204
    assert _ping(web, _tampered(token)).status_code == 400


def test_a_csrf_token_of_another_session_is_refused(web, factory, app):
    _signed_in(web, factory)
    token = web.token
    assert _ping(web, token).status_code == 204
    other = app.test_client()
    from tests.conftest import WebClient

    stranger = WebClient(other)
    _signed_in(stranger, factory)
    assert _ping(stranger, token).status_code == 400  # remembered for the first session only


def test_an_expired_csrf_token_is_refused_even_when_remembered(web, factory, app, monkeypatch):
    _signed_in(web, factory)
    token = web.token
    monkeypatch.setitem(app.config, "WTF_CSRF_TIME_LIMIT", 3600)
    assert _ping(web, token).status_code == 204 and len(VERIFIED_CSRF_TOKENS) >= 1
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 3600 + 5)
    assert _ping(web, token).status_code == 400
