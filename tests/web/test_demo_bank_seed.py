"""The demo bank is filled from its data files by the import a trainer uses, and published."""

from __future__ import annotations

from sqlmodel import select

from contest.demo_org import seed_organisation
from question_bank.demo import demo_files, demo_questions
from question_bank.demo_seed import DEMO_BANK, seed_demo_bank
from question_bank.models import Category, ImportLog, Question, QuestionStatus


def _seed(session):
    org = seed_organisation(session, "Demo@2026")
    trainers = [u for u in org["users"] if u.role.value == "trainer"]
    bank = seed_demo_bank(session, trainers[0], trainers[1], [p.id for p in org["positions"]],
                          [f.id for f in org["fields"]])
    session.flush()
    return bank, trainers[0]


def test_each_demo_file_is_one_published_import_by_the_owner(session):
    bank, owner = _seed(session)
    logs = session.exec(select(ImportLog).where(ImportLog.bank_id == bank.id)
                        .order_by(ImportLog.id)).all()
    assert [log.filename for log in logs] == [name for name, _ in demo_files()]
    assert {(log.user_id, log.format, log.errors, log.skipped) for log in logs} == {
        (owner.id, "moodle-xml", 0, 0)}
    assert all(log.counts["published"] for log in logs)
    assert sum(log.questions for log in logs) == len(demo_questions())


def test_the_demo_bank_holds_every_question_of_its_files_published(session):
    bank, _ = _seed(session)
    records = demo_questions()
    assert bank.name == DEMO_BANK and bank.is_public
    questions = session.exec(select(Question).where(Question.bank_id == bank.id)).all()
    assert len(questions) == len(records) == 217
    assert {q.status for q in questions} == {QuestionStatus.published}
    assert all(q.published_version_id == q.head_version_id for q in questions)
    names = set(session.exec(select(Category.name).where(Category.bank_id == bank.id)).all())
    assert names == {part for r in records for part in r.category}
