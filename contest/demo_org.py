"""Demo organisation: a province with departments, districts, communes, positions, fields and one
account per role. Used by ``seed-demo`` on an empty database, never in production."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from contest.accounts.models import Field, JobPosition, Role, Unit, UnitKind, User
from contest.accounts.passwords import hash_password

PROVINCE = ("82", "Tỉnh Tiền Giang")
DEPARTMENTS = ("Văn phòng Ủy ban nhân dân tỉnh", "Sở Thông tin và Truyền thông", "Sở Nội vụ",
               "Sở Tư pháp", "Sở Tài nguyên và Môi trường")
DISTRICTS = {
    "Thành phố Mỹ Tho": ("Phường 1", "Phường 4", "Xã Đạo Thạnh", "Xã Trung An"),
    "Thị xã Gò Công": ("Phường 2", "Xã Bình Xuân"),
    "Huyện Cái Bè": ("Thị trấn Cái Bè", "Xã An Hữu", "Xã Hòa Khánh"),
    "Huyện Châu Thành": ("Thị trấn Tân Hiệp", "Xã Long Định"),
    "Huyện Chợ Gạo": ("Thị trấn Chợ Gạo", "Xã Bình Phục Nhứt"),
}
JOB_POSITIONS = ("Lãnh đạo cơ quan, đơn vị", "Chuyên viên bộ phận một cửa",
                 "Công chức Văn phòng - Thống kê cấp xã", "Công chức Tư pháp - Hộ tịch",
                 "Chuyên viên công nghệ thông tin", "Văn thư - Lưu trữ")
FIELDS = ("Công nghệ thông tin", "Đất đai", "Tư pháp", "Nội vụ", "Văn hóa - Xã hội")


@dataclass(frozen=True)
class DemoAccount:
    role: Role
    email: str
    full_name: str


DEMO_ACCOUNTS = (
    DemoAccount(Role.citizen, "nguoidan@demo.vn", "Nguyễn Thị Hoa"),
    DemoAccount(Role.official, "congchuc@demo.vn", "Trần Văn Minh"),
    DemoAccount(Role.trainer, "giangvien@demo.vn", "Lê Thị Thu Hà"),
    DemoAccount(Role.trainer, "giangvien2@demo.vn", "Phạm Quốc Bảo"),
    DemoAccount(Role.admin, "quantri@demo.vn", "Võ Thanh Tùng"),
)


def seed_organisation(session: Session, password: str) -> dict[str, object]:
    """Create the demo tree and accounts; returns the objects later seeds refer to."""
    province = Unit(code=PROVINCE[0], name=PROVINCE[1], kind=UnitKind.province)
    session.add(province)
    session.flush()
    departments = [Unit(name=n, kind=UnitKind.department, parent_id=province.id) for n in DEPARTMENTS]
    session.add_all(departments)
    communes: list[Unit] = []
    for district_name, commune_names in DISTRICTS.items():
        district = Unit(name=district_name, kind=UnitKind.district, parent_id=province.id)
        session.add(district)
        session.flush()
        for name in commune_names:
            communes.append(Unit(name=name, kind=UnitKind.commune, parent_id=district.id))
    session.add_all(communes)
    positions = [JobPosition(name=n) for n in JOB_POSITIONS]
    fields = [Field(name=n) for n in FIELDS]
    session.add_all(positions + fields)
    session.flush()

    hashed = hash_password(password)
    units = {Role.citizen: communes[2], Role.official: communes[0],
             Role.trainer: departments[1], Role.admin: departments[1]}
    users = []
    for account in DEMO_ACCOUNTS:
        user = User(full_name=account.full_name, email=account.email, role=account.role,
                    password_hash=hashed, unit_id=units[account.role].id)
        if account.role == Role.official:
            user.job_position_id = positions[1].id
            user.field_id = fields[0].id
        users.append(user)
    session.add_all(users)
    session.flush()
    return {"province": province, "departments": departments, "communes": communes,
            "positions": positions, "fields": fields, "users": users}
