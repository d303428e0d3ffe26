"""The demo training: three classes, forty more officials, a mix of completed, in-progress and
not-yet-trained people, all written through the services."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlmodel import select

from contest.accounts.models import JobPosition, Role, Unit, User
from contest.demo import seed_all
from contest.training.demo_seed import PORTAL_UNITS, seed_demo_training
from contest.training.models import (
    Attendance,
    AttendanceChange,
    Course,
    CourseStatus,
    Enrollment,
    PositionRequirement,
)
from contest.training.services.courses import courses_for
from contest.training.services.coverage import coverage
from contest.training.services.records import RecordState, local_today, training_record

DEMO_PASSWORD = "Demo@2026"


@pytest.fixture
def demo(app, session):
    seed_all(session, DEMO_PASSWORD, history=False)
    session.commit()
    return session


def _user(session, email):
    return session.exec(select(User).where(User.email == email)).one()


def test_the_readme_official_has_a_completed_and_an_in_progress_course(app, demo, web):
    official = _user(demo, "congchuc@demo.vn")
    with app.app_context():
        states = {row.programme_code: row.state for row in training_record(demo, official, local_today())}
    assert states == {"DVC-TT": RecordState.completed, "ATTT-CB": RecordState.in_progress}
    web.login(official, DEMO_PASSWORD)
    page = web.get("/training/record").get_data(as_text=True)
    assert "Hoàn thành" in page and "Đang học" in page


def test_the_province_is_partly_trained(app, demo):
    province = demo.exec(select(Unit).where(Unit.parent_id.is_(None))).one()
    with app.app_context():
        figures = coverage(demo, province.id, local_today()).total
    assert figures.pairs > figures.enrolled > figures.completed > figures.passed > 0
    assert figures.people >= 40
    counts = figures.as_json()  # officials and (official x programme) pairs, each key saying which
    assert counts["required_people"] == figures.people < counts["required_pairs"] == figures.pairs
    assert 0 < counts["completed_people"] <= min(counts["required_people"], counts["completed_pairs"])


def test_three_published_classes_run_by_the_demo_trainers_with_attendance_and_results(demo):
    trainer, trainer2 = _user(demo, "giangvien@demo.vn"), _user(demo, "giangvien2@demo.vn")
    assert {c.status for c in demo.exec(select(Course))} == {CourseStatus.published}
    assert len(courses_for(demo, trainer)) == 2 and len(courses_for(demo, trainer2)) == 2
    officials = demo.exec(select(func.count()).select_from(User).where(User.role == Role.official)).one()
    assert officials == 41
    assert demo.exec(select(func.count()).select_from(PositionRequirement)).one() == 8
    marks = demo.exec(select(func.count()).select_from(Attendance)).one()
    assert marks == demo.exec(select(func.count()).select_from(AttendanceChange)).one() > 30
    done = demo.exec(select(Enrollment).where(Enrollment.completed_on.is_not(None))).all()
    waiting = demo.exec(select(Enrollment).where(Enrollment.completed_on.is_(None))).all()
    assert len(done) > 10 and len(waiting) > 10


def test_the_untrained_units_have_nobody_enrolled_and_seeding_again_adds_nothing(demo):
    leader = demo.exec(select(JobPosition.id).where(JobPosition.name == "Lãnh đạo cơ quan, đơn vị")).one()
    untrained = demo.exec(select(User.id).join(Unit, Unit.id == User.unit_id).where(
        Unit.name == "Phường Đạo Thạnh", User.job_position_id != leader)).all()
    assert untrained and not demo.exec(select(Enrollment).where(Enrollment.user_id.in_(untrained))).all()
    assert "Phường Đạo Thạnh" not in PORTAL_UNITS
    assert seed_demo_training(demo, {}, None) == {}
