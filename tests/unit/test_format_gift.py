"""GIFT: reading what Moodle reads, writing what reads back, one bad question never fatal."""

import html

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from question_bank.formats import gift
from question_bank.formats.base import FormatError
from question_bank.records import Choice, MatchPair, NumericAnswer, OrderItem, QuestionRecord


def one(source: str) -> QuestionRecord:
    result = gift.parse(source)
    assert result.errors == [] and result.skipped == []
    assert len(result.questions) == 1
    return result.questions[0]


def problems(source: str, kind: str = "errors") -> list[tuple[int, str]]:
    return [(p.line, p.message) for p in getattr(gift.parse(source), kind)]


def choices(record: QuestionRecord) -> list[tuple[str, float, str]]:
    return [(c.text, pytest.approx(c.fraction), c.feedback) for c in record.choices]


# -- reading: question types ---------------------------------------------------------------


def test_single_choice_with_title_feedback_and_general_feedback():
    record = one(
        "::Thủ đô::Thủ đô của Việt Nam là gì? {\n"
        "  ~Hải Phòng#Sai rồi\n  =Hà Nội#Chính xác\n  ~Đà Nẵng\n  ####Hà Nội là thủ đô.\n}"
    )
    assert (record.type, record.title) == ("single_choice", "Thủ đô")
    assert record.stem == "Thủ đô của Việt Nam là gì?"
    right, wrong = ("Hà Nội", 1.0, "Chính xác"), ("Đà Nẵng", 0.0, "")
    assert choices(record) == [("Hải Phòng", 0.0, "Sai rồi"), right, wrong]
    assert record.explanation == "Hà Nội là thủ đô."


def test_answer_block_inside_the_text_is_a_missing_word():
    record = one("Hồ sơ được nộp {~qua bưu điện =trực tuyến ~tại nhà} trên Cổng dịch vụ công.")
    assert record.stem == "Hồ sơ được nộp _____ trên Cổng dịch vụ công."


def test_weights_make_multiple_choice_and_may_be_negative():
    record = one("Chọn các thủ tục mức độ 4: {~%50%Khai sinh ~%50%Kết hôn ~%-100%Xây dựng}")
    assert record.type == "multiple_choice"
    assert [c.fraction for c in record.choices] == [0.5, 0.5, -1.0]


def test_several_plain_right_answers_share_the_credit():
    record = one("Chọn: {=Một =Hai ~Ba}")
    assert record.type == "multiple_choice"
    assert [c.fraction for c in record.choices] == [0.5, 0.5, 0.0]


def test_moodle_thirds_sum_to_exactly_one():
    record = one("Chọn: {~%33.33333%A ~%33.33333%B ~%33.33333%C ~D}")
    assert sum(c.fraction for c in record.choices) == 1.0


def test_text_before_the_first_mark_is_read_as_moodle_reads_it():
    choice = one("Thủ đô? {Huế =Hà Nội ~Đà Nẵng}")
    assert (choice.type, [(c.text, c.fraction) for c in choice.choices]) == (
        "single_choice", [("Huế", 0.0), ("Hà Nội", 1.0), ("Đà Nẵng", 0.0)])
    matching = one("Ghép? {a -> 1 =b -> 2}")
    assert [(p.left, p.right) for p in matching.pairs] == [("a", "1"), ("b", "2")]
    short = one("Viết tắt? {DVC =dịch vụ công}")
    assert [c.text for c in short.choices] == ["DVC", "dịch vụ công"]


def test_tilde_weights_without_equals_stay_multiple_choice():
    assert one("Chọn: {~%100%A ~B ~C}").type == "multiple_choice"


@pytest.mark.parametrize(
    ("block", "correct", "feedback_true", "feedback_false"),
    [
        ("{T}", True, "", ""),
        ("{TRUE}", True, "", ""),
        ("{F}", False, "", ""),
        ("{FALSE}", False, "", ""),
        ("{true}", True, "", ""),
        ("{TRUE#Sai rồi#Đúng vậy}", True, "Đúng vậy", "Sai rồi"),
        ("{FALSE#Sai rồi#Đúng vậy}", False, "Sai rồi", "Đúng vậy"),
    ],
)
def test_true_false_maps_wrong_and_right_feedback(block, correct, feedback_true, feedback_false):
    record = one("Một cửa điện tử là phần mềm. " + block)
    assert (record.type, record.correct) == ("true_false", correct)
    assert (record.feedback_true, record.feedback_false) == (feedback_true, feedback_false)


def test_short_answer_keeps_plain_text_and_weights():
    record = one("Cơ quan nào cấp căn cước? {=Công an =%50%CA <tỉnh>#Gần đúng}")
    assert record.type == "short_answer"
    assert choices(record) == [("Công an", 1.0, ""), ("CA <tỉnh>", 0.5, "Gần đúng")]


def test_short_answer_feedback_with_an_arrow_is_written_so_it_stays_short_answer():
    record = QuestionRecord("short_answer", "Hỏi?", choices=[Choice("Đáp", 1.0, "a -> b")])
    read = one(gift.write([record]))
    assert (read.type, read.choices[0].feedback) == ("short_answer", "a -&gt; b")


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("{#1945}", [NumericAnswer(value=1945.0)]),
        ("{#1.5:0.1}", [NumericAnswer(value=1.5, tolerance=0.1)]),
        ("{#-2..3.5}", [NumericAnswer(low=-2.0, high=3.5)]),
        (
            "{#=1.5:0.1 =%50%2:0.5#Gần đúng}",
            [
                NumericAnswer(value=1.5, tolerance=0.1),
                NumericAnswer(value=2.0, tolerance=0.5, fraction=0.5, feedback="Gần đúng"),
            ],
        ),
        ("{#\n=1e3:5\n~#Sai}", [NumericAnswer(value=1000.0, tolerance=5.0)]),
    ],
)
def test_numeric_answers(block, expected):
    record = one("Bao nhiêu? " + block)
    assert (record.type, record.numeric) == ("numeric", expected)


def test_matching_with_a_distractor():
    record = one("Ghép: {\n=Hà Nội -> Thủ đô\n=Huế -> Cố đô\n= -> Cảng <biển>\n}")
    assert record.type == "matching"
    assert [(p.left, p.right) for p in record.pairs] == [
        ("Hà Nội", "Thủ đô"),
        ("Huế", "Cố đô"),
        ("", "Cảng &lt;biển&gt;"),
    ]


@pytest.mark.parametrize(("block", "explanation"), [("{}", ""), ("{####Chấm tay.}", "Chấm tay.")])
def test_empty_block_is_an_essay(block, explanation):
    record = one("Trình bày lợi ích của dịch vụ công trực tuyến. " + block)
    assert (record.type, record.explanation) == ("essay", explanation)


# -- reading: structure, formats, escapes --------------------------------------------------


def test_description_is_skipped_and_the_rest_is_read():
    result = gift.parse("Phần I: Kiến thức chung\n\nHỏi? {T}")
    assert [(p.line, p.message) for p in result.skipped] == [
        (1, "Mục mô tả (description) không phải câu hỏi, đã bỏ qua.")
    ]
    assert len(result.questions) == 1 and result.errors == []


def test_several_answer_blocks_are_skipped_as_cloze():
    assert problems("Nộp {=trực tuyến ~giấy} tại {=cổng ~nhà}.", "skipped") == [
        (1, "Câu hỏi có nhiều phần đáp án {...} (dạng cloze) chưa được hỗ trợ, đã bỏ qua.")
    ]


def test_category_applies_to_the_questions_that_follow():
    result = gift.parse(
        "A? {T}\n\n$CATEGORY: $course$/top/Dịch vụ công/Mức độ 4\n\nB? {T}\n\nC? {F}\n\n"
        "$CATEGORY: Tin học//Văn phòng/Word\n\nD? {T}"
    )
    assert [q.category for q in result.questions] == [
        (),
        ("Dịch vụ công", "Mức độ 4"),
        ("Dịch vụ công", "Mức độ 4"),
        ("Tin học/Văn phòng", "Word"),
    ]
    assert result.categories == {("Dịch vụ công", "Mức độ 4"), ("Tin học/Văn phòng", "Word")}


def test_comments_are_ignored_and_lines_count_from_the_question():
    record = one("// Câu hỏi 1\n// question: 12  name: x\nHỏi? {\n// ~bỏ đi\n=A ~B}")
    assert (record.line, record.stem, len(record.choices)) == (3, "Hỏi?", 2)


def test_metadata_comments_fill_what_gift_has_no_field_for():
    record = one(
        "// tags: một cửa, thủ tục\\, hồ sơ\n// difficulty: khó\n"
        "// positions: Văn thư\n// fields: Tư pháp, Đất đai\n// case-sensitive: yes\n"
        "Hỏi? {=Đáp}"
    )
    assert record.tags == ["một cửa", "thủ tục, hồ sơ"]
    assert (record.difficulty, record.positions, record.fields) == (
        "hard",
        ["Văn thư"],
        ["Tư pháp", "Đất đai"],
    )
    assert record.case_sensitive is True


def test_moodle_tag_tokens_carry_difficulty_positions_and_fields():
    record = one(
        "// question: 7  name: x [id:abc]\n"
        "// [tag:một cửa] [tag:a\\]b] [tag:difficulty:easy] [tag:position:Văn thư] [tag:field:Đất đai]\n"
        "Hỏi? {T}"
    )
    assert (record.tags, record.difficulty) == (["một cửa", "a]b"], "easy")
    assert (record.positions, record.fields) == (["Văn thư"], ["Đất đai"])


def test_metadata_belongs_to_the_block_it_is_in():
    result = gift.parse(
        "// [tag:a]\n$CATEGORY: X\n\n// difficulty: easy\n\nA? {T}\n\n// tags: b\nB? {T}"
    )
    assert [(q.difficulty, q.tags) for q in result.questions] == [("medium", []), ("medium", ["b"])]


@pytest.mark.parametrize(
    ("source", "stem"),
    [
        ("[html]<p>Chọn <b>một</b></p> {T}", "<p>Chọn <b>một</b></p>"),
        ("[plain]a < b & c\\nd {T}", "a &lt; b &amp; c<br>d"),
        ("[moodle]<b>x</b>\\ny {T}", "<b>x</b><br>y"),  # Moodle shows its HTML
        ("<b>x</b> {T}", "<b>x</b>"),
        ("a < b & c {T}", "a &lt; b &amp; c"),
        ("[markdown]**Đậm** và *nghiêng* {T}", "<strong>Đậm</strong> và <em>nghiêng</em>"),
        ("[unknown]x {T}", "[unknown]x"),
    ],
)
def test_format_markers(source, stem):
    assert one(source).stem == stem


def test_answers_inherit_the_question_format():
    record = one("[html]Chọn {=<b>A</b>#<i>đúng</i> ~B & C}")
    assert choices(record) == [("<b>A</b>", 1.0, "<i>đúng</i>"), ("B & C", 0.0, "")]


def test_escaped_characters_are_text():
    record = one("::a\\:b::Tập \\{1\\} \\~ \\= \\# \\\\ \\: {=x\\=y \\~z ~w\\#v}")
    assert record.title == "a:b"
    assert record.stem == "Tập {1} ~ = # \\ :"
    assert [c.text for c in record.choices] == ["x=y ~z", "w#v"]


def test_bytes_with_bom_and_windows_newlines():
    result = gift.parse("\ufeff// x\r\nA? {T}\r\n\r\nB? {F}\r\n".encode())
    assert [(q.line, q.stem) for q in result.questions] == [(2, "A?"), (4, "B?")]


def test_not_utf8_is_a_format_error_with_its_line():
    with pytest.raises(FormatError) as caught:
        gift.parse("A? {T}\n\nCâu {F}".encode("latin-1"))
    assert caught.value.line == 3
    assert caught.value.message.startswith("Tệp không phải UTF-8")


def test_many_questions_are_all_read():
    source = "\n\n".join(f"::Q{i}::Câu hỏi {i}? {{=Đúng ~Sai ~Khác}}" for i in range(5000))
    result = gift.parse(source.encode())
    assert len(result.questions) == 5000 and result.questions[-1].line == 4999 * 2 + 1


# -- reading: errors -----------------------------------------------------------------------

MARKS = "mỗi phương án phải bắt đầu bằng '=' (đúng) hoặc '~' (sai)."


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("Hỏi? {=A ~B", "Thiếu dấu '}' đóng phần đáp án."),
        ("Hỏi? {=A {~B}", "Thiếu dấu '}' đóng phần đáp án."),
        ("Hỏi? } {=A ~B}", "Thừa dấu '}' không có dấu '{' mở tương ứng."),
        ("Hỏi? {=A ~B} }", "Thừa dấu '}' không có dấu '{' mở tương ứng."),
        ("Hỏi? {=A = ~B}", "Có phương án trống (dấu '=' hoặc '~' thừa)."),
        ("Hỏi? {A ~B}", "Không hiểu phần đáp án «A»: " + MARKS),
        ("Hỏi? {~A}", "Câu hỏi trắc nghiệm cần ít nhất hai phương án."),
        ("Hỏi? {#abc}", "Đáp án số không hợp lệ: «abc» (số thập phân dùng dấu chấm, ví dụ 1.5)."),
        ("Hỏi? {#1,5}", "Đáp án số không hợp lệ: «1,5» (số thập phân dùng dấu chấm, ví dụ 1.5)."),
        ("Hỏi? {#5..1}", "Khoảng đáp án «5..1» có cận dưới lớn hơn cận trên."),
        ("Hỏi? {#}", "Câu hỏi dạng số chưa có đáp án."),
        ("Hỏi? {=a -> b =c}", "Cặp ghép nối thiếu dấu '->': «c»."),
        ("Hỏi? {=a -> b = -> c}", "Câu hỏi ghép nối cần ít nhất hai cặp."),
        ("Hỏi? {=a -> b =c -> }", "Vế phải của cặp ghép nối «c» bị trống."),
        ("{=A ~B}", "Câu hỏi không có nội dung (phần đề bài trống)."),
        ("::Tên:: {T}", "Câu hỏi không có nội dung (phần đề bài trống)."),
    ],
)
def test_malformed_question_is_an_error_at_its_line(source, message):
    result = gift.parse(f"Trước? {{T}}\n\n// chú thích\n{source}\n\nSau? {{F}}")
    assert [(p.line, p.message) for p in result.errors] == [(4, message)]
    assert [q.stem for q in result.questions] == ["Trước?", "Sau?"]


def test_unknown_difficulty_is_an_error():
    message = "Mức độ «rất khó» không hợp lệ (dùng easy, medium, hard hoặc dễ, trung bình, khó)."
    assert problems("// difficulty: rất khó\nHỏi? {T}") == [(1, message)]


# -- writing -------------------------------------------------------------------------------


def test_write_skips_what_gift_cannot_carry():
    ordering = QuestionRecord("ordering", "Sắp xếp", items=[OrderItem("a"), OrderItem("b")])
    arrow = QuestionRecord("short_answer", "Hỏi?", choices=[Choice("a->b", 1.0)])
    fine = QuestionRecord("true_false", "Đúng?", correct=True)
    assert gift.unsupported([ordering, arrow, fine]) == [ordering, arrow]
    assert gift.write([ordering, arrow, fine]) == "[html]Đúng?{TRUE}\n\n"


def test_single_choice_keeps_penalties_and_partial_credit():
    penalty = QuestionRecord("single_choice", "Hỏi?", choices=[Choice("a", 1.0), Choice("b", -0.5)])
    partial = QuestionRecord("single_choice", "Hỏi?", choices=[Choice("a", 1.0), Choice("b", 0.5)])
    output = gift.write([penalty, partial])
    assert "=a\n\t~%-50%b" in output and "=a\n\t~%50%b" in output
    first, second = gift.parse(output).questions
    assert (first.type, [c.fraction for c in first.choices]) == ("single_choice", [1.0, -0.5])
    assert (second.type, [c.fraction for c in second.choices]) == ("single_choice", [1.0, 0.5])


def test_write_emits_category_only_when_it_changes():
    records = [
        QuestionRecord("essay", "A", category=("Dịch vụ công", "Mức 3/4")),
        QuestionRecord("essay", "B", category=("Dịch vụ công", "Mức 3/4")),
        QuestionRecord("essay", "C"),
    ]
    assert gift.write(records) == (
        "$CATEGORY: Dịch vụ công/Mức 3//4\n\n[html]A{}\n\n[html]B{}\n\n$CATEGORY: \n\n[html]C{}\n\n"
    )


def test_write_escapes_and_marks_metadata():
    record = QuestionRecord(
        "single_choice",
        "Chọn {một}: a = b?",
        title="Câu: 1",
        choices=[Choice("Đúng#1", 1.0, "Vì ~"), Choice("%50 sai", 0.0)],
        explanation="[Xem] luật",
        difficulty="hard",
        tags=["a, b"],
    )
    assert gift.write([record]) == (
        "// [tag:a, b] [tag:difficulty:hard]\n"
        "::Câu\\: 1::[html]Chọn \\{một\\}\\: a \\= b?{\n"
        "\t=Đúng\\#1#Vì \\~\n\t~%0%%50 sai\n\t####[html][Xem] luật\n}\n\n"
    )
    assert gift.parse(gift.write([record])).questions[0].choices[1].text == "%50 sai"


# -- round trip (property-based) -----------------------------------------------------------

VIETNAMESE = "ăâđêôơưáàảãạếệờữỳĐÂ"
ALPHABET = "abcdhnotuyAHT019 " + VIETNAMESE + "~=#{}:\\%<>&-_/[]*$"


def texts(alphabet: str = ALPHABET + "\n", max_size: int = 24) -> st.SearchStrategy[str]:
    return st.text(alphabet, min_size=1, max_size=max_size).map(str.strip).filter(bool)


def words(alphabet: str = ALPHABET) -> st.SearchStrategy[str]:
    """One line, single spaces: what the writer keeps of titles, names and plain right sides."""
    return texts(alphabet).map(lambda s: " ".join(s.split())).filter(bool)


optional = st.one_of(st.just(""), texts())
names = words(ALPHABET.replace("\\", ""))  # "\\]" would read as an escaped "]" in [tag:...]
tags = names.filter(lambda s: s.partition(":")[0] not in ("difficulty", "position", "field"))
no_arrow = texts().filter(lambda s: "->" not in s)
fractions = st.sampled_from([1.0, 0.5, 0.25, 0.1, 1 / 3, 0.0])
numbers = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
category_part = words("abcdhnot " + VIETNAMESE + "/").filter(lambda s: s[0] != "/" != s[-1])


@st.composite
def choice_records(draw, kind):
    size = draw(st.integers(2, 6))
    right = draw(st.integers(1, size if kind == "multiple_choice" else 1))
    # a single choice's other options may be worth part of the credit, or a penalty
    wrong = [0.0, 0.5, 1 / 3, -0.25] if kind == "single_choice" else [0.0, -0.5, -1 / 3]
    fractions = [1 / right] * right + [draw(st.sampled_from(wrong)) for _ in range(size - right)]
    return {"choices": [Choice(draw(texts()), f, draw(optional)) for f in fractions]}


@st.composite
def numeric_fields(draw):
    answers = []
    for fraction in [1.0, *draw(st.lists(fractions, max_size=3))]:
        if draw(st.booleans()):
            low, high = sorted([draw(numbers), draw(numbers)])
            answers.append(NumericAnswer(low=low, high=high, fraction=fraction))
        else:
            value, tolerance = draw(numbers), abs(draw(numbers))
            answers.append(NumericAnswer(value=value, tolerance=tolerance, fraction=fraction))
        answers[-1].feedback = draw(optional)
    return {"numeric": answers}


def plain_right(text: str) -> str:
    return html.escape(text, quote=False)


ANSWER_FIELDS = {
    "single_choice": choice_records("single_choice"),
    "multiple_choice": choice_records("multiple_choice"),
    "true_false": st.fixed_dictionaries(
        {"correct": st.booleans(), "feedback_true": optional, "feedback_false": optional}
    ),
    "short_answer": st.fixed_dictionaries(
        {
            "choices": st.lists(
                st.builds(Choice, no_arrow, fractions, st.just("") | no_arrow),
                min_size=1,
                max_size=4,
            ).map(lambda cs: [Choice(cs[0].text, 1.0, cs[0].feedback), *cs[1:]]),
            "case_sensitive": st.booleans(),
        }
    ),
    "numeric": numeric_fields(),
    "matching": st.fixed_dictionaries(
        {
            "pairs": st.tuples(
                st.lists(st.builds(MatchPair, no_arrow, words().map(plain_right)), min_size=2),
                st.lists(st.builds(MatchPair, st.just(""), words().map(plain_right)), max_size=2),
            ).map(lambda lists: lists[0] + lists[1])
        }
    ),
    "essay": st.just({}),
}


@st.composite
def records(draw, kinds=tuple(ANSWER_FIELDS)):
    kind = draw(st.sampled_from(kinds))
    return QuestionRecord(
        type=kind,
        stem=draw(texts(max_size=60)),
        title=draw(st.one_of(st.just(""), words())),
        category=tuple(draw(st.lists(category_part, max_size=3))),
        explanation=draw(optional),
        difficulty=draw(st.sampled_from(["easy", "medium", "hard"])),
        tags=draw(st.lists(tags, max_size=3)),
        positions=draw(st.lists(names, max_size=2)),
        fields=draw(st.lists(names, max_size=2)),
        **draw(ANSWER_FIELDS[kind]),
    )


def carried(record: QuestionRecord) -> tuple:
    """Everything GIFT carries, fractions rounded off float noise."""
    return (
        record.type,
        record.stem,
        record.title,
        record.category,
        [(c.text, round(c.fraction, 9), c.feedback) for c in record.choices],
        record.correct,
        record.feedback_true,
        record.feedback_false,
        [
            (n.value, n.tolerance, n.low, n.high, round(n.fraction, 9), n.feedback)
            for n in record.numeric
        ],
        [(p.left, p.right) for p in record.pairs],
        record.explanation,
        record.difficulty,
        record.tags,
        record.positions,
        record.fields,
        record.case_sensitive if record.type == "short_answer" else False,
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(records(), min_size=1, max_size=4))
def test_write_then_parse_gives_the_same_questions(originals):
    assume(not gift.unsupported(originals))
    result = gift.parse(gift.write(originals).encode())
    assert result.errors == [] and result.skipped == []
    assert [carried(q) for q in result.questions] == [carried(q) for q in originals]


@settings(max_examples=100, deadline=None)
@given(st.text(ALPHABET + "\n", max_size=200))
def test_any_text_parses_without_crashing(source):
    result = gift.parse(source)
    assert all(problem.line >= 1 for problem in result.errors + result.skipped)
