"""The demo question bank: size, coverage, shape and text quality of every record, as the import
reads its data files."""

from __future__ import annotations

import copy
import random
import re
import unicodedata
from collections import Counter

import pytest

from question_bank.demo import DemoDataError, demo_files, demo_questions, read_demo_file
from question_bank.formats import parse
from question_bank.records import DIFFICULTIES, QuestionRecord
from question_bank.types import QUESTION_TYPES

POSITIONS = {
    "Lãnh đạo cơ quan, đơn vị",
    "Chuyên viên bộ phận một cửa",
    "Công chức Văn phòng - Thống kê cấp xã",
    "Công chức Tư pháp - Hộ tịch",
    "Chuyên viên công nghệ thông tin",
    "Văn thư - Lưu trữ",
}
FIELDS = {"Công nghệ thông tin", "Đất đai", "Tư pháp", "Nội vụ", "Văn hóa - Xã hội"}
PUBLIC = "công khai"
ALLOWED_TAGS_HTML = re.compile(r"</?(strong|em)>")


@pytest.fixture(scope="module")
def records() -> list[QuestionRecord]:
    return demo_questions()


def _texts(record: QuestionRecord) -> list[str]:
    texts = [record.stem, record.title, record.explanation, *record.category, *record.tags]
    texts += [record.feedback_true, record.feedback_false]
    texts += [c.text for c in record.choices] + [c.feedback for c in record.choices]
    texts += [p.left for p in record.pairs] + [p.right for p in record.pairs]
    texts += [i.text for i in record.items]
    return [t for t in texts if t]


def _looks_mojibake(text: str) -> bool:
    if "\ufffd" in text or re.search(r"\w\?\w", text):
        return True
    try:  # UTF-8 bytes read as cp1252 encode back cleanly and decode as different UTF-8
        return text.encode("cp1252").decode("utf-8") != text
    except (UnicodeEncodeError, UnicodeDecodeError):
        return False


def test_fresh_list_each_call(records):
    again = demo_questions()
    assert again == records
    assert again[0] is not records[0]


def test_every_file_reads_whole(records):
    files = demo_files()
    assert len(files) >= 8
    assert [name for name, _ in files] == sorted(name for name, _ in files)
    assert sum(len(parse(data, "moodle-xml").questions) for _, data in files) == len(records)


def test_a_file_that_loses_a_question_is_refused():
    skipped = b'<?xml version="1.0"?>\n<quiz>\n<question type="cloze"></question>\n</quiz>'
    with pytest.raises(DemoDataError, match="99_broken.xml, line 3"):
        read_demo_file("99_broken.xml", skipped)


def test_size_and_coverage(records):
    assert len(records) >= 150
    assert len({r.category[0] for r in records}) >= 8
    types = Counter(r.type for r in records)
    assert set(QUESTION_TYPES) <= set(types)
    assert types["single_choice"] >= 60
    for name in ("multiple_choice", "true_false"):
        assert types[name] >= 15, name
    for name in ("short_answer", "numeric", "matching", "ordering"):
        assert types[name] >= 5, name
    assert types["essay"] >= 3
    assert {r.difficulty for r in records} == set(DIFFICULTIES)


def test_positions_and_fields(records):
    counts = Counter(p for r in records for p in r.positions)
    assert set(counts) <= POSITIONS
    assert sum(1 for n in counts.values() if n >= 15) >= 4
    assert {f for r in records for f in r.fields} <= FIELDS
    for r in records:
        assert len(set(r.positions)) == len(r.positions), r.stem
        assert len(set(r.fields)) == len(r.fields), r.stem


def test_public_questions(records):
    public = [r for r in records if PUBLIC in r.tags]
    assert len(public) >= 60
    assert all(r.difficulty in ("easy", "medium") for r in public)


def test_common_fields(records):
    for r in records:
        assert r.type in QUESTION_TYPES, r.stem
        assert r.explanation.strip(), r.stem
        assert r.difficulty in DIFFICULTIES, r.stem
        assert 1 <= len(r.category) <= 2, r.stem
        assert all(part.strip() for part in r.category), r.stem
        assert 1 <= len(r.tags) <= 3, r.stem
        assert all(t == t.lower() and t.strip() == t and t for t in r.tags), r.tags
        assert r.line > 0 and not r.images  # points into its data file
        assert not any(c.key for c in r.choices)
        assert not any(p.key or p.right_key for p in r.pairs)
        assert not any(i.key for i in r.items)


def test_stems_are_short_plain_html(records):
    for r in records:
        without_allowed = ALLOWED_TAGS_HTML.sub("", r.stem)
        assert "<" not in without_allowed, r.stem
        assert len(r.stem) <= 400, r.stem


def test_no_duplicate_stems(records):
    stems = Counter(" ".join(r.stem.split()).lower() for r in records)
    assert [s for s, n in stems.items() if n > 1] == []


def test_text_is_clean_nfc(records):
    for r in records:
        for text in _texts(r):
            assert unicodedata.normalize("NFC", text) == text, text
            assert not _looks_mojibake(text), text
            assert text == text.strip(), text
            assert "  " not in text, text


def test_single_choice(records):
    for r in (r for r in records if r.type == "single_choice"):
        assert len(r.choices) == 4, r.stem
        assert [c.fraction for c in r.choices].count(1.0) == 1, r.stem
        assert all(c.fraction in (0.0, 1.0) for c in r.choices), r.stem
        assert len({c.text for c in r.choices}) == 4, r.stem


def test_multiple_choice(records):
    for r in (r for r in records if r.type == "multiple_choice"):
        right = [c.fraction for c in r.choices if c.fraction > 0]
        wrong = [c.fraction for c in r.choices if c.fraction <= 0]
        assert len(right) >= 2 and wrong, r.stem
        assert sum(right) == pytest.approx(1.0), r.stem
        assert all(f == pytest.approx(-1 / len(right)) for f in wrong), r.stem
        assert len({c.text for c in r.choices}) == len(r.choices), r.stem


def test_other_answer_keys(records):
    for r in records:
        if r.type == "true_false":
            assert isinstance(r.correct, bool), r.stem
        elif r.type == "short_answer":
            assert r.choices and all(c.fraction == 1.0 for c in r.choices), r.stem
        elif r.type == "numeric":
            assert r.numeric and all(a.value is not None for a in r.numeric), r.stem
        elif r.type == "matching":
            real = [p for p in r.pairs if p.left]
            assert 3 <= len(real) <= 4, r.stem
            assert len({p.right for p in r.pairs}) == len(r.pairs), r.stem
        elif r.type == "ordering":
            assert len(r.items) >= 3, r.stem
        elif r.type == "essay":
            assert not (r.choices or r.pairs or r.items or r.numeric), r.stem
    tf = Counter(r.correct for r in records if r.type == "true_false")
    assert tf[True] and tf[False]


def test_every_record_validates_with_its_type(records):
    types = pytest.importorskip("question_bank.types")
    keys = pytest.importorskip("question_bank.types.keys")
    checked = 0
    for original in records:
        if original.type not in types.REGISTRY:
            continue
        record = copy.deepcopy(original)
        keys.assign_keys(record, random.Random(0))
        assert types.get_type(record.type).validate(record) == [], record.stem
        checked += 1
    if not checked:
        pytest.skip("no question type registered yet")
