"""Training records and coverage: what a record shows, who may read whose, the coverage figures
of a small tree counted by hand, the exports and the CLI."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import openpyxl
import pytest

from contest.accounts.models import Role, UnitKind
from contest.core.db import utcnow
from contest.exams.models import Attempt, AttemptStatus, SubmittedBy
from contest.training.models import (
    Course,
    CourseSession,
    CourseStatus,
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    PositionRequirement,
    Programme,
)
from contest.training.services.coverage import all_needs, coverage, needs
from contest.training.services.records import RecordState, training_record
from tests.support.markup import structure_errors

TODAY = date.today()


def enroll(session, course, user, status=EnrollmentStatus.enrolled, completed_on=None, expires_on=None,
           share=0.0):
    enrollment = Enrollment(course_id=course.id, user_id=user.id, status=status, source=EnrollmentSource.hand,
                            completed_on=completed_on, expires_on=expires_on, attendance_share=share)
    session.add(enrollment)
    session.flush()
    return enrollment


def sit(session, round_, user, score, max_score=10.0, number=1):
    now = utcnow()
    session.add(Attempt(round_id=round_.id, user_id=user.id, unit_id=user.unit_id, number=number, seed=number,
                        status=AttemptStatus.submitted, started_at=now - timedelta(minutes=20), deadline=now,
                        submitted_at=now, submitted_by=SubmittedBy.user, duration_seconds=1200.0,
                        score=score, max_score=max_score, question_count=10))
    session.flush()


@pytest.fixture
def tree(factory, session):
    """A district with two communes, two positions, two programmes and six people:

    ========  ======  ==========  ===============================================
    person    unit    position    training
    ========  ======  ==========  ===============================================
    one_stop  C1      Một cửa     DVC completed and assessment passed; ATTT enrolled
    leader    C1      Lãnh đạo    ATTT completed, expired
    waiting   C2      Một cửa     DVC waitlisted
    done      C2      Lãnh đạo    ATTT completed (no assessment)
    nobody    C2      —           not required
    gone      C1      Một cửa     deactivated: not counted
    ========  ======  ==========  ===============================================
    """
    district = factory.unit(name="Huyện Thử", kind=UnitKind.district)
    c1 = factory.unit(name="Xã Một", parent=district)
    c2 = factory.unit(name="Xã Hai", parent=district)
    one_stop_pos, leader_pos = factory.position("Một cửa"), factory.position("Lãnh đạo")
    field = factory.field("Dịch vụ công")
    dvc = Programme(code="DVC", title="Cổng dịch vụ công trực tuyến")
    attt = Programme(code="ATTT", title="An toàn thông tin cơ bản", valid_months=12)
    session.add_all([dvc, attt])
    session.flush()
    session.add_all([PositionRequirement(position_id=one_stop_pos.id, programme_id=dvc.id),
                     PositionRequirement(position_id=one_stop_pos.id, programme_id=attt.id),
                     PositionRequirement(position_id=leader_pos.id, programme_id=attt.id)])
    trainer = factory.user(role=Role.trainer, unit=district, full_name="Giảng viên Huyện")
    exam, round_ = factory.exam("assessment", questions=1, pass_ratio=0.5)
    dvc_course = Course(programme_id=dvc.id, title="Lớp DVC khóa 1", unit_id=district.id,
                        status=CourseStatus.published, assessment_exam_id=exam.id, assessment_required=True,
                        created_by=trainer.id)
    attt_course = Course(programme_id=attt.id, title="Lớp ATTT khóa 1", unit_id=district.id,
                         status=CourseStatus.published, created_by=trainer.id, valid_months=12)
    session.add_all([dvc_course, attt_course])
    session.flush()
    start = utcnow() - timedelta(days=10)
    session.add_all([CourseSession(course_id=dvc_course.id, starts_at=start, ends_at=start + timedelta(hours=3)),
                     CourseSession(course_id=dvc_course.id, starts_at=start + timedelta(days=2),
                                   ends_at=start + timedelta(days=2, hours=3))])

    def official(name, unit, position):
        return factory.user(role=Role.official, unit=unit, full_name=name, field_id=field.id,
                            job_position_id=position.id if position else None)

    people = {"one_stop": official("Nguyễn Một Cửa", c1, one_stop_pos),
              "leader": official("Trần Lãnh Đạo", c1, leader_pos),
              "waiting": official("Lê Chờ", c2, one_stop_pos),
              "done": official("Phạm Xong", c2, leader_pos),
              "nobody": official("Võ Không", c2, None),
              "gone": official("Đỗ Nghỉ", c1, one_stop_pos)}
    people["gone"].active = False
    enroll(session, dvc_course, people["one_stop"], completed_on=TODAY - timedelta(days=3), share=1.0)
    sit(session, round_, people["one_stop"], 2.0)
    sit(session, round_, people["one_stop"], 8.0, number=2)
    enroll(session, attt_course, people["one_stop"], share=0.5)
    enroll(session, attt_course, people["leader"], completed_on=TODAY - timedelta(days=400),
           expires_on=TODAY - timedelta(days=35), share=1.0)
    enroll(session, dvc_course, people["waiting"], status=EnrollmentStatus.waitlisted)
    enroll(session, attt_course, people["done"], completed_on=TODAY - timedelta(days=5),
           expires_on=TODAY + timedelta(days=360), share=1.0)
    enroll(session, dvc_course, people["gone"], completed_on=TODAY, share=1.0)
    factory.commit()
    return {"district": district, "c1": c1, "c2": c2, "trainer": trainer, "dvc": dvc_course,
            "attt": attt_course, **people}


# --- The record ----------------------------------------------------------------------------


def test_record_shows_completed_with_assessment_and_in_progress(session, tree):
    rows = {row.programme_code: row for row in training_record(session, tree["one_stop"], TODAY)}
    dvc, attt = rows["DVC"], rows["ATTT"]
    assert dvc.state == RecordState.completed and dvc.completed_on == TODAY - timedelta(days=3)
    assert (dvc.best_score, dvc.max_score, dvc.passed) == (8.0, 10.0, True)
    assert dvc.sessions == 2 and dvc.first_session < dvc.last_session
    assert attt.state == RecordState.in_progress and attt.attendance_share == 0.5
    assert attt.has_assessment is False and attt.passed is None
    assert dvc.certificate is None  # issue 13 fills it


def test_record_shows_expired_and_waitlisted(session, tree):
    [expired] = training_record(session, tree["leader"], TODAY)
    assert expired.state == RecordState.expired
    [waiting] = training_record(session, tree["waiting"], TODAY)
    assert waiting.state == RecordState.waitlisted and waiting.best_score is None
    assert training_record(session, tree["nobody"], TODAY) == []


def test_record_is_expiring_within_the_reminder(session, tree):
    [row] = training_record(session, tree["done"], TODAY + timedelta(days=340))
    assert row.state == RecordState.expiring


def test_record_runs_a_fixed_number_of_queries(session, factory, tree, statements):
    person = tree["one_stop"]
    session.refresh(person)
    statements.clear()
    training_record(session, person, TODAY)
    few = len(statements)
    for n in range(5):
        course = Course(programme_id=tree["dvc"].programme_id, title=f"Lớp thêm {n}", unit_id=tree["c1"].id,
                        status=CourseStatus.published, assessment_exam_id=tree["dvc"].assessment_exam_id,
                        created_by=tree["trainer"].id)
        session.add(course)
        session.flush()
        enroll(session, course, person)
    factory.commit()
    session.refresh(person)
    statements.clear()
    assert len(training_record(session, person, TODAY)) == 7
    assert len(statements) == few <= 3  # enrollments, assessments, certificates of completions


def test_own_record_page(web, tree):
    web.login(tree["one_stop"])
    body = web.get("/training/record").get_data(as_text=True)
    assert "Hồ sơ bồi dưỡng" in body and "Lớp DVC khóa 1" in body and "Lớp ATTT khóa 1" in body
    assert "Hoàn thành" in body and "Đang học" in body and "Đạt" in body
    assert "/static/css/print." in body


@pytest.mark.parametrize(("reader", "status"), [("trainer", 200), ("other_trainer", 404), ("admin", 200),
                                                ("leader", 403)])
def test_who_may_read_a_persons_record(web, factory, tree, reader, status):
    readers = {"trainer": tree["trainer"], "leader": tree["leader"],
               "other_trainer": factory.user(role=Role.trainer, unit=tree["c2"]),
               "admin": factory.user(role=Role.admin)}
    factory.commit()
    web.login(readers[reader])
    response = web.get(f"/training/people/{tree['one_stop'].id}/record")
    assert response.status_code == status
    if status == 200:
        assert "Nguyễn Một Cửa" in response.get_data(as_text=True)
    export = web.client.get(f"/training/people/{tree['one_stop'].id}/record/export.xlsx")
    assert export.status_code == status


def test_record_exports_open_and_hold_the_rows(web, tree):
    web.login(tree["one_stop"])
    response = web.client.get("/training/record/export.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Họ và tên" and len(rows) == 3
    assert {row[3] for row in rows[1:]} == {"Lớp DVC khóa 1", "Lớp ATTT khóa 1"}
    as_csv = web.client.get("/training/record/export.csv")
    assert as_csv.headers["Content-Type"] == "text/csv; charset=utf-8"
    lines = list(csv.reader(io.StringIO(as_csv.data.decode("utf-8-sig"))))
    assert len(lines) == 3 and "Hoàn thành" in {line[4] for line in lines}


def test_the_admins_account_list_links_every_officials_record(web, factory, tree):
    admin = factory.user(role=Role.admin)
    factory.commit()
    web.login(admin)
    body = web.get("/admin/users").get_data(as_text=True)
    for key in ("one_stop", "leader", "waiting", "done", "nobody"):
        assert f'href="/training/people/{tree[key].id}/record"' in body
    assert f'href="/training/people/{tree["trainer"].id}/record"' not in body  # officials only
    assert structure_errors(body) == []
    partial = web.get("/admin/users?q=Lê Chờ", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert f'href="/training/people/{tree["waiting"].id}/record"' in partial


def test_the_coverage_page_looks_a_record_up_by_email_or_phone(web, factory, tree):
    tree["waiting"].phone = "0912345678"
    factory.commit()
    web.login(tree["trainer"])
    page = web.get("/training/coverage").get_data(as_text=True)
    assert 'action="/training/people/find"' in page and "Tra cứu hồ sơ" in page
    assert structure_errors(page) == []
    found = web.get(f"/training/people/find?login={tree['one_stop'].email.upper()}")
    assert found.status_code == 302 and found.headers["Location"] == f"/training/people/{tree['one_stop'].id}/record"
    by_phone = web.get("/training/people/find?login=%2B84 912 345 678")
    assert by_phone.headers["Location"] == f"/training/people/{tree['waiting'].id}/record"


@pytest.mark.parametrize("login", ["khong-co@example.vn", "out_of_reach"])
def test_a_record_out_of_reach_or_missing_gets_one_message(web, factory, tree, login):
    """Nobody found and someone the trainer may not read answer alike (no probing of accounts)."""
    other = factory.user(role=Role.official, unit=factory.unit(name="Huyện Khác"), email="xa.khac@khac.vn")
    factory.commit()
    web.login(tree["trainer"])
    asked = other.email if login == "out_of_reach" else login
    response = web.get(f"/training/people/find?login={asked}")
    assert response.status_code == 302 and response.headers["Location"] == "/training/coverage"
    assert f"Không tìm thấy hồ sơ của «{asked}» trong phạm vi bạn được xem." in web.get("/training/coverage").get_data(
        as_text=True)
    empty = web.get("/training/people/find?login=")
    assert empty.headers["Location"] == "/training/coverage"
    assert "Hãy nhập email hoặc số điện thoại của cán bộ." in web.get("/training/coverage").get_data(as_text=True)


# --- Coverage ------------------------------------------------------------------------------


def test_coverage_figures_by_hand(session, tree):
    report = coverage(session, tree["district"].id, TODAY)
    c1, c2, district = (report.line(tree[k].id) for k in ("c1", "c2", "district"))
    figures = lambda f: (f.people, f.pairs, f.enrolled, f.completed, f.passed, f.people_done)  # noqa: E731
    assert figures(c1.own) == (2, 3, 3, 1, 1, 0)  # the deactivated official is left out
    assert figures(c2.own) == (2, 3, 1, 1, 0, 1)  # waitlisted is not enrolled; no assessment: not passed
    assert figures(district.own) == (0, 0, 0, 0, 0, 0)
    assert figures(district.total) == figures(report.total) == (4, 6, 4, 2, 1, 1)
    assert [line.name for line in report.children(tree["district"].id)] == ["Xã Hai", "Xã Một"]
    by_position = {name: figures(f) for name, f in report.by_position}
    assert by_position == {"Lãnh đạo": (2, 2, 2, 1, 0, 1), "Một cửa": (2, 4, 2, 1, 1, 0)}
    assert {name: f.pairs for name, f in report.by_field} == {"Dịch vụ công": 6}
    assert figures(coverage(session, tree["c1"].id, TODAY).total) == (2, 3, 3, 1, 1, 0)


def test_still_needs_list(session, tree):
    found = needs(session, tree["district"].id, TODAY)
    total = coverage(session, tree["district"].id, TODAY).total
    assert len(found) == total.pairs - total.completed == 4
    pairs = {(n.full_name, n.programme_code): (n.enrolled, n.expired) for n in found}
    assert pairs == {("Nguyễn Một Cửa", "ATTT"): (True, False), ("Trần Lãnh Đạo", "ATTT"): (True, True),
                     ("Lê Chờ", "DVC"): (False, False), ("Lê Chờ", "ATTT"): (False, False)}
    assert len(needs(session, tree["district"].id, TODAY, page=2, page_size=3)) == 1


@pytest.mark.parametrize("page_size", [1, 2, 3, 4, 5])
def test_still_needs_pages_follow_the_export_unit_by_unit(session, tree, page_size):
    """The pages (read unit by unit from the report's counts) are the export's rows cut in
    pages: every requirement once, in the report's unit order, then by name."""
    district = tree["district"].id
    everything = [(n.unit, n.full_name, n.programme_code) for n in all_needs(session, district, TODAY, batch=1)]
    assert everything == [("Xã Hai", "Lê Chờ", "ATTT"), ("Xã Hai", "Lê Chờ", "DVC"),
                          ("Xã Một", "Nguyễn Một Cửa", "ATTT"), ("Xã Một", "Trần Lãnh Đạo", "ATTT")]
    pages = [[(n.unit, n.full_name, n.programme_code) for n in needs(session, district, TODAY, page, page_size)]
             for page in range(1, 7)]
    assert [row for page in pages for row in page] == everything
    assert all(len(page) == page_size for page in pages[:len(everything) // page_size])


def test_coverage_page_for_the_trainer_and_the_unit_picker(web, factory, tree):
    web.login(tree["trainer"])
    body = web.get("/training/coverage").get_data(as_text=True)
    assert "Huyện Thử" in body and "Xã Một" in body and "Lê Chờ" in body
    partial = web.get(f"/training/coverage?unit={tree['c1'].id}", headers={"HX-Request": "true"})
    text = partial.get_data(as_text=True)
    assert partial.status_code == 200 and "<html" not in text and 'id="coverage"' in text
    assert "Lê Chờ" not in text and "Trần Lãnh Đạo" in text
    province = tree["district"].parent_id
    assert web.get(f"/training/coverage?unit={province}").status_code == 404  # above the trainer
    assert web.get("/training/coverage?unit=abc").status_code == 404


def test_coverage_for_another_units_trainer_and_for_officials(web, factory, tree):
    outsider = factory.user(role=Role.trainer, unit=tree["c2"])
    factory.commit()
    web.login(outsider)
    assert web.get(f"/training/coverage?unit={tree['c1'].id}").status_code == 404
    assert "Lê Chờ" in web.get("/training/coverage").get_data(as_text=True)
    web.login(tree["leader"])
    assert web.get("/training/coverage").status_code == 403


def test_coverage_export_opens_and_has_the_rows(web, factory, tree):
    admin = factory.user(role=Role.admin)
    factory.commit()
    web.login(admin)
    assert web.get("/training/coverage").status_code == 200  # every unit
    response = web.client.get(f"/training/coverage/figures.xlsx?unit={tree['district'].id}")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    units = list(book["Theo đơn vị"].iter_rows(values_only=True))
    assert units[1][:7] == ("Huyện Thử", 4, 6, 4, 2, 1, pytest.approx(33.3))
    assert [row[0].strip() for row in units[2:]] == ["Xã Hai", "Xã Một"]
    assert len(list(book["Còn phải bồi dưỡng"].iter_rows())) == 1 + 4
    needs_only = openpyxl.load_workbook(io.BytesIO(
        web.client.get(f"/training/coverage/needs.xlsx?unit={tree['c1'].id}").data)).active
    assert len(list(needs_only.iter_rows())) == 1 + 2


# --- CLI -----------------------------------------------------------------------------------


def test_cli_coverage_json(runner, tree):
    result = runner.invoke(args=["training", "coverage", "--unit", str(tree["district"].id), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    by_name = {unit["name"]: unit for unit in data["units"]}
    assert by_name["Xã Một"] == {"unit_id": tree["c1"].id, "name": "Xã Một", "parent_id": tree["district"].id,
                                 "required_people": 2, "required_pairs": 3, "enrolled_pairs": 3,
                                 "completed_pairs": 1, "passed_pairs": 1, "completed_people": 0}
    assert data["total"] == {"required_people": 4, "required_pairs": 6, "enrolled_pairs": 4, "completed_pairs": 2,
                             "passed_pairs": 1, "completed_people": 1}
    text = runner.invoke(args=["training", "coverage", "--unit", str(tree["district"].id)]).output
    assert "Xã Hai: required 2 people (3 pairs); pairs enrolled 1, completed 1, passed 0; people completed 1" in text
    assert runner.invoke(args=["training", "coverage", "--unit", "999999", "--json"]).exit_code != 0


def test_cli_record_json(runner, tree):
    result = runner.invoke(args=["training", "record", tree["one_stop"].email.upper(), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    states = {course["programme_code"]: course["state"] for course in data["courses"]}
    assert states == {"DVC": "completed", "ATTT": "in_progress"}
    assert runner.invoke(args=["training", "record", "khong-co@example.vn"]).exit_code != 0


def test_cli_record_finds_a_phone_as_sign_in_does_and_refuses_a_bad_day(runner, factory, tree):
    tree["done"].phone = "0912345678"
    factory.commit()
    result = runner.invoke(args=["training", "record", "+84 912 345 678", "--json", "--today", "2026-03-02"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["full_name"] == "Phạm Xong"
    for command in (["record", "+84912345678"], ["coverage"]):
        bad = runner.invoke(args=["training", *command, "--today", "2026-02-30"])
        assert bad.exit_code == 2 and "Invalid value for '--today'" in bad.output
        assert bad.exception is None or isinstance(bad.exception, SystemExit)


@pytest.mark.parametrize(("who", "links"), [
    ("one_stop", ('href="/training/mine"', 'href="/training/record"')),
    ("trainer", ('href="/training/courses"', 'href="/training/coverage"')),
])
def test_training_is_reached_from_the_nav_and_the_home_page(web, tree, who, links):
    web.login(tree[who])
    home = web.get("/").get_data(as_text=True)
    nav = home.split('<ul class="nav">', 1)[1].split("</ul>", 1)[0]
    for link in links:
        assert link in nav
        assert home.count(link) >= 2  # and the home page
