"""The leaderboard on a 360 px phone: every column of a row readable without scrolling sideways
(the time column was cut off), and its table a named region reachable by keyboard."""

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from contest.accounts.models import Unit
from contest.core.db import utcnow
from contest.exams.models import Exam, ExamKind, Round
from contest.exams.services.attempts import start_attempt, submit
from contest.exams.services.results import finalize_round

pytestmark = pytest.mark.browser

UNIT = "Phường Nguyễn Thái Bình thuộc Thành phố Hồ Chí Minh"


def test_every_column_of_the_leaderboard_fits_a_phone(page, demo, factory):
    contest = demo.exec(select(Exam).where(Exam.kind == ExamKind.contest)).first()
    week = demo.exec(select(Round).where(Round.exam_id == contest.id, Round.name == "Tuần 2")).one()
    province = demo.exec(select(Unit).where(Unit.parent_id.is_(None))).first()
    unit = factory.unit(name=UNIT, parent=province)
    now = utcnow()
    for n, name in enumerate(("Nguyễn Thị Phương Thảo", "Trần Văn Hoàng Long", "Lê Minh Khôi")):
        person = factory.user(full_name=name, unit=unit)
        submit(demo, start_attempt(demo, contest, week, person, now), now, prediction=1000 + n)
    finalize_round(demo, week, utcnow())
    demo.commit()

    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{page.base_url}/exams/{contest.id}/rounds/{week.id}/leaderboard")
    region = page.get_by_role("region", name="Bảng xếp hạng", exact=True)
    expect(region).to_have_attribute("tabindex", "0")
    assert region.evaluate("e => e.scrollWidth <= e.clientWidth"), "the board scrolls sideways"
    row = region.get_by_role("row").filter(has_text="Lê Minh Khôi")
    for label in ("Hạng", "Họ và tên", "Đơn vị", "Điểm", "Dự đoán", "Thời gian"):
        cell = row.locator(f'td[data-label="{label}"]')
        expect(cell).to_be_visible()
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, (label, box)
    expect(row.locator('td[data-label="Thời gian"]')).to_have_text(r"0:00")
    region.focus()
    expect(region).to_be_focused()
