"""The demo question bank: Vietnamese e-government questions kept as Moodle XML data files.

Facts come from the seed articles about provinces' e-government practice and from
well-established general knowledge about Vietnam's e-government.

One file per topic (``NN_topic.xml``); the bank lists them in file-name order. Moodle XML is the
one import format of ours that holds everything the demo uses: categories, titles, explanations,
difficulty, job positions and fields (as ``difficulty:`` / ``position:`` / ``field:`` tags) and
all eight question types (GIFT cannot write ordering questions). The demo seed imports these files
through the import a trainer uses (``run_import``); ``demo_questions()`` reads them with the same
parser. To change the demo, edit a file, or export a bank as Moodle XML and put the file here.
"""

from __future__ import annotations

from importlib import resources

from question_bank.formats import parse
from question_bank.records import QuestionRecord

FORMAT = "moodle-xml"


class DemoDataError(ValueError):
    """A demo file that does not read cleanly (a parser error, or an item the import skips)."""


def demo_files() -> list[tuple[str, bytes]]:
    """(file name, content) of every demo file, in the order the bank lists them."""
    folder = resources.files(__name__)
    files = sorted((entry.name, entry) for entry in folder.iterdir() if entry.name.endswith(".xml"))
    return [(name, entry.read_bytes()) for name, entry in files]


def demo_questions() -> list[QuestionRecord]:
    """All demo questions as the import reads them, a fresh list each call."""
    return [record for name, data in demo_files() for record in read_demo_file(name, data)]


def read_demo_file(name: str, data: bytes) -> list[QuestionRecord]:
    """The questions of one demo file; every item must read as a question.

    A parser error or a skipped item is a ``DemoDataError`` naming the file and line, since the
    demo would silently lose a question.
    """
    result = parse(data, FORMAT)
    if result.errors or result.skipped:
        problem = (result.errors + result.skipped)[0]
        raise DemoDataError(f"{name}, line {problem.line}: {problem.message}")
    return result.questions


__all__ = ["FORMAT", "DemoDataError", "demo_files", "demo_questions", "read_demo_file"]
