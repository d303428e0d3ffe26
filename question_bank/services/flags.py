"""The "cần xem lại" marks of questions: flags an item analysis wrote (``QuestionFlag``).

The bank only reads them. A mark is shown for the version exams draw (published) and the
version being edited (head): once an author publishes a corrected version, the old version's
flags no longer mark the question.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, select

from question_bank.models import Question, QuestionFlag


def flags_of(session: Session, questions: Iterable[Question]) -> dict[int, list[QuestionFlag]]:
    """question id -> its current flags (one query), newest analysis first."""
    current = {q.id: {q.published_version_id, q.head_version_id} - {None} for q in questions}
    if not current:
        return {}
    rows = session.exec(select(QuestionFlag).where(QuestionFlag.question_id.in_(list(current)))
                        .order_by(QuestionFlag.computed_at.desc(), QuestionFlag.id)).all()
    found: dict[int, list[QuestionFlag]] = {}
    for flag in rows:
        if flag.version_id in current[flag.question_id]:
            found.setdefault(flag.question_id, []).append(flag)
    return found
