"""Collective prizes by unit: headcounts entered per round, standings by participation rate,
shown to organisers and, once the round has ended, on the public leaderboard."""


import pytest
from sqlmodel import select

from contest.accounts.models import Role
from contest.exams.models import UnitHeadcount
from tests.support.sitting import sit


@pytest.fixture
def world(factory):
    owner = factory.user(role=Role.trainer)
    province = factory.province()
    east = factory.unit(name="Phường Đông", parent=province)
    west = factory.unit(name="Xã Tây", parent=province)
    exam, round_ = factory.exam(bank=factory.bank(owner=owner, is_public=True), questions=2,
                                unit_prize_tiers=[{"name": "Giải tập thể", "count": 1}])
    factory.commit()
    return {"owner": owner, "province": province, "east": east, "west": west, "exam": exam, "round": round_}


def people(factory, unit, n, role=Role.citizen):
    made = [factory.user(unit=unit, role=role) for _ in range(n)]
    factory.commit()
    return made


def test_units_are_ranked_by_participation_rate_with_entered_headcounts(web, factory, session, world):
    exam, round_, east, west = world["exam"], world["round"], world["east"], world["west"]
    # East: 3 of 10 registered take part, all right; West: 2 of 2 registered, none all right.
    for person in people(factory, east, 3):
        sit(session, exam, round_, person, right=2)
    people(factory, east, 7)
    for person in people(factory, west, 2):
        sit(session, exam, round_, person, right=1)
    web.login(world["owner"])
    url = f"/manage/exams/{exam.id}/rounds/{round_.id}"
    page = web.get(url).get_data(as_text=True)
    assert "Xếp hạng tập thể theo đơn vị" in page and "tạm tính" in page
    assert page.index("Xã Tây") < page.index("Phường Đông", page.index("Xếp hạng tập thể"))
    assert "100,0%" in page and "30,0%" in page
    # The organiser enters West's real headcount: 2 of 40 (5%) now ranks below East's 30%.
    data = {"rows-0-unit_id": west.id, "rows-0-headcount": "40"}
    response = web.post(f"{url}/headcounts", data)
    assert response.status_code == 302 and response.headers["Location"].endswith("#unit-standings")
    assert session.exec(select(UnitHeadcount)).one().headcount == 40
    page = web.get(url).get_data(as_text=True)
    assert "Đã lưu số người của các đơn vị." in page
    standings = page[page.index("Xếp hạng tập thể"):]
    assert standings.index("Phường Đông") < standings.index("Xã Tây") and "2/40" in standings and "5,0%" in standings
    assert 'value="40"' in page
    # Blank: back to the registered people.
    web.post(f"{url}/headcounts", {"rows-0-unit_id": west.id, "rows-0-headcount": ""})
    assert session.exec(select(UnitHeadcount)).all() == []


def test_a_bad_headcount_is_refused_in_vietnamese_and_nothing_is_saved(web, factory, session, world):
    exam, round_, east = world["exam"], world["round"], world["east"]
    web.login(world["owner"])
    url = f"/manage/exams/{exam.id}/rounds/{round_.id}/headcounts"
    web.get(f"/manage/exams/{exam.id}/rounds/{round_.id}")
    body = web.post(url, {"rows-0-unit_id": east.id, "rows-0-headcount": "0"}).get_data(as_text=True)
    assert "Từ 1 đến 10.000.000 người." in body and "<details id=\"headcounts\" class=\"card\" open>" in body
    fragment = web.post(url, {"rows-0-unit_id": east.id, "rows-0-headcount": "mười"}, htmx=True)
    assert fragment.status_code == 200 and "<html" not in fragment.get_data(as_text=True)
    assert "Hãy nhập một số nguyên." in fragment.get_data(as_text=True)
    refused = web.post(url, {"rows-0-unit_id": 999999, "rows-0-headcount": "5"}).get_data(as_text=True)
    assert "Có đơn vị không tồn tại" in refused
    assert session.exec(select(UnitHeadcount)).all() == []


def test_collective_prizes_show_on_the_public_leaderboard_only_after_the_round_ends(web, factory, session, world):
    exam, round_, east, west = world["exam"], world["round"], world["east"], world["west"]
    for person in people(factory, east, 2):
        sit(session, exam, round_, person, right=2)
    sit(session, exam, round_, people(factory, west, 4)[0], right=2)
    board = f"/exams/{exam.id}/rounds/{round_.id}/leaderboard"
    assert "Xếp hạng tập thể" not in web.get(board).get_data(as_text=True)
    web.login(world["owner"])
    web.get(f"/manage/exams/{exam.id}/rounds/{round_.id}/close")
    web.post(f"/manage/exams/{exam.id}/rounds/{round_.id}/close", {"confirm": "y"})
    web.client.get("/logout")
    public = web.get(board).get_data(as_text=True)
    standings = public[public.index("Xếp hạng tập thể theo đơn vị"):]
    assert "tỷ lệ tham gia (số người dự thi trên số người của đơn vị) cao hơn" in standings
    # East 2/2 = 100% wins the one collective prize; West 1/4 = 25%.
    east_row = standings[standings.index("Phường Đông"):standings.index("</tr>", standings.index("Phường Đông"))]
    west_row = standings[standings.index("Xã Tây"):standings.index("</tr>", standings.index("Xã Tây"))]
    assert "Giải tập thể" in east_row and "Giải tập thể" not in west_row and "1/4" in west_row


def test_the_headcount_form_is_for_contests_only(web, factory, world):
    exam, round_ = factory.exam(kind="assessment", bank=factory.bank(owner=world["owner"]), questions=1)
    factory.commit()
    web.login(world["owner"])
    assert "headcounts" not in web.get(f"/manage/exams/{exam.id}/rounds/{round_.id}").get_data(as_text=True)
    assert web.post(f"/manage/exams/{exam.id}/rounds/{round_.id}/headcounts", {}).status_code == 404


def test_collective_prize_tiers_are_set_with_the_exam(web, session, world):
    exam = world["exam"]
    web.login(world["owner"])
    url = f"/manage/exams/{exam.id}/settings"
    web.get(url)
    response = web.post(url, {"title": exam.title, "attempts_allowed": "1", "counted_attempt": "highest",
                              "leaderboard": "live", "unit_prize_tiers": "Giải Nhất tập thể: 1\nGiải Nhì tập thể: 2"})
    assert response.status_code == 302
    session.refresh(exam)
    assert exam.unit_prize_tiers == [{"name": "Giải Nhất tập thể", "count": 1}, {"name": "Giải Nhì tập thể", "count": 2}]
    assert "Giải Nhì tập thể: 2" in web.get(f"/manage/exams/{exam.id}").get_data(as_text=True)


def _row(page, unit_name):
    standings = page[page.index("Xếp hạng tập thể theo đơn vị"):]
    start = standings.index(unit_name)
    return standings[start:standings.index("</tr>", start)]


def test_closing_fixes_the_collective_prizes_headcounts_and_registrations_later_change_nothing(
        web, factory, session, world):
    exam, round_, east, west = world["exam"], world["round"], world["east"], world["west"]
    for person in people(factory, east, 2):
        sit(session, exam, round_, person, right=2)
    sit(session, exam, round_, people(factory, west, 4)[0], right=2)
    web.login(world["owner"])
    url = f"/manage/exams/{exam.id}/rounds/{round_.id}"
    close_page = web.get(f"{url}/close").get_data(as_text=True)
    assert "không thể sửa số người hay thay đổi giải tập thể" in close_page
    assert "Cơ cấu giải tập thể: Giải tập thể: 1." in close_page
    web.post(f"{url}/close", {"confirm": "y"})
    before = web.get(url).get_data(as_text=True)
    assert "Giải tập thể" in _row(before, "Phường Đông") and "2/2" in _row(before, "Phường Đông")
    assert 'action="' + f"{url}/headcounts" not in before and "Lưu số người" not in before
    assert "không thể sửa số người nữa" in before
    # After the close: a headcount that would send East to 2% is refused, new registrations count for nothing.
    response = web.post(f"{url}/headcounts", {"rows-0-unit_id": east.id, "rows-0-headcount": "100"})
    assert response.status_code == 302
    page = web.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đợt thi đã chốt kết quả: số người của đơn vị và giải tập thể không thể thay đổi nữa." in page
    assert session.exec(select(UnitHeadcount)).all() == []
    people(factory, east, 50)
    after = web.get(url).get_data(as_text=True)
    assert _row(after, "Phường Đông") == _row(before, "Phường Đông")
    assert _row(after, "Xã Tây") == _row(before, "Xã Tây")
    web.client.get("/logout")
    public = web.get(f"/exams/{exam.id}/rounds/{round_.id}/leaderboard").get_data(as_text=True)
    assert "Giải tập thể" in _row(public, "Phường Đông") and "2/2" in _row(public, "Phường Đông")


def test_a_tie_larger_than_the_collective_places_leaves_them_empty_and_the_page_says_why(
        web, factory, session, world):
    owner = world["owner"]
    exam, round_ = factory.exam(bank=factory.bank(owner=owner, is_public=True), questions=2,
                                unit_prize_tiers=[{"name": "Giải tập thể", "count": 2}])
    factory.commit()
    # Nobody enters headcounts: three units of one registered person each, who took part (100%).
    for unit in (world["east"], world["west"], factory.unit(name="Xã Nam", parent=world["province"])):
        sit(session, exam, round_, people(factory, unit, 1)[0], right=1)
    web.login(owner)
    url = f"/manage/exams/{exam.id}/rounds/{round_.id}"
    web.get(f"{url}/close")
    web.post(f"{url}/close", {"confirm": "y"})
    page = web.get(url).get_data(as_text=True)
    standings = page[page.index("Xếp hạng tập thể theo đơn vị"):]
    assert "Giải tập thể: 2 giải để trống" in standings
    assert "3 đơn vị đồng hạng 1 nhiều hơn số giải còn lại" in standings
    assert "cùng nhận một giải (đồng giải) khi giải còn đủ chỗ cho tất cả" in standings
