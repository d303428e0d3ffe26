"""Notifications people expect (#16): round opening (opt-in), prizes and assessment results,
class enrollment and next-day session reminders, assessment assigned, certificate issued,
completion about to expire. Each is read where a person would read it: the outbox folder (or a
real SMTP server), after the queue ran through its real tasks."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from contest.accounts.models import Role
from contest.certificates.province import issuing_context
from contest.core.db import utcnow
from contest.exams.models import Assignment, ExamStatus
from contest.exams.review_policy import ReviewPolicy
from contest.notifications.models import Delivery
from contest.training.models import (
    Course,
    CourseSession,
    CourseStatus,
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    Programme,
)
from contest.training.services import enrollment as enrolling
from tests.support.certificates import issue_certificate
from tests.support.notifications import outbox, run_queue, smtp_server, stop_process
from tests.support.sitting import sit

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def due(runner, now: datetime | None = None) -> dict:
    """``flask notify due`` as cron runs it; the messages queued per job."""
    args = ["notify", "due"] + (["--now", now.strftime("%Y-%m-%dT%H:%M")] if now else [])
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output.strip().splitlines()[-1])


def mails(app, to: str | None = None, subject: str | None = None) -> list:
    """The e-mails in the outbox (to ``to``, whose subject starts with ``subject``)."""
    return [m for m in outbox(app) if m.channel == "email" and (to is None or m.to == to)
            and (subject is None or (m.subject or "").startswith(subject))]


def local_moment(day: date, hour: int, minute: int = 0) -> datetime:
    """A province wall-clock time, as stored (naive UTC)."""
    return datetime.combine(day, time(hour, minute), tzinfo=ZONE).astimezone(UTC).replace(tzinfo=None)


def local_today() -> date:
    return datetime.now(ZONE).date()


def choose_topics(web, user, *topics: str) -> None:
    """The person picks the topics they want on /account/notifications (e-mail only)."""
    web.login(user)
    web.get("/account/notifications")
    response = web.post("/account/notifications", {"channels": ["email"], "topics": list(topics)})
    assert response.status_code == 302
    web.client.get("/logout")
    web.token = None


ALL_BUT = {t: [k for k in ("round_opening", "results", "training", "assessment", "certificates") if k != t]
           for t in ("round_opening", "results", "training", "assessment", "certificates")}


# --- round opening ---------------------------------------------------------------------------


@pytest.fixture
def contest(factory):
    """A published contest whose first round opened an hour ago, and three citizens."""
    exam, round_ = factory.exam(questions=2)
    people = {name: factory.user(email=f"{name}@dan.vn", full_name=name.title()) for name in ("an", "binh", "chi")}
    factory.commit()
    return exam, round_, people


def test_a_round_opening_is_told_to_those_who_opted_in_only(app, web, runner, contest):
    exam, round_, people = contest
    choose_topics(web, people["an"], "round_opening", "results")
    choose_topics(web, people["chi"], "results")  # chose, but not round openings (opt-in)

    assert due(runner)["round_opening"] == 1
    run_queue(app)

    [mail] = mails(app, subject="Đợt thi mới đã mở")
    assert mail.to == "an@dan.vn"
    assert mail.subject == f"Đợt thi mới đã mở: {exam.title}"
    assert "Đợt 1 của «" in mail.text and f"http://127.0.0.1:5000/exams/{exam.id}" in mail.text
    assert "Ngừng nhận tin loại này: http://127.0.0.1:5000/unsubscribe/" in mail.text


def test_running_notify_due_twice_sends_once(app, web, runner, contest):
    _exam, _round, people = contest
    choose_topics(web, people["an"], "round_opening")
    assert due(runner)["round_opening"] == 1
    assert due(runner)["round_opening"] == 0
    run_queue(app)
    assert len(mails(app, to="an@dan.vn")) == 1


def test_cron_without_a_worker_sends_with_run_queue(app, web, runner, contest):
    _exam, _round, people = contest
    choose_topics(web, people["an"], "round_opening")
    result = runner.invoke(args=["notify", "due", "--run-queue"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.strip().splitlines()[-1])["round_opening"] == 1
    assert [m.to for m in mails(app)] == ["an@dan.vn"]  # sent by the command itself


def test_a_malformed_now_is_a_usage_error(runner):
    result = runner.invoke(args=["notify", "due", "--now", "hôm qua"])
    assert result.exit_code == 2 and "--now" in result.output


@pytest.mark.parametrize("change", ["opened_two_days_ago", "not_open_yet", "draft_exam", "closed_early"])
def test_no_announcement_outside_an_open_published_round(app, web, runner, session, contest, change):
    exam, round_, people = contest
    now = utcnow()
    if change == "opened_two_days_ago":
        round_.opens_at = now - timedelta(days=2)
    elif change == "not_open_yet":
        round_.opens_at = now + timedelta(hours=1)
    elif change == "draft_exam":
        exam.status = ExamStatus.draft
    else:
        round_.closes_at = now - timedelta(minutes=1)
    session.add_all([exam, round_])
    session.commit()
    choose_topics(web, people["an"], "round_opening")
    assert due(runner)["round_opening"] == 0
    run_queue(app)
    assert mails(app) == []


def test_the_round_opening_mail_reaches_a_real_smtp_server(app, web, runner, contest, monkeypatch):
    exam, _round, people = contest
    choose_topics(web, people["binh"], "round_opening")
    with smtp_server() as smtp:
        monkeypatch.setitem(app.config, "SMTP_URL", smtp.url)
        due(runner)
        run_queue(app)
        [mail] = smtp.messages()
    assert mail["To"] == "binh@dan.vn"
    assert mail["Subject"] == f"Đợt thi mới đã mở: {exam.title}"
    body = mail.get_body(("plain",)).get_content()
    assert "Xin chào Binh," in body and f"/exams/{exam.id}" in body
    assert mail["List-Unsubscribe"]  # one click, from the mail client itself
    assert outbox(app) == []


def test_the_one_click_unsubscribe_stops_the_next_opening(app, web, runner, session, factory, contest):
    exam, _round, people = contest
    choose_topics(web, people["an"], "round_opening")
    due(runner)
    run_queue(app)
    [mail] = mails(app, to="an@dan.vn")
    link = next(w for w in mail.text.split() if "/unsubscribe/" in w)
    assert web.client.post(link.removeprefix("http://127.0.0.1:5000")).status_code == 200
    now = utcnow()
    from contest.exams.models import Round

    session.add(Round(exam_id=exam.id, name="Đợt 2", opens_at=now - timedelta(minutes=5),
                      closes_at=now + timedelta(days=3)))
    session.commit()
    assert due(runner)["round_opening"] == 0
    run_queue(app)
    assert len(mails(app, to="an@dan.vn")) == 1


# --- results and prizes ------------------------------------------------------------------------


def close_round(web, owner, exam, round_):
    web.login(owner)
    url = f"/manage/exams/{exam.id}/rounds/{round_.id}/close"
    web.get(url)
    response = web.post(url, {"confirm": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def test_prize_winners_are_congratulated_and_nobody_else(app, web, session, factory):
    owner = factory.user(role=Role.trainer)
    exam, round_ = factory.exam(bank=factory.bank(owner=owner, is_public=True), questions=2,
                                prize_tiers=[{"name": "Giải Nhất", "count": 1}])
    winner = factory.user(email="thang@dan.vn", full_name="Người Thắng")
    other = factory.user(email="thua@dan.vn")
    factory.commit()
    sit(session, exam, round_, winner, right=2)
    sit(session, exam, round_, other, right=1)
    run_queue(app)
    assert mails(app) == []  # nothing before the results are final

    close_round(web, owner, exam, round_)
    assert mails(app) == []  # nothing on the organiser's request: the queue tells
    run_queue(app)

    [mail] = mails(app)
    assert mail.to == "thang@dan.vn"
    assert mail.subject == "Chúc mừng bạn đoạt Giải Nhất"
    assert f"Chúc mừng bạn đã đoạt Giải Nhất (hạng 1) trong Đợt 1 của «{exam.title}»." in mail.text
    assert f"/exams/{exam.id}/rounds/{round_.id}/leaderboard" in mail.text


def test_a_winner_who_turned_results_off_is_not_told(app, web, session, factory):
    owner = factory.user(role=Role.trainer)
    exam, round_ = factory.exam(bank=factory.bank(owner=owner, is_public=True), questions=1,
                                prize_tiers=[{"name": "Giải Nhất", "count": 1}])
    winner = factory.user(email="thang@dan.vn")
    factory.commit()
    choose_topics(web, winner, *ALL_BUT["results"])
    sit(session, exam, round_, winner, right=1)
    close_round(web, owner, exam, round_)
    run_queue(app)
    assert mails(app) == []


@pytest.fixture
def assessment(factory):
    """An assessment assigned to a commune's officials, round open; its owner."""
    owner = factory.user(role=Role.trainer)
    commune = factory.unit(name="Xã Kiểm Tra")
    exam, round_ = factory.exam(kind="assessment", bank=factory.bank(owner=owner, is_public=True), questions=2,
                                pass_ratio=0.5)
    factory.session.add(Assignment(exam_id=exam.id, unit_id=commune.id))
    people = {name: factory.user(role=Role.official, unit=commune, email=f"{name}@xa.vn", full_name=name.title())
              for name in ("dat", "truot", "vang")}
    people["elsewhere"] = factory.user(role=Role.official, email="khac@xa.vn")
    people["citizen"] = factory.user(unit=commune, email="dan@xa.vn")
    factory.commit()
    return owner, exam, round_, people


def test_each_examinee_gets_their_assessment_result_when_the_round_is_finalized(app, web, session, assessment):
    owner, exam, round_, people = assessment
    sit(session, exam, round_, people["dat"], right=2)
    sit(session, exam, round_, people["truot"], right=0)
    close_round(web, owner, exam, round_)
    run_queue(app)

    [passed], [failed] = mails(app, to="dat@xa.vn"), mails(app, to="truot@xa.vn")
    assert passed.subject == f"Kết quả kỳ sát hạch {exam.title}: Đạt"
    assert "Bạn đã ĐẠT kỳ sát hạch" in passed.text and "2/2 điểm" in passed.text
    assert failed.subject == f"Kết quả kỳ sát hạch {exam.title}: Chưa đạt" and "Bạn CHƯA ĐẠT kỳ sát hạch" in failed.text
    assert "0/2 điểm" in failed.text and "/attempts/" in failed.text
    assert mails(app, to="vang@xa.vn") == []  # did not sit
    assert len(mails(app)) == 2


def test_results_hidden_by_the_review_policy_are_not_told(app, web, session, factory):
    owner = factory.user(role=Role.trainer)
    exam, round_ = factory.exam(kind="assessment", bank=factory.bank(owner=owner, is_public=True), questions=1,
                                review_policy=ReviewPolicy().to_dict())  # shows nothing, ever
    person = factory.user(role=Role.official, email="an@xa.vn")
    session.add(Assignment(exam_id=exam.id, user_id=person.id))
    factory.commit()
    sit(session, exam, round_, person, right=1)
    close_round(web, owner, exam, round_)
    run_queue(app)
    assert mails(app) == []


# --- assessment assigned -----------------------------------------------------------------------


def test_an_opening_assessment_is_told_to_each_eligible_official_once(app, runner, assessment):
    _owner, exam, _round, people = assessment
    assert due(runner)["assessment_assigned"] == 3
    assert due(runner)["assessment_assigned"] == 0
    run_queue(app)
    told = sorted(m.to for m in mails(app, subject="Bạn có kỳ sát hạch"))
    assert told == ["dat@xa.vn", "truot@xa.vn", "vang@xa.vn"]  # not the official elsewhere, not the citizen
    mail = mails(app, to="dat@xa.vn")[0]
    assert mail.subject == f"Bạn có kỳ sát hạch {exam.title}"
    assert "làm bài từ" in mail.text and f"/exams/{exam.id}" in mail.text


# --- training ----------------------------------------------------------------------------------


@pytest.fixture
def course(factory, session):
    """A published course with one session tomorrow morning in a commune hall; its trainer and
    three officials (not enrolled yet)."""
    trainer = factory.user(role=Role.trainer, email="gv@so.vn")
    commune = factory.unit(name="Xã Học Tập")
    programme = Programme(code="DVC", title="Dịch vụ công trực tuyến", valid_months=12)
    session.add(programme)
    session.flush()
    made = Course(programme_id=programme.id, title="Lớp DVC khóa 1", unit_id=commune.id,
                  status=CourseStatus.published, created_by=trainer.id, capacity=1)
    session.add(made)
    session.flush()
    tomorrow = local_today() + timedelta(days=1)
    session.add(CourseSession(course_id=made.id, starts_at=local_moment(tomorrow, 8),
                              ends_at=local_moment(tomorrow, 11, 30), place="Hội trường UBND xã"))
    people = {name: factory.user(role=Role.official, unit=commune, email=f"{name}@xa.vn", full_name=name.title())
              for name in ("hoa", "lan", "minh")}
    factory.commit()
    return made, trainer, people


def test_enrollment_by_hand_tells_the_person_with_dates_and_place(app, web, course):
    made, trainer, _people = course
    web.login(trainer)
    web.get(f"/training/courses/{made.id}/roster")
    assert web.post(f"/training/courses/{made.id}/enroll", {"login": "hoa@xa.vn"}).status_code in (200, 302)
    run_queue(app)

    [mail] = mails(app)
    assert mail.to == "hoa@xa.vn"
    assert mail.subject == "Bạn được ghi danh vào lớp Lớp DVC khóa 1"
    tomorrow = (local_today() + timedelta(days=1)).strftime("%d/%m/%Y")
    assert f"08:00–11:30 {tomorrow}, Hội trường UBND xã" in mail.text
    assert "http://127.0.0.1:5000/training/mine" in mail.text


def test_past_capacity_the_person_is_told_they_wait(app, web, course):
    made, trainer, _people = course
    web.login(trainer)
    web.get(f"/training/courses/{made.id}/roster")
    web.post(f"/training/courses/{made.id}/enroll", {"login": "hoa@xa.vn"})
    web.post(f"/training/courses/{made.id}/enroll", {"login": "lan@xa.vn"})
    run_queue(app)
    assert [m.subject for m in mails(app, to="lan@xa.vn")] == ["Bạn có tên trong danh sách chờ lớp Lớp DVC khóa 1"]


def test_moving_up_from_the_waiting_list_is_told(app, web, session, course):
    made, trainer, _people = course
    web.login(trainer)
    web.get(f"/training/courses/{made.id}/roster")
    web.post(f"/training/courses/{made.id}/enroll", {"login": "hoa@xa.vn"})
    web.post(f"/training/courses/{made.id}/enroll", {"login": "lan@xa.vn"})
    run_queue(app)
    seat = session.exec(select(Enrollment).where(Enrollment.course_id == made.id,
                                                 Enrollment.status == EnrollmentStatus.enrolled)).one()
    web.post(f"/training/courses/{made.id}/enrollments/{seat.id}/withdraw")
    run_queue(app)
    assert [m.subject for m in mails(app, to="lan@xa.vn")] == [
        "Bạn có tên trong danh sách chờ lớp Lớp DVC khóa 1", "Bạn được ghi danh vào lớp Lớp DVC khóa 1"]
    assert len(mails(app, to="hoa@xa.vn")) == 1  # a withdrawal is not an enrollment


def test_a_person_who_turned_training_off_is_not_told(app, web, course):
    made, trainer, people = course
    choose_topics(web, people["hoa"], *ALL_BUT["training"])
    web.login(trainer)
    web.get(f"/training/courses/{made.id}/roster")
    web.post(f"/training/courses/{made.id}/enroll", {"login": "hoa@xa.vn"})
    run_queue(app)
    assert mails(app) == []


def test_a_rolled_back_enrollment_tells_nobody(app, web, course):
    made, trainer, _people = course
    web.login(trainer)
    web.get(f"/training/courses/{made.id}/roster")
    web.post(f"/training/courses/{made.id}/enroll", {"login": "khong-co@xa.vn"})  # refused
    run_queue(app)
    assert mails(app) == []


def test_a_savepoint_rolled_back_after_an_enrollment_keeps_its_message(app, course):
    """Another part's step that fails alone (a savepoint) does not cancel what the request
    deferred to the queue: only the whole transaction's rollback does."""
    from sqlalchemy import text

    from contest.core import db

    made, trainer, people = course
    with app.app_context():
        session = db.session()
        enrolling.enroll(session, session.get(type(made), made.id),
                         session.get(type(people["hoa"]), people["hoa"].id),
                         EnrollmentSource.hand, session.get(type(trainer), trainer.id), utcnow())
        try:
            with session.begin_nested():
                session.execute(text("SELECT * FROM no_such_table"))
        except Exception:
            pass
        assert db.finish(True)
    run_queue(app)
    assert [m.to for m in mails(app)] == ["hoa@xa.vn"]


def test_the_day_before_a_session_those_with_a_seat_are_reminded_once(app, runner, session, course):
    made, trainer, people = course
    now = utcnow()
    enrolling.enroll(session, made, people["hoa"], EnrollmentSource.hand, trainer, now)  # the seat
    enrolling.enroll(session, made, people["lan"], EnrollmentSource.hand, trainer, now)  # waits
    session.commit()
    this_morning = local_moment(local_today(), 9)

    assert due(runner, this_morning)["session_reminder"] == 1
    assert due(runner, this_morning + timedelta(hours=2))["session_reminder"] == 0
    run_queue(app)

    [mail] = mails(app, subject="Nhắc lịch học")
    assert mail.to == "hoa@xa.vn"
    assert mail.subject == "Nhắc lịch học ngày mai: Lớp DVC khóa 1"
    assert "Địa điểm: Hội trường UBND xã" in mail.text and "08:00–11:30" in mail.text


def test_no_reminder_at_night_nor_two_days_before(app, runner, session, course):
    made, trainer, people = course
    enrolling.enroll(session, made, people["hoa"], EnrollmentSource.hand, trainer, utcnow())
    session.commit()
    assert due(runner, local_moment(local_today(), 5))["session_reminder"] == 0  # 05:00: too early
    assert due(runner, local_moment(local_today() - timedelta(days=1), 9))["session_reminder"] == 0
    run_queue(app)
    assert mails(app, subject="Nhắc lịch học") == []


def completed(session, made, user, completed_on: date, expires_on: date) -> Enrollment:
    row = Enrollment(course_id=made.id, user_id=user.id, status=EnrollmentStatus.enrolled,
                     source=EnrollmentSource.hand, completed_on=completed_on, expires_on=expires_on,
                     attendance_share=1.0)
    session.add(row)
    session.commit()
    return row


def test_a_completion_expiring_within_30_days_is_reminded_once(app, runner, session, course):
    made, _trainer, people = course
    today = local_today()
    completed(session, made, people["hoa"], today - timedelta(days=355), today + timedelta(days=10))
    completed(session, made, people["lan"], today - timedelta(days=300), today + timedelta(days=65))
    this_morning = local_moment(today, 9)

    assert due(runner, this_morning)["completion_expiring"] == 1
    assert due(runner, this_morning + timedelta(days=1))["completion_expiring"] == 0
    run_queue(app)

    [mail] = mails(app, subject="Kết quả bồi dưỡng")
    assert mail.to == "hoa@xa.vn"
    assert mail.subject == "Kết quả bồi dưỡng sắp hết hạn: Dịch vụ công trực tuyến"
    assert f"hết hạn ngày {(today + timedelta(days=10)).strftime('%d/%m/%Y')}" in mail.text


# --- certificates ------------------------------------------------------------------------------


def test_an_issued_certificate_is_told_to_its_holder_with_its_link(app, session, factory):
    with app.app_context():
        certificate = issue_certificate(session, factory, issuing_context(), name="Trần Văn Bằng",
                                        email="bang@xa.vn")
    run_queue(app)
    [mail] = mails(app)
    assert mail.to == "bang@xa.vn"
    assert mail.subject == "Bạn được cấp giấy chứng nhận"
    assert f"«{certificate.title}» (mã {certificate.code})" in mail.text
    assert f"http://127.0.0.1:5000/certificates/{certificate.code}" in mail.text


def test_the_delivery_log_names_each_event_once(app, runner, session, assessment):
    due(runner)
    due(runner)
    rows = session.exec(select(Delivery.dedupe_key).where(Delivery.kind == "assessment_assigned")).all()
    _owner, _exam, round_, _people = assessment
    assert rows == [f"assessment-round:{round_.id}"] * 3


def test_the_workers_periodic_task_runs_the_same_jobs(app, web, contest):
    """``flask notify worker`` runs ``events_due`` every 5 minutes; here it is queued by hand
    and run through the queue as the worker would."""
    from contest.notifications.events import tasks
    from contest.notifications.queue import get

    _exam, _round, people = contest
    choose_topics(web, people["an"], "round_opening")
    periodic = tasks.install(app)["due"]
    [schedule] = [t for t in get(app)._registry.periodic_tasks if isinstance(t, periodic.task_class)]
    assert schedule.validate_datetime(datetime(2026, 3, 10, 2, 5))  # every 5 minutes
    assert not schedule.validate_datetime(datetime(2026, 3, 10, 2, 7))
    periodic()
    run_queue(app)
    assert [m.to for m in mails(app)] == ["an@dan.vn"]


def test_zalo_template_ids_are_the_deployments(app, monkeypatch):
    from contest.notifications import kinds

    monkeypatch.setitem(app.config, "ZALO_TEMPLATE_IDS", {"round_opening": "231234"})
    params = {"contest": "Tìm hiểu chuyển đổi số", "round": "Tuần 1", "closes": "17:00 20/03/2026",
              "link": "http://127.0.0.1:5000/exams/1"}
    with app.app_context():
        template, data = kinds.get("round_opening").zalo(params)
        assert (template, data["round"], data["link"]) == ("231234", "Tuần 1", params["link"])
        assert kinds.get("prize_awarded").zalo({})[0] == "prize_awarded"  # not named: its own key


def test_the_worker_process_tells_an_enrollment(app, web, course, tmp_path):
    """``flask notify worker`` in its own process runs the deferred fan-out and sends its mail
    (the events' tasks are registered in the worker, not only where they were queued)."""
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    made, trainer, _people = course
    env = dict(os.environ, APP_ENV="development", SECRET_KEY="worker-test-key",
               DATABASE_URL=app.config["DATABASE_URL"], QUEUE_PATH=str(app.config["QUEUE_PATH"]),
               NOTIFY_OUTBOX_DIR=str(app.config["NOTIFY_OUTBOX_DIR"]), INSTANCE_PATH=str(tmp_path))
    env.pop("REDIS_URL", None)
    worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "notify", "worker", "--workers", "1"],
                              cwd=Path(__file__).resolve().parents[2], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
    try:
        web.login(trainer)
        web.get(f"/training/courses/{made.id}/roster")
        web.post(f"/training/courses/{made.id}/enroll", {"login": "minh@xa.vn"})
        deadline = time.monotonic() + 30

        def enrolled():  # the worker's periodic job may also send tomorrow's session reminder
            return [(m.to, m.subject) for m in mails(app) if m.subject.startswith("Bạn được ghi danh")]

        while not enrolled() and time.monotonic() < deadline:
            assert worker.poll() is None, worker.stderr.read().decode()[-2000:]
            time.sleep(0.2)
        assert enrolled() == [("minh@xa.vn", "Bạn được ghi danh vào lớp Lớp DVC khóa 1")]
    finally:
        stop_process(worker)
