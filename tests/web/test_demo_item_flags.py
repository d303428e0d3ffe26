"""The demo's deliberately mis-keyed question is the one the item analysis flags as a likely
wrong key, and the bank marks it after the analysis runs."""

from sqlmodel import select

from contest.exams.demo_history import CONTEST_ROUND, MISKEYED_STEM
from contest.exams.models import Exam, Round
from contest.reports.services.item_data import item_report, refresh_flags
from question_bank.models import QuestionFlag, QuestionVersion
from tests.web.test_demo_history import history  # noqa: F401  (the seeded demo history)


def test_the_demo_miskeyed_question_is_flagged_as_a_wrong_key(history):  # noqa: F811
    """Flagged, and the worst item of the test. Which questions an attempt draws is random, so
    another item seen by few people may come out slightly negative by chance and be flagged too;
    the mis-keyed one is far below any of them (about -46%)."""
    session, _made = history
    week = session.exec(select(Round).where(Round.name == CONTEST_ROUND)).one()
    exam = session.get(Exam, week.exam_id)
    items = list(item_report(session, exam, details=False).items())
    wrong_key = {info.version_id for info, item in items
                 if "negative_discrimination" in [f.reason.value for f in item.flags]}
    worst = min((item.discrimination, info.version_id) for info, item in items
                if item.discrimination is not None)
    miskeyed = set(session.exec(select(QuestionVersion.id).where(QuestionVersion.stem == MISKEYED_STEM)))
    assert wrong_key & miskeyed and worst[1] in miskeyed and worst[0] < -20
    refresh_flags(session, exam.id)
    flags = session.exec(select(QuestionFlag).where(QuestionFlag.reason == "negative_discrimination")).all()
    assert {f.version_id for f in flags} == wrong_key
