"""Share links of contests, their QR codes, personal links ("lan tỏa") counted at registration,
a person's own page and the organiser's ranking."""

import csv
import io
import re
import threading
import time
from datetime import timedelta

import pytest
import zxingcpp
from PIL import Image
from sqlmodel import Session, select

from contest.accounts.models import Role, User
from contest.accounts.signals import citizen_registered
from contest.core import db
from contest.core.db import utcnow
from contest.exams.models import ExamStatus, Round
from contest.sharing import services, visits
from contest.sharing.models import PersonalCode, Referral, ShareLink

PUBLIC = "http://127.0.0.1:5000"


@pytest.fixture
def contest(factory):
    exam, round_ = factory.exam(kind="contest", questions=2)
    factory.commit()
    return exam, round_


@pytest.fixture
def code(session, contest):
    link = services.share_link_of(session, contest[0])
    session.commit()
    return link.code


@pytest.fixture
def referrer(factory):
    user = factory.user(full_name="Trần Thị Lan Tỏa")
    factory.commit()
    return user


@pytest.fixture
def person(session, referrer):
    value = services.personal_code_of(session, referrer)
    session.commit()
    return value


@pytest.fixture
def commune(factory):
    unit = factory.unit(name="Xã Đạo Thạnh")
    factory.commit()
    return unit


def referrals(session):
    session.expire_all()
    return session.exec(select(Referral)).all()


def register(web, commune, email="moi@example.vn"):
    data = {"full_name": "Người Mới", "email": email, "phone": "", "unit_id": commune.id,
            "password": "Hoa2026xy", "confirm": "Hoa2026xy"}
    web.get("/register")
    return web.post("/register", data)


def register_by_signal(app, web, commune, email="tay@example.vn", user=None):
    """A registration as accounts announces it (``citizen_registered`` inside the request,
    before the commit), in a request carrying this browser's referral cookie."""
    cookie = web.client.get_cookie(visits.COOKIE)
    headers = {"Cookie": f"{visits.COOKIE}={cookie.value}"} if cookie else {}
    with app.test_request_context("/register", method="POST", headers=headers):
        own = db.session()
        if user is None:
            user = User(full_name="Người Mới", email=email, role=Role.citizen, password_hash="x",
                        unit_id=commune.id)
            own.add(user)
            own.flush()
        else:
            user = own.get(User, user.id)
        citizen_registered.send(app, session=own, user=user)
        own.commit()
    return user


# --- the contest's link and QR ---------------------------------------------------------------

def test_the_short_link_leads_to_the_contest_page(web, contest, code):
    response = web.get(f"/s/{code}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/exams/{contest[0].id}")


def test_the_code_is_read_whatever_its_case(web, contest, code):
    assert web.get(f"/s/{code.upper()}").status_code == 302


@pytest.mark.parametrize("typed", ["zzzzzz", "not-a-code", "abc"])
def test_an_unknown_code_is_a_vietnamese_404_page(web, contest, typed):
    response = web.get(f"/s/{typed}")
    assert response.status_code == 404
    assert "Không tìm thấy liên kết" in response.get_data(as_text=True)


def test_a_draft_contest_is_not_reached(web, session, contest, code):
    contest[0].status = ExamStatus.draft
    session.add(contest[0])
    session.commit()
    assert web.get(f"/s/{code}").status_code == 404


def test_the_contest_page_shows_the_share_panel(web, session, contest):
    page = web.get(f"/exams/{contest[0].id}").get_data(as_text=True)
    link = session.exec(select(ShareLink).where(ShareLink.exam_id == contest[0].id)).one()
    assert "Chia sẻ cuộc thi" in page
    assert f'value="{PUBLIC}/s/{link.code}"' in page
    assert "https://www.facebook.com/sharer/sharer.php?u=" in page
    assert f"/s/{link.code}/qr.svg" in page
    assert "<script" not in page.split("Chia sẻ cuộc thi")[1].split("</section>")[0]


def test_the_contest_page_keeps_one_code(web, session, contest):
    web.get(f"/exams/{contest[0].id}")
    web.get(f"/exams/{contest[0].id}")
    assert len(session.exec(select(ShareLink)).all()) == 1


def test_a_practice_page_has_no_share_panel(web, factory):
    exam, _ = factory.exam(kind="practice", questions=1)
    factory.commit()
    assert "Chia sẻ cuộc thi" not in web.get(f"/exams/{exam.id}").get_data(as_text=True)


def decoded(png: bytes) -> list[str]:
    return [barcode.text for barcode in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def test_the_qr_png_decodes_to_the_absolute_link_and_is_large_enough_to_print(web, code):
    response = web.get(f"/s/{code}/qr.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert decoded(response.data) == [f"{PUBLIC}/s/{code}"]
    assert Image.open(io.BytesIO(response.data)).width >= 800
    assert "max-age" in response.headers["Cache-Control"]


def test_the_qr_svg_is_served_and_cacheable(web, code):
    response = web.get(f"/s/{code}/qr.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert "<svg" in response.get_data(as_text=True)
    assert "public" in response.headers["Cache-Control"]
    assert "max-age" in response.headers["Cache-Control"]


def test_the_qr_of_an_unknown_code_is_404(web, contest):
    assert web.get("/s/zzzzzz/qr.png").status_code == 404
    assert web.get("/s/zzzzzz/qr.svg").status_code == 404


def test_a_personal_qr_decodes_to_the_personal_link(web, code, person):
    assert decoded(web.get(f"/s/{code}/{person}/qr.png").data) == [f"{PUBLIC}/s/{code}/{person}"]
    assert web.get(f"/s/{code}/zzzzzzzz/qr.png").status_code == 404


# --- personal links counted at registration --------------------------------------------------

def test_a_personal_link_then_registration_counts_one_referral(web, session, contest, code,
                                                               person, referrer, commune):
    response = web.get(f"/s/{code}/{person}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/exams/{contest[0].id}")
    assert register(web, commune).status_code == 302
    [referral] = referrals(session)
    new = session.exec(select(User).where(User.email == "moi@example.vn")).one()
    assert (referral.referrer_id, referral.referred_user_id, referral.exam_id) == (
        referrer.id, new.id, contest[0].id)


def test_the_listener_counts_the_link_followed(app, web, session, contest, code, person,
                                               referrer, commune):
    web.get(f"/s/{code}?r={person}")
    user = register_by_signal(app, web, commune)
    [referral] = referrals(session)
    assert (referral.referrer_id, referral.referred_user_id) == (referrer.id, user.id)


def test_the_cookie_alone_counts_a_registration_in_a_later_session(app, web, session, code,
                                                                   person, commune):
    web.get(f"/s/{code}/{person}")
    cookie = web.client.get_cookie(visits.COOKIE)
    assert cookie is not None and cookie.max_age == 30 * 86400 and cookie.http_only
    later = app.test_client()  # no session: only the cookie is carried
    later.set_cookie(visits.COOKIE, cookie.value)
    from tests.conftest import WebClient

    register_by_signal(app, WebClient(later), commune)
    assert len(referrals(session)) == 1


def test_registering_without_a_personal_link_counts_nothing(app, web, session, code, commune):
    web.get(f"/s/{code}")
    register_by_signal(app, web, commune)
    assert referrals(session) == []


def test_a_forged_personal_code_counts_nothing(app, web, session, code, person, commune):
    web.get(f"/s/{code}/zzzzzzzz")
    assert web.client.get_cookie(visits.COOKIE) is None
    register_by_signal(app, web, commune)
    assert referrals(session) == []


def test_a_forged_cookie_counts_nothing(app, web, session, contest, code, person, commune):
    web.get(f"/s/{code}/{person}")
    value = web.client.get_cookie(visits.COOKIE).value
    forged = app.test_client()
    forged.set_cookie(visits.COOKIE, value[:-3] + ("AAA" if not value.endswith("AAA") else "BBB"))
    from tests.conftest import WebClient

    register_by_signal(app, WebClient(forged), commune)
    assert referrals(session) == []


def test_a_person_cannot_refer_themselves(app, web, session, code, person, referrer, commune):
    web.get(f"/s/{code}/{person}")
    register_by_signal(app, web, commune, user=referrer)
    assert referrals(session) == []


def test_a_second_registration_of_the_same_person_counts_once(app, web, session, code, person,
                                                              commune):
    web.get(f"/s/{code}/{person}")
    user = register_by_signal(app, web, commune)
    web.get(f"/s/{code}/{person}")
    register_by_signal(app, web, commune, user=user)
    assert len(referrals(session)) == 1


def test_a_signed_in_visitor_carries_no_referral(web, code, person, factory):
    someone = factory.user()
    factory.commit()
    web.login(someone)
    web.get(f"/s/{code}/{person}")
    assert web.client.get_cookie(visits.COOKIE) is None


# --- "Lan tỏa của tôi" -----------------------------------------------------------------------

def refer(session, factory, referrer, exam, when=None, **user_kwargs):
    referred = factory.user(**user_kwargs)
    session.add(Referral(referrer_id=referrer.id, referred_user_id=referred.id, exam_id=exam.id,
                         created_at=when or utcnow()))
    session.flush()
    return referred


def test_my_spread_shows_my_link_qr_and_count(web, session, factory, contest, referrer):
    refer(session, factory, referrer, contest[0])
    refer(session, factory, referrer, contest[0])
    refer(session, factory, referrer, contest[0], confirmation_pending=True)  # not yet a person
    session.commit()
    web.login(referrer)
    page = web.get("/account/spread").get_data(as_text=True)
    person = services.personal_code_of(session, referrer)
    code = services.share_link_of(session, contest[0]).code
    assert "Số người đã đăng ký qua liên kết của bạn: 2" in page
    assert f'value="{PUBLIC}/s/{code}/{person}"' in page
    assert f"/s/{code}/{person}/qr.svg" in page
    assert contest[0].title in page


def test_my_spread_needs_sign_in(web):
    response = web.get("/account/spread")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_contest_page_offers_a_signed_in_person_their_link(web, session, contest, referrer,
                                                               person):
    web.login(referrer)
    page = web.get(f"/exams/{contest[0].id}").get_data(as_text=True)
    assert f"/{person}\"" in page and "Liên kết lan tỏa của bạn" in page


def test_viewing_the_contest_page_makes_no_personal_code(web, session, contest, referrer):
    """80,000 people viewing a weekly contest must not mean 80,000 writes: the page leads to
    "Lan tỏa của tôi", which makes the code."""
    web.login(referrer)
    page = web.get(f"/exams/{contest[0].id}").get_data(as_text=True)
    session.expire_all()
    assert session.exec(select(PersonalCode)).all() == []
    assert "Lấy liên kết giới thiệu của bạn" in page and "Liên kết lan tỏa của bạn" not in page


def test_my_spread_makes_the_code_the_contest_page_then_shows(web, session, contest, referrer):
    web.login(referrer)
    web.get("/account/spread")
    session.expire_all()
    person = services.personal_code(session, referrer)
    page = web.get(f"/exams/{contest[0].id}").get_data(as_text=True)
    assert person and f"/{person}\"" in page


# --- the organiser's ranking -----------------------------------------------------------------

@pytest.fixture
def ranked(session, factory, contest):
    """Lan brought 2 people last week (round "Đợt 0"); Bình brought 3 this round ("Đợt 1")."""
    exam, round1 = contest
    now = utcnow()
    round0 = Round(exam_id=exam.id, name="Đợt 0", opens_at=now - timedelta(days=10),
                   closes_at=now - timedelta(days=5))
    session.add(round0)
    lan = factory.user(full_name="Lê Thị Lan", unit=factory.unit(name="Xã Mỹ Hiệp"))
    binh = factory.user(full_name="Phạm Văn Bình", unit=factory.unit(name="Phường Cao Lãnh"))
    for days in (7, 6):
        refer(session, factory, lan, exam, now - timedelta(days=days))
    for minutes in (30, 20, 10):
        refer(session, factory, binh, exam, now - timedelta(minutes=minutes))
    session.commit()
    return exam, round0, round1


def rows_of(page: str) -> list[str]:
    body = page.split("<tbody>")[1].split("</tbody>")[0]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
            for row in body.split("</tr>") if "<td" in row]


def test_the_organiser_ranks_referrers_by_registrations(web, session, ranked):
    exam = ranked[0]
    web.login(session.get(User, exam.created_by))
    page = web.get(f"/manage/exams/{exam.id}/spread").get_data(as_text=True)
    rows = rows_of(page)
    assert rows[0].startswith("1 Phạm Văn Bình Phường Cao Lãnh 3")
    assert rows[1].startswith("2 Lê Thị Lan Xã Mỹ Hiệp 2")


@pytest.mark.parametrize("which, expected", [(1, ["Lê Thị Lan"]), (2, ["Phạm Văn Bình"])])
def test_the_organiser_filters_by_a_rounds_window(web, session, ranked, which, expected):
    exam, round_ = ranked[0], ranked[which]
    web.login(session.get(User, exam.created_by))
    page = web.get(f"/manage/exams/{exam.id}/spread?round={round_.id}").get_data(as_text=True)
    assert [" ".join(r.split()[1:4]) for r in rows_of(page)] == expected


def test_the_organiser_downloads_the_ranking_as_csv(web, session, ranked):
    exam, round0 = ranked[0], ranked[1]
    web.login(session.get(User, exam.created_by))
    response = web.get(f"/manage/exams/{exam.id}/spread.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:4] == ["Hạng", "Họ và tên", "Đơn vị / xã, phường", "Số người đăng ký"]
    assert [r[:4] for r in rows[1:]] == [["1", "Phạm Văn Bình", "Phường Cao Lãnh", "3"],
                                         ["2", "Lê Thị Lan", "Xã Mỹ Hiệp", "2"]]
    filtered = web.get(f"/manage/exams/{exam.id}/spread.csv?round={round0.id}").get_data(as_text=True)
    assert "Lê Thị Lan" in filtered and "Phạm Văn Bình" not in filtered


def test_the_exam_page_links_to_the_spread_page(web, session, contest):
    exam = contest[0]
    web.login(session.get(User, exam.created_by))
    page = web.get(f"/manage/exams/{exam.id}").get_data(as_text=True)
    assert f"/manage/exams/{exam.id}/spread" in page


@pytest.mark.parametrize("role", [Role.citizen, Role.official, Role.trainer])
def test_only_who_manages_the_contest_opens_its_spread_page(web, factory, contest, role):
    """A citizen or official: 403 (staff only); another trainer: 403 (not theirs)."""
    other = factory.user(role=role)
    factory.commit()
    web.login(other)
    assert web.get(f"/manage/exams/{contest[0].id}/spread").status_code == 403
    assert web.get(f"/manage/exams/{contest[0].id}/spread.csv").status_code == 403


def test_an_admin_opens_any_spread_page(web, factory, contest):
    admin = factory.user(role=Role.admin)
    factory.commit()
    web.login(admin)
    assert web.get(f"/manage/exams/{contest[0].id}/spread").status_code == 200


def test_an_assessment_has_no_spread_page(web, session, factory):
    exam, _ = factory.exam(kind="assessment", questions=1)
    factory.commit()
    web.login(session.get(User, exam.created_by))
    assert web.get(f"/manage/exams/{exam.id}/spread").status_code == 404


# --- codes made on first use -----------------------------------------------------------------

class Replay:
    """An ``rng`` that hands out the given symbols in turn (to force a clash of codes)."""

    def __init__(self, text: str):
        self.symbols = iter(text)

    def choice(self, _seq):
        return next(self.symbols)


def test_a_clashing_code_is_drawn_again(session, factory, contest, code):
    other, _ = factory.exam(kind="contest", questions=1)
    link = services.share_link_of(session, other, rng=Replay(code + "k7m2p9"))
    session.commit()
    assert link.code == "k7m2p9" and link.exam_id == other.id


def test_asking_again_gives_the_same_code(session, contest, code, referrer, person):
    assert services.share_link_of(session, contest[0]).code == code
    assert services.personal_code_of(session, referrer) == person


def test_a_link_a_racing_request_stored_first_is_the_one_kept(session, contest, code):
    """Two first viewers at once: the second's insert (its check saw no link) finds the first's
    link, with no error, and its transaction goes on."""
    assert services.new_share_link(session, contest[0]).code == code
    session.commit()
    assert len(session.exec(select(ShareLink)).all()) == 1


def test_a_personal_code_a_racing_request_stored_first_is_the_one_kept(session, referrer, person):
    assert services.new_personal_code(session, referrer) == person
    session.commit()
    assert len(session.exec(select(PersonalCode)).all()) == 1


def test_two_first_viewers_at_once_share_one_link(app, session, contest):
    """A first viewer's link not yet committed when a second viewer's request stores one: the
    second waits for the first's commit and then reads its link (no unique violation, no 500)."""
    first = Session(session.get_bind())
    theirs = services.new_share_link(first, first.get(type(contest[0]), contest[0].id)).code
    found: list = []

    def second_viewer():
        with app.app_context():
            own = db.session()
            found.append(services.share_link_of(own, own.get(type(contest[0]), contest[0].id)).code)
            own.commit()

    thread = threading.Thread(target=second_viewer)
    thread.start()
    time.sleep(0.3)
    first.commit()
    thread.join(20)
    first.close()
    assert found == [theirs]


def test_no_request_no_referral(app, session, commune, code, person):
    """A registration outside a request (an import, a script) has no browser to read."""
    with app.app_context():
        own = db.session()
        user = User(full_name="Nhập Từ Tệp", email="nhap@example.vn", role=Role.citizen,
                    password_hash="x", unit_id=commune.id)
        own.add(user)
        own.flush()
        citizen_registered.send(app, session=own, user=user)
        own.commit()
    assert referrals(session) == []
