"""Sign-in through an external OpenID Connect provider, against a real provider process
(oidc-provider-mock): a new citizen registers through it, an account is linked from the
profile, and every forged, stale or refused answer is told in Vietnamese with nothing created."""

import threading
import time
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
from sqlmodel import Session, func, select

from contest.accounts import external_services
from contest.accounts.external import ProviderIdentity
from contest.accounts.external_models import ExternalIdentity
from contest.accounts.models import Unit, User
from contest.accounts.services import AccountError
from contest.core import db
from tests.support.http import free_port
from tests.support.oidc_provider import callback_path, discovery_server, oidc_provider


@pytest.fixture(scope="module")
def provider():
    with oidc_provider() as running:
        yield running


def configure(app, monkeypatch, issuer):
    monkeypatch.setitem(app.config, "OIDC_ISSUER", issuer)
    monkeypatch.setitem(app.config, "OIDC_CLIENT_ID", "cuoc-thi")
    monkeypatch.setitem(app.config, "OIDC_CLIENT_SECRET", "bi-mat")
    monkeypatch.setitem(app.config, "OIDC_PROVIDER_NAME", "VNeID")


@pytest.fixture
def vneid(app, provider, monkeypatch):
    configure(app, monkeypatch, provider.issuer)
    return provider


@pytest.fixture
def commune(factory):
    unit = factory.unit(name="Xã Đạo Thạnh")
    factory.commit()
    return unit


def start(web, url="/login/external"):
    """The button (or the profile's link): returns the provider's authorization URL."""
    response = web.post(url) if url.startswith("/account/") else web.get(url)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response.headers["Location"]


def through_provider(web, provider, subject, url="/login/external"):
    """Sign ``subject`` in at the provider and bring its answer to our callback."""
    location = provider.authorize(start(web, url), subject)
    return web.get(callback_path(location))


def flashed(web, response):
    """The page the refusal redirects to, as text (with its flashed message)."""
    assert response.status_code == 302
    return web.get(response.headers["Location"]).get_data(as_text=True)


def count(session, model):
    session.expire_all()
    return session.exec(select(func.count()).select_from(model)).one()


def complete_registration(web, commune, **data):
    web.get("/login/external/register")
    return web.post("/login/external/register", {"unit_id": commune.id, **data})


def test_without_a_provider_there_is_no_button_and_no_route(web):
    assert "Đăng nhập bằng" not in web.get("/login").get_data(as_text=True)
    assert web.get("/login/external").status_code == 404
    assert web.get("/login/external/callback?code=x&state=y").status_code == 404
    assert web.get("/login/external/register").status_code == 404


def test_the_login_page_offers_the_provider(web, vneid):
    page = web.get("/login?next=/exams").get_data(as_text=True)
    assert "Đăng nhập bằng VNeID" in page
    assert 'href="/login/external?next=/exams"' in page


def test_the_button_sends_the_browser_to_the_provider_with_state_nonce_and_pkce(web, vneid):
    query = parse_qs(urlsplit(start(web)).query)
    assert query["client_id"] == ["cuoc-thi"]
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["state"] and query["nonce"] and query["code_challenge"]
    assert query["redirect_uri"] == ["http://127.0.0.1:5000/login/external/callback"]


def test_a_new_citizen_registers_through_the_provider_and_comes_back_to_the_same_account(
        web, app, vneid, commune, session):
    vneid.set_user("cccd-001", name="Trần Thị Bình", email="binh@example.vn",
                   email_verified=True)
    response = through_provider(web, vneid, "cccd-001")
    assert response.headers["Location"].endswith("/login/external/register")
    page = web.get("/login/external/register").get_data(as_text=True)
    assert 'value="Trần Thị Bình"' in page and "binh@example.vn" in page

    response = complete_registration(web, commune, full_name="Trần Thị Bình")
    assert response.status_code == 302
    assert "Xin chào, Trần Thị Bình" in web.get("/").get_data(as_text=True)
    user = session.exec(select(User).where(User.email == "binh@example.vn")).one()
    assert user.unit_id == commune.id

    web.post("/logout")
    response = through_provider(web, vneid, "cccd-001")
    assert response.status_code == 302 and not response.headers["Location"].endswith("/register")
    assert "Xin chào, Trần Thị Bình" in web.get("/").get_data(as_text=True)
    assert count(session, User) == 1 and count(session, ExternalIdentity) == 1


def test_an_unverified_email_is_not_taken_from_the_provider(web, vneid, commune, session):
    vneid.set_user("cccd-002", name="Lê Văn Cường", email="cuong@example.vn",
                   email_verified=False, phone_number="+84912345678", phone_number_verified=True)
    through_provider(web, vneid, "cccd-002")
    page = web.get("/login/external/register").get_data(as_text=True)
    assert "cuong@example.vn" not in page and "0912345678" in page
    response = complete_registration(web, commune, full_name="Lê Văn Cường")
    assert response.status_code == 302
    user = session.exec(select(User).where(User.phone == "0912345678")).one()
    assert user.email is None


def test_the_session_cookie_does_not_carry_the_providers_claims_readably(web, app, vneid):
    """The session cookie is signed, not encrypted: the subject (maybe a personal identification
    number), e-mail and phone waiting for the registration page are sealed in it."""
    vneid.set_user("cccd-079201000123", name="Trần Thị Bình", email="binh@example.vn",
                   email_verified=True, phone_number="+84912345678", phone_number_verified=True)
    through_provider(web, vneid, "cccd-079201000123")
    cookie = web.client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session")).value
    stored = str(app.session_interface.get_signing_serializer(app).loads(cookie))
    assert "external_pending" in stored
    for claim in ("079201000123", "binh@example.vn", "0912345678", "Bình"):
        assert claim not in stored
    assert 'value="Trần Thị Bình"' in web.get("/login/external/register").get_data(as_text=True)


def test_a_citizen_without_a_verified_address_still_registers(web, vneid, commune, session):
    vneid.set_user("cccd-016", name="Vũ Thị Lan")
    through_provider(web, vneid, "cccd-016")
    page = web.get("/login/external/register").get_data(as_text=True)
    assert "không cung cấp email hay số điện thoại đã xác minh" in page
    complete_registration(web, commune, full_name="Vũ Thị Lan")
    assert "Xin chào, Vũ Thị Lan" in web.get("/").get_data(as_text=True)


def test_the_registration_page_asks_for_a_commune(web, vneid, commune, session):
    vneid.set_user("cccd-017", name="Hồ Văn Nam")
    through_provider(web, vneid, "cccd-017")
    response = complete_registration(web, commune, full_name="Hồ Văn Nam", unit_id="")
    assert response.status_code == 200
    assert count(session, User) == 0


def test_a_verified_email_of_an_existing_account_is_not_linked_on_the_providers_word(
        web, vneid, factory, session):
    factory.user(email="an@example.vn")
    factory.commit()
    vneid.set_user("cccd-003", name="Kẻ Mạo Danh", email="an@example.vn", email_verified=True)
    page = flashed(web, through_provider(web, vneid, "cccd-003"))
    assert "Hãy đăng nhập bằng mật khẩu của tài khoản đó" in page
    assert count(session, ExternalIdentity) == 0 and count(session, User) == 1
    assert web.get("/login/external/register").status_code == 302


def test_a_citizen_links_an_existing_account_then_signs_in_through_the_provider(
        web, vneid, factory, session):
    user = factory.user(full_name="Phạm Thu Hà")
    factory.commit()
    web.login(user)
    assert "Liên kết tài khoản VNeID" in web.get("/account").get_data(as_text=True)
    vneid.set_user("cccd-004", name="Phạm Thu Hà")
    page = flashed(web, through_provider(web, vneid, "cccd-004", "/account/external/link"))
    assert "Đã liên kết tài khoản với VNeID." in page
    assert "Hủy liên kết" in page

    web.post("/logout")
    through_provider(web, vneid, "cccd-004")
    assert "Xin chào, Phạm Thu Hà" in web.get("/").get_data(as_text=True)
    link = session.exec(select(ExternalIdentity)).one()
    assert link.user_id == user.id and link.issuer == vneid.issuer


def test_a_subject_linked_to_another_account_is_refused(web, vneid, factory, session):
    first, second = factory.user(), factory.user()
    factory.commit()
    web.login(first)
    through_provider(web, vneid, "cccd-005", "/account/external/link")
    web.post("/logout")
    web.login(second)
    page = flashed(web, through_provider(web, vneid, "cccd-005", "/account/external/link"))
    assert "đã được liên kết với một tài khoản khác" in page
    assert session.exec(select(ExternalIdentity)).one().user_id == first.id


def test_an_account_links_one_subject_of_a_provider(web, vneid, factory, session):
    user = factory.user()
    factory.commit()
    web.login(user)
    through_provider(web, vneid, "cccd-006", "/account/external/link")
    page = flashed(web, through_provider(web, vneid, "cccd-007", "/account/external/link"))
    assert "đã liên kết với một tài khoản VNeID khác" in page
    assert session.exec(select(ExternalIdentity.subject)).all() == ["cccd-006"]


def test_unlinking_needs_a_password_of_ones_own(web, vneid, commune, factory, session):
    vneid.set_user("cccd-008", name="Đỗ Minh", email="minh@example.vn", email_verified=True)
    through_provider(web, vneid, "cccd-008")
    complete_registration(web, commune, full_name="Đỗ Minh")
    page = web.get("/account").get_data(as_text=True)
    assert "hãy đặt mật khẩu trước" in page
    page = flashed(web, web.post("/account/external/unlink"))
    assert "Tài khoản chưa có mật khẩu" in page
    assert count(session, ExternalIdentity) == 1


def test_an_account_with_a_password_unlinks(web, vneid, factory, session):
    user = factory.user()
    factory.commit()
    web.login(user)
    through_provider(web, vneid, "cccd-009", "/account/external/link")
    page = flashed(web, web.post("/account/external/unlink"))
    assert "Đã hủy liên kết với VNeID." in page
    assert count(session, ExternalIdentity) == 0


def test_a_locked_account_is_refused_like_with_a_password(web, vneid, factory, session):
    user = factory.user()
    factory.commit()
    web.login(user)
    through_provider(web, vneid, "cccd-010", "/account/external/link")
    web.post("/logout")
    user.active = False
    factory.commit()
    page = flashed(web, through_provider(web, vneid, "cccd-010"))
    assert "Tài khoản này đã bị khóa" in page
    assert "Xin chào" not in web.get("/").get_data(as_text=True)


def test_an_answer_with_a_wrong_state_is_refused_and_logged(web, vneid, session, caplog):
    location = vneid.authorize(start(web), "cccd-011")
    parts = urlsplit(location)
    query = parse_qs(parts.query)
    query["state"] = ["gia-mao"]
    forged = urlunsplit(parts._replace(query=urlencode(query, doseq=True)))
    page = flashed(web, web.get(callback_path(forged)))
    assert "đã hết hạn hoặc không hợp lệ" in page
    assert count(session, ExternalIdentity) == 0 and count(session, User) == 0
    assert "external sign-in refused: state missing or not this session's" in caplog.text


def test_an_answer_that_reaches_another_browser_is_refused(web, app, vneid, session):
    location = vneid.authorize(start(web), "cccd-012")
    from tests.conftest import WebClient

    other = WebClient(app.test_client())
    page = flashed(other, other.get(callback_path(location)))
    assert "đã hết hạn hoặc không hợp lệ" in page
    assert count(session, User) == 0


def test_a_forged_code_is_refused(web, vneid, session):
    query = parse_qs(urlsplit(start(web)).query)
    response = web.get("/login/external/callback?" + urlencode(
        {"code": "ma-gia-mao", "state": query["state"][0]}))
    page = flashed(web, response)
    assert "Không xác thực được thông tin từ VNeID" in page
    assert count(session, User) == 0


def test_an_id_token_for_another_nonce_is_refused(web, vneid, session):
    authorization = urlsplit(start(web))
    query = parse_qs(authorization.query)
    query["nonce"] = ["nonce-cua-yeu-cau-khac"]
    tampered = urlunsplit(authorization._replace(query=urlencode(query, doseq=True)))
    location = vneid.authorize(tampered, "cccd-013")
    page = flashed(web, web.get(callback_path(location)))
    assert "Không xác thực được thông tin từ VNeID" in page
    assert count(session, User) == 0


def test_a_refused_consent_is_told(web, vneid, session):
    location = vneid.authorize(start(web), deny=True)
    assert "error=access_denied" in location
    page = flashed(web, web.get(callback_path(location)))
    assert "Bạn đã không đồng ý chia sẻ thông tin từ VNeID" in page


def test_a_provider_that_is_down_is_told(web, app, monkeypatch, session):
    with oidc_provider() as provider:
        configure(app, monkeypatch, provider.issuer)
        location = provider.authorize(start(web), "cccd-014")
    page = flashed(web, web.get(callback_path(location)))  # the code exchange finds no one
    assert "Không kết nối được với VNeID" in page
    assert count(session, User) == 0


def test_a_provider_that_is_down_before_the_start_is_told(web, app, monkeypatch):
    configure(app, monkeypatch, f"http://127.0.0.1:{free_port()}")  # nothing listens there
    page = flashed(web, web.get("/login/external"))
    assert "Không kết nối được với VNeID" in page


def test_an_id_token_from_another_issuer_is_refused(web, app, vneid, monkeypatch, session):
    """A discovery document that names itself the issuer but hands the sign-in to another
    provider (a mix-up): the ID token's ``iss`` is the other provider's, and is refused."""
    real = vneid.metadata()
    with discovery_server({**real, "issuer": "{self}"}) as impostor:
        configure(app, monkeypatch, impostor)
        location = vneid.authorize(start(web), "cccd-015")
        page = flashed(web, web.get(callback_path(location)))
    assert "Không xác thực được thông tin từ VNeID" in page
    assert count(session, User) == 0 and count(session, ExternalIdentity) == 0


def test_a_discovery_document_of_another_issuer_is_refused(web, app, vneid, monkeypatch):
    """The configured issuer's discovery document must name that issuer."""
    with discovery_server(vneid.metadata()) as elsewhere:
        configure(app, monkeypatch, elsewhere)
        page = flashed(web, web.get("/login/external"))
    assert "cấu hình chưa đúng" in page


def test_the_registration_page_needs_an_answer_of_the_provider(web, vneid):
    page = flashed(web, web.get("/login/external/register"))
    assert "đã hết hạn hoặc không hợp lệ" in page


def test_linking_needs_a_signed_in_person(web, vneid):
    response = web.post("/account/external/link")
    assert response.status_code in (302, 401)
    assert "/login" in response.headers.get("Location", "/login")


# --- the same answer submitted twice at once -------------------------------------------------

ISSUER = "https://vneid.example.vn"


def racing(app, session, first, second):
    """``first(own)`` stores in a transaction of its own, not yet committed, while ``second``
    runs as another request would (its checks see nothing yet; its insert waits for the first
    transaction). Returns what the second request got: its result, or the refusal's message."""
    own = Session(session.get_bind())
    first(own)
    got: list = []

    def other_request():
        with app.app_context():
            try:
                got.append(second(db.session()))
                db.session().commit()
            except AccountError as err:
                db.session().rollback()
                got.append(err.message)

    thread = threading.Thread(target=other_request)
    thread.start()
    time.sleep(0.3)
    own.commit()
    own.close()
    thread.join(20)
    return got


def register_as(identity, commune):
    return lambda own: external_services.register_linked_citizen(
        own, identity, full_name="Trần Thị Bình", unit_id=commune.id,
        province=own.get(Unit, own.get(Unit, commune.parent_id).parent_id))


@pytest.mark.parametrize("email", ["binh2@example.vn", None])
def test_a_registration_sent_twice_at_once_makes_one_account(app, session, commune, email):
    identity = ProviderIdentity(ISSUER, "cccd-race", "Trần Thị Bình", email=email)
    got = racing(app, session, register_as(identity, commune), register_as(identity, commune))
    assert got == [external_services.ALREADY_REGISTERED]
    assert count(session, User) == 1 and count(session, ExternalIdentity) == 1


def test_another_subject_registering_a_taken_address_at_once_is_told_to_sign_in(
        app, session, commune):
    first = ProviderIdentity(ISSUER, "cccd-a", "Trần Thị Bình", phone="0912345678")
    second = ProviderIdentity(ISSUER, "cccd-b", "Trần Thị Bình", phone="0912345678")
    got = racing(app, session, register_as(first, commune), register_as(second, commune))
    assert got == [external_services.CONTACT_TAKEN]
    assert count(session, User) == 1


def test_two_callbacks_linking_the_same_subject_link_it_once(app, session, factory):
    user = factory.user()
    factory.commit()
    identity = ProviderIdentity(ISSUER, "cccd-link", "Người Liên Kết")

    def link(own):
        return external_services.link_account(own, own.get(User, user.id), identity).subject

    assert racing(app, session, link, link) == ["cccd-link"]
    assert count(session, ExternalIdentity) == 1


def test_a_subject_linked_to_another_account_at_once_is_refused(app, session, factory):
    one, other = factory.user(), factory.user()
    factory.commit()
    identity = ProviderIdentity(ISSUER, "cccd-link", "Người Liên Kết")

    def link(user):
        return lambda own: external_services.link_account(own, own.get(User, user.id), identity)

    assert racing(app, session, link(one), link(other)) == [external_services.LINKED_ELSEWHERE]
    session.expire_all()
    assert session.exec(select(ExternalIdentity.user_id)).all() == [one.id]


def test_an_account_linking_two_subjects_at_once_keeps_the_first(app, session, factory):
    user = factory.user()
    factory.commit()

    def link(subject):
        return lambda own: external_services.link_account(
            own, own.get(User, user.id), ProviderIdentity(ISSUER, subject, "Người Liên Kết"))

    assert racing(app, session, link("cccd-1"), link("cccd-2")) == [
        external_services.ALREADY_LINKED]
    session.expire_all()
    assert session.exec(select(ExternalIdentity.subject)).all() == ["cccd-1"]


def test_a_registration_undone_by_its_request_leaves_nothing(app, session, commune):
    """The savepoint does not commit on its own (SQLite would, were it the transaction's first
    statement): a request that fails after the registration keeps no account."""
    identity = ProviderIdentity(ISSUER, "cccd-undo", "Trần Thị Bình", email="undo@example.vn")
    with app.app_context():
        register_as(identity, commune)(db.session())
        db.session().rollback()
    assert count(session, User) == 0 and count(session, ExternalIdentity) == 0
