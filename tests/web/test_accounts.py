"""Registration, sign-in, password change and the security baseline."""

import pytest
from sqlmodel import select

from contest.accounts.models import Role, UnitKind, User
from tests.conftest import PASSWORD


@pytest.fixture
def commune(factory):
    unit = factory.unit(name="Xã Đạo Thạnh")
    factory.commit()
    return unit


def register(web, commune, **overrides):
    data = {"full_name": "Nguyễn Văn An", "email": "an@example.vn", "phone": "",
            "unit_id": commune.id, "password": "Hoa2026xy", "confirm": "Hoa2026xy"}
    data.update(overrides)
    web.get("/register")
    return web.post("/register", data)


def test_citizen_registers_and_lands_signed_in(web, commune, session):
    response = register(web, commune)
    assert response.status_code == 302
    home = web.get("/").get_data(as_text=True)
    assert "Xin chào, Nguyễn Văn An" in home
    user = session.exec(select(User).where(User.email == "an@example.vn")).one()
    assert user.role == Role.citizen and user.unit_id == commune.id
    assert user.password_hash.startswith("$argon2id$")


def test_registration_offers_communes_not_the_province(web, commune):
    page = web.get("/register").get_data(as_text=True)
    assert "Xã Đạo Thạnh" in page
    assert "Tỉnh Thử Nghiệm" not in page


@pytest.mark.parametrize("overrides, message", [
    ({"password": "short1", "confirm": "short1"}, "Mật khẩu cần ít nhất 8 ký tự."),
    ({"password": "chichucai", "confirm": "chichucai"}, "Mật khẩu cần có cả chữ và số."),
    ({"confirm": "Khac12345"}, "Hai mật khẩu không khớp."),
    ({"email": "", "phone": ""}, "Cần nhập email hoặc số điện thoại."),
    ({"email": "not-an-email"}, "Email không hợp lệ."),
    ({"phone": "12345"}, "Số điện thoại không hợp lệ"),
    ({"unit_id": 999999}, "Hãy chọn xã, phường hoặc đặc khu nơi bạn cư trú"),
    ({"unit_id": "abc"}, "Hãy chọn xã, phường hoặc đặc khu nơi bạn cư trú"),
    ({"unit_id": "99999999999999999999"}, "Hãy chọn xã, phường hoặc đặc khu nơi bạn cư trú"),  # was a 500
    ({"full_name": ""}, "Trường này là bắt buộc."),
])
def test_bad_registration_is_refused_with_a_message(web, commune, session, overrides, message):
    response = register(web, commune, **overrides)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert session.exec(select(User)).all() == []


def test_unit_of_another_province_is_refused(web, factory, session):
    other = factory.unit(name="Tỉnh Khác", kind=UnitKind.province, code="99")
    elsewhere = factory.unit(name="Phường Khác", kind=UnitKind.ward, parent=other)
    factory.unit(kind=UnitKind.commune)  # makes the home province
    factory.commit()
    response = register(web, elsewhere)
    assert "Hãy chọn xã, phường hoặc đặc khu nơi bạn cư trú" in response.get_data(as_text=True)
    assert session.exec(select(User)).all() == []


def test_duplicate_email_and_phone_create_nothing_and_are_not_named(web, factory, commune,
                                                                    session):
    """The page does not say the address is taken (tests/web/test_registration_privacy.py)."""
    factory.user(email="an@example.vn", phone="0912345678")
    factory.commit()
    for overrides in ({}, {"email": "", "phone": "+84 912 345 678"}):
        body = register(web, commune, **overrides).get_data(as_text=True)
        assert "đã được dùng" not in body and "Kiểm tra tin nhắn của bạn" in body
    assert len(session.exec(select(User)).all()) == 1


def test_login_with_phone_and_wrong_password(web, factory):
    user = factory.user(email=None, phone="0987654321")
    factory.commit()
    bad = web.post("/login", {"login": "0987654321", "password": "Sai12345"})
    assert "Email/số điện thoại hoặc mật khẩu không đúng." in bad.get_data(as_text=True)
    ok = web.post("/login", {"login": "0987 654 321", "password": PASSWORD})
    assert ok.status_code == 302
    assert user.full_name in web.get("/").get_data(as_text=True)


def test_login_is_rate_limited(web, factory):
    user = factory.user()
    factory.commit()
    codes = [web.post("/login", {"login": user.email, "password": "Sai12345"}).status_code
             for _ in range(12)]
    assert codes[-1] == 429
    assert "quá nhiều lần" in web.post("/login", {"login": user.email, "password": "x"}).get_data(as_text=True)


def test_locked_user_with_the_right_password_is_told_the_account_is_locked(web, factory):
    user = factory.user(active=False)
    factory.commit()
    response = web.post("/login", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Tài khoản này đã bị khóa. Vui lòng liên hệ quản trị viên để được mở lại." in body
    assert "mật khẩu không đúng" not in body
    assert web.get("/account").status_code == 302


def test_locked_user_with_a_wrong_password_learns_nothing_about_the_lock(web, factory):
    user = factory.user(active=False)
    factory.commit()
    body = web.post("/login", {"login": user.email, "password": "Sai2026xyz"}).get_data(as_text=True)
    assert "Email/số điện thoại hoặc mật khẩu không đúng." in body
    assert "bị khóa" not in body


@pytest.mark.parametrize("password", ["aaaaaaa1", "12345678a", "matkhau123", "qwerty123",
                                      "Nguyen1990"])
def test_guessable_passwords_are_refused_with_a_vietnamese_hint(web, commune, session, password):
    body = register(web, commune, password=password, confirm=password).get_data(as_text=True)
    assert "Mật khẩu này quá dễ đoán." in body
    assert "Gợi ý: ghép vài từ không liên quan đến nhau" in body
    assert session.exec(select(User)).all() == []


def test_a_guessable_new_password_is_refused_on_change(web, factory):
    user = factory.user()
    factory.commit()
    web.login(user)
    web.get("/account/password")
    body = web.post("/account/password", {"current_password": PASSWORD,
                                          "new_password": "12345678a", "confirm": "12345678a"})
    assert "Mật khẩu này quá dễ đoán." in body.get_data(as_text=True)
    web.client.post("/logout", data={"csrf_token": web.token})
    web.login(user)  # the old password still works


@pytest.mark.parametrize("target, expected", [
    ("/account", "/account"),
    ("https://evil.example/", "/"),
    ("//evil.example/", "/"),
    ("/\\evil.example", "/"),
])
def test_next_redirect_stays_on_site(web, factory, target, expected):
    user = factory.user()
    factory.commit()
    response = web.post("/login", {"login": user.email, "password": PASSWORD, "next": target})
    assert response.headers["Location"] == expected


def test_forged_csrf_token_is_refused(web, factory, session):
    response = web.post("/register", {"full_name": "X", "csrf_token": "forged"}, csrf=False)
    assert response.status_code == 400
    assert "biểu mẫu không hợp lệ" in response.get_data(as_text=True)


def test_official_must_change_given_password(web, factory, session):
    user = factory.user(role=Role.official, must_change_password=True)
    factory.commit()
    web.login(user)
    assert web.get("/").headers["Location"] == "/account/password"
    web.get("/account/password")
    response = web.post("/account/password", {"current_password": PASSWORD,
                                              "new_password": "Moi2026xyz", "confirm": "Moi2026xyz"})
    assert response.status_code == 302
    assert web.get("/").status_code == 200
    session.refresh(user)
    assert not user.must_change_password


def test_password_change_signs_out_other_sessions(app, factory):
    from tests.conftest import WebClient

    user = factory.user()
    factory.commit()
    first, second = WebClient(app.test_client()), WebClient(app.test_client())
    first.login(user)
    second.login(user)
    first.get("/account/password")
    first.post("/account/password", {"current_password": PASSWORD, "new_password": "Moi2026xyz",
                                     "confirm": "Moi2026xyz"})
    assert first.get("/account").status_code == 200
    assert second.get("/account").status_code == 302


def test_wrong_current_password_changes_nothing(web, factory, session):
    user = factory.user()
    factory.commit()
    web.login(user)
    web.get("/account/password")
    body = web.post("/account/password", {"current_password": "Sai123456",
                                          "new_password": "Moi2026xyz", "confirm": "Moi2026xyz"})
    assert "Mật khẩu hiện tại không đúng." in body.get_data(as_text=True)
    web.client.post("/logout", data={"csrf_token": web.token})
    web.login(user)


def test_security_headers_and_cookie_flags(web, factory):
    response = web.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    user = factory.user()
    factory.commit()
    login = web.post("/login", {"login": user.email, "password": PASSWORD})
    cookie = login.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_its_own_home(web, factory, role):
    user = factory.user(role=role)
    factory.commit()
    web.login(user)
    body = web.get("/").get_data(as_text=True)
    expected = {Role.citizen: "Cuộc thi đang mở", Role.official: "Kỳ sát hạch được giao",
                Role.trainer: "Giảng viên / Biên soạn", Role.admin: "Quản trị viên"}[role]
    assert expected in body


@pytest.mark.parametrize("role", [None, Role.citizen])
def test_the_contest_lists_on_home_cost_the_same_queries_for_any_number_of_contests(
        web, factory, statements, role):
    """Each contest on the landing page and the citizen's home read its rounds and its
    participants with queries of its own."""
    user = factory.user(role=role) if role is not None else None
    factory.exam("contest", questions=1)
    factory.commit()
    if user is not None:
        web.login(user)

    def queries_of_home():
        statements.clear()
        body = web.get("/").get_data(as_text=True)
        return len(statements), body.count("/exams/")

    few, shown = queries_of_home()
    for _ in range(3):
        factory.exam("contest", questions=1)
    factory.commit()
    many, shown_now = queries_of_home()
    assert shown_now > shown and many == few


@pytest.mark.parametrize("code, text", [(404, "Không tìm thấy trang")])
def test_error_pages_are_vietnamese(web, code, text):
    response = web.get("/khong-co-trang-nay")
    assert response.status_code == code
    assert text in response.get_data(as_text=True)


def test_session_ping_requires_login_and_csrf(web, factory):
    assert web.post("/session/ping").status_code == 302
    user = factory.user()
    factory.commit()
    web.login(user)
    web.get("/")
    assert web.post("/session/ping").status_code == 204
    assert web.post("/session/ping", csrf=False).status_code == 400
