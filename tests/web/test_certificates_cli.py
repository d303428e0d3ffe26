"""``flask certificates ...``: verify a PDF, the QR's text or the bare credential offline (no
database), refuse a tampered or foreign credential and a revoked one given the status list;
list, export, and issue what is due."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
import zxingcpp
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pypdf import PdfReader

from contest.accounts.models import Role
from contest.certificates import credential
from contest.certificates.province import issuing_context
from contest.certificates.services import documents
from contest.core.db import utcnow
from tests.support.certificates import issue_certificate

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield issuing_context()


@pytest.fixture
def cert(session, factory, ctx):
    return issue_certificate(session, factory, ctx, name="Lê Thị Mai")


def run(runner, *args):
    return runner.invoke(args=["certificates", *map(str, args)])


def verdict(result) -> dict:
    return json.loads(result.stdout)


@pytest.fixture
def exported(runner, cert, tmp_path) -> Path:
    path = tmp_path / "giay.pdf"
    result = run(runner, "export", cert.code.lower(), "-o", path)
    assert result.exit_code == 0, result.output
    return path


def test_an_exported_pdf_verifies_with_its_signature(runner, cert, exported):
    result = run(runner, "verify", exported, "--json")
    assert result.exit_code == 0, result.output
    answer = verdict(result)
    assert answer["valid"] is True and answer["problem"] is None
    assert answer["facts"]["code"] == cert.code and answer["facts"]["person_name"] == "Lê Thị Mai"
    assert answer["pdf_signature"]["checked"] and answer["pdf_signature"]["valid"]


def test_the_text_mode_prints_valid_first(runner, exported):
    result = run(runner, "verify", exported)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "valid"
    assert "Lê Thị Mai" in result.stdout


def test_the_qr_text_as_an_argument_or_in_a_file_and_the_bare_token(runner, cert, ctx, tmp_path):
    qr_text = documents.qr_text(cert, ctx)
    saved = tmp_path / "qr.txt"
    saved.write_text(qr_text + "\n")
    for source in (qr_text, saved, cert.token):
        result = run(runner, "verify", source, "--json")
        assert result.exit_code == 0, (source, result.output)
        assert verdict(result)["valid"] is True and "pdf_signature" not in verdict(result)


def test_a_pdf_whose_page_was_edited_is_refused_by_its_signature(runner, exported, tmp_path):
    data = bytearray(exported.read_bytes())
    at = data.index(b"stream", data.index(b"/Subtype /Image")) + 20
    data[at] ^= 0x01  # one byte of the QR's picture: the file still reads, the page changed
    edited = tmp_path / "edited.pdf"
    edited.write_bytes(bytes(data))
    result = run(runner, "verify", edited, "--json")
    assert result.exit_code == 1
    answer = verdict(result)
    assert answer["valid"] is True  # the credential itself is untouched...
    assert answer["pdf_signature"]["valid"] is False  # ...but the page is not what was signed


def test_a_pdf_without_a_credential_is_refused_in_vietnamese(runner, tmp_path):
    from fpdf import FPDF

    plain = FPDF()
    plain.add_page()
    path = tmp_path / "khac.pdf"
    path.write_bytes(bytes(plain.output()))
    as_text = run(runner, "verify", path)
    assert as_text.exit_code == 1 and "không mang chứng nhận số" in as_text.output
    as_json = run(runner, "verify", path, "--json")
    assert as_json.exit_code == 1 and verdict(as_json)["problem"] == "unreadable_pdf"


def test_a_tampered_token_is_a_bad_signature(runner, cert):
    header, payload, signature = cert.token.split(".")
    flipped = payload[:40] + ("A" if payload[40] != "A" else "B") + payload[41:]
    result = run(runner, "verify", f"{header}.{flipped}.{signature}", "--json")
    assert result.exit_code == 1
    assert verdict(result)["problem"] == "bad_signature"
    assert "nội dung chứng nhận đã bị thay đổi" in verdict(result)["message"]


def test_a_token_signed_by_another_key_is_refused(runner, cert, ctx):
    facts = credential.verify(cert.token, ctx.keys.public_keys, datetime.now(UTC)).facts
    forged = credential.issue(facts, Ed25519PrivateKey.generate(), ctx.issuer, datetime.now(UTC))
    result = run(runner, "verify", forged)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == "other_key"


def test_a_revoked_certificate_is_reported_given_the_status_list(runner, web, session, factory, cert, tmp_path):
    documents.revoke(session, cert, factory.user(role=Role.admin).id, "Cấp nhầm", utcnow())
    factory.commit()
    status_list = tmp_path / "status-list.jwt"
    status_list.write_bytes(web.client.get("/certificates/status-list").data)
    assert run(runner, "verify", cert.token).exit_code == 0  # without the list nobody knows
    result = run(runner, "verify", cert.token, "--status-list", status_list, "--json")
    assert result.exit_code == 1
    assert verdict(result)["problem"] == "revoked"


def test_an_expired_certificate_is_reported_as_of_now(runner, cert):
    result = run(runner, "verify", cert.token, "--now", "1999-01-01T00:00:00Z")
    assert result.exit_code == 1 and result.stdout.splitlines()[0] == "not_yet_valid"


def test_the_jwks_saved_from_the_site_verifies_a_pdf_and_its_signing_certificate(
        runner, web, exported, tmp_path):
    jwks = tmp_path / "jwks.json"
    jwks.write_bytes(web.client.get("/.well-known/jwks.json").data)
    pem = tmp_path / "signing.pem"
    pem.write_bytes(web.client.get("/certificates/signing-certificate.pem").data)
    alone = verdict(run(runner, "verify", exported, "--keys", jwks, "--json"))
    assert alone["valid"] and alone["pdf_signature"]["checked"] is False
    both = run(runner, "verify", exported, "--keys", jwks, "--signing-cert", pem, "--json")
    assert both.exit_code == 0 and verdict(both)["pdf_signature"]["valid"] is True


def test_a_jwks_without_the_key_says_other_key(runner, cert, tmp_path):
    from contest.certificates import keys

    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps(keys.jwks([Ed25519PrivateKey.generate()])))
    result = run(runner, "verify", cert.token, "--keys", jwks, "--json")
    assert result.exit_code == 1 and verdict(result)["problem"] == "other_key"


def test_verify_needs_no_database(app, web, cert, ctx, tmp_path):
    """A committee's laptop: the app's files, no database (DATABASE_URL points nowhere)."""
    jwks = tmp_path / "jwks.json"
    jwks.write_bytes(web.client.get("/.well-known/jwks.json").data)
    env = {**os.environ, "APP_ENV": "development", "SECRET_KEY": "x" * 32,
           "DATABASE_URL": f"sqlite:///{tmp_path / 'none.sqlite3'}",
           "CERT_DIR": str(app.config["CERT_DIR"])}
    env.pop("TEST_DATABASE_URL", None)
    for extra in ([], ["--keys", str(jwks)]):
        done = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", "certificates", "verify",
             documents.qr_text(cert, ctx), "--json", *extra],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        assert json.loads(done.stdout)["valid"] is True
    assert not (tmp_path / "none.sqlite3").exists()  # SQLite makes the file on first connect


def test_the_qr_image_of_an_exported_pdf_decodes_to_a_credential_that_verifies(runner, cert, exported):
    [image] = PdfReader(io.BytesIO(exported.read_bytes())).pages[0].images
    [barcode] = zxingcpp.read_barcodes(image.image)
    assert barcode.text.endswith("#" + cert.token)
    result = run(runner, "verify", barcode.text, "--json")
    assert result.exit_code == 0 and verdict(result)["facts"]["code"] == cert.code


def test_list_prints_every_certificate_with_its_status(runner, session, factory, ctx, cert):
    other = issue_certificate(session, factory, ctx, name="Phạm Văn Nam")
    documents.revoke(session, other, factory.user(role=Role.admin).id, "Sai tên", utcnow())
    factory.commit()
    result = run(runner, "list", "--json")
    assert result.exit_code == 0, result.output
    rows = {row["code"]: row for row in json.loads(result.stdout)}
    assert rows[cert.code]["person"] == "Lê Thị Mai" and rows[cert.code]["status"] == "valid"
    assert rows[other.code]["status"] == "revoked" and "Chuyển đổi số" in rows[other.code]["what"]
    text = run(runner, "list").stdout
    assert cert.code in text and "Phạm Văn Nam" in text


def test_export_of_an_unknown_code_is_refused_in_vietnamese(runner, tmp_path):
    result = run(runner, "export", "K7QM3X-9HTWR2-DFPA5C", "-o", tmp_path / "x.pdf")
    assert result.exit_code == 1
    assert "Không có giấy chứng nhận mã" in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_issue_due_issues_what_was_earned_while_the_keys_were_missing(app, runner, session, factory,
                                                                       monkeypatch):
    from tests.web.test_certificates_issuing import _complete, _course

    course, item = _course(session, factory)
    with monkeypatch.context() as without_keys:
        without_keys.delitem(app.extensions, "certificate_keys", raising=False)
        without_keys.setitem(app.config, "CERT_DEMO_KEYS", False)
        with app.app_context():
            _complete(session, factory, course, item)
        factory.commit()
        assert "Chưa cấu hình" in run(runner, "issue-due").output
    result = run(runner, "issue-due")
    assert result.exit_code == 0 and "Issued 1 certificate(s)." in result.stdout
    assert "Issued 0 certificate(s)." in run(runner, "issue-due").stdout
