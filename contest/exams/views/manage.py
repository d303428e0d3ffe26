"""Placeholder for the exam management pages (being written)."""

from contest.accounts.access import STAFF, roles_required
from contest.exams.views.blueprint import bp


@bp.get("/manage/exams")
@roles_required(*STAFF)
def manage():
    return "todo"
