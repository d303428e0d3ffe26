"""Moodle XML: reading a real-shaped export, refusing hostile XML, writing what Moodle imports."""

from __future__ import annotations

import dataclasses
import html
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from question_bank.formats import counts_by_type, moodle_xml, moodle_xml_writer
from question_bank.formats.base import FormatError
from question_bank.records import (
    DIFFICULTIES,
    Choice,
    MatchPair,
    NumericAnswer,
    OrderItem,
    QuestionRecord,
)
from question_bank.types import QUESTION_TYPES

SAMPLE = Path(__file__).parents[1] / "fixtures" / "moodle" / "sample_quiz.xml"


@pytest.fixture(scope="module")
def sample():
    return moodle_xml.parse(SAMPLE.read_bytes())


def quiz(body: str) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n{body}\n</quiz>\n'.encode()


def by_title(result, title):
    return next(q for q in result.questions if q.title == title)


# --- the sample export ----------------------------------------------------------------------


def test_sample_counts_per_type(sample):
    assert counts_by_type(sample.questions) == {
        "single_choice": 1,
        "multiple_choice": 1,
        "true_false": 1,
        "short_answer": 1,
        "numeric": 1,
        "matching": 1,
        "ordering": 0,
        "essay": 1,
    }
    assert sample.errors == []


def test_sample_skips_description_and_cloze_with_their_lines(sample):
    assert [(p.line, p.message) for p in sample.skipped] == [
        (317, "«Giới thiệu phần thi»: Đoạn mô tả (description) không phải câu hỏi, đã bỏ qua."),
        (334, "«Điền vào chỗ trống»: Loại câu hỏi 'cloze' chưa được hỗ trợ, đã bỏ qua."),
    ]


def test_sample_lines_point_at_question_tags(sample):
    assert [q.line for q in sample.questions] == [15, 71, 143, 172, 202, 239, 285]


def test_sample_categories_follow_category_questions(sample):
    assert sample.categories == {
        ("Default for Tập huấn CĐS", "Dịch vụ công trực tuyến"),
        ("Default for Tập huấn CĐS", "Chính quyền điện tử"),
    }
    assert by_title(sample, "Chữ ký số").category[-1] == "Chính quyền điện tử"


def test_embedded_image_is_decoded_and_reference_kept(sample):
    question = by_title(sample, "DVC mức độ 4")
    assert question.images["cong-dvc.png"].startswith(b"\x89PNG")
    assert 'src="@@PLUGINFILE@@/cong-dvc.png"' in question.stem


def test_single_choice_fractions_feedback_and_explanation(sample):
    question = by_title(sample, "DVC mức độ 4")
    assert question.type == "single_choice"
    assert [c.fraction for c in question.choices] == [0.0, 1.0, 0.0]
    assert question.choices[1].feedback == "Chính xác."
    assert question.explanation.startswith("<p>Mức độ 4")


def test_percent_fractions_snap_to_thirds(sample):
    question = by_title(sample, "Cách tra cứu hồ sơ")
    assert question.type == "multiple_choice"
    assert [c.fraction for c in question.choices] == [1 / 3, 1 / 3, 1 / 3, -1.0]
    assert sum(c.fraction for c in question.choices[:3]) == 1.0


def test_prefixed_tags_become_fields(sample):
    single, multiple = by_title(sample, "DVC mức độ 4"), by_title(sample, "Cách tra cứu hồ sơ")
    assert (single.difficulty, single.tags) == ("easy", ["dịch vụ công"])
    assert multiple.positions == ["Công chức Văn phòng - Thống kê"]
    assert multiple.fields == ["Công nghệ thông tin"]
    assert (multiple.difficulty, multiple.tags) == ("medium", [])


def test_true_false_with_plain_text_escaped(sample):
    question = by_title(sample, "Chữ ký số")
    assert question.correct is True
    assert question.feedback_true == "Đúng theo Luật Giao dịch điện tử."
    assert question.stem.endswith("văn bản giấy &amp; có dấu.")


def test_short_answer_keeps_partial_credit(sample):
    question = by_title(sample, "Viết tắt CNTT")
    assert [(c.text, c.fraction) for c in question.choices] == [("CNTT", 1.0), ("IT", 0.5)]
    assert question.case_sensitive is False


def test_numeric_drops_worthless_wildcard(sample):
    assert by_title(sample, "Số mức độ DVC").numeric == [NumericAnswer(value=4.0, tolerance=0.0)]


def test_matching_empty_subquestion_is_distractor(sample):
    pairs = by_title(sample, "Ghép hệ thống").pairs
    assert [p.left for p in pairs] == ["<p>Một cửa điện tử</p>", "<p>Quản lý văn bản</p>", ""]
    assert pairs[2].right == "Chấm công"


def test_ordering_keeps_document_order_and_ignores_fraction():
    result = moodle_xml.parse(
        quiz("""
  <question type="ordering">
    <name><text>Thứ tự</text></name>
    <questiontext format="html"><text>Sắp xếp các bước</text></questiontext>
    <layouttype>VERTICAL</layouttype>
    <answer fraction="2.0000000" format="moodle_auto_format"><text>Nộp hồ sơ</text></answer>
    <answer fraction="1.0000000" format="moodle_auto_format"><text>Nhận kết quả</text></answer>
  </question>""")
    )
    assert result.questions[0].items == [OrderItem("Nộp hồ sơ"), OrderItem("Nhận kết quả")]


@pytest.mark.parametrize(
    "qtype",
    [
        "calculated",
        "calculatedsimple",
        "calculatedmulti",
        "ddwtos",
        "gapselect",
        "ddmarker",
        "ddimageortext",
        "randomsamatch",
        "multianswer",
        "random",
        "somethingnew",
    ],
)
def test_unsupported_types_are_skipped(qtype):
    result = moodle_xml.parse(
        quiz(f'<question type="{qtype}"><name><text>x</text></name></question>')
    )
    assert result.questions == []
    assert result.skipped[0].message == f"«x»: Loại câu hỏi '{qtype}' chưa được hỗ trợ, đã bỏ qua."
    assert result.skipped[0].line == 3


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("$course$/top/A/B", ("A", "B")),
        ("$system$/top", ()),
        ("top/A", ("A",)),
        ("$module$/top/Hỏi//Đáp/C", ("Hỏi/Đáp", "C")),
        ("Chủ đề", ("Chủ đề",)),
    ],
)
def test_category_path(path, expected):
    assert moodle_xml.category_path(path) == expected


def test_bad_fraction_is_an_error_on_its_line():
    result = moodle_xml.parse(
        quiz(
            '<question type="multichoice">\n<questiontext><text>x</text></questiontext>\n'
            '<answer fraction="lots"><text>a</text></answer></question>'
        )
    )
    assert result.questions == []
    assert result.errors[0].line == 3 and "lots" in result.errors[0].message


# --- hostile or broken XML ------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<quiz><question type="essay"><questiontext><text>&lol3;</text></questiontext></question></quiz>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<quiz><question type="essay"><questiontext><text>&xxe;</text></questiontext></question></quiz>"""


@pytest.mark.parametrize(
    "document",
    [
        BILLION_LAUGHS,
        EXTERNAL_ENTITY,
        b'<!DOCTYPE quiz SYSTEM "http://example.invalid/q.dtd"><quiz/>',
    ],
)
def test_doctype_and_entities_are_refused(document):
    with pytest.raises(FormatError, match="DOCTYPE hoặc thực thể"):
        moodle_xml.parse(document)


def test_malformed_xml_reports_its_line():
    with pytest.raises(FormatError) as caught:
        moodle_xml.parse(b'<?xml version="1.0"?>\n<quiz>\n<question type="essay">\n</quiz>')
    assert caught.value.line == 4
    assert "dòng 4" in caught.value.message


def test_other_xml_is_not_moodle():
    with pytest.raises(FormatError, match="<quiz>"):
        moodle_xml.parse(b"<html><body/></html>")


# --- writing --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fraction", "text"),
    [
        (1.0, "100"),
        (0.0, "0"),
        (1 / 3, "33.33333"),
        (-0.5, "-50"),
        (1 / 7, "14.28571"),
        (0.05, "5"),
    ],
)
def test_percent_is_written_as_moodle_does(fraction, text):
    assert moodle_xml_writer.percent(fraction) == text


def test_written_file_is_plain_wellformed_xml_with_cdata_guard():
    record = QuestionRecord(type="essay", stem="<p>a ]]> b</p>\x01", category=("A/B", "C"))
    data = moodle_xml.write([record])
    root = ElementTree.fromstring(data)
    assert root.find("question/category/text").text == "$course$/top/A//B/C"
    assert root.find("question[@type='essay']/questiontext/text").text == "<p>a ]]> b</p>"
    assert root.find("question[@type='essay']/name") is None  # Moodle names it from its text
    assert moodle_xml.parse(data).questions[0].category == ("A/B", "C")


def test_numeric_range_becomes_value_and_tolerance():
    record = QuestionRecord(type="numeric", stem="x", numeric=[NumericAnswer(low=10.0, high=20.0)])
    (answer,) = moodle_xml.parse(moodle_xml.write([record])).questions[0].numeric
    assert (answer.value, answer.tolerance) == (15.0, 5.0)
    assert answer.accepts(10.0) and answer.accepts(20.0) and not answer.accepts(20.5)


def test_unsupported_names_unwritable_records():
    records = [QuestionRecord(type="essay", stem="a"), QuestionRecord(type="description", stem="b")]
    assert moodle_xml.unsupported(records) == records[1:]
    assert b"description" not in moodle_xml.write(records)


def test_matching_right_side_is_plain_in_moodle_and_html_in_records():
    record = QuestionRecord(type="matching", stem="x", pairs=[MatchPair("<b>A</b>", "B &amp; C")])
    data = moodle_xml.write([record])
    assert ElementTree.fromstring(data).find(".//subquestion/answer/text").text == "B & C"
    assert moodle_xml.parse(data).questions[0].pairs == record.pairs


def test_non_html_answers_are_escaped_but_short_answers_stay_plain():
    result = moodle_xml.parse(
        quiz("""
  <question type="multichoice"><questiontext format="html"><text>x</text></questiontext>
    <answer fraction="100" format="plain_text"><text>a &lt; b</text></answer></question>
  <question type="shortanswer"><questiontext format="html"><text>y</text></questiontext>
    <answer fraction="100" format="moodle_auto_format"><text>a &lt; b</text></answer></question>
""")
    )
    choice, answer = (q.choices[0].text for q in result.questions)
    assert (choice, answer) == ("a &lt; b", "a < b")


# --- round trip -----------------------------------------------------------------------------

_CHARS = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn"))
TEXT = st.text(_CHARS | st.just("\n"), max_size=30).map(str.strip)
NAME = (
    st.text(_CHARS, min_size=1, max_size=15)
    .map(str.strip)
    .filter(lambda s: s and "/" not in s and not s.startswith(moodle_xml._TAG_PREFIXES))
)
FRACTION = st.sampled_from([1.0, 0.5, 1 / 3, 2 / 3, 0.25, 1 / 7, 0.1, 0.0, -0.5, -1 / 3, -1.0])
FLOAT = st.floats(allow_nan=False, allow_infinity=False)
CHOICES = st.lists(st.builds(Choice, TEXT, FRACTION, TEXT), min_size=1, max_size=5)


@st.composite
def moodle_records(draw):
    qtype = draw(st.sampled_from(QUESTION_TYPES))
    record = QuestionRecord(
        type=qtype,
        stem=draw(TEXT),
        title=draw(TEXT),
        category=tuple(draw(st.lists(NAME, max_size=3))),
        explanation=draw(TEXT),
        difficulty=draw(st.sampled_from(DIFFICULTIES)),
        tags=draw(st.lists(NAME, max_size=3)),
        positions=draw(st.lists(NAME, max_size=2)),
        fields=draw(st.lists(NAME, max_size=2)),
        images=draw(
            st.dictionaries(
                st.from_regex(r"[a-z0-9]{1,8}\.png", fullmatch=True),
                st.binary(max_size=20),
                max_size=2,
            )
        ),
    )
    if qtype in ("single_choice", "multiple_choice", "short_answer"):
        record.choices = draw(CHOICES)
        record.case_sensitive = qtype == "short_answer" and draw(st.booleans())
    elif qtype == "true_false":
        record.correct = draw(st.booleans())
        record.feedback_true, record.feedback_false = draw(TEXT), draw(TEXT)
    elif qtype == "numeric":
        record.numeric = draw(
            st.lists(
                st.builds(
                    NumericAnswer,
                    value=FLOAT,
                    tolerance=st.floats(min_value=0, max_value=1e300),
                    fraction=FRACTION,
                    feedback=TEXT,
                ),
                min_size=1,
                max_size=3,
            )
        )
    elif qtype == "matching":
        plain = TEXT.map(lambda t: html.escape(t, quote=False).replace("\n", "<br>"))
        record.pairs = draw(st.lists(st.builds(MatchPair, TEXT, plain), min_size=1, max_size=4))
    elif qtype == "ordering":
        record.items = draw(st.lists(st.builds(OrderItem, TEXT), min_size=1, max_size=4))
    return record


@settings(max_examples=150, deadline=None)
@given(st.lists(moodle_records(), max_size=4))
def test_write_then_parse_round_trips(records):
    result = moodle_xml.parse(moodle_xml.write(records))
    assert result.errors == [] and result.skipped == []
    assert [dataclasses.replace(q, line=0) for q in result.questions] == records
