"""Share links, personal codes and referrals: lookups and writes on a session (flush only).

A contest's link is made the first time it is asked for (one row per contest, ever); a person's
code only when they open their own page ("Lan tỏa của tôi"), never by merely viewing a contest.
Two requests making the same row at once both get the one stored first: the insert is an
``INSERT ... ON CONFLICT DO NOTHING`` followed by a read, so the clash is no error and needs no
savepoint (on SQLite a savepoint opening a transaction would commit on its release).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, select

from contest.accounts.models import Unit, User
from contest.exams.models import Exam, ExamKind, ExamStatus, Round
from contest.sharing import codes
from contest.sharing.models import PersonalCode, Referral, ShareLink
from contest.sharing.ranking import Registration, Standing, rank_referrers

#: Fresh codes tried before giving up (a clash of random codes is already rare at the first).
_DRAWS = 8
_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def _insert_once(session: Session, build: Callable[[str], SQLModel], length: int,
                 stored: Callable[[], SQLModel | None], rng) -> SQLModel:
    """Store ``build(code)`` with a fresh code unless its row exists, and return the stored row.

    The insert does nothing on any unique clash: when another request stored the row first,
    ``stored()`` finds theirs (PostgreSQL waits for their commit; SQLite has one writer at a
    time); when only the code clashed with another row's, another code is drawn."""
    insert = _INSERTS[session.get_bind().dialect.name]
    for _ in range(_DRAWS):
        row = build(codes.new_code(length, rng))
        values = row.model_dump(exclude_none=True)
        session.execute(insert(type(row)).values(**values).on_conflict_do_nothing())
        if (found := stored()) is not None:
            return found
    raise RuntimeError("no free share code after several draws")


def stored_share_link(session: Session, exam_id: int) -> ShareLink | None:
    return session.exec(select(ShareLink).where(ShareLink.exam_id == exam_id)).first()


def share_link_of(session: Session, exam: Exam, rng=secrets) -> ShareLink | None:
    """The contest's share link, made on first use; None for an exam that is not a contest
    (assessments are for their own people, practice is not advertised)."""
    if exam.kind != ExamKind.contest:
        return None
    return stored_share_link(session, exam.id) or new_share_link(session, exam, rng)


def new_share_link(session: Session, exam: Exam, rng=secrets) -> ShareLink:
    """Store the contest's link, or find the one a racing request stored (see ``_insert_once``)."""
    return _insert_once(session, lambda code: ShareLink(exam_id=exam.id, code=code),
                        codes.CONTEST_LENGTH, lambda: stored_share_link(session, exam.id), rng)


def personal_code(session: Session, user: User) -> str | None:
    """The person's code if they have one (read only: for pages anyone may view)."""
    return session.exec(select(PersonalCode.code).where(PersonalCode.user_id == user.id)).first()


def personal_code_of(session: Session, user: User, rng=secrets) -> str:
    """The person's own code, made on first use (their own "Lan tỏa của tôi" page only)."""
    return personal_code(session, user) or new_personal_code(session, user, rng)


def new_personal_code(session: Session, user: User, rng=secrets) -> str:
    """Store the person's code, or find the one a racing request stored (``_insert_once``)."""
    return _insert_once(session, lambda code: PersonalCode(user_id=user.id, code=code),
                        codes.PERSON_LENGTH, lambda: _stored_personal(session, user.id), rng).code


def _stored_personal(session: Session, user_id: int) -> PersonalCode | None:
    return session.exec(select(PersonalCode).where(PersonalCode.user_id == user_id)).first()


def shared_exam(session: Session, code: str) -> Exam | None:
    """The contest a share code leads to: None for an unknown code and for a contest still in
    draft (nobody may see it yet). Codes are read the forgiving way (``codes.normalize``)."""
    code = codes.normalize(code, codes.CONTEST_LENGTH)
    if code is None:
        return None
    exam = session.exec(select(Exam).join(ShareLink, ShareLink.exam_id == Exam.id)
                        .where(ShareLink.code == code)).first()
    return exam if exam is not None and exam.status != ExamStatus.draft else None


def link_by_code(session: Session, code: str) -> ShareLink | None:
    """The share link of a code (any contest, a draft's too: its poster may be printed early)."""
    code = codes.normalize(code, codes.CONTEST_LENGTH)
    return None if code is None else session.exec(
        select(ShareLink).where(ShareLink.code == code)).first()


def referrer_by_code(session: Session, code: str | None) -> User | None:
    """The active account whose personal code this is, or None (unknown, forged, deactivated)."""
    code = codes.normalize(code, codes.PERSON_LENGTH)
    if code is None:
        return None
    user = session.exec(select(User).join(PersonalCode, PersonalCode.user_id == User.id)
                        .where(PersonalCode.code == code)).first()
    return user if user is not None and user.active else None


def referrer_code(session: Session, code: str | None) -> str | None:
    """The stored personal code of an active account that ``code`` reads as, or None."""
    return None if referrer_by_code(session, code) is None else codes.normalize(
        code, codes.PERSON_LENGTH)


def record_referral(session: Session, referred: User, exam_id: int, person_code: str | None,
                    now: datetime) -> Referral | None:
    """Count ``referred``'s registration for the owner of ``person_code``, who shared contest
    ``exam_id``. Nothing is counted (None) for an unknown or forged code, a deactivated
    referrer, a person referring themselves, a contest that does not exist, or a person already
    counted once (a person is referred at most once, whoever's link they followed later)."""
    referrer = referrer_by_code(session, person_code)
    if referrer is None or referrer.id == referred.id:
        return None
    exam = session.get(Exam, exam_id)
    if exam is None or exam.kind != ExamKind.contest:
        return None
    if session.exec(select(Referral.id).where(Referral.referred_user_id == referred.id)).first():
        return None
    referral = Referral(referrer_id=referrer.id, referred_user_id=referred.id, exam_id=exam.id,
                        created_at=now)
    try:
        with session.begin_nested():
            session.add(referral)
    except IntegrityError:  # counted by a request racing this one
        return None
    return referral


def counts_of(session: Session, user: User) -> dict[int, int]:
    """How many people registered through ``user``'s links, per contest id (``_counted``)."""
    rows = session.exec(_counted(select(Referral.exam_id, func.count(Referral.id)))
                        .where(Referral.referrer_id == user.id).group_by(Referral.exam_id)).all()
    return dict(rows)


def _counted(query):
    """Only referrals of accounts that count: active and confirmed. An account still awaiting
    its confirmation (or deactivated by an admin, say as a fake) is not a person brought in."""
    return query.join(User, User.id == Referral.referred_user_id).where(
        User.active.is_(True), User.confirmation_pending.is_(False))


@dataclass(frozen=True)
class SpreadRow:
    standing: Standing
    name: str
    unit: str


def standings(session: Session, exam: Exam, round_: Round | None = None) -> list[SpreadRow]:
    """The contest's referrers ranked by registrations (``ranking.rank_referrers``); with a
    round, only the registrations within its window (``opens_at`` to ``closes_at``), as a
    "giải lan tỏa" of that round counts them. Unconfirmed and deactivated accounts do not count
    (``_counted``)."""
    registrations = [Registration(referrer_id=r, at=at) for r, at in session.exec(
        _counted(select(Referral.referrer_id, Referral.created_at))
        .where(Referral.exam_id == exam.id)).all()]
    ranked = rank_referrers(registrations, since=round_.opens_at if round_ else None,
                            until=round_.closes_at if round_ else None)
    people = {user.id: (user.full_name, unit_name) for user, unit_name in session.exec(
        select(User, Unit.name).outerjoin(Unit, Unit.id == User.unit_id)
        .where(User.id.in_([s.referrer_id for s in ranked]))).all()} if ranked else {}
    return [SpreadRow(standing=s, name=people[s.referrer_id][0], unit=people[s.referrer_id][1] or "")
            for s in ranked]
