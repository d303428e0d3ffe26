"""A small structural HTML check: the errors the W3C checker found on our pages, caught cheaply.

Not a validator. It follows the parser rules that turn a template slip into a different page:
a block element closes an open ``<p>`` (so the ``</p>`` after it is stray), a form inside a form
is dropped, flow content inside phrasing-only elements; plus a required single select whose first
option is not an empty placeholder, and an id used twice.
"""

from __future__ import annotations

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
#: Elements whose end tag may be left out: the next sibling or the parent's end closes them.
OPTIONAL_END = {"p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody",
                "tfoot", "colgroup", "caption", "rt", "rp"}
#: A start tag of one of these closes an open <p> (HTML's "close a p element").
CLOSES_P = {"address", "article", "aside", "blockquote", "details", "dialog", "div", "dl",
            "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
            "h6", "header", "hgroup", "hr", "main", "menu", "nav", "ol", "p", "pre", "section",
            "table", "ul"}
#: Elements that may hold phrasing content only.
PHRASING_ONLY = {"span", "label", "strong", "em", "small", "b", "i", "abbr", "code", "time",
                 "button", "h1", "h2", "h3", "h4", "h5", "h6", "legend", "summary", "dt"}
#: Boundaries that a <p> or a phrasing parent does not reach across.
SCOPE = {"button", "table", "td", "th", "caption", "template", "html"}


class _Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: set[str] = set()
        self._select: dict | None = None  # the required select waiting for its first option

    def _where(self) -> str:
        line, _col = self.getpos()
        return f"line {line}"

    def _close_p(self) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index] == "p":
                del self.stack[index:]
                return
            if self.stack[index] in SCOPE:
                return

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in CLOSES_P:
            self._close_p()
        if tag in {"li", "dt", "dd", "option", "tr", "td", "th"}:
            self._close_sibling(tag)
        if tag == "form" and "form" in self.stack:
            self.errors.append(f"{self._where()}: <form> inside another <form>")
        parent = self.stack[-1] if self.stack else None
        if tag in CLOSES_P and parent in PHRASING_ONLY:
            self.errors.append(f"{self._where()}: <{tag}> inside <{parent}> (phrasing only)")
        element_id = attributes.get("id")
        if element_id:
            if element_id in self.ids:
                self.errors.append(f"{self._where()}: id {element_id!r} used twice")
            self.ids.add(element_id)
        if tag == "select" and "required" in attributes and "multiple" not in attributes \
                and attributes.get("size") in (None, "", "1"):
            self._select = {"name": attributes.get("name"), "where": self._where()}
        elif tag == "option" and self._select is not None:
            if "text" in self._select:  # the first option ended without its end tag
                self._first_option_checked()
            else:
                self._select.update(value=attributes.get("value"), text="")
        if tag not in VOID:
            self.stack.append(tag)

    def _close_sibling(self, tag: str) -> None:
        """An open <li> is closed by the next <li> (and so on for the other optional ends)."""
        family = {"dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "td": {"td", "th"},
                  "th": {"td", "th"}}.get(tag, {tag})
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index] in family:
                del self.stack[index:]
                return
            if self.stack[index] not in OPTIONAL_END:
                return

    def handle_data(self, data):
        if self._select is not None and "text" in self._select and self.stack[-1:] == ["option"]:
            self._select["text"] += data

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if tag in {"option", "select"} and self._select is not None and "text" in self._select:
            self._first_option_checked()
        if tag not in self.stack:
            if tag == "p":
                self.errors.append(f"{self._where()}: stray </p> (a block element closed the <p>)")
            elif tag not in OPTIONAL_END:
                self.errors.append(f"{self._where()}: stray </{tag}>")
            return
        while self.stack:
            open_tag = self.stack.pop()
            if open_tag == tag:
                return
            if open_tag not in OPTIONAL_END:
                self.errors.append(f"{self._where()}: <{open_tag}> not closed before </{tag}>")

    def _first_option_checked(self) -> None:
        select = self._select
        value, text = select.get("value"), select.get("text", "").strip()
        empty = value == "" if value is not None else not text
        if not empty:
            self.errors.append(f"{select['where']}: required <select name={select['name']!r}> "
                               "whose first option is not an empty placeholder")
        self._select = None


def structure_errors(html: str) -> list[str]:
    """Structural errors of one HTML document or fragment (empty when it parses as written)."""
    checker = _Checker()
    checker.feed(html)
    checker.close()
    return checker.errors
