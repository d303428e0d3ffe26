"""Enrollment: by hand, by rule, from an .xlsx list (all or nothing), self-enrollment inside the
window, the waiting list and its promotion, withdrawal, and the official's "Lớp của tôi"."""

from __future__ import annotations

import io
from datetime import timedelta

import openpyxl
import pytest
from sqlmodel import select

from contest.accounts.models import Role, UnitKind
from contest.core.db import utcnow
from contest.training.enrollment_sheet import HEADERS
from contest.training.models import (
    Course,
    CourseMaterial,
    CoursePosition,
    CourseSession,
    CourseStatus,
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    Programme,
)
from contest.training.services import TrainingError
from contest.training.services import enrollment as service


@pytest.fixture
def org(factory):
    province = factory.province()
    department = factory.unit(name="Sở Thông tin", kind=UnitKind.department, parent=province)
    commune = factory.unit(name="Xã An Hữu", parent=factory.unit(kind=UnitKind.district, parent=province))
    clerk = factory.position("Công chức Văn phòng")
    trainer = factory.user(role=Role.trainer, unit=department, email="gv@so.vn", full_name="Giảng Viên")
    people = {name: factory.user(role=Role.official, unit=commune, email=f"{name}@xa.vn", full_name=name.title(),
                                 job_position_id=clerk.id)
              for name in ("an", "binh", "chi", "dung")}
    made = {"province": province, "department": department, "commune": commune, "clerk": clerk,
            "trainer": trainer, **people,
            "locked": factory.user(role=Role.official, unit=commune, email="khoa@xa.vn", active=False),
            "citizen": factory.user(role=Role.citizen, unit=commune, email="dan@xa.vn"),
            "other_trainer": factory.user(role=Role.trainer, unit=department)}
    factory.commit()
    return made


def make_course(session, org, **kwargs) -> Course:
    programme = session.exec(select(Programme)).first()
    if programme is None:
        programme = Programme(code="DVC", title="Dịch vụ công trực tuyến")
        session.add(programme)
        session.flush()
    kwargs.setdefault("status", CourseStatus.published)
    course = Course(programme_id=programme.id, title=kwargs.pop("title", "Lớp DVC trực tuyến"),
                    unit_id=org["province"].id, created_by=org["trainer"].id, **kwargs)
    session.add(course)
    session.commit()
    return course


def rows(session, course):
    session.expire_all()
    return {e.user_id: e for e in session.exec(select(Enrollment).where(Enrollment.course_id == course.id))}


def xlsx(*lines, headers=("Email", "Số điện thoại")) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(list(headers))
    for line in lines:
        workbook.active.append(list(line))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- the service's rules ---------------------------------------------------------------------------


def test_past_capacity_goes_to_the_waiting_list_in_arrival_order(session, org):
    course = make_course(session, org, capacity=2)
    now = utcnow()
    for i, name in enumerate(("an", "binh", "chi", "dung")):
        service.enroll(session, course, org[name], EnrollmentSource.hand, org["trainer"], now + timedelta(seconds=i))
    statuses = {uid: e.status for uid, e in rows(session, course).items()}
    assert statuses == {org["an"].id: "enrolled", org["binh"].id: "enrolled",
                        org["chi"].id: "waitlisted", org["dung"].id: "waitlisted"}
    groups = service.roster(session, course)
    assert [(r.user.id, r.waiting) for r in groups[EnrollmentStatus.waitlisted]] == [
        (org["chi"].id, 1), (org["dung"].id, 2)]


def test_a_withdrawal_moves_the_earliest_waiting_up(session, org):
    course = make_course(session, org, capacity=1)
    now = utcnow()
    first = service.enroll(session, course, org["an"], EnrollmentSource.hand, org["trainer"], now)
    service.enroll(session, course, org["binh"], EnrollmentSource.hand, org["trainer"], now + timedelta(seconds=1))
    service.enroll(session, course, org["chi"], EnrollmentSource.hand, org["trainer"], now + timedelta(seconds=2))
    service.withdraw(session, course, first.id, org["trainer"], now)
    statuses = {uid: e.status for uid, e in rows(session, course).items()}
    assert statuses[org["an"].id] == "withdrawn"
    assert statuses[org["binh"].id] == "enrolled" and statuses[org["chi"].id] == "waitlisted"


def test_raising_capacity_then_promote_seats_the_waiting(session, org):
    course = make_course(session, org, capacity=1)
    now = utcnow()
    for name in ("an", "binh", "chi"):
        service.enroll(session, course, org[name], EnrollmentSource.hand, org["trainer"], now)
    course.capacity = 3
    moved = service.promote(session, course, now)
    assert {e.user_id for e in moved} == {org["binh"].id, org["chi"].id}


def test_duplicate_enrollment_is_refused_with_a_message(session, org):
    course = make_course(session, org)
    service.enroll(session, course, org["an"], EnrollmentSource.hand, org["trainer"], utcnow())
    with pytest.raises(TrainingError) as err:
        service.enroll(session, course, org["an"], EnrollmentSource.hand, org["trainer"], utcnow())
    assert err.value.message == service.DUPLICATE


def test_a_concurrent_duplicate_is_the_same_message_not_a_500(session, org, monkeypatch):
    """The row another request inserted is invisible to the check; the unique constraint
    catches it at the flush and it becomes the duplicate's message."""
    course = make_course(session, org)
    service.enroll(session, course, org["an"], EnrollmentSource.hand, org["trainer"], utcnow())
    session.commit()
    monkeypatch.setattr(service, "_rows", lambda *_args: {})
    with pytest.raises(TrainingError) as err:
        service.enroll(session, course, org["an"], EnrollmentSource.hand, org["trainer"], utcnow())
    assert err.value.message == service.DUPLICATE and err.value.params == {"name": "An"}
    session.rollback()


@pytest.mark.parametrize("who", ["locked", "citizen", "trainer"])
def test_only_active_officials_are_enrolled(session, org, who):
    course = make_course(session, org)
    with pytest.raises(TrainingError):
        service.enroll(session, course, org[who], EnrollmentSource.hand, org["trainer"], utcnow())


def test_a_withdrawn_person_may_be_enrolled_again(session, org):
    course = make_course(session, org)
    row = service.enroll(session, course, org["an"], EnrollmentSource.hand, org["trainer"], utcnow())
    service.withdraw(session, course, row.id, org["trainer"], utcnow())
    again = service.enroll(session, course, org["an"], EnrollmentSource.hand, org["trainer"], utcnow())
    assert again.id == row.id and again.status == EnrollmentStatus.enrolled


def test_runners_enroll_until_the_last_session_ends(session, org):
    course = make_course(session, org, enroll_closes_at=utcnow() - timedelta(days=3))
    now = utcnow()
    session.add(CourseSession(course_id=course.id, starts_at=now - timedelta(hours=2), ends_at=now - timedelta(hours=1)))
    session.flush()
    with pytest.raises(TrainingError, match="kết thúc"):
        service.enroll(session, course, org["an"], EnrollmentSource.hand, org["trainer"], now)
    service.enroll(session, course, org["an"], EnrollmentSource.hand, org["trainer"], now - timedelta(hours=3))
    course.status = CourseStatus.archived
    with pytest.raises(TrainingError, match="lưu trữ"):
        service.enroll(session, course, org["binh"], EnrollmentSource.hand, org["trainer"], now - timedelta(hours=3))


@pytest.mark.parametrize(("opens", "closes", "message"), [
    (1, None, "chưa mở"), (None, -1, "hết hạn")])
def test_self_enrollment_outside_the_window_is_refused(session, org, opens, closes, message):
    now = utcnow()
    course = make_course(session, org, self_enroll=True,
                         enroll_opens_at=now + timedelta(days=opens) if opens else None,
                         enroll_closes_at=now + timedelta(days=closes) if closes else None)
    with pytest.raises(TrainingError, match=message):
        service.enroll(session, course, org["an"], EnrollmentSource.self, org["an"], now)


def test_self_enrollment_needs_an_open_course_of_ones_position(session, org, factory):
    closed = make_course(session, org)
    with pytest.raises(TrainingError, match="không nhận tự đăng ký"):
        service.enroll(session, closed, org["an"], EnrollmentSource.self, org["an"], utcnow())
    course = make_course(session, org, self_enroll=True, title="Lớp cho lãnh đạo")
    session.add(CoursePosition(course_id=course.id, position_id=factory.position("Lãnh đạo").id))
    session.flush()
    with pytest.raises(TrainingError, match="vị trí việc làm khác"):
        service.enroll(session, course, org["an"], EnrollmentSource.self, org["an"], utcnow())


def test_rule_takes_the_unit_subtree_and_skips_those_inside(session, org):
    course = make_course(session, org)
    service.enroll(session, course, org["an"], EnrollmentSource.hand, org["trainer"], utcnow())
    found, inside = service.rule_matches(session, course, org["commune"].id, [org["clerk"].id])
    assert {u.id for u in found} == {org["binh"].id, org["chi"].id, org["dung"].id} and inside == 1
    placed = service.enroll_by_rule(session, course, org["province"].id, [], [], org["trainer"], utcnow())
    assert placed == service.Placed(3, 0)


# --- pages ---------------------------------------------------------------------------------------


@pytest.fixture
def trainer(web, org):
    web.login(org["trainer"])
    return org["trainer"]


def test_roster_page_and_htmx_fragment(web, session, org, trainer):
    course = make_course(session, org, capacity=1)
    service.enroll(session, course, org["an"], EnrollmentSource.hand, trainer, utcnow())
    service.enroll(session, course, org["binh"], EnrollmentSource.rule, trainer, utcnow())
    session.commit()
    url = f"/training/courses/{course.id}/roster"
    page = web.get(url).get_data(as_text=True)
    assert "<html" in page and "An" in page and "Danh sách chờ" in page and "Theo đơn vị" in page
    fragment = web.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in fragment and 'id="enrollments"' in fragment


def test_another_trainer_cannot_see_the_roster(web, session, org):
    course = make_course(session, org)
    web.login(org["other_trainer"])
    assert web.get(f"/training/courses/{course.id}/roster").status_code == 404
    assert web.get(f"/training/courses/{course.id}/enroll/file").status_code == 404


def test_enroll_by_hand_by_email_or_phone(web, session, org, trainer):
    course = make_course(session, org, capacity=1)
    url = f"/training/courses/{course.id}/roster"
    web.get(url)
    response = web.post(f"/training/courses/{course.id}/enroll", {"login": "AN@xa.vn"})
    assert response.status_code == 302
    body = web.post(f"/training/courses/{course.id}/enroll", {"login": "an@xa.vn"}, htmx=True).get_data(as_text=True)
    assert "An đã có trong lớp này." in body and 'id="enrollments"' in body
    body = web.post(f"/training/courses/{course.id}/enroll", {"login": "binh@xa.vn"}, htmx=True).get_data(as_text=True)
    assert "danh sách chờ" in body
    body = web.post(f"/training/courses/{course.id}/enroll", {"login": "khoa@xa.vn"}).get_data(as_text=True)
    assert "đã bị khóa" in body
    body = web.post(f"/training/courses/{course.id}/enroll", {"login": "ai@dau.vn"}).get_data(as_text=True)
    assert "Không tìm thấy tài khoản" in body
    assert {e.status for e in rows(session, course).values()} == {"enrolled", "waitlisted"}


def test_withdraw_by_the_runner_promotes(web, session, org, trainer):
    course = make_course(session, org, capacity=1)
    first = service.enroll(session, course, org["an"], EnrollmentSource.hand, trainer, utcnow())
    service.enroll(session, course, org["binh"], EnrollmentSource.hand, trainer, utcnow() + timedelta(seconds=1))
    session.commit()
    web.get(f"/training/courses/{course.id}/roster")
    body = web.post(f"/training/courses/{course.id}/enrollments/{first.id}/withdraw", htmx=True).get_data(as_text=True)
    assert "Đã rút tên khỏi lớp." in body
    assert rows(session, course)[org["binh"].id].status == EnrollmentStatus.enrolled


def test_enroll_by_rule_previews_then_confirms(web, session, org, trainer):
    course = make_course(session, org)
    url = f"/training/courses/{course.id}/enroll/rule"
    web.get(url)
    body = web.post(url, {"unit_id": org["commune"].id, "position_ids": org["clerk"].id,
                          "action": "preview"}).get_data(as_text=True)
    assert "Sẽ ghi danh 4 người" in body and not rows(session, course)
    response = web.post(url, {"unit_id": org["commune"].id, "action": "confirm"})
    assert response.status_code == 302
    assert len(rows(session, course)) == 4


def test_a_rule_outside_the_course_unit_is_refused(web, session, org, trainer):
    course = make_course(session, org)
    course.unit_id = org["commune"].id
    session.commit()
    url = f"/training/courses/{course.id}/enroll/rule"
    web.get(url)
    body = web.post(url, {"unit_id": org["department"].id, "action": "confirm"}).get_data(as_text=True)
    assert "Lựa chọn không hợp lệ" in body and not rows(session, course)


def upload(web, course, data):
    url = f"/training/courses/{course.id}/enroll/file"
    web.get(url)
    return web.post(url, {"file": (io.BytesIO(data), "ds.xlsx")})


def test_file_enrolls_everyone_past_capacity_waiting(web, session, org, trainer):
    course = make_course(session, org, capacity=2)
    response = upload(web, course, xlsx(["an@xa.vn", ""], ["", ""], ["BINH@xa.vn", ""], ["chi@xa.vn", ""]))
    assert response.status_code == 302
    statuses = {uid: e.status for uid, e in rows(session, course).items()}
    assert statuses == {org["an"].id: "enrolled", org["binh"].id: "enrolled", org["chi"].id: "waitlisted"}
    assert all(e.source == EnrollmentSource.file for e in rows(session, course).values())


def test_a_file_with_any_bad_line_enrolls_nobody(web, session, org, trainer):
    course = make_course(session, org)
    service.enroll(session, course, org["dung"], EnrollmentSource.hand, trainer, utcnow())
    session.commit()
    body = upload(web, course, xlsx(
        ["an@xa.vn", ""],          # 2: fine
        ["khoa@xa.vn", ""],        # 3: deactivated
        ["ai@dau.vn", ""],         # 4: unknown
        ["AN@xa.vn", ""],          # 5: duplicate of line 2
        ["dan@xa.vn", ""],         # 6: not an official
        ["dung@xa.vn", ""],        # 7: already enrolled
        ["binh@xa.vn", "0999"],    # 8: the phone names nobody
    )).get_data(as_text=True)
    assert "Tệp có 6 lỗi; chưa ai được ghi danh." in body
    for line, text in ((3, "đã bị khóa"), (4, "Không tìm thấy tài khoản có email hoặc số điện thoại «ai@dau.vn»"),
                       (5, "trùng với dòng 2"), (6, "không phải là tài khoản cán bộ"), (7, "Dung đã có trong lớp này."),
                       (8, "«0999»")):
        assert f"<tr><td>{line}</td><td>" in body and text in body, (line, text)
    assert set(rows(session, course)) == {org["dung"].id}


def test_an_unreadable_or_headless_file_is_refused(web, session, org, trainer):
    course = make_course(session, org)
    assert "Thiếu cột Email hoặc Số điện thoại" in upload(web, course, xlsx(["x"], headers=("Tên",))).get_data(as_text=True)
    assert "Tệp không có dòng dữ liệu nào." in upload(web, course, xlsx()).get_data(as_text=True)
    assert not rows(session, course)


def test_template_download(web, session, org, trainer):
    course = make_course(session, org)
    response = web.client.get(f"/training/courses/{course.id}/enroll/template.xlsx")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).worksheets[0]
    assert [c.value for c in sheet[1]] == list(HEADERS)


# --- the official's side ---------------------------------------------------------------------------


def test_join_an_open_course_then_leave_before_it_starts(web, session, org):
    course = make_course(session, org, self_enroll=True, capacity=1)
    service.enroll(session, course, org["binh"], EnrollmentSource.self, org["binh"], utcnow())
    session.commit()
    web.login(org["an"])
    page = web.get("/training/mine").get_data(as_text=True)
    assert "Lớp đang nhận đăng ký" in page and f"/training/courses/{course.id}/join" in page
    web.post(f"/training/courses/{course.id}/join")
    assert rows(session, course)[org["an"].id].status == EnrollmentStatus.waitlisted
    assert "danh sách chờ" in web.get("/training/mine").get_data(as_text=True)
    web.post(f"/training/courses/{course.id}/join")  # twice: refused with the message
    assert "An đã có trong lớp này." in web.get("/training/mine").get_data(as_text=True)
    web.post(f"/training/courses/{course.id}/leave")
    assert rows(session, course)[org["an"].id].status == EnrollmentStatus.withdrawn


def test_joining_outside_the_window_is_a_message(web, session, org):
    course = make_course(session, org, self_enroll=True, enroll_closes_at=utcnow() - timedelta(days=1))
    web.login(org["an"])
    web.get("/training/mine")
    response = web.post(f"/training/courses/{course.id}/join")
    assert response.status_code == 302 and response.headers["Location"] == "/training/mine"
    assert "Đã hết hạn đăng ký lớp này." in web.get("/training/mine").get_data(as_text=True)
    assert not rows(session, course)


def test_leaving_after_the_first_session_is_refused(web, session, org):
    course = make_course(session, org, self_enroll=True)
    service.enroll(session, course, org["an"], EnrollmentSource.self, org["an"], utcnow())
    now = utcnow()
    session.add(CourseSession(course_id=course.id, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1)))
    session.commit()
    with pytest.raises(TrainingError, match="đã bắt đầu"):
        service.leave(session, course, org["an"], now)


def test_mine_lists_classes_sessions_materials_and_reminders(web, session, org):
    now = utcnow()
    course = make_course(session, org)
    row = service.enroll(session, course, org["an"], EnrollmentSource.hand, org["trainer"], now)
    session.add(CourseSession(course_id=course.id, starts_at=now + timedelta(days=1),
                              ends_at=now + timedelta(days=1, hours=2), place="Hội trường UBND xã",
                              online_url="https://meet.example.vn/lop"))
    session.add(CourseMaterial(course_id=course.id, title="Tài liệu hướng dẫn", url="https://example.vn/tl.pdf"))
    old = make_course(session, org, title="Lớp ATTT năm trước")
    done = service.enroll(session, old, org["an"], EnrollmentSource.hand, org["trainer"], now)
    done.completed_on, done.expires_on = (now - timedelta(days=300)).date(), (now + timedelta(days=10)).date()
    row.status = EnrollmentStatus.enrolled
    session.commit()
    web.login(org["an"])
    page = web.get("/training/mine").get_data(as_text=True)
    for text in ("Lớp DVC trực tuyến", "Hội trường UBND xã", "https://meet.example.vn/lop", "Tài liệu hướng dẫn",
                 "Lớp ATTT năm trước", "sẽ hết hạn"):
        assert text in page, text
    home = web.get("/").get_data(as_text=True)
    assert "Bạn đang có 2 lớp." in home and "Hội trường UBND xã" in home and "sẽ hết hạn" in home
    assert "/training/mine" in home
    # each class on the home page too: its standing and a link to its materials
    assert "Lớp DVC trực tuyến</strong>" in home and "đang học, chuyên cần 0%" in home
    assert f'href="/training/mine#course-{course.id}">1 tài liệu</a>' in home
    assert f"hoàn thành {(now - timedelta(days=300)).date():%d/%m/%Y}" in home


def test_drafts_are_hidden_from_officials(web, session, org):
    course = make_course(session, org, status=CourseStatus.draft, self_enroll=True)
    web.login(org["an"])
    assert course.title not in web.get("/training/mine").get_data(as_text=True)
    web.get("/training/mine")
    assert web.post(f"/training/courses/{course.id}/join").status_code == 404


def test_every_enrollment_page_parses_as_written(web, session, org, trainer):
    """The structural check of tests/support/markup.py on each page with all its parts shown."""
    from tests.support.markup import structure_errors

    now = utcnow()
    course = make_course(session, org, capacity=1, self_enroll=True)
    first = service.enroll(session, course, org["an"], EnrollmentSource.hand, trainer, now)
    service.enroll(session, course, org["binh"], EnrollmentSource.hand, trainer, now + timedelta(seconds=1))
    service.enroll(session, course, org["chi"], EnrollmentSource.hand, trainer, now + timedelta(seconds=2))
    service.withdraw(session, course, first.id, trainer, now)
    session.add(CourseSession(course_id=course.id, starts_at=now + timedelta(days=1), ends_at=now + timedelta(days=1, hours=1),
                              place="Hội trường"))
    make_course(session, org, self_enroll=True, title="Lớp mở")
    session.commit()
    pages = {}
    roster = f"/training/courses/{course.id}/roster"
    pages["roster"] = web.get(roster).get_data(as_text=True)
    pages["fragment"] = web.get(roster, headers={"HX-Request": "true"}).get_data(as_text=True)
    rule = f"/training/courses/{course.id}/enroll/rule"
    web.get(rule)
    pages["rule"] = web.post(rule, {"unit_id": org["commune"].id, "action": "preview"}).get_data(as_text=True)
    pages["file"] = upload(web, course, xlsx(["ai@dau.vn", ""])).get_data(as_text=True)
    web.login(org["binh"])
    pages["mine"] = web.get("/training/mine").get_data(as_text=True)
    pages["home"] = web.get("/").get_data(as_text=True)
    assert "Sẽ ghi danh" in pages["rule"] and "Tệp có 1 lỗi" in pages["file"] and "Lớp mở" in pages["mine"]
    broken = {name: structure_errors(html) for name, html in pages.items() if structure_errors(html)}
    assert not broken


def test_the_course_trainer_reads_the_records_of_the_people_enrolled(web, session, org, factory, trainer):
    """The course's trainer works in the department, above none of the commune's units, yet
    teaches its officials: the roster links their records and the record opens. A trainer who
    runs no course of theirs does not read it."""
    course = make_course(session, org)
    record = f'href="/training/people/{org["an"].id}/record"'
    assert web.get(f"/training/people/{org['an'].id}/record").status_code == 404
    service.enroll(session, course, org["an"], EnrollmentSource.hand, trainer, utcnow())
    session.commit()
    assert record in web.get(f"/training/courses/{course.id}/roster").get_data(as_text=True)
    assert web.get(f"/training/people/{org['an'].id}/record").status_code == 200
    web.login(org["other_trainer"])  # same department, runs no course of An's
    assert web.get(f"/training/people/{org['an'].id}/record").status_code == 404


def test_reminders_count_the_provinces_day_not_the_utc_one(session, org):
    """At 20:00 UTC on 1 March it is already 2 March in the province: a completion expiring on
    2 March has expired, not "expiring"."""
    from datetime import date, datetime

    from contest.training.completion import Standing

    now = datetime(2026, 3, 1, 20, 0)
    course = make_course(session, org, title="Lớp ATTT năm trước")
    row = service.enroll(session, course, org["an"], EnrollmentSource.hand, org["trainer"], now)
    row.completed_on, row.expires_on = date(2025, 3, 2), date(2026, 3, 2)
    session.commit()
    reminders = service.my_training(session, org["an"], now).reminders
    assert [(r.expires_on, r.standing) for r in reminders] == [(date(2026, 3, 2), Standing.expired)]
