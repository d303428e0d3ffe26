"""Text helpers of the GIFT format: escapes, ``[format]`` markers, numbers, categories, metadata.

Pure: no Flask, no database. Shared by the GIFT reader and writer; ``decode`` and ``to_html``
serve the Aiken format too.
"""

from __future__ import annotations

import html
import re
from fractions import Fraction
from typing import Any

from question_bank.formats.base import N_, FormatError
from question_bank.textnorm import strip_html

#: Stand-ins for escaped characters while the structure is parsed (Supplementary Private Use
#: Area-B, which real question text does not use). Moodle does the same with "&&058;" etc.
_ESCAPABLE = "\\~=#{}:n"
_HOLD = {char: chr(0x10FFF0 + i) for i, char in enumerate(_ESCAPABLE)}
_RELEASE = str.maketrans({held: ("\n" if char == "n" else char) for char, held in _HOLD.items()})
_ESCAPE_RE = re.compile(r"\\([\\~=#{}:n])")
_WRITE = str.maketrans(
    {"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:"}
    | {"\n": "\\n", "\r": ""}
)

_MARKER_RE = re.compile(r"\[(html|moodle|plain|markdown)\]")
_BOLD_RE = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC_RE = re.compile(r"\*(?=\S)([^*]+?)(?<=\S)\*")
_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HTML_TAG_RE = re.compile(r"</?[a-zA-Z][^<>]*>")  #: an HTML tag, as the spreadsheets see one

_WEIGHT_RE = re.compile(r"%\s*(-?[0-9]+(?:[.,][0-9]*)?)\s*%")
_NUMBER_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")

_TAG_RE = re.compile(r"\[tag:((?:\\\]|[^\]])*)\]")
_META_RE = re.compile(r"//\s*(tags|difficulty|positions|fields|case-sensitive)\s*:(.*)", re.I)
DIFFICULTY_WORDS = {
    "easy": "easy", "medium": "medium", "hard": "hard",
    "dễ": "easy", "trung bình": "medium", "khó": "hard",
}  # fmt: skip
_YES = {"yes", "true", "1", "có"}

NOT_UTF8 = N_("Tệp không phải UTF-8 (lỗi ở dòng %(line)d). Hãy lưu lại tệp với bảng mã UTF-8.")


def decode(data: bytes | str) -> str:
    """Text of an uploaded file: UTF-8 without BOM, newlines as ``\\n``.

    Raises ``FormatError`` with the line of the first bad byte when ``data`` is not UTF-8."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise FormatError(NOT_UTF8 % {"line": line}, line) from exc
    return data.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


# -- escapes -------------------------------------------------------------------------------


def hold_escapes(text: str) -> str:
    """Replace ``\\~ \\= \\# \\{ \\} \\: \\\\ \\n`` with stand-ins, so only live syntax is left."""
    if "\\" not in text:
        return text
    return _ESCAPE_RE.sub(lambda m: _HOLD[m.group(1)], text)


def release(text: str) -> str:
    """The real characters back from ``hold_escapes`` stand-ins, trimmed."""
    return text.translate(_RELEASE).strip()


def escape(text: str) -> str:
    """Text as GIFT source: special characters escaped, newlines as ``\\n``."""
    return text.translate(_WRITE)


# -- [format] markers and HTML -------------------------------------------------------------


def split_format(text: str, default: str) -> tuple[str, str]:
    """``(format, rest)`` of a text that may start with ``[html]``, ``[plain]``, ...

    Unknown markers stay in the text, as in Moodle."""
    match = _MARKER_RE.match(text)
    if match:
        return match.group(1), text[match.end() :]
    return default, text


def to_html(text: str, fmt: str) -> str:
    """HTML for a released text, as Moodle shows each format. ``html`` is kept; ``moodle`` (Moodle's
    auto-format, GIFT's default) is HTML when it holds tags (Moodle shows them as HTML; the bank
    sanitizes them) and otherwise plain text; ``plain`` is escaped; both have newlines as
    ``<br>``. ``markdown`` is escaped too, then only ``**bold**`` and ``*italic*`` become
    ``<strong>`` / ``<em>`` (no other Markdown is converted)."""
    if fmt == "html":
        return text
    if fmt == "moodle" and _HTML_TAG_RE.search(text):
        return text.replace("\n", "<br>")
    out = html.escape(text, quote=False)
    if fmt == "markdown":
        out = _ITALIC_RE.sub(r"<em>\1</em>", _BOLD_RE.sub(r"<strong>\1</strong>", out))
    return out.replace("\n", "<br>")


def rich(held: str, default: str) -> str:
    """A held text that may carry its own ``[format]`` marker, as HTML."""
    fmt, rest = split_format(held.strip(), default)
    return to_html(release(rest), fmt)


def write_rich(text: str) -> str:
    """An HTML text for a question written in ``[html]``; a leading ``[`` gets its own marker
    so it is not read as one."""
    text = text.strip()
    return escape("[html]" + text if text.startswith("[") else text)


def plain_lines(html_text: str) -> str:
    """Plain text of HTML keeping ``<br>`` as newlines (for text GIFT stores plain)."""
    return "\n".join(strip_html(part) for part in _BR_RE.split(html_text)).strip()


# -- weights and numbers -------------------------------------------------------------------


def take_weight(text: str) -> tuple[float | None, str]:
    """``(fraction, rest)`` for a text that may start with ``%50%`` (or ``%-33,3%``)."""
    match = _WEIGHT_RE.match(text)
    if not match:
        return None, text
    return snap(float(match.group(1).replace(",", ".")) / 100), text[match.end() :]


def snap(fraction: float) -> float:
    """Moodle writes 1/3 as 33.33333%: a fraction within 1e-6 of p/q (q <= 20) becomes p/q, so
    three such answers sum to exactly 1."""
    near = Fraction(fraction).limit_denominator(20)
    return float(near) if abs(float(near) - fraction) <= 1e-6 else fraction


def weight(fraction: float) -> str:
    """``%50%`` for 0.5; six decimals at most, so 1/3 is ``%33.333333%``."""
    return "%" + f"{fraction * 100:.6f}".rstrip("0").rstrip(".") + "%"


def parse_number(text: str) -> float | None:
    """A GIFT number (a dot for decimals, as Moodle reads it), or None."""
    text = text.strip()
    return float(text) if _NUMBER_RE.fullmatch(text) else None


def number(value: float) -> str:
    """The shortest text that reads back as ``value``."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


# -- categories ----------------------------------------------------------------------------


def split_category(path: str) -> tuple[str, ...]:
    """``a/b//c`` -> ``("a", "b/c")``. A Moodle context prefix (``$course$/top/``) is dropped
    with its ``top``; empty parts are dropped."""
    path = path.strip()
    context = re.match(r"\$[a-z]+\$/?", path)
    if context:
        path = path[context.end() :]
    parts = [part.replace("\0", "/").strip() for part in path.replace("//", "\0").split("/")]
    parts = [part for part in parts if part]
    if context and parts[:1] == ["top"]:
        parts = parts[1:]
    return tuple(parts)


def join_category(category: tuple[str, ...]) -> str:
    return "/".join(" ".join(part.split()).replace("/", "//") for part in category)


# -- metadata comments ----------------------------------------------------------------------


def read_meta(line: str, meta: dict[str, Any]) -> str | None:
    """Read one comment line into ``meta``: Moodle's ``[tag:...]`` tokens and our
    ``// key: value`` lines. A message if a value is invalid, else None."""
    for raw in _TAG_RE.findall(line):
        _read_tag(raw.replace("\\]", "]").strip(), meta)
    match = _META_RE.match(line)
    if not match:
        return None
    key, value = match.group(1).lower(), match.group(2).strip()
    if key == "difficulty":
        difficulty = DIFFICULTY_WORDS.get(value.lower())
        if difficulty is None:
            message = N_(
                "Mức độ «%(value)s» không hợp lệ (dùng easy, medium, hard hoặc dễ, trung bình, khó)."
            )
            return message % {"value": value}
        meta[key] = difficulty
    elif key == "case-sensitive":
        meta[key] = value.lower() in _YES
    else:
        meta.setdefault(key, []).extend(item.strip() for item in _split_list(value) if item.strip())
    return None


def _read_tag(tag: str, meta: dict[str, Any]) -> None:
    """``difficulty:hard``, ``position:Văn thư``, ``field:Tư pháp`` fill those fields (as in
    our Moodle XML); any other tag is a tag."""
    kind, _, value = tag.partition(":")
    value = value.strip()
    if kind == "difficulty" and value.lower() in DIFFICULTY_WORDS:
        meta["difficulty"] = DIFFICULTY_WORDS[value.lower()]
    elif kind in ("position", "field") and value:
        meta.setdefault(kind + "s", []).append(value)
    elif tag:
        meta.setdefault("tags", []).append(tag)


def _split_list(value: str) -> list[str]:
    """``a, b\\, c`` -> ``["a", " b, c"]``: split at commas, ``\\x`` stands for ``x``."""
    items, current, chars = [], [], iter(value)
    for char in chars:
        if char == "\\":
            current.append(next(chars, ""))
        elif char == ",":
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    return [*items, "".join(current)]


def write_tags(tags: list[str]) -> str:
    """``// [tag:a] [tag:b]``, the comment line Moodle reads tags from (``]`` escaped)."""
    tokens = (" ".join(tag.split()).replace("]", "\\]") for tag in tags)
    return "// " + " ".join(f"[tag:{token}]" for token in tokens if token) + "\n"
