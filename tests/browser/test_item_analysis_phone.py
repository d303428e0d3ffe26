"""A trainer reads the item analysis of a contest on a 390 px phone: the page does not scroll
sideways, every table sits in a named region reachable by keyboard, the mis-keyed question is
marked "cần xem lại" with its reason, and the bank list marks it too (axe-core watches)."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from contest.accounts.models import Role, User
from contest.core.db import utcnow
from question_bank.models import QuestionBank
from tests.browser.flows import sign_in
from tests.conftest import PASSWORD
from tests.web.test_reports_items import sit

pytestmark = pytest.mark.browser


def test_the_item_analysis_reads_on_a_phone(page, factory, session):
    exam, round_ = factory.exam("contest", questions=5, opens=utcnow() - timedelta(hours=2))
    factory.commit()
    for ability in range(12):
        person = factory.user(role=Role.citizen)
        factory.commit()
        sit(session, exam, round_, person, ability)
    owner = session.get(User, exam.created_by)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, owner.email, PASSWORD)
    page.goto(f"{page.base_url}/reports/exams/{exam.id}/items")
    expect(page.get_by_role("heading", name="Phân tích câu hỏi")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    expect(page.locator(".badge.warn").first).to_contain_text("cần xem lại")
    wraps = page.locator(".table-wrap")
    assert wraps.count() >= 6
    for i in range(wraps.count()):
        wrap = wraps.nth(i)
        assert wrap.get_attribute("tabindex") == "0" and wrap.get_attribute("aria-label")
    table = page.get_by_role("region", name="Chỉ số từng câu hỏi")
    table.focus()
    expect(table).to_be_focused()
    page.get_by_label("Đợt thi").select_option(label=round_.name)
    expect(page).to_have_url(f"{page.base_url}/reports/exams/{exam.id}/items?round={round_.id}")
    bank_id = session.exec(select(QuestionBank.id).where(QuestionBank.owner_id == owner.id)).one()
    session.rollback()
    page.goto(f"{page.base_url}/bank/{bank_id}")
    expect(page.locator(".badge.warn")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
