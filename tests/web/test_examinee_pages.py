"""What an examinee reads around an attempt: which limited attempt "Thi ngay" spends (and a
confirmation first), the exam's kind named on its result page, and only rounds still open under
"Cuộc thi đang mở"."""

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from contest.accounts.models import Role
from contest.core.db import utcnow
from contest.exams.models import Assignment, Attempt, ExamKind
from contest.exams.services.attempts import start_attempt, submit

START_FORM = re.compile(r'<form method="post" action="/exams/\d+/rounds/\d+/start"')


def test_a_limited_attempt_is_named_and_confirmed_before_it_starts(web, factory, session):
    """"Thi ngay" spent one of three attempts without a word."""
    exam, round_ = factory.exam("contest", questions=2, attempts_allowed=3)
    citizen = factory.user()
    factory.commit()
    web.login(citizen)
    page = web.get(f"/exams/{exam.id}").get_data(as_text=True)
    assert not START_FORM.search(page)  # the first click only asks
    assert f'href="/exams/{exam.id}?start=1#start">Thi ngay</a>' in page and "Lượt 1/3" in page
    asking = web.get(f"/exams/{exam.id}?start=1").get_data(as_text=True)
    assert START_FORM.search(asking)
    assert "Bạn sắp bắt đầu lượt 1/3 của đợt này." in asking and "Bắt đầu lượt 1/3</button>" in asking
    assert session.exec(select(Attempt)).all() == []

    started = web.post(f"/exams/{exam.id}/rounds/{round_.id}/start")
    assert started.status_code == 302
    page = web.get(f"/exams/{exam.id}").get_data(as_text=True)
    assert START_FORM.search(page) and "Tiếp tục bài đang làm" in page  # resuming spends nothing
    web.post(f"{started.headers['Location']}/submit", {})
    assert "Lượt 2/3" in web.get(f"/exams/{exam.id}").get_data(as_text=True)


def test_all_attempts_used_says_so_instead_of_offering_a_start(web, factory, session):
    exam, round_ = factory.exam("contest", questions=2, attempts_allowed=1)
    citizen = factory.user()
    factory.commit()
    submit(session, start_attempt(session, exam, round_, citizen, utcnow()), utcnow())
    session.commit()
    web.login(citizen)
    page = web.get(f"/exams/{exam.id}?start=1").get_data(as_text=True)
    assert "Bạn đã dùng hết 1 lượt thi của đợt này." in page and not START_FORM.search(page)


def test_a_practice_open_to_as_many_attempts_as_allowed_starts_at_once(web, factory):
    exam, _round = factory.exam("practice", questions=2, attempts_allowed=50)
    citizen = factory.user()
    factory.commit()
    web.login(citizen)
    page = web.get(f"/exams/{exam.id}").get_data(as_text=True)
    assert START_FORM.search(page) and "Thi ngay</button>" in page and "Đã dùng 0/50 lượt" in page


@pytest.mark.parametrize("kind, words", [("contest", "Về trang cuộc thi"),
                                         ("assessment", "Về trang kỳ sát hạch"),
                                         ("practice", "Về trang bài luyện tập")])
def test_the_result_page_names_the_exams_kind(web, factory, session, kind, words):
    exam, round_ = factory.exam(kind, questions=2)
    person = factory.user(role=Role.official)
    session.add(Assignment(exam_id=exam.id, user_id=person.id))
    factory.commit()
    attempt = start_attempt(session, exam, round_, person, utcnow())
    submit(session, attempt, utcnow())
    session.commit()
    web.login(person)
    page = web.get(f"/attempts/{attempt.id}/result").get_data(as_text=True)
    assert words in page
    assert kind == "contest" or "Về trang cuộc thi" not in page


def test_every_kind_has_a_noun():
    assert {kind: kind.noun for kind in ExamKind} == {
        ExamKind.contest: "cuộc thi", ExamKind.assessment: "kỳ sát hạch",
        ExamKind.practice: "bài luyện tập"}


@pytest.mark.parametrize("role", [Role.citizen, Role.official])
def test_a_finished_round_is_not_listed_as_an_open_contest(web, factory, role):
    now = utcnow()
    ended, _ = factory.exam("contest", questions=1, opens=now - timedelta(days=8), closes=now - timedelta(days=1))
    running, _ = factory.exam("contest", questions=1)
    person = factory.user(role=role)
    factory.commit()
    web.login(person)
    home = web.get("/").get_data(as_text=True)
    listed = home.split("Cuộc thi đang mở", 1)[1]
    assert running.title in listed and ended.title not in listed


def test_the_landing_page_leaves_out_a_round_closed_early(web, factory, session):
    finished, round_ = factory.exam("contest", questions=1)
    round_.finalized_at = utcnow()  # closed and finalized before its closing time
    session.add(round_)
    factory.commit()
    landing = web.get("/").get_data(as_text=True)
    assert finished.title not in landing and "Hiện chưa có cuộc thi nào đang mở." in landing
