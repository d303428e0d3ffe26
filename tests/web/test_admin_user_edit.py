"""An admin edits an account (name, contact, role, unit, position, field) and resets its
password; an admin never locks themselves or the province out."""

import re

import pytest
from sqlmodel import select

from contest.accounts.models import Role, UnitKind, User
from tests.conftest import PASSWORD, WebClient

LAST_ADMIN = "Đây là quản trị viên cuối cùng đang hoạt động; hãy chỉ định một quản trị viên khác trước."
SELF_DEMOTE = ("Bạn không thể tự bỏ vai trò quản trị viên của chính mình; hãy nhờ một quản trị "
               "viên khác.")


@pytest.fixture
def org(factory):
    province = factory.province()
    district = factory.unit(name="Huyện Cái Bè", kind=UnitKind.district, parent=province)
    made = {
        "district": district,
        "commune": factory.unit(name="Xã An Hữu", parent=district),
        "other": factory.unit(name="Xã Mỹ Lợi", parent=district),
        "department": factory.unit(name="Sở Nội vụ", kind=UnitKind.department, parent=province),
        "position": factory.position("Chuyên viên một cửa"),
        "new_position": factory.position("Công chức Tư pháp - Hộ tịch"),
        "field": factory.field("Đất đai"),
        "new_field": factory.field("Tư pháp"),
    }
    factory.commit()
    return made


@pytest.fixture
def admin(web, factory, org):
    user = factory.user(role=Role.admin, unit=org["department"], full_name="Võ Thanh Tùng",
                        email="tung@so.vn")
    factory.commit()
    web.login(user)
    return user


@pytest.fixture
def official(factory, org):
    user = factory.user(role=Role.official, unit=org["commune"], full_name="Nguyễn Văn An",
                        email="an@xa.vn", job_position_id=org["position"].id,
                        field_id=org["field"].id)
    factory.commit()
    return user


def form_of(user, **changes):
    data = {"full_name": user.full_name, "email": user.email or "", "phone": user.phone or "",
            "role": user.role.value, "unit_id": user.unit_id,
            "job_position_id": user.job_position_id or "", "field_id": user.field_id or ""}
    return data | changes


def reload(session, user):
    session.expire_all()
    return session.get(User, user.id)


def test_edit_page_shows_the_account_and_saves_every_field(web, admin, official, org, session):
    url = f"/admin/users/{official.id}/edit?next=/admin/users?q%3Dan"
    page = web.get(url).get_data(as_text=True)
    assert "<html" in page and "Sửa tài khoản" in page and 'value="Nguyễn Văn An"' in page
    assert "Đặt lại mật khẩu" in page and "Khóa tài khoản" in page
    response = web.post(url, form_of(
        official, full_name="  Nguyễn Văn Ân ", email="An.Moi@XA.vn", phone="+84 912 000 111",
        role="trainer", unit_id=org["other"].id, job_position_id=org["new_position"].id,
        field_id=org["new_field"].id, next="/admin/users?q=an"))
    assert response.status_code == 302 and response.headers["Location"] == "/admin/users?q=an"
    user = reload(session, official)
    assert (user.full_name, user.email, user.phone, user.role) == (
        "Nguyễn Văn Ân", "an.moi@xa.vn", "0912000111", Role.trainer)
    assert (user.unit_id, user.job_position_id, user.field_id) == (
        org["other"].id, org["new_position"].id, org["new_field"].id)
    assert "Đã lưu tài khoản «Nguyễn Văn Ân»." in web.get("/admin/users?q=an").get_data(
        as_text=True)


def test_the_users_list_links_each_name_to_its_edit_page(web, admin, official):
    page = web.get("/admin/users?q=an").get_data(as_text=True)
    assert f'href="/admin/users/{official.id}/edit?next=' in page


@pytest.mark.parametrize("changes, message", [
    ({"email": "TUNG@so.vn"}, "Email này đã được dùng cho một tài khoản khác."),
    ({"phone": "0912 345 678", "email": ""}, "Số điện thoại này đã được dùng cho một tài khoản khác."),
    ({"phone": "12345"}, "Số điện thoại không hợp lệ (ví dụ: 0912345678)."),
    ({"email": "", "phone": ""}, "Cần nhập email hoặc số điện thoại."),
    ({"job_position_id": ""}, "Cán bộ, công chức cần có vị trí việc làm và lĩnh vực."),
    ({"unit_id": "999"}, "Hãy chọn đơn vị đang hoạt động trong danh sách."),
    ({"role": "boss"}, "Hãy chọn vai trò trong danh sách."),
    ({"role": "citizen", "unit_id": "department"},
     "Người dân cần có nơi cư trú là một xã, phường hoặc đặc khu đang hoạt động trong tỉnh."),
    ({"full_name": ""}, "Trường này là bắt buộc."),
])
def test_bad_edit_is_refused_and_changes_nothing(web, admin, official, org, factory, session,
                                                 changes, message):
    factory.user(role=Role.citizen, unit=org["commune"], phone="0912345678", email=None)
    factory.commit()
    if changes.get("unit_id") == "department":
        changes = changes | {"unit_id": org["department"].id}
    response = web.post(f"/admin/users/{official.id}/edit", form_of(official, **changes))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    user = reload(session, official)
    assert (user.email, user.role, user.job_position_id) == (
        "an@xa.vn", Role.official, org["position"].id)


def test_a_unit_or_field_deactivated_since_is_kept_but_not_chosen_anew(web, admin, official, org,
                                                                       session):
    org["commune"].active = False
    org["field"].active = False
    session.commit()
    url = f"/admin/users/{official.id}/edit"
    page = web.get(url).get_data(as_text=True)
    assert "Xã An Hữu" in page and "Đất đai" in page  # still shown as the current values
    kept = web.post(url, form_of(official, full_name="An Mới"))
    assert kept.status_code == 302 and reload(session, official).full_name == "An Mới"

    moved = web.post(url, form_of(official, unit_id=org["district"].id,
                                  field_id=org["new_field"].id))
    assert moved.status_code == 302
    back = web.post(url, form_of(reload(session, official), unit_id=org["commune"].id))
    assert "Hãy chọn đơn vị đang hoạt động trong danh sách." in back.get_data(as_text=True)
    back = web.post(url, form_of(reload(session, official), field_id=org["field"].id))
    assert "Hãy chọn trong danh sách đang dùng." in back.get_data(as_text=True)
    user = reload(session, official)
    assert (user.unit_id, user.field_id) == (org["district"].id, org["new_field"].id)


def test_the_only_admin_cannot_demote_themselves(web, admin, session):
    response = web.post(f"/admin/users/{admin.id}/edit", form_of(admin, role="official"))
    assert response.status_code == 200
    assert LAST_ADMIN in response.get_data(as_text=True)
    assert reload(session, admin).role == Role.admin


def test_an_admin_cannot_demote_themselves_while_another_admin_exists(web, admin, factory, org,
                                                                      session):
    factory.user(role=Role.admin, unit=org["department"])
    factory.commit()
    response = web.post(f"/admin/users/{admin.id}/edit", form_of(admin, role="trainer"))
    assert SELF_DEMOTE in response.get_data(as_text=True)
    assert reload(session, admin).role == Role.admin
    renamed = web.post(f"/admin/users/{admin.id}/edit", form_of(admin, full_name="Võ Tùng"))
    assert renamed.status_code == 302 and reload(session, admin).full_name == "Võ Tùng"


def test_an_admin_may_demote_another_admin(web, admin, factory, org, session):
    other = factory.user(role=Role.admin, unit=org["department"])
    factory.commit()
    response = web.post(f"/admin/users/{other.id}/edit", form_of(other, role="trainer"))
    assert response.status_code == 302
    assert reload(session, other).role == Role.trainer


def test_a_locked_admin_does_not_count_as_the_remaining_admin(web, admin, factory, org, session):
    factory.user(role=Role.admin, unit=org["department"], active=False)
    factory.commit()
    response = web.post(f"/admin/users/{admin.id}/edit", form_of(admin, role="official",
                                                                job_position_id=org["position"].id,
                                                                field_id=org["field"].id))
    assert LAST_ADMIN in response.get_data(as_text=True)
    assert reload(session, admin).role == Role.admin


# --- Password reset ---------------------------------------------------------------------------


def test_reset_asks_first_then_shows_a_one_time_password_once(app, web, admin, official,
                                                              session):
    elsewhere = WebClient(app.test_client())  # the official, signed in on another device
    elsewhere.login(official)
    assert elsewhere.get("/account").status_code == 200
    old_hash, old_token = official.password_hash, official.session_token

    url = f"/admin/users/{official.id}/password"
    question = web.get(url).get_data(as_text=True)
    assert "Đặt lại mật khẩu?" in question and "đăng xuất khỏi mọi thiết bị" in question
    assert reload(session, official).password_hash == old_hash  # asking changes nothing

    response = web.post(url, {})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Đã đặt lại mật khẩu" in page
    assert "Mật khẩu chỉ hiển thị một lần" in page
    assert response.headers["Cache-Control"] == "no-store"
    password = re.search(r'<code class="password">([A-Za-z0-9]+)</code>', page).group(1)
    user = reload(session, official)
    assert user.must_change_password and user.session_token != old_token
    assert user.password_hash != old_hash and password not in user.password_hash
    assert password not in web.get(f"/admin/users/{official.id}/edit").get_data(as_text=True)

    signed_out = elsewhere.get("/account")  # the other device's session has ended
    assert signed_out.status_code == 302 and signed_out.headers["Location"].startswith("/login")
    again = WebClient(app.test_client())
    old = again.post("/login", {"login": "an@xa.vn", "password": PASSWORD})
    assert old.status_code == 200  # the old password no longer works
    again.login(user, password=password)
    assert again.get("/").headers["Location"] == "/account/password"  # must change it now


def test_an_admin_changes_their_own_password_elsewhere(web, admin, session):
    response = web.post(f"/admin/users/{admin.id}/password", {})
    assert "Hãy đổi mật khẩu của chính bạn ở trang Đổi mật khẩu." in response.get_data(
        as_text=True)
    assert reload(session, admin).must_change_password is False


def test_the_users_count_is_unchanged_by_editing(web, admin, official, session):
    before = len(session.exec(select(User)).all())
    web.post(f"/admin/users/{official.id}/edit", form_of(official, full_name="An"))
    assert len(session.exec(select(User)).all()) == before
