"""The demo history: a past contest round taken by some 320 citizens and closed, a mis-keyed
question the statistics expose, and a past assessment round; all through the exam services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from contest.accounts.models import COMMUNE_LEVEL, Role, Unit, User
from contest.core.db import utcnow
from contest.demo import seed_all
from contest.exams.demo_history import (
    CONTEST_ROUND,
    MISKEYED_STEM,
    PAST_ASSESSMENT,
    TRUE_ANSWER,
    WRONG_KEY,
    seed_demo_history,
)
from contest.exams.models import (
    Attempt,
    AttemptQuestion,
    AttemptStatus,
    Exam,
    Prize,
    Round,
    UnitResult,
)
from contest.exams.services.results import passed
from question_bank.models import Question, QuestionBank, QuestionVersion
from question_bank.services.published import version_record

DEMO_PASSWORD = "Demo@2026"


def demo_org(session) -> dict:
    """What ``seed_all`` hands the later seeds, read back from the database."""
    return {"users": list(session.exec(select(User).where(User.email.like("%@demo.vn"),
                                                          User.role != Role.official).order_by(User.id))),
            "province": session.exec(select(Unit).where(Unit.parent_id.is_(None))).one(),
            "communes": list(session.exec(select(Unit).where(Unit.kind.in_(COMMUNE_LEVEL)).order_by(Unit.id)))}


@pytest.fixture
def history(app, session):
    seed_all(session, DEMO_PASSWORD, history=False)
    session.commit()
    with app.app_context():
        made = seed_demo_history(session, demo_org(session), session.exec(select(QuestionBank)).one())
    session.commit()
    return session, made


def _round(session, name):
    return session.exec(select(Round).where(Round.name == name)).one()


def test_the_past_round_was_taken_over_the_week_and_is_closed_with_prizes(history):
    session, _made = history
    week = _round(session, CONTEST_ROUND)
    assert week.finalized_at is not None and week.all_correct_count is not None
    submitted = session.exec(select(Attempt).where(Attempt.round_id == week.id,
                                                   Attempt.status == AttemptStatus.submitted)).all()
    assert len(submitted) >= 250
    assert all(week.opens_at <= a.started_at and a.submitted_at <= week.closes_at for a in submitted)
    local_days = {(a.started_at + timedelta(hours=7)).date() for a in submitted}
    assert len(local_days) >= 5
    assert {a.final_rank for a in submitted if a.counted} >= {1, 2, 3}
    prizes = session.exec(select(Prize.tier, func.count()).where(Prize.round_id == week.id).group_by(Prize.tier)).all()
    assert dict(prizes) == {"Giải Nhất": 1, "Giải Nhì": 2, "Giải Ba": 3, "Giải Khuyến khích": 10}
    units = session.exec(select(UnitResult).where(UnitResult.round_id == week.id)).all()
    assert len(units) > 20 and len({u.participants * 1000 // u.registered for u in units}) > 5


def test_the_new_citizens_live_in_communes_and_can_sign_in(history, web):
    session, made = history
    citizens = made["contest"]["citizens"]
    assert len(citizens) >= 300 and all(c.role == Role.citizen and c.phone for c in citizens)
    kinds = session.exec(select(Unit.kind).where(Unit.id.in_({c.unit_id for c in citizens}))).all()
    assert set(kinds) <= set(COMMUNE_LEVEL) and len(kinds) > 30
    web.login(citizens[0], DEMO_PASSWORD)
    assert web.get("/").status_code == 200


def test_the_miskeyed_question_is_answered_right_mostly_by_the_weak(history):
    """Its key (the wrong date) is chosen more often by those who do worst on the rest of the
    test than by those who do best: the negative discrimination of a wrong key."""
    session, _made = history
    week = _round(session, CONTEST_ROUND)
    question = session.exec(select(Question).join(QuestionVersion, QuestionVersion.id == Question.published_version_id)
                            .where(QuestionVersion.stem == MISKEYED_STEM)).one()
    record = version_record(session, question.published_version_id)
    assert [c.text for c in record.choices if c.fraction == 1.0] == [WRONG_KEY] != [TRUE_ANSWER]
    rows = session.exec(select(AttemptQuestion.fraction, Attempt.score)
                        .join(Attempt, Attempt.id == AttemptQuestion.attempt_id)
                        .where(Attempt.round_id == week.id, AttemptQuestion.version_id == question.published_version_id)).all()
    assert len(rows) >= 60
    by_rest = sorted(((score - (fraction or 0.0)), fraction or 0.0) for fraction, score in rows)
    third = len(by_rest) // 3
    low, high = by_rest[:third], by_rest[-third:]
    assert sum(f for _s, f in low) / third > sum(f for _s, f in high) / third + 0.15


def test_the_past_assessment_has_passes_failures_and_absentees_and_seeding_twice_adds_nothing(history):
    session, _made = history
    past = _round(session, PAST_ASSESSMENT)
    assert past.finalized_at is not None and past.closes_at < utcnow()
    counted = session.exec(select(Attempt).where(Attempt.round_id == past.id, Attempt.counted)).all()
    exam = session.get(Exam, past.exam_id)
    outcomes = [passed(exam, a) for a in counted]
    assert len(counted) == 8 and outcomes.count(True) >= 4 and outcomes.count(False) >= 1
    assert session.exec(select(func.count()).select_from(Attempt).where(Attempt.round_id == past.id)).one() == 9
    assert seed_demo_history(session, demo_org(session), session.exec(select(QuestionBank)).one()) == {}
