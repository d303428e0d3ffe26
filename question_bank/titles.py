"""What a list calls a question: its title when it has a real one, else the start of its text.

Pure: no Flask, no database. A title is optional, and files name untitled questions with
placeholders (a GIFT export writes ``::GIFT1::``, other tools ``Q1`` or ``Câu 1``): a list of
"GIFT1, GIFT2, ..." tells a reader nothing, so such a question is listed by its text instead.
Every list (the bank's questions, the review queue, an exam's fixed questions, export losses)
names questions through ``question_label``.
"""

from __future__ import annotations

import re
import unicodedata

from question_bank.textnorm import strip_html

#: How many characters of the text stand for a question without a real title.
LABEL_LENGTH = 100

#: A word an importer numbers questions with, then the number: "GIFT1", "Q 12", "Câu hỏi 3".
_PLACEHOLDER = re.compile(r"(?:gift|q|question|câu(?: hỏi)?|cau(?: hoi)?)[\s._#:-]*\d+[.:)]?",
                          re.IGNORECASE)


def is_placeholder_title(title: str) -> bool:
    """True for an empty title and for a generated one (a numbering word and a number)."""
    text = " ".join(unicodedata.normalize("NFC", title or "").split())
    return not text or _PLACEHOLDER.fullmatch(text) is not None


def shorten(text: str, limit: int = LABEL_LENGTH) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with "…" when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:-") + "…"


def question_label(title: str, stem_html: str, limit: int = LABEL_LENGTH) -> str:
    """The title when it is a real one, else the start of the stem's plain text; a question
    with neither (an image-only stem under a placeholder) keeps its placeholder."""
    if not is_placeholder_title(title):
        return " ".join(title.split())
    text = strip_html(stem_html or "")
    return shorten(text, limit) if text else " ".join((title or "").split())
