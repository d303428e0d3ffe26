"""The demo bank: our own questions on e-government, published, for contests and assessments."""

from __future__ import annotations

from sqlmodel import Session

from contest.accounts.models import User
from question_bank.demo import demo_questions
from question_bank.models import QuestionBank
from question_bank.services.banks import create_bank
from question_bank.services.importing import check_records, store

DEMO_BANK = "Chính quyền điện tử và dịch vụ công trực tuyến"


def seed_demo_bank(session: Session, owner: User, reviewer: User, position_ids, field_ids) -> QuestionBank:
    bank = create_bank(session, owner, name=DEMO_BANK, is_public=True,
                       description="Ngân hàng câu hỏi mẫu: dịch vụ công trực tuyến, một cửa điện tử, "
                                   "văn bản và chữ ký số, an toàn thông tin, chính quyền số.",
                       position_ids=position_ids, field_ids=field_ids, reviewer_ids=[reviewer.id])
    checked = check_records(session, demo_questions())
    if checked.problems:
        raise RuntimeError(f"Demo questions are invalid: {checked.problems[:3]}")
    store(session, bank, owner, checked.ready, publish=True)
    return bank
