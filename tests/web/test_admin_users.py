"""Accounts: search and filter (full page and htmx fragment), lock (confirmed) and unlock,
create staff."""

import re

import pytest
from sqlmodel import select

from contest.accounts.models import Role, UnitKind, User


@pytest.fixture
def org(factory):
    province = factory.province()
    district = factory.unit(name="Huyện Cái Bè", kind=UnitKind.district, parent=province)
    other = factory.unit(name="Huyện Chợ Gạo", kind=UnitKind.district, parent=province)
    commune = factory.unit(name="Xã An Hữu", parent=district)
    department = factory.unit(name="Sở Thông tin và Truyền thông", kind=UnitKind.department,
                              parent=province)
    factory.commit()
    return {"district": district, "other": other, "commune": commune, "department": department}


@pytest.fixture
def admin(web, factory, org):
    user = factory.user(role=Role.admin, unit=org["department"], full_name="Võ Thanh Tùng")
    factory.commit()
    web.login(user)
    return user


@pytest.fixture
def people(factory, org):
    made = {
        "an": factory.user(role=Role.official, unit=org["commune"], full_name="Nguyễn Văn An",
                           email="an@xa.vn", phone="0912345678"),
        "binh": factory.user(role=Role.citizen, unit=org["district"], full_name="Trần Thị Bình",
                             email="binh@gmail.com"),
        "chi": factory.user(role=Role.official, unit=org["other"], full_name="Lê Chí",
                            email="chi@huyen.vn"),
    }
    factory.commit()
    return made


def names(response):
    return set(re.findall(r'<span class="(?:inactive)?">([^<]+)</span>',
                          response.get_data(as_text=True)))


@pytest.mark.parametrize("query, expected", [
    ("q=NGUYỄN", {"Nguyễn Văn An"}),  # Vietnamese capitals fold on SQLite too
    ("q=thị+bình", {"Trần Thị Bình"}),
    ("q=GMAIL", {"Trần Thị Bình"}),
    ("q=0912+345", {"Nguyễn Văn An"}),  # a phone typed with spaces
    ("q=091234", {"Nguyễn Văn An"}),
    ("q=%2B8491234", {"Nguyễn Văn An"}),
    ("role=official", {"Nguyễn Văn An", "Lê Chí"}),
    ("unit_id={district}", {"Nguyễn Văn An", "Trần Thị Bình"}),  # descendants included
    ("unit_id={district}&role=citizen", {"Trần Thị Bình"}),
    ("q=%25", set()),  # a LIKE wildcard is searched for literally
])
def test_search_and_filter(web, admin, org, people, query, expected):
    response = web.get("/admin/users?" + query.format(district=org["district"].id))
    assert response.status_code == 200
    assert names(response) - {"Võ Thanh Tùng"} == expected


def test_htmx_request_gets_only_the_table(web, admin, people):
    response = web.get("/admin/users?q=an", headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in body and body.lstrip().startswith('<div id="user-table"')
    assert "Nguyễn Văn An" in body
    full = web.get("/admin/users?q=an").get_data(as_text=True)
    assert "<html" in full and 'hx-push-url="true"' in full and 'id="user-table"' in full


def test_users_are_paginated_by_fifty(web, admin, factory, org):
    for n in range(55):
        factory.user(role=Role.citizen, unit=org["commune"], full_name=f"Người dân {n:02d}")
    factory.commit()
    first = web.get("/admin/users?role=citizen").get_data(as_text=True)
    assert "55 tài khoản" in first and "trang 1/2" in first
    assert "/admin/users?role=citizen&amp;page=2" in first
    second = web.get("/admin/users?role=citizen&page=2", headers={"HX-Request": "true"})
    assert len(names(second)) == 5


def test_admin_locks_and_unlocks_an_account(web, admin, people, session):
    target = people["chi"]
    token = target.session_token
    row = web.post(f"/admin/users/{target.id}/active", {"active": "0", "confirm": "y"},
                   htmx=True)
    assert "<html" not in row.get_data(as_text=True) and "Đã khóa" in row.get_data(as_text=True)
    session.expire_all()
    locked = session.get(User, target.id)
    assert locked.active is False and locked.session_token != token
    response = web.post(f"/admin/users/{target.id}/active",
                        {"active": "1", "next": "/admin/users?q=chi"})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/users?q=chi"
    session.expire_all()
    assert session.get(User, target.id).active is True


def test_locking_asks_first_on_a_page_that_works_without_javascript(web, admin, people,
                                                                     session):
    target = people["chi"]
    row = web.get("/admin/users?q=chi").get_data(as_text=True)
    confirm_url = f"/admin/users/{target.id}/active?next=/admin/users?q%3Dchi"
    assert f'href="{confirm_url}"' in row  # a link to the question, not a button that locks
    page = web.get(confirm_url).get_data(as_text=True)
    assert "Khóa tài khoản?" in page and "chi@huyen.vn" in page
    assert 'type="checkbox"' in page and "required" in page
    assert 'name="next" type="hidden" value="/admin/users?q=chi"' in page

    refused = web.post(f"/admin/users/{target.id}/active",
                       {"active": "0", "next": "/admin/users?q=chi"})
    assert refused.status_code == 200
    assert "Hãy đánh dấu ô xác nhận trước khi tiếp tục." in refused.get_data(as_text=True)
    session.expire_all()
    assert session.get(User, target.id).active is True

    done = web.post(f"/admin/users/{target.id}/active",
                    {"active": "0", "confirm": "y", "next": "/admin/users?q=chi"})
    assert done.status_code == 302 and done.headers["Location"] == "/admin/users?q=chi"
    session.expire_all()
    assert session.get(User, target.id).active is False
    assert "Đã khóa tài khoản." in web.get("/admin/users?q=chi").get_data(as_text=True)


def test_htmx_lock_without_confirmation_changes_nothing(web, admin, people, session):
    target = people["chi"]
    row = web.post(f"/admin/users/{target.id}/active", {"active": "0"}, htmx=True)
    body = row.get_data(as_text=True)
    assert row.status_code == 200 and body.startswith(f'<tr id="user-{target.id}"')
    assert "Hãy đánh dấu ô xác nhận trước khi tiếp tục." in body
    session.expire_all()
    assert session.get(User, target.id).active is True


def test_the_only_admin_cannot_lock_themselves(web, admin, session):
    response = web.post(f"/admin/users/{admin.id}/active", {"active": "0", "confirm": "y"},
                        htmx=True)
    assert "Đây là quản trị viên cuối cùng đang hoạt động" in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(User, admin.id).active is True


def test_admin_cannot_lock_themselves_even_with_another_admin(web, admin, factory, org,
                                                              session):
    factory.user(role=Role.admin, unit=org["department"])
    factory.commit()
    response = web.post(f"/admin/users/{admin.id}/active", {"active": "0", "confirm": "y"},
                        htmx=True)
    assert "Bạn không thể tự khóa tài khoản của chính mình." in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(User, admin.id).active is True


@pytest.fixture
def staff_form(org, factory):
    position, field = factory.position("Chuyên viên một cửa"), factory.field("Đất đai")
    factory.commit()
    return {"full_name": "Phạm Minh Đức", "email": "duc@xa.vn", "phone": "", "role": "official",
            "unit_id": org["commune"].id, "job_position_id": position.id, "field_id": field.id}


def test_created_official_sees_the_password_once_and_must_change_it(web, admin, staff_form,
                                                                     session):
    response = web.post("/admin/users/new", staff_form)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Mật khẩu chỉ hiển thị một lần" in page
    password = re.search(r'<code class="password">([A-Za-z0-9]+)</code>', page).group(1)
    user = session.exec(select(User).where(User.email == "duc@xa.vn")).one()
    assert user.role == Role.official and user.must_change_password
    assert password not in user.password_hash
    assert password not in web.get("/admin/users?q=duc").get_data(as_text=True)

    web.post("/logout")
    web.login(user, password=password)
    response = web.get("/")
    assert response.status_code == 302 and response.headers["Location"] == "/account/password"


@pytest.mark.parametrize("overrides, message", [
    ({"email": "an@xa.vn"}, "Email này đã được dùng cho một tài khoản khác."),
    ({"email": "", "phone": "0912345678"}, "Số điện thoại này đã được dùng cho một tài khoản khác."),
    ({"email": "", "phone": ""}, "Cần nhập email hoặc số điện thoại."),
    ({"job_position_id": ""}, "Cán bộ, công chức cần có vị trí việc làm và lĩnh vực."),
    ({"field_id": ""}, "Cán bộ, công chức cần có vị trí việc làm và lĩnh vực."),
    ({"unit_id": "999"}, "Hãy chọn đơn vị đang hoạt động trong danh sách."),
    ({"role": "citizen"}, "Hãy chọn vai trò trong danh sách (người dân tự đăng ký)."),
    ({"role": "boss"}, "Hãy chọn vai trò trong danh sách (người dân tự đăng ký)."),
])
def test_bad_staff_account_is_refused(web, admin, people, staff_form, session, overrides,
                                      message):
    before = len(session.exec(select(User)).all())
    response = web.post("/admin/users/new", staff_form | overrides)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert len(session.exec(select(User)).all()) == before


def test_trainer_needs_no_position_or_field(web, admin, staff_form, session):
    data = staff_form | {"role": "trainer", "job_position_id": "", "field_id": ""}
    assert "Mật khẩu ban đầu" in web.post("/admin/users/new", data).get_data(as_text=True)
    assert session.exec(select(User).where(User.email == "duc@xa.vn")).one().role == Role.trainer


def test_deactivated_unit_is_not_offered_for_new_staff(web, admin, org, session):
    org["other"].active = False
    session.commit()
    page = web.get("/admin/users/new").get_data(as_text=True)
    assert "Huyện Chợ Gạo" not in page and "Xã An Hữu" in page
