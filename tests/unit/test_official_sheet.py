"""The officials' import sheet: a pure parser, tested without an app."""

import io
import zipfile

import openpyxl
import pytest

from contest.admin import official_sheet
from contest.admin.official_sheet import (
    HEADERS,
    NOT_XLSX,
    OfficialRow,
    SheetError,
    parse_officials,
    template_xlsx,
)


def xlsx(*rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_template_has_the_headers_and_parses_to_no_rows():
    data = template_xlsx()
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert tuple(c.value for c in sheet[1]) == HEADERS == (
        "Họ và tên", "Email", "Số điện thoại", "Đơn vị", "Vị trí việc làm", "Lĩnh vực")
    result = parse_officials(data)
    assert result.rows == [] and result.problems == []


def test_rows_keep_spreadsheet_numbers_and_skip_blank_rows():
    data = xlsx(HEADERS,
                ["  Nguyễn  Văn An ", "an@xa.vn", None, "Xã An Hữu", "Văn thư", "Tư pháp"],
                [None, None, None, None, None, None],
                ["Lê Chí", None, 912345678, "X01", "Văn thư", "Đất đai"])
    result = parse_officials(data)
    assert result.rows == [
        OfficialRow(2, "Nguyễn Văn An", "an@xa.vn", "", "Xã An Hữu", "Văn thư", "Tư pháp"),
        OfficialRow(4, "Lê Chí", "", "0912345678", "X01", "Văn thư", "Đất đai"),
    ]


def test_headers_match_in_any_order_ignoring_case_and_diacritics():
    data = xlsx(["LINH VUC", "ho va ten", "Ghi chú", "đơn vị", "email", "SỐ ĐIỆN THOẠI",
                 "Vị trí việc làm"],
                ["CNTT", "Trần Bình", "bỏ qua", "Sở Nội vụ", "b@s.vn", "0987654321", "Lãnh đạo"])
    (row,) = parse_officials(data).rows
    assert (row.full_name, row.field, row.unit, row.phone) == ("Trần Bình", "CNTT", "Sở Nội vụ",
                                                               "0987654321")


def test_missing_columns_are_named():
    with pytest.raises(SheetError) as err:
        parse_officials(xlsx(["Họ và tên", "Email", "Đơn vị"]))
    assert err.value.params["columns"] == "Số điện thoại, Vị trí việc làm, Lĩnh vực"


def test_formula_is_a_row_problem_with_its_cell():
    data = xlsx(HEADERS, ["An", "=A1&\"@x.vn\"", "", "Xã A", "Văn thư", "Tư pháp"])
    result = parse_officials(data)
    assert [(p.row, p.params) for p in result.problems] == [(2, {"cell": "B2"})]
    assert "công thức" in result.problems[0].message


def _zip(**members) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


@pytest.mark.parametrize("data", [
    b"",
    b"Ho va ten,Email\nAn,an@x.vn\n",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,  # an old .xls
    _zip(**{"hello.txt": "not a workbook"}),
    xlsx(HEADERS)[:300],  # truncated
])
def test_what_is_not_an_xlsx_is_refused(data):
    with pytest.raises(SheetError) as err:
        parse_officials(data)
    assert err.value.message.startswith(NOT_XLSX)  # an old .xls is told how to convert it
    assert NOT_XLSX == "Tệp không phải Excel (.xlsx) hợp lệ."


def test_empty_sheet_is_refused():
    with pytest.raises(SheetError, match="không có dữ liệu"):
        parse_officials(xlsx())


def test_more_rows_than_the_cap_are_refused():
    assert official_sheet.MAX_ROWS == 5000
    rows = [[f"Người {n}", f"n{n}@x.vn", "", "Xã A", "Văn thư", "Tư pháp"] for n in range(4)]
    assert len(parse_officials(xlsx(HEADERS, *rows[:3]), max_rows=3).rows) == 3
    with pytest.raises(SheetError) as err:
        parse_officials(xlsx(HEADERS, *rows), max_rows=3)
    assert err.value.params == {"max": "3", "line": 5, "noun": "cán bộ"}


def test_a_zip_that_would_inflate_too_far_is_refused(monkeypatch):
    monkeypatch.setattr(official_sheet, "MAX_UNCOMPRESSED", 1000)
    with pytest.raises(SheetError, match="quá lớn khi giải nén"):
        parse_officials(_zip(**{"xl/big.xml": "x" * 5000}))


# --- Drop-down lists ----------------------------------------------------------------------------

LISTS = official_sheet.TemplateLists(
    units=["Sở Tư pháp", "Xã An Hữu", "P1CG"], positions=["Văn thư"],
    fields=[f"Lĩnh vực số {n} có một cái tên khá dài để vượt giới hạn" for n in range(20)],
    unit_codes=[("P1CG", "Phường 1 (Huyện Chợ Gạo)")])


def validations_of(data: bytes) -> dict[str, tuple[str, str]]:
    """Validated range -> (type, formula) on the officials' sheet."""
    sheet = openpyxl.load_workbook(io.BytesIO(data))[official_sheet.SHEET_TITLE]
    return {str(v.sqref): (v.type, v.formula1) for v in sheet.data_validations.dataValidation}


def test_unit_position_and_field_get_lists_down_to_the_row_cap():
    data = template_xlsx(max_rows=300, lists=LISTS)
    assert validations_of(data) == {
        "D2:D301": ("list", "'Danh mục'!$A$1:$A$3"),
        "E2:E301": ("list", "'Danh mục'!$B$1:$B$1"),
        "F2:F301": ("list", "'Danh mục'!$C$1:$C$20"),  # far past Excel's 255 inline characters
    }
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    hidden = workbook["Danh mục"]
    assert hidden.sheet_state == "hidden"
    assert [c.value for c in hidden["A"] if c.value] == LISTS.units
    assert [c.value for c in hidden["C"]][-1] == LISTS.fields[-1]
    guide = [row[0] for row in workbook["Hướng dẫn"].iter_rows(values_only=True)]
    assert "P1CG: Phường 1 (Huyện Chợ Gạo)" in guide
    assert parse_officials(data).rows == []  # the lists are not officials


def test_an_empty_catalogue_gets_no_list():
    data = template_xlsx(lists=official_sheet.TemplateLists(units=["Sở Tư pháp"]))
    assert list(validations_of(data)) == [f"D2:D{official_sheet.MAX_ROWS + 1}"]
