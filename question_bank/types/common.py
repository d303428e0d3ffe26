"""Checks and helpers shared by the question types. Pure: no Flask, no database.

Validation messages are Vietnamese source strings marked with ``N_`` for the catalogue; messages
with a placeholder use ``%(name)s`` so a translation can move it.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from contest.core.i18n import N_
from question_bank.records import DIFFICULTIES, Choice, QuestionRecord
from question_bank.textnorm import normalize_answer, strip_html
from question_bank.types.base import InvalidResponse

FULL_CREDIT = 1.0 - 1e-9  #: a fraction at least this high is full credit

BAD_SHAPE = N_("Câu trả lời không đúng định dạng.")
UNKNOWN_KEY = N_("Câu trả lời chứa phương án không có trong câu hỏi.")
TOO_LONG = N_("Câu trả lời quá dài (tối đa %(limit)d ký tự).")


def has_content(html: str) -> bool:
    """Something to show: text after stripping HTML, or an image (a picture can be the option)."""
    return bool(strip_html(html)) or "<img" in html.lower()


def clamp(fraction: float) -> float:
    """Clamp to 0..1 after rounding off float noise, so 3 x 0.3333333 (Moodle) is full credit."""
    return min(1.0, max(0.0, round(fraction, 6)))


def check_record(record: QuestionRecord) -> list[str]:
    """Rules every type shares: the stem shows something and the difficulty is known."""
    problems = []
    if not has_content(record.stem):
        problems.append(N_("Câu hỏi chưa có nội dung."))
    if record.difficulty not in DIFFICULTIES:
        problems.append(N_("Mức độ phải là dễ (easy), trung bình (medium) hoặc khó (hard)."))
    return problems


def check_keys(keys: list[str], missing: str) -> list[str]:
    """Every keyed element needs a key (``assign_keys`` first) and no two may share one."""
    problems = [missing] if not all(keys) else []
    present = [key for key in keys if key]
    duplicates = sorted({key for key in present if present.count(key) > 1})
    problems += [N_("Mã định danh bị trùng: %(key)s.") % {"key": key} for key in duplicates]
    return problems


def check_fraction(fraction: float, number: int) -> list[str]:
    if -1.0 <= fraction <= 1.0:
        return []
    message = N_("Điểm của phương án thứ %(number)d phải nằm trong khoảng từ -100%% đến 100%%.")
    return [message % {"number": number}]


def text_identity(html: str) -> str:
    """What makes two authored texts "the same": visible text, case and spacing ignored."""
    return normalize_answer(strip_html(html)) or html.strip()


def check_duplicates(
    texts: list[str], message: str, identity: Callable[[str], str] = text_identity
) -> list[str]:
    """One message per text that appears more than once (``message`` has ``%(text)s``)."""
    seen: set[str] = set()
    repeated: dict[str, str] = {}  # identity -> the text as shown in the message
    for text in texts:
        same = identity(text)
        if same in seen:
            repeated.setdefault(same, strip_html(text) or text)
        seen.add(same)
    return [message % {"text": text} for text in repeated.values()]


def check_choices(record: QuestionRecord) -> list[str]:
    """Choice questions: at least two choices, each with content, a fraction in -1..1, a unique
    text and a unique key."""
    problems = []
    if len(record.choices) < 2:
        problems.append(N_("Cần ít nhất hai phương án."))
    for number, choice in enumerate(record.choices, start=1):
        if not has_content(choice.text):
            problems.append(N_("Phương án thứ %(number)d chưa có nội dung.") % {"number": number})
        problems += check_fraction(choice.fraction, number)
    texts = [choice.text for choice in record.choices if has_content(choice.text)]
    problems += check_duplicates(texts, N_("Các phương án bị trùng nội dung: %(text)s."))
    keys = [choice.key for choice in record.choices]
    return problems + check_keys(keys, N_("Phương án thiếu mã định danh."))


def keyed(entries: list[tuple[str, str]], rng: random.Random | None) -> list[dict[str, str]]:
    """``[{"key", "text"}]`` in the given order, or shuffled with ``rng`` when one is given."""
    view = [{"key": key, "text": text} for key, text in entries]
    if rng is not None:
        rng.shuffle(view)
    return view


def field(raw: Any, name: str, kind: type | tuple[type, ...]) -> Any:
    """``raw[name]`` if ``raw`` is a dict and the value has the expected type, else InvalidResponse."""
    if not isinstance(raw, dict) or not isinstance(raw.get(name), kind):
        raise InvalidResponse(BAD_SHAPE)
    return raw[name]


def clean_text(raw: Any, limit: int) -> dict[str, str]:
    """``{"text": str}`` trimmed, at most ``limit`` characters."""
    text = field(raw, "text", str).strip()
    if len(text) > limit:
        raise InvalidResponse(TOO_LONG % {"limit": limit})
    return {"text": text}


# The web halves shared by several types: posted answers, editor rows, sanitizing.


def text_answer(data: dict[str, Any], name: str) -> dict[str, str]:
    """``{name: value}`` when the posted field holds something other than spaces, else {}."""
    value = data.get(name) or ""
    return {name: value} if value.strip() else {}


def filled(rows: list[dict], *names: str) -> list[dict]:
    """The editor rows where one of ``names`` holds more than spaces (blank rows are dropped)."""
    return [row for row in rows if any((row.get(name) or "").strip() for name in names)]


def editor_number(text: str | None) -> float | None:
    """A number typed in the editor ("3,5" or "3.5"); None when it is not one."""
    try:
        return float((text or "").strip().replace(",", "."))
    except ValueError:
        return None


def choices_from_rows(rows: list[dict], single: bool) -> list[Choice]:
    """Choices from the editor's rows: text, the "correct" box, feedback and the stored credit.

    Credit: a single-choice question gives 1 to the right option, 0 to the others. A
    multiple-choice question gives each right option 1/n and each wrong one -1/n (n = right
    options), so ticking everything scores 0. Imported custom credits are kept for as long as
    the "correct" boxes agree with them.
    """
    rows = filled(rows, "text")
    stored = [editor_number(row.get("fraction")) for row in rows]
    agrees = all(f is not None and (f > 0) == bool(row.get("correct"))
                 for f, row in zip(stored, rows, strict=True))
    right = sum(1 for row in rows if row.get("correct"))
    if agrees and rows:
        fractions = stored
    elif single or right == 0:
        fractions = [1.0 if row.get("correct") else 0.0 for row in rows]
    else:
        fractions = [(1.0 if row.get("correct") else -1.0) / right for row in rows]
    return [Choice(text=row["text"], fraction=fraction, feedback=row.get("feedback") or "",
                   key=row.get("key") or "") for row, fraction in zip(rows, fractions, strict=True)]


def rows_of_choices(record: QuestionRecord) -> list[dict]:
    """The editor's rows for choices (or accepted answers), with the stored credit kept."""
    return [{"key": c.key, "text": c.text, "correct": c.fraction > 0, "feedback": c.feedback,
             "fraction": repr(c.fraction), "match": ""} for c in record.choices]

