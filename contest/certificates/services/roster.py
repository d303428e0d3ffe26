"""The list of people a certificate is issued to by hand: one person a line.

Business rules:

* A line names an existing account by its sign-in email or phone, in any spelling sign-in
  accepts (``accounts.services.login_key``); what follows a tab, a comma or a semicolon is ignored,
  so two columns pasted from a spreadsheet ("email<TAB>name") work. Blank lines are skipped.
* All or nothing: every line that names nobody, or names someone an earlier line named, is
  reported with its line number, and nobody gets a certificate while any line is wrong.
* At most ``MAX_LINES`` lines (checked before any lookup).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, select

from contest.accounts.models import User
from contest.accounts.services import login_key
from contest.admin.official_sheet import RowProblem
from contest.certificates.models import Certificate
from contest.certificates.province import IssuingContext
from contest.certificates.services import CertificateError, issuing
from contest.core.i18n import N_

MAX_LINES = 2000
_CUT = re.compile(r"[\t,;]")
#: Lookups per query (well under every database's limit of bound values).
_CHUNK = 500


@dataclass
class Roster:
    people: list[User] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    #: The certificates issued (``issue_to_list``); empty while any line is wrong.
    issued: list[Certificate] = field(default_factory=list)


def issue_to_list(session: Session, text: str, facts: dict, context: IssuingContext, issued_by: int,
                  now: datetime) -> Roster:
    """One certificate for each person the lines name (``issuing.by_hand`` with ``facts``:
    title, description, issued_on, expires_on, unit_name, signer), or none when a line is wrong."""
    roster = read_people(session, text)
    if not roster.problems:
        roster.issued = issuing.by_hand(session, roster.people, context=context, issued_by=issued_by,
                                        now=now, **facts)
    return roster


def read_people(session: Session, text: str) -> Roster:
    """The accounts the lines name, in the order given, and each wrong line (see the module)."""
    lines = (text or "").splitlines()
    if len(lines) > MAX_LINES:
        raise CertificateError(N_("Danh sách có %(n)d dòng, tối đa %(max)d dòng một lần."),
                               n=len(lines), max=MAX_LINES)
    wanted = [(number, _CUT.split(line, 1)[0].strip()) for number, line in enumerate(lines, start=1)]
    wanted = [(number, login) for number, login in wanted if login]
    accounts = _accounts(session, {login_key(login) for _n, login in wanted} - {""})
    roster, seen = Roster(), {}
    for number, login in wanted:
        user = accounts.get(login_key(login))
        if user is None:
            roster.problems.append(RowProblem(number, N_(
                "Không có tài khoản nào đăng nhập bằng «%(login)s»."), {"login": login[:100]}))
        elif user.id in seen:
            roster.problems.append(RowProblem(number, N_(
                "%(name)s đã có ở dòng %(line)d."), {"name": user.full_name, "line": seen[user.id]}))
        else:
            seen[user.id] = number
            roster.people.append(user)
    if not wanted:
        raise CertificateError(N_("Hãy ghi ít nhất một người (email hoặc số điện thoại, mỗi dòng một người)."))
    return roster


def _accounts(session: Session, keys: set[str]) -> dict[str, User]:
    """login key -> account, in a few queries whatever the number of lines."""
    found: dict[str, User] = {}
    emails = sorted(k for k in keys if "@" in k)
    phones = sorted(k for k in keys if "@" not in k)
    for name, values in (("email", emails), ("phone", phones)):
        column = getattr(User, name)
        for start in range(0, len(values), _CHUNK):
            for user in session.exec(select(User).where(column.in_(values[start:start + _CHUNK]))):
                found[getattr(user, name)] = user
    return found
