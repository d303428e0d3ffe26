"""Bulk import of officials from .xlsx: every row valid, or nothing is created."""

import io
import re

import openpyxl
import pytest
from sqlmodel import select

from contest.accounts.models import Role, UnitKind, User
from contest.admin.official_sheet import HEADERS


@pytest.fixture
def org(factory):
    province = factory.province()
    district = factory.unit(name="Huyện Cái Bè", kind=UnitKind.district, parent=province)
    other = factory.unit(name="Huyện Chợ Gạo", kind=UnitKind.district, parent=province)
    made = {
        "commune": factory.unit(name="Xã An Hữu", parent=district, code="28435"),
        "department": factory.unit(name="Sở Tư pháp", kind=UnitKind.department, parent=province),
        "ward_a": factory.unit(name="Phường 1", parent=district),
        "ward_b": factory.unit(name="Phường 1", parent=other, code="P1CG"),
        "position": factory.position("Công chức Tư pháp - Hộ tịch"),
        "field": factory.field("Tư pháp"),
    }
    factory.commit()
    return made


@pytest.fixture
def admin(web, factory, org):
    user = factory.user(role=Role.admin, unit=org["department"], email="admin@so.vn")
    factory.commit()
    web.login(user)
    return user


def xlsx(*rows, headers=HEADERS) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(list(headers))
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(web, data: bytes, filename="can-bo.xlsx"):
    web.get("/admin/users/import")
    return web.post("/admin/users/import", {"file": (io.BytesIO(data), filename)})


def officials(session):
    session.expire_all()
    return session.exec(select(User).where(User.role == Role.official)).all()


GOOD = [
    ["Nguyễn Văn An", "an@xa.vn", "", "Xã An Hữu", "Công chức Tư pháp - Hộ tịch", "Tư pháp"],
    ["Trần Thị Bình", "", "0912 345 678", "P1CG", "công chức tư pháp - hộ tịch", "TƯ PHÁP"],
    ["Lê Chí", "Chi@So.vn", "0987654321", "Sở Tư pháp", "Công chức Tư pháp - Hộ tịch", "Tư pháp"],
]


def test_template_download(web, admin):
    response = web.client.get("/admin/users/import/template.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert "attachment" in response.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).worksheets[0]
    assert [c.value for c in sheet[1]] == list(HEADERS)


def test_import_creates_every_official_and_shows_passwords_once(web, admin, org, session):
    response = upload(web, xlsx(*GOOD))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Đã tạo 3 tài khoản cán bộ" in page
    passwords = re.findall(r'<code class="password">([A-Za-z0-9]+)</code>', page)
    assert len(passwords) == 3 and len(set(passwords)) == 3
    created = {u.login_name: u for u in officials(session)}
    assert set(created) == {"an@xa.vn", "0912345678", "chi@so.vn"}
    assert created["0912345678"].unit_id == org["ward_b"].id
    assert all(u.must_change_password and u.job_position_id == org["position"].id
               and u.field_id == org["field"].id for u in created.values())
    assert not any(p in u.password_hash for p in passwords for u in created.values())

    web.post("/logout")
    web.login(created["an@xa.vn"], password=passwords[0])
    assert web.get("/").headers["Location"] == "/account/password"


def test_bad_rows_are_listed_by_row_number_and_nothing_is_created(web, admin, org, session):
    rows = [GOOD[0],
            ["Trần Thị Bình", "", "0912345678", "Xã Không Có", "Công chức Tư pháp - Hộ tịch",
             "Tư pháp"],
            GOOD[2],
            ["Lê Văn Dũng", "AN@xa.vn", "12345", "Phường 1", "Kế toán", ""]]
    page = upload(web, xlsx(*rows)).get_data(as_text=True)
    assert "chưa tài khoản nào được tạo" in page
    assert re.findall(r"<tr><td>(\d+)</td>", page) == ["3", "5", "5", "5", "5", "5"]
    for message in ("Không tìm thấy đơn vị «Xã Không Có» (tên hoặc mã) đang hoạt động.",
                    "«an@xa.vn» trùng với dòng 2 trong tệp.",
                    "Số điện thoại «12345» không hợp lệ",
                    "Có 2 đơn vị cùng tên «Phường 1»; hãy ghi mã đơn vị thay cho tên.",
                    "Không có vị trí việc làm «Kế toán» trong danh mục.",
                    "Thiếu lĩnh vực."):
        assert message in page
    assert officials(session) == []


def test_email_already_used_by_an_account_is_refused(web, admin, org, session):
    row = ["Võ Tùng", "ADMIN@so.vn", "", "Xã An Hữu", "Công chức Tư pháp - Hộ tịch", "Tư pháp"]
    page = upload(web, xlsx(GOOD[0], row)).get_data(as_text=True)
    assert "«admin@so.vn» đã được dùng cho một tài khoản khác." in page
    assert officials(session) == []


@pytest.mark.parametrize("row, message", [
    (["", "x@x.vn", "", "Xã An Hữu", "Công chức Tư pháp - Hộ tịch", "Tư pháp"], "Thiếu họ và tên."),
    (["An", "", "", "Xã An Hữu", "Công chức Tư pháp - Hộ tịch", "Tư pháp"],
     "Cần email hoặc số điện thoại."),
    (["An", "an@@x", "", "Xã An Hữu", "Công chức Tư pháp - Hộ tịch", "Tư pháp"],
     "Email «an@@x» không hợp lệ."),
    (["An", "a@x.vn", "", "=\"Xã \"&\"An Hữu\"", "Công chức Tư pháp - Hộ tịch", "Tư pháp"],
     "Ô D2 chứa công thức"),
])
def test_row_problems(web, admin, org, session, row, message):
    assert message in upload(web, xlsx(row)).get_data(as_text=True)
    assert officials(session) == []


@pytest.mark.parametrize("data, filename, message", [
    (b"not a spreadsheet", "can-bo.xlsx", "Tệp không phải Excel (.xlsx) hợp lệ."),
    (b"Ho ten,Email\n", "can-bo.csv", "Chỉ nhận tệp Excel (.xlsx)."),
    (xlsx(headers=["Họ và tên", "Email"]), "can-bo.xlsx", "Thiếu cột: Số điện thoại, Đơn vị"),
    (xlsx(), "can-bo.xlsx", "Tệp không có dòng dữ liệu nào."),
])
def test_unreadable_files_are_refused(web, admin, session, data, filename, message):
    response = upload(web, data, filename)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert officials(session) == []


def test_no_file_chosen(web, admin):
    web.get("/admin/users/import")
    page = web.post("/admin/users/import", {}).get_data(as_text=True)
    assert "Hãy chọn tệp Excel (.xlsx) để tải lên." in page


def test_upload_larger_than_the_limit_is_refused(web, admin, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 2000)
    response = upload(web, b"x" * 5000)
    assert response.status_code == 413
    assert "Tệp tải lên quá lớn." in response.get_data(as_text=True)


def test_template_lists_offer_what_the_import_accepts_and_round_trip(web, admin, org, factory,
                                                                     session):
    """Drop-downs for unit, position and field read the deployment's active lists from a hidden
    sheet; same-named units appear by code; a sheet filled from the lists imports."""
    closed = factory.unit(name="Huyện Đã Nhập", kind=UnitKind.district, active=False)
    factory.unit(name="Xã Con Của Đơn Vị Đóng", parent=closed)
    old_position, old_field = factory.position("Vị trí cũ"), factory.field("Lĩnh vực cũ")
    old_position.active = old_field.active = False
    factory.position("Chuyên viên một cửa")
    factory.commit()

    response = web.client.get("/admin/users/import/template.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet, hidden = workbook.worksheets[0], workbook["Danh mục"]
    assert hidden.sheet_state == "hidden"
    columns = {letter: [c.value for c in hidden[letter] if c.value] for letter in "ABC"}
    units, positions, fields = columns["A"], columns["B"], columns["C"]
    assert "Xã An Hữu" in units and "Sở Tư pháp" in units
    assert "P1CG" in units and "Phường 1" not in units  # two "Phường 1": only the coded one
    assert not {"Huyện Đã Nhập", "Xã Con Của Đơn Vị Đóng"} & set(units)
    assert positions == ["Chuyên viên một cửa", "Công chức Tư pháp - Hộ tịch"]
    assert fields == ["Tư pháp"]
    cap = web.client.application.config["IMPORT_MAX_OFFICIALS"]
    ranges = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert ranges == {f"D2:D{cap + 1}": f"'Danh mục'!$A$1:$A${len(units)}",
                      f"E2:E{cap + 1}": "'Danh mục'!$B$1:$B$2",
                      f"F2:F{cap + 1}": "'Danh mục'!$C$1:$C$1"}

    for n, unit in enumerate(units):
        sheet.append([f"Cán bộ {n}", f"cb{n}@xa.vn", None, unit, positions[n % 2], fields[0]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    page = upload(web, buffer.getvalue()).get_data(as_text=True)
    assert f"Đã tạo {len(units)} tài khoản cán bộ" in page
    by_email = {u.email: u for u in officials(session)}
    assert by_email[f"cb{units.index('P1CG')}@xa.vn"].unit_id == org["ward_b"].id
