"""Reading the answer block ``{...}`` of one GIFT question, as Moodle's qformat_gift does.

Pure: no Flask, no database. Texts arrive with escapes held (``gift_text.hold_escapes``), so every
``~ = # { } :`` seen here is live syntax.

Type rules (Moodle's order): empty block -> essay; starts with ``#`` -> numeric; any ``~`` ->
choice; ``=`` with ``->`` -> matching; ``T``/``TRUE``/``F``/``FALSE`` (any case) -> true/false;
otherwise short answer, whose answers are the ``=`` parts and any text before the first ``=``
(``Question{answer}`` accepts "answer", as in Moodle). In a choice question, text before the
first mark is a wrong answer, as Moodle reads it (``{Huế =Hà Nội ~Đà Nẵng}``); when no answer
then has credit the question is refused, as Moodle refuses it, naming that text.

A choice question is single choice when it uses ``=`` (Moodle's rule) and exactly one answer is
worth 100%: ``{=right ~%50%nearly ~wrong}`` is one answer to pick, the nearly right one worth
half, as Moodle's single-answer multichoice scores it; ``~%-50%`` penalties are kept. Without
``=`` it is multiple choice (``{~%50%A ~%50%B ~%-100%C}``).

Where we differ from Moodle, on purpose:

* Several plain ``=`` (``{=A =B ~C}``): Moodle makes a single-answer question where either is
  worth 100%; a single choice here has exactly one best answer (its answer key and review show
  one), so this is multiple choice where the ``=`` answers share the credit.
* A weight after ``=`` counts in a choice question (Moodle keeps ``%50%`` as answer text, which
  loses the author's weight); weights may use a decimal comma (``%33,3%``).
* Lower-case ``{true}``/``{false}`` is true/false (Moodle, case-sensitive there, would make a
  short answer whose only accepted answer is the word "true").
* A numeric question's ``~#...`` catch-all (feedback for any wrong number, worth nothing) is
  dropped: no answer of ours carries feedback without credit.

Checks of the answer key itself (fractions summing to 100%, one right choice) are left to the
question types.
"""

from __future__ import annotations

import re

from question_bank.formats import gift_text as text
from question_bank.formats.base import N_
from question_bank.records import Choice, MatchPair, NumericAnswer, QuestionRecord

_MARKS_RE = re.compile(r"([~=])")
_EQUALS_RE = re.compile(r"(=)")
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_FULL = 1.0 - 1e-9  #: full credit, float noise aside

EMPTY_ANSWER = N_("Có phương án trống (dấu '=' hoặc '~' thừa).")
TOO_FEW_CHOICES = N_("Câu hỏi trắc nghiệm cần ít nhất hai phương án.")
TOO_FEW_PAIRS = N_("Câu hỏi ghép nối cần ít nhất hai cặp.")
NO_NUMBER = N_("Câu hỏi dạng số chưa có đáp án.")
NO_ANSWER = N_("Câu hỏi trả lời ngắn chưa có đáp án.")
EMPTY_RIGHT = N_("Vế phải của cặp ghép nối «%(left)s» bị trống.")
MISSING_ARROW = N_("Cặp ghép nối thiếu dấu '->': «%(text)s».")
NOT_A_NUMBER = N_("Đáp án số không hợp lệ: «%(text)s» (số thập phân dùng dấu chấm, ví dụ 1.5).")
BAD_RANGE = N_("Khoảng đáp án «%(text)s» có cận dưới lớn hơn cận trên.")
UNKNOWN_SYNTAX = N_(
    "Không hiểu phần đáp án «%(text)s»: mỗi phương án phải bắt đầu bằng '=' (đúng) hoặc '~' (sai)."
)


class GiftProblem(Exception):
    """One question cannot be read (or, with ``skip``, is deliberately not imported)."""

    def __init__(self, message: str, skip: bool = False):
        super().__init__(message)
        self.message = message
        self.skip = skip


def read_answers(record: QuestionRecord, answers: str, fmt: str) -> None:
    """Set ``record.type`` and its answer key from the held, trimmed answer block ``answers``
    (general feedback already removed); ``fmt`` is the question text's format."""
    if not answers:
        record.type = "essay"
    elif answers[0] == "#":
        record.type = "numeric"
        record.numeric = _numeric(answers[1:], fmt)
    elif "~" in answers:
        _choices(record, answers, fmt)
    elif "=" in answers and "->" in answers:
        record.type = "matching"
        record.pairs = _pairs(answers, fmt)
    elif answers.split("#", 1)[0].strip().upper() in _TRUE_FALSE:
        _true_false(record, answers, fmt)
    else:
        record.type = "short_answer"
        record.choices = _short_answers(answers, fmt)


def _segments(answers: str, marks: str, lead: str = "") -> list[tuple[str, str]]:
    """``[(mark, body), ...]`` split at each live mark in ``marks``; text before the first mark
    is an error unless ``lead`` names the mark it is read with (as Moodle reads it: a numeric or
    short answer's ``=``, a choice question's wrong answer ``~``)."""
    parts = (_MARKS_RE if marks == "~=" else _EQUALS_RE).split(answers)
    first, pairs = parts[0].strip(), list(zip(parts[1::2], parts[2::2], strict=True))
    if first and not lead:
        raise GiftProblem(UNKNOWN_SYNTAX % {"text": text.release(first)[:80]})
    segments = [(lead, first)] if first else []
    for mark, body in pairs:
        if not body.strip():
            raise GiftProblem(EMPTY_ANSWER)
        segments.append((mark, body.strip()))
    return segments


def _feedback(body: str, fmt: str) -> tuple[str, str]:
    """``(answer, feedback as HTML)`` split at the first live ``#``."""
    answer, _, feedback = body.partition("#")
    return answer, (text.rich(feedback, fmt) if feedback.strip() else "")


def _choices(record: QuestionRecord, answers: str, fmt: str) -> None:
    choices, uses_equals, plain_right = [], False, []
    segments = _segments(answers, "~=", lead="~")  # "{a =b ~c}": Moodle reads "a" as wrong
    for mark, body in segments:
        fraction, body = text.take_weight(body)
        answer, feedback = _feedback(body, fmt)
        if not text.release(answer):
            raise GiftProblem(EMPTY_ANSWER)
        choice = Choice(text.rich(answer, fmt), 0.0 if mark == "~" else 1.0, feedback)
        if fraction is not None:
            choice.fraction = fraction
        elif mark == "=":
            plain_right.append(choice)
        uses_equals = uses_equals or mark == "="
        choices.append(choice)
    if len(choices) < 2:
        raise GiftProblem(TOO_FEW_CHOICES)
    lead = answers.split("~", 1)[0].split("=", 1)[0].strip()
    if lead and not any(choice.fraction > 0 for choice in choices):
        # Moodle refuses this too (no answer has credit); say what is likely missing.
        raise GiftProblem(UNKNOWN_SYNTAX % {"text": text.release(lead)[:80]})
    if uses_equals and sum(choice.fraction >= _FULL for choice in choices) == 1:
        record.type = "single_choice"  # the others keep their partial or negative credit
    else:
        record.type = "multiple_choice"
        for choice in plain_right:  # several plain "=": each is right, they share the credit
            choice.fraction = 1.0 / len(plain_right)
    record.choices = choices


def _true_false(record: QuestionRecord, answers: str, fmt: str) -> None:
    head, _, rest = answers.partition("#")
    wrong, _, right = rest.partition("#")
    wrong = text.rich(wrong, fmt) if wrong.strip() else ""
    right = text.rich(right, fmt) if right.strip() else ""
    record.type = "true_false"
    record.correct = _TRUE_FALSE[head.strip().upper()]
    if record.correct:
        record.feedback_true, record.feedback_false = right, wrong
    else:
        record.feedback_true, record.feedback_false = wrong, right


def _short_answers(answers: str, fmt: str) -> list[Choice]:
    accepted = []
    for _, body in _segments(answers, "=", lead="="):  # "{answer}" needs no "="
        fraction, body = text.take_weight(body)
        answer, feedback = _feedback(body, fmt)
        answer = text.release(answer)  # accepted answers are plain text, never HTML
        if not answer:
            raise GiftProblem(EMPTY_ANSWER)
        accepted.append(Choice(answer, 1.0 if fraction is None else fraction, feedback))
    if not accepted:
        raise GiftProblem(NO_ANSWER)
    return accepted


def _pairs(answers: str, fmt: str) -> list[MatchPair]:
    pairs = []
    for _, body in _segments(answers, "=", lead="="):  # as Moodle, "{a -> 1 =b -> 2}" is 2 pairs
        left, arrow, right = body.partition("->")
        if not arrow:
            raise GiftProblem(MISSING_ARROW % {"text": text.release(body)[:80]})
        left_html = text.rich(left, fmt) if left.strip() else ""
        right_plain = text.release(right)  # Moodle keeps the right-hand side as plain text
        if not right_plain:
            raise GiftProblem(EMPTY_RIGHT % {"left": text.release(left)[:80]})
        pairs.append(MatchPair(left_html, text.to_html(right_plain, "plain")))
    if sum(1 for pair in pairs if pair.left) < 2:
        raise GiftProblem(TOO_FEW_PAIRS)
    return pairs


def _numeric(answers: str, fmt: str) -> list[NumericAnswer]:
    # "~#feedback" is Moodle's catch-all for wrong numbers; it earns nothing, so we drop it.
    answers = answers.partition("~")[0]
    numbers = []
    for _, body in _segments(answers, "=", lead="="):
        fraction, body = text.take_weight(body)
        value, feedback = _feedback(body, fmt)
        answer = NumericAnswer(fraction=1.0 if fraction is None else fraction, feedback=feedback)
        _read_number(text.release(value), answer)
        numbers.append(answer)
    if not numbers:
        raise GiftProblem(NO_NUMBER)
    return numbers


def _read_number(value: str, answer: NumericAnswer) -> None:
    """``min..max``, ``value:tolerance`` or ``value`` into ``answer``."""
    if value.find("..") > 0:
        low, _, high = value.partition("..")
        answer.low, answer.high = text.parse_number(low), text.parse_number(high)
        if answer.low is None or answer.high is None:
            raise GiftProblem(NOT_A_NUMBER % {"text": value})
        if answer.low > answer.high:
            raise GiftProblem(BAD_RANGE % {"text": value})
        return
    number, colon, tolerance = value.partition(":")
    answer.value = text.parse_number(number)
    answer.tolerance = text.parse_number(tolerance) if colon else 0.0
    if answer.value is None or answer.tolerance is None:
        raise GiftProblem(NOT_A_NUMBER % {"text": value})
