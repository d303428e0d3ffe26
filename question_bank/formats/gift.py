"""GIFT (Moodle's "General Import Format Template"): a parser and a writer.

Pure: no Flask, no database. We read GIFT the way Moodle's ``qformat_gift`` does:

* Questions are separated by blank lines; lines starting with ``//`` are comments.
* ``::title::`` names a question; ``$CATEGORY: a/b/c`` sets the category of the questions that
  follow (``//`` inside a name is a literal slash; a Moodle context prefix such as
  ``$course$/top/`` is dropped together with its ``top``).
* ``[html]``, ``[moodle]``, ``[plain]``, ``[markdown]`` give the text format (default ``moodle``).
  Stems, feedback, choices and general feedback become HTML as Moodle shows them: ``html`` is
  kept as is; ``moodle`` text holding HTML tags is HTML (the bank's sanitizer cleans it), other
  ``moodle`` text and ``plain`` are escaped; newlines become ``<br>``. For ``markdown`` only
  ``**bold**`` and ``*italic*`` are converted (see ``gift_text.to_html``).
* Escapes ``\\~ \\= \\# \\{ \\} \\: \\\\ \\n``; answer syntax and type rules are in
  ``gift_answers``. A block in the middle of the text is the "missing word" form: the stem reads
  ``before _____ after``. Short-answer answers stay plain text (they are compared, not shown);
  the right-hand side of a matching pair is plain in GIFT and is escaped into HTML.

Metadata GIFT has no field for lives in the comment lines of a question's own block (no blank
line between them and the question), as in Moodle's exports. Moodle (3.6+) reads tags from ``[tag:...]`` tokens there; we
add the convention of our Moodle XML format, so the values survive a trip through Moodle::

    // [tag:một cửa] [tag:difficulty:hard] [tag:position:Văn thư] [tag:field:Tư pháp]

For people writing by hand we also read ``// key: value`` lines (Moodle ignores them)::

    // tags: thủ tục hành chính, một cửa      (a comma inside a name is written \\,)
    // difficulty: khó                          (easy, medium, hard; or dễ, trung bình, khó)
    // positions: Văn thư, Kế toán
    // fields: Tư pháp
    // case-sensitive: yes                      (short answer)

The writer emits the ``[tag:...]`` line (and ``// case-sensitive: yes``) and always writes stems
in ``[html]``. Ordering questions cannot be written (``unsupported``), nor can short answers
containing ``->``, which GIFT would read as matching. Images are not carried.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from question_bank.formats import gift_text as text
from question_bank.formats.base import (
    LINES_PER_QUESTION,
    MAX_QUESTIONS,
    N_,
    ItemCap,
    ParseResult,
    Problem,
    iter_lines,
)
from question_bank.formats.gift_answers import GiftProblem, read_answers
from question_bank.records import QuestionRecord

NAME = "gift"

DESCRIPTION = N_("Mục mô tả (description) không phải câu hỏi, đã bỏ qua.")
CLOZE = N_("Câu hỏi có nhiều phần đáp án {...} (dạng cloze) chưa được hỗ trợ, đã bỏ qua.")
UNCLOSED = N_("Thiếu dấu '}' đóng phần đáp án.")
STRAY_CLOSE = N_("Thừa dấu '}' không có dấu '{' mở tương ứng.")
EMPTY_STEM = N_("Câu hỏi không có nội dung (phần đề bài trống).")

_CATEGORY = "$CATEGORY:"
_FULL = 1.0 - 1e-9  #: full credit, float noise aside


def parse(data: bytes | str, *, max_questions: int = MAX_QUESTIONS) -> ParseResult:
    """Read every question of a GIFT file; one bad question never stops the rest.

    Lines are read one at a time through ``ItemCap``: past ``max_questions`` questions (or
    ``LINES_PER_QUESTION`` lines a question) the file is refused with ``TooManyItems``.
    """
    result = ParseResult(NAME, cap=ItemCap(max_questions, per_item=LINES_PER_QUESTION))
    category: tuple[str, ...] = ()
    for first, block in _blocks(text.decode(data), result.cap):
        meta: dict[str, Any] = {}
        invalid, body, where = False, [], []  # where: the numbers of body's first two lines
        for number, line in enumerate(block, start=first):
            if not line.startswith("//"):
                body.append(line)
                where += [number] if len(where) < 2 else []
            elif message := text.read_meta(line, meta):
                result.add_error(Problem(number, message))
                invalid = True
        if body and body[0].startswith(_CATEGORY):
            category = text.split_category(body.pop(0)[len(_CATEGORY) :])
            where.pop(0)
        if not body or invalid:
            continue
        start = where[0]
        try:
            record = _read_question("\n".join(body), start)
        except GiftProblem as problem:
            add = result.add_skipped if problem.skip else result.add_error
            add(Problem(start, problem.message))
            continue
        record.category = category
        _apply_meta(record, meta)
        result.add_question(record)
    return result


def _blocks(source: str, cap: ItemCap) -> Iterator[tuple[int, list[str]]]:
    """Runs of non-blank lines as (number of the first, [stripped lines]); every line is
    scanned by ``cap``."""
    block: list[str] = []
    first = 0
    for number, line in enumerate(iter_lines(source), start=1):
        cap.scan(number)
        line = line.strip()
        if line:
            first = first or number
            block.append(line)
        elif block:
            yield first, block
            block, first = [], 0
    if block:
        yield first, block


def _read_question(source: str, line: int = 0) -> QuestionRecord:
    """One question from its lines (comments removed). Raises ``GiftProblem``."""
    held = text.hold_escapes(source)
    title = ""
    if held.startswith("::"):
        end = held.find("::", 2)
        if end < 0:
            held = held[2:]
        else:
            title, held = text.release(held[2:end]), held[end + 2 :].strip()
    opening, closing = held.find("{"), held.find("}")
    if opening < 0 and closing < 0:
        raise GiftProblem(_named(title, DESCRIPTION), skip=True)
    if opening < 0 or 0 <= closing < opening:
        raise GiftProblem(STRAY_CLOSE)
    closing = held.find("}", opening)
    if closing < 0 or "{" in held[opening + 1 : closing]:
        raise GiftProblem(UNCLOSED)
    after = held[closing + 1 :]
    if "{" in after:
        raise GiftProblem(_named(title, CLOZE), skip=True)
    if "}" in after:
        raise GiftProblem(STRAY_CLOSE)

    answers = held[opening + 1 : closing].strip()
    general = ""
    if (mark := answers.rfind("####")) >= 0:
        answers, general = answers[:mark].strip(), answers[mark + 4 :]
    stem = held[:opening] + ("_____" + after if after.strip() else "")
    fmt, stem = text.split_format(stem.strip(), "moodle")
    stem = text.release(stem)
    if not stem:
        raise GiftProblem(EMPTY_STEM)
    record = QuestionRecord(type="essay", stem=text.to_html(stem, fmt), title=title, line=line)
    record.explanation = text.rich(general, fmt) if general.strip() else ""
    read_answers(record, answers, fmt)
    return record


def _named(title: str, reason: str) -> str:
    """A skipped item's reason, led by its title when it has one (the preview lists both)."""
    title = " ".join(title.split())[:80]
    return f"«{title}»: {reason}" if title else reason


def _apply_meta(record: QuestionRecord, meta: dict[str, Any]) -> None:
    record.difficulty = meta.get("difficulty", record.difficulty)
    record.tags = meta.get("tags", record.tags)
    record.positions = meta.get("positions", record.positions)
    record.fields = meta.get("fields", record.fields)
    record.case_sensitive = meta.get("case-sensitive", record.case_sensitive)


# -- writing -------------------------------------------------------------------------------


def unsupported(records: list[QuestionRecord]) -> list[QuestionRecord]:
    """The records GIFT cannot carry; ``write`` leaves them out."""
    return [record for record in records if not _writable(record)]


def _writable(record: QuestionRecord) -> bool:
    if record.type not in _WRITERS:
        return False  # ordering, or a type we do not know
    return not (record.type == "short_answer" and any("->" in c.text for c in record.choices))


def write(records: list[QuestionRecord]) -> str:
    """GIFT text for ``records``, in order; ``$CATEGORY`` lines where the category changes."""
    out: list[str] = []
    category: tuple[str, ...] = ()
    for record in records:
        if not _writable(record):
            continue
        if tuple(record.category) != category:
            category = tuple(record.category)
            out.append(f"{_CATEGORY} {text.join_category(category)}\n\n")
        out.append(_write_question(record))
    return "".join(out)


def _write_question(record: QuestionRecord) -> str:
    lines = []
    tags = [*record.tags, *(f"position:{name}" for name in record.positions)]
    tags += [f"field:{name}" for name in record.fields]
    if record.difficulty != "medium":
        tags.append(f"difficulty:{record.difficulty}")
    if tags:
        lines.append(text.write_tags(tags))
    if record.case_sensitive and record.type == "short_answer":
        lines.append("// case-sensitive: yes\n")
    title = " ".join(record.title.split())
    head = (
        (f"::{text.escape(title)}::" if title else "") + "[html]" + text.escape(record.stem.strip())
    )
    return "".join(lines) + head + _WRITERS[record.type](record) + "\n\n"


def _general(record: QuestionRecord, indent: str = "") -> str:
    if not record.explanation.strip():
        return ""
    return f"{indent}####{text.write_rich(record.explanation)}" + ("\n" if indent else "")


def _feedback(feedback: str) -> str:
    return "#" + text.write_rich(feedback) if feedback.strip() else ""


def _block(record: QuestionRecord, lines: list[str], opening: str = "{") -> str:
    return opening + "\n" + "".join(f"\t{line}\n" for line in lines) + _general(record, "\t") + "}"


def _write_choices(record: QuestionRecord) -> str:
    """As Moodle writes them: in a single choice the right answer is ``=`` (which makes the
    question single choice again) and every other credit a weight (``~%50%``, ``~%-50%``);
    in a multiple choice every credit is a weight. An answer text starting with ``%`` gets an
    explicit weight, so it is not read as one."""
    single = record.type == "single_choice"
    lines = []
    for choice in record.choices:
        body = text.write_rich(choice.text)
        explicit = body.startswith("%")
        if single and choice.fraction >= _FULL:
            mark = "=" + (text.weight(1.0) if explicit else "")
        else:
            mark = "~" + (text.weight(choice.fraction) if choice.fraction or explicit else "")
        lines.append(mark + body + _feedback(choice.feedback))
    return _block(record, lines)


def _write_true_false(record: QuestionRecord) -> str:
    right, wrong = record.feedback_true, record.feedback_false
    if not record.correct:
        right, wrong = wrong, right
    feedback = ""
    if wrong.strip() or right.strip():
        feedback = "#" + text.write_rich(wrong) if wrong.strip() else "#"
        feedback += _feedback(right)
    return "{" + ("TRUE" if record.correct else "FALSE") + feedback + _general(record) + "}"


def _write_short_answer(record: QuestionRecord) -> str:
    lines = [
        "="
        + text.weight(c.fraction)
        + text.escape(c.text.strip())
        + _feedback(_no_arrow(c.feedback))
        for c in record.choices
    ]
    return _block(record, lines)


def _no_arrow(html_text: str) -> str:
    """The same HTML without a literal "->", which would turn the block into a matching one."""
    return html_text.replace("->", "-&gt;")


def _write_numeric(record: QuestionRecord) -> str:
    lines = []
    for answer in record.numeric:
        if answer.low is not None and answer.high is not None:
            value = f"{text.number(answer.low)}..{text.number(answer.high)}"
        elif answer.value is not None:
            value = f"{text.number(answer.value)}:{text.number(answer.tolerance)}"
        else:
            continue
        lines.append("=" + text.weight(answer.fraction) + value + _feedback(answer.feedback))
    return _block(record, lines, opening="{#")


def _write_matching(record: QuestionRecord) -> str:
    lines = []
    for pair in record.pairs:
        left = text.write_rich(_no_arrow(pair.left))  # a "->" would end the left side
        lines.append(f"={left} -> {text.escape(text.plain_lines(pair.right))}")
    return _block(record, lines)


_WRITERS: dict[str, Callable[[QuestionRecord], str]] = {
    "single_choice": _write_choices,
    "multiple_choice": _write_choices,
    "true_false": _write_true_false,
    "short_answer": _write_short_answer,
    "numeric": _write_numeric,
    "matching": _write_matching,
    "essay": lambda record: "{" + _general(record) + "}",
    "description": lambda record: "",
}
