"""Every import is bounded: past the cap a file is refused, read no further than the cap.

The oversized files are built here; most use a low cap, so the files stay small. One test per
streaming path reads a real large file and checks where the reading stopped.
"""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest

from contest.admin.official_sheet import HEADERS, SheetError, parse_officials
from question_bank import formats
from question_bank.formats import FORMATS, TooManyItems, spreadsheet
from question_bank.formats.base import ItemCap, ParseResult
from question_bank.formats.xlsx_package import count_filled_rows
from tests.bench.import_bench import mixed_records


def written(count: int, fmt: str) -> bytes:
    return formats.write(mixed_records(count, fmt), fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_file_at_the_cap_is_read_and_one_question_more_is_refused(fmt):
    data = written(7, fmt)
    assert len(formats.parse(data, fmt, max_questions=7).questions) == 7
    with pytest.raises(TooManyItems) as err:
        formats.parse(data, fmt, max_questions=6)
    assert err.value.limit == 6 and err.value.line > 0
    assert err.value.message.startswith("Tệp có hơn 6 câu hỏi (đã dừng đọc ở dòng ")
    assert err.value.message.endswith("mỗi tệp tối đa 6 câu hỏi.")


def test_the_refusal_names_the_line_where_reading_stopped():
    data = "".join(f"::Q{n}:: Câu {n}? {{T}}\n\n" for n in range(1, 6)).encode()
    with pytest.raises(TooManyItems) as err:
        formats.parse(data, "gift", max_questions=3)
    assert err.value.line == 7  # the fourth question, on lines 1, 3, 5, 7
    assert err.value.message == ("Tệp có hơn 3 câu hỏi (đã dừng đọc ở dòng 7); hãy chia thành "
                                 "nhiều tệp, mỗi tệp tối đa 3 câu hỏi.")


def test_the_default_cap_is_twenty_thousand():
    assert formats.MAX_QUESTIONS == ItemCap().limit == 20_000


@pytest.mark.parametrize(("fmt", "source"), [
    ("csv", "Loại câu hỏi,Nội dung câu hỏi\n" + "Không rõ,Câu?\n" * 4),
    ("aiken", "ANSWER: A\n" * 4),
    ("gift", "Câu hỏi {=a\n\n" * 4),
    ("moodle-xml", "<quiz>" + '<question type="cloze"/>' * 4 + "</quiz>"),
])
def test_errors_and_skipped_items_count_like_questions(fmt, source):
    assert len(formats.parse(source.encode(), fmt, max_questions=4).questions) == 0
    with pytest.raises(TooManyItems):
        formats.parse(source.encode(), fmt, max_questions=3)


@pytest.mark.parametrize("fmt", ["gift", "aiken"])
def test_text_padded_with_blank_lines_stops_after_fifty_lines_a_question(fmt):
    source = "Câu hỏi?\nA. Có\nB. Không\nANSWER: A\n" if fmt == "aiken" else "Hỏi? {T}\n"
    with pytest.raises(TooManyItems) as err:
        formats.parse((source + "\n" * 1000).encode(), fmt, max_questions=10)
    assert err.value.line == 502 and "quá nhiều dòng, kể cả dòng trống" in err.value.message


def test_a_sheet_padded_with_blank_rows_stops_after_ten_rows_a_question():
    workbook = openpyxl.Workbook()
    workbook.active.append(["Loại câu hỏi", "Nội dung câu hỏi"])
    workbook.active.append(["Tự luận", "Câu hỏi?"])
    workbook.active.cell(row=100_000, column=1, value="Tự luận")
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(TooManyItems) as err:
        formats.parse(buffer.getvalue(), "xlsx", max_questions=10)
    assert err.value.line == 102 and "hơn 100 dòng" in err.value.message


def test_csv_line_longer_than_any_row_needs_is_refused():
    source = "Loại câu hỏi,Nội dung câu hỏi\nTự luận," + "x" * 2_000_001 + "\n"
    with pytest.raises(formats.FormatError, match="Dòng 2 của tệp CSV dài quá 2.000.000 ký tự"):
        formats.parse(source.encode(), "csv")


def test_moodle_xml_question_with_absurdly_many_elements_is_refused():
    source = '<quiz><question type="essay">' + "<a/>" * 10_001 + "</question></quiz>"
    with pytest.raises(formats.FormatError, match="Câu hỏi ở dòng 1 có hơn 10.000 thẻ XML"):
        formats.parse(source.encode(), "moodle-xml")


def test_moodle_xml_elements_outside_questions_are_scanned_too():
    source = "<quiz>" + "<a/>" * 1001 + "</quiz>"
    with pytest.raises(TooManyItems, match="Tệp XML có quá nhiều thẻ"):
        formats.parse(source.encode(), "moodle-xml", max_questions=10)


def test_an_xlsx_with_more_markup_than_the_cap_can_need_is_refused_before_it_is_opened():
    data = raw_xlsx(20_000)  # some 240,000 tags; 100 questions allow 60,000
    with pytest.raises(TooManyItems) as err:
        formats.parse(data, "xlsx", max_questions=100)
    assert err.value.message == ("Tệp Excel chứa nhiều dữ liệu hơn một tệp 100 câu hỏi có thể "
                                 "cần; hãy chia thành nhiều tệp nhỏ hơn.")


# --- real large files: the reading stops early ----------------------------------------------


def test_a_200k_row_csv_is_refused_at_the_row_past_the_default_cap():
    source = "Loại câu hỏi,Nội dung câu hỏi\n" + "".join(
        f"Tự luận,Câu hỏi số {n}?\n" for n in range(200_000))
    with pytest.raises(TooManyItems) as err:
        formats.parse(source.encode(), "csv")
    assert err.value.line == 20_002  # header + 20,000 questions, then one too many


def test_the_row_reader_is_not_drained_past_the_cap():
    """The table reader shared by CSV and xlsx pulls rows one at a time and stops at the cap."""
    pulled = 0

    def rows():
        nonlocal pulled
        yield 1, ["Loại câu hỏi", "Nội dung câu hỏi"]
        for number in range(2, 200_002):
            pulled += 1
            yield number, ["Tự luận", f"Câu {number}?"]

    with pytest.raises(TooManyItems):
        spreadsheet.parse_table(rows(), ParseResult("csv", cap=ItemCap(1000)))
    assert pulled == 1001


def test_a_large_xlsx_is_refused_on_its_filled_rows_before_a_row_is_parsed():
    data = raw_xlsx(150_000)  # within the tag budget of 20,000 questions
    with pytest.raises(TooManyItems) as err:
        formats.parse(data, "xlsx")
    assert err.value.line == 20_002 and "Tệp có hơn 20.000 câu hỏi" in err.value.message
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    stream = ReadCounter(sheet)
    with pytest.raises(TooManyItems):
        count_filled_rows(stream, ItemCap())
    assert stream.read_bytes < len(sheet) // 4


def test_the_officials_sheet_goes_through_the_same_cap():
    workbook = openpyxl.Workbook()
    workbook.active.append(list(HEADERS))
    for n in range(4):
        workbook.active.append([f"Người {n}", f"n{n}@x.vn", "", "Xã A", "Văn thư", "Tư pháp"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert len(parse_officials(buffer.getvalue(), max_rows=4).rows) == 4
    with pytest.raises(SheetError) as err:
        parse_officials(buffer.getvalue(), max_rows=3)
    assert err.value.params == {"max": "3", "line": 5, "noun": "cán bộ"}
    assert err.value.message % err.value.params == (
        "Tệp có hơn 3 cán bộ (đã dừng đọc ở dòng 5); hãy chia thành nhiều tệp, "
        "mỗi tệp tối đa 3 cán bộ.")


def test_a_large_officials_sheet_is_refused_before_its_rows_are_read():
    data = raw_xlsx(40_000, header=HEADERS)
    with pytest.raises(SheetError) as err:
        parse_officials(data)
    assert err.value.params["line"] == 5002


class ReadCounter(io.BytesIO):
    """A byte stream that remembers how much was read of it."""

    read_bytes = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.read_bytes += len(chunk)
        return chunk


def raw_xlsx(rows: int, header=("Loại câu hỏi", "Nội dung câu hỏi")) -> bytes:
    """An .xlsx of ``rows`` essay rows under ``header``, its sheet XML written directly (as a
    hostile file would be: openpyxl would take minutes to write a million rows)."""
    workbook = openpyxl.Workbook()
    workbook.active.append(list(header))
    buffer = io.BytesIO()
    workbook.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                head, tail = data.decode().split("</sheetData>")
                head = re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="A1:B{rows + 1}"', head)
                body = "".join(f'<row><c t="inlineStr"><is><t>Tự luận</t></is></c><c><v>{n}</v>'
                               "</c></row>" for n in range(rows))
                data = (head + body + "</sheetData>" + tail).encode()
            zf.writestr(info, data)
    return out.getvalue()
