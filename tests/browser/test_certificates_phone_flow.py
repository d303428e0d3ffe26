"""Certificates on a 390 px phone: the official finds theirs from the home page, reads it (the
same facts and QR as the PDF, the demo signature said plainly) and downloads the signed PDF; an
administrator filters the staff list (htmx swaps the table) and revokes with a reason. Every
page fits the screen and passes axe-core (the ``page`` fixture)."""

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from contest.accounts.models import Role, User
from contest.certificates.models import Certificate
from tests.browser.flows import sign_in, sign_out
from tests.conftest import PASSWORD
from tests.web.test_certificates_issuing import _complete, _course

pytestmark = pytest.mark.browser


@pytest.fixture
def earned(app, factory, session):
    course, item = _course(session, factory)
    with app.app_context():
        official, _enrollment = _complete(session, factory, course, item,
                                          name="Nguyễn Thị Phương Thảo Hoà Bình")
    admin = factory.user(role=Role.admin, full_name="Quản Trị Tỉnh")
    factory.commit()
    [certificate] = session.exec(select(Certificate).where(Certificate.user_id == official.id)).all()
    return official, admin, certificate, session.get(User, course.created_by)


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_an_official_reads_and_downloads_their_certificate_and_an_admin_revokes_it(page, earned):
    official, admin, certificate, _trainer = earned
    sign_in(page, official.email, PASSWORD)
    page.get_by_role("link", name="Giấy chứng nhận của tôi").first.click()
    expect(page.get_by_role("heading", name="Giấy chứng nhận của tôi")).to_be_visible()
    _fits(page)
    page.get_by_role("link", name=certificate.code).click()
    expect(page.get_by_role("heading", name="GIẤY CHỨNG NHẬN")).to_be_visible()
    expect(page.get_by_text("Giấy chứng nhận bản demo: ký bằng chứng thư tự ký")).to_be_visible()
    expect(page.locator(".paper-name")).to_have_text("Nguyễn Thị Phương Thảo Hoà Bình")
    expect(page.locator("img.qr-code")).to_be_visible()
    _fits(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải bản PDF có chữ ký số").click()
    assert download.value.suggested_filename == f"giay-chung-nhan-{certificate.code}.pdf"
    sign_out(page)

    sign_in(page, admin.email, PASSWORD)
    page.goto(f"{page.base_url}/certificates/manage")
    expect(page.get_by_role("region", name="Danh sách giấy chứng nhận")).to_be_visible()
    _fits(page)
    page.get_by_label("Trạng thái").select_option("revoked")
    expect(page.get_by_text("Không có giấy chứng nhận nào phù hợp.")).to_be_visible()
    page.get_by_label("Trạng thái").select_option("valid")
    page.get_by_role("link", name=certificate.code).click()
    page.get_by_label("Lý do thu hồi").fill("Cấp nhầm người")
    page.get_by_role("button", name="Thu hồi").click()
    expect(page.get_by_text(f"Đã thu hồi giấy chứng nhận {certificate.code}.")).to_be_visible()
    expect(page.get_by_text("Cấp nhầm người")).to_be_visible()
    _fits(page)
