"""An admin edits the unit tree inline and filters users, with htmx in a real browser."""

import pytest

from contest.accounts.models import Role, UnitKind
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def signed_in_admin(page, factory):
    province = factory.province()
    district = factory.unit(name="Huyện Cái Bè", kind=UnitKind.district, parent=province)
    factory.unit(name="Huyện Chợ Gạo", kind=UnitKind.district, parent=province)
    commune = factory.unit(name="Xã An Hữu", parent=district)
    admin = factory.user(role=Role.admin, unit=commune, full_name="Võ Thanh Tùng")
    factory.user(role=Role.official, unit=commune, full_name="Nguyễn Văn An")
    factory.commit()
    page.goto(page.base_url + "/login")
    page.get_by_label("Email hoặc số điện thoại").fill(admin.email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("heading", name="Xin chào, Võ Thanh Tùng").wait_for()
    return commune


def test_inline_rename_move_and_deactivate(page, signed_in_admin):
    commune = signed_in_admin
    page.goto(page.base_url + "/admin/units")
    line = page.locator(f"#unit-{commune.id}")
    line.get_by_role("link", name="Đổi tên").click()
    page.get_by_label("Tên mới").fill("Xã An Hữu Mới")
    page.get_by_role("button", name="Lưu").click()
    page.locator(f"#unit-{commune.id}").get_by_text("Xã An Hữu Mới", exact=True).wait_for()
    assert page.url.endswith("/admin/units")  # swapped in place, no navigation

    page.locator(f"#unit-{commune.id}").get_by_role("link", name="Chuyển").click()
    page.get_by_label("Chuyển vào đơn vị").select_option(label="— Huyện Chợ Gạo")
    page.locator(f"#unit-{commune.id}").get_by_role("button", name="Chuyển").click()
    page.get_by_text("Đã chuyển đơn vị «Xã An Hữu Mới».").wait_for()

    page.locator(f"#unit-{commune.id}").get_by_role("link", name="Ngừng hoạt động…").click()
    line = page.locator(f"#unit-{commune.id}")
    line.get_by_role("button", name="Ngừng hoạt động").click()  # the box is not ticked yet
    assert line.get_by_role("checkbox").evaluate("box => !box.validity.valid")
    line.get_by_label("Tôi xác nhận ngừng hoạt động đơn vị này.").check()
    line.get_by_role("button", name="Ngừng hoạt động").click()
    page.locator(f"#unit-{commune.id} .inactive").wait_for()
    assert page.url.endswith("/admin/units")


def test_user_filter_swaps_the_table_and_pushes_the_url(page, signed_in_admin):
    page.goto(page.base_url + "/admin/users")
    page.get_by_label("Vai trò").select_option(value="official")
    page.wait_for_url("**/admin/users?*role=official*")
    assert page.locator("#user-table").get_by_text("Nguyễn Văn An").is_visible()
    assert page.locator("#user-table").get_by_text("Võ Thanh Tùng").count() == 0
    page.get_by_label("Tìm theo tên, email, số điện thoại").fill("NGUYỄN")
    page.get_by_role("button", name="Tìm").click()
    page.wait_for_url("**q=NGUY*")
    assert page.locator("#user-table").get_by_text("Nguyễn Văn An").is_visible()
