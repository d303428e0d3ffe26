"""Issue 13's "done when", on the demo as ``flask seed-demo`` makes it: the demo official downloads
the course certificate; the PDF keeps its Vietnamese text and a valid signature; its QR, read from
the PDF's image, gives a credential the offline verify command accepts; the verify page says valid;
after an administrator revokes it both say revoked. The demo also holds the prize certificates of
the contest's past round."""

from __future__ import annotations

import io
import json
import re

import pytest
import zxingcpp
from pypdf import PdfReader
from sqlmodel import select

from contest.accounts.models import User
from contest.certificates import signing
from contest.certificates.models import Certificate, CertificateKind
from contest.certificates.province import issuing_context
from contest.demo import seed_all
from contest.exams.models import Prize, Round

DEMO_PASSWORD = "Demo@2026"


@pytest.fixture
def demo(app, session):
    with app.app_context():  # as the seed-demo command runs it: certificates are issued
        seed_all(session, DEMO_PASSWORD)
    session.commit()
    return session


def _user(session, email):
    return session.exec(select(User).where(User.email == email)).one()


def _verify(runner, *args):
    result = runner.invoke(args=["certificates", "verify", *map(str, args), "--json"])
    return result.exit_code, json.loads(result.stdout)


def test_the_demo_official_downloads_checks_and_loses_a_certificate(app, demo, web, runner, tmp_path):
    official = _user(demo, "congchuc@demo.vn")
    [course] = demo.exec(select(Certificate).where(Certificate.user_id == official.id,
                                                   Certificate.kind == CertificateKind.course)).all()
    web.login(official, DEMO_PASSWORD)
    assert f"/certificates/{course.code}.pdf" in web.get("/certificates").get_data(as_text=True)
    document = web.get(f"/certificates/{course.code}.pdf").data

    reader = PdfReader(io.BytesIO(document))
    text = reader.pages[0].extract_text()
    assert "GIẤY CHỨNG NHẬN" in text and official.full_name in text and course.code in text
    with app.app_context():
        context = issuing_context()
    assert signing.validate_pdf(document, context.keys.pdf_identity.certificate).valid

    [image] = reader.pages[0].images
    [scanned] = zxingcpp.read_barcodes(image.image)
    assert re.fullmatch(rf"{re.escape(context.verify_url(course.code))}#[\w.-]+", scanned.text)
    code, answer = _verify(runner, scanned.text)
    assert code == 0 and answer["valid"] and answer["facts"]["person_name"] == official.full_name
    saved = tmp_path / "giay-chung-nhan.pdf"
    saved.write_bytes(document)
    code, answer = _verify(runner, saved)
    assert code == 0 and answer["valid"] and answer["pdf_signature"]["valid"]

    assert "Còn hiệu lực" in web.get(f"/verify/{course.code}").get_data(as_text=True)

    admin = web.__class__(app.test_client())
    admin.login(_user(demo, "quantri@demo.vn"), DEMO_PASSWORD)
    response = admin.post(f"/certificates/{course.code}/revoke", {"reason": "Cấp nhầm lớp"})
    assert response.status_code in (200, 302)
    page = web.get(f"/verify/{course.code}").get_data(as_text=True)
    assert "Đã thu hồi" in page and "Cấp nhầm lớp" not in page  # the reason stays with staff
    status_list = tmp_path / "status-list.jwt"
    status_list.write_bytes(web.get("/certificates/status-list").data)
    code, answer = _verify(runner, scanned.text, "--status-list", status_list)
    assert code == 1 and answer["problem"] == "revoked"

    # The contest's past round closed with its prizes, each with its certificate.
    past = demo.exec(select(Round).where(Round.name == "Tuần 1")).one()
    prizes = demo.exec(select(Prize).where(Prize.round_id == past.id)).all()
    awarded = demo.exec(select(Certificate).where(Certificate.kind == CertificateKind.prize,
                                                  Certificate.round_id == past.id)).all()
    assert prizes and sorted(c.user_id for c in awarded) == sorted(p.user_id for p in prizes)
