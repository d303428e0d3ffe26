"""The credential attached to the certificate PDF: the QR's credential is read back from the file
(signed or not) without decoding the QR image, and a file without one is refused in Vietnamese."""

from datetime import UTC, datetime

import pytest
from fpdf import FPDF

from contest.certificates.pdf import credential_of, render
from contest.certificates.pdf_reading import PdfReadError, embedded_credential, is_pdf
from contest.certificates.signing import make_self_signed, sign_pdf
from tests.unit.test_certificate_pdf import CREDENTIAL, VERIFY_URL, make_facts


def test_the_credential_after_the_hash_of_the_qr_text_is_attached():
    drawn = render(make_facts(qr_text=f"{VERIFY_URL}#{CREDENTIAL}"))
    assert embedded_credential(drawn) == CREDENTIAL


def test_a_qr_carrying_the_bare_credential_attaches_it_as_is():
    assert embedded_credential(render(make_facts(qr_text=CREDENTIAL))) == CREDENTIAL


def test_the_attachment_survives_the_signature(tmp_path):
    identity = make_self_signed(tmp_path / "p.p12", "pw", "Thử", datetime(2026, 12, 6, tzinfo=UTC))
    signed = sign_pdf(render(make_facts(qr_text=f"{VERIFY_URL}#{CREDENTIAL}")), identity, "r", "l")
    assert embedded_credential(signed) == CREDENTIAL


def test_rendering_with_the_attachment_stays_deterministic():
    facts = make_facts(qr_text=f"{VERIFY_URL}#{CREDENTIAL}")
    assert render(facts) == render(facts)


def test_credential_of():
    assert credential_of(f"{VERIFY_URL}#{CREDENTIAL}") == CREDENTIAL
    assert credential_of(CREDENTIAL) == CREDENTIAL


def _plain_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    return bytes(pdf.output())


@pytest.mark.parametrize("data, message", [
    (b"hello", "không đọc được"),
    (b"%PDF-1.7\n%broken", "không đọc được"),
    (_plain_pdf(), "không mang chứng nhận số"),
], ids=["not-a-pdf", "broken-pdf", "no-attachment"])
def test_a_file_without_a_readable_credential_is_refused(data, message):
    with pytest.raises(PdfReadError) as refused:
        embedded_credential(data)
    assert message in refused.value.message % refused.value.params


def test_is_pdf():
    assert is_pdf(_plain_pdf()) and not is_pdf(b"eyJhbGciOi.x.y")
