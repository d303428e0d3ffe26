"""One question a row: the table shared by the Excel (.xlsx) and CSV formats. Pure: no Flask, no DB.

The template (row 1 is the header; the Vietnamese labels below or the English keys are accepted,
in any order, ignoring case and diacritics; unknown columns are ignored):

=============  ==================  ===========================================================
key            header              content
=============  ==================  ===========================================================
type           Loại câu hỏi        Một lựa chọn, Nhiều lựa chọn, Đúng/Sai, Trả lời ngắn, Số,
                                   Ghép cặp, Sắp xếp, Tự luận -- or single_choice ... essay
category       Chủ đề              path, parts separated by "/" (e.g. "Dịch vụ công / Mức độ 4")
title          Tiêu đề             optional short name
stem           Nội dung câu hỏi    the question (required)
options        Phương án           one per line, or on one line separated by " | ":
                                   choices (an "A. " prefix on every line is optional);
                                   matching: "left -> right" per line, "-> right" adds a
                                   distractor; ordering: items in their correct order;
                                   numeric: "value:tolerance", "min..max" or "value"
correct        Đáp án đúng         choice types: letters "A, C" or 1-based numbers "1, 3";
                                   an option worth part of the credit: "A, B=50%";
                                   Đúng/Sai: "Đúng"/"Sai" (or TRUE/FALSE); short answer: the
                                   accepted answers separated by " | "; numeric answers may be
                                   given here instead of in options
explanation    Giải thích          shown in review and practice
difficulty     Mức độ              Dễ / Trung bình / Khó (or easy/medium/hard); blank = medium
positions      Vị trí việc làm     names separated by ";"
fields         Lĩnh vực            names separated by ";"
tags           Thẻ                 separated by ";"
=============  ==================  ===========================================================

Scoring read from a row: a single-choice question gives its correct option 1.0 and the others 0.0;
a multiple-choice question with n correct options gives each correct one 1/n and each wrong one
-1/n (so ticking everything does not pay); every accepted short answer and number is worth 1.0.
With a weighted option in "correct" ("A, B=50%", "B: 50%", "B (50%)", "C=-25%") every credit is
as written: a plain letter is 100%, an option not named 0%. The writer uses weights only where
plain letters would not give the credits back (partial credit on a single choice, unusual
shares on a multiple choice), so every credit round-trips.

Text: the stem, the explanation, choices, matching sides and ordering items are plain text
(escaped into HTML, line breaks as ``<br>``) unless they already contain HTML tags, in which case
they are taken as HTML; short answers stay plain (they are compared with what people type).
Writing does the reverse, so an export imports back unchanged. What a row cannot carry (images,
per-choice feedback) is listed by ``losses``.

Row numbers in messages are the spreadsheet's own (header = row 1); cells are named "F5". The
answer cells are read and written by ``spreadsheet_cells``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter

from question_bank.formats import spreadsheet_cells as answers
from question_bank.formats.base import N_, FormatError, ParseResult, Problem
from question_bank.formats.spreadsheet_cells import (
    RowError,
    cell_text,
    html_to_text,
    normalize,
    split_list,
    text_to_html,
)
from question_bank.records import QuestionRecord


@dataclass(frozen=True)
class Column:
    key: str
    label: str  #: Vietnamese header written in templates and exports
    aliases: tuple[str, ...] = ()  #: other accepted headers, as ``normalize`` gives them


COLUMNS = (
    Column("type", "Loại câu hỏi", ("loai", "kieu")),
    Column("category", "Chủ đề", ("chuyen de",)),
    Column("title", "Tiêu đề", ("ten",)),
    Column("stem", "Nội dung câu hỏi", ("noi dung", "cau hoi", "question", "text")),
    Column("options", "Phương án", ("cac phuong an", "lua chon", "answers", "choices")),
    Column("correct", "Đáp án đúng", ("dap an", "answer", "key")),
    Column("explanation", "Giải thích", ("feedback", "loi giai")),
    Column("difficulty", "Mức độ", ("do kho", "level")),
    Column("positions", "Vị trí việc làm", ("vi tri",)),
    Column("fields", "Lĩnh vực"),
    Column("tags", "Thẻ", ("nhan", "tu khoa")),
)
KEYS = tuple(c.key for c in COLUMNS)
REQUIRED = ("type", "stem")
#: Columns read of each row (the template has 11; others are ignored anyway): a sheet that
#: claims 16,384 columns is not padded out to them.
MAX_COLUMNS = 64

TYPE_LABELS = {
    "single_choice": "Một lựa chọn",
    "multiple_choice": "Nhiều lựa chọn",
    "true_false": "Đúng/Sai",
    "short_answer": "Trả lời ngắn",
    "numeric": "Số",
    "matching": "Ghép cặp",
    "ordering": "Sắp xếp",
    "essay": "Tự luận",
}
DIFFICULTY_LABELS = {"easy": "Dễ", "medium": "Trung bình", "hard": "Khó"}

_TYPE_ALIASES = (
    {normalize(v): k for k, v in TYPE_LABELS.items()}
    | {normalize(k): k for k in TYPE_LABELS}
    | {
        "one choice": "single_choice",
        "single": "single_choice",
        "mot dap an": "single_choice",
        "multiple": "multiple_choice",
        "nhieu dap an": "multiple_choice",
        "truefalse": "true_false",
        "true false": "true_false",
        "dung hay sai": "true_false",
        "shortanswer": "short_answer",
        "numerical": "numeric",
        "number": "numeric",
        "dien so": "numeric",
        "match": "matching",
        "order": "ordering",
        "sap xep thu tu": "ordering",
    }
)
_DIFFICULTY_ALIASES = (
    {normalize(v): k for k, v in DIFFICULTY_LABELS.items()}
    | {k: k for k in DIFFICULTY_LABELS}
    | {"de": "easy", "tb": "medium", "binh thuong": "medium"}
)
_HEADER_ALIASES = {
    alias: c.key for c in COLUMNS for alias in (normalize(c.key), normalize(c.label), *c.aliases)
}

# --- reading rows -------------------------------------------------------------------------------


@dataclass
class Row:
    number: int  #: 1-based spreadsheet row
    values: dict[str, str]
    letters: dict[str, str]  #: column letter of each key present in the header

    def get(self, key: str) -> str:
        return self.values.get(key, "")

    def problem(self, error: RowError) -> Problem:
        letter = self.letters.get(error.key)
        label = next(c.label for c in COLUMNS if c.key == error.key)
        where = f"Ô {letter}{self.number}" if letter else f"Dòng {self.number}, cột «{label}»"
        return Problem(self.number, f"{where}: {error.message}")


def header_key(label: str) -> str | None:
    """The column key a header label names ("Đáp án đúng", "dap an", "correct"), if any."""
    return _HEADER_ALIASES.get(normalize(label))


def header_columns(cells: Sequence[Any]) -> dict[int, str]:
    """Map each recognized header cell's 0-based index to its column key."""
    found: dict[int, str] = {}
    for index, value in enumerate(cells):
        key = header_key(cell_text(value))
        if key is None:
            continue
        if key in found.values():
            raise FormatError(
                N_("Cột '%(name)s' xuất hiện hai lần ở dòng tiêu đề.") % {"name": cell_text(value)},
                1,
            )
        found[index] = key
    missing = [c.label for c in COLUMNS if c.key in REQUIRED and c.key not in found.values()]
    if missing:
        raise FormatError(
            N_("Dòng tiêu đề thiếu cột bắt buộc: %(names)s. Hãy dùng tệp mẫu.")
            % {"names": ", ".join(missing)},
            1,
        )
    return found


def parse_table(rows: Iterable[tuple[int, Sequence[Any]]], result: ParseResult) -> ParseResult:
    """Read (row number, cell values) pairs: the first non-blank one is the header.

    ``rows`` is consumed lazily and every row goes through ``result.cap``: a file with more rows
    or questions than allowed stops at the first one past the cap (``TooManyItems``).
    """
    columns: dict[int, str] | None = None
    for number, cells in rows:
        result.cap.scan(number)
        if not any(cell_text(v) for v in cells if v is not None):
            continue
        if columns is None:
            columns = header_columns(cells)
            continue
        row = Row(
            number,
            dict.fromkeys(KEYS, "")
            | {key: cell_text(cells[i]) for i, key in columns.items() if i < len(cells)},
            {key: get_column_letter(i + 1) for i, key in columns.items()},
        )
        try:
            result.add_question(row_to_record(row))
        except RowError as error:
            result.add_error(row.problem(error))
    if columns is None:
        raise FormatError(N_("Tệp không có dòng tiêu đề nào; hãy dùng tệp mẫu."), 1)
    return result


def row_to_record(row: Row) -> QuestionRecord:
    qtype = _TYPE_ALIASES.get(normalize(row.get("type")))
    if qtype is None:
        raise RowError(
            "type",
            N_(
                "Loại câu hỏi '%(value)s' không hợp lệ; hãy chọn trong danh sách "
                "(Một lựa chọn, Nhiều lựa chọn, ...)."
            )
            % {"value": row.get("type")},
        )
    if not row.get("stem"):
        raise RowError("stem", N_("Thiếu nội dung câu hỏi."))
    difficulty = "medium"
    if row.get("difficulty"):
        difficulty = _DIFFICULTY_ALIASES.get(normalize(row.get("difficulty")), "")
        if not difficulty:
            raise RowError(
                "difficulty",
                N_("Mức độ '%(value)s' không hợp lệ; dùng Dễ, Trung bình hoặc Khó.")
                % {"value": row.get("difficulty")},
            )
    record = QuestionRecord(
        type=qtype,
        stem=text_to_html(row.get("stem")),
        title=row.get("title"),
        category=tuple(p.strip() for p in row.get("category").split("/") if p.strip()),
        explanation=text_to_html(row.get("explanation")),
        difficulty=difficulty,
        positions=split_list(row.get("positions")),
        fields=split_list(row.get("fields")),
        tags=split_list(row.get("tags")),
        line=row.number,
    )
    answers.read_answers(record, row.values)
    return record


# --- writing rows -------------------------------------------------------------------------------


def record_to_row(record: QuestionRecord) -> list[str]:
    """The cells of one record, in ``COLUMNS`` order; ``parse_table`` reads them back."""
    options, correct = answers.write_answers(record) if answers.writable(record) else ("", "")
    values = {
        "type": TYPE_LABELS.get(record.type, record.type),
        "category": " / ".join(record.category),
        "title": record.title,
        "stem": html_to_text(record.stem),
        "options": options,
        "correct": correct,
        "explanation": html_to_text(record.explanation),
        "difficulty": DIFFICULTY_LABELS.get(record.difficulty, ""),
        "positions": "; ".join(record.positions),
        "fields": "; ".join(record.fields),
        "tags": "; ".join(record.tags),
    }
    return [values[key] for key in KEYS]


def unsupported(records: Sequence[QuestionRecord]) -> list[QuestionRecord]:
    """The records a spreadsheet cannot hold at all (``description``, unknown types); the
    writers leave them out. ``losses`` lists what the others lose."""
    return [record for record in records if not answers.writable(record)]


def losses(records: Sequence[QuestionRecord]) -> list[Problem]:
    """What a spreadsheet cannot carry, one ``Problem`` per record (line = its 1-based position).

    Such records are still written, without the parts listed here.
    """
    problems = []
    for number, record in enumerate(records, start=1):
        lost = _lost_parts(record)
        if lost:
            name = record.title or html_to_text(record.stem)[:40]
            problems.append(
                Problem(
                    number,
                    N_("Câu %(number)s (%(name)s): không xuất được %(parts)s.")
                    % {"number": number, "name": name, "parts": ", ".join(lost)},
                )
            )
    return problems


def _lost_parts(record: QuestionRecord) -> list[str]:
    if not answers.writable(record):
        return [N_("loại câu hỏi '%(type)s'") % {"type": record.type}]
    lost = []
    if record.images:
        lost.append(N_("hình ảnh đính kèm"))
    if (
        any(c.feedback for c in record.choices)
        or any(a.feedback for a in record.numeric)
        or (record.feedback_true or record.feedback_false)
    ):
        lost.append(N_("phản hồi riêng cho từng phương án"))
    if record.case_sensitive:
        lost.append(N_("phân biệt chữ hoa/thường"))
    if record.type in ("single_choice", "multiple_choice"):
        try:
            reread = row_to_record(Row(0, dict(zip(KEYS, record_to_row(record), strict=True)), {}))
        except RowError as error:
            lost.append(error.message)
        else:
            if [c.fraction for c in reread.choices] != [c.fraction for c in record.choices]:
                lost.append(N_("điểm từng phần của các phương án"))
    elif any(c.fraction not in (0.0, 1.0) for c in record.choices) or any(
        a.fraction != 1.0 for a in record.numeric
    ):
        lost.append(N_("điểm từng phần của các đáp án"))
    return lost
