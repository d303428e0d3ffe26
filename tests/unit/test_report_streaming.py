"""Streamed CSV and .xlsx downloads: what a spreadsheet reads back, and the first bytes early."""

import io
from datetime import datetime

import openpyxl

from contest.reports.streaming import content_disposition, csv_stream, sheet_title, xlsx_stream


def test_csv_has_a_bom_and_keeps_formulas_as_text():
    text = "".join(csv_stream(["Tên", "Điểm"], [["=HYPERLINK(\"x\")", -1.5], [None, "Lan"]]))
    assert text.startswith("\ufeffTên,Điểm\r\n")
    assert "'=HYPERLINK" in text and ",-1.5\r\n" in text and "\r\n,Lan\r\n" in text


def test_an_xlsx_opens_with_its_sheets_rows_and_types():
    rows = [[1, "Người 1", "=1+1", 0.5, None, True, datetime(2026, 12, 6, 7, 30)]]
    data = b"".join(xlsx_stream([("Kết quả: đợt 1/2", ["Số", "Tên", "Công thức", "Tỷ lệ", "Trống", "Có", "Lúc"], rows),
                                 ("Kết quả: đợt 1/2", ["Một"], [])]))
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Kết quả  đợt 1 2", "Kết quả  đợt 1 2 (2)"]
    values = list(book.worksheets[0].iter_rows(values_only=True))
    assert values[1] == (1, "Người 1", "=1+1", 0.5, None, True, "2026-12-06 07:30:00")
    assert book.worksheets[0]["A1"].font.b


def test_the_first_bytes_leave_before_the_last_row_is_made():
    made = []

    def rows():
        for n in range(5000):
            made.append(n)
            yield [n]

    stream = xlsx_stream([("A", ["n"], rows())])
    first = b""
    while not first:
        first = next(stream)
    assert first.startswith(b"PK") and len(made) < 5000


def test_sheet_titles_and_file_names():
    taken = set()
    assert sheet_title("x" * 40, taken) == "x" * 31
    assert sheet_title("x" * 40, taken) == "x" * 27 + " (2)"
    header = content_disposition("Phân tích: Đợt 1", "csv")
    assert 'filename="phan-tich-dot-1.csv"' in header and "filename*=UTF-8''Ph%C3%A2n" in header
