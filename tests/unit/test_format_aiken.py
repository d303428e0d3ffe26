"""Aiken: single-choice questions in plain text; errors by line, never fatal."""

import html

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from question_bank.formats import aiken
from question_bank.formats.base import FormatError
from question_bank.records import Choice, QuestionRecord

SAMPLE = """Thủ tục nào được nộp trực tuyến mức độ 4?
A. Đăng ký khai sinh
B) Cấp phép <xây dựng> & sửa chữa
C. Không có thủ tục nào
ANSWER: B

Cổng dịch vụ công quốc gia
ra mắt năm nào?
A) 2019
B) 2020
ĐÁP ÁN: a
"""


def problems(source: str) -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in aiken.parse(source).errors]


def test_reads_questions_options_and_the_answer():
    first, second = aiken.parse(SAMPLE.encode()).questions
    assert (first.type, first.line, first.stem) == (
        "single_choice",
        1,
        "Thủ tục nào được nộp trực tuyến mức độ 4?",
    )
    assert [(c.text, c.fraction) for c in first.choices] == [
        ("Đăng ký khai sinh", 0.0),
        ("Cấp phép &lt;xây dựng&gt; &amp; sửa chữa", 1.0),
        ("Không có thủ tục nào", 0.0),
    ]
    assert (second.line, second.stem) == (7, "Cổng dịch vụ công quốc gia<br>ra mắt năm nào?")
    assert [c.fraction for c in second.choices] == [1.0, 0.0]


def test_bytes_with_bom_and_windows_newlines():
    result = aiken.parse("\ufeffHỏi?\r\nA. x\r\nB. y\r\nANSWER: B\r\n".encode())
    assert [c.fraction for c in result.questions[0].choices] == [0.0, 1.0]


def test_not_utf8_is_a_format_error_with_its_line():
    with pytest.raises(FormatError) as caught:
        aiken.parse("Hoi?\nA. Câu\nB. y\nANSWER: A".encode("latin-1"))
    assert caught.value.line == 2
    assert caught.value.message.startswith("Tệp không phải UTF-8")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Hỏi?\nA. x\nB. y\n", [(1, "Thiếu dòng 'ANSWER: <chữ cái>' cho câu hỏi.")]),
        (
            "Hỏi?\nA. x\nB. y\nHỏi tiếp?\nA. x\nB. y\nANSWER: A",
            [(1, "Thiếu dòng 'ANSWER: <chữ cái>' cho câu hỏi.")],
        ),
        ("Hỏi?\nA. x\nB. y\nANSWER: D", [(1, "Đáp án «D» không có trong các phương án (A, B).")]),
        ("Hỏi?\nA. x\nB. y\nANSWER:", [(1, "Đáp án «» không có trong các phương án (A, B).")]),
        ("Hỏi?\nA. x\nANSWER: A", [(1, "Câu hỏi cần ít nhất hai phương án.")]),
        ("Hỏi?\nA. x\nA. y\nANSWER: A", [(1, "Phương án A xuất hiện nhiều lần.")]),
        ("Hỏi?\nA.\nB. y\nANSWER: B", [(1, "Phương án A không có nội dung.")]),
        (
            "A. x\nB. y\nANSWER: A",
            [(1, "Câu hỏi không có nội dung (các phương án không có đề bài phía trước).")],
        ),
        ("ANSWER: A", [(1, "Dòng 'ANSWER' không thuộc câu hỏi nào.")]),
    ],
)
def test_errors_name_the_line_where_the_question_started(source, expected):
    result = aiken.parse(
        f"Trước?\nA. 1\nB. 2\nANSWER: A\n\n{source}\n\nSau?\nA. 1\nB. 2\nANSWER: B"
    )
    shifted = [(line + 5, message) for line, message in expected]
    assert [(p.line, p.message) for p in result.errors] == shifted
    assert result.questions[0].stem == "Trước?"
    assert result.questions[-1].stem == "Sau?"


def test_option_labels_need_a_space_after_them():
    (record,) = aiken.parse("A.B là gì?\nA. x\nB. y\nANSWER: A").questions
    assert record.stem == "A.B là gì?"


# -- writing -------------------------------------------------------------------------------


def single(stem: str, *texts: str, right: int = 0) -> QuestionRecord:
    options = [Choice(text, float(i == right)) for i, text in enumerate(texts)]
    return QuestionRecord("single_choice", stem, choices=options)


def test_write_gives_plain_text_on_one_line():
    record = single("<p>Chọn <b>một</b>:<br>dòng &amp; hai</p>", "<i>A</i>", "B &lt; C", right=1)
    assert aiken.write([record]) == "Chọn một: dòng & hai\nA. A\nB. B < C\nANSWER: B\n\n"


@pytest.mark.parametrize(
    "record",
    [
        QuestionRecord("multiple_choice", "Hỏi?", choices=[Choice("a", 0.5), Choice("b", 0.5)]),
        QuestionRecord("true_false", "Hỏi?", correct=True),
        single("Hỏi?", "chỉ một"),
        single("Hỏi?", *[str(i) for i in range(27)]),
        QuestionRecord("single_choice", "Hỏi?", choices=[Choice("a", 0.0), Choice("b", 0.0)]),
        single('<img src="a.png">', "a", "b"),
        single("Hỏi?", '<img src="a.png">', "b"),
        single("A. Đâu là đáp án?", "a", "b"),
        single("Answer: gì?", "a", "b"),
    ],
)
def test_unsupported_records_are_left_out(record):
    fine = single("Hỏi?", "a", "b")
    assert aiken.unsupported([record, fine]) == [record]
    assert aiken.write([record, fine]) == "Hỏi?\nA. a\nB. b\nANSWER: A\n\n"


# -- round trip (property-based) -----------------------------------------------------------

ALPHABET = "abcdhnotuyAHT019 ăâđêôơưáàảãạếệờữĐÂ.)<>&;:#=~{}%-"
plain = (
    st.text(ALPHABET, min_size=1, max_size=30)
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
    .map(lambda s: html.escape(s, quote=False))
)


@st.composite
def single_choice(draw):
    texts = draw(st.lists(plain, min_size=2, max_size=26))
    right = draw(st.integers(0, len(texts) - 1))
    return single(draw(plain), *texts, right=right)


@settings(max_examples=200, deadline=None)
@given(st.lists(single_choice(), min_size=1, max_size=4))
def test_write_then_parse_gives_the_same_questions(originals):
    assume(not aiken.unsupported(originals))
    result = aiken.parse(aiken.write(originals).encode())
    assert result.errors == []
    assert [
        (q.type, q.stem, [(c.text, c.fraction) for c in q.choices]) for q in result.questions
    ] == [(q.type, q.stem, [(c.text, c.fraction) for c in q.choices]) for q in originals]


@settings(max_examples=100, deadline=None)
@given(st.text(ALPHABET + "\nABC", max_size=200))
def test_any_text_parses_without_crashing(source):
    result = aiken.parse(source)
    assert all(problem.line >= 1 for problem in result.errors)


# -- reading as Moodle reads ---------------------------------------------------------------

#: Our own file of the cases Moodle's Aiken reader recovers from: each bad question is reported
#: on its line and every good one is kept.
RECOVERY = """Câu chỉ có một phương án?
A) Duy nhất
ANSWER: A

A) Phương án không thuộc câu hỏi nào

ANSWER: A

Câu tốt thứ nhất?
A) Đúng
B) Sai
ANSWER: A

Câu bỏ dở, không có dòng đáp án?
A) Gần đúng
B) Sai

Câu tốt thứ hai, không có dấu cách sau nhãn?
A)Sai
B)Đúng
ANSWER: B

Câu chỉ có đề bài

Câu tốt thứ ba?
A.Một
B.Hai
answer: b
"""


def test_every_good_question_survives_the_bad_ones_around_it():
    result = aiken.parse(RECOVERY)
    assert [(q.line, q.stem) for q in result.questions] == [
        (9, "Câu tốt thứ nhất?"),
        (18, "Câu tốt thứ hai, không có dấu cách sau nhãn?"),
        (25, "Câu tốt thứ ba?"),
    ]
    assert [[(c.text, c.fraction) for c in q.choices] for q in result.questions[1:]] == [
        [("Sai", 0.0), ("Đúng", 1.0)],
        [("Một", 0.0), ("Hai", 1.0)],
    ]
    assert [(p.line, p.message) for p in result.errors] == [
        (1, "Câu hỏi cần ít nhất hai phương án."),
        (5, "Câu hỏi không có nội dung (các phương án không có đề bài phía trước)."),
        (14, "Thiếu dòng 'ANSWER: <chữ cái>' cho câu hỏi."),
        (23, "Câu hỏi chưa có phương án và dòng 'ANSWER' thì câu hỏi khác đã bắt đầu (dòng 25)."),
    ]


@pytest.mark.parametrize(
    "newline", ["\n", "\r\n", "\r"], ids=["unix", "windows", "old-mac"]
)
@pytest.mark.parametrize("bom", ["", "\ufeff"], ids=["no-bom", "bom"])
def test_line_ends_and_a_bom_read_the_same(newline, bom):
    source = bom + newline.join(["Hỏi?", "A) x", "B.y", "ANSWER: B", "", "Hai?", "A. 1", "B. 2",
                                 "ANSWER: A"])
    result = aiken.parse(source.encode())
    assert result.errors == []
    assert [[c.fraction for c in q.choices] for q in result.questions] == [[0.0, 1.0], [1.0, 0.0]]
    assert result.questions[1].line == 6


def test_an_option_without_a_space_opening_a_question_is_its_text():
    (record,) = aiken.parse("A.B là gì?\nA.x\nB.y\nANSWER: A").questions
    assert (record.stem, [c.text for c in record.choices]) == ("A.B là gì?", ["x", "y"])


def test_partial_credit_cannot_be_written_and_is_listed():
    partial = QuestionRecord(
        "single_choice", "Hỏi?", choices=[Choice("a", 1.0), Choice("b", 0.5), Choice("c", 0.0)]
    )
    penalty = QuestionRecord("single_choice", "Phạt?", choices=[Choice("a", 1.0), Choice("b", -1.0)])
    assert aiken.unsupported([partial, penalty]) == [partial]
    assert aiken.write([partial, penalty]) == "Phạt?\nA. a\nB. b\nANSWER: A\n\n"
