"""Two-step sign-in of staff: setting it up, the code page of the sign-in, its rate limit,
recovery codes, the deployment's requirement and an admin's removal after a lost phone."""

import re
import time

import pyotp
import pytest
from sqlmodel import select

from contest.accounts.models import Role, User
from contest.accounts.signing_in import PENDING_KEY
from contest.accounts.two_factor_models import RecoveryCode, TwoFactorSecret
from tests.conftest import PASSWORD, WebClient

_SECRET = re.compile(r'<code id="two-step-secret">([A-Z2-7 ]+)</code>')
_CODES = re.compile(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>")


def _text(response):
    return response.get_data(as_text=True)


def enrol(web) -> tuple[str, list[str]]:
    """Set up two-step sign-in as the signed-in person, as they would: start, read the secret
    shown, type the current code. Returns the secret and the recovery codes shown."""
    web.get("/account/two-step")
    web.post("/account/two-step/start")
    page = _text(web.get("/account/two-step"))
    secret = _SECRET.search(page).group(1).replace(" ", "")
    response = web.post("/account/two-step/confirm", {"code": previous_code(secret)})
    assert response.status_code == 200
    return secret, _CODES.findall(_text(response))


def previous_code(secret):
    """A valid code of the step before now: set-up uses it, so the current code is still
    unused (a code is accepted once, and no code older than the last one used)."""
    return pyotp.TOTP(secret).at(time.time() - 30)


def current_code(secret):
    return pyotp.TOTP(secret).now()


@pytest.fixture
def trainer(factory):
    user = factory.user(role=Role.trainer)
    factory.commit()
    return user


@pytest.fixture
def enrolled(app, web, trainer):
    """A trainer with two-step sign-in set up, signed out; returns (secret, recovery codes)."""
    web.login(trainer)
    secret, codes = enrol(web)
    web.post("/logout")
    return secret, codes


def sign_in_password(web, user, next_url=None):
    web.token = None
    data = {"login": user.email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return web.post("/login", data)


# --- Setting it up ---------------------------------------------------------------------------

def test_the_page_shows_a_qr_and_the_secret_as_text(web, trainer):
    web.login(trainer)
    web.post("/account/two-step/start")
    page = _text(web.get("/account/two-step"))
    assert "<svg" in page and "qr-code" in page
    assert re.search(r'<code id="two-step-secret">([A-Z2-7]{4} ){7}[A-Z2-7]{4}</code>', page)


def test_the_secret_is_stored_sealed(web, trainer, session):
    web.login(trainer)
    web.post("/account/two-step/start")
    shown = _SECRET.search(_text(web.get("/account/two-step"))).group(1).replace(" ", "")
    stored = session.exec(select(TwoFactorSecret)).one()
    assert shown not in stored.sealed_secret and stored.confirmed_at is None


def test_a_wrong_code_does_not_turn_it_on(web, trainer, session):
    web.login(trainer)
    web.post("/account/two-step/start")
    response = web.post("/account/two-step/confirm", {"code": "000000"})
    assert response.status_code == 200
    assert "Mã không đúng" in _text(response)
    assert "mã khôi phục" not in _text(response)  # none exist yet
    assert session.exec(select(TwoFactorSecret)).one().confirmed_at is None


def test_the_right_code_turns_it_on_and_shows_ten_recovery_codes_once(web, trainer, session):
    web.login(trainer)
    secret, codes = enrol(web)
    assert len(codes) == 10
    assert session.exec(select(TwoFactorSecret)).one().confirmed_at is not None
    stored = {row.code_hash for row in session.exec(select(RecoveryCode))}
    assert len(stored) == 10 and not stored & set(codes)
    page = _text(web.get("/account/two-step"))
    assert "Đang bật" in page and "Còn 10 mã khôi phục chưa dùng" in page
    assert not any(code in page for code in codes)


def test_the_recovery_codes_can_be_downloaded_as_text(web, trainer):
    web.login(trainer)
    web.post("/account/two-step/start")
    secret = _SECRET.search(_text(web.get("/account/two-step"))).group(1).replace(" ", "")
    page = _text(web.post("/account/two-step/confirm", {"code": pyotp.TOTP(secret).now()}))
    assert 'download="ma-khoi-phuc.txt"' in page and 'href="data:text/plain;charset=utf-8,' in page


@pytest.mark.parametrize("role", [Role.citizen, Role.official])
def test_citizens_and_officials_do_not_have_the_feature(web, factory, role):
    user = factory.user(role=role)
    factory.commit()
    web.login(user)
    assert web.get("/account/two-step").status_code == 403
    assert "Xác thực hai bước" not in _text(web.get("/account"))


def test_staff_find_it_on_their_account_page(web, trainer):
    web.login(trainer)
    assert 'href="/account/two-step"' in _text(web.get("/account"))


# --- The second step at sign-in --------------------------------------------------------------

def test_the_password_alone_does_not_sign_a_staff_member_in(web, trainer, enrolled):
    response = sign_in_password(web, trainer)
    assert response.headers["Location"].endswith("/login/two-step")
    assert web.get("/account").status_code == 302  # not signed in yet


def test_the_right_code_signs_in_and_goes_where_the_person_was_going(web, trainer, enrolled):
    secret, _codes = enrolled
    sign_in_password(web, trainer, next_url="/account")
    web.get("/login/two-step")
    response = web.post("/login/two-step", {"code": current_code(secret)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/account")
    assert web.get("/account").status_code == 200


def test_a_wrong_code_is_answered_in_vietnamese(web, trainer, enrolled):
    sign_in_password(web, trainer)
    web.get("/login/two-step")
    response = web.post("/login/two-step", {"code": "123456"})
    assert response.status_code == 200
    assert "Mã không đúng" in _text(response)
    assert web.get("/account").status_code == 302


def test_a_used_code_is_refused_the_second_time(web, app, trainer, enrolled):
    secret, _codes = enrolled
    code = current_code(secret)
    sign_in_password(web, trainer)
    web.get("/login/two-step")
    assert web.post("/login/two-step", {"code": code}).status_code == 302
    other = WebClient(app.test_client())
    sign_in_password(other, trainer)
    other.get("/login/two-step")
    response = other.post("/login/two-step", {"code": code})
    assert response.status_code == 200 and "Mã này vừa được dùng" in _text(response)


def test_a_recovery_code_signs_in_once_and_tells_how_many_are_left(web, app, trainer, enrolled):
    _secret, codes = enrolled
    sign_in_password(web, trainer)
    web.get("/login/two-step")
    response = web.post("/login/two-step", {"code": codes[0].upper()}, follow_redirects=True)
    assert "còn 9 mã chưa dùng" in _text(response)
    other = WebClient(app.test_client())
    sign_in_password(other, trainer)
    other.get("/login/two-step")
    assert "Mã không đúng" in _text(other.post("/login/two-step", {"code": codes[0]}))


def test_failures_are_limited_per_account(web, app, trainer, enrolled, monkeypatch):
    monkeypatch.setitem(app.config, "TWO_FACTOR_FAILURES_PER_ACCOUNT", "3 per 5 minutes")
    secret, _codes = enrolled
    sign_in_password(web, trainer)
    web.get("/login/two-step")
    codes = [web.post("/login/two-step", {"code": "000000"}).status_code for _ in range(3)]
    assert codes == [200, 200, 200]
    response = web.post("/login/two-step", {"code": current_code(secret)})
    assert response.status_code == 429
    assert "thử quá nhiều lần" in _text(response)


def test_the_limit_follows_the_account_not_the_browser(web, app, trainer, enrolled, monkeypatch):
    monkeypatch.setitem(app.config, "TWO_FACTOR_FAILURES_PER_ACCOUNT", "2 per 5 minutes")
    for _ in range(2):
        other = WebClient(app.test_client())
        sign_in_password(other, trainer)
        other.get("/login/two-step")
        assert other.post("/login/two-step", {"code": "000000"}).status_code == 200
    sign_in_password(web, trainer)
    web.get("/login/two-step")
    assert web.post("/login/two-step", {"code": "000000"}).status_code == 429


def test_a_wait_longer_than_five_minutes_starts_again(web, trainer, enrolled):
    secret, _codes = enrolled
    sign_in_password(web, trainer)
    web.get("/login/two-step")
    with web.client.session_transaction() as cookie:
        cookie[PENDING_KEY] = {**cookie[PENDING_KEY], "at": int(time.time()) - 301}
    response = web.post("/login/two-step", {"code": current_code(secret)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert "Phiên đăng nhập đã hết hạn" in _text(web.get("/login"))
    assert web.get("/account").status_code == 302


def test_the_code_page_without_a_password_first_goes_to_the_login(web):
    response = web.get("/login/two-step")
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")


@pytest.mark.parametrize("role", [Role.citizen, Role.official])
def test_citizens_and_officials_are_never_asked(web, factory, role, statements):
    user = factory.user(role=role)
    factory.commit()
    response = sign_in_password(web, user)
    assert "/login/two-step" not in response.headers["Location"]
    assert not any("two_factor" in statement for statement in statements)


# --- Turning it off and renewing the codes ---------------------------------------------------

def test_turning_it_off_needs_a_code(web, trainer, session):
    web.login(trainer)
    secret, _codes = enrol(web)
    refused = web.post("/account/two-step/disable", {"off-code": "000000"})
    assert refused.status_code == 200 and "Mã không đúng" in _text(refused)
    done = web.post("/account/two-step/disable", {"off-code": current_code(secret)})
    assert done.status_code == 302
    assert session.exec(select(TwoFactorSecret)).first() is None
    web.post("/logout")
    assert sign_in_password(web, trainer).headers["Location"].endswith("/")


def test_new_recovery_codes_replace_the_old_ones(web, trainer):
    web.login(trainer)
    secret, old = enrol(web)
    response = web.post("/account/two-step/recovery-codes", {"renew-code": current_code(secret)})
    new = _CODES.findall(_text(response))
    assert len(new) == 10 and not set(new) & set(old)
    web.post("/logout")
    sign_in_password(web, trainer)
    web.get("/login/two-step")
    assert "Mã không đúng" in _text(web.post("/login/two-step", {"code": old[0]}))
    assert web.post("/login/two-step", {"code": new[0]}).status_code == 302


# --- Required by the deployment --------------------------------------------------------------

def test_required_sends_staff_to_set_it_up_from_every_page(web, app, trainer, monkeypatch):
    monkeypatch.setitem(app.config, "STAFF_2FA_REQUIRED", True)
    web.login(trainer)
    response = web.get("/manage/exams")
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/two-step")
    assert "Đơn vị yêu cầu" in _text(web.get("/account/two-step"))
    assert web.get("/healthz").status_code == 200
    enrol(web)
    assert web.get("/manage/exams").status_code == 200


def test_required_sends_an_htmx_request_to_a_full_page_load(web, app, trainer, monkeypatch):
    monkeypatch.setitem(app.config, "STAFF_2FA_REQUIRED", True)
    web.login(trainer)
    response = web.get("/manage/exams", headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"].endswith("/account/two-step")


def test_required_leaves_citizens_alone(web, app, factory, monkeypatch):
    monkeypatch.setitem(app.config, "STAFF_2FA_REQUIRED", True)
    citizen = factory.user(role=Role.citizen)
    factory.commit()
    web.login(citizen)
    assert web.get("/account").status_code == 200


def test_the_answer_save_runs_no_more_queries_when_required(web, app, factory, monkeypatch, statements):
    citizen = factory.user(role=Role.citizen)
    factory.commit()
    web.login(citizen)
    runs = []
    for required in (False, False, True):  # the first warms the caches
        monkeypatch.setitem(app.config, "STAFF_2FA_REQUIRED", required)
        statements.clear()
        web.post("/attempts/999999/answers/1", {"answer": "x"}, htmx=True)
        runs.append(list(statements))
    assert runs[1] == runs[2]
    assert not any("two_factor" in statement for statement in runs[2])


# --- An admin's removal after a lost phone ---------------------------------------------------

def test_an_admin_removes_it_and_the_person_sets_it_up_again(web, app, factory, trainer, enrolled, session):
    admin = factory.user(role=Role.admin)
    factory.commit()
    web.login(admin)
    web.get(f"/admin/users/{trainer.id}/edit")
    response = web.post(f"/admin/users/{trainer.id}/two-step/reset")
    assert response.status_code == 302
    assert "Đã gỡ xác thực hai bước" in _text(web.get(response.headers["Location"]))
    assert session.exec(select(TwoFactorSecret)).first() is None
    assert session.exec(select(RecoveryCode)).first() is None
    person = WebClient(app.test_client())
    assert "/login/two-step" not in sign_in_password(person, trainer).headers["Location"]


def test_the_removal_signs_the_person_out_everywhere(web, app, factory, trainer, enrolled):
    secret, _codes = enrolled
    person = WebClient(app.test_client())
    sign_in_password(person, trainer)
    person.get("/login/two-step")
    person.post("/login/two-step", {"code": current_code(secret)})
    assert person.get("/account").status_code == 200
    admin = factory.user(role=Role.admin)
    factory.commit()
    web.login(admin)
    web.post(f"/admin/users/{trainer.id}/two-step/reset")
    assert person.get("/account").status_code == 302


def test_the_admin_page_offers_the_removal_when_it_is_on(web, factory, trainer, enrolled):
    admin = factory.user(role=Role.admin)
    factory.commit()
    web.login(admin)
    page = _text(web.get(f"/admin/users/{trainer.id}/edit"))
    assert "Xác thực hai bước: đang bật" in page
    assert f"/admin/users/{trainer.id}/two-step/reset" in page


def test_the_admin_page_offers_no_removal_when_it_is_off(web, factory, trainer):
    admin = factory.user(role=Role.admin)
    factory.commit()
    web.login(admin)
    page = _text(web.get(f"/admin/users/{trainer.id}/edit"))
    assert "two-step/reset" not in page and "Xác thực hai bước: đang bật" not in page


@pytest.mark.parametrize("role", [Role.trainer, Role.official])
def test_only_admins_remove_it(web, factory, trainer, role):
    someone = factory.user(role=role)
    factory.commit()
    web.login(someone)
    assert web.post(f"/admin/users/{trainer.id}/two-step/reset").status_code == 403


def test_removal_without_it_set_up_is_refused_with_a_message(web, factory, trainer, session):
    admin = factory.user(role=Role.admin)
    factory.commit()
    web.login(admin)
    web.get(f"/admin/users/{trainer.id}/edit")
    response = web.post(f"/admin/users/{trainer.id}/two-step/reset", follow_redirects=True)
    assert "chưa bật xác thực hai bước" in _text(response)
    assert session.get(User, trainer.id).session_token == trainer.session_token


# --- A changed SECRET_KEY --------------------------------------------------------------------

def test_a_secret_sealed_under_another_key_is_explained_and_a_recovery_code_still_works(
        app, web, trainer, enrolled, session):
    from contest.accounts import totp, two_factor

    _secret, codes = enrolled
    stored = session.exec(select(TwoFactorSecret)).one()
    stored.sealed_secret = totp.Sealer("an older SECRET_KEY").seal(totp.new_secret())
    session.commit()
    with app.test_request_context():
        user = session.get(User, trainer.id)
        with pytest.raises(two_factor.TwoStepError) as refused:
            two_factor.verify(session, user, "123456")
        assert refused.value.message == two_factor.UNREADABLE_SECRET
        assert two_factor.verify(session, user, codes[1]).by_recovery_code


def test_starting_again_while_it_is_on_is_refused(web, trainer, enrolled):
    secret, _codes = enrolled
    sign_in_password(web, trainer)
    web.get("/login/two-step")
    web.post("/login/two-step", {"code": current_code(secret)})
    web.get("/account/two-step")
    response = web.post("/account/two-step/start", follow_redirects=True)
    assert "Xác thực hai bước đã được bật." in _text(response)
