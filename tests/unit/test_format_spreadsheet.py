"""Spreadsheets (.xlsx and .csv): the template, row errors, hostile files, round trips."""

from __future__ import annotations

import dataclasses
import io
import unicodedata
import zipfile

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from question_bank.formats import csv_format, spreadsheet, xlsx
from question_bank.formats.base import FormatError
from question_bank.records import (
    DIFFICULTIES,
    Choice,
    MatchPair,
    NumericAnswer,
    OrderItem,
    QuestionRecord,
)

HEADER = [
    "type",
    "category",
    "title",
    "stem",
    "options",
    "correct",
    "explanation",
    "difficulty",
    "positions",
    "fields",
    "tags",
]


def make_xlsx(rows, header=HEADER) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_csv(rows, header=HEADER, delimiter=",", bom=False) -> bytes:
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in rows]
    return (("\ufeff" if bom else "") + "\n".join(lines) + "\n").encode()


def parse_rows(rows):
    return xlsx.parse(make_xlsx(rows))


def strip_lines(records):
    return [dataclasses.replace(r, line=0) for r in records]


# --- the template ---------------------------------------------------------------------------


def test_template_parses_to_its_examples_without_errors():
    result = xlsx.parse(xlsx.template_xlsx())
    assert result.errors == [] and result.skipped == []
    assert strip_lines(result.questions) == list(xlsx.EXAMPLES)
    assert len({q.type for q in result.questions}) == len(result.questions) >= 3


def test_template_has_guide_sheet_and_dropdowns():
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx.template_xlsx()))
    assert workbook.sheetnames == ["Câu hỏi", "Hướng dẫn"]
    sheet = workbook["Câu hỏi"]
    assert [c.value for c in sheet[1]] == [c.label for c in spreadsheet.COLUMNS]
    ranges = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert "Một lựa chọn" in ranges["A2:A10000"] and "Trung bình" in ranges["H2:H10000"]
    guide = [row[1] for row in workbook["Hướng dẫn"].iter_rows(values_only=True)]
    assert set(c.label for c in spreadsheet.COLUMNS) <= set(guide)


# --- reading rows ---------------------------------------------------------------------------


def test_vietnamese_and_code_type_names_and_blank_rows():
    result = parse_rows(
        [
            ["Một lựa chọn", "Dịch vụ công/Mức độ 4", "", "Câu 1", "A. Có | B. Không", "A"],
            [],
            ["mot lua chon", "", "", "Câu 2", "Có\nKhông", "2"],
            ["single_choice", "", "", "Câu 3", "Có | Không", "b"],
        ]
    )
    assert result.errors == []
    assert [q.line for q in result.questions] == [2, 4, 5]
    assert result.questions[0].category == ("Dịch vụ công", "Mức độ 4")
    assert [[c.fraction for c in q.choices] for q in result.questions] == [[1, 0], [0, 1], [0, 1]]
    assert result.questions[0].choices[0].text == "Có"


def test_vietnamese_headers_are_accepted_without_diacritics():
    data = make_xlsx(
        [["Đúng/Sai", "Trời xanh?", "Đúng"]],
        header=["Loại câu hỏi", "noi dung cau hoi", "DAP AN DUNG"],
    )
    assert xlsx.parse(data).questions[0].correct is True


def test_multiple_choice_shares_credit_and_penalizes_wrong():
    (question,) = parse_rows([["Nhiều lựa chọn", "", "", "Chọn", "a\nb\nc\nd", "A, C"]]).questions
    assert [c.fraction for c in question.choices] == [0.5, -0.5, 0.5, -0.5]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Đúng", True),
        ("sai", False),
        ("TRUE", True),
        ("FALSE", False),
        (True, True),
        (False, False),
    ],
)
def test_true_false_values(cell, expected):
    assert parse_rows([["Đúng/Sai", "", "", "Câu", "", cell]]).questions[0].correct is expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("42", NumericAnswer(value=42.0)),
        (42, NumericAnswer(value=42.0)),
        ("3,14:0,01", NumericAnswer(value=3.14, tolerance=0.01)),
        ("3.14±0.01", NumericAnswer(value=3.14, tolerance=0.01)),
        ("-5..-1", NumericAnswer(low=-5.0, high=-1.0)),
    ],
)
def test_numeric_answers(cell, expected):
    assert parse_rows([["Số", "", "", "Bao nhiêu?", cell, ""]]).questions[0].numeric == [expected]


def test_short_answer_matching_ordering_and_lists():
    questions = parse_rows(
        [
            [
                "Trả lời ngắn",
                "",
                "",
                "Viết tắt?",
                "",
                "CNTT | C.N.T.T",
                "",
                "Khó",
                "A; B",
                "C",
                "x;y",
            ],
            ["Ghép cặp", "", "", "Ghép", "Một cửa -> Hồ sơ\nVăn bản => Công văn\n-> Chấm công", ""],
            ["Sắp xếp", "", "", "Thứ tự", "Nộp | Xử lý | Trả", ""],
            ["Tự luận", "", "", "Đề xuất?"],
        ]
    ).questions
    short, matching, ordering, essay = questions
    assert [(c.text, c.fraction) for c in short.choices] == [("CNTT", 1.0), ("C.N.T.T", 1.0)]
    assert (short.difficulty, short.positions, short.fields, short.tags) == (
        "hard",
        ["A", "B"],
        ["C"],
        ["x", "y"],
    )
    assert matching.pairs == [
        MatchPair("Một cửa", "Hồ sơ"),
        MatchPair("Văn bản", "Công văn"),
        MatchPair("", "Chấm công"),
    ]
    assert ordering.items == [OrderItem("Nộp"), OrderItem("Xử lý"), OrderItem("Trả")]
    assert essay.type == "essay"


def test_plain_text_stem_is_escaped_but_html_is_kept():
    plain, markup = parse_rows(
        [
            ["Tự luận", "", "", "a < b & c\ndòng hai"],
            ["Tự luận", "", "", "<p>Đoạn <b>đậm</b></p>"],
        ]
    ).questions
    assert plain.stem == "a &lt; b &amp; c<br>dòng hai"
    assert markup.stem == "<p>Đoạn <b>đậm</b></p>"


@pytest.mark.parametrize(
    ("row", "where", "text"),
    [
        (["Câu đố", "", "", "x"], "Ô A2", "Loại câu hỏi 'Câu đố'"),
        (["Một lựa chọn", "", "", "", "a|b", "A"], "Ô D2", "Thiếu nội dung"),
        (["Một lựa chọn", "", "", "x", "chỉ một", "A"], "Ô E2", "ít nhất hai phương án"),
        (["Một lựa chọn", "", "", "x", "a|b", "C"], "Ô F2", "'C' không có trong 2 phương án"),
        (["Một lựa chọn", "", "", "x", "a|b", "A, B"], "Ô F2", "đúng một đáp án"),
        (["Nhiều lựa chọn", "", "", "x", "a|b", ""], "Ô F2", "Thiếu đáp án đúng"),
        (["Đúng/Sai", "", "", "x", "", "Có lẽ"], "Ô F2", '"Đúng" hoặc "Sai"'),
        (["Số", "", "", "x", "nhiều", ""], "Ô E2", "'nhiều' không hợp lệ"),
        (["Số", "", "", "x", "20..10", ""], "Ô E2", "'20..10' không hợp lệ"),
        (["Ghép cặp", "", "", "x", "a -> b\nc", ""], "Ô E2", "vế trái -> vế phải"),
        (["Sắp xếp", "", "", "x", "một", ""], "Ô E2", "ít nhất hai mục"),
        (["Tự luận", "", "", "x", "", "", "", "Rất khó"], "Ô H2", "Mức độ 'Rất khó'"),
    ],
)
def test_row_errors_name_row_and_column(row, where, text):
    result = parse_rows([row, ["Tự luận", "", "", "câu tốt"]])
    assert [q.line for q in result.questions] == [3]
    (problem,) = result.errors
    assert (
        problem.line == 2 and problem.message.startswith(where + ": ") and text in problem.message
    )


def test_row_error_names_a_column_missing_from_the_header():
    result = xlsx.parse(make_xlsx([["Một lựa chọn", "Câu hỏi"]], header=["type", "stem"]))
    assert [p.message[:27] for p in result.errors] == ["Dòng 2, cột «Phương án»: Cầ"]


def test_plain_options_become_escaped_html_and_short_answers_stay_plain():
    choice_question, short = parse_rows(
        [
            ["Một lựa chọn", "", "", "So sánh", "a < b\nb & c", "A"],
            ["Trả lời ngắn", "", "", "Ký hiệu?", "", "a < b"],
        ]
    ).questions
    assert [c.text for c in choice_question.choices] == ["a &lt; b", "b &amp; c"]
    assert short.choices[0].text == "a < b"


def test_missing_required_column_refuses_file():
    with pytest.raises(FormatError, match="Nội dung câu hỏi") as caught:
        xlsx.parse(make_xlsx([["Tự luận"]], header=["type", "title"]))
    assert caught.value.line == 1


def test_formula_cell_is_an_error_on_its_row():
    data = make_xlsx([["Tự luận", "", "", '=CONCAT("a","b")'], ["Tự luận", "", "", "ổn"]])
    result = xlsx.parse(data)
    assert [p.message for p in result.errors] == ["Ô D2 chứa công thức; hãy dán giá trị."]
    assert [q.stem for q in result.questions] == ["ổn"]


def test_text_starting_with_equals_is_written_as_text_not_formula():
    record = QuestionRecord(type="essay", stem="=1+1 bằng mấy?")
    result = xlsx.parse(xlsx.write([record]))
    assert result.errors == [] and result.questions[0].stem == "=1+1 bằng mấy?"


# --- hostile or foreign files ---------------------------------------------------------------


def zip_with(tmp_path, size: int) -> bytes:
    path = tmp_path / "bomb.xlsx"
    chunk = b"<row>" + b" " * (1024 * 1024 - 11) + b"</row>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return path.read_bytes()


def test_zip_bomb_over_total_limit_is_refused(tmp_path):
    data = zip_with(tmp_path, 200 * 1024 * 1024)
    assert len(data) < 1024 * 1024
    with pytest.raises(FormatError, match="quá lớn khi giải nén"):
        xlsx.parse(data)


def test_absurd_compression_ratio_is_refused(tmp_path):
    with pytest.raises(FormatError, match="nén bất thường"):
        xlsx.parse(zip_with(tmp_path, 20 * 1024 * 1024))


@pytest.mark.parametrize(
    "data",
    [b"not a zip at all", b"PK\x03\x04broken", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100)],
)
def test_not_an_xlsx_is_refused(data):
    with pytest.raises(FormatError, match=r"Tệp không phải Excel \(\.xlsx\) hợp lệ\."):
        xlsx.parse(data)


def test_zip_without_workbook_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(FormatError, match="Excel"):
        xlsx.parse(buffer.getvalue())


def test_five_thousand_rows_are_read():
    rows = [["Một lựa chọn", "Chủ đề", "", f"Câu {n}", "A. Có\nB. Không", "A"] for n in range(5000)]
    result = parse_rows(rows)
    assert result.errors == [] and len(result.questions) == 5000
    assert result.questions[-1].line == 5001


# --- CSV ------------------------------------------------------------------------------------


def test_csv_with_bom_and_semicolons():
    data = make_csv(
        [["Đúng/Sai", "Chủ đề", "", "Câu; có dấu chấm phẩy", "", "Sai"]], delimiter=";", bom=True
    )
    data = data.replace("Câu; có dấu chấm phẩy".encode(), '"Câu; có dấu chấm phẩy"'.encode())
    (question,) = csv_format.parse(data).questions
    assert (question.stem, question.correct, question.category) == (
        "Câu; có dấu chấm phẩy",
        False,
        ("Chủ đề",),
    )


def test_csv_without_bom_with_commas_and_multiline_cell():
    data = ('type,stem,options,correct\nNhiều lựa chọn,Chọn,"a\nb\nc","1, 3"\n').encode()
    (question,) = csv_format.parse(data).questions
    assert [c.fraction for c in question.choices] == [0.5, -0.5, 0.5]


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Excel writes it: a base letter, then a combining tone mark."""
    out = []
    for char in text:
        try:
            out.append(char.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tone = next(mark for mark in parts if mark in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", parts.replace(tone, ""))
            out.append(base.encode("cp1258") + tone.encode("cp1258"))
    return b"".join(out)


def test_csv_in_windows_1258_is_refused():
    data = to_cp1258(make_csv([["Tự luận", "", "", "Câu hỏi về chuyển đổi số"]]).decode())
    with pytest.raises(FormatError) as caught:
        csv_format.parse(data)
    assert caught.value.message == (
        "Tệp CSV phải được lưu với mã hóa UTF-8 (tệp này có vẻ dùng mã hóa khác, "
        "ví dụ Windows-1258)."
    )


def test_csv_row_errors_use_record_numbers():
    data = make_csv([["Tự luận", "", "", "a"], ["Số", "", "", "b", "x"]])
    assert [(p.line, p.message[:6]) for p in csv_format.parse(data).errors] == [(3, "Ô E3: ")]


def test_csv_writer_uses_bom_commas_and_defuses_formulas():
    record = QuestionRecord(
        type="numeric",
        stem='=HYPERLINK("x")',
        numeric=[NumericAnswer(low=-5.0, high=-1.0), NumericAnswer(value=-2.0)],
    )
    data = csv_format.write([record])
    assert data.startswith("\ufeffLoại câu hỏi,Chủ đề,".encode())
    assert "'=HYPERLINK" in data.decode()
    assert strip_lines(csv_format.parse(data).questions) == [record]


# --- round trips ----------------------------------------------------------------------------

_ALPHABET = "abcxyzABCXYZ0189 àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵĐ"
ITEM = (
    st.text(_ALPHABET + ".,?!()'\"%&<>=+@-", min_size=1, max_size=20)
    .map(str.strip)
    .filter(lambda s: s and "->" not in s and "=>" not in s)
)
TEXT = st.text(_ALPHABET + ".,;:?!()'\"%&<>=+@-|/\n", max_size=40).map(str.strip)
NAME = st.text(_ALPHABET, min_size=1, max_size=12).map(str.strip).filter(bool)


@st.composite
def table_records(draw):
    qtype = draw(st.sampled_from(list(spreadsheet.TYPE_LABELS)))
    record = QuestionRecord(
        type=qtype,
        stem=spreadsheet.text_to_html(draw(TEXT.filter(bool))),
        title=draw(TEXT),
        category=tuple(draw(st.lists(NAME, max_size=3))),
        explanation=spreadsheet.text_to_html(draw(TEXT)),
        difficulty=draw(st.sampled_from(DIFFICULTIES)),
        tags=draw(st.lists(NAME, max_size=3)),
        positions=draw(st.lists(NAME, max_size=2)),
        fields=draw(st.lists(NAME, max_size=2)),
    )
    if qtype in ("single_choice", "multiple_choice"):
        texts = draw(st.lists(ITEM, min_size=2, max_size=6))
        right = draw(
            st.sets(
                st.integers(0, len(texts) - 1),
                min_size=1,
                max_size=1 if qtype == "single_choice" else len(texts),
            )
        )
        share = 1.0 if qtype == "single_choice" else 1 / len(right)
        wrong = 0.0 if qtype == "single_choice" else -share
        record.choices = [
            Choice(spreadsheet.text_to_html(t), share if i in right else wrong)
            for i, t in enumerate(texts)
        ]
        if qtype == "single_choice":  # partial credit or a penalty on some wrong options
            credits = st.sampled_from([0.0, 0.5, 0.25, 1 / 3, -0.5, -1.0])
            for choice in record.choices:
                if choice.fraction < 1.0:
                    choice.fraction = draw(credits)
    elif qtype == "true_false":
        record.correct = draw(st.booleans())
    elif qtype == "short_answer":
        record.choices = [Choice(t, 1.0) for t in draw(st.lists(ITEM, min_size=1, max_size=3))]
    elif qtype == "numeric":
        number = st.floats(allow_nan=False, allow_infinity=False)
        exact = st.builds(NumericAnswer, value=number, tolerance=st.floats(0, 1e9))
        ranged = (
            st.tuples(number, number).map(sorted).map(lambda p: NumericAnswer(low=p[0], high=p[1]))
        )
        record.numeric = draw(st.lists(exact | ranged, min_size=1, max_size=3))
    elif qtype == "matching":
        html_item = ITEM.map(spreadsheet.text_to_html)
        record.pairs = draw(
            st.lists(st.builds(MatchPair, html_item, html_item), min_size=2, max_size=4)
        )
        record.pairs += draw(st.lists(st.builds(MatchPair, st.just(""), html_item), max_size=2))
    elif qtype == "ordering":
        record.items = [
            OrderItem(spreadsheet.text_to_html(t))
            for t in draw(st.lists(ITEM, min_size=2, max_size=5))
        ]
    return record


@settings(max_examples=40, deadline=None)
@given(st.lists(table_records(), max_size=5))
def test_xlsx_write_then_parse_round_trips(records):
    result = xlsx.parse(xlsx.write(records))
    assert result.errors == []
    assert strip_lines(result.questions) == records
    assert xlsx.unsupported(records) == [] and spreadsheet.losses(records) == []


@settings(max_examples=150, deadline=None)
@given(st.lists(table_records(), max_size=5))
def test_csv_write_then_parse_round_trips(records):
    result = csv_format.parse(csv_format.write(records))
    assert result.errors == []
    assert strip_lines(result.questions) == records


def test_unsupported_lists_what_a_table_loses():
    record = QuestionRecord(
        type="multiple_choice",
        stem="x",
        images={"a.png": b"x"},
        choices=[Choice("a", 1.0, "hay"), Choice("b", 0.0)],
    )
    (problem,) = spreadsheet.losses([record])
    assert problem.line == 1
    assert all(part in problem.message for part in ("hình ảnh", "phản hồi"))
    assert "điểm từng phần" not in problem.message  # written as "A=100%", read back as is


# --- partial credit ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qtype", "correct", "fractions"),
    [
        ("single_choice", "A, B=50%", [1.0, 0.5, 0.0]),
        ("single_choice", "A; C: -25%", [1.0, 0.0, -0.25]),
        ("single_choice", "B=50% 3=100%", [0.0, 0.5, 1.0]),
        ("single_choice", "A (33,333333%)\nC", [1 / 3, 0.0, 1.0]),
        ("multiple_choice", "A=50%, B=50%", [0.5, 0.5, 0.0]),
        ("multiple_choice", "A, B=-100%", [1.0, -1.0, 0.0]),
    ],
)
def test_weighted_letters_give_each_option_its_credit(qtype, correct, fractions):
    (record,) = parse_rows([[qtype, "", "", "Hỏi?", "Một\nHai\nBa", correct]]).questions
    assert [c.fraction for c in record.choices] == fractions


def test_a_single_choice_needs_one_full_credit_option_among_the_weights():
    result = parse_rows([["single_choice", "", "", "Hỏi?", "Một\nHai", "A=50%, B=50%"]])
    assert [p.message for p in result.errors] == [
        "Ô F2: Câu một lựa chọn phải có đúng một đáp án đúng."
    ]


@pytest.mark.parametrize("fmt", [csv_format, xlsx])
def test_partial_credit_round_trips(fmt):
    records = [
        QuestionRecord("single_choice", "Hỏi?",
                       choices=[Choice("Đúng", 1.0), Choice("Gần đúng", 0.5), Choice("Sai", -1 / 3)]),
        QuestionRecord("multiple_choice", "Chọn?",
                       choices=[Choice("a", 0.5), Choice("b", 0.5), Choice("c", 0.0)]),
    ]
    written = [r[5] for r in map(spreadsheet.record_to_row, records)]
    assert written == ["A, B=50%, C=-33.333333%", "A=50%, B=50%"]
    result = fmt.parse(fmt.write(records))
    assert [[c.fraction for c in q.choices] for q in result.questions] == [
        [1.0, 0.5, -1 / 3], [0.5, 0.5, 0.0],
    ]
    assert spreadsheet.losses(records) == []
