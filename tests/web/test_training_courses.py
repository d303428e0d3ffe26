"""Programmes, courses, sessions, trainers and materials: the trainer's side of training."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlmodel import select

from contest.accounts.models import Role
from contest.core.db import utcnow
from contest.training.models import (
    Attendance,
    AttendanceMark,
    Course,
    CourseMaterial,
    CourseSession,
    CourseStatus,
    CourseTrainer,
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    PositionRequirement,
    Programme,
)
from contest.training.services import courses, programmes

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def setup(factory, session):
    """A programme, a trainer running a draft course of it, another trainer and an official."""
    trainer = factory.user(role=Role.trainer, full_name="Giảng viên Một")
    programme = programmes.create_programme(session, "ATTT-CB", "An toàn thông tin cơ bản", valid_months=24)
    course = courses.create_course(session, trainer, courses.CourseDraft(
        programme_id=programme.id, title="Lớp ATTT khóa 1", unit_id=trainer.unit_id), utcnow())
    other = factory.user(role=Role.trainer, full_name="Giảng viên Hai")
    official = factory.user(role=Role.official)
    admin = factory.user(role=Role.admin)
    factory.commit()
    return {"trainer": trainer, "programme": programme, "course": course, "other": other,
            "official": official, "admin": admin}


def _session_data(day="2030-03-02", starts="08:00", ends="11:30", place="Hội trường UBND tỉnh"):
    return {"day": day, "starts": starts, "ends": ends, "place": place, "online_url": ""}


def _sessions(session, course):
    session.expire_all()
    return list(session.exec(select(CourseSession).where(CourseSession.course_id == course.id)))


def test_a_trainer_creates_a_course_and_its_sessions_through_the_routes(web, factory, session, setup):
    trainer, programme = setup["trainer"], setup["programme"]
    position = factory.position("Công chức một cửa")
    factory.commit()
    web.login(trainer)
    page = web.get("/training/courses/new").get_data(as_text=True)
    assert "ATTT-CB — An toàn thông tin cơ bản" in page
    response = web.post("/training/courses/new", {
        "programme_id": programme.id, "title": "Cổng dịch vụ công cho bộ phận một cửa",
        "description": "Thực hành trên cổng", "unit_id": trainer.unit_id, "position_ids": position.id,
        "capacity": "30", "min_attendance": "75", "enroll_opens_at": "2030-02-01T08:00",
        "enroll_closes_at": "2030-02-20T17:00", "practice_exam_id": "", "assessment_exam_id": ""})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    course = session.exec(select(Course).where(Course.title == "Cổng dịch vụ công cho bộ phận một cửa")).one()
    assert course.status == CourseStatus.draft and course.min_attendance == 0.75
    assert course.valid_months == 24  # the programme's
    assert course.enroll_opens_at == datetime(2030, 2, 1, 1, 0)  # 08:00 in Vietnam is 01:00 UTC
    assert session.get(CourseTrainer, (course.id, trainer.id)) is not None
    response = web.post(f"/training/courses/{course.id}/sessions", _session_data())
    assert response.status_code == 302
    [item] = _sessions(session, course)
    assert (item.starts_at, item.ends_at) == (datetime(2030, 3, 2, 1, 0), datetime(2030, 3, 2, 4, 30))
    page = web.get(f"/training/courses/{course.id}").get_data(as_text=True)
    assert "Hội trường UBND tỉnh" in page and "08:00 – 11:30" in page
    response = web.post(f"/training/courses/{course.id}/publish", {})
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Course, course.id).status == CourseStatus.published


@pytest.mark.parametrize(("data", "message"), [
    (_session_data(starts="11:00", ends="09:00"), "Giờ kết thúc phải sau giờ bắt đầu."),
    (_session_data(starts="09:00", ends="09:00"), "Giờ kết thúc phải sau giờ bắt đầu."),
    (_session_data(starts="10:00", ends="12:00"), "Buổi học trùng giờ với một buổi khác của lớp."),
    (_session_data(place=""), "Hãy nhập địa điểm hoặc đường dẫn học trực tuyến."),
])
def test_a_bad_session_is_refused_with_a_message_and_nothing_stored(web, session, setup, data, message):
    course = setup["course"]
    courses.add_session(session, course, datetime(2030, 3, 2, 1, 0), datetime(2030, 3, 2, 4, 30), "Phòng họp")
    session.commit()
    web.login(setup["trainer"])
    web.get(f"/training/courses/{course.id}")
    response = web.post(f"/training/courses/{course.id}/sessions", data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert len(_sessions(session, course)) == 1


def test_back_to_back_sessions_do_not_overlap(web, session, setup):
    course = setup["course"]
    courses.add_session(session, course, datetime(2030, 3, 2, 1, 0), datetime(2030, 3, 2, 4, 30), "Phòng họp")
    session.commit()
    web.login(setup["trainer"])
    response = web.post(f"/training/courses/{course.id}/sessions", _session_data(starts="11:30", ends="12:30"))
    assert response.status_code == 302
    assert len(_sessions(session, course)) == 2


def test_publishing_without_a_session_is_refused(web, session, setup):
    course = setup["course"]
    web.login(setup["trainer"])
    web.get(f"/training/courses/{course.id}")
    response = web.post(f"/training/courses/{course.id}/publish", {},
                        headers={"Referer": f"http://localhost/training/courses/{course.id}"})
    assert response.status_code == 302
    page = web.get(response.headers["Location"]).get_data(as_text=True)
    assert "Hãy thêm ít nhất một buổi học trước khi công bố lớp." in page
    session.expire_all()
    assert session.get(Course, course.id).status == CourseStatus.draft


def test_who_reaches_a_course(web, setup):
    url = f"/training/courses/{setup['course'].id}"
    web.login(setup["other"])  # a trainer who does not run it
    assert web.get(url).status_code == 404
    assert web.get(f"{url}/edit").status_code == 404
    assert setup["course"].title not in web.get("/training/courses").get_data(as_text=True)
    web.login(setup["official"])
    assert web.get(url).status_code == 403
    assert web.get("/training/courses").status_code == 403
    web.login(setup["admin"])
    assert web.get(url).status_code == 200


def test_a_named_trainer_runs_the_course_and_the_last_trainer_stays(web, session, setup):
    course, other = setup["course"], setup["other"]
    web.login(setup["trainer"])
    response = web.post(f"/training/courses/{course.id}/trainers", {"who": other.email.upper()})
    assert response.status_code == 302
    assert session.get(CourseTrainer, (course.id, other.id)) is not None
    body = web.post(f"/training/courses/{course.id}/trainers", {"who": "không có ai"}).get_data(as_text=True)
    assert "Không tìm thấy giảng viên «không có ai»" in body
    web.login(other)
    assert web.get(f"/training/courses/{course.id}").status_code == 200
    web.post(f"/training/courses/{course.id}/trainers/{setup['trainer'].id}/remove", {})
    response = web.post(f"/training/courses/{course.id}/trainers/{other.id}/remove", {},
                        headers={"Referer": f"http://localhost/training/courses/{course.id}"})
    page = web.get(response.headers["Location"]).get_data(as_text=True)
    assert "Lớp cần ít nhất một giảng viên" in page
    session.expire_all()
    assert session.get(CourseTrainer, (course.id, other.id)) is not None


def test_a_session_with_attendance_cannot_be_deleted(web, session, setup):
    course, official = setup["course"], setup["official"]
    item = courses.add_session(session, course, datetime(2030, 3, 2, 1, 0), datetime(2030, 3, 2, 4, 30), "Phòng")
    spare = courses.add_session(session, course, datetime(2030, 3, 3, 1, 0), datetime(2030, 3, 3, 4, 30), "Phòng")
    session.add(Attendance(session_id=item.id, user_id=official.id, mark=AttendanceMark.present))
    session.commit()
    web.login(setup["trainer"])
    response = web.post(f"/training/sessions/{item.id}/delete", {},
                        headers={"Referer": f"http://localhost/training/courses/{course.id}"})
    assert "Buổi học đã có điểm danh, không thể xóa." in web.get(response.headers["Location"]).get_data(as_text=True)
    assert web.post(f"/training/sessions/{spare.id}/delete", {}).status_code == 302
    assert [s.id for s in _sessions(session, course)] == [item.id]


def test_a_session_is_edited_in_local_time(web, session, setup):
    course = setup["course"]
    item = courses.add_session(session, course, datetime(2030, 3, 2, 1, 0), datetime(2030, 3, 2, 4, 30), "Phòng")
    session.commit()
    web.login(setup["trainer"])
    page = web.get(f"/training/sessions/{item.id}/edit").get_data(as_text=True)
    assert 'value="2030-03-02"' in page and 'value="08:00"' in page
    response = web.post(f"/training/sessions/{item.id}/edit", _session_data(starts="13:30", ends="16:00"))
    assert response.status_code == 302
    session.expire_all()
    assert session.get(CourseSession, item.id).starts_at == datetime(2030, 3, 2, 6, 30)


def _upload(web, course, name, data):
    import io

    return web.post(f"/training/courses/{course.id}/materials/file",
                    {"file_title": "", "file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def _materials(session, course):
    session.expire_all()
    return list(session.exec(select(CourseMaterial).where(CourseMaterial.course_id == course.id)))


def test_material_uploads_are_bounded_in_type_and_size(app, web, session, setup, monkeypatch):
    course = setup["course"]
    monkeypatch.setitem(app.config, "MATERIAL_MAX_BYTES", 1 << 20)
    web.login(setup["trainer"])
    web.get(f"/training/courses/{course.id}")
    body = _upload(web, course, "bai-giang.pdf", PDF + b"0" * (1 << 20)).get_data(as_text=True)
    assert "Tệp quá lớn (tối đa 1 MB)." in body
    body = _upload(web, course, "virus.exe", b"MZ\x90\x00").get_data(as_text=True)
    assert "Chỉ nhận tệp PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), PNG, JPG." in body
    body = _upload(web, course, "gia-mao.pdf", b"<html>not a pdf</html>").get_data(as_text=True)
    assert "Chỉ nhận tệp PDF" in body
    assert _materials(session, course) == []
    assert _upload(web, course, "Bài giảng 1.pdf", PDF).status_code == 302
    [material] = _materials(session, course)
    assert (material.filename, material.content_type, material.size) == ("Bài giảng 1.pdf", "application/pdf", len(PDF))


def test_materials_download_for_runners_and_enrolled_officials_only(web, factory, session, setup):
    course, official = setup["course"], setup["official"]
    material = courses.add_material_file(session, course, "Bài giảng", "bai-giang.pdf", PDF, 1 << 20, utcnow())
    link = courses.add_material_link(session, course, "Cổng DVC", "https://dichvucong.gov.vn", utcnow())
    waiting = factory.user(role=Role.official)
    for person, status in ((official, EnrollmentStatus.enrolled), (waiting, EnrollmentStatus.waitlisted)):
        session.add(Enrollment(course_id=course.id, user_id=person.id, status=status, source=EnrollmentSource.hand))
    session.commit()
    url = f"/training/materials/{material.id}"
    for person, status in ((setup["trainer"], 200), (official, 200), (waiting, 404), (setup["other"], 404),
                           (setup["admin"], 200)):
        web.login(person)
        response = web.client.get(url)
        assert response.status_code == status, person.full_name
        if status == 200:
            assert response.data == PDF and "attachment" in response.headers["Content-Disposition"]
            assert "sandbox" in response.headers["Content-Security-Policy"]
    web.login(official)
    response = web.client.get(f"/training/materials/{link.id}")
    assert response.status_code == 302 and response.headers["Location"] == "https://dichvucong.gov.vn"
    assert web.client.get(f"/training/materials/{material.id}/delete").status_code == 405
    assert web.post(f"/training/materials/{material.id}/delete", {}).status_code == 403


def test_a_link_must_be_http(web, session, setup):
    course = setup["course"]
    web.login(setup["trainer"])
    body = web.post(f"/training/courses/{course.id}/materials/link",
                    {"link_title": "Xấu", "url": "javascript:alert(1)"}).get_data(as_text=True)
    assert "Đường dẫn phải bắt đầu bằng http:// hoặc https://." in body
    assert _materials(session, course) == []


# --- htmx: one URL, two renderings ---------------------------------------------------------------


def test_htmx_gets_fragments(web, session, setup):
    course = setup["course"]
    web.login(setup["trainer"])
    rows = web.get("/training/courses?status=draft", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in rows and 'id="course-rows"' in rows
    assert course.title in rows
    archived = web.get("/training/courses?status=archived", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert course.title not in archived
    response = web.post(f"/training/courses/{course.id}/sessions", _session_data(), htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body and 'id="sessions-section"' in body
    assert "Đã thêm buổi học." in body and "Hội trường UBND tỉnh" in body
    refused = web.post(f"/training/courses/{course.id}/sessions", _session_data(), htmx=True)
    assert refused.status_code == 200
    assert "Buổi học trùng giờ" in refused.get_data(as_text=True)
    [item] = _sessions(session, course)
    form = web.get(f"/training/sessions/{item.id}/edit", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in form and 'id="session-form"' in form
    fragment = web.get(f"/training/courses/{course.id}/sessions", headers={"HX-Request": "true"})
    assert 'id="sessions-section"' in fragment.get_data(as_text=True)
    trainers = web.post(f"/training/courses/{course.id}/trainers", {"who": setup["other"].email},
                        htmx=True).get_data(as_text=True)
    assert 'id="trainers-section"' in trainers and "Giảng viên Hai" in trainers


# --- Programmes and requirements (admins) --------------------------------------------------------


def test_admin_keeps_programmes_and_the_requirement_matrix(web, factory, session, setup):
    position = factory.position("Chủ tịch UBND xã")
    factory.commit()
    web.login(setup["admin"])
    assert web.post("/training/programmes", {"code": "dvc-1", "title": "Dịch vụ công", "valid_months": "",
                                             "field_id": "", "active": "y"}).status_code == 302
    assert session.exec(select(Programme).where(Programme.code == "DVC-1")).one().valid_months is None
    body = web.post("/training/programmes", {"code": "attt-cb", "title": "Trùng mã", "field_id": "",
                                             "active": "y"}).get_data(as_text=True)
    assert "Mã chương trình «ATTT-CB» đã được dùng." in body
    programme = setup["programme"]
    response = web.post("/training/requirements", {"pairs": f"{position.id}-{programme.id}"})
    assert response.status_code == 302
    assert session.get(PositionRequirement, (position.id, programme.id)) is not None
    fragment = web.post("/training/requirements", {}, htmx=True).get_data(as_text=True)
    assert "Đã lưu khung năng lực: thêm 0, bỏ 1 yêu cầu." in fragment and "<html" not in fragment
    session.expire_all()
    assert session.get(PositionRequirement, (position.id, programme.id)) is None
    web.login(setup["trainer"])
    assert web.get("/training/programmes").status_code == 403


def test_the_pages_parse_as_written(web, factory, session, setup):
    from tests.support.markup import structure_errors

    course = setup["course"]
    item = courses.add_session(session, course, datetime(2030, 3, 2, 1, 0), datetime(2030, 3, 2, 4, 30),
                               "Phòng họp", "https://meet.example.vn/lop")
    courses.add_material_file(session, course, "Bài giảng", "bai-giang.pdf", PDF, 1 << 20, utcnow())
    courses.add_material_link(session, course, "Cổng DVC", "https://dichvucong.gov.vn", utcnow())
    courses.add_trainer(session, course, setup["other"].email)
    factory.position("Văn thư")
    session.commit()
    web.login(setup["admin"])
    for url in ("/training/courses", f"/training/courses/{course.id}", f"/training/courses/{course.id}/edit",
                "/training/courses/new", f"/training/sessions/{item.id}/edit", "/training/programmes",
                f"/training/programmes/{setup['programme'].id}/edit", "/training/requirements"):
        response = web.get(url)
        assert response.status_code == 200, url
        assert structure_errors(response.get_data(as_text=True)) == [], url


# --- Capacity, rule and sessions changed after people enrolled ----------------------------------


def _course_data(course, **changes) -> dict:
    """The course form as the edit page fills it, with ``changes``."""
    data = {"programme_id": course.programme_id, "title": course.title, "description": course.description,
            "unit_id": course.unit_id, "capacity": course.capacity or "",
            "min_attendance": round(course.min_attendance * 100), "enroll_opens_at": "", "enroll_closes_at": "",
            "practice_exam_id": "", "assessment_exam_id": "", "valid_months": course.valid_months or ""}
    data.update(changes)
    return data


def _enroll(session, setup, factory, count, capacity):
    """``count`` officials enrolled one second apart in the course of ``capacity`` seats."""
    from datetime import timedelta

    from contest.training.services import enrollment

    course = session.get(Course, setup["course"].id)
    course.capacity = capacity
    now = utcnow()
    people = [factory.user(role=Role.official, full_name=f"Cán bộ {i}") for i in range(count)]
    for i, person in enumerate(people):
        enrollment.enroll(session, course, person, EnrollmentSource.hand, setup["trainer"], now + timedelta(seconds=i))
    session.commit()
    return course, people


def _statuses(session, course, people) -> list[str]:
    session.expire_all()
    rows = {e.user_id: e.status for e in session.exec(select(Enrollment).where(Enrollment.course_id == course.id))}
    return [rows[p.id] for p in people]


def test_raising_the_capacity_seats_the_earliest_waiting(web, factory, session, setup):
    course, people = _enroll(session, setup, factory, 4, capacity=1)
    web.login(setup["trainer"])
    web.get(f"/training/courses/{course.id}/edit")
    response = web.post(f"/training/courses/{course.id}/edit", _course_data(course, capacity=3))
    assert response.status_code == 302
    assert "2 người trong danh sách chờ đã được xếp chỗ." in web.get(response.headers["Location"]).get_data(
        as_text=True)
    assert _statuses(session, course, people) == ["enrolled", "enrolled", "enrolled", "waitlisted"]
    web.post(f"/training/courses/{course.id}/edit", _course_data(course, capacity=""))  # no limit
    assert _statuses(session, course, people) == ["enrolled"] * 4


def test_lowering_the_capacity_keeps_the_seats_and_newcomers_wait(web, factory, session, setup):
    from contest.training.services import enrollment

    course, people = _enroll(session, setup, factory, 3, capacity=3)
    web.login(setup["trainer"])
    web.get(f"/training/courses/{course.id}/edit")
    response = web.post(f"/training/courses/{course.id}/edit", _course_data(course, capacity=1))
    assert response.status_code == 302
    page = web.get(response.headers["Location"]).get_data(as_text=True)
    assert "Sức chứa mới thấp hơn số người đã ghi danh (vượt 2 người)" in page
    assert _statuses(session, course, people) == ["enrolled"] * 3
    course = session.get(Course, course.id)
    late = factory.user(role=Role.official, full_name="Người đến sau")
    assert enrollment.enroll(session, course, late, EnrollmentSource.hand, setup["trainer"],
                             utcnow()).status == EnrollmentStatus.waitlisted
    first = session.exec(select(Enrollment).where(Enrollment.user_id == people[0].id)).one()
    enrollment.withdraw(session, course, first.id, setup["trainer"], utcnow())  # still two over one seat
    assert _statuses(session, course, [*people[1:], late]) == ["enrolled", "enrolled", "waitlisted"]


def _attended(session, setup, factory, *days):
    """A course of past sessions on ``days`` (of March 2024) needing them all, one official who
    attended the first."""
    from contest.training.services import completion_sync

    course = session.get(Course, setup["course"].id)
    course.min_attendance = 1.0
    person = factory.user(role=Role.official, full_name="Cán bộ Chuyên cần")
    row = Enrollment(course_id=course.id, user_id=person.id, status=EnrollmentStatus.enrolled,
                     source=EnrollmentSource.hand)
    session.add(row)
    items = [courses.add_session(session, course, datetime(2024, 3, day, 1, 0), datetime(2024, 3, day, 4, 0), "Phòng")
             for day in days]
    session.add(Attendance(session_id=items[0].id, user_id=person.id, mark=AttendanceMark.present))
    session.flush()
    completion_sync.record_completion(session, row, course)
    session.commit()
    return course, items, row


def _completed_on(session, row):
    session.expire_all()
    return session.get(Enrollment, row.id).completed_on


def test_changing_the_rule_reevaluates_the_courses_completions(web, factory, session, setup):
    course, _items, row = _attended(session, setup, factory, 2, 9)
    assert _completed_on(session, row) is None  # one of two sessions
    web.login(setup["trainer"])
    web.get(f"/training/courses/{course.id}/edit")
    assert web.post(f"/training/courses/{course.id}/edit", _course_data(course, min_attendance=50)).status_code == 302
    assert _completed_on(session, row) == datetime(2024, 3, 2).date()
    web.post(f"/training/courses/{course.id}/edit", _course_data(course, min_attendance=100))
    assert _completed_on(session, row) is None


def test_adding_or_deleting_a_session_reevaluates_the_courses_completions(web, factory, session, setup):
    course, _items, row = _attended(session, setup, factory, 2)
    assert _completed_on(session, row) == datetime(2024, 3, 2).date()
    web.login(setup["trainer"])
    web.get(f"/training/courses/{course.id}")
    assert web.post(f"/training/courses/{course.id}/sessions", _session_data(day="2030-03-02")).status_code == 302
    assert _completed_on(session, row) is None  # one of two planned sessions
    [added] = [s for s in _sessions(session, course) if s.starts_at.year == 2030]
    assert web.post(f"/training/sessions/{added.id}/delete", {}).status_code == 302
    assert _completed_on(session, row) == datetime(2024, 3, 2).date()


def test_moving_a_session_reevaluates_and_an_attended_one_stays_in_the_past(web, factory, session, setup):
    course, [item], row = _attended(session, setup, factory, 2)
    web.login(setup["trainer"])
    web.get(f"/training/sessions/{item.id}/edit")
    response = web.post(f"/training/sessions/{item.id}/edit", _session_data(day="2024-03-05"))
    assert response.status_code == 302
    assert _completed_on(session, row) == datetime(2024, 3, 5).date()  # the day it counts from moved
    response = web.post(f"/training/sessions/{item.id}/edit", _session_data(day="2030-03-05"))
    assert response.status_code == 200
    assert "Buổi học đã có điểm danh, không thể dời sang thời điểm chưa bắt đầu." in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(CourseSession, item.id).starts_at == datetime(2024, 3, 5, 1, 0)



def test_an_attendance_share_out_of_range_reads_a_single_percent_sign(app, session, setup):
    """The message has no placeholders, so gettext shows it as written: one ``%``."""
    from flask_babel import gettext

    from contest.training.services import TrainingError

    draft = courses.CourseDraft(programme_id=setup["programme"].id, title="Lớp sai", unit_id=setup["trainer"].unit_id,
                                min_attendance=1.5)
    with pytest.raises(TrainingError) as refused:
        courses.create_course(session, setup["trainer"], draft, utcnow())
    with app.test_request_context():
        shown = gettext(refused.value.message, **refused.value.params)
    assert shown == "Tỷ lệ chuyên cần tối thiểu phải từ 0 đến 100%."


@pytest.mark.parametrize("months", [0, -6])
def test_a_programmes_validity_is_positive_in_the_database_too(session, months):
    from sqlalchemy.exc import IntegrityError

    from contest.training.models import Programme

    session.add(Programme(code="SAI", title="Chương trình sai", valid_months=months))
    with pytest.raises(IntegrityError, match="valid_months_positive"):
        session.flush()
    session.rollback()
