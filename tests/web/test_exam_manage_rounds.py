"""Rounds: adding in Vietnam time, closing and finalizing, live figures, export, assessments."""

from datetime import datetime, timedelta
from io import BytesIO
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from contest.accounts.models import Role, Unit
from contest.core.db import utcnow
from contest.exams.models import Assignment, Prize, Round
from contest.exams.services.attempts import start_attempt
from tests.support.sitting import sit


@pytest.fixture
def owner(factory):
    user = factory.user(role=Role.trainer)
    factory.commit()
    return user


@pytest.fixture
def contest(factory, owner):
    exam, round_ = factory.exam(bank=factory.bank(owner=owner, is_public=True), questions=3,
                                prize_tiers=[{"name": "Giải Nhất", "count": 1}])
    exam.title = "Tìm hiểu CQĐT: tuần/1"
    factory.commit()
    return exam, round_


def test_a_round_is_added_in_vietnam_time_and_stored_in_utc(web, session, owner, contest):
    exam, _ = contest
    web.login(owner)
    web.get(f"/manage/exams/{exam.id}")
    response = web.post(f"/manage/exams/{exam.id}/rounds", {
        "name": "Tuần 2", "opens_at": "2026-03-02T08:00", "closes_at": "2026-03-08T20:00"}, htmx=True)
    body = response.get_data(as_text=True)
    assert "<html" not in body and "Tuần 2" in body and "08:00 02/03/2026" in body
    added = session.exec(select(Round).where(Round.name == "Tuần 2")).one()
    assert added.opens_at == datetime(2026, 3, 2, 1, 0) and added.closes_at == datetime(2026, 3, 8, 13, 0)


@pytest.mark.parametrize("closes", ["2026-03-02T08:00", "2026-03-01T23:59"])
def test_a_round_that_closes_before_it_opens_is_refused(web, session, owner, contest, closes):
    exam, _ = contest
    web.login(owner)
    web.get(f"/manage/exams/{exam.id}")
    body = web.post(f"/manage/exams/{exam.id}/rounds", {
        "name": "Tuần 2", "opens_at": "2026-03-02T08:00", "closes_at": closes}).get_data(as_text=True)
    assert "Thời điểm đóng phải sau thời điểm mở." in body
    assert session.exec(select(Round).where(Round.name == "Tuần 2")).first() is None


def test_an_invalid_date_gets_a_vietnamese_message(web, owner, contest):
    exam, _ = contest
    web.login(owner)
    web.get(f"/manage/exams/{exam.id}")
    body = web.post(f"/manage/exams/{exam.id}/rounds", {
        "name": "Tuần 2", "opens_at": "mai", "closes_at": "2026-03-08T20:00"}, htmx=True).get_data(as_text=True)
    assert "Ngày giờ không hợp lệ." in body


def test_closing_a_round_finalizes_ranks_and_prizes(web, factory, session, owner, contest):
    exam, round_ = contest
    best, second = factory.user(full_name="Nguyễn Văn An"), factory.user(full_name="Trần Thị Bình")
    factory.commit()
    sit(session, exam, round_, best, right=3, prediction=1)
    sit(session, exam, round_, second, right=1)
    web.login(owner)
    page = web.get(f"/manage/exams/{exam.id}/rounds/{round_.id}").get_data(as_text=True)
    assert "Nguyễn Văn An" in page and 'hx-trigger="every 10s"' in page
    web.get(f"/manage/exams/{exam.id}/rounds/{round_.id}/close")
    response = web.post(f"/manage/exams/{exam.id}/rounds/{round_.id}/close", {"confirm": "y"})
    assert response.status_code == 302
    session.expire_all()
    closed = session.get(Round, round_.id)
    assert closed.finalized_at is not None and closed.all_correct_count == 1
    prize = session.exec(select(Prize)).one()
    assert prize.user_id == best.id and prize.tier == "Giải Nhất"
    page = web.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã đóng đợt thi «Đợt 1» và chốt kết quả." in page
    assert "kết quả chính thức" in page and "Giải Nhất" in page
    assert 'hx-trigger="every 10s"' not in page and f"/rounds/{round_.id}/close" not in page
    again = web.post(f"/manage/exams/{exam.id}/rounds/{round_.id}/close", {"confirm": "y"})
    assert "Đợt thi này đã được chốt kết quả." in web.get(again.headers["Location"]).get_data(as_text=True)


def test_closing_a_round_is_a_confirmed_action_that_says_it_cannot_be_undone(web, factory, session, owner, contest):
    """"Đóng đợt thi" was the most prominent red button and closed at once (a JavaScript confirm
    at most): now a secondary link leads to a page stating the consequences, and the close needs
    the box ticked, with or without JavaScript."""
    exam, round_ = contest
    sit(session, exam, round_, factory.user(), right=2)
    start_attempt(session, exam, round_, factory.user(), utcnow())
    session.commit()
    web.login(owner)
    close = f"/manage/exams/{exam.id}/rounds/{round_.id}/close"
    page = web.get(f"/manage/exams/{exam.id}/rounds/{round_.id}").get_data(as_text=True)
    assert f'<a class="btn secondary" href="{close}">Đóng đợt thi…</a>' in page
    assert f'action="{close}"' not in page and "hx-confirm" not in page
    exam_page = web.get(f"/manage/exams/{exam.id}").get_data(as_text=True)
    assert f'href="{close}">Đóng đợt thi…</a>' in exam_page and f'action="{close}"' not in exam_page
    confirm = web.get(close).get_data(as_text=True)
    assert "Việc này không thể hoàn tác." in confirm
    assert "1 bài đang làm sẽ được nộp ngay với những câu đã lưu." in confirm
    assert "Đợt thi kết thúc ngay bây giờ, trước giờ đóng đã đặt" in confirm and "Giải Nhất: 1" in confirm
    assert 'name="confirm" required' in confirm and f'action="{close}"' in confirm
    refused = web.post(close, {})
    assert refused.status_code == 200
    assert "Hãy đánh dấu ô xác nhận để đóng đợt thi: việc này không thể hoàn tác." in refused.get_data(as_text=True)
    session.expire_all()
    assert session.get(Round, round_.id).finalized_at is None
    assert web.post(close, {"confirm": "y"}).status_code == 302
    session.expire_all()
    assert session.get(Round, round_.id).finalized_at is not None
    after = web.get(close)
    assert after.status_code == 302
    assert "Đợt thi này đã được chốt kết quả." in web.get(after.headers["Location"]).get_data(as_text=True)


def test_the_counted_attempt_rule_is_fixed_once_someone_submitted(web, factory, session, owner, contest):
    exam, round_ = contest
    sit(session, exam, round_, factory.user(), right=1)
    web.login(owner)
    web.get(f"/manage/exams/{exam.id}/settings")
    body = web.post(f"/manage/exams/{exam.id}/settings", {
        "title": exam.title, "attempts_allowed": "3", "counted_attempt": "last"}).get_data(as_text=True)
    assert "Đã có bài nộp nên không thể đổi lượt được tính kết quả." in body
    session.expire_all()
    assert session.get(type(exam), exam.id).counted_attempt == "highest"


def test_a_round_that_has_not_opened_cannot_be_closed(web, session, owner, contest):
    exam, _ = contest
    later = Round(exam_id=exam.id, name="Tuần sau", opens_at=utcnow() + timedelta(days=6),
                  closes_at=utcnow() + timedelta(days=7))
    session.add(later)
    session.commit()
    web.login(owner)
    web.get(f"/manage/exams/{exam.id}")
    response = web.post(f"/manage/exams/{exam.id}/rounds/{later.id}/close", {"confirm": "y"})
    assert "Đợt thi chưa mở nên chưa thể đóng." in web.get(response.headers["Location"]).get_data(as_text=True)
    session.expire_all()
    assert session.get(Round, later.id).finalized_at is None


def test_live_figures_refresh_as_a_fragment(web, factory, session, owner, contest):
    exam, round_ = contest
    sit(session, exam, round_, factory.user(full_name="Lê Văn Cường"), right=2)
    web.login(owner)
    body = web.get(f"/manage/exams/{exam.id}/rounds/{round_.id}",
                   headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in body
    assert 'id="live"' in body and 'hx-trigger="every 10s"' in body
    assert "Lê Văn Cường" in body and "<dd>1</dd>" in body


def vietnam_today():
    return datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date().isoformat()


def test_export_is_a_valid_workbook_named_after_exam_round_and_day(web, factory, session, owner, contest):
    exam, round_ = contest
    sit(session, exam, round_, factory.user(full_name="Phạm Thị Dung"), right=3, prediction=2)
    web.login(owner)
    response = web.get(f"/manage/exams/{exam.id}/rounds/{round_.id}/export")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    disposition = response.headers["Content-Disposition"]
    day = vietnam_today()
    assert f'filename="ket-qua-tim-hieu-cqdt-tuan-1-dot-1-{day}.xlsx"' in disposition
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == f"Kết quả - Tìm hiểu CQĐT tuần 1 - Đợt 1 - {day}.xlsx"
    sheet = load_workbook(BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Hạng", "Họ và tên") and "Điểm" in rows[0]
    assert rows[1][:2] == (1, "Phạm Thị Dung") and rows[1][rows[0].index("Điểm")] == 3


def test_the_contest_export_reaches_winners_in_vietnam_time(web, factory, session, owner, contest):
    """The organiser calls the prize winners: prize, phone, email, unit and the unit above it, and
    the submission time as a clock in Vietnam reads it (UTC+7), not UTC."""
    exam, round_ = contest
    province = factory.province()
    ward = factory.unit(name="Phường Mỹ Tho", parent=province)
    winner = factory.user(full_name="Lê Thị Hoa", unit=ward, phone="0912345678", email="hoa@example.vn")
    factory.commit()
    attempt = sit(session, exam, round_, winner, right=3)
    web.login(owner)
    web.get(f"/manage/exams/{exam.id}/rounds/{round_.id}/close")
    web.post(f"/manage/exams/{exam.id}/rounds/{round_.id}/close", {"confirm": "y"})
    workbook = load_workbook(BytesIO(web.get(f"/manage/exams/{exam.id}/rounds/{round_.id}/export").data))
    sheet = workbook["Kết quả"]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["Họ và tên"] == "Lê Thị Hoa" and row["Giải"] == "Giải Nhất"
    assert (row["Điện thoại"], row["Email"]) == ("0912345678", "hoa@example.vn")
    assert (row["Đơn vị"], row["Đơn vị cấp trên"]) == ("Phường Mỹ Tho", "Tỉnh Thử Nghiệm")
    session.refresh(attempt)
    submitted = row["Nộp lúc (giờ Việt Nam)"]
    assert "Nộp lúc (UTC)" not in header and isinstance(submitted, datetime)
    assert abs(submitted - (attempt.submitted_at + timedelta(hours=7))) < timedelta(seconds=1)
    units = [tuple(c.value for c in r) for r in workbook["Theo đơn vị"].iter_rows()]
    assert units[0][:2] == ("Hạng", "Đơn vị") and units[1][:2] == (1, "Phường Mỹ Tho")


def test_the_assessment_export_has_the_columns_of_the_page(web, factory, session, owner):
    exam, round_ = factory.exam(kind="assessment", bank=factory.bank(owner=owner), questions=2, pass_ratio=0.5)
    clerk, land = factory.position("Công chức Tư pháp - Hộ tịch"), factory.field("Đất đai")
    taker = factory.user(role=Role.official, full_name="Đã Thi", phone="0987654321", email=None,
                         job_position_id=clerk.id, field_id=land.id)
    absent = factory.user(role=Role.official, full_name="Chưa Thi", email="chua@example.vn")
    for user in (taker, absent):
        session.add(Assignment(exam_id=exam.id, user_id=user.id))
    factory.commit()
    sit(session, exam, round_, taker, right=2)
    web.login(owner)
    page = web.get(f"/manage/exams/{exam.id}/rounds/{round_.id}").get_data(as_text=True)
    workbook = load_workbook(BytesIO(web.get(f"/manage/exams/{exam.id}/rounds/{round_.id}/export").data))
    rows = [tuple(c.value for c in r) for r in workbook["Kết quả từng cán bộ"].iter_rows()]
    assert rows[0][:8] == ("Họ và tên", "Tài khoản", "Đơn vị", "Vị trí việc làm", "Lĩnh vực", "Điểm",
                           "Điểm tối đa", "Kết quả")
    for heading in rows[0][:5]:
        assert f">{heading}</th>" in page
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["Đã Thi"][1:8] == ("0987654321", session.get(Unit, taker.unit_id).name,
                                      "Công chức Tư pháp - Hộ tịch", "Đất đai", 2, 2, "Đạt")
    assert by_name["Chưa Thi"][1] == "chua@example.vn" and by_name["Chưa Thi"][7] == "Chưa thi"
    assert isinstance(by_name["Đã Thi"][8], datetime)
    assert workbook.sheetnames == ["Kết quả từng cán bộ", "Theo đơn vị", "Theo vị trí việc làm"]


def test_assignments_cover_units_positions_and_named_officials(web, factory, session, owner):
    exam, round_ = factory.exam(kind="assessment", bank=factory.bank(owner=owner), questions=2,
                                pass_ratio=0.5)
    district = factory.unit(kind="district")
    commune = factory.unit(parent=district)
    clerk = factory.position("Công chức Văn phòng - Thống kê")
    inside = factory.user(role=Role.official, unit=commune, job_position_id=clerk.id, full_name="Cán bộ Xã")
    factory.user(role=Role.official, unit=commune, full_name="Khác vị trí")
    named = factory.user(role=Role.official, phone="0912345678", full_name="Được chỉ định")
    citizen = factory.user(role=Role.citizen, email="dan@example.vn")
    factory.commit()
    web.login(owner)
    url = f"/manage/exams/{exam.id}/assignments"
    web.get(url)
    added = web.post(url, {"action": "add"}, htmx=True).get_data(as_text=True)
    assert 'name="rows-0-unit_id"' in added and "— " in added
    refused = web.post(url, {"rows-0-unit_id": district.id, "rows-0-job_position_id": clerk.id,
                             "officials": "dan@example.vn\nkhong-co@example.vn", "action": "save"},
                       htmx=True).get_data(as_text=True)
    assert "«dan@example.vn» không phải tài khoản cán bộ, công chức." in refused
    assert "Không tìm thấy tài khoản «khong-co@example.vn»." in refused
    assert session.exec(select(Assignment)).all() == []
    saved = web.post(url, {"rows-0-unit_id": district.id, "rows-0-job_position_id": clerk.id,
                           "officials": "+84 912 345 678", "action": "save"}, htmx=True).get_data(as_text=True)
    assert "Hiện có 2 cán bộ thuộc đối tượng sát hạch." in saved
    assert citizen.id not in {a.user_id for a in session.exec(select(Assignment))}
    sit(session, exam, round_, inside, right=2)
    page = web.get(f"/manage/exams/{exam.id}/rounds/{round_.id}").get_data(as_text=True)
    assert "Cán bộ Xã" in page and "Được chỉ định" in page and "Khác vị trí" not in page
    assert '<span class="badge ok">Đạt</span>' in page and '<span class="badge">Chưa thi</span>' in page
    assert "Công chức Văn phòng - Thống kê" in page and "Theo vị trí việc làm" in page
    assert named.login_name in web.get(f"/manage/exams/{exam.id}").get_data(as_text=True)


def test_assignments_are_for_assessments_only(web, owner, contest):
    exam, _ = contest
    web.login(owner)
    assert web.get(f"/manage/exams/{exam.id}/assignments").status_code == 404


def test_a_round_of_another_exam_is_404(web, factory, owner, contest):
    exam, _ = contest
    _other, foreign_round = factory.exam(bank=factory.bank(owner=owner))
    factory.commit()
    web.login(owner)
    assert web.get(f"/manage/exams/{exam.id}/rounds/{foreign_round.id}").status_code == 404
    assert web.get("/manage/exams/999999").status_code == 404


def test_an_empty_entry_wins_no_prize_and_the_unfilled_tier_stays_empty(web, factory, session, owner):
    """After closing, a 0/3 entry won "Giải Nhì": a prize needs more than zero by default."""
    exam, round_ = factory.exam(bank=factory.bank(owner=owner, is_public=True), questions=3,
                                prize_tiers=[{"name": "Giải Nhất", "count": 1}, {"name": "Giải Nhì", "count": 1}])
    factory.commit()
    best, empty = factory.user(full_name="Có điểm"), factory.user(full_name="Bài trắng")
    factory.commit()
    sit(session, exam, round_, best, right=3)
    sit(session, exam, round_, empty, right=0)
    web.login(owner)
    web.get(f"/manage/exams/{exam.id}/rounds/{round_.id}/close")
    web.post(f"/manage/exams/{exam.id}/rounds/{round_.id}/close", {"confirm": "y"})
    session.expire_all()
    assert [(p.user_id, p.tier) for p in session.exec(select(Prize))] == [(best.id, "Giải Nhất")]
    page = web.get(f"/manage/exams/{exam.id}/rounds/{round_.id}").get_data(as_text=True)
    assert "Giải Nhì: 1 giải để trống" in page and "không có bài đạt điểm tối thiểu" in page


def test_a_prize_tier_can_state_a_minimum_score(web, factory, session, owner):
    exam, round_ = factory.exam(bank=factory.bank(owner=owner, is_public=True), questions=3)
    factory.commit()
    web.login(owner)
    url = f"/manage/exams/{exam.id}/settings"
    form = {"title": exam.title, "attempts_allowed": "1", "counted_attempt": "highest", "leaderboard": "live",
            "prize_tiers": "Giải Nhất: 1, từ 3 điểm\nGiải Nhì: 2 (từ 1,5 điểm)\nGiải Ba: 3"}
    web.get(url)
    assert web.post(url, form).status_code == 302
    session.expire_all()
    assert session.get(type(exam), exam.id).prize_tiers == [
        {"name": "Giải Nhất", "count": 1, "min_score": 3.0}, {"name": "Giải Nhì", "count": 2, "min_score": 1.5},
        {"name": "Giải Ba", "count": 3}]
    assert "Giải Nhì: 2, từ 1,5 điểm" in web.get(url).get_data(as_text=True)
    assert "Giải Nhất: 1, từ 3 điểm; Giải Nhì: 2, từ 1,5 điểm; Giải Ba: 3" in web.get(
        f"/manage/exams/{exam.id}").get_data(as_text=True)
    refused = web.post(url, {**form, "prize_tiers": "Giải Nhất: 1, chín điểm\nGiải Nhì: 1, từ 0 điểm"})
    body = refused.get_data(as_text=True)
    assert "Dòng 1: hãy ghi điểm tối thiểu theo mẫu «Giải Nhất: 1, từ 9 điểm»." in body
    assert "Dòng 2: điểm tối thiểu phải lớn hơn 0." in body
    sit(session, exam, round_, factory.user(full_name="Hai câu"), right=2)
    factory.commit()
    sit(session, exam, round_, factory.user(full_name="Một câu"), right=1)
    web.post(f"/manage/exams/{exam.id}/rounds/{round_.id}/close", {"confirm": "y"})
    session.expire_all()
    # 2 points fall short of Giải Nhất (from 3): it stays empty; 2 and 1 point: Giải Nhì from 1.5, Giải Ba.
    assert sorted(p.tier for p in session.exec(select(Prize))) == ["Giải Ba", "Giải Nhì"]
