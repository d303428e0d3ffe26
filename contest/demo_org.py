"""Demo organisation: a province with departments, communes and wards, positions, fields and one
account per role. Used by ``seed-demo`` on an empty database, never in production.

The province is Đồng Tháp as it stands since 1 July 2025: Resolution 202/2025/QH15 merged Tiền
Giang into it (seat at Mỹ Tho), and Resolution 1663/NQ-UBTVQH15 arranged its 102 commune-level
units (20 wards, 82 communes) directly under the province, with no districts. The demo keeps
all 20 wards and a real subset of the communes. The code stays 82 (Tiền Giang's, the seat's, and
``PROVINCE_CODE``'s default); check it against Decision 19/2025/QĐ-TTg before relying on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from contest.accounts.models import Field, JobPosition, Role, Unit, UnitKind, User
from contest.accounts.passwords import hash_password

PROVINCE = ("82", "Tỉnh Đồng Tháp")
#: Provincial departments after the 2025 mergers (Sở Khoa học và Công nghệ took over the role of
#: Sở Thông tin và Truyền thông; the second one is the trainers' and the admin's unit).
DEPARTMENTS = ("Văn phòng Ủy ban nhân dân tỉnh", "Sở Khoa học và Công nghệ", "Sở Nội vụ",
               "Sở Tư pháp", "Sở Tài chính", "Sở Nông nghiệp và Môi trường")
WARDS = ("Mỹ Tho", "Đạo Thạnh", "Mỹ Phong", "Thới Sơn", "Trung An", "Gò Công", "Long Thuận",
         "Sơn Qui", "Bình Xuân", "Mỹ Phước Tây", "Thanh Hòa", "Cai Lậy", "Nhị Quý", "Cao Lãnh",
         "Mỹ Ngãi", "Mỹ Trà", "Sa Đéc", "Hồng Ngự", "An Bình", "Thường Lạc")
COMMUNES = ("Cái Bè", "An Hữu", "Mỹ Lợi", "Hậu Mỹ", "Thanh Hưng", "Châu Thành", "Long Định",
            "Vĩnh Kim", "Tân Hương", "Chợ Gạo", "Mỹ Tịnh An", "Vĩnh Bình", "Đồng Sơn",
            "Tân Phước 1", "Thạnh Phú", "Tân Hồng", "Tân Hộ Cơ", "Thường Phước", "Tam Nông",
            "Tràm Chim", "Thanh Bình", "Tháp Mười", "Mỹ Thọ", "Ba Sao", "Lấp Vò", "Lai Vung",
            "Phú Hựu", "Tân Phú Trung")
#: Where the demo official works and the demo citizen lives.
OFFICIAL_UNIT, CITIZEN_UNIT = "Phường Mỹ Tho", "Xã Tân Hương"
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
    def under_province(name: str, kind: UnitKind) -> Unit:
        return Unit(name=name, kind=kind, parent_id=province.id)

    departments = [under_province(n, UnitKind.department) for n in DEPARTMENTS]
    communes = [under_province(f"Phường {n}", UnitKind.ward) for n in WARDS]
    communes += [under_province(f"Xã {n}", UnitKind.commune) for n in COMMUNES]
    session.add_all(departments + communes)
    positions = [JobPosition(name=n) for n in JOB_POSITIONS]
    fields = [Field(name=n) for n in FIELDS]
    session.add_all(positions + fields)
    session.flush()

    hashed = hash_password(password)
    by_name = {unit.name: unit for unit in communes}
    units = {Role.citizen: by_name[CITIZEN_UNIT], Role.official: by_name[OFFICIAL_UNIT],
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
