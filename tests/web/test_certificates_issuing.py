"""Issuing certificates: a completed course, a passed assessment and a contest prize each earn one
automatically (once), the credential verifies offline with the province's key, the PDF carries a
valid signature, a revocation shows in the signed status list, and a deployment without keys
issues nothing rather than something unsigned."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlmodel import select

from contest.accounts.models import Role
from contest.certificates import credential, signing
from contest.certificates.models import Certificate, CertificateKind, CertificateStatus
from contest.certificates.province import NotConfigured, issuing_context
from contest.certificates.services import CertificateError, documents, issuing
from contest.core.db import utcnow
from contest.exams.models import Assignment, Round
from contest.exams.services import results
from contest.training.models import (
    Attendance,
    AttendanceMark,
    Course,
    CourseSession,
    CourseStatus,
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    Programme,
)
from contest.training.services.completion_sync import record_completion
from tests.support.sitting import sit


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield issuing_context()


def _course(session, factory, issues=True):
    trainer = factory.user(role=Role.trainer)
    programme = Programme(code=f"P{trainer.id}", title="Chuyển đổi số cơ bản", valid_months=24)
    session.add(programme)
    session.flush()
    course = Course(programme_id=programme.id, title="Lớp Chuyển đổi số khóa 1", unit_id=trainer.unit_id,
                    status=CourseStatus.published, created_by=trainer.id, min_attendance=1.0,
                    issues_certificate=issues)
    session.add(course)
    session.flush()
    start = utcnow() - timedelta(days=2)
    item = CourseSession(course_id=course.id, starts_at=start, ends_at=start + timedelta(hours=3))
    session.add(item)
    session.flush()
    return course, item


def _complete(session, factory, course, item, name="Nguyễn Thị Hoà"):
    official = factory.user(role=Role.official, full_name=name)
    enrollment = Enrollment(course_id=course.id, user_id=official.id, status=EnrollmentStatus.enrolled,
                            source=EnrollmentSource.hand)
    session.add(enrollment)
    session.add(Attendance(session_id=item.id, user_id=official.id, mark=AttendanceMark.present))
    session.flush()
    record_completion(session, enrollment)
    return official, enrollment


def _certificates(session, user_id=None):
    query = select(Certificate).order_by(Certificate.id)
    if user_id is not None:
        query = query.where(Certificate.user_id == user_id)
    return session.exec(query).all()


def test_completing_a_course_issues_one_certificate_that_verifies_offline(app, session, factory, ctx):
    course, item = _course(session, factory)
    official, enrollment = _complete(session, factory, course, item)
    [cert] = _certificates(session, official.id)
    assert cert.kind == CertificateKind.course and cert.person_name == "Nguyễn Thị Hoà"
    assert "Lớp Chuyển đổi số khóa 1" in cert.title and cert.course_id == course.id
    assert cert.issued_on == enrollment.completed_on and cert.expires_on == enrollment.expires_on
    # Re-recording the same completion issues nothing more.
    record_completion(session, enrollment)
    issuing.issue_due(session, ctx, utcnow())
    assert len(_certificates(session, official.id)) == 1

    checked = credential.verify(cert.token, ctx.keys.public_keys, datetime.now(UTC))
    assert checked.valid, checked.message
    assert checked.facts.person_name == "Nguyễn Thị Hoà" and checked.facts.code == cert.code


def test_a_course_that_issues_none_earns_none(session, factory, ctx):
    course, item = _course(session, factory, issues=False)
    official, _ = _complete(session, factory, course, item)
    assert _certificates(session, official.id) == []


def test_the_pdf_is_signed_and_a_changed_byte_breaks_the_signature(session, factory, ctx):
    course, item = _course(session, factory)
    official, _ = _complete(session, factory, course, item)
    [cert] = _certificates(session, official.id)
    signed = documents.signed_pdf(cert, ctx)
    trusted = ctx.keys.pdf_identity.certificate
    assert signing.validate_pdf(signed, trusted).valid
    at = signed.index(b"GIAY") if b"GIAY" in signed else len(signed) // 3
    tampered = signed[:at] + bytes([signed[at] ^ 0x01]) + signed[at + 1:]
    assert not signing.validate_pdf(tampered, trusted).valid


def test_revocation_is_recorded_and_published_in_the_status_list(session, factory, ctx):
    course, item = _course(session, factory)
    official, _ = _complete(session, factory, course, item)
    admin = factory.user(role=Role.admin)
    [cert] = _certificates(session, official.id)
    now = utcnow()
    before = documents.status_list_token(session, ctx, now)
    assert credential.verify(cert.token, ctx.keys.public_keys, datetime.now(UTC), before).valid
    with pytest.raises(CertificateError):
        documents.revoke(session, cert, admin.id, "   ", now)
    documents.revoke(session, cert, admin.id, "Cấp nhầm người", now)
    assert cert.status(now.date()) == CertificateStatus.revoked
    assert (cert.revoked_by, cert.revoke_reason) == (admin.id, "Cấp nhầm người")
    with pytest.raises(CertificateError):
        documents.revoke(session, cert, admin.id, "Lần hai", now)
    after = documents.status_list_token(session, ctx, now)
    checked = credential.verify(cert.token, ctx.keys.public_keys, datetime.now(UTC), after)
    assert checked.problem == credential.Problem.REVOKED


def test_passing_an_assessment_earns_one_certificate_failing_none(session, factory, ctx):
    exam, round_ = factory.exam("assessment", questions=4, pass_ratio=0.5, issues_certificate=True)
    passer, failer = factory.user(role=Role.official), factory.user(role=Role.official)
    session.add_all([Assignment(exam_id=exam.id, user_id=p.id) for p in (passer, failer)])
    factory.commit()
    sit(session, exam, round_, failer, right=1)
    sit(session, exam, round_, passer, right=3)
    [cert] = _certificates(session)
    assert cert.user_id == passer.id and cert.kind == CertificateKind.assessment
    assert cert.round_id == round_.id and "3/4" in cert.description
    assert cert.unit_name == ""  # the examinee's own unit did not award it (and stays off /verify)


def test_a_contest_round_finalized_issues_its_prize_certificates(session, factory, ctx):
    exam, round_ = factory.exam("contest", questions=3, issues_certificate=True,
                                prize_tiers=[{"name": "Giải Nhất", "count": 1}, {"name": "Giải Nhì", "count": 1}])
    people = [factory.user() for _ in range(3)]
    factory.commit()
    for right, person in zip((3, 2, 1), people, strict=True):
        sit(session, exam, round_, person, right=right)
    assert _certificates(session) == []  # contests issue at the close, not at each submit
    results.finalize_round(session, session.get(Round, round_.id), utcnow())
    certs = _certificates(session)
    assert [(c.user_id, c.title) for c in certs] == [(people[0].id, "Đoạt Giải Nhất"),
                                                      (people[1].id, "Đoạt Giải Nhì")]
    assert all(c.kind == CertificateKind.prize and c.round_id == round_.id for c in certs)


def test_without_keys_production_issues_nothing_and_the_submit_goes_on(app, session, factory):
    exam, round_ = factory.exam("assessment", questions=2, pass_ratio=0.5, issues_certificate=True)
    person = factory.user(role=Role.official)
    session.add(Assignment(exam_id=exam.id, user_id=person.id))
    factory.commit()
    keys = app.extensions.pop("certificate_keys", None)
    app.config["CERT_DEMO_KEYS"] = False
    try:
        with app.app_context():
            with pytest.raises(NotConfigured):
                issuing_context()
            attempt = sit(session, exam, round_, person, right=2)
        assert attempt.status.value == "submitted"
        assert _certificates(session) == []
    finally:
        app.config["CERT_DEMO_KEYS"] = True
        if keys is not None:
            app.extensions["certificate_keys"] = keys
    with app.app_context():
        [cert] = issuing.issue_due(session, issuing_context(), utcnow())
    assert cert.user_id == person.id


def test_a_wrong_passphrase_stops_the_start_with_a_clear_message(tmp_path):
    from contest import create_app
    from contest.certificates import keys

    key_path = tmp_path / "province.pem"
    keys.generate_dev_key(key_path, "đúng-mật-khẩu")
    identity = tmp_path / "pdf.p12"
    signing.make_self_signed(identity, "pdf-pass", "Sở Thử", utcnow())
    with pytest.raises(RuntimeError, match="Sai mật khẩu"):
        create_app("testing", DATABASE_URL="sqlite://", CERT_KEY_PATH=str(key_path),
                   CERT_KEY_PASSPHRASE="sai", CERT_PDF_IDENTITY=str(identity), CERT_PDF_PASSPHRASE="pdf-pass")
    app = create_app("testing", DATABASE_URL="sqlite://", CERT_KEY_PATH=str(key_path),
                     CERT_KEY_PASSPHRASE="đúng-mật-khẩu", CERT_PDF_IDENTITY=str(identity),
                     CERT_PDF_PASSPHRASE="pdf-pass")
    assert not app.extensions["certificate_keys"].demo


def test_a_large_batch_is_signed_by_worker_processes_in_order(session, factory, ctx):
    admin = factory.user(role=Role.admin)
    people = [factory.user(full_name=f"Trần Văn Bảy {n}") for n in range(documents.PARALLEL_FROM)]
    issued = issuing.by_hand(session, people, "Giải Lan tỏa", "", utcnow().date(), None, "",
                             ("Lê Thị Tám", "Trưởng ban"), ctx, admin.id, utcnow())
    signed = list(documents.signed_pdfs(issued, ctx))
    assert [c.code for c, _ in signed] == [c.code for c in issued]
    trusted = ctx.keys.pdf_identity.certificate
    for certificate, document in (signed[0], signed[-1]):
        assert signing.validate_pdf(document, trusted).valid
        assert PdfReader(io.BytesIO(document)).metadata.title == f"Giấy chứng nhận {certificate.code}"
