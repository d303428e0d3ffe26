"""Moodle XML writer: a ``<quiz>`` Moodle 4.x imports. Pure: no Flask, no database.

The mirror of ``moodle_xml``'s reader: a category question whenever the category changes
(``$course$/top/...``, ``/`` in a name doubled), html text in CDATA, fractions as percentages
rounded the way Moodle writes them ("33.33333"), difficulty/positions/fields as prefixed tags,
``record.images`` as base64 ``<file>`` elements, the right side of matching pairs as the plain
text Moodle keeps there, ordering items with their position as the fraction.

Fractions are written as they are, partial and negative credit included. Moodle's import
refuses, by default, a fraction that is not one of its listed grades (100, 90, 83.33333, 80,
75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571, 12.5, 11.11111, 10, 5,
0 and their negatives); a question with another one (37% typed in our editor, say) imports there
with "Nearest grade if not listed" chosen on Moodle's import page. We do not round it here:
that would change the question's score.
"""

from __future__ import annotations

import base64
import html
import re
import sys
from collections.abc import Callable, Sequence

from question_bank.records import QuestionRecord
from question_bank.textnorm import strip_html

#: A numeric answer accepting any number (Moodle's ``*``) is the range +-ANY_NUMBER.
ANY_NUMBER = sys.float_info.max

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def write(records: Sequence[QuestionRecord]) -> bytes:
    """A ``<quiz>`` Moodle imports: a category question whenever the category changes.

    Records without a category at the start go into the category chosen on Moodle's import page.
    Numeric ranges become value +- tolerance (the same interval). See ``unsupported``.
    """
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    current: tuple[str, ...] = ()
    for number, record in enumerate(records, start=1):
        writer = _WRITERS.get(record.type)
        if writer is None:
            continue
        if record.category != current:
            current = record.category
            out.append(_category_xml(current))
        out.append(f"<!-- question: {number}  -->")
        out.append(_question_xml(record, writer))
    out.append("</quiz>\n")
    return "\n".join(out).encode("utf-8")


def unsupported(records: Sequence[QuestionRecord]) -> list[QuestionRecord]:
    """The records this writer leaves out: types Moodle XML cannot hold here (``description``)."""
    return [record for record in records if record.type not in _WRITERS]


def _clean(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


def _escape(text: str) -> str:
    return html.escape(_clean(text), quote=True)


def _plain(value: str) -> str:
    """Plain text for the places Moodle keeps plain: simple HTML exactly, real markup stripped."""
    text = value.replace("<br>", "\n")
    return strip_html(value) if re.search(r"</?[a-zA-Z][^<>]*>", text) else html.unescape(text)


def _cdata(text: str) -> str:
    text = _clean(text)
    if not re.search(r"[<>&]", text):
        return text
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _block(tag: str, text: str, indent: str = "    ", fmt: str = "html", extra: str = "") -> str:
    return (
        f'{indent}<{tag} format="{fmt}">\n{indent}  <text>{_cdata(text)}</text>\n{extra}'
        f"{indent}</{tag}>"
    )


def percent(fraction: float) -> str:
    """Moodle's way: the fraction rounded to 7 places, as a percentage ("33.33333", "-50")."""
    text = f"{round(fraction, 7) * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _files(images: dict[str, bytes], indent: str) -> str:
    return "".join(
        f'{indent}  <file name="{_escape(name)}" path="/" encoding="base64">'
        f"{base64.b64encode(data).decode('ascii')}</file>\n"
        for name, data in images.items()
    )


def _category_xml(path: tuple[str, ...]) -> str:
    full = "/".join(["$course$", "top", *(name.replace("/", "//") for name in path)])
    return (
        '  <question type="category">\n    <category>\n'
        f"      <text>{_escape(full)}</text>\n    </category>\n"
        '    <info format="moodle_auto_format">\n      <text></text>\n    </info>\n'
        "    <idnumber></idnumber>\n  </question>"
    )


def _question_xml(
    record: QuestionRecord, writer: Callable[[QuestionRecord], tuple[str, list[str]]]
) -> str:
    qtype, body = writer(record)
    referenced = {k: v for k, v in record.images.items() if k in record.explanation}
    tags = list(record.tags) + [f"position:{p}" for p in record.positions]
    tags += [f"field:{f}" for f in record.fields]
    if record.difficulty != "medium":
        tags.append(f"difficulty:{record.difficulty}")
    # Without <name>, Moodle names the question from its text (an empty <name> stays empty).
    name = f"    <name>\n      <text>{_escape(record.title)}</text>\n    </name>"
    lines = [
        f'  <question type="{qtype}">',
        *([name] if record.title else []),
        _block("questiontext", record.stem, extra=_files(record.images, "    ")),
        _block("generalfeedback", record.explanation, extra=_files(referenced, "    ")),
        "    <defaultgrade>1.0000000</defaultgrade>",
        f"    <penalty>{'1.0000000' if qtype == 'truefalse' else '0.3333333'}</penalty>",
        "    <hidden>0</hidden>",
        "    <idnumber></idnumber>",
        *body,
    ]
    if tags:
        lines.append("    <tags>")
        lines += [f"      <tag><text>{_escape(tag)}</text></tag>" for tag in tags]
        lines.append("    </tags>")
    lines.append("  </question>")
    return "\n".join(lines)


def _answer(
    text: str, fraction: float, feedback: str = "", fmt: str = "html", extra: str = ""
) -> str:
    return (
        f'    <answer fraction="{percent(fraction)}" format="{fmt}">\n'
        f"      <text>{_cdata(text)}</text>\n"
        f"{_block('feedback', feedback, '      ')}\n{extra}    </answer>"
    )


_COMBINED_FEEDBACK = [
    '    <correctfeedback format="html">\n      <text></text>\n    </correctfeedback>',
    '    <partiallycorrectfeedback format="html">\n      <text></text>\n'
    "    </partiallycorrectfeedback>",
    '    <incorrectfeedback format="html">\n      <text></text>\n    </incorrectfeedback>',
]


def _write_choices(record: QuestionRecord) -> tuple[str, list[str]]:
    single = "true" if record.type == "single_choice" else "false"
    return "multichoice", [
        f"    <single>{single}</single>",
        "    <shuffleanswers>true</shuffleanswers>",
        "    <answernumbering>abc</answernumbering>",
        "    <showstandardinstruction>0</showstandardinstruction>",
        *_COMBINED_FEEDBACK,
        "    <shownumcorrect/>",
        *(_answer(c.text, c.fraction, c.feedback) for c in record.choices),
    ]


def _write_true_false(record: QuestionRecord) -> tuple[str, list[str]]:
    return "truefalse", [
        _answer("true", 1.0 if record.correct else 0.0, record.feedback_true, "moodle_auto_format"),
        _answer(
            "false", 0.0 if record.correct else 1.0, record.feedback_false, "moodle_auto_format"
        ),
    ]


def _write_short_answer(record: QuestionRecord) -> tuple[str, list[str]]:
    return "shortanswer", [
        f"    <usecase>{int(record.case_sensitive)}</usecase>",
        *(_answer(c.text, c.fraction, c.feedback, "moodle_auto_format") for c in record.choices),
    ]


def _write_numeric(record: QuestionRecord) -> tuple[str, list[str]]:
    answers = []
    for a in record.numeric:
        if a.low is not None and a.high is not None:
            if a.low <= -ANY_NUMBER and a.high >= ANY_NUMBER:
                value, tolerance = "*", "0"
            else:
                value, tolerance = repr((a.low + a.high) / 2), repr((a.high - a.low) / 2)
        else:
            value, tolerance = repr(a.value or 0.0), repr(a.tolerance)
        answers.append(
            _answer(
                value,
                a.fraction,
                a.feedback,
                "moodle_auto_format",
                f"      <tolerance>{tolerance}</tolerance>\n",
            )
        )
    return "numerical", [
        *answers,
        "    <units>\n    </units>",
        "    <unitgradingtype>0</unitgradingtype>",
        "    <unitpenalty>0.1000000</unitpenalty>",
        "    <showunits>3</showunits>",
        "    <unitsleft>0</unitsleft>",
    ]


def _write_matching(record: QuestionRecord) -> tuple[str, list[str]]:
    subquestions = [
        f'    <subquestion format="html">\n      <text>{_cdata(p.left)}</text>\n'
        f"      <answer>\n        <text>{_cdata(_plain(p.right))}</text>\n      </answer>\n"
        "    </subquestion>"
        for p in record.pairs
    ]
    return "matching", [
        "    <shuffleanswers>true</shuffleanswers>",
        *_COMBINED_FEEDBACK,
        "    <shownumcorrect/>",
        *subquestions,
    ]


def _write_ordering(record: QuestionRecord) -> tuple[str, list[str]]:
    answers = [
        f'    <answer fraction="{n}.0000000" format="html">\n'
        f"      <text>{_cdata(item.text)}</text>\n    </answer>"
        for n, item in enumerate(record.items, start=1)
    ]
    return "ordering", [
        "    <layouttype>VERTICAL</layouttype>",
        "    <selecttype>ALL</selecttype>",
        "    <selectcount>0</selectcount>",
        "    <gradingtype>ABSOLUTE_POSITION</gradingtype>",
        "    <showgrading>SHOW</showgrading>",
        "    <numberingstyle>none</numberingstyle>",
        *_COMBINED_FEEDBACK,
        "    <shownumcorrect>1</shownumcorrect>",
        *answers,
    ]


def _write_essay(record: QuestionRecord) -> tuple[str, list[str]]:
    return "essay", [
        "    <responseformat>editor</responseformat>",
        "    <responserequired>1</responserequired>",
        "    <responsefieldlines>10</responsefieldlines>",
        "    <minwordlimit></minwordlimit>",
        "    <maxwordlimit></maxwordlimit>",
        "    <attachments>0</attachments>",
        "    <attachmentsrequired>0</attachmentsrequired>",
        "    <maxbytes>0</maxbytes>",
        "    <filetypeslist></filetypeslist>",
        _block("graderinfo", ""),
        _block("responsetemplate", ""),
    ]


_WRITERS: dict[str, Callable[[QuestionRecord], tuple[str, list[str]]]] = {
    "single_choice": _write_choices,
    "multiple_choice": _write_choices,
    "true_false": _write_true_false,
    "short_answer": _write_short_answer,
    "numeric": _write_numeric,
    "matching": _write_matching,
    "ordering": _write_ordering,
    "essay": _write_essay,
}
