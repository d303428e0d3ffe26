"""An admin imports officials and hands out their passwords on a phone: the passwords read as
cards at 360 px, and the Excel file downloads once without leaving the page."""

import io

import openpyxl
import pytest

from contest.accounts.models import Role, UnitKind
from contest.admin.official_sheet import HEADERS
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

LONG_EMAIL = "nguyenthiminhkhai.congchuc.tuphap@xaanhuu.caibe.tiengiang.gov.vn"


@pytest.fixture
def admin(page, factory):
    province = factory.province()
    district = factory.unit(name="Huyện Cái Bè", kind=UnitKind.district, parent=province)
    factory.unit(name="Xã An Hữu", parent=district)
    factory.position("Công chức Tư pháp - Hộ tịch")
    factory.field("Tư pháp")
    user = factory.user(role=Role.admin, unit=district, full_name="Võ Thanh Tùng")
    factory.commit()
    page.goto(page.base_url + "/login")
    page.get_by_label("Email hoặc số điện thoại").fill(user.email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("heading", name="Xin chào, Võ Thanh Tùng").wait_for()
    return user


def officials_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(list(HEADERS))
    for name, email, phone in (("Nguyễn Thị Minh Khai", LONG_EMAIL, ""),
                               ("Trần Văn Bình", "", "0912345678")):
        workbook.active.append([name, email, phone, "Xã An Hữu", "Công chức Tư pháp - Hộ tịch",
                                "Tư pháp"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_passwords_read_as_cards_at_360px_and_download_once(page, admin):
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto(page.base_url + "/admin/users/import")
    page.get_by_label("Tệp Excel danh sách cán bộ (.xlsx)").set_input_files(files=[{
        "name": "can-bo.xlsx", "buffer": officials_xlsx(),
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    page.get_by_role("heading", name="Đã tạo 2 tài khoản cán bộ").wait_for()

    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    passwords = page.locator("code.password")
    assert passwords.count() == 2
    for index in range(2):
        box = passwords.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360  # whole, without scrolling
    login = page.get_by_text(LONG_EMAIL)
    assert login.bounding_box()["x"] + login.bounding_box()["width"] <= 360
    shown = passwords.all_inner_texts()

    with page.expect_download() as download:  # Chromium gives the opener page the download
        page.get_by_role("button", name="Tải danh sách mật khẩu (Excel)").click()
    assert download.value.suggested_filename.startswith("mat-khau-ban-dau-")
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert [row[3] for row in sheet.iter_rows(min_row=3, values_only=True)] == shown
    assert page.get_by_role("heading", name="Đã tạo 2 tài khoản cán bộ").is_visible()

    with page.expect_popup() as second:
        page.get_by_role("button", name="Tải danh sách mật khẩu (Excel)").click()
    second.value.get_by_text("Tệp mật khẩu này đã được tải về hoặc đã hết hạn").wait_for()
    assert page.locator("code.password").all_inner_texts() == shown  # still on screen
