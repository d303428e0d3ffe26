"""An assessment ("kỳ sát hạch") is for the officials assigned to it and for staff: its page (rules,
schedule, participants, "Thi ngay") is not shown to anonymous visitors (sent to sign in) nor to
other signed-in people (404, as for an exam that does not exist). Contest and practice pages
stay public."""

from __future__ import annotations

from sqlmodel import select

from contest.accounts.models import Role
from contest.core.db import utcnow
from contest.exams.models import Assignment
from contest.exams.services import attempts


def test_anonymous_visitors_are_sent_to_sign_in(web, factory):
    exam, _round = factory.exam("assessment", questions=1, rules_html="<p>Thể lệ NỘI-BỘ</p>")
    factory.commit()
    response = web.client.get(f"/exams/{exam.id}")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    assert f"next=%2Fexams%2F{exam.id}" in response.headers["Location"]


def test_only_assigned_officials_and_staff_see_the_page(web, factory):
    exam, _round = factory.exam("assessment", questions=1, rules_html="<p>Thể lệ NỘI-BỘ</p>")
    assigned = factory.user(role=Role.official)
    factory.session.add(Assignment(exam_id=exam.id, user_id=assigned.id))
    people = {"assigned official": assigned, "trainer": factory.user(role=Role.trainer),
              "admin": factory.user(role=Role.admin),
              "another official": factory.user(role=Role.official),
              "citizen": factory.user(role=Role.citizen)}
    factory.commit()
    seen = {}
    for who, user in people.items():
        web.login(user)
        response = web.client.get(f"/exams/{exam.id}")
        seen[who] = response.status_code
        if response.status_code == 200:
            assert "Thể lệ NỘI-BỘ" in response.get_data(as_text=True)
        else:
            assert "NỘI-BỘ" not in response.get_data(as_text=True)
        web.post("/logout", {})
    assert seen == {"assigned official": 200, "trainer": 200, "admin": 200,
                    "another official": 404, "citizen": 404}


def test_an_official_who_sat_it_keeps_the_page_of_their_attempts(web, factory, session):
    exam, round_ = factory.exam("assessment", questions=1)
    official = factory.user(role=Role.official)
    factory.session.add(Assignment(exam_id=exam.id, user_id=official.id))
    factory.session.flush()
    attempts.start_attempt(session, exam, round_, official, utcnow())
    for row in session.exec(select(Assignment).where(Assignment.exam_id == exam.id)):
        session.delete(row)
    factory.commit()
    web.login(official)
    page = web.get(f"/exams/{exam.id}")
    assert page.status_code == 200 and "Các lượt thi của bạn" in page.get_data(as_text=True)


def test_contest_and_practice_pages_stay_public(web, factory):
    for kind in ("contest", "practice"):
        exam, _round = factory.exam(kind, questions=1)
        factory.commit()
        page = web.get(f"/exams/{exam.id}")
        assert page.status_code == 200, kind
        assert "Thi ngay" in page.get_data(as_text=True), kind
