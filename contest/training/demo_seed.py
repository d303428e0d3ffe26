"""Demo training: what a province trains its officials in before it assesses them.

Three programmes from the provinces' practice (the online public service portal for one-stop-shop
staff, basic information security, e-mail and document management for leaders), the job
positions that require them, forty more officials across the demo's wards, communes and
departments (accounts ``canbo01@demo.vn`` .. ``canbo40@demo.vn``, the demo password), and three
classes:

* the portal class (run by ``giangvien@demo.vn``), over: two sessions three weeks ago with
  attendance, a final assessment most passed (one failed, one has not sat it);
* the information security class (``giangvien@demo.vn`` with ``giangvien2@demo.vn``), under way:
  one session held, one to come, open for self-enrollment;
* the leaders' class (created by the administrator, trained by ``giangvien2@demo.vn``, enrolled
  by rule: every leader of the province), over: one session six weeks ago.

The README's official (``congchuc@demo.vn``) completed the portal class and is half-way through
the security class; apart from their leaders, the officials of Phường Đạo Thạnh, Xã Châu Thành
and Xã Tân Hương are not trained yet. Everything goes through the training and exam services (enroll, mark attendance,
start, save, submit, record completion), as a trainer's clicks would.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, select

from contest.accounts.loader import Identity
from contest.accounts.models import JobPosition, Role, User
from contest.core.db import utcnow
from contest.exams.models import DrawRule, Exam, ExamKind, ExamStatus, Round
from contest.exams.review_policy import default_policy
from contest.exams.services import attempts, saving
from contest.training.enrollment_sheet import ListRow
from contest.training.models import AttendanceMark, CourseSession, EnrollmentSource, Programme
from contest.training.services import attendance, courses, enrollment, programmes
from contest.training.services.completion_sync import PROVINCE_ZONE
from question_bank.models import Category, QuestionBank
from question_bank.records import QuestionRecord
from question_bank.services.published import version_record
from question_bank.types import get_type

DVC, ATTT, VBDH = "DVC-TT", "ATTT-CB", "VBDH-LD"
PROGRAMMES = (
    (DVC, "Sử dụng Cổng dịch vụ công trực tuyến và Hệ thống thông tin giải quyết thủ tục hành chính",
     "Công nghệ thông tin", None),
    (ATTT, "An toàn thông tin cơ bản cho cán bộ, công chức", "Công nghệ thông tin", 24),
    (VBDH, "Thư điện tử công vụ và quản lý văn bản điều hành cho lãnh đạo", "Nội vụ", None),
)
#: "Khung năng lực": job position -> the programmes it requires.
REQUIREMENTS = {
    "Lãnh đạo cơ quan, đơn vị": (VBDH, ATTT),
    "Chuyên viên bộ phận một cửa": (DVC, ATTT),
    "Công chức Văn phòng - Thống kê cấp xã": (ATTT,),
    "Công chức Tư pháp - Hộ tịch": (DVC,),
    "Chuyên viên công nghệ thông tin": (ATTT,),
    "Văn thư - Lưu trữ": (ATTT,),
}
LEADER, ONE_STOP, OFFICE, JUSTICE, IT, CLERK = (
    "Lãnh đạo cơ quan, đơn vị", "Chuyên viên bộ phận một cửa", "Công chức Văn phòng - Thống kê cấp xã",
    "Công chức Tư pháp - Hộ tịch", "Chuyên viên công nghệ thông tin", "Văn thư - Lưu trữ")
#: unit -> the positions of its demo officials (one official each), in account order. Phường Mỹ
#: Tho's one-stop desk is the README official's alone (the demo assessment's report counts them).
STAFF = (
    ("Phường Mỹ Tho", (LEADER, OFFICE, JUSTICE, CLERK, IT)),
    ("Phường Đạo Thạnh", (LEADER, ONE_STOP, ONE_STOP, OFFICE, JUSTICE)),
    ("Phường Cao Lãnh", (LEADER, ONE_STOP, ONE_STOP, OFFICE, JUSTICE)),
    ("Phường Sa Đéc", (LEADER, ONE_STOP, ONE_STOP, JUSTICE, CLERK)),
    ("Xã Cái Bè", (LEADER, ONE_STOP, OFFICE, JUSTICE, CLERK)),
    ("Xã Châu Thành", (LEADER, ONE_STOP, OFFICE, JUSTICE, CLERK)),
    ("Xã Tân Hương", (ONE_STOP, ONE_STOP, OFFICE, JUSTICE, CLERK)),
    ("Văn phòng Ủy ban nhân dân tỉnh", (LEADER, IT, CLERK)),
    ("Sở Nội vụ", (LEADER, IT)),
)
NAMES = (
    "Nguyễn Văn Hùng", "Lê Thị Mỹ Duyên", "Phạm Thanh Tâm", "Huỳnh Thị Ngọc Hân", "Võ Minh Trí",
    "Đặng Thị Kim Loan", "Trần Quốc Việt", "Bùi Thị Thanh Trúc", "Nguyễn Hoàng Phúc", "Lâm Thị Bích Ngọc",
    "Dương Văn Lợi", "Châu Minh Khoa", "Ngô Thị Hồng Nhung", "Trương Thanh Sơn", "Hồ Thị Cẩm Tú",
    "Phan Văn Thắng", "Mai Thị Thu Thảo", "Đỗ Thành Nhân", "Lý Thị Ngọc Trâm", "Nguyễn Thị Yến Nhi",
    "Tô Văn Hiếu", "Trần Thị Diễm My", "Lê Hữu Phước", "Võ Thị Kiều Oanh", "Cao Văn Lực",
    "Phạm Thị Thúy Vy", "Huỳnh Tấn Đạt", "Nguyễn Thị Lan Anh", "Đoàn Văn Tài", "Lê Thị Hồng Gấm",
    "Thái Minh Quân", "Trần Thị Ngọc Giàu", "Nguyễn Quang Vinh", "Phan Thị Mộng Cầm", "Lưu Văn Toàn",
    "Võ Thị Huyền Trang", "Nguyễn Đức Thịnh", "Trần Thị Phương Thảo", "Hà Minh Tuấn", "Bùi Văn Khánh",
)
#: The final assessment of the portal programme (every class of it uses the same one).
FINAL_EXAM = "Kiểm tra cuối khóa: Sử dụng Cổng dịch vụ công trực tuyến"
#: Units whose officials sat the portal class (the others are still to be trained).
PORTAL_UNITS = ("Phường Mỹ Tho", "Phường Cao Lãnh", "Phường Sa Đéc", "Xã Cái Bè")


def local_moment(day_offset: int, at: time) -> datetime:
    """Naive UTC of ``at`` (Vietnam time) ``day_offset`` days from today in Vietnam."""
    today = utcnow().replace(tzinfo=UTC).astimezone(PROVINCE_ZONE).date()
    local = datetime.combine(today + timedelta(days=day_offset), at, tzinfo=PROVINCE_ZONE)
    return local.astimezone(UTC).replace(tzinfo=None)


def key_as_posted(record: QuestionRecord) -> dict[str, Any]:
    """The answer form a person who knows the answer to ``record`` posts (auto-graded types):
    the type's answer key in the shape of its posted fields."""
    qtype = get_type(record.type)
    return qtype.as_posted(qtype.answer_key(record))


def sit(session: Session, exam: Exam, round_: Round, user: User, right: int, now: datetime) -> None:
    """``user`` sits ``exam``: the first ``right`` questions answered correctly (the rest left
    blank) through the production save, then submitted; the submit's ``attempt_finished`` signal
    re-records the completions of the courses using the exam."""
    attempt = attempts.start_attempt(session, exam, round_, user, now)
    who = Identity(user.id, user.session_token)
    for aq in attempts.questions_of(session, attempt)[:right]:
        record = version_record(session, aq.version_id)
        saved = saving.save(session.connection(), attempt.id, aq.position, key_as_posted(record), who,
                            now + timedelta(minutes=1))
        if not isinstance(saved, saving.Saved):  # the demo's own answers always fit
            raise RuntimeError(f"demo answer refused: {saved}")
    attempts.submit(session, attempt, now + timedelta(minutes=12))  # attempt_finished records completions


def _officials(session: Session, org: dict, password_hash: str) -> dict[str, list[User]]:
    units = {u.name: u for u in [*org["communes"], *org["departments"]]}
    positions = {p.name: p for p in org["positions"]}
    it_field, home_field = org["fields"][0], {f.name: f for f in org["fields"]}
    made: dict[str, list[User]] = {}
    names = iter(NAMES)
    number = 0
    for unit_name, roles in STAFF:
        for position in roles:
            number += 1
            field = it_field if position in (ONE_STOP, IT) else home_field[
                "Tư pháp" if position == JUSTICE else "Nội vụ"]
            user = User(full_name=next(names), email=f"canbo{number:02d}@demo.vn", role=Role.official,
                        password_hash=password_hash, unit_id=units[unit_name].id,
                        job_position_id=positions[position].id, field_id=field.id)
            session.add(user)
            made.setdefault(unit_name, []).append(user)
    session.flush()
    return made


def _final_exam(session: Session, bank: QuestionBank, author: User) -> tuple[Exam, Round]:
    """The portal programme's final assessment: ten questions of the demo bank, pass at 70%."""
    exam = Exam(kind=ExamKind.assessment, status=ExamStatus.published, created_by=author.id, title=FINAL_EXAM,
                rules_html="<p>Bài kiểm tra cuối khóa gồm 10 câu hỏi, làm trong 15 phút, tối đa 2 lượt. "
                           "Đạt khi được từ 70% số điểm.</p>",
                time_limit_seconds=15 * 60, attempts_allowed=2, pass_ratio=0.7,
                review_policy=default_policy("assessment").to_dict())
    session.add(exam)
    session.flush()
    for position, (category, count) in enumerate((("Dịch vụ công trực tuyến", 6), ("Một cửa điện tử", 4))):
        category_id = session.exec(select(Category.id).where(
            Category.bank_id == bank.id, Category.name == category, Category.parent_id.is_(None))).one()
        session.add(DrawRule(exam_id=exam.id, position=position, bank_id=bank.id, category_id=category_id,
                             count=count, points=1.0))
    round_ = Round(exam_id=exam.id, name="Kiểm tra cuối khóa năm 2026", opens_at=local_moment(-60, time(0)),
                   closes_at=local_moment(180, time(0)))
    session.add(round_)
    session.flush()
    return exam, round_


def _mark(session: Session, item: CourseSession, people: list[User], marks: dict[int, AttendanceMark],
          by: User) -> None:
    """The trainer's checklist of a past session: everyone present but the ``marks`` given."""
    at = item.starts_at + timedelta(minutes=15)
    for person in people:
        attendance.set_mark(session, item, person.id, marks.get(person.id, AttendanceMark.present), by, at)


def seed_demo_training(session: Session, org: dict, bank: QuestionBank) -> dict[str, Any]:
    """Add the demo training (see the module); does nothing when its programmes exist already."""
    if session.exec(select(Programme.id).where(Programme.code == DVC)).first() is not None:
        return {}
    accounts = {u.email: u for u in org["users"]}
    trainer, trainer2 = accounts["giangvien@demo.vn"], accounts["giangvien2@demo.vn"]
    admin, official = accounts["quantri@demo.vn"], accounts["congchuc@demo.vn"]
    fields = {f.name: f.id for f in org["fields"]}
    made = {code: programmes.create_programme(session, code, title, fields[field], valid)
            for code, title, field, valid in PROGRAMMES}
    positions = {p.name: p.id for p in session.exec(select(JobPosition))}
    programmes.set_requirements(session, {(positions[name], made[code].id)
                                          for name, codes in REQUIREMENTS.items() for code in codes})
    staff = _officials(session, org, official.password_hash)
    exam, round_ = _final_exam(session, bank, trainer)
    it_dept = accounts["giangvien@demo.vn"].unit_id

    # 1. The portal class, over: one-stop and civil-status staff of four units, from a list.
    start = local_moment(-35, time(9))
    portal = courses.create_course(session, trainer, courses.CourseDraft(
        programme_id=made[DVC].id, unit_id=it_dept, capacity=40,
        title="Lớp 1/2026: Sử dụng Cổng dịch vụ công trực tuyến cho bộ phận một cửa",
        description="Nộp, tiếp nhận và trả kết quả hồ sơ trực tuyến; thanh toán trực tuyến; số hóa hồ sơ, "
                    "kết quả giải quyết thủ tục hành chính; khai thác Hệ thống thông tin giải quyết TTHC tỉnh.",
        position_ids=[positions[ONE_STOP], positions[JUSTICE]], assessment_exam_id=exam.id,
        min_attendance=0.8, assessment_required=True), start)
    portal.issues_certificate = True  # its graduates receive a signed certificate (contest.certificates)
    days = [courses.add_session(session, portal, local_moment(d, time(8)), local_moment(d, time(11, 30)),
                                place="Hội trường Sở Khoa học và Công nghệ, phòng 301") for d in (-22, -21)]
    courses.publish_course(session, portal)
    learners = [official] + [u for name in PORTAL_UNITS for u in staff[name]
                             if u.job_position_id in (positions[ONE_STOP], positions[JUSTICE])]
    plan = enrollment.plan_file(session, portal, [ListRow(row=n, email=u.email)
                                                  for n, u in enumerate(learners, start=2)])
    enrollment.enroll_file(session, portal, plan, trainer, start + timedelta(days=2))
    missed = learners[-2]  # absent on the second day: 50% attendance, not complete
    _mark(session, days[0], learners, {learners[3].id: AttendanceMark.late}, trainer)
    _mark(session, days[1], learners, {missed.id: AttendanceMark.absent}, trainer)
    sat = local_moment(-20, time(14))
    for n, person in enumerate(learners):
        if person is learners[-1]:
            continue  # has not sat the final assessment yet: in progress
        right = 4 if n == 5 else 10  # one failed (40%, the pass is 70%): in progress
        sit(session, exam, round_, person, right, sat + timedelta(minutes=20 * n))

    # 2. Information security, under way: one session held, the next in four days; open to join.
    start = local_moment(-14, time(9))
    security = courses.create_course(session, trainer, courses.CourseDraft(
        programme_id=made[ATTT].id, unit_id=it_dept, capacity=35, self_enroll=True,
        enroll_opens_at=start, enroll_closes_at=local_moment(3, time(17)),
        title="An toàn thông tin cơ bản: nhận diện thư điện tử giả mạo, mã độc và bảo vệ tài khoản",
        description="Mật khẩu mạnh và xác thực hai yếu tố; nhận diện thư lừa đảo (phishing); sao lưu dữ liệu; "
                    "xử lý ban đầu khi máy tính nhiễm mã độc; quy chế bảo đảm an toàn thông tin của tỉnh.",
        min_attendance=0.8), start)
    courses.add_trainer(session, security, trainer2.email)
    held = courses.add_session(session, security, local_moment(-3, time(14)), local_moment(-3, time(16, 30)),
                               online_url="https://meet.jit.si/dongthap-attt-2026")
    courses.add_session(session, security, local_moment(4, time(14)), local_moment(4, time(16, 30)),
                        place="Trung tâm Phục vụ hành chính công tỉnh, phòng họp tầng 2")
    courses.publish_course(session, security)
    mine = staff["Phường Mỹ Tho"]
    security_people = [official, *mine[1:], *staff["Phường Cao Lãnh"][3:], staff["Xã Cái Bè"][4],
                       *staff["Văn phòng Ủy ban nhân dân tỉnh"][1:], staff["Sở Nội vụ"][1]]
    for person in security_people:
        enrollment.enroll(session, security, person, EnrollmentSource.hand, trainer, start + timedelta(days=1))
    _mark(session, held, security_people, {security_people[2].id: AttendanceMark.excused,
                                           security_people[4].id: AttendanceMark.late,
                                           security_people[-1].id: AttendanceMark.absent}, trainer2)

    # 3. The leaders' class, over: every leader of the province, enrolled by rule.
    start = local_moment(-50, time(8))
    leaders = courses.create_course(session, admin, courses.CourseDraft(
        programme_id=made[VBDH].id, unit_id=org["province"].id,
        title="Thư điện tử công vụ và quản lý văn bản điều hành cho lãnh đạo",
        description="Dùng thư điện tử công vụ; xử lý, bút phê, ký số văn bản trên Hệ thống quản lý văn bản "
                    "và điều hành; theo dõi nhiệm vụ được giao trên điện thoại.",
        position_ids=[positions[LEADER]], min_attendance=1.0), start)
    courses.add_trainer(session, leaders, trainer2.email)
    day = courses.add_session(session, leaders, local_moment(-42, time(8)), local_moment(-42, time(16)),
                              place="Hội trường Ủy ban nhân dân tỉnh")
    courses.publish_course(session, leaders)
    enrollment.enroll_by_rule(session, leaders, org["province"].id, [positions[LEADER]], [], admin,
                              start + timedelta(days=1))
    chiefs = list(session.exec(select(User).where(User.role == Role.official,
                                                  User.job_position_id == positions[LEADER])
                               .order_by(User.full_name, User.id)))
    _mark(session, day, chiefs, {chiefs[0].id: AttendanceMark.excused}, trainer2)
    return {"programmes": made, "exam": exam, "round": round_, "staff": staff,
            "courses": {"portal": portal, "security": security, "leaders": leaders}}
