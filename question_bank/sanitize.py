"""Author HTML is cleaned with nh3 before it is stored: formatting, lists, links and images only.

Scripts, event handlers, styles and foreign URL schemes never survive, so a stem can be shown
as-is to every examinee.
"""

from __future__ import annotations

import nh3

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
    """Sanitize every HTML-bearing field of a QuestionRecord in place."""
    record.stem = clean_html(record.stem)
    record.explanation = clean_html(record.explanation)
    record.feedback_true = clean_html(record.feedback_true)
    record.feedback_false = clean_html(record.feedback_false)
    for choice in record.choices:
        choice.text = clean_html(choice.text) if record.type != "short_answer" else choice.text.strip()
        choice.feedback = clean_html(choice.feedback)
    for pair in record.pairs:
        pair.left, pair.right = clean_html(pair.left), clean_html(pair.right)
    for item in record.items:
        item.text = clean_html(item.text)
