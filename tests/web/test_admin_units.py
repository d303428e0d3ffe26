"""The organisation tree: create, rename, move (no cycles), deactivate (confirmed); full pages
and htmx."""

import pytest
from sqlmodel import select

from contest.accounts.models import Role, Unit, UnitKind

CYCLE = "Không thể chuyển một đơn vị vào chính nó hoặc đơn vị trực thuộc nó."


@pytest.fixture
def tree(factory):
    province = factory.province()
    district = factory.unit(name="Huyện Cái Bè", kind=UnitKind.district, parent=province)
    other = factory.unit(name="Huyện Chợ Gạo", kind=UnitKind.district, parent=province)
    commune = factory.unit(name="Xã An Hữu", parent=district)
    department = factory.unit(name="Sở Nội vụ", kind=UnitKind.department, parent=province)
    factory.commit()
    return {"province": province, "district": district, "other": other, "commune": commune,
            "department": department}


@pytest.fixture
def admin(web, factory, tree):
    user = factory.user(role=Role.admin, unit=tree["department"])
    factory.commit()
    web.login(user)
    return user


def reload(session, unit):
    session.expire_all()
    return session.get(Unit, unit.id)


def test_tree_page_nests_units_and_strikes_inactive_ones(web, admin, tree, session):
    tree["other"].active = False
    session.commit()
    page = web.get("/admin/units").get_data(as_text=True)
    assert page.index("Tỉnh Thử Nghiệm") < page.index("Huyện Cái Bè") < page.index("Xã An Hữu")
    assert page.index("Sở Nội vụ") < page.index("Huyện Cái Bè") < page.index("Huyện Chợ Gạo")
    assert '<span class="inactive">Huyện Chợ Gạo</span>' in page
    assert '<span class="badge">Xã</span>' in page


@pytest.mark.parametrize("kind, parent", [
    ("district", "province"),
    ("department", "province"),
    ("commune", "district"),
    ("commune", "province"),  # two-level local government (2025): commune under the province
])
def test_admin_creates_a_unit(web, admin, tree, session, kind, parent):
    response = web.post("/admin/units", {"name": "Đơn vị Mới", "kind": kind,
                                         "parent_id": tree[parent].id, "code": "N1"})
    assert response.status_code == 302
    unit = session.exec(select(Unit).where(Unit.name == "Đơn vị Mới")).one()
    assert (unit.kind, unit.parent_id, unit.code) == (kind, tree[parent].id, "N1")
    assert "Đã thêm đơn vị «Đơn vị Mới»." in web.get(response.headers["Location"]).get_data(
        as_text=True)


@pytest.mark.parametrize("data, message", [
    ({"kind": "commune", "parent": "department"},
     "Xã, phường, thị trấn phải trực thuộc một tỉnh hoặc một huyện."),
    ({"kind": "district", "parent": "district"}, "Huyện, quận, thị xã phải trực thuộc một tỉnh."),
    ({"kind": "province", "parent": "province"}, "Cấp tỉnh không trực thuộc đơn vị nào."),
    ({"kind": "district", "parent": None}, "Huyện, quận, thị xã phải trực thuộc một tỉnh."),
    ({"kind": "commune", "parent": "district", "name": "xã an hữu"},
     "Đã có đơn vị tên «xã an hữu» ở cùng cấp trực thuộc."),
    ({"kind": "district", "parent": "province", "code": "82"},
     "Mã đơn vị này đã được dùng cho đơn vị khác."),
    ({"kind": "district", "parent": "province", "name": ""}, "Trường này là bắt buộc."),
    ({"kind": "hamlet", "parent": "province"}, "Hãy chọn cấp đơn vị trong danh sách."),
])
def test_bad_unit_is_refused_next_to_its_field(web, admin, tree, session, data, message):
    before = len(session.exec(select(Unit)).all())
    parent = tree[data["parent"]].id if data["parent"] else ""
    response = web.post("/admin/units", {"name": data.get("name", "Đơn vị Mới"),
                                         "kind": data["kind"], "parent_id": parent,
                                         "code": data.get("code", "")})
    assert response.status_code == 200
    assert '<p class="error"' in response.get_data(as_text=True)
    assert message in response.get_data(as_text=True)
    assert len(session.exec(select(Unit)).all()) == before


def test_rename_without_javascript_redirects_to_the_tree(web, admin, tree, session):
    url = f"/admin/units/{tree['commune'].id}/rename"
    page = web.get(url).get_data(as_text=True)
    assert "<html" in page and 'value="Xã An Hữu"' in page
    response = web.post(url, {"name": "Xã An Hữu Mới"})
    assert response.status_code == 302
    assert reload(session, tree["commune"]).name == "Xã An Hữu Mới"


def test_inline_rename_with_htmx_swaps_the_line(web, admin, tree, session):
    url = f"/admin/units/{tree['commune'].id}/rename"
    form = web.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in form and f'hx-post="{url}"' in form
    response = web.post(url, {"name": "Xã Mỹ Thành"}, htmx=True)
    line = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in line
    assert f'id="unit-{tree["commune"].id}"' in line and "Xã Mỹ Thành" in line
    assert reload(session, tree["commune"]).name == "Xã Mỹ Thành"


def test_inline_rename_error_comes_back_as_a_fragment(web, admin, tree):
    response = web.post(f"/admin/units/{tree['commune'].id}/rename", {"name": ""}, htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert "Trường này là bắt buộc." in body


def test_move_commune_to_another_district_returns_the_tree_to_htmx(web, admin, tree, session):
    response = web.post(f"/admin/units/{tree['commune'].id}/move",
                        {"parent_id": tree["other"].id}, htmx=True)
    assert response.status_code == 200
    assert response.headers["HX-Retarget"] == "#unit-tree"
    assert '<div id="unit-tree">' in response.get_data(as_text=True)
    assert reload(session, tree["commune"]).parent_id == tree["other"].id


def test_move_form_offers_only_allowed_parents(web, admin, tree):
    page = web.get(f"/admin/units/{tree['district'].id}/move").get_data(as_text=True)
    assert f'value="{tree["province"].id}"' in page
    assert f'value="{tree["other"].id}"' not in page  # a district sits under a province only


@pytest.mark.parametrize("moved, target", [("district", "district"), ("district", "commune"),
                                           ("commune", "commune")])
def test_move_under_itself_or_a_descendant_is_refused(web, admin, tree, session, moved, target):
    response = web.post(f"/admin/units/{tree[moved].id}/move", {"parent_id": tree[target].id})
    assert response.status_code == 200
    assert CYCLE in response.get_data(as_text=True)
    assert reload(session, tree[moved]).parent_id == tree[moved].parent_id


def test_move_under_a_kind_not_allowed_is_refused(web, admin, tree, session):
    response = web.post(f"/admin/units/{tree['district'].id}/move",
                        {"parent_id": tree["other"].id}, htmx=True)
    body = response.get_data(as_text=True)
    assert "Huyện, quận, thị xã phải trực thuộc một tỉnh." in body and "<html" not in body
    assert reload(session, tree["district"]).parent_id == tree["province"].id


def test_deactivated_unit_is_no_longer_offered_to_registrants(web, admin, tree, session):
    assert "Xã An Hữu" in web.get("/register").get_data(as_text=True)
    response = web.post(f"/admin/units/{tree['commune'].id}/active",
                        {"active": "0", "confirm": "y"}, htmx=True)
    assert 'class="inactive"' in response.get_data(as_text=True)
    assert reload(session, tree["commune"]).active is False
    web.post("/logout")
    page = web.get("/register").get_data(as_text=True)
    assert "Xã An Hữu" not in page  # and the district alone is no residence (two-level, 2025)


def test_deactivating_a_district_hides_its_communes_until_reactivated(web, admin, tree, session):
    web.post(f"/admin/units/{tree['district'].id}/active", {"active": "0", "confirm": "y"})
    web.post("/logout")
    assert "Xã An Hữu" not in web.get("/register").get_data(as_text=True)
    web.login(admin)
    response = web.post(f"/admin/units/{tree['district'].id}/active", {"active": "1"})
    assert response.status_code == 302
    assert reload(session, tree["district"]).active is True
    web.post("/logout")
    assert "Xã An Hữu" in web.get("/register").get_data(as_text=True)


def test_deactivating_asks_first_on_its_own_page_without_javascript(web, admin, tree, factory,
                                                                     session):
    factory.user(role=Role.official, unit=tree["commune"])
    factory.commit()
    url = f"/admin/units/{tree['district'].id}/active"
    line = web.get("/admin/units").get_data(as_text=True)
    assert f'href="{url}"' in line  # a link to the question, not a button that deactivates
    page = web.get(url).get_data(as_text=True)
    assert "<html" in page and "Ngừng hoạt động đơn vị" in page
    assert "cùng 1 đơn vị trực thuộc" in page and "1 tài khoản thuộc đơn vị vẫn giữ nguyên" in page
    assert 'type="checkbox"' in page and "required" in page

    refused = web.post(url, {"active": "0"})
    assert refused.status_code == 200 and "<html" in refused.get_data(as_text=True)
    assert "Hãy đánh dấu ô xác nhận trước khi tiếp tục." in refused.get_data(as_text=True)
    assert reload(session, tree["district"]).active is True

    done = web.post(url, {"active": "0", "confirm": "y"})
    assert done.status_code == 302
    assert reload(session, tree["district"]).active is False


def test_inline_confirmation_with_htmx(web, admin, tree, session):
    url = f"/admin/units/{tree['commune'].id}/active"
    form = web.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in form and f'hx-post="{url}"' in form
    assert f'id="unit-{tree["commune"].id}"' in form and "Hủy" in form
    refused = web.post(url, {"active": "0"}, htmx=True)
    body = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "<html" not in body
    assert "Hãy đánh dấu ô xác nhận trước khi tiếp tục." in body
    assert reload(session, tree["commune"]).active is True
    line = web.post(url, {"active": "0", "confirm": "y"}, htmx=True).get_data(as_text=True)
    assert "Đã ngừng hoạt động đơn vị «Xã An Hữu»." in line
    assert reload(session, tree["commune"]).active is False
    # Reactivating is one click, and there is nothing to confirm any more.
    assert f'hx-post="{url}"' in line and "Cho hoạt động lại" in line
    assert web.get(url).status_code == 302


def test_commune_directly_under_the_province_is_offered_to_registrants(web, factory, tree):
    factory.unit(name="Phường Mỹ Tho", kind=UnitKind.commune, parent=tree["province"])
    factory.commit()
    assert "Phường Mỹ Tho" in web.get("/register").get_data(as_text=True)
