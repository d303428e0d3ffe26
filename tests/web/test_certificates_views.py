"""A person's certificates and the staff's: the owner's list, page and signed PDF; 404 for
everyone who may not see one; revocation with a reason (admins); issuing by hand to a list,
all or nothing; the .zip of a class or a round; the settings that turn certificates on; the
training record's certificate column."""

from __future__ import annotations

import base64
import io
import re
import zipfile
from datetime import timedelta

import pytest
import zxingcpp
from PIL import Image
from sqlmodel import select

from contest.accounts.models import Role, User
from contest.certificates import signing
from contest.certificates.models import Certificate, CertificateKind
from contest.certificates.province import issuing_context
from contest.certificates.services import documents, issuing, listing
from contest.core.db import utcnow
from contest.exams.models import Exam
from contest.training.models import CourseTrainer
from tests.web.test_certificates_issuing import _complete, _course


@pytest.fixture
def ctx(app):
    """The deployment's issuing context; no app context stays pushed (requests share no ``g``)."""
    with app.app_context():
        return issuing_context()


@pytest.fixture
def course_cert(app, session, factory, ctx):
    """A course that issues certificates, its trainer, and one official who completed it."""
    course, item = _course(session, factory)
    with app.app_context():  # the completion's hook issues the certificate
        official, enrollment = _complete(session, factory, course, item, name="Nguyễn Thị Hoà")
    [certificate] = session.exec(select(Certificate).where(Certificate.user_id == official.id)).all()
    trainer = session.get(User, course.created_by)
    factory.commit()
    return {"course": course, "official": official, "trainer": trainer, "certificate": certificate,
            "enrollment": enrollment}


def _round_certificates(session, factory, ctx, count, owner=None):
    """``count`` prize certificates of a contest round whose exam ``owner`` created."""
    exam, round_ = factory.exam("contest", questions=1, issues_certificate=True,
                                bank=factory.bank(owner=owner, is_public=True) if owner else None)
    issued = [issuing.issue(session, issuing.Earned(
        user=factory.user(full_name=f"Người đoạt giải {n}"), kind=CertificateKind.prize,
        title="Đoạt Giải Nhất", issued_on=utcnow().date() - timedelta(days=1), round_id=round_.id),
        ctx, utcnow()) for n in range(count)]
    factory.commit()
    return exam, round_, issued


def _text(response) -> str:
    return response.get_data(as_text=True)


# --- The owner ---------------------------------------------------------------------------------


def test_the_owner_sees_the_list_the_page_and_a_signed_pdf(web, course_cert, ctx):
    certificate = course_cert["certificate"]
    web.login(course_cert["official"])
    assert "Giấy chứng nhận của tôi" in _text(web.get("/"))
    listing_page = _text(web.get("/certificates"))
    assert certificate.code in listing_page and "Còn hiệu lực" in listing_page
    assert f"/certificates/{certificate.code}.pdf" in listing_page

    page = web.get(f"/certificates/{certificate.code}")
    body = _text(page)
    assert page.status_code == 200
    assert "Nguyễn Thị Hoà" in body and "Lớp Chuyển đổi số khóa 1" in body
    assert "qr-code" in body and ctx.issuer.name.upper() in body
    png = base64.b64decode(re.search(r'src="data:image/png;base64,([^"]+)"', body).group(1))
    [scanned] = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert scanned.text == documents.qr_text(certificate, ctx)  # the page's QR opens the verify page
    assert "Giấy chứng nhận bản demo: ký bằng chứng thư tự ký" in body
    assert "Thu hồi" not in body  # no revoke form for the owner

    document = web.get(f"/certificates/{certificate.code}.pdf")
    assert document.status_code == 200 and document.mimetype == "application/pdf"
    assert f"giay-chung-nhan-{certificate.code}.pdf" in document.headers["Content-Disposition"]
    assert "attachment" in document.headers["Content-Disposition"]
    assert document.data.startswith(b"%PDF")
    assert signing.validate_pdf(document.data, ctx.keys.pdf_identity.certificate).valid


def test_a_code_typed_loosely_still_opens_the_page(web, course_cert):
    code = course_cert["certificate"].code
    web.login(course_cert["official"])
    assert web.get(f"/certificates/{code.replace('-', '').lower()}").status_code == 200


@pytest.mark.parametrize("who", ["citizen", "other_trainer", "official_no_course"])
def test_people_who_may_not_see_a_certificate_get_404(web, factory, course_cert, who):
    role = {"citizen": Role.citizen, "other_trainer": Role.trainer, "official_no_course": Role.official}[who]
    stranger = factory.user(role=role)
    factory.commit()
    web.login(stranger)
    code = course_cert["certificate"].code
    for url in (f"/certificates/{code}", f"/certificates/{code}.pdf"):
        assert web.get(url).status_code == 404
    assert web.get("/certificates/KHONG-CO-MA-NAY").status_code == 404
    assert code not in _text(web.get("/certificates"))


def test_the_course_trainers_and_admins_see_it(web, factory, session, course_cert):
    named = factory.user(role=Role.trainer)
    session.add(CourseTrainer(course_id=course_cert["course"].id, user_id=named.id))
    admin = factory.user(role=Role.admin)
    factory.commit()
    code = course_cert["certificate"].code
    for person in (course_cert["trainer"], named, admin):
        web.post("/logout")
        web.login(person)
        page = _text(web.get(f"/certificates/{code}"))
        assert "Thông tin quản lý" in page
        assert ("Thu hồi giấy chứng nhận" in page) == (person is admin)
        assert code in _text(web.get("/certificates/manage"))


def test_a_trainer_of_another_course_sees_none_of_its_certificates(web, factory, session, course_cert):
    other_course, item = _course(session, factory)
    factory.commit()
    web.login(session.get(User, other_course.created_by))
    code = course_cert["certificate"].code
    assert web.get(f"/certificates/{code}").status_code == 404
    assert code not in _text(web.get("/certificates/manage"))
    assert web.get(f"/certificates/bulk.zip?course={course_cert['course'].id}").status_code == 404


# --- Revocation ----------------------------------------------------------------------------------


def test_an_admin_revokes_with_a_reason_and_the_owner_can_no_longer_download(web, factory, session, course_cert):
    admin = factory.user(role=Role.admin, full_name="Quản Trị Viên")
    factory.commit()
    certificate = course_cert["certificate"]
    url = f"/certificates/{certificate.code}"
    web.login(admin)
    web.get(url)
    refused = web.post(f"{url}/revoke", {"reason": "   "})
    assert refused.status_code == 200 and "Trường này là bắt buộc." in _text(refused)
    session.refresh(certificate)
    assert certificate.revoked_at is None

    done = web.post(f"{url}/revoke", {"reason": "Cấp nhầm người"})
    assert done.status_code == 302
    assert "Đã thu hồi giấy chứng nhận" in _text(web.get(url))
    session.refresh(certificate)
    assert certificate.revoke_reason == "Cấp nhầm người" and certificate.revoked_by == admin.id
    staff_list = _text(web.get("/certificates/manage?status=revoked"))
    assert "Cấp nhầm người" in staff_list and "Quản Trị Viên" in staff_list
    assert web.get(f"{url}.pdf").status_code == 200  # staff still download it

    web.post("/logout")
    web.login(course_cert["official"])
    page = _text(web.get(url))
    assert "Đã thu hồi" in page and "Cấp nhầm người" not in page  # the reason is for staff
    refused = web.get(f"{url}.pdf")
    assert refused.status_code == 302
    assert "đã bị thu hồi nên không thể tải xuống" in _text(web.get(refused.headers["Location"]))


def test_only_admins_revoke(web, course_cert):
    web.login(course_cert["trainer"])
    web.get("/certificates/manage")
    assert web.post(f"/certificates/{course_cert['certificate'].code}/revoke",
                    {"reason": "Không được"}).status_code == 403


# --- Issuing by hand ----------------------------------------------------------------------------


def _issue_form(people: str, **changes) -> dict:
    data = {"title": "Đã tham gia Hội thảo chuyển đổi số", "description": "Tổ chức tại UBND tỉnh",
            "issued_on": utcnow().date().isoformat(), "expires_on": "", "unit_name": "Sở Nội vụ",
            "signer_name": "Lê Văn Ký", "signer_title": "Giám đốc Sở", "people": people}
    data.update(changes)
    return data


def test_one_unknown_line_issues_nothing_and_names_the_line(web, factory, session):
    trainer = factory.user(role=Role.trainer)
    known = factory.user(email="co.that@example.vn")
    factory.commit()
    web.login(trainer)
    web.get("/certificates/issue")
    response = web.post("/certificates/issue", _issue_form(
        f"{known.email}\n\nkhong.co@example.vn\n{known.email.upper()}"))
    body = _text(response)
    assert response.status_code == 200
    assert "chưa cấp giấy chứng nhận nào" in body
    assert re.search(r"<td>3</td><td>Không có tài khoản nào đăng nhập bằng «khong.co@example.vn»", body)
    assert re.search(r"<td>4</td><td>[^<]+ đã có ở dòng 1", body)
    assert session.exec(select(Certificate)).all() == []


def test_a_good_list_issues_one_certificate_each(web, factory, session):
    trainer = factory.user(role=Role.trainer)
    people = [factory.user(email=f"nguoi{n}@example.vn") for n in range(2)]
    phone_person = factory.user(email=None, phone="0912345678")
    factory.commit()
    web.login(trainer)
    page = _text(web.get("/certificates/issue"))
    assert 'value="Lê Văn Ký"' not in page and "Người ký" in page
    lines = f"{people[0].email}\tNguyễn Văn A\n{people[1].email}, ghi chú\n+84 912 345 678\n"
    response = web.post("/certificates/issue", _issue_form(lines))
    assert response.status_code == 302
    issued = session.exec(select(Certificate).order_by(Certificate.id)).all()
    assert [c.user_id for c in issued] == [people[0].id, people[1].id, phone_person.id]
    # A trainer's list is signed by the deployment's signer, whatever the post names.
    assert all(c.kind == CertificateKind.manual and c.issued_by == trainer.id
               and c.signer_name == "Nguyễn Thị Demo" for c in issued)
    # The issuing trainer manages what they issued.
    assert issued[0].code in _text(web.get("/certificates/manage"))


def test_an_admin_may_name_another_signer(web, factory, session):
    admin = factory.user(role=Role.admin)
    person = factory.user(email="nguoi.nhan@example.vn")
    factory.commit()
    web.login(admin)
    assert 'value="Nguyễn Thị Demo"' in _text(web.get("/certificates/issue"))
    assert web.post("/certificates/issue", _issue_form(person.email)).status_code == 302
    [issued] = session.exec(select(Certificate)).all()
    assert (issued.signer_name, issued.signer_title) == ("Lê Văn Ký", "Giám đốc Sở")


def test_a_list_past_the_limit_is_refused_whole(web, factory, session, monkeypatch):
    from contest.certificates.services import roster

    trainer = factory.user(role=Role.trainer)
    people = [factory.user() for _ in range(3)]
    factory.commit()
    monkeypatch.setattr(roster, "MAX_LINES", 2)
    web.login(trainer)
    web.get("/certificates/issue")
    response = web.post("/certificates/issue", _issue_form("\n".join(p.email for p in people)))
    assert response.status_code == 200 and "Danh sách có 3 dòng, tối đa 2 dòng một lần." in _text(response)
    assert session.exec(select(Certificate)).all() == []


def test_a_date_in_the_future_is_refused(web, factory, session):
    trainer = factory.user(role=Role.trainer)
    person = factory.user()
    factory.commit()
    web.login(trainer)
    web.get("/certificates/issue")
    response = web.post("/certificates/issue", _issue_form(
        person.email, issued_on=(utcnow().date() + timedelta(days=3)).isoformat()))
    assert response.status_code == 200 and "Ngày cấp không được sau hôm nay." in _text(response)
    assert session.exec(select(Certificate)).all() == []


def test_issuing_is_for_staff(web, factory):
    official = factory.user(role=Role.official)
    factory.commit()
    web.login(official)
    assert web.get("/certificates/issue").status_code == 403
    assert web.get("/certificates/manage").status_code == 403


# --- Bulk download --------------------------------------------------------------------------------


def test_a_round_zip_holds_every_certificate_as_a_pdf(web, factory, session, ctx):
    owner = factory.user(role=Role.trainer)
    exam, round_, issued = _round_certificates(session, factory, ctx, 3, owner=owner)
    web.login(owner)
    page = _text(web.get(f"/manage/exams/{exam.id}/rounds/{round_.id}"))
    assert "Tải giấy chứng nhận (.zip)" in page
    response = web.get(f"/certificates/bulk.zip?round={round_.id}")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.data)) as bundle:
        names = sorted(bundle.namelist())
        assert names == sorted(f"giay-chung-nhan-{c.code}.pdf" for c in issued)
        assert all(bundle.read(name).startswith(b"%PDF") for name in names)


def test_a_class_zip_is_for_its_trainers_and_too_many_are_refused(web, factory, session, course_cert, monkeypatch):
    web.login(course_cert["trainer"])
    course_id = course_cert["course"].id
    assert "Tải giấy chứng nhận (.zip)" in _text(web.get(f"/training/courses/{course_id}"))
    response = web.get(f"/certificates/bulk.zip?course={course_id}")
    with zipfile.ZipFile(io.BytesIO(response.data)) as bundle:
        assert len(bundle.namelist()) == 1
    monkeypatch.setattr(listing, "BULK_LIMIT", 0)
    refused = web.get(f"/certificates/bulk.zip?course={course_id}")
    assert refused.status_code == 302
    assert "quá 0 giấy cho một lần tải" in _text(web.get(refused.headers["Location"]))


def test_a_round_zip_is_refused_to_another_trainer(web, factory, session, ctx):
    exam, round_, _issued = _round_certificates(session, factory, ctx, 1)
    stranger = factory.user(role=Role.trainer)
    factory.commit()
    web.login(stranger)
    assert web.get(f"/certificates/bulk.zip?round={round_.id}").status_code == 404
    assert web.get("/certificates/bulk.zip").status_code == 302  # back to the list, with a word
    assert web.get("/certificates/bulk.zip?round=99999999999").status_code == 404


# --- The staff list ---------------------------------------------------------------------------------


def test_the_staff_list_filters_and_htmx_gets_the_table_only(web, factory, session, ctx, course_cert):
    admin = factory.user(role=Role.admin)
    _exam, round_, issued = _round_certificates(session, factory, ctx, 2)
    factory.commit()
    web.login(admin)
    page = _text(web.get("/certificates/manage"))
    assert "<html" in page and 'aria-label="Danh sách giấy chứng nhận"' in page
    assert "4 giấy chứng nhận" in page or "3 giấy chứng nhận" in page
    fragment = web.get(f"/certificates/manage?round_id={round_.id}", headers={"HX-Request": "true"})
    body = _text(fragment)
    assert "<html" not in body and body.lstrip().startswith('<div id="certificate-table"')
    assert all(c.code in body for c in issued) and course_cert["certificate"].code not in body
    by_name = _text(web.get("/certificates/manage?q=nguyễn thị hoà"))
    assert course_cert["certificate"].code in by_name and issued[0].code not in by_name
    by_code = _text(web.get(f"/certificates/manage?q={issued[0].code.lower()}"))
    assert issued[0].code in by_code and issued[1].code not in by_code
    by_kind = _text(web.get("/certificates/manage?kind=course"))
    assert course_cert["certificate"].code in by_kind and issued[0].code not in by_kind


def test_the_staff_list_pages(web, factory, session, ctx, monkeypatch):
    admin = factory.user(role=Role.admin)
    _round_certificates(session, factory, ctx, 3)
    monkeypatch.setattr(listing, "PAGE_SIZE", 2)
    web.login(admin)
    first = _text(web.get("/certificates/manage"))
    assert "trang 1/2" in first and 'rel="next"' in first
    assert "trang 2/2" in _text(web.get("/certificates/manage?page=2"))


# --- Settings and the record ---------------------------------------------------------------------------


def test_the_course_form_saves_the_certificate_setting(web, session, course_cert):
    course = course_cert["course"]
    web.login(course_cert["trainer"])
    page = _text(web.get(f"/training/courses/{course.id}/edit"))
    assert "Cấp giấy chứng nhận khi hoàn thành" in page
    data = {"programme_id": course.programme_id, "title": course.title, "description": "",
            "unit_id": course.unit_id, "capacity": "", "min_attendance": 100, "enroll_opens_at": "",
            "enroll_closes_at": "", "practice_exam_id": "", "assessment_exam_id": "",
            "valid_months": course.valid_months or ""}
    assert web.post(f"/training/courses/{course.id}/edit", data).status_code == 302
    session.refresh(course)
    assert course.issues_certificate is False
    data["issues_certificate"] = "y"
    assert web.post(f"/training/courses/{course.id}/edit", data).status_code == 302
    session.refresh(course)
    assert course.issues_certificate is True


def test_the_exam_form_saves_the_certificate_setting(web, factory, session):
    from tests.web.test_exam_manage import contest_form

    owner = factory.user(role=Role.trainer)
    factory.commit()
    web.login(owner)
    web.get("/manage/exams/new?kind=assessment")
    assert "Cấp giấy chứng nhận khi đạt / đoạt giải" in _text(web.get("/manage/exams/new?kind=assessment"))
    response = web.post("/manage/exams/new?kind=assessment", contest_form(
        title="Sát hạch có chứng nhận", pass_percent="70", issues_certificate="y"))
    assert response.status_code == 302
    exam = session.exec(select(Exam).where(Exam.title == "Sát hạch có chứng nhận")).one()
    assert exam.issues_certificate is True
    response = web.post(f"/manage/exams/{exam.id}/settings", contest_form(
        title="Sát hạch có chứng nhận", pass_percent="70"))
    assert response.status_code == 302
    session.refresh(exam)
    assert exam.issues_certificate is False


def test_the_training_record_links_the_certificate(web, factory, session, course_cert):
    code = course_cert["certificate"].code
    web.login(course_cert["official"])
    record = _text(web.get("/training/record"))
    assert f'href="/certificates/{code}"' in record
    csv = web.get("/training/record/export.csv").get_data(as_text=True)
    assert code in csv


def test_a_course_without_certificates_offers_no_zip(web, factory, session):
    course, _item = _course(session, factory, issues=False)
    trainer = session.get(User, course.created_by)
    factory.commit()
    web.login(trainer)
    page = _text(web.get(f"/training/courses/{course.id}"))
    assert course.title in page and "Tải giấy chứng nhận" not in page


def test_without_keys_the_pages_say_so_instead_of_looping(app, web, factory, course_cert):
    keys = app.extensions.pop("certificate_keys", None)
    app.config["CERT_DEMO_KEYS"] = False
    try:
        web.login(course_cert["official"])
        code = course_cert["certificate"].code
        for url in (f"/certificates/{code}", f"/certificates/{code}.pdf"):
            response = web.get(url)
            assert response.status_code == 302 and response.headers["Location"] == "/certificates"
        page = _text(web.get("/certificates"))
        assert "Chưa cấu hình khóa ký giấy chứng nhận" in page and code in page
    finally:
        app.config["CERT_DEMO_KEYS"] = True
        if keys is not None:
            app.extensions["certificate_keys"] = keys
