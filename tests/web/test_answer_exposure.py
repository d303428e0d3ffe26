"""A practice exam that shares questions with a contest still to be sat reveals its answers:
both exams' pages warn the trainer, and publishing says so."""

from datetime import timedelta

from sqlmodel import select

from contest.accounts.models import Role, User
from contest.core.db import utcnow
from contest.exams.models import DrawRule, ExamStatus
from question_bank.models import QuestionBank


def _signed_in_owner(web, session, factory, exam):
    factory.commit()
    web.login(session.get(User, exam.created_by))


def test_practice_on_a_running_contests_bank_is_flagged_on_both_pages(web, factory, session):
    contest, _ = factory.exam("contest", questions=5)
    bank_id = _bank_of(session, contest)
    practice, _ = factory.exam("practice", questions=0, draw=3, bank=_bank(session, bank_id))
    _signed_in_owner(web, session, factory, contest)
    page = web.get(f"/manage/exams/{practice.id}").get_data(as_text=True)
    assert "Cảnh báo lộ đáp án" in page and f"5 câu hỏi trùng với «{contest.title}»" in page
    page = web.get(f"/manage/exams/{contest.id}").get_data(as_text=True)
    assert f"Đề luyện tập «{practice.title}» đã công bố có 5 câu hỏi trùng" in page


def test_practice_on_another_bank_or_after_the_contest_is_not_flagged(web, factory, session):
    contest, round_ = factory.exam("contest", questions=5)
    other, _ = factory.exam("practice", questions=4)
    same, _ = factory.exam("practice", questions=0, draw=3, bank=_bank(session, _bank_of(session, contest)))
    round_.opens_at, round_.closes_at = utcnow() - timedelta(days=8), utcnow() - timedelta(days=1)
    session.add(round_)
    _signed_in_owner(web, session, factory, other)
    assert "Cảnh báo lộ đáp án" not in web.get(f"/manage/exams/{other.id}").get_data(as_text=True)
    web.login(session.get(User, same.created_by))
    assert "Cảnh báo lộ đáp án" not in web.get(f"/manage/exams/{same.id}").get_data(as_text=True)


def test_publishing_an_exposing_practice_warns(web, factory, session):
    contest, _ = factory.exam("contest", questions=4)
    practice, _ = factory.exam("practice", questions=0, draw=2, bank=_bank(session, _bank_of(session, contest)))
    practice.status = ExamStatus.draft
    session.add(practice)
    admin = factory.user(role=Role.admin)
    factory.commit()
    web.login(admin)
    response = web.post(f"/manage/exams/{practice.id}/publish")
    assert response.status_code == 302
    page = web.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã công bố kỳ thi." in page and "xem cảnh báo lộ đáp án" in page


def _bank_of(session, exam):
    return session.exec(select(DrawRule.bank_id).where(DrawRule.exam_id == exam.id)).first()


def _bank(session, bank_id):
    return session.get(QuestionBank, bank_id)


def test_practice_that_shows_nothing_before_the_close_is_not_flagged(web, factory, session):
    from contest.exams.review_policy import EVERYTHING, ReviewPolicy

    contest, _ = factory.exam("contest", questions=3)
    quiet = ReviewPolicy(after_close=EVERYTHING).to_dict()
    practice, _ = factory.exam("practice", questions=0, draw=2, bank=_bank(session, _bank_of(session, contest)),
                               review_policy=quiet)
    _signed_in_owner(web, session, factory, practice)
    assert "Cảnh báo lộ đáp án" not in web.get(f"/manage/exams/{practice.id}").get_data(as_text=True)
    assert "Cảnh báo lộ đáp án" not in web.get(f"/manage/exams/{contest.id}").get_data(as_text=True)


def test_the_demo_practice_reveals_none_of_the_demo_exams(session, app):
    from contest.demo import seed_all
    from contest.exams.models import Exam
    from contest.exams.services.exposure import exposures

    seed_all(session, "Demo@2026")
    session.flush()
    for exam in session.exec(select(Exam)).all():
        assert exposures(session, exam, utcnow()) == [], exam.title
