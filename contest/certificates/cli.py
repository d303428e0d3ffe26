"""``flask certificates ...``: verify a certificate offline, list and export them, issue what is due.

``verify`` never opens the database: it runs where only the files are (a committee's laptop with
a copy of the province's JWKS), and its answer is the same as the public verify page's.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import click
from cryptography import x509
from flask import current_app
from flask.cli import AppGroup
from flask_babel import gettext as _
from sqlmodel import select

from contest.certificates import checking, keys, pdf_reading, province
from contest.certificates.models import Certificate
from contest.certificates.services import documents, issuing
from contest.core import db
from contest.core.cli import committed
from contest.core.errors import DomainError
from contest.core.i18n import N_

certificates_cli = AppGroup("certificates", help="Certificates: verify, list, export, issue what is due.")

#: Longest file ``verify`` reads (a certificate PDF is ~60 KB).
MAX_INPUT_BYTES = 20 * 1024 * 1024


@contextmanager
def _refusals() -> Iterator[None]:
    """A ``DomainError`` ends the command with its Vietnamese message (exit status 1)."""
    try:
        yield
    except DomainError as err:
        raise click.ClickException(" ".join(_(text, **err.params) for text in err.texts())) from err


def _read_input(value: str) -> bytes | str:
    """FILE (a PDF, or a text file holding the QR's text or the credential), ``-`` for standard
    input, or else the text itself."""
    if value == "-":
        return sys.stdin.buffer.read(MAX_INPUT_BYTES)
    try:
        is_file = Path(value).is_file()
    except (OSError, ValueError):  # a credential is longer than any file name
        is_file = False
    if not is_file:
        return value
    if Path(value).stat().st_size > MAX_INPUT_BYTES:
        raise click.ClickException(_("Tệp %(path)s quá lớn.", path=value))
    return Path(value).read_bytes()


def _public_keys(jwks_file: Path | None):
    """The keys from a saved JWKS (``/.well-known/jwks.json``), else the deployment's keys."""
    if jwks_file is None:
        return province.province_keys(current_app).public_keys
    try:
        document = json.loads(jwks_file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise DomainError(N_("Tệp khóa công khai %(path)s không phải JSON."), path=str(jwks_file)) from None
    found = keys.keys_from_jwks(document)
    if not found:
        raise DomainError(N_("Tệp khóa công khai %(path)s không có khóa Ed25519 nào."), path=str(jwks_file))
    return found


def _signing_certificate(pem_file: Path | None, jwks_file: Path | None) -> x509.Certificate | None:
    """The PDF signing certificate: the saved one (``/certificates/signing-certificate.pem``),
    else the deployment's own when its keys are the ones used, else none (not checked)."""
    if pem_file is not None:
        data = pem_file.read_bytes()
        try:
            return (x509.load_pem_x509_certificate(data) if b"-----BEGIN" in data
                    else x509.load_der_x509_certificate(data))
        except ValueError:
            raise DomainError(N_("Tệp %(path)s không phải chứng thư số."), path=str(pem_file)) from None
    if jwks_file is None:
        return province.province_keys(current_app).pdf_identity.certificate
    return None


def _moment(text: str | None) -> datetime:
    if text is None:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"not an ISO date-time: {text}", param_hint="--now") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@certificates_cli.command("verify")
@click.argument("source")
@click.option("--json", "as_json", is_flag=True, help="Print the verification as JSON.")
@click.option("--keys", "jwks_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The province's public keys: a JWKS saved from /.well-known/jwks.json "
                   "(default: this deployment's keys).")
@click.option("--status-list", "status_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The signed status list saved from /certificates/status-list: a revoked "
                   "certificate is reported.")
@click.option("--signing-cert", "pem_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The PDF signing certificate saved from /certificates/signing-certificate.pem "
                   "(default: this deployment's, unless --keys is given).")
@click.option("--now", "now_text", default=None, help="Check as of this ISO date-time (default: now).")
def verify_command(source: str, as_json: bool, jwks_file: Path | None, status_file: Path | None,
                   pem_file: Path | None, now_text: str | None) -> None:
    """Verify a certificate offline, without the database: SOURCE is its PDF, a file holding
    the QR's text, or that text itself (https://…/verify/CODE#TOKEN, or the bare credential).
    Prints `valid` or the problem; exit status 0 when valid, 1 when not."""
    now = _moment(now_text)
    with _refusals():
        data = _read_input(source)
        public_keys = _public_keys(jwks_file)
        status_list = status_file.read_text(encoding="utf-8").strip() if status_file else None
        trusted = (_signing_certificate(pem_file, jwks_file)
                   if isinstance(data, bytes) and pdf_reading.is_pdf(data) else None)
        try:
            result = checking.check(data, public_keys, now, status_list, trusted)
        except pdf_reading.PdfReadError as unreadable:
            if not as_json:
                raise
            _print_unreadable(unreadable)
    if as_json:
        click.echo(json.dumps(result.as_dict(_), ensure_ascii=False, indent=1))
    else:
        _print_check(result)
    if not result.valid:
        raise click.exceptions.Exit(1)


def _print_unreadable(err: pdf_reading.PdfReadError) -> None:
    """``--json`` answers in JSON even for a PDF without a readable credential (exit status 1)."""
    click.echo(json.dumps({"valid": False, "problem": "unreadable_pdf", "message": _(err.message, **err.params),
                           "kid": None, "facts": None}, ensure_ascii=False, indent=1))
    raise click.exceptions.Exit(1)


def _print_check(result: checking.OfflineCheck) -> None:
    verification = result.verification
    if result.valid:
        click.echo("valid")
    else:
        click.echo(verification.problem.code if verification.problem else "bad_pdf_signature")
    click.echo(_(verification.message))
    facts = verification.facts
    if facts is not None:
        click.echo(f"{_('Mã')}: {facts.code}")
        click.echo(f"{_('Họ và tên')}: {facts.person_name}")
        click.echo(f"{_('Chứng nhận')}: {facts.achievement}")
        click.echo(f"{_('Ngày cấp')}: {facts.issued_at.date().isoformat()}")
        if facts.valid_until is not None:
            click.echo(f"{_('Hết hiệu lực từ')}: {facts.valid_until.date().isoformat()}")
    if result.is_pdf:
        signature = result.pdf_signature
        if signature is None:
            text = _(checking.NOT_CHECKED)
        elif signature.valid:
            text = _("hợp lệ, ký bởi %(signer)s", signer=signature.signer)
        else:
            text = _(signature.problem)
        click.echo(f"{_('Chữ ký số của tệp PDF')}: {text}")


@certificates_cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: one object per certificate.")
def list_command(as_json: bool) -> None:
    """Every certificate issued: code, person, what it certifies, status today (read-only)."""
    today = issuing.local_day(db.utcnow())
    rows = [{"code": c.code, "person": c.person_name, "what": c.title, "status": c.status(today).value,
             "issued_on": c.issued_on.isoformat(),
             "expires_on": c.expires_on.isoformat() if c.expires_on else None}
            for c in db.session().exec(select(Certificate).order_by(Certificate.issued_on, Certificate.id))]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for row in rows:
        click.echo(f"{row['code']}  {row['status']:<7}  {row['issued_on']}  {row['person']} — {row['what']}")


@certificates_cli.command("export")
@click.argument("code")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the signed PDF.")
def export_command(code: str, output: Path) -> None:
    """Write one certificate's signed PDF (CODE as printed, any case, dashes optional)."""
    with _refusals():
        certificate = documents.get_or_refuse(db.session(), code)
        data = documents.signed_pdf(certificate, province.issuing_context(current_app))
    output.write_bytes(data)
    click.echo(f"Wrote {output} ({len(data)} bytes), certificate {certificate.code}.")


@certificates_cli.command("issue-due")
@committed
def issue_due_command() -> None:
    """Issue every certificate earned and not issued yet (courses, assessments and prizes whose
    setting was switched on later, or earned while the keys were missing)."""
    issued = issuing.issue_due(db.session(), province.issuing_context(current_app), db.utcnow())
    click.echo(f"Issued {len(issued)} certificate(s).")
