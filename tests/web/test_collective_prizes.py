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
    return {"owner": owner, "east": east, "west": west, "exam": exam, "round": round_}


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
