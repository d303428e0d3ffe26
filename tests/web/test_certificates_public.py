"""The public side of certificates: anyone checks a code on /verify/<code> (valid, revoked with
its day, expired with its day; nothing personal beyond the name; unknown and malformed codes are
told apart in Vietnamese and only they count against the address's limit), and offline verifiers
fetch the province's keys, its status list and its signing certificate."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from cryptography.hazmat.primitives import hashes

from contest.accounts.models import Role
from contest.certificates import codes, credential, keys
from contest.certificates.province import issuing_context
from contest.certificates.services import documents
from contest.certificates.services.issuing import local_day
from contest.core.db import utcnow
from tests.support.certificates import issue_certificate


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield issuing_context()


@pytest.fixture
def cert(session, factory, ctx):
    return issue_certificate(session, factory, ctx, name="Trần Văn Bình", phone="0912345678",
                             email="binh.tran@example.vn")


@pytest.fixture
def without_keys(app, monkeypatch):
    """A production deployment whose keys are not configured."""
    monkeypatch.delitem(app.extensions, "certificate_keys", raising=False)
    monkeypatch.setitem(app.config, "CERT_DEMO_KEYS", False)


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def test_a_valid_certificate_states_its_facts_to_anyone(web, cert, ctx):
    response = web.get(f"/verify/{cert.code}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for shown in ("Trần Văn Bình", "Chuyển đổi số cơ bản", ctx.issuer.name, cert.code,
                  "Trung tâm Bồi dưỡng chính trị tỉnh", "Còn hiệu lực", _day(cert.issued_on)):
        assert shown in page
    # The test deployment signs with the demo's keys, and the page says so.
    assert "ký bằng chứng thư tự ký của bản demo" in page


def test_the_page_shows_nothing_personal_beyond_the_name(web, session, cert):
    from contest.accounts.models import Unit, User

    person = session.get(User, cert.user_id)
    unit = session.get(Unit, person.unit_id)
    parent = session.get(Unit, unit.parent_id)
    page = web.get(f"/verify/{cert.code}").get_data(as_text=True)
    for private in ("binh.tran@example.vn", "0912345678", unit.name, parent.name, "Khóa 2026"):
        assert private not in page


def test_a_code_typed_in_any_case_without_dashes_is_found(web, cert):
    typed = cert.code.lower().replace("-", "")
    assert web.get(f"/verify/{typed}").status_code == 200


def test_scanning_the_qr_opens_the_page_and_the_credential_stays_on_the_phone(web, cert, ctx):
    qr_text = documents.qr_text(cert, ctx)
    assert "#" in qr_text and qr_text.endswith(cert.token)
    response = web.client.get(qr_text)  # a browser never sends the part after "#"
    assert response.status_code == 200
    assert cert.token not in response.get_data(as_text=True)


def test_a_revoked_certificate_says_so_with_its_day_but_not_why(web, session, factory, cert):
    admin = factory.user(role=Role.admin)
    documents.revoke(session, cert, admin.id, "Cấp nhầm người nhận", utcnow())
    factory.commit()
    response = web.get(f"/verify/{cert.code}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Đã thu hồi" in page and "Còn hiệu lực" not in page
    assert _day(local_day(utcnow())) in page
    assert "Cấp nhầm người nhận" not in page


def test_an_expired_certificate_says_so_with_its_day(web, session, factory, ctx):
    today = date.today()
    old = issue_certificate(session, factory, ctx, issued_on=today - timedelta(days=800),
                            expires_on=today - timedelta(days=70))
    page = web.get(f"/verify/{old.code}").get_data(as_text=True)
    assert "Đã hết hạn" in page and _day(old.expires_on) in page and "Còn hiệu lực" not in page


def test_an_unknown_code_answers_404_in_vietnamese_with_the_form(web, cert):
    response = web.get(f"/verify/{codes.new_code()}")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Không có giấy chứng nhận nào mang mã này" in page
    assert 'action="/verify"' in page and 'name="code"' in page and 'method="get"' in page


@pytest.mark.parametrize("typed", ["ABC", "K7QM3X-9HTWR2-DFPA5", "U" * 18, "x" * 300])
def test_a_malformed_code_answers_404_saying_so(web, typed):
    response = web.get(f"/verify/{typed}")
    assert response.status_code == 404
    assert "không đúng định dạng" in response.get_data(as_text=True)


def test_a_code_with_one_wrong_character_is_malformed(web, cert):
    wrong = "Y" if cert.code[0] != "Y" else "Z"
    response = web.get(f"/verify/{wrong}{cert.code[1:]}")
    assert response.status_code == 404
    assert "không đúng định dạng" in response.get_data(as_text=True)


def test_the_form_sends_a_typed_code_to_its_page(web, cert):
    assert web.get("/verify").status_code == 200
    response = web.get("/verify", query_string={"code": " " + cert.code.lower().replace("-", " ") + " "})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/verify/{cert.code}"
    assert web.get("/verify", query_string={"code": "ABC"}).status_code == 404


def _client_at(app, address):
    from tests.conftest import WebClient

    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return WebClient(client)


def test_only_misses_count_against_the_address(app, monkeypatch, cert):
    monkeypatch.setitem(app.config, "VERIFY_MISSES_PER_ADDRESS", "3 per minute")
    probe = _client_at(app, "203.0.113.9")
    # A committee checking a pile of genuine certificates is never stopped.
    assert {probe.get(f"/verify/{cert.code}").status_code for _ in range(10)} == {200}
    misses = [probe.get(f"/verify/{codes.new_code()}").status_code for _ in range(4)]
    assert misses == [404, 404, 404, 429]
    assert "thử quá nhiều lần" in probe.get(f"/verify/{codes.new_code()}").get_data(as_text=True)
    # Another address is not held back.
    assert _client_at(app, "198.51.100.4").get(f"/verify/{cert.code}").status_code == 200


def test_the_jwks_verifies_a_certificate(web, cert, ctx):
    response = web.client.get("/.well-known/jwks.json")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.cache_control.public and response.cache_control.max_age == 3600
    published = keys.keys_from_jwks(response.get_json())
    assert credential.verify(cert.token, published, datetime.now(UTC)).valid


def test_the_status_list_reports_a_revocation(web, session, factory, cert):
    def fetch():
        response = web.client.get("/certificates/status-list")
        assert response.status_code == 200 and response.mimetype == "application/vc+jwt"
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert response.cache_control.public and response.cache_control.max_age == 300
        return response.get_data(as_text=True)

    published = keys.keys_from_jwks(web.client.get("/.well-known/jwks.json").get_json())
    now = datetime.now(UTC)
    assert credential.verify(cert.token, published, now, fetch()).valid
    documents.revoke(session, cert, factory.user(role=Role.admin).id, "Thu hồi thử", utcnow())
    factory.commit()
    assert credential.verify(cert.token, published, now, fetch()).problem == credential.Problem.REVOKED


def test_the_key_page_prints_the_fingerprints_and_links_the_files(web, ctx):
    response = web.get("/certificates/key")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert keys.fingerprint(ctx.keys.credential_key) in page
    assert keys.thumbprint(ctx.keys.credential_key) in page
    identity = ctx.keys.pdf_identity.certificate
    digest = identity.fingerprint(hashes.SHA256()).hex().upper()
    assert ":".join(digest[i:i + 2] for i in range(0, len(digest), 2)) in page
    assert ctx.public_url + "/.well-known/jwks.json" in page
    assert "flask --app wsgi certificates verify" in page and "/static/css/print." in page
    assert "chứng thư tự ký của bản demo" in page


def test_the_signing_certificate_downloads_as_pem(web, ctx):
    from cryptography import x509

    response = web.client.get("/certificates/signing-certificate.pem")
    assert response.status_code == 200
    assert x509.load_pem_x509_certificate(response.data) == ctx.keys.pdf_identity.certificate


def test_without_keys_the_machine_endpoints_answer_503_and_the_page_still_verifies(web, cert, without_keys):
    for url in ("/.well-known/jwks.json", "/certificates/status-list", "/certificates/signing-certificate.pem"):
        response = web.client.get(url)
        assert response.status_code == 503, url
        assert "Chưa cấu hình" in response.get_json()["message"]
    page = web.get("/certificates/key")
    assert page.status_code == 503 and "Chưa cấu hình" in page.get_data(as_text=True)
    verified = web.get(f"/verify/{cert.code}")
    assert verified.status_code == 200
    assert "Trần Văn Bình" in verified.get_data(as_text=True)
    assert "bản demo" not in verified.get_data(as_text=True)
