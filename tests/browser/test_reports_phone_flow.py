"""Reports on a phone (390 px, axe-core watching): the trainer's round report with its charts and
unit standings after the demo contest's round closes, and the public statistics by commune."""

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from contest.accounts.models import Role, Unit, User
from contest.core.db import utcnow
from contest.exams.models import Exam, ExamKind, Round
from contest.exams.services.attempts import start_attempt, submit
from contest.exams.services.results import finalize_round
from tests.browser.flows import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def closed_round(demo):
    """Two demo citizens take the demo contest's current round, which then closes."""
    contest = demo.exec(select(Exam).where(Exam.kind == ExamKind.contest)).first()
    round_ = demo.exec(select(Round).where(Round.exam_id == contest.id, Round.opens_at <= utcnow(),
                                           Round.finalized_at.is_(None)).order_by(Round.opens_at.desc())).first()
    citizens = demo.exec(select(User).where(User.role == Role.citizen)).all()
    now = utcnow()
    for n, person in enumerate(citizens[:2]):
        submit(demo, start_attempt(demo, contest, round_, person, now), now, prediction=n)
    finalize_round(demo, round_, utcnow())
    demo.commit()
    return contest, round_, demo.get(Unit, citizens[0].unit_id)


def test_the_trainer_reads_the_round_report_on_a_phone(page, closed_round):
    contest, round_, unit = closed_round
    sign_in(page, "giangvien@demo.vn")
    page.goto(f"{page.base_url}/manage/exams/{contest.id}/rounds/{round_.id}")
    page.get_by_role("link", name="Báo cáo, biểu đồ").click()
    expect(page.get_by_role("heading", name=f"Báo cáo đợt thi: {round_.name}")).to_be_visible()
    chart = page.get_by_role("img", name="Phân bố điểm")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box["width"] <= 390 and box["height"] > 100, box
    standings = page.get_by_role("region", name="Số liệu: Tỷ lệ tham gia theo đơn vị")
    expect(standings).to_contain_text(unit.name)
    expect(page.get_by_role("img", name="Tỷ lệ tham gia theo đơn vị")).to_be_visible()



def test_anyone_reads_the_public_statistics_by_commune(page, closed_round):
    contest, round_, unit = closed_round
    page.goto(f"{page.base_url}/reports/contests/{contest.id}/statistics?round={round_.id}")
    expect(page.get_by_role("heading", name="Thống kê cuộc thi")).to_be_visible()
    expect(page.get_by_role("img", name="Số người dự thi theo địa phương")).to_be_visible()
    expect(page.get_by_role("region", name="Số liệu: Số người dự thi theo địa phương")).to_contain_text(unit.name)
    tabs = page.get_by_role("navigation", name="Các đợt thi")
    if tabs.count():
        tabs.get_by_role("link").first.click()
        expect(page.get_by_role("img", name="Tham gia theo ngày")).to_be_visible()


def test_the_trainer_reads_the_assessment_report_and_opens_a_unit(page, demo):
    assessment = demo.exec(select(Exam).where(Exam.kind == ExamKind.assessment)).first()
    owner = demo.get(User, assessment.created_by)
    sign_in(page, owner.email)
    page.goto(f"{page.base_url}/manage/exams/{assessment.id}")
    page.get_by_role("link", name="Báo cáo sát hạch").click()
    expect(page.get_by_role("heading", name=f"Báo cáo sát hạch: {assessment.title}")).to_be_visible()
    expect(page.locator("#units").get_by_role("img", name=re.compile("^Tỷ lệ đạt"))).to_be_visible()
    expect(page.get_by_role("img", name="Tỷ lệ đạt qua các đợt")).to_be_visible()
    deeper = page.locator("#units").get_by_role("link").first
    if deeper.count():
        name = deeper.inner_text()
        deeper.click()
        expect(page.locator("#units h2")).to_contain_text(name)
