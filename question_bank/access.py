"""Who may do what with a bank. Trainers manage their own banks and those they review; admins
see all; citizens and officials never reach authoring. A bank's images follow its questions:
those a published question of the same bank shows are for every signed-in person, all others
for the bank's managers."""

from __future__ import annotations

from sqlmodel import Session, select

from contest.accounts.models import Role, User
from question_bank.models import BankImage, BankReviewer, QuestionBank, QuestionVersion
from question_bank.services.images import is_published_image


def is_reviewer(session: Session, bank: QuestionBank, user: User) -> bool:
    return session.get(BankReviewer, (bank.id, user.id)) is not None


def can_manage(session: Session, bank: QuestionBank, user: User) -> bool:
    """Admins, the owner and the bank's reviewers may author and organise its questions."""
    if user.role == Role.admin:
        return True
    if user.role != Role.trainer:
        return False
    return bank.owner_id == user.id or is_reviewer(session, bank, user)


def can_view_image(session: Session, image: BankImage, user: User) -> bool:
    """An image a published (or retired) question of its own bank shows (stem, explanation or
    options) is for every signed-in person (examinees see it in their attempts); any other image
    only for those who may open the bank's questions (``can_manage``), so a draft's picture does
    not reach trainers of other banks, even by a question they publish in a bank of their own."""
    if is_published_image(session, image):
        return True
    bank = session.get(QuestionBank, image.bank_id)
    return bank is not None and can_manage(session, bank, user)


def can_review(session: Session, bank: QuestionBank, user: User, version: QuestionVersion) -> bool:
    """A reviewer of the bank (or an admin) approves, never the version's own author."""
    if version.created_by == user.id:
        return False
    return user.role == Role.admin or (user.role == Role.trainer and is_reviewer(session, bank, user))


def can_publish_directly(session: Session, bank: QuestionBank, user: User) -> bool:
    """Publishing without a second pair of eyes (e.g. an import of an already reviewed bank) is
    for admins and the bank's reviewers."""
    return user.role == Role.admin or (user.role == Role.trainer and is_reviewer(session, bank, user))


def visible_banks(session: Session, user: User) -> list[QuestionBank]:
    query = select(QuestionBank).order_by(QuestionBank.name)
    if user.role != Role.admin:
        reviewed = select(BankReviewer.bank_id).where(BankReviewer.user_id == user.id)
        query = query.where((QuestionBank.owner_id == user.id) | QuestionBank.id.in_(reviewed))
    return list(session.exec(query))
