"""Author HTML is cleaned with nh3 before it is stored: formatting, lists, links and images only.

Scripts, event handlers, styles and foreign URL schemes never survive, so a stem can be shown
as-is to every examinee.
"""

from __future__ import annotations

import nh3

from question_bank.types import get_type

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "ul", "ol", "li",
                "a", "img", "code", "pre", "blockquote", "table", "thead", "tbody", "tr", "th",
                "td", "span", "div", "h3", "h4"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"},
                      "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}


def clean_html(html: str) -> str:
    """Sanitized HTML; links open safely (rel noopener noreferrer nofollow)."""
    return nh3.clean(html or "", tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"},
                     link_rel="noopener noreferrer nofollow").strip()


def clean_text_fields(record) -> None:
    """Sanitize a QuestionRecord in place: the stem and explanation here, the answer fields as
    its type says (``QuestionType.sanitize``: which texts are HTML, which plain)."""
    record.stem = clean_html(record.stem)
    record.explanation = clean_html(record.explanation)
    get_type(record.type).sanitize(record, clean_html)
