"""Streamed downloads: CSV and .xlsx written row by row, so a file of any length leaves with
bounded memory and its first bytes leave at once. Pure: no Flask, no database.

* ``csv_stream(header, rows)``: text chunks, UTF-8 with a BOM (Excel then reads the Vietnamese
  right), a text cell that a spreadsheet would take for a formula (``=``, ``+``, ``-``, ``@``,
  tab, carriage return) prefixed with an apostrophe.
* ``xlsx_stream(sheets)``: bytes of an Office Open XML workbook, each sheet ``(title, header,
  rows)``; the zip is written to an unseekable sink as the rows come (the standard library's
  zipfile writes data descriptors), strings inline (never formulas), the header row bold.
  openpyxl's write-only workbook only hands out the file once it is complete; this one starts at
  the first row. Files it writes open in Excel, LibreOffice and openpyxl.
* ``content_disposition(name, extension)``: the attachment header with an ASCII fallback.
"""

from __future__ import annotations

import csv
import io
import math
import numbers
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from urllib.parse import quote
from xml.sax.saxutils import escape

#: Werkzeug adds "; charset=utf-8" to a text/* mimetype itself (naming it here doubled it).
CSV_MIMETYPE = "text/csv"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Rows per chunk handed to the server.
BATCH = 500
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHEET_ILLEGAL = re.compile(r"[\[\]:*?/\\]")

Sheet = tuple[str, Sequence, Iterable[Sequence]]


def csv_cell(value):
    """A value as a CSV cell: None is empty; a text a spreadsheet would run as a formula is
    kept as text with a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_stream(header: Sequence, rows: Iterable[Sequence]) -> Iterator[str]:
    """The CSV text in chunks of ``BATCH`` rows, the header first, with a BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow([csv_cell(v) for v in header])
    for count, row in enumerate(rows, start=1):
        writer.writerow([csv_cell(v) for v in row])
        if count % BATCH == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


class _Sink:
    """An unseekable file the zip writes into; ``drain`` hands over what was written."""

    def __init__(self):
        self._parts: list[bytes] = []

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        data, self._parts = b"".join(self._parts), []
        return data


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _cell(ref: str, value, style: int = 0) -> str:
    s = f' s="{style}"' if style else ""
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"{s}><v>{int(value)}</v></c>'
    if isinstance(value, numbers.Integral):
        return f'<c r="{ref}"{s}><v>{int(value)}</v></c>'
    if isinstance(value, numbers.Real):
        value = float(value)
        return f'<c r="{ref}"{s}><v>{value!r}</v></c>' if math.isfinite(value) else ""
    if isinstance(value, datetime | date):
        value = value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    text = escape(_XML_ILLEGAL.sub("", str(value)))
    return f'<c r="{ref}" t="inlineStr"{s}><is><t xml:space="preserve">{text}</t></is></c>'


def _row(number: int, values: Sequence, style: int = 0) -> str:
    cells = "".join(_cell(f"{_column(i)}{number}", v, style) for i, v in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


def sheet_title(title: str, taken: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of ``[]:*?/\\``, unique."""
    base = _SHEET_ILLEGAL.sub(" ", title).strip()[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_STYLES = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet {_NS}>'
           '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
           '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
           '<fills count="2"><fill><patternFill patternType="none"/></fill>'
           '<fill><patternFill patternType="gray125"/></fill></fills>'
           '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
           '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
           '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
           '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
           '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
           '</styleSheet>')


def xlsx_stream(sheets: Iterable[Sheet]) -> Iterator[bytes]:
    """The workbook's bytes as its sheets' rows come (a few hundred rows at a time)."""
    sink = _Sink()
    titles: list[str] = []
    taken: set[str] = set()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as archive:
        for title, header, rows in sheets:
            titles.append(sheet_title(title, taken))
            with archive.open(f"xl/worksheets/sheet{len(titles)}.xml", "w", force_zip64=True) as part:
                part.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {_NS}>'
                           f'<sheetData>{_row(1, header, 1)}'.encode())
                for number, row in enumerate(rows, start=2):
                    part.write(_row(number, row).encode())
                    if number % BATCH == 0:
                        yield sink.drain()
                part.write(b"</sheetData></worksheet>")
            yield sink.drain()
        if not titles:
            titles.append("Sheet")
            archive.writestr("xl/worksheets/sheet1.xml", f'<worksheet {_NS}><sheetData/></worksheet>')
        sheet_list = "".join(f'<sheet name="{escape(t, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>'
                             for i, t in enumerate(titles, start=1))
        archive.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                            f'<workbook {_NS} {_REL_NS}><sheets>{sheet_list}</sheets></workbook>')
        rels = "".join(f'<Relationship Id="rId{i}" Type="{_DOC_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                       for i in range(1, len(titles) + 1))
        rels += f'<Relationship Id="rId{len(titles) + 1}" Type="{_DOC_REL}/styles" Target="styles.xml"/>'
        archive.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                                        f'<Relationships xmlns="{_PKG_REL}">{rels}</Relationships>')
        archive.writestr("xl/styles.xml", _STYLES)
        archive.writestr("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                        f'<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
                                        f'Type="{_DOC_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(titles) + 1))
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f'{overrides}</Types>'))
    yield sink.drain()


def content_disposition(name: str, extension: str) -> str:
    """``attachment`` with an ASCII ``filename`` (diacritics dropped) and the UTF-8 ``filename*``;
    path and quote characters removed."""
    clean = " ".join(re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", name).split())[:150] or "bao-cao"
    folded = unicodedata.normalize("NFKD", clean.replace("đ", "d").replace("Đ", "D"))
    ascii_name = re.sub(r"[^A-Za-z0-9]+", "-", folded.encode("ascii", "ignore").decode()).strip("-").lower()
    full = f"{clean}.{extension}"
    return (f'attachment; filename="{ascii_name or "bao-cao"}.{extension}"; '
            f"filename*=UTF-8''{quote(full, safe='')}")
