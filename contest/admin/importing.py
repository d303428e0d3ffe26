"""Bulk import of officials from the parsed sheet: check every row, then create all or nothing.
Operations take the session, flush and never commit."""

from __future__ import annotations

from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email
from sqlmodel import Session, select

from contest.accounts import services
from contest.accounts.models import Field, JobPosition, Role, Unit, User
from contest.accounts.passwords import generate_password, hash_generated_password
from contest.admin.official_sheet import OfficialRow, RowProblem
from contest.admin.units import load_tree, walk
from contest.core.i18n import N_


@dataclass(frozen=True)
class PlannedOfficial:
    row: int
    full_name: str
    email: str | None
    phone: str | None
    unit_id: int
    job_position_id: int
    field_id: int


@dataclass
class ImportPlan:
    officials: list[PlannedOfficial] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


@dataclass(frozen=True)
class Credential:
    """A created account and its one-time password, shown once and never stored in clear."""

    row: int
    full_name: str
    login: str
    password: str


def plan_import(session: Session, rows: list[OfficialRow]) -> ImportPlan:
    """Check every row against the database and the rest of the file. A row needs a name; an
    email and/or a phone, valid and used by no account nor an earlier row; an offered unit named
    by its code or by a name no other offered unit has; an active job position and field."""
    lookup = _Lookup(session)
    checks = [_RowCheck(row) for row in rows]
    taken = _taken(session, {v for c in checks for v in (c.email, c.phone) if v})
    seen: dict[str, int] = {}
    plan = ImportPlan()
    for check in checks:
        row = check.row
        for value in (check.email, check.phone):
            if value and value in taken:
                check.refuse(N_("«%(value)s» đã được dùng cho một tài khoản khác."), value=value)
            elif value and value in seen:
                check.refuse(N_("«%(value)s» trùng với dòng %(other)s trong tệp."),
                             value=value, other=seen[value])
            elif value:
                seen[value] = row.row
        unit_id = lookup.unit(row.unit, check.refuse)
        position_id = lookup.named(JobPosition, row.position, check.refuse)
        field_id = lookup.named(Field, row.field, check.refuse)
        if check.problems:
            plan.problems.extend(check.problems)
        else:
            plan.officials.append(PlannedOfficial(row.row, row.full_name, check.email,
                                                  check.phone, unit_id, position_id, field_id))
    return plan


def create_officials(session: Session, plan: ImportPlan) -> list[Credential]:
    """Create every planned official with a generated one-time password (changed at first
    login). Call only on a plan without problems: the request commits all of them at once.

    The rules ``accounts.services.create_staff`` applies one account at a time (normalised and
    unique email/phone) were applied to the whole file by ``plan_import``; here the accounts are
    added together and flushed once, so 5,000 rows fit in one request.
    """
    if plan.problems:
        raise ValueError("an import with problems creates nothing")
    created = []
    for item in plan.officials:
        password = generate_password()
        session.add(User(full_name=item.full_name, email=item.email, phone=item.phone,
                         role=Role.official, password_hash=hash_generated_password(password),
                         unit_id=item.unit_id, job_position_id=item.job_position_id,
                         field_id=item.field_id, must_change_password=True))
        created.append(Credential(item.row, item.full_name, item.email or item.phone or "",
                                  password))
    session.flush()
    return created


class _RowCheck:
    """One row's problems, starting with what needs no database: the name and the contact."""

    def __init__(self, row: OfficialRow):
        self.row = row
        self.problems: list[RowProblem] = []
        if not row.full_name:
            self.refuse(N_("Thiếu họ và tên."))
        elif len(row.full_name) > 120:
            self.refuse(N_("Họ và tên dài quá 120 ký tự."))
        self.email = services.normalize_email(row.email)
        self.phone = services.normalize_phone(row.phone)
        if not self.email and not self.phone:
            self.refuse(N_("Cần email hoặc số điện thoại."))
        if self.email and not _valid_email(self.email):
            self.refuse(N_("Email «%(value)s» không hợp lệ."), value=row.email)
            self.email = None
        if self.phone and not services.is_valid_phone(self.phone):
            self.refuse(N_("Số điện thoại «%(value)s» không hợp lệ (ví dụ: 0912345678)."),
                        value=row.phone)
            self.phone = None

    def refuse(self, message: str, **params) -> None:
        self.problems.append(RowProblem(self.row.row, message, params))


def _valid_email(email: str) -> bool:
    if len(email) > 254:
        return False
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def _taken(session: Session, values: set[str]) -> set[str]:
    """Which of these emails and phones an account already uses (queried in chunks)."""
    taken: set[str] = set()
    ordered = sorted(values)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start:start + 500]
        taken.update(session.exec(select(User.email).where(User.email.in_(chunk))))
        taken.update(session.exec(select(User.phone).where(User.phone.in_(chunk))))
    return taken


class _Lookup:
    """Everything the rows are checked against, read once (not once a row)."""

    def __init__(self, session: Session):
        self.session = session
        self.by_code: dict[str, list[Unit]] = {}
        self.by_name: dict[str, list[Unit]] = {}
        for node in walk(load_tree(session)):
            if node.offered:
                if node.unit.code:
                    self.by_code.setdefault(node.unit.code.casefold(), []).append(node.unit)
                self.by_name.setdefault(node.unit.name.casefold(), []).append(node.unit)
        self.catalog: dict[type, dict[str, int]] = {}

    def unit(self, text: str, refuse) -> int | None:
        if not text:
            refuse(N_("Thiếu đơn vị."))
            return None
        key = text.casefold()
        matches = self.by_code.get(key) or self.by_name.get(key) or []
        if len(matches) > 1:
            refuse(N_("Có %(count)s đơn vị cùng tên «%(name)s»; hãy ghi mã đơn vị thay cho tên."),
                   count=len(matches), name=text)
        elif not matches:
            refuse(N_("Không tìm thấy đơn vị «%(name)s» (tên hoặc mã) đang hoạt động."), name=text)
        return matches[0].id if len(matches) == 1 else None

    def named(self, model: type[JobPosition | Field], text: str, refuse) -> int | None:
        if model not in self.catalog:
            items = self.session.exec(select(model).where(model.active)).all()
            self.catalog[model] = {i.name.casefold(): i.id for i in items}
        missing, unknown = {
            JobPosition: (N_("Thiếu vị trí việc làm."),
                          N_("Không có vị trí việc làm «%(name)s» trong danh mục.")),
            Field: (N_("Thiếu lĩnh vực."), N_("Không có lĩnh vực «%(name)s» trong danh mục.")),
        }[model]
        if not text:
            refuse(missing)
            return None
        found = self.catalog[model].get(" ".join(text.split()).casefold())
        if found is None:
            refuse(unknown, name=text)
        return found
