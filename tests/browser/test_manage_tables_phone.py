"""An organiser reads a round's results on a 360 px phone: every table fits (a card per row) and
each table's box is a named region reachable by keyboard."""

import pytest
from playwright.sync_api import expect

from contest.accounts.models import Role
from contest.exams.models import Assignment
from tests.browser.flows import sign_in
from tests.conftest import PASSWORD
from tests.support.sitting import sit

pytestmark = pytest.mark.browser


@pytest.fixture
def rounds(factory, session):
    owner = factory.user(role=Role.trainer, email="to.chuc@example.vn")
    unit = factory.unit(name="Phường Thới Sơn của thành phố Mỹ Tho cũ")
    position = factory.position("Công chức Văn phòng - Thống kê cấp xã, phường, đặc khu")
    bank = factory.bank(owner=owner, is_public=True)
    assessment, a_round = factory.exam(kind="assessment", bank=bank, questions=2, pass_ratio=0.5)
    contest, c_round = factory.exam(bank=bank, questions=2, prize_tiers=[{"name": "Giải Khuyến khích", "count": 3}])
    for n in range(3):
        person = factory.user(role=Role.official, unit=unit, job_position_id=position.id,
                              full_name=f"Nguyễn Thị Phương Thảo Số {n}",
                              email=f"nguyen.thi.phuong.thao.so.{n}@phuong-thoi-son.example.vn")
        session.add(Assignment(exam_id=assessment.id, user_id=person.id))
        factory.commit()
        sit(session, assessment, a_round, person, right=n % 3)
        sit(session, contest, c_round, person, right=2)
    return owner, (assessment, a_round), (contest, c_round)


def test_round_tables_fit_a_360px_phone_and_are_reachable_by_keyboard(page, rounds):
    owner, assessment, contest = rounds
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, owner.email, PASSWORD)
    for exam, round_ in (assessment, contest):
        page.goto(f"{page.base_url}/manage/exams/{exam.id}/rounds/{round_.id}")
        expect(page.get_by_role("heading", name=round_.name)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        wraps = page.locator(".table-wrap")
        assert wraps.count() >= 2
        for i in range(wraps.count()):
            wrap = wraps.nth(i)
            if not wrap.is_visible():
                continue  # the headcount form, folded away
            assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth + 1"), wrap.get_attribute("aria-label")
            assert wrap.get_attribute("tabindex") == "0" and wrap.get_attribute("aria-label")
        # each cell of a results card names its column
        expect(page.locator("table.stack td[data-label]").first).to_be_visible()
    # Reached by keyboard: Tab lands on the per-official table of the assessment.
    exam, round_ = assessment
    page.goto(f"{page.base_url}/manage/exams/{exam.id}/rounds/{round_.id}")
    people = page.get_by_role("region", name="Kết quả từng cán bộ")
    people.focus()
    expect(people).to_be_focused()
