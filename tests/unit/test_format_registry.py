"""The format registry: names, content sniffing, dispatch and per-type counts."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path

import pytest

import question_bank.formats as formats
from question_bank.formats import xlsx
from question_bank.formats.base import FormatError, ParseResult
from question_bank.records import QuestionRecord
from question_bank.types import QUESTION_TYPES

SAMPLE = Path(__file__).parents[1] / "fixtures" / "moodle" / "sample_quiz.xml"
MOODLE = SAMPLE.read_bytes()
CSV = "\ufeffLoại câu hỏi;Nội dung câu hỏi;Đáp án đúng\nĐúng/Sai;Trời xanh?;Đúng\n".encode()
AIKEN = b"Thu do cua Viet Nam?\nA. Ha Noi\nB. Hue\nANSWER: A\n"
GIFT = b"::Q1:: Thu do cua Viet Nam? {=Ha Noi ~Hue}\n"


def test_formats_are_named():
    assert formats.FORMATS == ("gift", "moodle-xml", "aiken", "xlsx", "csv")


def test_counts_by_type_has_every_type():
    records = [
        QuestionRecord(type="essay", stem="a"),
        QuestionRecord(type="essay", stem="b"),
        QuestionRecord(type="description", stem="c"),
    ]
    counts = formats.counts_by_type(records)
    assert list(counts) == list(QUESTION_TYPES)
    assert counts["essay"] == 2 and sum(counts.values()) == 2


@pytest.mark.parametrize(
    ("filename", "data", "expected"),
    [
        ("questions.xlsx", "xlsx", "xlsx"),
        ("questions.csv", "xlsx", "xlsx"),  # a misleading name does not fool it
        ("quiz.xml", MOODLE, "moodle-xml"),
        ("quiz.txt", MOODLE, "moodle-xml"),
        ("quiz.txt", b"<quiz>\n</quiz>", "moodle-xml"),
        ("bank.csv", CSV, "csv"),
        ("bank.xml", CSV, "csv"),
        ("bank.csv", b"type,stem,correct\nessay,x,\n", "csv"),
        ("aiken.txt", AIKEN, "aiken"),
        ("aiken.gift", AIKEN, "aiken"),
        ("de.txt", "\ufeffHỏi?\r\nA)Một\r\nB)Hai\r\nanswer: b\r\n".encode(), "aiken"),
        ("de.txt", b"Hoi?\rA. x\rB. y\rANSWER: A\r", "aiken"),
        ("questions.gift", GIFT, "gift"),
        ("questions.txt", GIFT, "gift"),
        ("questions.txt", b"$CATEGORY: $course$/top/A\n\nCau hoi {T}\n", "gift"),
        ("notes.gift", b"plain words with no markers", "gift"),  # content silent: the name decides
        ("notes.bin", b"plain words with no markers", None),
        ("empty.csv", b"", None),
        ("doc.xlsx", "docx", None),
    ],
)
def test_guess_format_sniffs_content_first(filename, data, expected):
    if data == "xlsx":
        data = xlsx.template_xlsx()
    elif data == "docx":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("word/document.xml", "<w:document/>")
        data = buffer.getvalue()
    assert formats.guess_format(filename, data) == expected


def test_ambiguous_content_follows_the_extension():
    both = AIKEN + b"Cau khac {=a ~b}\n"
    assert formats.guess_format("x.gift", both) == "gift"
    assert formats.guess_format("x.txt", both) == "aiken"


@pytest.mark.parametrize("fmt", ["moodle-xml", "xlsx", "csv"])
def test_dispatch_round_trips_the_template_examples(fmt):
    data = formats.write(xlsx.EXAMPLES, fmt)
    assert isinstance(data, bytes)
    result = formats.parse(data, fmt)
    assert isinstance(result, ParseResult) and result.format == fmt
    assert [dataclasses.replace(q, line=0) for q in result.questions] == list(xlsx.EXAMPLES)
    assert formats.unsupported(xlsx.EXAMPLES, fmt) == []


def test_text_writers_are_encoded(monkeypatch):
    module = formats.get_format("csv")
    monkeypatch.setattr(module, "write", lambda records: "ổn")
    assert formats.write([], "csv") == "ổn".encode()


def test_moodle_sample_survives_export_to_spreadsheet():
    moodle = formats.parse(MOODLE, "moodle-xml")
    table = formats.parse(formats.write(moodle.questions, "xlsx"), "xlsx")
    assert table.errors == []
    assert formats.counts_by_type(table.questions) == formats.counts_by_type(moodle.questions)


def test_unknown_format_is_refused():
    with pytest.raises(FormatError, match="không được hỗ trợ"):
        formats.parse(b"", "docx")


def test_missing_format_module_fails_alone(monkeypatch):
    monkeypatch.setitem(formats._MODULES, "gift", "question_bank.formats.no_such_module")
    with pytest.raises(FormatError, match="'gift'"):
        formats.get_format("gift")
    assert formats.get_format("csv").NAME == "csv"
