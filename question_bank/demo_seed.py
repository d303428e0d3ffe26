"""The demo bank: our own questions on e-government, published, for contests and assessments.

Its questions are the data files of ``question_bank.demo``, imported through the import a trainer
uses (``run_import``) and published directly, one import (and one import log) per file.
"""

from __future__ import annotations

from sqlmodel import Session

from contest.accounts.models import User
from question_bank.demo import FORMAT, DemoDataError, demo_files
from question_bank.models import QuestionBank
from question_bank.services.banks import create_bank
from question_bank.services.import_flow import run_import

DEMO_BANK = "Chính quyền điện tử và dịch vụ công trực tuyến"


def seed_demo_bank(session: Session, owner: User, reviewer: User, position_ids, field_ids) -> QuestionBank:
    """Create the public demo bank owned by ``owner`` and import every demo file into it.

    A file that does not import whole (an error, or an item skipped) is a ``DemoDataError``:
    the demo must hold every question of its files.
    """
    bank = create_bank(session, owner, name=DEMO_BANK, is_public=True,
                       description="Ngân hàng câu hỏi mẫu: dịch vụ công trực tuyến, một cửa điện tử, "
                                   "văn bản và chữ ký số, an toàn thông tin, chính quyền số.",
                       position_ids=position_ids, field_ids=field_ids, reviewer_ids=[reviewer.id])
    for name, data in demo_files():
        report = run_import(session, bank, owner, name, data, FORMAT, publish=True)
        if not report.imported or report.errors or report.skipped:
            problems = [(p.line, p.message) for p in report.errors + report.skipped]
            raise DemoDataError(f"Demo file {name} did not import cleanly: {problems[:3]}")
    return bank
