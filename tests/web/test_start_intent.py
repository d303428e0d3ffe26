"""'Thi ngay' for a visitor: through sign-in or registration straight back into the exam, which
starts by itself; only a click on our own page can ask for that."""

import re
import time
from urllib.parse import unquote

import pytest

from contest.accounts.models import Role
from contest.exams.views import take
from tests.conftest import PASSWORD

AUTOSTART = re.compile(r'<form method="post" action="/exams/\d+/rounds/\d+/start" data-autostart>')


@pytest.fixture
def contest(factory):
    exam, round_ = factory.exam("contest", questions=3, time_limit_seconds=600)
    citizen = factory.user(role=Role.citizen)
    factory.commit()
    return exam, round_, citizen


def _ask(web, exam, round_, **extra):
    web.get(f"/exams/{exam.id}")
    return web.post(f"/exams/{exam.id}/rounds/{round_.id}/intent", extra)


def _back(asked) -> str:
    """The exam page address that sign-in will return to (``next``), with its code."""
    location = asked.headers["Location"]
    return unquote(location.split("next=", 1)[1])


def test_visitor_signs_in_and_the_exam_starts_by_itself(web, contest):
    exam, round_, citizen = contest
    asked = _ask(web, exam, round_)
    assert asked.status_code == 302 and asked.headers["Location"].startswith("/login?next=")
    back = _back(asked)
    assert back.startswith(f"/exams/{exam.id}?go=")
    web.get(asked.headers["Location"])
    signed_in = web.post("/login", {"login": citizen.email, "password": PASSWORD, "next": back})
    assert signed_in.headers["Location"] == back
    assert AUTOSTART.search(web.get(back).get_data(as_text=True))
    assert not AUTOSTART.search(web.get(back).get_data(as_text=True))  # once only


def test_visitor_registers_and_the_exam_starts_by_itself(web, contest, factory):
    exam, round_, _ = contest
    commune = factory.unit()  # a commune of the deployment's province
    factory.commit()
    asked = _ask(web, exam, round_, register="1")
    assert asked.headers["Location"].startswith("/register?next=")
    back = _back(asked)
    web.get(asked.headers["Location"])
    registered = web.post("/register", {"full_name": "Phạm Văn Lộc", "email": "loc@example.vn", "phone": "",
                                        "unit_id": str(commune.id), "password": "Locloc2026",
                                        "confirm": "Locloc2026", "next": back})
    assert registered.headers["Location"] == back, registered.get_data(as_text=True)[:3000]
    assert AUTOSTART.search(web.get(back).get_data(as_text=True))


def test_only_the_return_from_sign_in_starts_the_exam(web, contest):
    """Signing in elsewhere and opening the exam page later (or with a made-up code) starts nothing."""
    exam, round_, citizen = contest
    back = _back(_ask(web, exam, round_))
    web.login(citizen)
    assert not AUTOSTART.search(web.get(f"/exams/{exam.id}").get_data(as_text=True))
    assert not AUTOSTART.search(web.get(f"/exams/{exam.id}?go=made-up").get_data(as_text=True))
    assert not AUTOSTART.search(web.get(back).get_data(as_text=True))  # forgotten after the wrong code


def test_a_link_or_a_forged_post_cannot_ask(web, contest):
    exam, round_, citizen = contest
    assert web.get(f"/exams/{exam.id}/rounds/{round_.id}/intent").status_code == 405
    forged = web.post(f"/exams/{exam.id}/rounds/{round_.id}/intent", csrf=False)
    assert forged.status_code == 302 and forged.headers["Location"] == f"/login?next=/exams/{exam.id}"
    web.login(citizen)
    assert not AUTOSTART.search(web.get(f"/exams/{exam.id}").get_data(as_text=True))


def test_an_old_request_is_forgotten(web, contest, monkeypatch):
    exam, round_, citizen = contest
    back = _back(_ask(web, exam, round_))
    later = time.time() + take.START_INTENT_SECONDS + 5
    monkeypatch.setattr(take.time, "time", lambda: later)
    web.login(citizen)
    assert not AUTOSTART.search(web.get(back).get_data(as_text=True))


def test_a_signed_in_person_is_sent_back_to_the_exam(web, contest):
    exam, round_, citizen = contest
    web.login(citizen)
    asked = _ask(web, exam, round_)
    assert asked.headers["Location"] == f"/exams/{exam.id}"
    assert not AUTOSTART.search(web.get(f"/exams/{exam.id}").get_data(as_text=True))
