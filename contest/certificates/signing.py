"""The PAdES signature on a certificate PDF, made and checked with pyHanko.

The province signs with its signing certificate (a PKCS#12 file, or PEM key and certificate,
whose path and passphrase the caller reads from the environment). The demo has none, so
``make_self_signed`` creates one on first run.

Key type of the self-signed certificate: RSA 2048. Vietnam's public CAs issue document-signing
certificates with RSA 2048 keys, so the demo signs the way the province's real certificate will,
and every PDF reader checks it (some still refuse ECDSA). Its cost is small here: an RSA 2048
signature takes ~1 ms against tens of ms to draw the PDF.

Signatures are PAdES baseline B-B (``/ETSI.CAdES.detached``): no timestamp authority is asked,
so signing works offline and fast; the signing time is the signer's claim.
"""

from __future__ import annotations

import asyncio
import io
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from asn1crypto import pkcs12 as asn1_pkcs12
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.keys.internal import (
    translate_pyca_cryptography_cert_to_asn1,
    translate_pyca_cryptography_key_to_asn1,
)
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.general import get_pyca_cryptography_hash
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from contest.core.errors import DomainError
from contest.core.i18n import N_

#: How long the demo's self-signed certificate lasts.
SELF_SIGNED_VALIDITY = timedelta(days=3650)


class SigningKeyError(DomainError):
    """The signing key or certificate cannot be used (missing file, wrong passphrase, ...)."""


@dataclass(frozen=True)
class SigningIdentity:
    """A private key with its certificate, ready to sign PDFs."""

    certificate: x509.Certificate
    signer: signers.SimpleSigner

    @property
    def common_name(self) -> str:
        names = self.certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        return str(names[0].value) if names else self.certificate.subject.rfc4514_string()

    @classmethod
    def load(cls, path: str | Path, passphrase: str | bytes | None,
             cert_path: str | Path | None = None) -> SigningIdentity:
        """Load a PKCS#12 file (``.p12``/``.pfx``), or a PEM private key whose certificate is in
        the same file or in ``cert_path``. Refusals are ``SigningKeyError`` in Vietnamese."""
        path = Path(path)
        data = _read(path)
        secret = passphrase.encode() if isinstance(passphrase, str) else passphrase
        if b"-----BEGIN" in data:
            key = _pem_key(path, data, secret)
            certificates = _pem_certificates(path, data if cert_path is None else _read(Path(cert_path)))
        else:
            key, certificates = _pkcs12(path, data, secret)
        mine = [c for c in certificates if _same_public_key(key, c)]
        if not mine:
            raise SigningKeyError(N_("Khóa bí mật và chứng thư số trong %(path)s không khớp nhau."),
                                  path=str(path))
        return cls._of(key, mine[0], [c for c in certificates if c is not mine[0]])

    @classmethod
    def _of(cls, key, certificate: x509.Certificate,
            chain: list[x509.Certificate] = ()) -> SigningIdentity:
        """The chain (intermediate CAs) goes into each signature so readers can build the path."""
        registry = SimpleCertificateStore()
        registry.register_multiple([translate_pyca_cryptography_cert_to_asn1(c) for c in chain])
        signer = _LoadedKeySigner(
            key,
            signing_cert=translate_pyca_cryptography_cert_to_asn1(certificate),
            signing_key=translate_pyca_cryptography_key_to_asn1(key),
            cert_registry=registry,
        )
        return cls(certificate=certificate, signer=signer)

    @property
    def signature_size(self) -> int:
        """Bytes to reserve for the signature: the certificates it carries plus a generous
        margin for the signed attributes and an RSA 4096 value. Fixing it spares pyHanko a
        trial signature per PDF."""
        certificates = [self.signer.signing_cert, *self.signer.cert_registry]
        size = 4096 + sum(len(c.dump()) for c in certificates)
        return size + size % 2  # pyHanko wants an even number


class _LoadedKeySigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner parses its private key again for every signature (twice a PDF:
    once to size the signature), and checking an RSA key costs ~40 ms. This one signs with the
    key already loaded; mechanisms other than RSA PKCS#1 v1.5 and ECDSA go the usual way."""

    def __init__(self, key, **kwargs):
        super().__init__(**kwargs)
        self._key = key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        hash_algorithm = get_pyca_cryptography_hash(digest_algorithm)
        if mechanism == "rsassa_pkcs1v15" and isinstance(self._key, rsa.RSAPrivateKey):
            return self._key.sign(data, padding.PKCS1v15(), hash_algorithm)
        if mechanism == "ecdsa" and isinstance(self._key, ec.EllipticCurvePrivateKey):
            return self._key.sign(data, ec.ECDSA(hash_algorithm))
        return super().sign_raw(data, digest_algorithm)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise SigningKeyError(N_("Không tìm thấy tệp khóa ký số: %(path)s."), path=str(path)) from None
    except OSError as error:
        raise SigningKeyError(N_("Không đọc được tệp khóa ký số %(path)s: %(reason)s."),
                              path=str(path), reason=error.strerror or str(error)) from None


def _wrong_passphrase(path: Path) -> SigningKeyError:
    return SigningKeyError(
        N_("Sai mật khẩu (hoặc thiếu mật khẩu) của khóa ký số %(path)s."), path=str(path))


def _not_a_key(path: Path) -> SigningKeyError:
    return SigningKeyError(
        N_("Tệp %(path)s không phải khóa ký số dạng PKCS#12 (.p12, .pfx) hay PEM."), path=str(path))


def _pem_key(path: Path, data: bytes, secret: bytes | None):
    try:
        return serialization.load_pem_private_key(data, password=secret)
    except TypeError:  # encrypted without a passphrase, or a passphrase for a clear key
        if secret is None:
            raise _wrong_passphrase(path) from None
        return serialization.load_pem_private_key(data, password=None)
    except ValueError:
        if b"ENCRYPTED" in data:
            raise _wrong_passphrase(path) from None
        raise _not_a_key(path) from None


def _pem_certificates(path: Path, data: bytes) -> list[x509.Certificate]:
    try:
        return x509.load_pem_x509_certificates(data)
    except ValueError:
        raise SigningKeyError(N_("Không tìm thấy chứng thư số đi kèm khóa ký số %(path)s."),
                              path=str(path)) from None


def _pkcs12(path: Path, data: bytes, secret: bytes | None):
    try:
        key, certificate, chain = pkcs12.load_key_and_certificates(data, secret)
    except (ValueError, TypeError):
        # cryptography gives one error for both; a file that parses as PKCS#12 has a wrong passphrase.
        try:
            asn1_pkcs12.Pfx.load(data).native  # noqa: B018 - parse the whole structure
        except ValueError:
            raise _not_a_key(path) from None
        raise _wrong_passphrase(path) from None
    if key is None or certificate is None:
        raise SigningKeyError(N_("Tệp %(path)s thiếu khóa bí mật hoặc chứng thư số."), path=str(path))
    return key, [certificate, *chain]


def _same_public_key(key, certificate: x509.Certificate) -> bool:
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    der = serialization.Encoding.DER
    return key.public_key().public_bytes(der, spki) == certificate.public_key().public_bytes(der, spki)


def make_self_signed(path: str | Path, passphrase: str | bytes, common_name: str,
                     now: datetime) -> SigningIdentity:
    """Create the demo's signing certificate: an RSA 2048 key and a self-signed certificate for
    document signing, valid ten years from ``now``, written to ``path`` as a PKCS#12 file
    (readable by its owner only) protected by ``passphrase``. Never overwrites a file."""
    path = Path(path)
    if path.exists():
        raise SigningKeyError(N_("Đã có tệp khóa ký số %(path)s; không ghi đè."), path=str(path))
    secret = passphrase.encode() if isinstance(passphrase, str) else passphrase
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])
    public_key = key.public_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))  # clocks of other machines drift
        .not_valid_after(now + SELF_SIGNED_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .sign(key, hashes.SHA256())
    )
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(100_000)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(secret)
    )
    data = pkcs12.serialize_key_and_certificates(
        common_name.encode(), key, certificate, None, encryption)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    return SigningIdentity._of(key, certificate)


def sign_pdf(pdf_bytes: bytes, identity: SigningIdentity, reason: str, location: str) -> bytes:
    """The PDF with a PAdES baseline (B-B) signature by ``identity`` appended as an incremental
    update (an invisible signature field; readers list it in their signature panel)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes))
    metadata = signers.PdfSignatureMetadata(
        field_name="Signature",
        reason=reason,
        location=location,
        name=identity.common_name,
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
    )
    signer = signers.PdfSigner(metadata, signer=identity.signer)
    output = _outside_event_loop(signer.sign_pdf, writer, bytes_reserved=identity.signature_size)
    return output.getvalue()


def _outside_event_loop(function, *args, **kwargs):
    """Call one of pyHanko's synchronous functions. They start their own event loop
    (``asyncio.run``), which Python refuses where a loop is already running in this thread (an
    async caller; Playwright's sync API in the browser tests); there they run in a thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


@dataclass(frozen=True)
class SignatureCheck:
    """What a signature check found; ``valid`` is the verdict to show."""

    #: The signed bytes are unchanged (the digest matches).
    intact: bool
    #: Intact, cryptographically sound, made by the trusted certificate, nothing added after.
    valid: bool
    #: The signer certificate's common name, when a signature was found.
    signer: str | None
    #: The signing time the signer claims (no timestamp authority is used).
    signed_at: datetime | None
    #: Why not valid (``N_``-marked Vietnamese), or None when valid.
    problem: str | None = None


def validate_pdf(pdf_bytes: bytes, trusted_cert: x509.Certificate) -> SignatureCheck:
    """Check every signature in the PDF with ``trusted_cert`` as the only trust root, offline
    (no revocation fetching). Valid only when there is at least one signature and each is
    intact, sound, trusted and covers the document up to its last allowed change."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes))
        embedded = reader.embedded_signatures
    except (PdfError, ValueError, KeyError, TypeError):
        return SignatureCheck(False, False, None, None, N_("Tệp không đọc được như một tệp PDF."))
    if not embedded:
        return SignatureCheck(False, False, None, None, N_("Tệp PDF không có chữ ký số."))
    root = asn1_x509.Certificate.load(trusted_cert.public_bytes(serialization.Encoding.DER))
    context = ValidationContext(trust_roots=[root], allow_fetching=False)
    intact = valid = True
    signer = signed_at = problem = None
    for signature in embedded:
        try:
            status = _outside_event_loop(
                validate_pdf_signature, signature, signer_validation_context=context)
        except (PdfError, ValueError, KeyError, TypeError):  # pyHanko's errors are ValueErrors
            return SignatureCheck(False, False, signer, signed_at,
                                  N_("Chữ ký số trong tệp bị hỏng, không kiểm tra được."))
        signer = signer or status.signing_cert.subject.native.get("common_name")
        signed_at = signed_at or status.signer_reported_dt
        if not status.intact:
            intact = valid = False
            problem = problem or N_("Nội dung tệp đã bị thay đổi sau khi ký.")
        elif not status.valid:
            valid = False
            problem = problem or N_("Chữ ký số không hợp lệ.")
        elif not status.trusted:
            valid = False
            problem = problem or N_("Chữ ký số không phải của đơn vị cấp giấy chứng nhận.")
        elif not status.bottom_line:
            valid = False
            problem = problem or N_("Tệp đã bị sửa đổi sau khi ký theo cách không được phép.")
    return SignatureCheck(intact, valid, signer, signed_at, problem)
