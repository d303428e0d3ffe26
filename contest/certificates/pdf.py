"""The certificate as a PDF: one A4 landscape page drawn with fpdf2 in pure Python.

The layout follows a Vietnamese administrative paper: the issuing unit top left, the national
motto top right, "GIẤY CHỨNG NHẬN", the person's name, what is certified, then the date and the
signer bottom right and the QR with the code bottom left. Text is set in the DejaVu fonts shipped
in ``fonts/`` (Serif), embedded as subsets so every reader shows the diacritics.

Speed: fpdf2 parses a font file each time a document adds it, and DejaVu holds about 6,000 glyphs
(~45 ms a face). The faces are therefore cut once per process to the Vietnamese and Latin-1
letters (~350 glyphs, ~5 ms a face). A certificate with a character outside that set (a foreign
name with "ł", say) is drawn with the full faces instead: slower, never wrong.

``render`` is deterministic: the same facts give the same bytes (the creation date is the issue
date), so a certificate can be drawn again years later and sign the same way.

The signed credential is also attached to the PDF as a file, ``credential.jwt`` (``CREDENTIAL_FILE``),
so a verifier reads it from the file without decoding the QR image (``pdf_reading``).
"""

from __future__ import annotations

import io
import tempfile
import unicodedata
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime, time
from functools import cache
from pathlib import Path

from fontTools import subset as font_subset
from fontTools.ttLib import TTFont
from fpdf import FPDF

from contest.certificates import qr

FONT_DIR = Path(__file__).resolve().parent / "fonts"

#: family name -> {style: file}. Serif only, as on an administrative paper (and each face costs
#: time: it is parsed and subset again for every document).
FONT_FILES = {"serif": {"": "DejaVuSerif.ttf", "B": "DejaVuSerif-Bold.ttf"}}

#: What the cut faces cover: ASCII, Latin-1, the Vietnamese letters and common punctuation.
VIETNAMESE_CHARACTERS = frozenset(
    [*range(0x20, 0x7F), *range(0xA0, 0x100),
     0x102, 0x103, 0x110, 0x111, 0x128, 0x129, 0x168, 0x169, 0x1A0, 0x1A1, 0x1AF, 0x1B0,
     *range(0x1EA0, 0x1EFA), *range(0x2010, 0x2027), 0x20AB]
)


#: The attachment holding the credential the QR carries (a compact JWS, one line of ASCII).
CREDENTIAL_FILE = "credential.jwt"
CREDENTIAL_MEDIA_TYPE = "application/vc+jwt"

PAGE_W, PAGE_H = 297.0, 210.0
RED = (150, 27, 33)
NAVY = (22, 45, 100)
INK = (25, 25, 25)


@dataclass(frozen=True)
class CertificateFacts:
    """Everything printed on a certificate; plain data, no database."""

    #: The certificate's code, printed in text (grouped, e.g. "K7QM-3XPA-...").
    code: str
    person_name: str
    #: What it certifies, e.g. "Đã hoàn thành khóa bồi dưỡng Chuyển đổi số".
    title: str
    description: str
    issued_on: date
    #: The issuing unit, e.g. "Sở Nội vụ tỉnh Quảng Trị".
    issuer_name: str
    signer_name: str
    signer_title: str
    expires_on: date | None
    #: What the QR carries: the verify URL or the signed credential text.
    qr_text: str
    verify_url: str


def vietnamese_date(day: date) -> str:
    """"ngày 6 tháng 12 năm 2026"."""
    return f"ngày {day.day} tháng {day.month} năm {day.year}"


def render(cert: CertificateFacts) -> bytes:
    """The certificate as PDF bytes (one A4 landscape page, fonts embedded, QR as a PNG image)."""
    cert = _normalized(cert)
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    _add_fonts(pdf, _needs_full_fonts(cert))
    pdf.set_lang("vi")
    pdf.set_title(f"Giấy chứng nhận {cert.code}")
    pdf.set_subject(cert.title)
    pdf.set_author(cert.issuer_name)
    pdf.set_creator("contest")
    pdf.set_creation_date(datetime.combine(cert.issued_on, time(), tzinfo=UTC))
    pdf.add_page()
    _frame(pdf)
    _header(pdf, cert)
    _body(pdf, cert)
    _qr_block(pdf, cert)
    _signer_block(pdf, cert)
    _attach_credential(pdf, cert)
    return bytes(pdf.output())


def credential_of(qr_text: str) -> str:
    """The credential in a QR text: what follows ``#`` in the verify page's URL (the server
    never sees it), or the whole text when the QR carries the bare credential."""
    return qr_text.rpartition("#")[2].strip()


def _attach_credential(pdf: FPDF, cert: CertificateFacts) -> None:
    """Attach the QR's credential as ``credential.jwt``; no dates, so the bytes stay the same."""
    pdf.embed_file(basename=CREDENTIAL_FILE, bytes=credential_of(cert.qr_text).encode("utf-8"),
                   mime_type=CREDENTIAL_MEDIA_TYPE,
                   desc="Chứng nhận số ký bằng khóa Ed25519 của tỉnh (như mã QR mang)")


def _normalized(cert: CertificateFacts) -> CertificateFacts:
    """NFC everywhere: a name typed with combining marks becomes the precomposed letters the
    fonts draw well (and a search in the extracted text finds)."""
    changes = {
        f.name: unicodedata.normalize("NFC", getattr(cert, f.name)).strip()
        for f in fields(cert)
        if isinstance(getattr(cert, f.name), str) and f.name != "qr_text"
    }
    return replace(cert, **changes)


def _needs_full_fonts(cert: CertificateFacts) -> bool:
    printed = (cert.code, cert.person_name, cert.title, cert.description, cert.issuer_name,
               cert.signer_name, cert.signer_title, cert.verify_url)
    return any(ord(ch) not in VIETNAMESE_CHARACTERS for text in printed for ch in text.upper() + text)


def _add_fonts(pdf: FPDF, full: bool) -> None:
    for family, styles in FONT_FILES.items():
        for style, file_name in styles.items():
            pdf.add_font(family, style, FONT_DIR / file_name if full else _subset_font(file_name))


@cache
def _subset_font(file_name: str) -> Path:
    """The face cut to the Vietnamese letters, written once per process to a private temporary
    directory (fpdf2 reads fonts from files). Not one of ``contest.core.caching``'s caches: it
    holds no data, only a function of the files shipped with the code, so it is never stale and
    there is nothing for ``clear_all`` to reset."""
    font = TTFont(FONT_DIR / file_name, recalcTimestamp=False)
    options = font_subset.Options()
    options.notdef_outline = True
    options.hinting = False
    options.drop_tables += ["FFTM", "GPOS", "GSUB", "kern"]
    subsetter = font_subset.Subsetter(options)
    subsetter.populate(unicodes=VIETNAMESE_CHARACTERS)
    subsetter.subset(font)
    path = Path(tempfile.mkdtemp(prefix="certificate-fonts-")) / file_name
    font.save(path)
    return path


def _frame(pdf: FPDF) -> None:
    pdf.set_draw_color(*RED)
    pdf.set_line_width(1.6)
    pdf.rect(8, 8, PAGE_W - 16, PAGE_H - 16)
    pdf.set_line_width(0.4)
    pdf.rect(11.5, 11.5, PAGE_W - 23, PAGE_H - 23)


def _centered(pdf: FPDF, x: float, y: float, w: float, text: str, family: str, style: str,
              size: float, *, min_size: float | None = None, max_lines: int = 1,
              line_height: float = 1.25) -> float:
    """Write ``text`` centred in the column [x, x + w] from ``y``; shrink the size (down to
    ``min_size``) until it fits in ``max_lines`` lines, then wrap. Returns the y below it."""
    min_size = min_size or size
    while True:
        pdf.set_font(family, style, size)
        height = size * 0.3528 * line_height
        lines = pdf.multi_cell(w, height, text, align="C", dry_run=True, output="LINES")
        if len(lines) <= max_lines or size <= min_size:
            break
        size = max(min_size, size - 1)
    pdf.set_xy(x, y)
    pdf.multi_cell(w, height, text, align="C")
    return y + height * len(lines)


def _rule(pdf: FPDF, center_x: float, y: float, width: float) -> None:
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.3)
    pdf.line(center_x - width / 2, y, center_x + width / 2, y)


def _header(pdf: FPDF, cert: CertificateFacts) -> None:
    pdf.set_text_color(*INK)
    left_x, left_w = 18.0, 115.0
    y = _centered(pdf, left_x, 20, left_w, cert.issuer_name.upper(), "serif", "B", 12,
                  min_size=9, max_lines=3)
    _rule(pdf, left_x + left_w / 2, y + 1.5, 40)

    right_x, right_w = 140.0, 140.0
    y = _centered(pdf, right_x, 20, right_w, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "serif", "B", 12)
    y = _centered(pdf, right_x, y + 0.5, right_w, "Độc lập - Tự do - Hạnh phúc", "serif", "B", 13)
    pdf.set_font("serif", "B", 13)
    _rule(pdf, right_x + right_w / 2, y + 1.5, pdf.get_string_width("Độc lập - Tự do - Hạnh phúc"))


def _body(pdf: FPDF, cert: CertificateFacts) -> None:
    x, w = 25.0, PAGE_W - 50
    pdf.set_text_color(*RED)
    y = _centered(pdf, x, 50, w, "GIẤY CHỨNG NHẬN", "serif", "B", 36)
    pdf.set_text_color(*INK)
    y = _centered(pdf, x, y + 5, w, "Chứng nhận", "serif", "", 15)
    pdf.set_text_color(*NAVY)
    y = _centered(pdf, x, y + 2, w, cert.person_name, "serif", "B", 30, min_size=18, max_lines=1,
                  line_height=1.2)
    pdf.set_text_color(*INK)
    y = _centered(pdf, x, y + 4, w, cert.title, "serif", "B", 17, min_size=12, max_lines=2)
    if cert.description:
        _centered(pdf, x + 15, y + 2, w - 30, cert.description, "serif", "", 13, min_size=10,
                  max_lines=3)


def _qr_block(pdf: FPDF, cert: CertificateFacts) -> None:
    png = io.BytesIO(qr.png(cert.qr_text))
    size = 42.0
    x, y = 20.0, PAGE_H - 20 - size
    pdf.image(png, x=x, y=y, w=size, h=size)

    text_x, text_w = x + size + 3, 100.0
    pdf.set_text_color(*INK)
    pdf.set_font("serif", "", 9.5)
    pdf.set_xy(text_x, y + 8)
    pdf.multi_cell(text_w, 5, "Mã chứng nhận:", align="L")
    pdf.set_font("serif", "B", 12)
    pdf.set_x(text_x)
    pdf.multi_cell(text_w, 6, cert.code, align="L")
    pdf.set_font("serif", "", 9.5)
    for line in ("Kiểm tra tại:", cert.verify_url):
        pdf.set_x(text_x)
        pdf.multi_cell(text_w, 4.5, line, align="L")
    if cert.expires_on:
        pdf.set_x(text_x)
        pdf.multi_cell(text_w, 4.5, f"Hết hiệu lực từ {vietnamese_date(cert.expires_on)}.",
                       align="L")


def _signer_block(pdf: FPDF, cert: CertificateFacts) -> None:
    x, w = 170.0, 110.0
    pdf.set_text_color(*INK)
    y = _centered(pdf, x, 138, w, vietnamese_date(cert.issued_on).capitalize(), "serif", "", 13)
    y = _centered(pdf, x, y + 1, w, cert.signer_title.upper(), "serif", "B", 13, min_size=10,
                  max_lines=2)
    _centered(pdf, x, max(y + 22, 175), w, cert.signer_name, "serif", "B", 14, min_size=11,
              max_lines=1)
