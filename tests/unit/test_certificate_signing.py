"""The PAdES signature: a signed certificate validates; one changed byte, another signer, a wrong
passphrase or a missing key file are each refused clearly."""

import time
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives import serialization

from contest.certificates.pdf import render
from contest.certificates.signing import (
    SigningIdentity,
    SigningKeyError,
    make_self_signed,
    sign_pdf,
    validate_pdf,
)
from tests.unit.test_certificate_pdf import make_facts

NOW = datetime(2026, 12, 6, 8, 30, tzinfo=UTC)
PASSPHRASE = "mật khẩu ký số"
SIGNER = "Sở Nội vụ tỉnh Quảng Trị (thử nghiệm)"


@pytest.fixture(scope="module")
def key_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("signing") / "province.p12"
    make_self_signed(path, PASSPHRASE, SIGNER, NOW)
    return path


@pytest.fixture(scope="module")
def identity(key_file):
    return SigningIdentity.load(key_file, PASSPHRASE)


@pytest.fixture(scope="module")
def signed_pdf(identity):
    return sign_pdf(render(make_facts()), identity, "Cấp giấy chứng nhận", "Quảng Trị")


def test_a_signed_pdf_validates_as_intact_and_valid(signed_pdf, identity):
    check = validate_pdf(signed_pdf, identity.certificate)
    assert (check.intact, check.valid, check.problem) == (True, True, None)
    assert check.signer == SIGNER
    assert check.signed_at is not None


def test_the_signature_is_pades(signed_pdf):
    assert b"/ETSI.CAdES.detached" in signed_pdf


def test_changing_one_signed_byte_breaks_the_signature(signed_pdf, identity):
    at = signed_pdf.index(b"stream\n") + 40  # inside the first stream of the original document
    assert at < signed_pdf.index(b"/ByteRange")
    tampered = signed_pdf[:at] + bytes([signed_pdf[at] ^ 0x01]) + signed_pdf[at + 1:]
    check = validate_pdf(tampered, identity.certificate)
    assert (check.intact, check.valid) == (False, False)
    assert check.problem == "Nội dung tệp đã bị thay đổi sau khi ký."


def test_a_signature_by_another_certificate_is_not_valid(signed_pdf, tmp_path):
    other = make_self_signed(tmp_path / "other.p12", "khác", "Đơn vị khác", NOW)
    check = validate_pdf(signed_pdf, other.certificate)
    assert (check.intact, check.valid) == (True, False)


def test_an_unsigned_pdf_is_not_valid(identity):
    check = validate_pdf(render(make_facts()), identity.certificate)
    assert (check.valid, check.problem) == (False, "Tệp PDF không có chữ ký số.")


def test_a_wrong_passphrase_is_refused_in_vietnamese(key_file):
    with pytest.raises(SigningKeyError) as refused:
        SigningIdentity.load(key_file, "sai mật khẩu")
    assert refused.value.message.startswith("Sai mật khẩu")
    assert refused.value.params == {"path": str(key_file)}


def test_a_missing_key_file_is_refused_in_vietnamese(tmp_path):
    with pytest.raises(SigningKeyError) as refused:
        SigningIdentity.load(tmp_path / "none.p12", PASSPHRASE)
    assert refused.value.message.startswith("Không tìm thấy tệp khóa ký số")


def test_a_file_that_is_no_key_is_refused(tmp_path):
    path = tmp_path / "notes.p12"
    path.write_bytes(b"not a key at all")
    with pytest.raises(SigningKeyError) as refused:
        SigningIdentity.load(path, PASSPHRASE)
    assert "không phải khóa ký số" in refused.value.message


def test_the_self_signed_identity_round_trips(key_file, identity, tmp_path):
    made = make_self_signed(tmp_path / "fresh.p12", PASSPHRASE, SIGNER, NOW)
    loaded = SigningIdentity.load(tmp_path / "fresh.p12", PASSPHRASE)
    assert loaded.certificate == made.certificate
    assert loaded.common_name == SIGNER
    assert loaded.certificate.not_valid_before_utc < NOW < loaded.certificate.not_valid_after_utc
    assert (tmp_path / "fresh.p12").stat().st_mode & 0o077 == 0
    signed = sign_pdf(render(make_facts()), loaded, "Cấp giấy chứng nhận", "Quảng Trị")
    assert validate_pdf(signed, made.certificate).valid


def test_make_self_signed_never_overwrites(key_file):
    with pytest.raises(SigningKeyError):
        make_self_signed(key_file, PASSPHRASE, SIGNER, NOW)


def test_a_pem_key_and_certificate_load_with_their_passphrase(tmp_path, identity, key_file):
    from cryptography.hazmat.primitives.serialization import pkcs12

    key, certificate, _ = pkcs12.load_key_and_certificates(key_file.read_bytes(), PASSPHRASE.encode())
    key_path, cert_path = tmp_path / "key.pem", tmp_path / "cert.pem"
    key_path.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(PASSPHRASE.encode())))
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    loaded = SigningIdentity.load(key_path, PASSPHRASE, cert_path=cert_path)
    assert loaded.certificate == identity.certificate
    with pytest.raises(SigningKeyError) as refused:
        SigningIdentity.load(key_path, "sai", cert_path=cert_path)
    assert refused.value.message.startswith("Sai mật khẩu")


def test_rendering_and_signing_50_certificates(identity, capsys):
    """A measure, not a limit: the issue's target is 1,000 signed certificates in 60 s on 2 cores
    (about 120 ms a PDF on one core)."""
    facts = [make_facts(code=f"K7QM-3XPA-9HTW-{n:04d}") for n in range(50)]
    started = time.perf_counter()
    pdfs = [render(f) for f in facts]
    rendered = time.perf_counter()
    signed = [sign_pdf(pdf, identity, "Cấp giấy chứng nhận", "Quảng Trị") for pdf in pdfs]
    finished = time.perf_counter()
    assert len(signed) == 50
    with capsys.disabled():
        print(f"\ncertificates: render {(rendered - started) / 50 * 1000:.1f} ms, "
              f"sign {(finished - rendered) / 50 * 1000:.1f} ms, "
              f"render+sign {(finished - started) / 50 * 1000:.1f} ms per PDF")


def test_signing_and_checking_work_inside_a_running_event_loop(identity):
    """pyHanko starts its own event loop; an async caller (or Playwright's sync API in the
    browser tests) already runs one in the thread. A fresh thread gets a loop of its own."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    async def inside():
        signed = sign_pdf(render(make_facts()), identity, "Cấp giấy chứng nhận", "Quảng Trị")
        return validate_pdf(signed, identity.certificate)

    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(asyncio.run, inside()).result().valid
