"""An assessment's report: pass rates by unit with its sub-units, by position and field, who was
assigned and has not sat, the trend over rounds, and the download (built from real attempts)."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from contest.accounts.models import Role, UnitKind
from contest.core.db import utcnow
from contest.exams.models import Assignment, Attempt, AttemptStatus, Round, SubmittedBy
from tests.support.sitting import sit
from tests.web.test_reports_rounds import _table_after, stat


@pytest.fixture
def world(factory, session):
    """The province is assigned. Huyện Cũ > Xã A: An (Văn thư) 2/2 passes, Bình (Kế toán) 0/2
    fails; Huyện Cũ > Xã B: Cúc (Văn thư) has not sat; Sở Nội vụ: Dũng (Kế toán) 1/2 passes (the
    pass mark is half). An earlier round: An sat and failed."""
    owner = factory.user(role=Role.trainer)
    province = factory.province()
    district = factory.unit(name="Huyện Cũ", kind=UnitKind.district, parent=province)
    xa_a = factory.unit(name="Xã A", parent=district)
    xa_b = factory.unit(name="Xã B", parent=district)
    so = factory.unit(name="Sở Nội vụ", kind=UnitKind.department, parent=province)
    clerk, accountant = factory.position("Văn thư"), factory.position("Kế toán")
    justice = factory.field("Tư pháp")
    exam, round_ = factory.exam("assessment", bank=factory.bank(owner=owner, is_public=True), questions=2, pass_ratio=0.5)
    round_.name = "Đợt 2"
    earlier = Round(exam_id=exam.id, name="Đợt 1", opens_at=utcnow() - timedelta(days=9),
                    closes_at=utcnow() - timedelta(days=8))
    session.add(earlier)
    session.add(Assignment(exam_id=exam.id, unit_id=province.id))

    def official(name, unit, position):
        return factory.user(role=Role.official, unit=unit, full_name=name, job_position_id=position.id,
                            field_id=justice.id)

    people = {"An": official("An", xa_a, clerk), "Bình": official("Bình", xa_a, accountant),
              "Cúc": official("Cúc", xa_b, clerk), "Dũng": official("Dũng", so, accountant)}
    factory.commit()
    for name, right in (("An", 2), ("Bình", 0), ("Dũng", 1)):
        sit(session, exam, round_, people[name], right=right)
    at = utcnow() - timedelta(days=8, hours=1)
    session.add(Attempt(round_id=earlier.id, user_id=people["An"].id, unit_id=xa_a.id, seed=1,
                        status=AttemptStatus.submitted, started_at=at - timedelta(minutes=5), deadline=at,
                        submitted_at=at, submitted_by=SubmittedBy.user, score=0.0, max_score=2.0,
                        correct_count=0, question_count=2, duration_seconds=300.0, counted=True))
    session.commit()
    return {"owner": owner, "exam": exam, "round": round_, "earlier": earlier, "province": province,
            "district": district, "people": people}


def url(world, suffix=""):
    return f"/reports/assessments/{world['exam'].id}{suffix}"


def test_the_department_reads_pass_rates_by_unit_position_and_field(web, world):
    web.login(world["owner"])
    page = web.get(url(world)).get_data(as_text=True)
    assert stat(page, "Số người") == "4" and stat(page, "Đã thi") == "3" and stat(page, "Đạt") == "2"
    assert stat(page, "Chưa thi") == "1" and stat(page, "Tỷ lệ đạt") == "50,0%"
    assert stat(page, "Tỷ lệ đạt trong số đã thi") == "66,7%"
    # One unit at the top (the province): the page opens on its sub-units.
    top = _table_after(page, "Số liệu: Tỷ lệ đạt: Tỉnh Thử Nghiệm và các đơn vị trực thuộc")
    assert top == [["Huyện Cũ", "3", "2", "1", "1", "33,3%", "50,0%"], ["Sở Nội vụ", "1", "1", "1", "0", "100,0%", "100,0%"]]
    positions = _table_after(page, "Số liệu: Tỷ lệ đạt theo vị trí việc làm")
    assert positions == [["Kế toán", "2", "2", "1", "0", "50,0%", "50,0%"], ["Văn thư", "2", "1", "1", "1", "50,0%", "100,0%"]]
    assert _table_after(page, "Số liệu: Tỷ lệ đạt theo lĩnh vực") == [["Tư pháp", "4", "3", "2", "1", "50,0%", "66,7%"]]
    missing = page[page.index("Được phân công nhưng chưa thi"):]
    assert "Cúc" in missing and not any(name in missing for name in ("An<", "Bình", "Dũng"))
    trend = _table_after(page, "Số liệu: Tỷ lệ đạt qua các đợt")
    assert trend == [["Đợt 1", "4", "1", "0", "0,0%"], ["Đợt 2", "4", "3", "2", "50,0%"]]


def test_a_unit_opens_on_its_sub_units_alone_for_htmx_and_as_a_page_without(web, world):
    web.login(world["owner"])
    province, district = world["province"], world["district"]
    page = web.get(url(world, f"?unit={province.id}")).get_data(as_text=True)
    assert "<html" in page
    assert _table_after(page, f"Số liệu: Tỷ lệ đạt: {province.name} và các đơn vị trực thuộc") == [
        ["Huyện Cũ", "3", "2", "1", "1", "33,3%", "50,0%"], ["Sở Nội vụ", "1", "1", "1", "0", "100,0%", "100,0%"]]
    response = web.get(url(world, f"?unit={district.id}"), headers={"HX-Request": "true"})
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in fragment
    assert _table_after(fragment, "Số liệu: Tỷ lệ đạt: Huyện Cũ và các đơn vị trực thuộc") == [
        ["Xã A", "2", "2", "1", "0", "50,0%", "50,0%"], ["Xã B", "1", "0", "0", "1", "0,0%", "—"]]
    assert f"unit={province.id}" in fragment  # the way back up


def test_an_earlier_round_is_reported_on_its_own(web, world):
    web.login(world["owner"])
    page = web.get(url(world, f"?round={world['earlier'].id}")).get_data(as_text=True)
    assert stat(page, "Đã thi") == "1" and stat(page, "Đạt") == "0" and stat(page, "Chưa thi") == "3"
    assert web.get(url(world, "?round=999999")).status_code == 404


def test_the_download_parses_back_with_the_same_figures(web, world):
    web.login(world["owner"])
    page = web.get(url(world)).get_data(as_text=True)
    assert url(world, "/report.xlsx") in page and url(world, "/report.csv") in page
    book = load_workbook(io.BytesIO(web.get(url(world, "/report.xlsx")).data))
    assert book.sheetnames == ["Theo đơn vị", "Theo vị trí việc làm", "Theo lĩnh vực", "Chưa thi", "Qua các đợt"]
    units = [r for r in book["Theo đơn vị"].iter_rows(min_row=2, values_only=True)]
    assert [(r[0], r[1], r[2], r[3], r[5]) for r in units] == [
        ("Tỉnh Thử Nghiệm", 4, 3, 2, 50.0), ("  Huyện Cũ", 3, 2, 1, 33.3), ("    Xã A", 2, 2, 1, 50.0),
        ("    Xã B", 1, 0, 0, 0.0), ("  Sở Nội vụ", 1, 1, 1, 100.0)]
    assert [r[0] for r in book["Chưa thi"].iter_rows(min_row=2, values_only=True)] == ["Cúc"]
    text = web.get(url(world, "/report.csv")).get_data(as_text=True)
    sections = text.lstrip("\ufeff").split("\r\n\r\n")
    assert [s.split("\r\n", 1)[0] for s in sections] == ["Theo đơn vị", "Theo vị trí việc làm", "Theo lĩnh vực",
                                                          "Chưa thi", "Qua các đợt"]
    rows = list(csv.reader(io.StringIO(sections[3])))
    assert rows[2][0] == "Cúc"


def test_the_report_is_for_the_exams_manager_and_for_assessments_only(web, factory, world):
    other = factory.user(role=Role.trainer)
    contest, _round = factory.exam("contest", bank=factory.bank(owner=world["owner"], is_public=True), questions=1)
    factory.commit()
    assert web.get(url(world)).status_code == 302
    web.login(other)
    assert web.get(url(world)).status_code == 403 and web.get(url(world, "/report.csv")).status_code == 403
    web.login(world["owner"])
    assert url(world) in web.get(f"/manage/exams/{world['exam'].id}").get_data(as_text=True)
    assert web.get(f"/reports/assessments/{contest.id}").status_code == 404
    round_page = web.get(f"/reports/exams/{world['exam'].id}/rounds/{world['round'].id}").get_data(as_text=True)
    assert re.search(rf"/reports/assessments/{world['exam'].id}\?round={world['round'].id}", round_page)
