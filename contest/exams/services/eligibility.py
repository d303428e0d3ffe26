"""Who may take which exam.

* contest: any registered person whose profile carries a unit;
* assessment: officials assigned by unit (with its sub-units), job position and field, or by name;
* practice: whoever may see the banks it draws from: public banks are open to every signed-in
  person; other banks to officials whose position or field is in the bank's audience, and to staff.
* assessment or practice: also whoever a registered rule admits (``register_eligibility``): the
  training package admits the officials enrolled in a course the exam belongs to, without
  contest.exams importing it.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session, select

from contest.accounts.models import Role, Unit, User
from contest.exams.models import Assignment, DrawRule, Exam, ExamKind, ExamStatus
from question_bank.models import BankField, BankPosition, QuestionBank

#: More rules that admit a person to an assessment or a practice exam, registered by the packages
#: built on exams (``register_eligibility``); any one of them admitting is enough.
EXTRA_ELIGIBILITY: list[Callable[[Session, Exam, User], bool]] = []


def register_eligibility(rule: Callable[[Session, Exam, User], bool]) -> Callable[[Session, Exam, User], bool]:
    """Add ``rule`` (once, however often it is registered) to ``EXTRA_ELIGIBILITY``."""
    if rule not in EXTRA_ELIGIBILITY:
        EXTRA_ELIGIBILITY.append(rule)
    return rule


def _admitted_by_rule(session: Session, exam: Exam, user: User) -> bool:
    return any(rule(session, exam, user) for rule in EXTRA_ELIGIBILITY)


def unit_ancestors(session: Session, unit_id: int | None) -> list[int]:
    """The unit and every unit above it."""
    chain: list[int] = []
    while unit_id is not None and len(chain) < 10:
        chain.append(unit_id)
        unit = session.get(Unit, unit_id)
        unit_id = unit.parent_id if unit else None
    return chain


def _assigned(session: Session, exam: Exam, user: User) -> bool:
    if user.role != Role.official:
        return False
    ancestors = unit_ancestors(session, user.unit_id)
    for row in session.exec(select(Assignment).where(Assignment.exam_id == exam.id)):
        if row.user_id is not None:
            if row.user_id == user.id:
                return True
            continue
        if row.unit_id is not None and row.unit_id not in ancestors:
            continue
        if row.job_position_id is not None and row.job_position_id != user.job_position_id:
            continue
        if row.field_id is not None and row.field_id != user.field_id:
            continue
        if row.unit_id is None and row.job_position_id is None and row.field_id is None:
            continue
        return True
    return False


def _may_practice(session: Session, exam: Exam, user: User) -> bool:
    """Every private bank the exam draws from has the official's position or field in its
    audience (a fixed number of queries, whatever the number of banks)."""
    if user.role in (Role.trainer, Role.admin):
        return True
    drawn = select(DrawRule.bank_id).where(DrawRule.exam_id == exam.id)
    private = set(session.exec(select(QuestionBank.id).where(QuestionBank.id.in_(drawn),
                                                             QuestionBank.is_public.is_(False))))
    if not private:
        return True
    if user.role != Role.official:
        return False
    open_to_user = set(session.exec(select(BankPosition.bank_id).where(
        BankPosition.bank_id.in_(sorted(private)), BankPosition.job_position_id == user.job_position_id)))
    open_to_user |= set(session.exec(select(BankField.bank_id).where(
        BankField.bank_id.in_(sorted(private)), BankField.field_id == user.field_id)))
    return private <= open_to_user


def is_eligible(session: Session, exam: Exam, user: User) -> bool:
    """Whether ``user`` may start ``exam`` (a published exam; drafts are for staff previews)."""
    if exam.status != ExamStatus.published:
        return False
    if exam.kind == ExamKind.contest:
        return user.unit_id is not None
    if exam.kind == ExamKind.assessment:
        return _assigned(session, exam, user) or _admitted_by_rule(session, exam, user)
    return _may_practice(session, exam, user) or _admitted_by_rule(session, exam, user)


def exams_for(session: Session, user: User, kind: ExamKind) -> list[Exam]:
    """Published exams of ``kind`` that ``user`` may take."""
    exams = session.exec(select(Exam).where(Exam.kind == kind, Exam.status == ExamStatus.published)
                         .order_by(Exam.created_at.desc())).all()
    return [exam for exam in exams if is_eligible(session, exam, user)]
