"""Taking exams through the web: start, save, resume, submit, limits, deadlines, results."""

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from contest.accounts.models import Role
from contest.core import db
from contest.core.db import utcnow
from contest.exams.models import (
    Assignment,
    Attempt,
    AttemptQuestion,
    AttemptStatus,
    LeaderboardMode,
)
from question_bank.models import QuestionVersion
from tests.conftest import PASSWORD
from tests.support.sitting import answer

CHOICE = re.compile(r'name="choice" value="([0-9a-f]{8})"')


@pytest.fixture
def contest(factory):
    exam, round_ = factory.exam("contest", questions=4, attempts_allowed=2, ask_prediction=True,
                                time_limit_seconds=600)
    citizen = factory.user(role=Role.citizen)
    factory.commit()
    return exam, round_, citizen


def start(web, exam, round_):
    web.get(f"/exams/{exam.id}")
    response = web.post(f"/exams/{exam.id}/rounds/{round_.id}/start")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response.headers["Location"]


def right_key(session, attempt_url, position):
    """The right choice's key of the question at ``position`` (what a cheater cannot know)."""
    attempt_id = int(attempt_url.rsplit("/", 1)[1])
    aq = session.exec(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt_id,
                                                    AttemptQuestion.position == position)).one()
    version = session.get(QuestionVersion, aq.version_id)
    return next(c["key"] for c in version.payload["choices"] if c["fraction"] == 1.0)


def test_start_save_resume_submit(web, contest, session):
    exam, round_, citizen = contest
    web.login(citizen)
    url = start(web, exam, round_)
    page = web.get(url).get_data(as_text=True)
    assert page.count('class="card question"') == 4
    key = right_key(session, url, 0)
    saved = web.post(f"{url}/answers/0", {"choice": key}, htmx=True)
    assert "Đã lưu lúc" in saved.get_data(as_text=True)
    assert 'hx-swap-oob="true"' in saved.get_data(as_text=True)
    resumed = web.get(url).get_data(as_text=True)
    assert re.search(rf'value="{key}" id="q0-{key}"\s+checked', resumed)
    confirm = web.get(f"{url}/submit").get_data(as_text=True)
    assert "Bạn còn 3 câu chưa trả lời" in confirm
    done = web.post(f"{url}/submit", {"prediction": "3"})
    assert done.headers["Location"].endswith("/result")
    result = web.get(done.headers["Location"]).get_data(as_text=True)
    assert "<strong>1</strong> / 4" in result


def test_a_warm_save_is_one_statement_and_keeps_the_cookie(web, contest, session, statements, app):
    """The hot path: once the attempt's facts are cached, a save runs one guarded UPDATE in
    autocommit (no separate COMMIT round trip) and re-sends no session cookie; the answer is stored."""
    from sqlalchemy import event

    exam, round_, citizen = contest
    web.login(citizen)
    url = start(web, exam, round_)
    web.get(url)
    keys = [right_key(session, url, position) for position in (0, 1)]
    web.post(f"{url}/answers/0", {"choice": keys[0]}, htmx=True)  # warms the caches
    statements.clear()
    commits = []

    def committed(connection):
        commits.append(connection)

    with app.app_context():
        engine = db.engine()
    event.listen(engine, "commit", committed)
    try:
        saved = web.post(f"{url}/answers/1", {"choice": keys[1]}, htmx=True)
    finally:
        event.remove(engine, "commit", committed)
    assert "Đã lưu lúc" in saved.get_data(as_text=True)
    assert len(statements) == 1 and statements[0].lstrip().upper().startswith("UPDATE ATTEMPT_QUESTION")
    assert commits == []  # the driver committed the statement itself
    assert "Set-Cookie" not in saved.headers
    session.expire_all()
    stored = session.exec(select(AttemptQuestion).where(AttemptQuestion.position == 1)).one()
    assert stored.response == {"choice": keys[1]}


def test_answers_and_flags_save_without_javascript(web, contest, session):
    """The answer and flag forms had no CSRF field (htmx sends the token as a header), so their
    plain POST, the ``<noscript>`` save button, was refused as an expired form."""
    exam, round_, citizen = contest
    web.login(citizen)
    url = start(web, exam, round_)
    page = web.get(url).get_data(as_text=True)
    forms = re.findall(r'<form [^>]*method="post".*?</form>', page, flags=re.S)
    assert forms and all('name="csrf_token"' in form for form in forms)
    token = re.search(r'name="csrf_token" value="([^"]+)"', forms[0]).group(1)
    saved = web.post(f"{url}/answers/0", {"choice": CHOICE.findall(page)[0], "csrf_token": token},
                     csrf=False)
    assert saved.status_code == 302 and saved.headers["Location"].endswith("#q0")
    flagged = web.post(f"{url}/flags/1", {"flagged": "y", "csrf_token": token}, csrf=False)
    assert flagged.status_code == 302
    session.expire_all()
    assert [(aq.response is not None, aq.flagged) for aq in session.exec(
        select(AttemptQuestion).order_by(AttemptQuestion.position))][:2] == [(True, False), (False, True)]


def test_page_and_fragments_never_carry_the_answer_key(web, contest, session):
    exam, round_, citizen = contest
    web.login(citizen)
    url = start(web, exam, round_)
    page = web.get(url).get_data(as_text=True)
    assert "fraction" not in page and "Đáp án:" not in page
    keys = CHOICE.findall(page)
    fragment = web.post(f"{url}/answers/0", {"choice": keys[0]}, htmx=True).get_data(as_text=True)
    assert "Đúng" not in fragment and "Chưa đúng" not in fragment
    web.post(f"{url}/submit", {"prediction": "0"})
    result = web.get(f"{url}/result").get_data(as_text=True)
    assert "Đáp án:" not in result  # contests reveal answers only after the round closes


def test_double_start_makes_one_attempt(web, contest, session):
    exam, round_, citizen = contest
    web.login(citizen)
    assert start(web, exam, round_) == start(web, exam, round_)
    assert len(session.exec(select(Attempt)).all()) == 1


def test_attempts_limit_is_enforced(web, contest, session):
    exam, round_, citizen = contest
    web.login(citizen)
    for _ in range(2):
        url = start(web, exam, round_)
        web.get(f"{url}/submit")
        web.post(f"{url}/submit", {"prediction": "1"})
    web.get(f"/exams/{exam.id}")
    refused = web.post(f"/exams/{exam.id}/rounds/{round_.id}/start")
    assert "dùng hết 2 lượt thi" in web.get(refused.headers["Location"]).get_data(as_text=True)
    assert len(session.exec(select(Attempt)).all()) == 2


@pytest.mark.parametrize("data", [{"choice": "deadbeef"}, {"choice": "x" * 30}])
def test_forged_option_is_refused_and_nothing_stored(web, contest, session, data):
    exam, round_, citizen = contest
    web.login(citizen)
    url = start(web, exam, round_)
    web.get(url)
    body = web.post(f"{url}/answers/0", data, htmx=True).get_data(as_text=True)
    assert "không có trong câu hỏi" in body or "không hợp lệ" in body
    assert all(aq.response is None for aq in session.exec(select(AttemptQuestion)))


def test_question_outside_the_attempt_is_404(web, contest):
    exam, round_, citizen = contest
    web.login(citizen)
    url = start(web, exam, round_)
    web.get(url)
    assert web.post(f"{url}/answers/99", {"choice": "abc"}, htmx=True).status_code == 404


def test_someone_elses_attempt_is_404(web, contest, factory, app, session):
    from tests.conftest import WebClient

    exam, round_, citizen = contest
    web.login(citizen)
    url = start(web, exam, round_)
    intruder = factory.user(role=Role.citizen)
    factory.commit()
    other = WebClient(app.test_client())
    other.login(intruder)
    other.get("/")
    assert other.get(url).status_code == 404
    assert other.post(f"{url}/answers/0", {"choice": right_key(session, url, 0)}, htmx=True).status_code == 404
    assert other.post(f"{url}/submit", {"prediction": "1"}).status_code == 404
    assert session.exec(select(Attempt)).one().status == AttemptStatus.in_progress


def test_start_outside_the_round_is_refused(web, factory, session):
    exam, round_ = factory.exam("contest", opens=utcnow() + timedelta(days=1), closes=utcnow() + timedelta(days=2))
    citizen = factory.user()
    factory.commit()
    web.login(citizen)
    web.get(f"/exams/{exam.id}")
    refused = web.post(f"/exams/{exam.id}/rounds/{round_.id}/start")
    assert "hiện không mở" in web.get(refused.headers["Location"]).get_data(as_text=True)
    assert session.exec(select(Attempt)).all() == []


def test_assessment_only_for_assigned_officials(web, factory, session, app):
    from tests.conftest import WebClient

    exam, round_ = factory.exam("assessment", pass_ratio=0.5)
    position = factory.position()
    session.add(Assignment(exam_id=exam.id, job_position_id=position.id))
    assigned = factory.user(role=Role.official, job_position_id=position.id)
    stranger = factory.user(role=Role.official)
    factory.commit()
    web.login(stranger)
    web.get(f"/exams/{exam.id}")
    refused = web.post(f"/exams/{exam.id}/rounds/{round_.id}/start")
    assert "không thuộc đối tượng" in web.get(refused.headers["Location"]).get_data(as_text=True)
    ok = WebClient(app.test_client())
    ok.login(assigned)
    assert exam.title in ok.get("/").get_data(as_text=True)
    url = start(ok, exam, round_)
    for position_ in range(5):
        ok.post(f"{url}/answers/{position_}", {"choice": right_key(session, url, position_)}, htmx=True)
    ok.get(f"{url}/submit")
    ok.post(f"{url}/submit", {})
    assert "Đạt" in ok.get(f"{url}/result").get_data(as_text=True)


def test_save_after_submit_is_refused(web, contest, session):
    exam, round_, citizen = contest
    web.login(citizen)
    url = start(web, exam, round_)
    key = right_key(session, url, 1)
    web.get(f"{url}/submit")
    web.post(f"{url}/submit", {"prediction": "2"})
    body = web.post(f"{url}/answers/1", {"choice": key}, htmx=True).get_data(as_text=True)
    assert "đã được nộp" in body
    assert session.exec(select(AttemptQuestion).where(AttemptQuestion.position == 1)).one().response is None


def test_deadline_closes_the_attempt_with_earlier_answers(web, contest, session):
    from contest.exams.services.attempts import start_attempt

    exam, round_, citizen = contest
    began = utcnow() - timedelta(seconds=exam.time_limit_seconds + 30)
    attempt = start_attempt(session, exam, round_, citizen, began)
    first = session.exec(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt.id,
                                                       AttemptQuestion.position == 0)).one()
    answer(session, attempt, first.position, {"choice": right_key(session, f"/attempts/{attempt.id}", 0)},
           citizen, began + timedelta(seconds=5))
    session.commit()
    web.login(citizen)
    url = f"/attempts/{attempt.id}"
    late = web.post(f"{url}/answers/1", {"choice": right_key(session, url, 1)}, htmx=True)
    assert "hết thời gian" in late.get_data(as_text=True)
    session.expire_all()
    attempt = session.get(Attempt, attempt.id)
    assert attempt.status == AttemptStatus.submitted and attempt.submitted_by == "timeout"
    assert attempt.score == 1.0 and attempt.submitted_at == attempt.deadline


def test_close_expired_command(runner_app, contest, session):
    exam, round_, citizen = contest
    from contest.exams.services.attempts import start_attempt

    attempt = start_attempt(session, exam, round_, citizen, utcnow() - timedelta(minutes=20))
    session.commit()
    result = runner_app.invoke(args=["exams", "close-expired"])
    assert "Closed 1" in result.output
    session.expire_all()
    assert session.get(Attempt, attempt.id).status == AttemptStatus.submitted


def test_double_submit_scores_once(web, contest, session):
    exam, round_, citizen = contest
    web.login(citizen)
    url = start(web, exam, round_)
    web.get(f"{url}/submit")
    web.post(f"{url}/submit", {"prediction": "5"})
    first = session.exec(select(Attempt)).one().submitted_at
    web.post(f"{url}/submit", {"prediction": "9"})
    session.expire_all()
    attempt = session.exec(select(Attempt)).one()
    assert attempt.submitted_at == first and attempt.prediction == 5


@pytest.mark.parametrize("value, message", [("", "Hãy nhập dự đoán"), ("-1", "không âm"),
                                            ("1.5", "không âm"), ("nhiều", "không âm")])
def test_prediction_must_be_a_whole_number(web, contest, session, value, message):
    exam, round_, citizen = contest
    web.login(citizen)
    url = start(web, exam, round_)
    web.get(f"{url}/submit")
    body = web.post(f"{url}/submit", {"prediction": value}).get_data(as_text=True)
    assert message in body
    assert session.exec(select(Attempt)).one().status == AttemptStatus.in_progress


def test_leaderboard_ranks_and_hides(web, factory, session):
    from contest.exams.services.attempts import start_attempt, submit

    exam, round_ = factory.exam("contest", questions=2, ask_prediction=True)
    people = [factory.user(full_name=name) for name in ("An", "Bình", "Chi")]
    now = utcnow()
    for person, answers, prediction in zip(people, (2, 2, 1), (1, 5, 0), strict=True):
        attempt = start_attempt(session, exam, round_, person, now)
        for aq in session.exec(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt.id)):
            if aq.position < answers:
                version = session.get(QuestionVersion, aq.version_id)
                key = next(c["key"] for c in version.payload["choices"] if c["fraction"] == 1.0)
                answer(session, attempt, aq.position, {"choice": key}, person, now)
        submit(session, attempt, now, prediction=prediction)
    session.commit()
    body = web.get(f"/exams/{exam.id}/rounds/{round_.id}/leaderboard").get_data(as_text=True)
    ranked = re.findall(r"<td[^>]*>(\d+)</td><td[^>]*>([^<]+)</td>", body)
    # Two people answered everything: An predicted 1 (gap 1), Bình 5 (gap 3).
    assert ranked == [("1", "An"), ("2", "Bình"), ("3", "Chi")]
    exam.leaderboard = LeaderboardMode.hidden
    session.add(exam)
    session.commit()
    hidden = web.get(f"/exams/{exam.id}/rounds/{round_.id}/leaderboard").get_data(as_text=True)
    assert "sẽ được công bố khi đợt thi kết thúc" in hidden and "Bình" not in hidden
    exam.leaderboard = LeaderboardMode.frozen
    round_.frozen_at = now - timedelta(minutes=1)  # before anyone submitted
    session.add_all([exam, round_])
    session.commit()
    frozen = web.get(f"/exams/{exam.id}/rounds/{round_.id}/leaderboard").get_data(as_text=True)
    assert "tạm dừng cập nhật" in frozen and "Bình" not in frozen


def test_practice_gives_feedback_and_reviews_wrong_answers(web, factory, session):
    exam, round_ = factory.exam("practice", questions=3, attempts_allowed=10)
    citizen = factory.user()
    factory.commit()
    web.login(citizen)
    url = start(web, exam, round_)
    page = web.get(url).get_data(as_text=True)
    right = right_key(session, url, 0)
    good = web.post(f"{url}/answers/0", {"choice": right, "check": "y"}, htmx=True).get_data(as_text=True)
    assert "Đúng" in good and "Mức độ 4 là toàn trình." in good
    wrong = next(k for k in CHOICE.findall(page)[4:8] if k != right_key(session, url, 1))
    bad = web.post(f"{url}/answers/1", {"choice": wrong, "check": "y"}, htmx=True).get_data(as_text=True)
    assert "Chưa đúng" in bad
    web.get(f"{url}/submit")
    web.post(f"{url}/submit", {})
    review = web.post(f"{url}/review-wrong")
    new_url = review.headers["Location"]
    assert new_url != url
    assert web.get(new_url).get_data(as_text=True).count('class="card question"') == 2


def test_finalize_awards_prizes_in_rank_order(factory, session):
    from contest.exams.models import Prize
    from contest.exams.services.attempts import start_attempt, submit
    from contest.exams.services.results import finalize_round

    exam, round_ = factory.exam("contest", questions=2,
                                prize_tiers=[{"name": "Giải Nhất", "count": 1}, {"name": "Giải Nhì", "count": 1}])
    people = [factory.user(full_name=n) for n in ("Ba câu", "Một câu", "Không câu")]
    now = utcnow()
    for person, right in zip(people, (2, 1, 0), strict=True):
        attempt = start_attempt(session, exam, round_, person, now)
        for aq in session.exec(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt.id)):
            if aq.position < right:
                version = session.get(QuestionVersion, aq.version_id)
                key = next(c["key"] for c in version.payload["choices"] if c["fraction"] == 1.0)
                answer(session, attempt, aq.position, {"choice": key}, person, now)
        submit(session, attempt, now, prediction=0)
    finalize_round(session, round_, now)
    session.commit()
    prizes = session.exec(select(Prize).order_by(Prize.rank)).all()
    assert round_.finalized_at is not None and round_.all_correct_count == 1
    assert [(p.tier, p.user_id) for p in prizes] == [("Giải Nhất", people[0].id), ("Giải Nhì", people[1].id)]
    # The prize list names the unit the winner competed for, as the leaderboard does, even
    # after the person moves.
    from contest.exams.services.results import leaderboard
    from contest.exams.services.results import prizes as prize_list

    competed_for = leaderboard(session, round_).rows[0].unit
    people[0].unit_id = factory.unit(name="Xã mới chuyển đến").id
    session.commit()
    assert [unit for _prize, _name, unit in prize_list(session, round_)][0] == competed_for != "Xã mới chuyển đến"


def test_the_result_page_shows_each_answer_beside_its_question(web, factory, session):
    """Every answer shows as text with its letter, and the answer key uses the same letters and
    order; no radio of one question shares a name with another's (the browser kept one)."""
    exam, round_ = factory.exam("practice", questions=3, attempts_allowed=10)
    citizen = factory.user()
    factory.commit()
    web.login(citizen)
    url = start(web, exam, round_)
    page = web.get(url).get_data(as_text=True)
    keys = CHOICE.findall(page)
    for position in range(3):
        web.post(f"{url}/answers/{position}", {"choice": keys[4 * position + position]}, htmx=True)
    web.get(f"{url}/submit")
    web.post(f"{url}/submit", {})
    result = web.get(f"{url}/result").get_data(as_text=True)
    assert 'name="choice"' not in result
    mine = re.findall(r'<div class="your-answer">\s*<strong>Bạn chọn:</strong>\s*<span class="letter">([A-D])\.', result)
    assert mine == ["A", "B", "C"]
    keyed = re.findall(r'<ul class="key-choices"><li><span class="letter">A\.</span> ([^<]+) —', result)
    shown_first = re.findall(r'<ul class="review-choices">\s*<li[^>]*><span class="letter">A\.</span> <span>([^<]+)</span>', result)
    assert keyed == shown_first and len(keyed) == 3


def _expire(session, url):
    """Move the attempt's deadline into the past (its time has run out)."""
    attempt = session.get(Attempt, int(url.rsplit("/", 1)[1]))
    attempt.started_at, attempt.deadline = utcnow() - timedelta(minutes=15), utcnow() - timedelta(seconds=10)
    session.add(attempt)
    session.commit()


def test_the_submit_page_shows_the_timer_and_saves_the_prediction_as_typed(web, contest, session):
    exam, round_, citizen = contest
    web.login(citizen)
    url = start(web, exam, round_)
    page = web.get(f"{url}/submit").get_data(as_text=True)
    assert 'role="timer"' in page and re.search(r'data-remaining="(59\d|600)"', page)
    assert f'hx-post="{url}/prediction"' in page
    saved = web.post(f"{url}/prediction", {"prediction": "7"}, htmx=True).get_data(as_text=True)
    assert "Đã lưu dự đoán 7" in saved
    assert 'value="7"' in web.get(f"{url}/submit").get_data(as_text=True)
    refused = web.post(f"{url}/prediction", {"prediction": "-1"}, htmx=True).get_data(as_text=True)
    assert "không âm" in refused
    session.expire_all()
    assert session.exec(select(Attempt)).one().prediction == 7


def test_a_prediction_saved_before_the_time_runs_out_is_kept_and_the_result_says_so(web, contest, session):
    """The prediction typed on the submit page was lost when the server submitted the attempt at
    the deadline; nothing said so."""
    exam, round_, citizen = contest
    web.login(citizen)
    url = start(web, exam, round_)
    web.get(f"{url}/submit")
    web.post(f"{url}/prediction", {"prediction": "4"}, htmx=True)
    _expire(session, url)
    result = web.get(f"{url}/result").get_data(as_text=True)
    session.expire_all()
    attempt = session.exec(select(Attempt)).one()
    assert attempt.submitted_by == "timeout" and attempt.prediction == 4
    assert "hệ thống đã tự nộp bài của bạn" in result and "Dự đoán đã lưu (4) được giữ lại." in result


def test_a_prediction_after_the_deadline_is_refused_and_the_result_says_there_is_none(web, contest, session):
    exam, round_, citizen = contest
    web.login(citizen)
    url = start(web, exam, round_)
    web.get(f"{url}/submit")
    _expire(session, url)
    late = web.post(f"{url}/prediction", {"prediction": "4"}, htmx=True).get_data(as_text=True)
    assert "hết thời gian" in late and "Xem kết quả" in late
    session.expire_all()
    attempt = session.exec(select(Attempt)).one()
    assert attempt.status == AttemptStatus.submitted and attempt.prediction is None
    result = web.get(f"{url}/result").get_data(as_text=True)
    assert "Bạn chưa nhập dự đoán trước khi hết giờ" in result


def test_only_a_contest_that_asks_takes_a_prediction(web, factory):
    exam, round_ = factory.exam("contest", questions=2)
    citizen = factory.user()
    factory.commit()
    web.login(citizen)
    url = start(web, exam, round_)
    assert web.post(f"{url}/prediction", {"prediction": "1"}, htmx=True).status_code == 404


def test_time_left_is_a_countdown_only_within_a_day(web, factory, session):
    """A round open for a year showed "Còn lại 525587:54"; now a long deadline is a date in
    Vietnam's time, and a practice without a time limit shows no time at all."""
    from zoneinfo import ZoneInfo

    year = utcnow() + timedelta(days=365)
    practice, practice_round = factory.exam("practice", questions=1, closes=year)
    assessment, assessment_round = factory.exam("assessment", questions=1, closes=year)
    contest, contest_round = factory.exam("contest", questions=1, time_limit_seconds=2 * 3600)
    person = factory.user(role=Role.official)
    session.add(Assignment(exam_id=assessment.id, user_id=person.id))
    factory.commit()
    web.login(person)
    page = web.get(start(web, practice, practice_round)).get_data(as_text=True)
    assert 'role="timer"' not in page and "Còn lại" not in page and "Hạn nộp bài" not in page
    url = start(web, assessment, assessment_round)
    page = web.get(url).get_data(as_text=True)
    deadline = session.get(Attempt, int(url.rsplit("/", 1)[1])).deadline
    local = deadline.replace(tzinfo=deadline.tzinfo or ZoneInfo("UTC")).astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    assert f"Hạn nộp bài: {local:%H:%M} ngày {local:%d/%m/%Y}" in page and "Còn lại" not in page
    page = web.get(start(web, contest, contest_round)).get_data(as_text=True)
    assert re.search(r"Còn lại <span data-timer>(2:00:00|1:59:5\d)</span>", page)


@pytest.fixture
def practice(factory):
    exam, round_ = factory.exam("practice", questions=3, attempts_allowed=10)
    citizen = factory.user()
    factory.commit()
    return exam, round_, citizen


def test_practice_answers_are_drafts_until_checked(web, practice, session):
    exam, round_, citizen = practice
    web.login(citizen)
    url = start(web, exam, round_)
    page = web.get(url).get_data(as_text=True)
    assert page.count(">Kiểm tra</button>") == 3 and "Mỗi câu chỉ kiểm tra được một lần" in page
    keys = CHOICE.findall(page)[:4]
    draft = web.post(f"{url}/answers/0", {"choice": keys[1]}, htmx=True).get_data(as_text=True)
    assert "Đã lưu lúc" in draft and "Đúng" not in draft and "data-locked" not in draft
    changed = web.post(f"{url}/answers/0", {"choice": keys[2]}, htmx=True).get_data(as_text=True)
    assert "Đã lưu lúc" in changed
    empty = web.post(f"{url}/answers/1", {"check": "y"}, htmx=True).get_data(as_text=True)
    assert "Hãy trả lời câu này trước khi kiểm tra." in empty


def test_a_checked_practice_answer_is_locked_on_the_server_and_on_the_page(web, practice, session):
    """After its verdict was shown, the answer could still be changed."""
    exam, round_, citizen = practice
    web.login(citizen)
    url = start(web, exam, round_)
    page = web.get(url).get_data(as_text=True)
    right = right_key(session, url, 0)
    other = next(k for k in CHOICE.findall(page)[:4] if k != right)
    checked = web.post(f"{url}/answers/0", {"choice": right, "check": "y"}, htmx=True).get_data(as_text=True)
    assert "Đúng" in checked and "data-locked" in checked and "không đổi được câu trả lời" in checked
    for data in ({"choice": other}, {"choice": other, "check": "y"}, {}):
        refused = web.post(f"{url}/answers/0", data, htmx=True).get_data(as_text=True)
        assert "Câu này đã được chấm và hiện đáp án nên không thể đổi câu trả lời." in refused
    session.expire_all()
    row = session.exec(select(AttemptQuestion).where(AttemptQuestion.position == 0)).one()
    assert row.response == {"choice": right}
    again = web.get(url).get_data(as_text=True)
    section = again.split('id="q0"', 1)[1].split("</section>", 1)[0]
    assert "disabled" in section and ">Kiểm tra</button>" not in section and "data-locked" in section
    assert "Mức độ 4 là toàn trình." in section and 'id="flag-0"' not in section
    # The other questions still take answers, and the checked one counts at submit.
    assert "Đã lưu lúc" in web.post(f"{url}/answers/1", {"choice": right_key(session, url, 1)},
                                    htmx=True).get_data(as_text=True)
    web.post(f"{url}/submit", {})
    session.expire_all()
    assert session.exec(select(Attempt)).one().score == 2.0


def test_a_contest_has_no_check_and_never_locks(web, contest, session):
    exam, round_, citizen = contest
    web.login(citizen)
    url = start(web, exam, round_)
    page = web.get(url).get_data(as_text=True)
    assert ">Kiểm tra</button>" not in page
    keys = CHOICE.findall(page)[:2]
    for key in keys:
        reply = web.post(f"{url}/answers/0", {"choice": key, "check": "y"}, htmx=True).get_data(as_text=True)
        assert "Đã lưu lúc" in reply and "Đúng" not in reply and "data-locked" not in reply


def test_scores_are_rounded_for_people(web, contest, session, app):
    """A score of 23/6 showed as "3.83333/12"."""
    from contest.template_context import score

    exam, round_, citizen = contest
    exam.ask_prediction = False  # its board shows scores while the round is open
    session.add(exam)
    session.commit()
    web.login(citizen)
    url = start(web, exam, round_)
    web.post(f"{url}/submit", {})
    attempt = session.exec(select(Attempt)).one()
    attempt.score, attempt.max_score = 23 / 6, 12.0
    session.add(attempt)
    session.commit()
    result = web.get(f"{url}/result").get_data(as_text=True)
    assert "<strong>3,83</strong> / 12<" in result
    board = web.get(f"/exams/{exam.id}/rounds/{round_.id}/leaderboard").get_data(as_text=True)
    assert '<td data-label="Điểm">3,83</td>' in board
    with app.test_request_context():
        assert [score(v) for v in (0, 0.5, 1.0, 2.005, 10 / 3, 1234.5, None)] == [
            "0", "0,5", "1", "2", "3,33", "1.234,5", "—"]


def test_attempt_page_has_one_main_heading_naming_the_exam(web, contest):
    """Screen-reader users jump by headings: the attempt page opens with the exam's title."""
    exam, round_, citizen = contest
    web.login(citizen)
    page = web.get(start(web, exam, round_)).get_data(as_text=True)
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", page) == [exam.title]


def _stored_answer(session, url, position):
    session.expire_all()
    attempt_id = int(url.rsplit("/", 1)[1])
    return session.exec(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt_id,
                                                      AttemptQuestion.position == position)).one().response


def test_a_locked_account_cannot_save(web, contest, session):
    """The save does not load the person: its UPDATE checks the account is still active. The
    account is locked here without rotating the session token, so the active check alone refuses."""
    exam, round_, citizen = contest
    web.login(citizen)
    url = start(web, exam, round_)
    keys = CHOICE.findall(web.get(url).get_data(as_text=True))[:2]
    assert "Đã lưu lúc" in web.post(f"{url}/answers/0", {"choice": keys[0]}, htmx=True).get_data(as_text=True)
    citizen.active = False
    session.commit()
    refused = web.post(f"{url}/answers/0", {"choice": keys[1]}, htmx=True).get_data(as_text=True)
    assert "Phiên đăng nhập đã kết thúc; câu trả lời này không được lưu." in refused
    assert "Đã lưu lúc" not in refused
    assert _stored_answer(session, url, 0) == {"choice": keys[0]}


def test_a_session_ended_by_a_password_change_cannot_save(web, contest, session):
    """A password changed elsewhere rotates the session token: this browser's cookie still
    names the person but no longer saves; its plain POST says why after the redirect too."""
    from contest.accounts.services import change_password

    exam, round_, citizen = contest
    web.login(citizen)
    url = start(web, exam, round_)
    keys = CHOICE.findall(web.get(url).get_data(as_text=True))[:2]
    assert "Đã lưu lúc" in web.post(f"{url}/answers/0", {"choice": keys[0]}, htmx=True).get_data(as_text=True)
    change_password(session, citizen, PASSWORD, "Doi-mat-khau-2026")
    session.commit()
    refused = web.post(f"{url}/answers/0", {"choice": keys[1]}, htmx=True).get_data(as_text=True)
    assert "Phiên đăng nhập đã kết thúc; câu trả lời này không được lưu." in refused
    plain = web.post(f"{url}/answers/0", {"choice": keys[1]})
    assert plain.status_code == 302 and plain.headers["Location"].endswith("#q0")
    assert _stored_answer(session, url, 0) == {"choice": keys[0]}
