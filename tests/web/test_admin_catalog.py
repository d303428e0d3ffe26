"""Job positions and fields: list, create, rename, deactivate; names unique ignoring case."""

import pytest
from sqlmodel import select

from contest.accounts.models import Field, JobPosition, Role

KINDS = [("positions", JobPosition), ("fields", Field)]
DUPLICATE = "đã có trong danh sách (không phân biệt chữ hoa, chữ thường)."


@pytest.fixture
def admin(web, factory):
    user = factory.user(role=Role.admin)
    factory.commit()
    web.login(user)
    return user


@pytest.fixture
def items(factory):
    made = {"positions": factory.position("Chuyên viên một cửa"), "fields": factory.field("Đất đai")}
    factory.commit()
    return made


@pytest.mark.parametrize("kind, model", KINDS)
def test_admin_creates_an_item(web, admin, session, kind, model):
    response = web.post(f"/admin/{kind}", {"name": "  Văn thư   lưu trữ "})
    assert response.status_code == 302
    assert session.exec(select(model.name)).all() == ["Văn thư lưu trữ"]
    page = web.get(f"/admin/{kind}").get_data(as_text=True)
    assert "Đã thêm «Văn thư lưu trữ»." in page


@pytest.mark.parametrize("kind, model", KINDS)
def test_duplicate_name_ignoring_case_is_refused(web, admin, items, session, kind, model):
    name = items[kind].name.upper()
    response = web.post(f"/admin/{kind}", {"name": name})
    assert response.status_code == 200
    assert DUPLICATE in response.get_data(as_text=True)
    assert len(session.exec(select(model)).all()) == 1


@pytest.mark.parametrize("kind, model", KINDS)
def test_inline_rename_with_htmx(web, admin, items, session, kind, model):
    url = f"/admin/{kind}/{items[kind].id}/rename"
    form = web.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in form and "<tr" in form
    row = web.post(url, {"name": "Tên mới"}, htmx=True).get_data(as_text=True)
    assert "<html" not in row and f'id="item-{items[kind].id}"' in row and "Tên mới" in row
    session.expire_all()
    assert session.get(model, items[kind].id).name == "Tên mới"


def test_rename_to_another_items_name_is_refused(web, admin, factory, items, session):
    other = factory.position("Văn thư")
    factory.commit()
    response = web.post(f"/admin/positions/{other.id}/rename", {"name": "chuyên viên MỘT CỬA"})
    assert DUPLICATE in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(JobPosition, other.id).name == "Văn thư"


def test_rename_page_without_javascript(web, admin, items):
    page = web.get(f"/admin/fields/{items['fields'].id}/rename").get_data(as_text=True)
    assert "<html" in page and 'value="Đất đai"' in page
    response = web.post(f"/admin/fields/{items['fields'].id}/rename", {"name": "Đất đai - Môi trường"})
    assert response.status_code == 302


def test_deactivated_item_is_no_longer_offered(web, admin, items, session):
    row = web.post(f"/admin/positions/{items['positions'].id}/active", {"active": "0"},
                   htmx=True).get_data(as_text=True)
    assert "Ngừng dùng" in row and 'class="inactive"' in row
    session.expire_all()
    assert session.get(JobPosition, items["positions"].id).active is False
    form = web.get("/admin/users/new").get_data(as_text=True)
    assert "Chuyên viên một cửa" not in form and "Đất đai" in form


def test_unknown_item_is_404(web, admin):
    assert web.get("/admin/fields/999/rename").status_code == 404
