"""Import fidelity: files written from Moodle's GIFT and XML documentation read as Moodle reads
them (counts and types), partial credit scores as Moodle scores it, and every format that can
hold partial credit keeps it on a round trip.

The fixtures (tests/fixtures/moodle/documented.gift and documented.xml) are our own files: one
question per documented feature, content ours.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from question_bank.formats import counts_by_type, gift, moodle_xml, parse, unsupported, write
from question_bank.records import Choice, QuestionRecord
from question_bank.types import get_type
from question_bank.types.keys import assign_keys

FIXTURES = Path(__file__).parents[1] / "fixtures" / "moodle"


@pytest.fixture(scope="module")
def gift_file():
    return gift.parse((FIXTURES / "documented.gift").read_bytes())


@pytest.fixture(scope="module")
def xml_file():
    return moodle_xml.parse((FIXTURES / "documented.xml").read_bytes())


def by_title(result) -> dict[str, QuestionRecord]:
    return {record.title: record for record in result.questions}


def fractions(record: QuestionRecord) -> list[float]:
    return [choice.fraction for choice in record.choices]


def score(record: QuestionRecord, picked: int) -> float:
    """What picking the ``picked``-th option scores, through the type registry."""
    assign_keys(record, random.Random(1))
    qtype = get_type(record.type)
    assert qtype.validate(record) == []
    response = qtype.clean_response(record, {"choice": record.choices[picked].key})
    return qtype.grade(record, response).fraction


# -- GIFT ----------------------------------------------------------------------------------


def test_gift_documented_file_reads_to_moodles_counts_and_types(gift_file):
    assert gift_file.errors == []
    assert counts_by_type(gift_file.questions) == {
        "single_choice": 6, "multiple_choice": 1, "true_false": 4, "short_answer": 3,
        "numeric": 4, "matching": 1, "ordering": 0, "essay": 1,
    }
    # Moodle makes a description of the text without braces; a bank holds only questions.
    # Two answer blocks are Moodle's embedded answers (cloze), which the bank does not hold.
    assert [(p.line, p.message) for p in gift_file.skipped] == [
        (74, "«Mô tả»: Mục mô tả (description) không phải câu hỏi, đã bỏ qua."),
        (76, "«Cloze»: Câu hỏi có nhiều phần đáp án {...} (dạng cloze) chưa được hỗ trợ, "
             "đã bỏ qua."),
    ]


def test_gift_categories_follow_category_lines(gift_file):
    records = by_title(gift_file)
    assert records["Một lựa chọn"].category == ("Tài liệu GIFT", "Trắc nghiệm")
    assert records["HTML"].category == ("Tài liệu GIFT", "Định dạng")


def test_gift_partial_credit_single_choice_scores_the_picked_option(gift_file):
    record = by_title(gift_file)["Gần đúng"]
    assert (record.type, fractions(record)) == ("single_choice", [1.0, 0.5, -0.25, 0.0])
    assert record.explanation == "Mã hồ sơ in trên giấy tiếp nhận."
    # Moodle: 1, 0.5, -0.25 (a mark taken off the quiz), 0. Here a penalty scores 0.
    assert [score(record, n) for n in range(4)] == [1.0, 0.5, 0.0, 0.0]


def test_gift_missing_word_feedback_and_multi_line_texts(gift_file):
    records = by_title(gift_file)
    assert records["Chỗ trống"].stem == "Hồ sơ mức độ 4 được nộp _____ trên Cổng dịch vụ công."
    assert records["Số chỗ trống"].stem == "Một năm có _____ tháng."
    first = records["Một lựa chọn"]
    assert [(c.fraction, c.feedback) for c in first.choices] == [
        (0.0, "Không phải cấp xã."), (1.0, "Đúng."), (0.0, ""),
    ]
    lines = records["Nhiều dòng"]
    assert lines.stem == "Câu hỏi này<br>viết trên hai dòng."
    assert lines.choices[1].feedback == "Phản hồi<br>viết trên hai dòng."


def test_gift_true_false_feedback_goes_wrong_then_right(gift_file):
    record = by_title(gift_file)["Đúng sai có phản hồi"]
    # {FALSE#for a wrong answer#for a right one}: "true" is wrong here.
    assert (record.correct, record.feedback_true, record.feedback_false) == (
        False, "Chưa: nhiều thủ tục còn mức 3.", "Đúng, chưa phải mọi thủ tục.",
    )


def test_gift_short_answers_with_and_without_equals(gift_file):
    records = by_title(gift_file)
    assert [c.text for c in records["Trả lời ngắn"].choices] == ["DVC", "dịch vụ công"]
    assert [(c.text, c.fraction) for c in records["Không có dấu bằng"].choices] == [
        ("Cổng dịch vụ công quốc gia", 1.0)
    ]
    weighted = records["Trọng số trả lời ngắn"]
    assert [(c.text, c.fraction, c.feedback) for c in weighted.choices] == [
        ("Hà Nội", 1.0, "Chính xác."), ("Hanoi", 0.5, "Viết không dấu."),
    ]


def test_gift_numbers_tolerances_and_ranges(gift_file):
    records = by_title(gift_file)
    (exact,) = records["Số"].numeric
    assert (exact.value, exact.tolerance) == (2005, 1)
    (ranged,) = records["Khoảng"].numeric
    assert (ranged.low, ranged.high) == (3.141, 3.142)
    assert [(a.value, a.tolerance, a.fraction, a.feedback) for a in records["Số nhiều đáp án"].numeric] == [
        (2019, 0, 1.0, "Chính xác."), (2020, 1, 0.5, "Gần đúng."),
    ]


def test_gift_format_markers_and_escapes(gift_file):
    records = by_title(gift_file)
    assert records["HTML"].stem == "Chọn <strong>một</strong> phương án."
    assert records["HTML"].choices[0].text == "<em>Đúng</em>"
    assert records["Markdown"].stem == "Đây là <strong>quan trọng</strong>."
    assert records["Thuần"].stem == "Công thức a&lt;b đúng không?"
    escaped = records["Ký tự thoát"]
    assert escaped.stem == "Ký hiệu { } ~ = # : có được giữ?"
    assert escaped.choices[0].text == "Có: giữ nguyên"
    assert [p.left for p in records["Ghép cặp"].pairs][0] == "Đăng ký khai sinh"


# -- Moodle XML ------------------------------------------------------------------------------


def test_xml_documented_file_reads_to_moodles_counts_and_types(xml_file):
    assert xml_file.errors == []
    assert counts_by_type(xml_file.questions) == {
        "single_choice": 2, "multiple_choice": 2, "true_false": 2, "short_answer": 1,
        "numeric": 1, "matching": 1, "ordering": 0, "essay": 1,
    }
    assert [(p.line, p.message) for p in xml_file.skipped] == [
        (123, "«Lời giới thiệu»: Đoạn mô tả (description) không phải câu hỏi, đã bỏ qua."),
        (128, "«Kéo thả»: Loại câu hỏi 'ddwtos' chưa được hỗ trợ, đã bỏ qua."),
    ]


def test_xml_categories_new_and_old_style(xml_file):
    records = by_title(xml_file)
    assert records["Đúng sai kiểu cũ"].category == ("Tài liệu XML", "Dịch vụ công/Một cửa")
    assert records["Trả lời ngắn"].category == ("Tài liệu XML", "Kiểu cũ")


def test_xml_single_answer_partial_credit_files_and_feedback(xml_file):
    record = by_title(xml_file)["Một lựa chọn, một phần điểm"]
    assert (record.type, fractions(record)) == ("single_choice", [1.0, 0.5, -1 / 3, 0.0])
    assert sorted(record.images) == ["ma.png", "ok.png"]
    assert "@@PLUGINFILE@@/ok.png" in record.choices[0].feedback
    assert [c.feedback for c in record.choices[1:]] == ["Chỉ đúng một phần.", "Sai, bị trừ điểm.", ""]
    assert [score(record, n) for n in range(4)] == [1.0, 0.5, 0.0, 0.0]


@pytest.mark.parametrize(
    ("title", "qtype"),
    [("Single vắng mặt", "single_choice"), ("Single bằng 0", "multiple_choice"),
     ("Nhiều lựa chọn", "multiple_choice")],
)
def test_xml_single_reads_as_moodle_reads_it(xml_file, title, qtype):
    assert by_title(xml_file)[title].type == qtype


def test_xml_text_formats(xml_file):
    records = by_title(xml_file)
    assert records["Single vắng mặt"].stem == "Dòng một<br>dòng hai &amp; ba"
    assert records["Single bằng 0"].stem == "<p>Chọn <b>các</b> ý đúng</p>"
    assert records["Đúng sai"].stem == "Chữ ký số &lt;có&gt; giá trị pháp lý."
    assert records["Trả lời ngắn"].stem == "Viết <strong>tắt</strong> của dịch vụ công?"


def test_xml_true_false_new_and_old_style(xml_file):
    records = by_title(xml_file)
    new = records["Đúng sai"]
    assert (new.correct, new.feedback_true, new.feedback_false) == (True, "Đúng vậy.", "Có giá trị.")
    assert records["Đúng sai kiểu cũ"].correct is False


def test_xml_short_answer_numeric_and_matching(xml_file):
    records = by_title(xml_file)
    short = records["Trả lời ngắn"]
    assert short.case_sensitive is True
    assert [(c.text, c.fraction, c.feedback) for c in short.choices] == [
        ("DVC", 1.0, "Chính xác."), ("dvc", 0.5, ""),
    ]
    # The "*" answer worth nothing only carries feedback for any other number: not kept.
    assert [(a.value, a.tolerance, a.fraction) for a in records["Số"].numeric] == [
        (2005, 0, 1.0), (2005, 1, 0.5),
    ]
    assert [(p.left, p.right) for p in records["Ghép cặp"].pairs] == [
        ("Khai sinh", "Xã"), ("Hộ chiếu", "Công an"), ("", "Bộ Ngoại giao"),
    ]


# -- round trips -----------------------------------------------------------------------------

PARTIAL = QuestionRecord(
    "single_choice",
    "Mã hồ sơ dùng để làm gì?",
    title="Gần đúng",
    choices=[Choice("Tra cứu", 1.0), Choice("Nộp lệ phí", 0.5), Choice("Đăng nhập", -1 / 3),
             Choice("Không dùng", 0.0), Choice("Một phần ba", 1 / 3)],
)
SHARES = QuestionRecord(
    "multiple_choice", "Chọn các ý đúng",
    choices=[Choice("a", 0.5), Choice("b", 0.5), Choice("c", 0.0), Choice("d", -1.0)],
)


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml", "xlsx", "csv"])
def test_partial_credit_survives_every_format_that_can_hold_it(fmt):
    assert unsupported([PARTIAL, SHARES], fmt) == []
    result = parse(write([PARTIAL, SHARES], fmt), fmt)
    assert result.errors == []
    assert [(q.type, fractions(q)) for q in result.questions] == [
        ("single_choice", fractions(PARTIAL)), ("multiple_choice", fractions(SHARES)),
    ]


def test_aiken_cannot_hold_partial_credit_and_says_so():
    assert unsupported([PARTIAL], "aiken") == [PARTIAL]
    assert write([PARTIAL], "aiken") == b""


@pytest.mark.parametrize("source", ["documented.gift", "documented.xml"])
@pytest.mark.parametrize("fmt", ["gift", "moodle-xml", "xlsx", "csv"])
def test_documented_files_round_trip_their_choice_credits(source, fmt):
    original = parse((FIXTURES / source).read_bytes(), "gift" if source.endswith("gift") else
                     "moodle-xml").questions
    kept = [r for r in original if r not in unsupported(original, fmt)]
    again = parse(write(kept, fmt), fmt).questions
    assert [r.type for r in again] == [r.type for r in kept]
    # A spreadsheet's short answers are all worth 100% (listed by spreadsheet.losses).
    choice = [(r.title, fractions(r)) for r in kept if r.type.endswith("_choice")]
    assert [(r.title, fractions(r)) for r in again if r.type.endswith("_choice")] == choice
