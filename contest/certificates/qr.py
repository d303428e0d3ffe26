"""The QR code of a certificate, drawn with zxing-cpp's encoder.

A certificate's QR carries its signed credential (about 1,100 characters: QR version 28, 129
modules a side, error correction level M). segno, which draws the small check-in codes, is pure
Python and takes ~180 ms for a code this size (Reed-Solomon and the choice of mask); zxing-cpp's
C++ encoder takes ~3 ms, and a thousand certificates must be drawn within a minute.
"""

from __future__ import annotations

import base64
import io

import zxingcpp
from PIL import Image

#: Quiet zone in modules on each side (the standard asks for 4).
QUIET_ZONE = 4


def modules(text: str) -> Image.Image:
    """The code as a 1-bit image, one pixel a module, with its quiet zone."""
    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = Image.fromarray(code.to_image(scale=1, add_quiet_zones=False)).convert("1")
    framed = Image.new("1", (image.width + 2 * QUIET_ZONE, image.height + 2 * QUIET_ZONE), 1)
    framed.paste(image, (QUIET_ZONE, QUIET_ZONE))
    return framed


def png(text: str, scale: int = 4) -> bytes:
    """The code as a PNG, ``scale`` pixels a module (sharp edges: no smoothing)."""
    image = modules(text)
    image = image.resize((image.width * scale, image.height * scale), Image.NEAREST)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def data_uri(text: str, scale: int = 4) -> str:
    """The PNG as a ``data:`` URI, for the certificate's web page (a few KB; the page's policy
    allows ``data:`` images)."""
    return "data:image/png;base64," + base64.b64encode(png(text, scale)).decode("ascii")
