"""Reading the credential back from a certificate PDF, in pure Python (pyHanko's reader).

``pdf.render`` attaches the credential the QR carries as the file ``credential.jwt``; signing
appends an incremental update that keeps it. A verifier reads it from the document's name tree
of embedded files (``/Root /Names /EmbeddedFiles``; a tree may nest its entries under ``/Kids``)
and checks it like a scanned QR, without decoding the QR image. What it reads is untrusted text:
only the credential's own signature makes it the province's.
"""

from __future__ import annotations

import io

from pyhanko.pdf_utils.generic import ArrayObject, DictionaryObject
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader

from contest.certificates.pdf import CREDENTIAL_FILE
from contest.core.errors import DomainError
from contest.core.i18n import N_

#: Longest credential read (a certificate's is under 2 KB): a crafted PDF cannot fill memory.
MAX_CREDENTIAL_BYTES = 64 * 1024
#: Deepest name tree walked (a real one is one or two levels deep); a loop cannot recurse forever.
_MAX_DEPTH = 8


class PdfReadError(DomainError):
    """The file is not a PDF, or carries no credential."""


def is_pdf(data: bytes) -> bool:
    """A PDF starts with ``%PDF-`` (within its first KB, as readers allow)."""
    return b"%PDF-" in data[:1024]


def embedded_credential(pdf_bytes: bytes) -> str:
    """The text of the PDF's ``credential.jwt`` attachment; ``PdfReadError`` when the file is not
    a readable PDF or has no such attachment."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        names = reader.root.get("/Names")
        tree = names.get("/EmbeddedFiles") if isinstance(names, DictionaryObject) else None
        spec = _find(tree, CREDENTIAL_FILE, 0) if isinstance(tree, DictionaryObject) else None
        data = _file_data(spec) if spec is not None else None
    except (PdfError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        raise PdfReadError(N_("Tệp không đọc được như một tệp PDF.")) from None
    if data is None:
        raise PdfReadError(N_("Tệp PDF không mang chứng nhận số (không có tệp đính kèm %(name)s)."),
                           name=CREDENTIAL_FILE)
    try:
        return data.decode("ascii").strip()
    except UnicodeDecodeError:
        raise PdfReadError(N_("Tệp đính kèm %(name)s không phải chứng nhận số."),
                           name=CREDENTIAL_FILE) from None


def _find(node: DictionaryObject, wanted: str, depth: int) -> DictionaryObject | None:
    """The file specification named ``wanted`` in a name tree node (``/Names`` pairs, ``/Kids``)."""
    if depth > _MAX_DEPTH:
        return None
    pairs = node.get("/Names")
    if isinstance(pairs, ArrayObject):
        for index in range(0, len(pairs) - 1, 2):
            if str(pairs[index]) == wanted:
                spec = pairs[index + 1]
                spec = spec.get_object() if hasattr(spec, "get_object") else spec
                return spec if isinstance(spec, DictionaryObject) else None
    kids = node.get("/Kids")
    if isinstance(kids, ArrayObject):
        for kid in kids:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, DictionaryObject):
                found = _find(kid, wanted, depth + 1)
                if found is not None:
                    return found
    return None


def _file_data(spec: DictionaryObject) -> bytes | None:
    streams = spec.get("/EF")
    stream = streams.get("/F") if isinstance(streams, DictionaryObject) else None
    if stream is None:
        return None
    stream = stream.get_object() if hasattr(stream, "get_object") else stream
    length = stream.get("/Length", 0)
    if isinstance(length, int) and length > MAX_CREDENTIAL_BYTES:
        return None
    data = stream.data
    return data if len(data) <= MAX_CREDENTIAL_BYTES else None
