"""A contest round's report for its organisers, its public statistics page and their downloads:
the figures a committee reads, built from real attempts."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook

from contest.accounts.models import Role
from contest.core.caching import clear_all
from contest.core.db import utcnow
from contest.exams.models import Attempt, AttemptStatus, ExamStatus, Round, UnitHeadcount
from contest.exams.services import results
from contest.exams.services.attempts import start_attempt
from contest.reports.services.round_report import daily
from contest.reports.services.round_results import result_lines
from tests.support.sitting import sit


@pytest.fixture
def world(factory, session):
    """East (Phường Đông): 3 people, two answer both questions right, one answers one; West (Xã
    Tây, headcount entered 4): one person answers none, another starts and does not submit."""
    owner = factory.user(role=Role.trainer)
    province = factory.province()
    east = factory.unit(name="Phường Đông", parent=province)
    west = factory.unit(name="Xã Tây", parent=province)
    exam, round_ = factory.exam(bank=factory.bank(owner=owner, is_public=True), questions=2, ask_prediction=True,
                                prize_tiers=[{"name": "Giải Nhất", "count": 1}],
                                unit_prize_tiers=[{"name": "Giải tập thể", "count": 1}])
    session.add(UnitHeadcount(round_id=round_.id, unit_id=west.id, headcount=4))
    absent = factory.unit(name="Xã Vắng", parent=province)
    factory.user(unit=absent), factory.user(unit=absent, role=Role.official)
    people = {name: factory.user(unit=unit, full_name=name) for name, unit in (
        ("Lan Đông", east), ("Minh Đông", east), ("Hoa Đông", east), ("Tú Tây", west), ("Vy Tây", west))}
    factory.commit()
    for name, right, guess in (("Lan Đông", 2, 2), ("Minh Đông", 2, 5), ("Hoa Đông", 1, None), ("Tú Tây", 0, 1)):
        sit(session, exam, round_, people[name], right=right, prediction=guess)
    start_attempt(session, exam, round_, people["Vy Tây"], utcnow())
    session.commit()
    return {"owner": owner, "exam": exam, "round": round_, "people": people, "east": east, "west": west}


def report_url(world, suffix=""):
    return f"/reports/exams/{world['exam'].id}/rounds/{world['round'].id}{suffix}"


def stat(page: str, label: str) -> str:
    found = re.search(rf"<dt>{re.escape(label)}</dt><dd>([^<]*)</dd>", page)
    assert found, label
    return found.group(1)


def close(web, world):
    exam, round_ = world["exam"], world["round"]
    web.get(f"/manage/exams/{exam.id}/rounds/{round_.id}/close")
    assert web.post(f"/manage/exams/{exam.id}/rounds/{round_.id}/close", {"confirm": "y"}).status_code == 302


def test_the_round_report_gives_the_committee_its_figures(web, world):
    web.login(world["owner"])
    manage = web.get(f"/manage/exams/{world['exam'].id}/rounds/{world['round'].id}").get_data(as_text=True)
    assert report_url(world) in manage  # linked from the round's page
    page = web.get(report_url(world)).get_data(as_text=True)
    assert stat(page, "Người tham gia") == "5" and stat(page, "Lượt thi bắt đầu") == "5"
    assert stat(page, "Bài đã nộp") == "4" and stat(page, "Đang làm bài") == "1"
    assert stat(page, "Đúng tất cả các câu") == "2" and stat(page, "Số người dự đoán") == "3"
    assert "Đáp án của câu dự đoán được chốt khi đợt thi kết thúc." in page
    # Scores 2, 2, 1, 0 out of 2: one bar per point, with the same figures in the table.
    scores = _table_after(page, "Số liệu: Phân bố điểm")
    assert scores == [["0", "1"], ["1", "1"], ["2", "2"]]
    # Units: East 3 of 3 registered (100 %) ranks above West 1 of the 4 entered (25 %).
    units = _table_after(page, "Số liệu: Tỷ lệ tham gia theo đơn vị")
    assert [row[:5] for row in units] == [["1", "Phường Đông", "100,0%", "3/3", "2"], ["2", "Xã Tây", "25,0%", "1/4", "0"]]
    # A commune with registered people and nobody taking part is listed for the committee to call.
    assert _table_after(page, "Đơn vị chưa có người dự thi") == [["Xã Vắng", "2"]]
    days = _table_after(page, "Số liệu: Tham gia theo ngày")
    assert sum(int(row[1]) for row in days) == 5 and sum(int(row[2]) for row in days) == 5
    assert page.count('role="img"') == 4 and "<script" not in page.split("<main", 1)[1]


def test_once_closed_the_report_tells_the_predictions_truth(web, world):
    web.login(world["owner"])
    close(web, world)
    page = web.get(report_url(world)).get_data(as_text=True)
    assert stat(page, "Đáp án (số người đúng tất cả)") == "2"
    assert stat(page, "Dự đoán đúng chính xác") == "1" and stat(page, "Dự đoán gần nhất lệch") == "0"
    units = _table_after(page, "Số liệu: Tỷ lệ tham gia theo đơn vị")
    assert units[0][5] == "Giải tập thể" and units[1][5] == "—"


@pytest.mark.parametrize("who", ["other_trainer", "citizen"])
def test_only_the_exams_manager_or_an_admin_reads_the_report(web, factory, world, who):
    person = factory.user(role=Role.trainer if who == "other_trainer" else Role.citizen)
    admin = factory.user(role=Role.admin)
    factory.commit()
    assert web.get(report_url(world)).status_code == 302  # to sign in
    web.login(person)
    for suffix in ("", "/report.xlsx", "/results.csv"):
        assert web.get(report_url(world, suffix)).status_code == 403
    web.login(admin)
    assert web.get(report_url(world)).status_code == 200


def test_the_results_download_parses_back_with_the_ranking(web, world):
    web.login(world["owner"])
    close(web, world)
    book = load_workbook(io.BytesIO(web.get(report_url(world, "/results.xlsx")).data))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][:3] == ("Hạng", "Họ và tên", "Giải")
    # Closing submitted Vy's attempt as it stood (nothing answered): last.
    assert [(r[0], r[1], r[2] or None) for r in rows[1:]] == [
        (1, "Lan Đông", "Giải Nhất"), (2, "Minh Đông", None), (3, "Hoa Đông", None), (4, "Tú Tây", None),
        (5, "Vy Tây", None)]
    assert [r[:2] for r in book.worksheets[1].iter_rows(min_row=2, values_only=True)] == [(1, "Phường Đông"), (2, "Xã Tây")]
    response = web.get(report_url(world, "/results.csv"))
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"] and response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True).lstrip("\ufeff")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0][0] == "Hạng" and lines[1][:3] == ["1", "Lan Đông", "Giải Nhất"] and len(lines) == 6


def test_the_report_download_has_the_pages_figures(web, world):
    web.login(world["owner"])
    book = load_workbook(io.BytesIO(web.get(report_url(world, "/report.xlsx")).data))
    assert book.sheetnames == ["Tổng quan", "Phân bố điểm", "Thời gian làm bài", "Theo ngày", "Theo đơn vị",
                               "Đơn vị chưa có người dự thi"]
    head = dict(book["Tổng quan"].iter_rows(min_row=2, values_only=True))
    assert head["Người tham gia"] == 5 and head["Bài đã nộp"] == 4 and head["Đúng tất cả các câu"] == 2
    assert [r[2] for r in book["Phân bố điểm"].iter_rows(min_row=2, values_only=True)] == [1, 1, 2]
    text = web.get(report_url(world, "/report.csv")).get_data(as_text=True)
    assert text.startswith("\ufeffTổng quan\r\n") and "\r\n\r\nPhân bố điểm\r\n" in text


def test_the_public_statistics_show_counts_by_locality_to_anyone_and_no_one_by_name(web, world):
    url = f"/reports/contests/{world['exam'].id}/statistics"
    response = web.get(url)
    assert response.status_code == 200
    assert "private" in response.headers["Cache-Control"] and "max-age=60" in response.headers["Cache-Control"]
    page = response.get_data(as_text=True)
    localities = _table_after(page, "Số liệu: Số người dự thi theo địa phương")
    assert localities == [["Phường Đông", "3"], ["Xã Tây", "1"]]
    assert stat(page, "Người dự thi") == "4"
    assert not any(name in page for name in world["people"])
    assert "Trả lời đúng tất cả các câu</dt>" not in page  # the prediction's truth waits for the close
    fragment = web.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in fragment and 'id="figures"' in fragment and "Phường Đông" in fragment


def test_after_the_close_the_public_page_names_the_winners_as_the_leaderboard_does(web, world):
    web.login(world["owner"])
    close(web, world)
    web.post("/logout", {})
    clear_all()
    page = web.get(f"/reports/contests/{world['exam'].id}/statistics").get_data(as_text=True)
    assert stat(page, "Trả lời đúng tất cả các câu") == "2"
    winners = page[page.index("Người đoạt giải"):]
    assert "Giải Nhất" in winners and "Lan Đông" in winners
    assert not any(name in page for name in ("Minh Đông", "Hoa Đông", "Tú Tây", "Vy Tây"))


def test_the_public_figures_are_cached_for_a_minute(web, factory, session, world, statements):
    url = f"/reports/contests/{world['exam'].id}/statistics"
    web.get(url)
    statements.clear()
    late = factory.user(unit=world["east"], full_name="Muộn")
    factory.commit()
    sit(session, world["exam"], world["round"], late, right=1)
    statements.clear()
    page = web.get(url).get_data(as_text=True)
    assert not [s for s in statements if "FROM attempt" in s]  # two small reads: the exam and its rounds
    assert stat(page, "Người dự thi") == "4"
    clear_all()
    assert stat(web.get(url).get_data(as_text=True), "Người dự thi") == "5"


def test_public_statistics_are_for_contests_that_are_not_drafts(web, factory, session, world):
    exam = world["exam"]
    assert web.get(f"/reports/contests/{exam.id}/statistics?round=999999").status_code == 404
    assessment, _round = factory.exam("assessment", questions=1)
    factory.commit()
    assert web.get(f"/reports/contests/{assessment.id}/statistics").status_code == 404
    exam.status = ExamStatus.draft
    session.add(exam)
    session.commit()
    assert web.get(f"/reports/contests/{exam.id}/statistics").status_code == 404


def _table_after(page: str, label: str) -> list[list[str]]:
    """The body rows of the table in the region named ``label``, cells as text."""
    start = page.index(f'aria-label="{label}"')
    body = page[page.index("<tbody>", start):page.index("</tbody>", start)]
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_days_are_the_provinces_days_not_utcs(session, factory):
    """Started at 17:30 UTC on 1 December is 00:30 on 2 December in Vietnam (UTC+7)."""
    exam, round_ = factory.exam(questions=1, opens=datetime(2026, 12, 1, 1, 0), closes=datetime(2026, 12, 3, 1, 0))
    for n, started in enumerate((datetime(2026, 12, 1, 16, 59), datetime(2026, 12, 1, 17, 30))):
        person = factory.user()
        session.add(Attempt(round_id=round_.id, user_id=person.id, unit_id=person.unit_id, seed=n,
                            status=AttemptStatus.in_progress, started_at=started, deadline=started + timedelta(hours=1)))
    session.flush()
    days = daily(session, round_, datetime(2026, 12, 4))
    assert [(d.day, d.attempts, d.new_people) for d in days] == [
        (date(2026, 12, 1), 1, 1), (date(2026, 12, 2), 1, 1), (date(2026, 12, 3), 0, 0)]


def test_the_contests_public_pages_lead_to_its_statistics(web, world):
    exam, round_ = world["exam"], world["round"]
    target = f"/reports/contests/{exam.id}/statistics?round={round_.id}"
    assert target in web.get(f"/exams/{exam.id}").get_data(as_text=True)
    assert target in web.get(f"/exams/{exam.id}/rounds/{round_.id}/leaderboard").get_data(as_text=True)


def test_a_round_nobody_has_taken_yet_reports_zeros_and_a_contest_not_yet_open_says_so(web, factory):
    owner = factory.user(role=Role.trainer)
    exam, round_ = factory.exam(bank=factory.bank(owner=owner, is_public=True), questions=1)
    later, _later_round = factory.exam(opens=utcnow() + timedelta(days=1), closes=utcnow() + timedelta(days=2))
    factory.commit()
    web.login(owner)
    page = web.get(f"/reports/exams/{exam.id}/rounds/{round_.id}").get_data(as_text=True)
    assert stat(page, "Người tham gia") == "0" and "Chưa có đơn vị nào có người dự thi." in page
    assert web.get(f"/reports/exams/{exam.id}/rounds/{round_.id}/report.xlsx").status_code == 200
    web.post("/logout", {})
    assert "Cuộc thi chưa có đợt thi nào bắt đầu." in web.get(f"/reports/contests/{later.id}/statistics").get_data(as_text=True)


def test_a_name_typed_as_a_formula_stays_text_in_both_downloads(web, factory, session, world):
    name = '=HYPERLINK("http://x.vn","Bấm")'
    sit(session, world["exam"], world["round"], factory.user(unit=world["east"], full_name=name), right=2)
    factory.commit()
    web.login(world["owner"])
    book = load_workbook(io.BytesIO(web.get(report_url(world, "/results.xlsx")).data))
    cells = [row[1] for row in book.worksheets[0].iter_rows(min_row=2)]
    formula = next(c for c in cells if "HYPERLINK" in str(c.value))
    assert formula.value == name and formula.data_type == "s"
    text = web.get(report_url(world, "/results.csv")).get_data(as_text=True)
    assert "'" + name.replace('"', '""') in text


@pytest.mark.parametrize("close_first", [False, True])
def test_the_results_are_read_in_batches_in_the_leaderboards_order(web, session, world, close_first):
    if close_first:
        web.login(world["owner"])
        close(web, world)
    round_ = session.get(Round, world["round"].id)
    session.refresh(round_)
    board = results.leaderboard(session, round_, 1, page_size=100)
    lines = list(result_lines(session, round_, batch=2))
    assert [(line.rank, line.full_name) for line in lines] == [(row.rank, row.full_name) for row in board.rows]
    assert len(lines) == (5 if close_first else 4)
