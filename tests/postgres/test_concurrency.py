"""What must hold when requests race (PostgreSQL, real threads, the real views)."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import select

from contest.accounts.models import Role
from contest.exams.models import Attempt, AttemptQuestion, AttemptStatus
from question_bank.models import QuestionVersion
from tests.conftest import WebClient

pytestmark = pytest.mark.postgres


def clients(app, user, n):
    """``n`` clients sharing one signed-in session, like tabs of one browser."""
    first = WebClient(app.test_client())
    first.login(user)
    first.get("/")
    tabs = [first]
    for _ in range(n - 1):
        tab = WebClient(app.test_client())
        cookie = first.client.get_cookie("session")
        tab.client.set_cookie("session", cookie.value)
        tab.token = first.token
        tabs.append(tab)
    return tabs


def together(calls):
    """Run the callables at the same moment in threads; their results in order."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


@pytest.fixture
def contest(factory):
    exam, round_ = factory.exam("contest", questions=3, attempts_allowed=1)
    citizen = factory.user(role=Role.citizen)
    factory.commit()
    return exam, round_, citizen


def keys_of(session, attempt_id, position):
    aq = session.exec(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt_id,
                                                    AttemptQuestion.position == position)).one()
    version = session.get(QuestionVersion, aq.version_id)
    return [c["key"] for c in sorted(version.payload["choices"], key=lambda c: -c["fraction"])]


def test_racing_starts_make_one_attempt_and_hold_the_limit(app, contest, session):
    exam, round_, citizen = contest
    tabs = clients(app, citizen, 6)
    url = f"/exams/{exam.id}/rounds/{round_.id}/start"
    replies = together([lambda tab=tab: tab.post(url) for tab in tabs])
    locations = {r.headers.get("Location") for r in replies}
    attempts = session.exec(select(Attempt)).all()
    assert len(attempts) == 1
    assert locations == {f"/attempts/{attempts[0].id}"}


def test_two_tabs_keep_the_later_answer(app, contest, session):
    exam, round_, citizen = contest
    one, two = clients(app, citizen, 2)
    url = one.post(f"/exams/{exam.id}/rounds/{round_.id}/start").headers["Location"]
    attempt_id = int(url.rsplit("/", 1)[1])
    right, wrong = keys_of(session, attempt_id, 0)[:2]
    for _ in range(5):
        together([lambda: one.post(f"{url}/answers/0", {"choice": wrong}, htmx=True),
                  lambda: two.post(f"{url}/answers/0", {"choice": right}, htmx=True)])
    later = two.post(f"{url}/answers/0", {"choice": wrong}, htmx=True)
    assert "Đã lưu" in later.get_data(as_text=True)
    session.expire_all()
    stored = session.exec(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt_id,
                                                        AttemptQuestion.position == 0)).one()
    assert stored.response == {"choice": wrong}


def test_double_submit_scores_once(app, contest, session):
    exam, round_, citizen = contest
    tabs = clients(app, citizen, 4)
    url = tabs[0].post(f"/exams/{exam.id}/rounds/{round_.id}/start").headers["Location"]
    attempt_id = int(url.rsplit("/", 1)[1])
    tabs[0].post(f"{url}/answers/0", {"choice": keys_of(session, attempt_id, 0)[0]}, htmx=True)
    replies = together([lambda tab=tab: tab.post(f"{url}/submit", {}) for tab in tabs])
    assert {r.status_code for r in replies} == {302}
    session.expire_all()
    attempt = session.get(Attempt, attempt_id)
    assert attempt.status == AttemptStatus.submitted and attempt.score == 1.0 and attempt.counted


def test_no_acknowledged_answer_misses_the_score_when_submit_races_saves(app, contest, session):
    exam, round_, citizen = contest
    tabs = clients(app, citizen, 6)
    url = tabs[0].post(f"/exams/{exam.id}/rounds/{round_.id}/start").headers["Location"]
    attempt_id = int(url.rsplit("/", 1)[1])
    rights = [keys_of(session, attempt_id, p)[0] for p in range(3)]
    calls = [lambda tab=tabs[p], p=p: tab.post(f"{url}/answers/{p}", {"choice": rights[p]}, htmx=True)
             for p in range(3)]
    calls.append(lambda: tabs[4].post(f"{url}/submit", {}))
    replies = together(calls)
    saved = [p for p in range(3) if "Đã lưu" in replies[p].get_data(as_text=True)]
    refused = [p for p in range(3) if "đã được nộp" in replies[p].get_data(as_text=True)]
    assert sorted(saved + refused) == [0, 1, 2]
    session.expire_all()
    attempt = session.get(Attempt, attempt_id)
    assert attempt.status == AttemptStatus.submitted
    assert attempt.score == float(len(saved))
    rows = session.exec(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt_id)).all()
    assert {r.position for r in rows if r.response} == set(saved)


def test_saves_after_the_deadline_are_refused(app, contest, session):
    from datetime import timedelta

    from contest.core.db import utcnow

    exam, round_, citizen = contest
    (tab,) = clients(app, citizen, 1)
    url = tab.post(f"/exams/{exam.id}/rounds/{round_.id}/start").headers["Location"]
    attempt = session.get(Attempt, int(url.rsplit("/", 1)[1]))
    attempt.started_at, attempt.deadline = utcnow() - timedelta(minutes=15), utcnow() - timedelta(seconds=30)
    session.commit()
    keys = [keys_of(session, attempt.id, p)[0] for p in range(3)]
    replies = together([lambda p=p: tab.post(f"{url}/answers/{p}", {"choice": keys[p]}, htmx=True)
                        for p in range(3)])
    assert all(re.search("hết thời gian|đã được nộp", r.get_data(as_text=True)) for r in replies)
    session.expire_all()
    assert session.get(Attempt, attempt.id).status == AttemptStatus.submitted
