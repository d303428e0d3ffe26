"""Essays are graded by hand: the attempt is rescored and an assessment can then be passed."""

import pytest
from sqlmodel import select

from contest.accounts.models import Role, User
from contest.core.db import utcnow
from contest.exams.models import Assignment, Attempt, AttemptQuestion, DrawRule
from contest.exams.services import results
from contest.exams.services.attempts import start_attempt, submit
from question_bank.models import QuestionBank, QuestionVersion
from question_bank.records import QuestionRecord
from tests.support.sitting import answer


@pytest.fixture
def essay_attempt(factory, session):
    """An official's submitted assessment: one single-choice answered right, one essay written."""
    exam, round_ = factory.exam("assessment", questions=1, pass_ratio=0.75)
    rule = session.exec(select(DrawRule).where(DrawRule.exam_id == exam.id)).one()
    bank = session.get(QuestionBank, rule.bank_id)
    factory.question(bank, record=QuestionRecord(type="essay", stem="Nêu lợi ích của dịch vụ công trực tuyến."),
                     publish=True)
    rule.count = 2
    position = factory.position()
    official = factory.user(role=Role.official, job_position_id=position.id)
    session.add(Assignment(exam_id=exam.id, job_position_id=position.id))
    session.flush()
    now = utcnow()
    attempt = start_attempt(session, exam, round_, official, now)
    for aq in session.exec(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt.id)):
        version = session.get(QuestionVersion, aq.version_id)
        if version.type == "essay":
            answer(session, attempt, aq.position, {"text": "Tiết kiệm <b>thời gian</b> và chi phí."}, official, now)
        else:
            key = next(c["key"] for c in version.payload["choices"] if c["fraction"] == 1.0)
            answer(session, attempt, aq.position, {"choice": key}, official, now)
    submit(session, attempt, now)
    session.commit()
    return exam, round_, attempt


def test_pending_essay_is_listed_and_grading_rescores(web, factory, session, essay_attempt):
    exam, round_, attempt = essay_attempt
    assert attempt.pending_count == 1 and attempt.score == 1.0
    owner = session.get(User, exam.created_by)
    web.login(owner)
    url = f"/manage/exams/{exam.id}/rounds/{round_.id}/grading"
    page = web.get(url).get_data(as_text=True)
    assert "Nêu lợi ích của dịch vụ công trực tuyến." in page
    assert "Tiết kiệm &lt;b&gt;thời gian&lt;/b&gt;" in page  # the examinee's text is never markup
    essay = session.exec(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt.id,
                                                       AttemptQuestion.fraction.is_(None))).one()
    bad = web.post(url, {"answer_id": essay.id, "percent": "150"})
    assert "Điểm phải là số nguyên từ 0 đến 100." in bad.get_data(as_text=True)
    web.post(url, {"answer_id": essay.id, "percent": "50"})
    session.expire_all()
    graded = session.get(Attempt, attempt.id)
    assert graded.pending_count == 0 and graded.score == 1.5
    assert results.passed(exam, graded)  # 1.5 of 2 reaches the 75% pass mark once graded
    assert "Không còn bài tự luận nào chờ chấm." in web.get(url).get_data(as_text=True)


def test_answer_of_another_round_is_refused(web, factory, session, essay_attempt):
    exam, round_, attempt = essay_attempt
    other_exam, other_round = factory.exam("assessment", questions=1)
    other_exam.created_by = exam.created_by
    session.add(other_exam)
    session.commit()
    essay = session.exec(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt.id,
                                                       AttemptQuestion.fraction.is_(None))).one()
    owner = session.get(User, exam.created_by)
    web.login(owner)
    url = f"/manage/exams/{other_exam.id}/rounds/{other_round.id}/grading"
    web.get(url)
    web.post(url, {"answer_id": essay.id, "percent": "100"})
    session.expire_all()
    assert session.get(AttemptQuestion, essay.id).fraction is None
