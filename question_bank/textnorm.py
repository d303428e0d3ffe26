"""Text normalisation for Vietnamese: search folding, answer comparison, HTML to plain text.

Pure: no Flask, no database. Two different rules on purpose:

* ``fold`` is for *search*: it drops diacritics, so "dich vu cong" finds "Dịch vụ công".
* ``normalize_answer`` is for *grading*: it keeps diacritics, because in Vietnamese they change
  the word ("bàn" is a table, "bán" is to sell, "ban" is a board).
"""

from __future__ import annotations

import unicodedata
from html.parser import HTMLParser


def _collapse(text: str) -> str:
    """Trim and collapse every run of whitespace (including non-breaking spaces) to one space."""
    return " ".join(text.split())


def fold(text: str) -> str:
    """Search key: lowercase, NFC, whitespace collapsed, diacritics removed, đ/Đ -> d."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", _collapse(bare.replace("đ", "d")))


def normalize_answer(text: str, case_sensitive: bool = False) -> str:
    """Answer key for comparison: NFC, trimmed, whitespace collapsed, lowercased unless
    ``case_sensitive``. Diacritics are kept: "Hà Nội" and "Ha Noi" are different answers."""
    text = _collapse(unicodedata.normalize("NFC", text))
    return text if case_sensitive else text.lower()


#: Tags that separate words, so "a<br>b" reads as "a b" while "H<sub>2</sub>O" stays "H2O".
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
        "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th",
        "thead", "tr", "ul",
    }
)  # fmt: skip
_SKIPPED_TAGS = frozenset({"script", "style", "template"})


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # unescapes &amp; &nbsp; &#7897; ...
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def strip_html(html: str) -> str:
    """Plain text of an HTML fragment: tags dropped, entities unescaped, whitespace collapsed.

    Block tags (``p``, ``br``, ``li``, ...) separate words; script and style contents are dropped.
    """
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return _collapse("".join(parser.parts))
