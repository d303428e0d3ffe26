"""Moodle XML: read what Moodle 4.x exports, write what it imports. Pure: no Flask, no database.

``write`` and ``unsupported`` live in ``moodle_xml_writer`` and are re-exported here.

Safety: the file is parsed by defusedxml with DTDs forbidden, so a DOCTYPE, an entity
declaration (the "billion laughs") or an external reference refuses the whole file.

Line numbers are exact: the parser's target asks expat for its position when each
``<question>`` starts, so ``record.line`` and every ``Problem`` point at that start tag.

The file is streamed: one question is held at a time, and a file with more questions (or
elements) than allowed stops at the first one too many (``_QuizReader``).

Mapping:

* ``<question type="category">``: the category of the questions that follow;
  ``$course$/top/A/B`` -> ``("A", "B")`` (``$course$``, ``$system$``, ... and ``top`` dropped,
  ``//`` is a literal slash, as Moodle escapes it).
  An old file's ``<category>`` without ``<text>`` is read too; the category's ``<info>`` has no
  place in a bank's category tree and is not kept.
* multichoice (``<single>``, as Moodle reads it: absent or anything but ``false``, ``0`` or empty
  is single choice, whose answers keep their fractions: one 100%, others partial or negative),
  truefalse (answers matched on ``true``/``false``; an old file's localised texts are taken in
  order, true first, as Moodle does), shortanswer
  (``<usecase>``), numerical (``<tolerance>``; a ``*`` answer worth nothing is dropped, one worth
  credit accepts any number), matching (a ``<subquestion>`` with empty text is a distractor),
  ordering (answers in their correct order; Moodle writes the position as the fraction, which we
  ignore on reading) and essay. ``description`` and every other type are skipped with a reason.
* ``<name>`` -> title, ``<generalfeedback>`` -> explanation, ``<tags>`` -> tags, except tags
  ``difficulty:<easy|medium|hard>``, ``position:<name>`` and ``field:<name>``, which carry the
  fields Moodle has no place for (the writer emits them the same way).
* Texts become HTML as the rest of the bank expects. ``html`` is kept (CDATA or escaped, as XML
  has it); ``moodle_auto_format`` is HTML when it holds tags (Moodle shows them as HTML), else
  plain text escaped with newlines as ``<br>``; ``plain_text`` and any other format are escaped;
  ``markdown`` is escaped with ``**bold**`` and ``*italic*`` converted. Answers and feedback
  without a ``format`` take the question text's, as in Moodle. The right side of a matching pair
  is plain in Moodle and is escaped too. Short-answer answers stay plain text (they are
  compared with what people type).
* Embedded ``<file encoding="base64">`` elements anywhere in a question (question text, general
  feedback, answers, feedback, subquestions) and an old file's ``<image>``/``<image_base64>``
  become ``record.images[name]``; ``@@PLUGINFILE@@/name`` references stay in the text.
* Not kept, on purpose: ``<defaultgrade>`` (a question's points come from the exam's blueprint,
  not from the bank), ``<penalty>`` and ``<hint>`` (for Moodle's repeated tries; an attempt here
  answers once), ``<shuffleanswers>`` and ``<answernumbering>`` (the exam decides shuffling and
  letters every option A, B, C), ``<hidden>`` (an import is a draft until published) and the
  combined feedback (``correctfeedback`` ...). Moodle refuses, by default, fractions other than
  its listed grades (37% say); we keep any fraction from -100% to 100%, since refusing loses
  the question and rounding changes its score.
* Fractions are percentages ("33.33333"); values within 1e-6 of p/q (q <= 20) snap to p/q, so
  three "33.33333" answers sum to exactly 1.
"""

from __future__ import annotations

import base64
import binascii
import html
import re
from collections.abc import Callable
from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

from question_bank.formats.base import (
    MAX_QUESTIONS,
    N_,
    FormatError,
    ItemCap,
    ParseResult,
    Problem,
    thousands,
)
from question_bank.formats.gift_text import to_html
from question_bank.formats.moodle_xml_writer import ANY_NUMBER, unsupported, write
from question_bank.records import (
    DIFFICULTIES,
    Choice,
    MatchPair,
    NumericAnswer,
    OrderItem,
    QuestionRecord,
)

__all__ = ["NAME", "category_path", "parse", "unsupported", "write"]

NAME = "moodle-xml"
#: Elements read per question allowed (a multiple-choice question has about 40).
ELEMENTS_PER_QUESTION = 100
#: Elements one question may hold (it is built whole in memory before it is read).
MAX_QUESTION_ELEMENTS = 10_000
TOO_BIG_QUESTION = N_(
    "Câu hỏi ở dòng %(line)s có hơn %(max)s thẻ XML; hệ thống từ chối đọc tệp này."
)
NOT_QUIZ = N_("Tệp XML không phải định dạng Moodle XML (thiếu thẻ <quiz>).")
TOO_MANY_ELEMENTS = N_(
    "Tệp XML có quá nhiều thẻ (hơn %(max)s; đã dừng đọc ở dòng %(line)s); hãy chia thành "
    "nhiều tệp nhỏ hơn."
)
UNSUPPORTED = N_("Loại câu hỏi '%(type)s' chưa được hỗ trợ, đã bỏ qua.")
DESCRIPTION = N_("Đoạn mô tả (description) không phải câu hỏi, đã bỏ qua.")
_TAG_PREFIXES = ("difficulty:", "position:", "field:")


class _Invalid(Exception):
    """A question that cannot be read; becomes a ``Problem`` on its line."""


class _QuizReader:
    """An expat target that reads a ``<quiz>`` one top-level ``<question>`` at a time.

    Only the question being read is held: it is built from its start tag, read into ``result``
    at its end tag and dropped; elements outside questions are never built. Every element goes
    through ``result.cap.scan`` and every question through ``result.cap.count``, so a file past
    the cap stops at the first element or question too many, whatever follows.
    """

    def __init__(self, cap: ItemCap) -> None:
        self.result = ParseResult(NAME, cap=cap)
        self.expat: Any = None
        self.category: tuple[str, ...] = ()
        self._depth = 0
        self._builder: TreeBuilder | None = None
        self._line = self._elements = 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        line = self.expat.CurrentLineNumber
        self.result.cap.scan(line)
        self._depth += 1
        if self._depth == 1 and tag != "quiz":
            raise FormatError(NOT_QUIZ, 1)
        if self._depth == 2 and tag == "question":
            self._builder, self._line, self._elements = TreeBuilder(), line, 0
        if self._builder is not None:
            self._elements += 1
            if self._elements > MAX_QUESTION_ELEMENTS:  # held in memory until its end tag
                raise FormatError(
                    TOO_BIG_QUESTION
                    % {"line": self._line, "max": thousands(MAX_QUESTION_ELEMENTS)},
                    self._line,
                )
            self._builder.start(tag, attrs)

    def end(self, tag: str) -> None:
        if self._builder is not None:
            self._builder.end(tag)
            if self._depth == 2:
                element, self._builder = self._builder.close(), None
                self._question(element, self._line)
        self._depth -= 1

    def data(self, data: str) -> None:
        if self._builder is not None:
            self._builder.data(data)

    def close(self) -> ParseResult:
        return self.result

    def _question(self, element: Element, line: int) -> None:
        result, qtype = self.result, element.get("type", "")
        if qtype == "category":
            self.category = category_path(
                _text(element, "category/text") or _text(element, "category")
            )
            return
        if qtype == "description":
            result.add_skipped(Problem(line, _named(element, DESCRIPTION)))
            return
        reader = _READERS.get(qtype)
        if reader is None:
            result.add_skipped(Problem(line, _named(element, UNSUPPORTED % {"type": qtype})))
            return
        try:
            record = _common(element, line, self.category)
            reader(element, record)
        except _Invalid as exc:
            result.add_error(Problem(line, str(exc)))
            return
        result.add_question(record)


def parse(data: bytes | str, *, max_questions: int = MAX_QUESTIONS) -> ParseResult:
    """Every question of a ``<quiz>``; unsupported types go to ``skipped``.

    Past ``max_questions`` questions (or ``ELEMENTS_PER_QUESTION`` elements a question) the
    file is refused with ``TooManyItems`` (see ``_QuizReader``).
    """
    reader = _QuizReader(
        ItemCap(max_questions, per_item=ELEMENTS_PER_QUESTION, scan_message=TOO_MANY_ELEMENTS)
    )
    parser = DefusedXMLParser(
        target=reader, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    reader.expat = parser.parser
    try:
        parser.feed(data)
        return parser.close()
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden) as exc:
        raise FormatError(
            N_(
                "Tệp XML có khai báo DOCTYPE hoặc thực thể (ENTITY); vì lý do an toàn "
                "hệ thống không đọc tệp này."
            )
        ) from exc
    except ParseError as exc:
        line, column = exc.position
        raise FormatError(
            N_("Tệp XML bị lỗi cú pháp ở dòng %(line)s, cột %(column)s.")
            % {"line": line, "column": column + 1},
            line,
        ) from exc


def category_path(path: str) -> tuple[str, ...]:
    parts = [p.replace("//", "/").strip() for p in re.split(r"(?<!/)/(?!/)", path.strip())]
    if parts and parts[0].startswith("$") and parts[0].endswith("$"):
        parts = parts[1:]
    if parts and parts[0] == "top":
        parts = parts[1:]
    return tuple(p for p in parts if p)


def _text(element: Element, path: str) -> str:
    return (element.findtext(path) or "").strip()


def _named(element: Element, reason: str) -> str:
    """A skipped item's reason, led by its name when it has one (the preview lists both)."""
    name = " ".join(_text(element, "name/text").split())[:80]
    return f"«{name}»: {reason}" if name else reason


#: Moodle XML's text formats as ``gift_text.to_html`` names them; any other is plain text.
_FORMATS = {"html": "html", "moodle_auto_format": "moodle", "markdown": "markdown"}


def _html(node: Element, default: str = "html") -> str:
    """HTML of a ``<text>`` inside ``node`` in its format (see the module's rules)."""
    return to_html(_text(node, "text"), _FORMATS.get(node.get("format", default), "plain"))


def _rich(element: Element, tag: str, default: str = "html") -> str:
    node = element.find(tag)
    return "" if node is None else _html(node, default)


def _fraction(answer: Element) -> float:
    raw = answer.get("fraction", "0")
    try:
        value = float(raw) / 100
    except ValueError:
        raise _Invalid(N_("Điểm (fraction) '%(value)s' không hợp lệ.") % {"value": raw}) from None
    for denominator in range(1, 21):
        near = round(value * denominator)
        if abs(value - near / denominator) < 1e-6:
            return near / denominator
    return value


def _common(element: Element, line: int, category: tuple[str, ...]) -> QuestionRecord:
    record = QuestionRecord(
        type="",
        stem=_rich(element, "questiontext"),
        title=_text(element, "name/text"),
        category=category,
        explanation=_rich(element, "generalfeedback", _format(element)),
        line=line,
    )
    for node in element.iter("file"):
        name = node.get("name", "")
        if name and name not in record.images and node.get("encoding", "base64") == "base64":
            record.images[name] = _decode(name, node.text)
    old_name, old_data = _text(element, "image"), _text(element, "image_base64")
    if old_name and old_data:  # before Moodle 2.0: one image shown after the question text
        name = old_name.replace("/", "_")
        record.images.setdefault(name, _decode(name, old_data))
        record.stem += f' <img src="@@PLUGINFILE@@/{html.escape(name)}" alt="">'
    for tag in (_text(t, "text") for t in element.findall("tags/tag")):
        kind, _, value = tag.partition(":")
        if kind == "difficulty" and value.strip().lower() in DIFFICULTIES:
            record.difficulty = value.strip().lower()
        elif kind == "position" and value.strip():
            record.positions.append(value.strip())
        elif kind == "field" and value.strip():
            record.fields.append(value.strip())
        elif tag:
            record.tags.append(tag)
    return record


def _decode(name: str, data: str | None) -> bytes:
    try:
        return base64.b64decode(data or "")
    except (binascii.Error, ValueError):
        raise _Invalid(
            N_("Tệp nhúng '%(name)s' bị hỏng (base64 không hợp lệ).") % {"name": name}
        ) from None


def _format(element: Element) -> str:
    """The question text's format: the default of its answers and feedback, as in Moodle."""
    node = element.find("questiontext")
    return "html" if node is None else node.get("format", "html")


def _single(element: Element) -> bool:
    """Moodle's reading of ``<single>``: absent is true; "false", "0" and empty are false."""
    node = element.find("single")
    if node is None:
        return True
    value = (node.text or "").strip()
    return value not in ("false", "0", "")


def _flag(element: Element, tag: str, default: bool) -> bool:
    value = _text(element, tag).lower()
    return default if not value else value in ("1", "true")


def _choices(element: Element, as_html: bool = True) -> list[Choice]:
    fmt = _format(element)
    return [
        Choice(
            _html(a, fmt) if as_html else _text(a, "text"), _fraction(a), _rich(a, "feedback", fmt)
        )
        for a in element.findall("answer")
    ]


def _read_multichoice(element: Element, record: QuestionRecord) -> None:
    record.type = "single_choice" if _single(element) else "multiple_choice"
    record.choices = _choices(element)


def _read_truefalse(element: Element, record: QuestionRecord) -> None:
    record.type = "true_false"
    fmt = _format(element)
    for number, answer in enumerate(element.findall("answer")):
        which = _text(answer, "text").lower()
        if which not in ("true", "false"):  # an old file's localised "Đúng"/"Sai": true first
            which = "true" if number == 0 else "false"
        if which == "true":
            record.correct = _fraction(answer) > 0.99
            record.feedback_true = _rich(answer, "feedback", fmt)
        else:
            record.feedback_false = _rich(answer, "feedback", fmt)
            if record.correct is None:
                record.correct = _fraction(answer) < 0.99
    if record.correct is None:
        raise _Invalid(N_("Câu Đúng/Sai không có đáp án."))


def _read_shortanswer(element: Element, record: QuestionRecord) -> None:
    record.type = "short_answer"
    record.case_sensitive = _flag(element, "usecase", False)
    record.choices = _choices(element, as_html=False)  # compared with what people type


def _read_numerical(element: Element, record: QuestionRecord) -> None:
    record.type = "numeric"
    for answer in element.findall("answer"):
        text, fraction = _text(answer, "text"), _fraction(answer)
        feedback = _rich(answer, "feedback", _format(element))
        if text == "*":
            if fraction > 0:
                record.numeric.append(
                    NumericAnswer(
                        low=-ANY_NUMBER, high=ANY_NUMBER, fraction=fraction, feedback=feedback
                    )
                )
            continue
        try:
            value, tolerance = float(text), abs(float(_text(answer, "tolerance") or 0))
        except ValueError:
            raise _Invalid(N_("Đáp án số '%(value)s' không hợp lệ.") % {"value": text}) from None
        record.numeric.append(
            NumericAnswer(value=value, tolerance=tolerance, fraction=fraction, feedback=feedback)
        )


def _read_matching(element: Element, record: QuestionRecord) -> None:
    record.type = "matching"
    for sub in element.findall("subquestion"):
        right = html.escape(_text(sub, "answer/text"), quote=False).replace("\n", "<br>")
        record.pairs.append(MatchPair(_html(sub, _format(element)), right))  # Moodle keeps the right side plain


def _read_ordering(element: Element, record: QuestionRecord) -> None:
    record.type = "ordering"
    record.items = [OrderItem(_html(a, _format(element))) for a in element.findall("answer")]


def _read_essay(element: Element, record: QuestionRecord) -> None:
    record.type = "essay"


_READERS: dict[str, Callable[[Element, QuestionRecord], None]] = {
    "multichoice": _read_multichoice,
    "truefalse": _read_truefalse,
    "shortanswer": _read_shortanswer,
    "numerical": _read_numerical,
    "matching": _read_matching,
    "ordering": _read_ordering,
    "essay": _read_essay,
}
