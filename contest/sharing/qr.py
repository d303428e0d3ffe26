"""QR codes of share links, drawn with segno (a short link makes a small code: segno is quick
enough). The SVG is for screens, the PNG for posters and leaflets."""

from __future__ import annotations

import io

import segno

#: Pixels per module of the printable PNG: a link's code (about 37 modules with its quiet zone)
#: becomes ~900 pixels, 7.5 cm at 300 dpi, sharp at any poster size one prints it.
PRINT_SCALE = 24


def _code(link: str) -> segno.QRCode:
    return segno.make(link, error="q", micro=False)


def svg(link: str, title: str) -> bytes:
    """A standalone SVG document (scales to any size, black on white)."""
    buffer = io.BytesIO()
    _code(link).save(buffer, kind="svg", scale=8, border=4, dark="#000", light="#fff",
                     title=title, xmldecl=True, svgns=True)
    return buffer.getvalue()


def png(link: str) -> bytes:
    """A PNG for printing, ``PRINT_SCALE`` pixels a module, with the standard quiet zone."""
    buffer = io.BytesIO()
    _code(link).save(buffer, kind="png", scale=PRINT_SCALE, border=4, dark="#000", light="#fff")
    return buffer.getvalue()
