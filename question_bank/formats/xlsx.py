"""Excel workbooks (.xlsx): one question a row, as laid out in ``spreadsheet``. Pure: no Flask.

Reading is defensive and bounded: ``xlsx_package.open_sheet`` refuses a zip bomb, a package
with more XML than the question cap can need and a sheet with more filled rows than the cap
before openpyxl reads a row; openpyxl parses the XML inside with defusedxml, which is
installed; rows are then streamed and counted (``base.ItemCap``). A cell holding a formula is
an error on its row: we import values, never recompute them.

``write`` and ``template_xlsx`` produce the same layout: a "Câu hỏi" sheet (header, then one row
a question, drop-down lists on the type and difficulty columns) and a "Hướng dẫn" sheet that
explains each column, so an export can be edited and imported again.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import Any

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from question_bank.formats import spreadsheet
from question_bank.formats.base import (
    MAX_QUESTIONS,
    N_,
    FormatError,
    ItemCap,
    ParseResult,
    Problem,
)
from question_bank.formats.xlsx_package import (
    MAX_UNCOMPRESSED,
    NOT_XLSX,
    open_sheet,
)
from question_bank.records import Choice, QuestionRecord

NAME = "xlsx"
SHEET_TITLE = "Câu hỏi"
GUIDE_TITLE = "Hướng dẫn"
_WRAPPED = {"stem", "options", "correct", "explanation"}
#: Width and explanation of each column, for the "Hướng dẫn" sheet.
_GUIDE = {
    "type": (
        16,
        N_(
            "Bắt buộc. Chọn trong danh sách: Một lựa chọn, Nhiều lựa chọn, Đúng/Sai, "
            "Trả lời ngắn, Số, Ghép cặp, Sắp xếp, Tự luận."
        ),
    ),
    "category": (
        24,
        N_('Chủ đề của câu hỏi; chủ đề con viết sau dấu "/", ví dụ: Dịch vụ công / Mức độ 4.'),
    ),
    "title": (20, N_("Tên ngắn để dễ tìm câu hỏi (không bắt buộc).")),
    "stem": (50, N_("Bắt buộc. Nội dung câu hỏi; xuống dòng bằng Alt+Enter.")),
    "options": (
        45,
        N_(
            'Mỗi phương án một dòng (Alt+Enter) hoặc ngăn cách bằng " | "; có thể ghi '
            '"A. " ở đầu. Ghép cặp: "vế trái -> vế phải" mỗi dòng ("-> vế phải" '
            'là phương án nhiễu). Sắp xếp: các mục theo đúng thứ tự. Số: "giá trị:sai '
            'số", "nhỏ nhất..lớn nhất" hoặc một số.'
        ),
    ),
    "correct": (
        16,
        N_(
            'Câu lựa chọn: chữ cái "A, C" hoặc số thứ tự "1, 3"; phương án được một '
            'phần điểm ghi kèm phần trăm, ví dụ "A, B=50%". Đúng/Sai: '
            '"Đúng" hoặc "Sai". Trả lời ngắn: các đáp án được chấp nhận, ngăn '
            'cách bằng " | ".'
        ),
    ),
    "explanation": (35, N_("Giải thích đáp án, hiện khi xem lại bài.")),
    "difficulty": (14, N_("Dễ, Trung bình hoặc Khó; để trống là Trung bình.")),
    "positions": (24, N_('Các vị trí việc làm, ngăn cách bằng ";".')),
    "fields": (24, N_('Các lĩnh vực quản lý, ngăn cách bằng ";".')),
    "tags": (20, N_('Các thẻ, ngăn cách bằng ";".')),
}

#: The template's example rows, one per type shown.
EXAMPLES = (
    QuestionRecord(
        type="single_choice",
        category=("Dịch vụ công trực tuyến",),
        title="Mức độ 4",
        stem="Dịch vụ công trực tuyến mức độ 4 cho phép người dân làm gì?",
        choices=[
            Choice("Chỉ xem thông tin về thủ tục hành chính", 0.0),
            Choice("Tải mẫu đơn về điền rồi nộp trực tiếp", 0.0),
            Choice("Nộp hồ sơ, thanh toán lệ phí và nhận kết quả trực tuyến", 1.0),
            Choice("Gửi thư góp ý cho cơ quan nhà nước", 0.0),
        ],
        explanation="Mức độ 4 là mức cao nhất: mọi bước đều thực hiện trên môi trường mạng.",
        difficulty="easy",
        tags=["dịch vụ công"],
    ),
    QuestionRecord(
        type="multiple_choice",
        category=("Một cửa điện tử",),
        title="Tra cứu hồ sơ",
        stem="Người dân có thể tra cứu tình trạng hồ sơ bằng những cách nào?",
        choices=[
            Choice("Nhập mã hồ sơ trên Cổng dịch vụ công", 0.5),
            Choice("Quét mã QR trên giấy tiếp nhận", 0.5),
            Choice("Gửi thư tay đến Sở", -0.5),
        ],
        positions=["Công chức Văn phòng - Thống kê"],
        fields=["Công nghệ thông tin"],
    ),
    QuestionRecord(
        type="true_false",
        category=("Chính quyền điện tử",),
        stem="Văn bản điện tử có chữ ký số hợp lệ có giá trị pháp lý như văn bản giấy.",
        correct=True,
        difficulty="medium",
    ),
    QuestionRecord(
        type="short_answer",
        category=("Chính quyền điện tử",),
        stem='Viết tắt của "Công nghệ thông tin" là gì?',
        choices=[Choice("CNTT", 1.0), Choice("C.N.T.T", 1.0)],
        difficulty="hard",
    ),
)


def parse(
    data: bytes, *, max_questions: int = MAX_QUESTIONS, max_uncompressed: int = MAX_UNCOMPRESSED
) -> ParseResult:
    """Read the "Câu hỏi" sheet (or the first sheet); row problems go to ``errors``.

    The file is opened within ``max_questions`` (``xlsx_package.open_sheet``), then its rows are
    streamed (openpyxl's read-only mode, the first ``spreadsheet.MAX_COLUMNS`` columns) and
    counted: past the cap the file is refused with ``TooManyItems``.
    """
    result = ParseResult(NAME, cap=ItemCap(max_questions))
    workbook, sheet = open_sheet(data, result.cap, SHEET_TITLE, max_uncompressed)
    try:
        spreadsheet.parse_table(_rows(sheet, result), result)
    except FormatError:
        raise
    except Exception as exc:
        raise FormatError(NOT_XLSX) from exc
    finally:
        workbook.close()
    return result


def _rows(sheet: Any, result: ParseResult) -> Iterator[tuple[int, list[Any]]]:
    """(row number, values) for each row; a row with a formula becomes an error instead (and is
    scanned here, since ``parse_table`` never sees it).

    Cells are read with their type, not ``values_only``: only the type tells a formula from
    text that starts with "=".
    """
    number = 0
    for cells in sheet.iter_rows(max_col=spreadsheet.MAX_COLUMNS):
        number = next((c.row for c in cells if getattr(c, "row", None)), number + 1)
        formulas = [i for i, cell in enumerate(cells) if cell.data_type == "f"]
        if formulas:
            result.cap.scan(number)
            for index in formulas:
                cell = f"{get_column_letter(index + 1)}{number}"
                result.add_error(
                    Problem(
                        number, N_("Ô %(cell)s chứa công thức; hãy dán giá trị.") % {"cell": cell}
                    )
                )
            continue
        yield number, [cell.value for cell in cells]


def write(records: Sequence[QuestionRecord]) -> bytes:
    """A workbook in the template's layout holding ``records`` (see ``spreadsheet.losses``)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    _header(sheet)
    wrap = Alignment(wrap_text=True, vertical="top")
    kept = [record for record in records if record.type in spreadsheet.TYPE_LABELS]
    for row_number, record in enumerate(kept, start=2):
        for index, (key, value) in enumerate(
            zip(spreadsheet.KEYS, spreadsheet.record_to_row(record), strict=True)
        ):
            if not value:
                continue
            cell = sheet.cell(
                row=row_number, column=index + 1, value=ILLEGAL_CHARACTERS_RE.sub("", value)
            )
            cell.data_type = "s"  # "=..." is text we wrote, never a formula
            if key in _WRAPPED:
                cell.alignment = wrap
    _validations(sheet)
    _guide(workbook.create_sheet(GUIDE_TITLE))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_xlsx() -> bytes:
    """The downloadable template: the layout of ``write`` with a few example questions."""
    return write(EXAMPLES)


def unsupported(records: Sequence[QuestionRecord]) -> list[QuestionRecord]:
    """Records ``write`` leaves out; ``spreadsheet.losses`` tells what the others lose."""
    return spreadsheet.unsupported(records)


def _header(sheet: Any) -> None:
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(spreadsheet.COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=column.label)
        cell.font, cell.fill = bold, fill
        sheet.column_dimensions[get_column_letter(index)].width = _GUIDE[column.key][0]
    sheet.freeze_panes = "A2"


def _validations(sheet: Any) -> None:
    """Drop-down lists; a warning (not a refusal) so the English code names stay allowed."""
    lists = {
        "type": spreadsheet.TYPE_LABELS.values(),
        "difficulty": spreadsheet.DIFFICULTY_LABELS.values(),
    }
    for key, labels in lists.items():
        letter = get_column_letter(spreadsheet.KEYS.index(key) + 1)
        validation = DataValidation(
            type="list",
            formula1='"' + ",".join(labels) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            error=N_("Giá trị không có trong danh sách."),
            errorTitle=N_("Kiểm tra lại"),
        )
        validation.add(f"{letter}2:{letter}10000")
        sheet.add_data_validation(validation)


def _guide(sheet: Any) -> None:
    rows = [(N_("Cột"), N_("Tên cột"), N_("Cách ghi"))]
    for index, column in enumerate(spreadsheet.COLUMNS, start=1):
        rows.append((get_column_letter(index), column.label, _GUIDE[column.key][1]))
    rows += [
        ("", "", ""),
        (
            "",
            N_("Chấm điểm"),
            N_(
                "Một lựa chọn: phương án đúng được trọn điểm; phương án ghi kèm phần "
                "trăm (B=50%) được đúng phần đó. Nhiều lựa chọn: với n "
                "đáp án đúng, mỗi phương án đúng được 1/n số điểm, mỗi phương án "
                "sai bị trừ 1/n; tổng không âm. Khi có phương án ghi phần trăm, mọi "
                "phương án được đúng số điểm đã ghi (chữ cái không kèm phần trăm là 100%)."
            ),
        ),
        (
            "",
            N_("Dòng ví dụ"),
            N_("Tệp mẫu có sẵn vài câu hỏi ví dụ; hãy sửa hoặc xóa chúng trước khi nhập."),
        ),
        (
            "",
            N_("Dòng trống"),
            N_("Dòng trống được bỏ qua. Không dùng công thức: hãy dán giá trị."),
        ),
        (
            "",
            N_("Tên cột"),
            N_(
                "Có thể dùng tên tiếng Anh: type, category, title, stem, options, "
                "correct, explanation, difficulty, positions, fields, tags."
            ),
        ),
    ]
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in (("A", 6), ("B", 20), ("C", 100)):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
