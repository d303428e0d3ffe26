"""Attendance: the trainer's checklist and its log, QR self check-in, completion recorded from
attendance and from the course's assessment, and the assessment's eligibility for enrolled people."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from contest.accounts.models import Role, User
from contest.core.db import utcnow
from contest.exams.models import ExamKind
from contest.exams.services.catalog import offers_for
from contest.exams.services.eligibility import is_eligible
from contest.exams.signals import attempt_finished
from contest.training.checkin_codes import code_for, current_code, period_of
from contest.training.models import (
    Attendance,
    AttendanceChange,
    AttendanceMark,
    Course,
    CourseSession,
    CourseStatus,
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    Programme,
)
from contest.training.services.attendance import checkin_secret
from contest.training.services.completion_sync import local_day
from tests.support.markup import structure_errors
from tests.support.sitting import sit


class Klass:
    """A published course run by ``trainer`` with a session under way, one tomorrow, two
    enrolled officials (``anh``, ``binh``) and one who is not (``outsider``)."""

    def __init__(self, factory, session, **rule):
        self.factory, self.session = factory, session
        self.trainer = factory.user(role=Role.trainer, full_name="Giảng viên Lan")
        unit = factory.unit()
        programme = Programme(code=f"P{self.trainer.id}", title="Cổng dịch vụ công trực tuyến")
        session.add(programme)
        session.flush()
        self.course = Course(programme_id=programme.id, title="Lớp Dịch vụ công trực tuyến", unit_id=unit.id,
                             status=CourseStatus.published, created_by=self.trainer.id, **rule)
        session.add(self.course)
        session.flush()
        now = utcnow()
        self.now_session = self.add_session(now - timedelta(minutes=30), now + timedelta(hours=1))
        self.later_session = self.add_session(now + timedelta(days=1), now + timedelta(days=1, hours=2))
        self.anh = self.enroll(factory.user(role=Role.official, unit=unit, full_name="Nguyễn Văn Anh"))
        self.binh = self.enroll(factory.user(role=Role.official, unit=unit, full_name="Trần Thị Bình"))
        self.outsider = factory.user(role=Role.official, unit=unit, full_name="Lê Văn Cường")
        factory.commit()

    def add_session(self, starts_at, ends_at) -> CourseSession:
        item = CourseSession(course_id=self.course.id, starts_at=starts_at, ends_at=ends_at, place="Phòng 2")
        self.session.add(item)
        self.session.flush()
        return item

    def enroll(self, user, status=EnrollmentStatus.enrolled):
        self.session.add(Enrollment(course_id=self.course.id, user_id=user.id, status=status,
                                    source=EnrollmentSource.hand))
        self.session.flush()
        return user

    def enrollment(self, user) -> Enrollment:
        self.session.expire_all()
        return self.session.exec(select(Enrollment).where(Enrollment.course_id == self.course.id,
                                                          Enrollment.user_id == user.id)).one()

    def marks(self, course_session) -> dict[int, AttendanceMark]:
        self.session.expire_all()
        return {a.user_id: a.mark for a in self.session.exec(
            select(Attendance).where(Attendance.session_id == course_session.id))}

    def changes(self, course_session) -> list[tuple]:
        self.session.expire_all()
        return [(c.user_id, c.old_mark, c.new_mark, c.changed_by) for c in self.session.exec(
            select(AttendanceChange).where(AttendanceChange.session_id == course_session.id)
            .order_by(AttendanceChange.id))]


@pytest.fixture
def klass(factory, session):
    return Klass(factory, session)


def sheet_url(course_session):
    return f"/training/sessions/{course_session.id}/attendance"


def checkin_url(course_session, code=None):
    return f"/training/sessions/{course_session.id}/checkin" + (f"?code={code}" if code else "")


def secret(app):
    return checkin_secret(app.config["SECRET_KEY"])


def flashed(web):
    """The messages of the page a refusal went back to."""
    return web.get("/").get_data(as_text=True)


# --- The trainer's checklist --------------------------------------------------------------------


def test_checklist_shows_each_enrolled_person_with_four_marks(web, klass):
    web.login(klass.trainer)
    response = web.get(sheet_url(klass.now_session))
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Nguyễn Văn Anh" in body and "Trần Thị Bình" in body
    assert "Lê Văn Cường" not in body
    for label in ("Có mặt", "Đi muộn", "Vắng có phép", "Vắng"):
        assert f">{label}</button>" in body
    assert body.count('name="person"') == 2
    assert structure_errors(body) == []


def test_a_mark_and_its_corrections_are_logged_with_who_and_when(web, klass):
    web.login(klass.trainer)
    web.get(sheet_url(klass.now_session))
    anh = klass.anh.id
    row = web.post(sheet_url(klass.now_session), {"person": anh, "mark": "present"}, htmx=True)
    assert row.status_code == 200
    html = row.get_data(as_text=True).lstrip()
    assert html.startswith(f'<li id="person-{anh}"')
    assert 'aria-pressed="true">Có mặt</button>' in html
    assert 'id="attendance-log" aria-labelledby="attendance-log-title" hx-swap-oob="true"' in html
    web.post(sheet_url(klass.now_session), {"person": anh, "mark": "late"}, htmx=True)
    web.post(sheet_url(klass.now_session), {"person": anh, "mark": "late"}, htmx=True)  # the same: no change
    assert klass.marks(klass.now_session) == {anh: AttendanceMark.late}
    trainer = klass.trainer.id
    assert klass.changes(klass.now_session) == [(anh, None, AttendanceMark.present, trainer),
                                                (anh, AttendanceMark.present, AttendanceMark.late, trainer)]
    page = web.get(sheet_url(klass.now_session)).get_data(as_text=True)
    assert "Có mặt → Đi muộn" in page and "— → Có mặt" in page and "Giảng viên Lan" in page


def test_a_mark_without_javascript_posts_and_comes_back_to_the_row(web, klass):
    web.login(klass.trainer)
    web.get(sheet_url(klass.now_session))
    response = web.post(sheet_url(klass.now_session), {"person": klass.binh.id, "mark": "excused"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{sheet_url(klass.now_session)}#person-{klass.binh.id}")
    assert klass.marks(klass.now_session) == {klass.binh.id: AttendanceMark.excused}


def test_everyone_present_marks_only_those_not_yet_marked(web, klass):
    web.login(klass.trainer)
    web.get(sheet_url(klass.now_session))
    web.post(sheet_url(klass.now_session), {"person": klass.binh.id, "mark": "absent"})
    response = web.post(sheet_url(klass.now_session), {"everyone": "1", "mark": "present"}, htmx=True)
    assert response.status_code == 200
    assert response.get_data(as_text=True).lstrip().startswith('<div id="attendance-sheet">')
    assert klass.marks(klass.now_session) == {klass.anh.id: AttendanceMark.present,
                                              klass.binh.id: AttendanceMark.absent}


def test_a_session_not_yet_started_is_refused(web, klass):
    web.login(klass.trainer)
    page = web.get(sheet_url(klass.later_session)).get_data(as_text=True)
    assert "Buổi học chưa bắt đầu" in page and 'name="person"' not in page
    for data in ({"person": klass.anh.id, "mark": "present"}, {"everyone": "1", "mark": "present"}):
        response = web.post(sheet_url(klass.later_session), data)
        assert response.status_code == 302
        assert "Buổi học chưa bắt đầu; chỉ điểm danh được khi buổi học đã bắt đầu." in flashed(web)
    assert klass.marks(klass.later_session) == {} and klass.changes(klass.later_session) == []


def test_someone_not_enrolled_is_refused(web, klass, session):
    withdrawn = klass.enroll(klass.factory.user(role=Role.official, full_name="Phạm Thu"), EnrollmentStatus.withdrawn)
    klass.factory.commit()
    web.login(klass.trainer)
    web.get(sheet_url(klass.now_session))
    web.post(sheet_url(klass.now_session), {"person": klass.outsider.id, "mark": "present"})
    assert "Lê Văn Cường không có tên trong danh sách lớp này." in flashed(web)
    web.post(sheet_url(klass.now_session), {"person": withdrawn.id, "mark": "present"})
    assert "Phạm Thu không có tên trong danh sách lớp này." in flashed(web)
    web.post(sheet_url(klass.now_session), {"person": "2147483648", "mark": "present"})
    web.post(sheet_url(klass.now_session), {"person": klass.anh.id, "mark": "everywhere"})
    assert klass.marks(klass.now_session) == {}


def test_only_the_course_runners_reach_the_checklist_and_the_qr(web, klass, factory):
    other_trainer = factory.user(role=Role.trainer)
    admin = factory.user(role=Role.admin)
    factory.commit()
    urls = (sheet_url(klass.now_session), f"/training/sessions/{klass.now_session.id}/qr")
    web.login(other_trainer)
    for url in urls:
        assert web.get(url).status_code == 404, url
    assert web.post(urls[0], {"person": klass.anh.id, "mark": "present"}).status_code == 404
    web.login(klass.anh)
    for url in urls:
        assert web.get(url).status_code == 403, url
    web.login(admin)
    for url in urls:
        assert web.get(url).status_code == 200, url
    assert web.get("/training/sessions/999999/attendance").status_code == 404


# --- QR self check-in ---------------------------------------------------------------------------


def test_the_trainers_screen_shows_the_current_code_as_a_qr(app, web, klass):
    web.login(klass.trainer)
    before = current_code(secret(app), klass.now_session.id, utcnow())[0]
    response = web.get(f"/training/sessions/{klass.now_session.id}/qr")
    after = current_code(secret(app), klass.now_session.id, utcnow())[0]
    body = response.get_data(as_text=True)
    shown = before if before in body else after
    assert shown in body
    assert '<svg viewBox="0 0' in body and "<title>Mã QR điểm danh</title>" in body
    assert '<noscript><meta http-equiv="refresh" content="30"></noscript>' in body
    assert 'hx-trigger="every 30s"' in body
    assert structure_errors(body) == []
    fragment = web.get(f"/training/sessions/{klass.now_session.id}/qr", headers={"HX-Request": "true"})
    html = fragment.get_data(as_text=True).lstrip()
    assert html.startswith('<div id="checkin-qr"') and "<svg" in html and "<html" not in html


def test_the_qr_is_not_shown_outside_the_window(web, klass):
    web.login(klass.trainer)
    body = web.get(f"/training/sessions/{klass.later_session.id}/qr").get_data(as_text=True)
    assert "<svg" not in body and "Điểm danh bằng mã QR mở từ" in body


def test_a_valid_code_checks_in_once(app, web, klass):
    code, _ = current_code(secret(app), klass.now_session.id, utcnow())
    web.login(klass.anh)
    page = web.get(checkin_url(klass.now_session, code))
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "Lớp Dịch vụ công trực tuyến" in body and f'value="{code}"' in body and "Xác nhận có mặt" in body
    assert structure_errors(body) == []
    response = web.post(checkin_url(klass.now_session), {"code": code})
    assert response.status_code == 302
    assert "Bạn đã điểm danh buổi này." in web.get(checkin_url(klass.now_session)).get_data(as_text=True)
    assert klass.marks(klass.now_session) == {klass.anh.id: AttendanceMark.present}
    web.post(checkin_url(klass.now_session), {"code": code})  # scanned again
    assert "Bạn đã điểm danh buổi này." in flashed(web)
    assert klass.changes(klass.now_session) == [(klass.anh.id, None, AttendanceMark.present, klass.anh.id)]
    with app.app_context():
        row = klass.session.exec(select(Attendance).where(Attendance.user_id == klass.anh.id)).one()
    assert row.by_code


def test_an_expired_code_is_refused(app, web, klass):
    """Time frozen by computing the code of a period two and a half minutes ago."""
    old = code_for(secret(app), klass.now_session.id, period_of(utcnow()) - 5)
    web.login(klass.anh)
    web.get(checkin_url(klass.now_session, old))
    response = web.post(checkin_url(klass.now_session), {"code": old})
    assert response.status_code == 302 and response.headers["Location"] == checkin_url(klass.now_session)
    assert "Mã điểm danh đã hết hạn." in flashed(web)
    assert klass.marks(klass.now_session) == {}


def test_the_code_of_the_previous_period_is_still_accepted(app, web, klass):
    """A scan at the turn of a period: the code just replaced still works."""
    previous = code_for(secret(app), klass.now_session.id, period_of(utcnow()) - 1)
    web.login(klass.anh)
    web.get(checkin_url(klass.now_session, previous))
    web.post(checkin_url(klass.now_session), {"code": previous})
    assert klass.marks(klass.now_session) == {klass.anh.id: AttendanceMark.present}


def test_another_sessions_code_is_refused(app, web, klass):
    code, _ = current_code(secret(app), klass.later_session.id, utcnow())
    web.login(klass.anh)
    web.get(checkin_url(klass.now_session, code))
    web.post(checkin_url(klass.now_session), {"code": code})
    assert "Mã điểm danh không đúng với buổi học này." in flashed(web)
    assert klass.marks(klass.now_session) == {}


def test_a_check_in_outside_the_window_is_refused(app, web, klass):
    code, _ = current_code(secret(app), klass.later_session.id, utcnow())
    web.login(klass.anh)
    web.get(checkin_url(klass.later_session, code))
    web.post(checkin_url(klass.later_session), {"code": code})
    assert "Ngoài thời gian điểm danh" in flashed(web)
    assert klass.marks(klass.later_session) == {}


@pytest.mark.parametrize("code", ["Đ", "mã điểm danh", "ABCD-1234"])
def test_a_code_that_is_not_base32_gets_the_forms_message(web, klass, code):
    web.login(klass.anh)
    web.get(checkin_url(klass.now_session, code))
    response = web.post(checkin_url(klass.now_session), {"code": code})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Mã điểm danh không hợp lệ." in body and structure_errors(body) == []
    assert klass.marks(klass.now_session) == {}


def test_a_session_not_yet_started_takes_no_check_in_even_minutes_before(app, web, klass):
    """The window is the session's own (start to end): five minutes early is still too early."""
    soon = klass.add_session(utcnow() + timedelta(minutes=5), utcnow() + timedelta(hours=2))
    klass.factory.commit()
    code, _ = current_code(secret(app), soon.id, utcnow())
    web.login(klass.anh)
    web.get(checkin_url(soon, code))
    web.post(checkin_url(soon), {"code": code})
    assert "Ngoài thời gian điểm danh" in flashed(web)
    assert klass.marks(soon) == {}
    web.login(klass.trainer)
    assert "Điểm danh bằng mã QR mở từ" in web.get(f"/training/sessions/{soon.id}/qr").get_data(as_text=True)


def test_someone_not_enrolled_cannot_check_in(app, web, klass):
    code, _ = current_code(secret(app), klass.now_session.id, utcnow())
    web.login(klass.outsider)
    page = web.get(checkin_url(klass.now_session, code)).get_data(as_text=True)
    assert "Bạn không có tên trong danh sách lớp này" in page
    assert "Lớp Dịch vụ công trực tuyến" not in page
    web.post(checkin_url(klass.now_session), {"code": code})
    assert "Bạn không có tên trong danh sách lớp này" in flashed(web)
    assert klass.marks(klass.now_session) == {}


def test_a_check_in_never_downgrades_the_trainers_mark(app, web, klass):
    web.login(klass.trainer)
    web.get(sheet_url(klass.now_session))
    web.post(sheet_url(klass.now_session), {"person": klass.anh.id, "mark": "late"})
    web.post(sheet_url(klass.now_session), {"person": klass.binh.id, "mark": "absent"})
    code, _ = current_code(secret(app), klass.now_session.id, utcnow())
    web.login(klass.anh)
    web.get(checkin_url(klass.now_session, code))
    web.post(checkin_url(klass.now_session), {"code": code})
    assert "Bạn đã điểm danh buổi này." in flashed(web)
    web.login(klass.binh)  # marked absent before arriving: the scan says they came
    web.get(checkin_url(klass.now_session, code))
    web.post(checkin_url(klass.now_session), {"code": code})
    assert klass.marks(klass.now_session) == {klass.anh.id: AttendanceMark.late,
                                              klass.binh.id: AttendanceMark.present}


def test_a_visitor_signs_in_and_comes_back_to_the_check_in(app, web, klass):
    from tests.conftest import PASSWORD

    code, _ = current_code(secret(app), klass.now_session.id, utcnow())
    response = web.get(checkin_url(klass.now_session, code))
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/login?next=")
    web.get(location)
    from urllib.parse import parse_qs, urlsplit

    next_url = parse_qs(urlsplit(location).query)["next"][0]
    signed_in = web.post("/login", {"login": klass.anh.email, "password": PASSWORD, "next": next_url})
    assert signed_in.headers["Location"] == checkin_url(klass.now_session, code)


# --- Completion ----------------------------------------------------------------------------------


def test_completion_is_recorded_after_attendance_and_cleared_by_a_correction(web, factory, session):
    klass = Klass(factory, session, min_attendance=0.5)
    web.login(klass.trainer)
    web.get(sheet_url(klass.now_session))
    web.post(sheet_url(klass.now_session), {"person": klass.anh.id, "mark": "present"})
    enrollment = klass.enrollment(klass.anh)
    assert enrollment.attendance_share == 0.5
    assert enrollment.completed_on == local_day(klass.now_session.starts_at)
    assert klass.enrollment(klass.binh).completed_on is None
    web.post(sheet_url(klass.now_session), {"person": klass.anh.id, "mark": "excused"})
    enrollment = klass.enrollment(klass.anh)
    assert (enrollment.attendance_share, enrollment.completed_on) == (0.0, None)


def _assessment_class(factory, session):
    exam, round_ = factory.exam("assessment", questions=2, pass_ratio=0.5)
    klass = Klass(factory, session, min_attendance=0.0, assessment_required=True, valid_months=24,
                  assessment_exam_id=exam.id)
    return klass, exam, round_


def test_completion_is_recorded_after_passing_the_assessment(factory, session):
    """The submit itself tells training (``attempt_finished``): no one sends it by hand."""
    klass, exam, round_ = _assessment_class(factory, session)
    sit(session, exam, round_, klass.binh, right=0)
    attempt = sit(session, exam, round_, klass.anh, right=2)
    session.commit()
    enrollment = klass.enrollment(klass.anh)
    assert enrollment.completed_on == local_day(attempt.submitted_at)
    assert enrollment.expires_on is not None and enrollment.expires_on > enrollment.completed_on
    assert klass.enrollment(klass.binh).completed_on is None


def test_the_signal_leaves_other_courses_and_exams_alone(factory, session):
    klass, exam, round_ = _assessment_class(factory, session)
    other_exam, other_round = factory.exam("contest", questions=1)
    sit(session, other_exam, other_round, klass.anh, right=1)
    session.commit()
    assert klass.enrollment(klass.anh).completed_on is None


def test_a_receiver_without_the_session_uses_the_attempts_own(factory, session):
    klass, exam, round_ = _assessment_class(factory, session)
    attempt = sit(session, exam, round_, klass.anh, right=2)
    session.commit()
    attempt_finished.send(attempt)  # again, as a grader's change would: nothing is lost or doubled
    assert klass.enrollment(klass.anh).completed_on == local_day(attempt.submitted_at)


def _present(klass, person, course_session):
    from contest.training.services import attendance

    attendance.set_mark(klass.session, course_session, person.id, AttendanceMark.present, klass.trainer, utcnow())


def test_a_withdrawn_person_loses_a_completion_the_facts_no_longer_meet(factory, session):
    """Two sessions more after the withdrawal: one attended of four is short of half."""
    from contest.training.services import courses, enrollment

    klass = Klass(factory, session, min_attendance=0.5)
    _present(klass, klass.anh, klass.now_session)
    row = klass.enrollment(klass.anh)
    assert row.completed_on == local_day(klass.now_session.starts_at)
    enrollment.withdraw(session, klass.course, row.id, klass.trainer, utcnow())
    start = utcnow() + timedelta(days=3)
    for day in (0, 1):
        courses.add_session(session, klass.course, start + timedelta(days=day), start + timedelta(days=day, hours=2),
                            place="Phòng 2")
    session.commit()
    row = klass.enrollment(klass.anh)
    assert row.status == EnrollmentStatus.withdrawn
    assert (row.completed_on, row.attendance_share) == (None, 0.25)


def test_re_enrolling_records_the_verdict_of_the_rule_as_it_is_now(factory, session):
    """A withdrawn row still holding a completion under an older, looser rule (as rows written
    before completions followed withdrawn people do) is judged again when the person comes back."""
    from contest.training.services import enrollment

    klass = Klass(factory, session, min_attendance=0.5)
    _present(klass, klass.anh, klass.now_session)
    row = klass.enrollment(klass.anh)
    row.status = EnrollmentStatus.withdrawn
    course = session.get(Course, klass.course.id)
    course.min_attendance = 1.0  # stricter, written without re-evaluating anyone
    session.add_all([row, course])
    session.commit()
    assert klass.enrollment(klass.anh).completed_on is not None
    enrollment.enroll(session, course, session.get(User, klass.anh.id), EnrollmentSource.hand, klass.trainer, utcnow())
    session.commit()
    row = klass.enrollment(klass.anh)
    assert row.status == EnrollmentStatus.enrolled
    assert (row.completed_on, row.attendance_share) == (None, 0.5)


def test_a_place_on_the_waiting_list_holds_no_completion(factory, session):
    from contest.training.services import enrollment

    klass = Klass(factory, session, min_attendance=0.5, capacity=2)
    _present(klass, klass.anh, klass.now_session)
    enrollment.withdraw(session, klass.course, klass.enrollment(klass.anh).id, klass.trainer, utcnow())
    assert klass.enrollment(klass.anh).completed_on is not None  # the facts still meet the rule
    enrollment.enroll(session, klass.course, klass.outsider, EnrollmentSource.hand, klass.trainer, utcnow())
    again = enrollment.enroll(session, klass.course, session.get(User, klass.anh.id), EnrollmentSource.hand,
                              klass.trainer, utcnow())
    session.commit()
    assert again.status == EnrollmentStatus.waitlisted
    row = klass.enrollment(klass.anh)
    assert (row.completed_on, row.attendance_share) == (None, 0.0)
    enrollment.withdraw(session, klass.course, klass.enrollment(klass.binh).id, klass.trainer, utcnow())
    session.commit()
    row = klass.enrollment(klass.anh)  # moved up: the seat brings the verdict back
    assert row.status == EnrollmentStatus.enrolled and row.completed_on == local_day(klass.now_session.starts_at)


def test_joining_an_assessment_only_course_after_passing_its_assessment_completes_it(factory, session):
    """The assessment passed through another course that shares it counts at once."""
    from contest.training.services import enrollment

    klass, exam, round_ = _assessment_class(factory, session)
    attempt = sit(session, exam, round_, klass.anh, right=2)
    other = Course(programme_id=klass.course.programme_id, title="Lớp thứ hai", unit_id=klass.course.unit_id,
                   status=CourseStatus.published, created_by=klass.trainer.id, min_attendance=0.0,
                   assessment_required=True, assessment_exam_id=exam.id)
    session.add(other)
    session.commit()
    joined = enrollment.enroll(session, other, session.get(User, klass.anh.id), EnrollmentSource.hand,
                               klass.trainer, utcnow())
    session.commit()
    assert joined.status == EnrollmentStatus.enrolled
    assert joined.completed_on == local_day(attempt.submitted_at)


# --- Eligibility of enrolled officials for the course's assessment -------------------------------


def test_an_enrolled_official_is_eligible_for_the_courses_assessment(web, factory, session):
    klass, exam, _round = _assessment_class(factory, session)
    withdrawn = klass.enroll(factory.user(role=Role.official), EnrollmentStatus.withdrawn)
    factory.commit()
    assert is_eligible(session, exam, klass.anh)
    assert not is_eligible(session, exam, klass.outsider)
    assert not is_eligible(session, exam, withdrawn)
    assert [o.exam.id for o in offers_for(session, klass.anh, ExamKind.assessment, utcnow())] == [exam.id]
    assert offers_for(session, klass.outsider, ExamKind.assessment, utcnow()) == []
    web.login(klass.anh)
    assert web.get(f"/exams/{exam.id}").status_code == 200
    assert exam.title in web.get("/").get_data(as_text=True)  # the official's home lists it
    web.login(klass.outsider)
    assert web.get(f"/exams/{exam.id}").status_code == 404
    assert exam.title not in web.get("/").get_data(as_text=True)


def test_a_course_is_reevaluated_whole_when_its_sessions_change(web, factory, session):
    from contest.training.services.completion_sync import reevaluate_course

    klass = Klass(factory, session, min_attendance=1.0)
    web.login(klass.trainer)
    web.get(sheet_url(klass.now_session))
    web.post(sheet_url(klass.now_session), {"person": klass.anh.id, "mark": "present"})
    assert klass.enrollment(klass.anh).completed_on is None  # one of two sessions
    session.delete(session.get(CourseSession, klass.later_session.id))
    assert reevaluate_course(session, session.get(Course, klass.course.id)) == 2
    session.commit()
    assert klass.enrollment(klass.anh).completed_on == local_day(klass.now_session.starts_at)
    assert klass.enrollment(klass.anh).attendance_share == 1.0


# --- Races on the one mark per person and session ------------------------------------------------


def race_in(monkeypatch, klass, course_session, person, mark, stale_reads, by_code=True):
    """Simulate another request marking ``person`` between this request's read and its insert:
    the first read commits that row through the test's own session (another connection), and
    the first ``stale_reads`` reads still see nothing, as a read taken before it would."""
    from contest.training.services import attendance as service

    real, calls = service.mark_of, {"n": 0}

    def mark_of(session, item, user_id):
        calls["n"] += 1
        if calls["n"] == 1:
            klass.session.add(Attendance(session_id=course_session.id, user_id=person.id, mark=mark,
                                         by_code=by_code, marked_by=person.id))
            klass.session.commit()
        return None if calls["n"] <= stale_reads else real(session, item, user_id)

    monkeypatch.setattr(service, "mark_of", mark_of)


def test_two_check_ins_racing_are_one_check_in_not_an_error_page(app, web, klass, monkeypatch):
    code, _ = current_code(secret(app), klass.now_session.id, utcnow())
    web.login(klass.anh)
    web.get(checkin_url(klass.now_session, code))
    race_in(monkeypatch, klass, klass.now_session, klass.anh, AttendanceMark.present, stale_reads=2)
    response = web.post(checkin_url(klass.now_session), {"code": code})
    assert response.status_code == 302
    assert "Bạn đã điểm danh buổi này." in flashed(web)
    assert klass.marks(klass.now_session) == {klass.anh.id: AttendanceMark.present}
    assert klass.changes(klass.now_session) == []  # the winner's log is the winner's business


def test_a_check_in_racing_the_trainers_absence_marks_present(app, session, klass, monkeypatch):
    """The trainer marked the person absent a moment before they scanned: the scan says they came."""
    from contest.training.services import attendance as service

    race_in(monkeypatch, klass, klass.now_session, klass.binh, AttendanceMark.absent, stale_reads=2, by_code=False)
    code, _ = current_code(secret(app), klass.now_session.id, utcnow())
    with app.app_context(), Session(session.get_bind()) as request_session:
        service.check_in(request_session, request_session.get(CourseSession, klass.now_session.id),
                         request_session.get(User, klass.binh.id), code, secret(app), utcnow())
        request_session.commit()
    assert klass.marks(klass.now_session) == {klass.binh.id: AttendanceMark.present}
    assert klass.changes(klass.now_session) == [
        (klass.binh.id, AttendanceMark.absent, AttendanceMark.present, klass.binh.id)]


def test_the_trainers_mark_racing_a_check_in_applies_as_a_correction(web, klass, monkeypatch):
    web.login(klass.trainer)
    web.get(sheet_url(klass.now_session))
    race_in(monkeypatch, klass, klass.now_session, klass.anh, AttendanceMark.present, stale_reads=1)
    response = web.post(sheet_url(klass.now_session), {"person": klass.anh.id, "mark": "late"}, htmx=True)
    assert response.status_code == 200
    assert klass.marks(klass.now_session) == {klass.anh.id: AttendanceMark.late}
    assert klass.changes(klass.now_session) == [
        (klass.anh.id, AttendanceMark.present, AttendanceMark.late, klass.trainer.id)]
