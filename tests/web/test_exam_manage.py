"""Exam management: who may reach it, the list, guided creation and settings."""

import re

import pytest
from sqlmodel import select

from contest.accounts.models import Role
from contest.exams.models import Exam, ExamKind, ExamStatus, LeaderboardMode

#: (method, URL, status for the owner and an admin). Ids come from the ``site`` fixture.
EXAM_ROUTES = [
    ("get", "/manage/exams/{exam}", 200),
    ("get", "/manage/exams/{exam}/settings", 200),
    ("post", "/manage/exams/{exam}/settings", 200),  # an empty form comes back with its errors
    ("get", "/manage/exams/{exam}/rules", 200),
    ("post", "/manage/exams/{exam}/rules", 200),
    ("get", "/manage/exams/{exam}/fixed", 200),
    ("post", "/manage/exams/{exam}/fixed", 200),
    ("get", "/manage/exams/{exam}/sample", 200),
    ("post", "/manage/exams/{exam}/rounds", 200),
    ("get", "/manage/exams/{exam}/rounds/{round}", 200),
    ("get", "/manage/exams/{exam}/rounds/{round}/export", 200),
    ("get", "/manage/exams/{exam}/rounds/{round}/grading", 200),
    ("get", "/manage/exams/{exam}/rounds/{round}/close", 200),
    ("post", "/manage/exams/{exam}/rounds/{round}/close", 200),  # unconfirmed: the page again
    ("post", "/manage/exams/{exam}/rounds/{round}/headcounts", 302),
    ("post", "/manage/exams/{exam}/publish", 302),
    ("post", "/manage/exams/{exam}/archive", 302),
    ("get", "/manage/exams/{assessment}/assignments", 200),
    ("post", "/manage/exams/{assessment}/assignments", 200),
]
GENERAL_ROUTES = [("get", "/manage/exams"), ("get", "/manage/exams/new"),
                  ("get", "/manage/exams/new?kind=contest"), ("post", "/manage/exams/new?kind=contest")]


def titled(factory, title, **kwargs):
    exam, round_ = factory.exam(**kwargs)
    exam.title = title
    return exam, round_


@pytest.fixture
def site(factory):
    owner = factory.user(role=Role.trainer, full_name="Chủ Kỳ Thi")
    bank = factory.bank(owner=owner, is_public=True)
    exam, round_ = titled(factory, "Cuộc thi tìm hiểu Chính quyền số", bank=bank)
    assessment, _ = titled(factory, "Sát hạch xã", kind="assessment", bank=bank, questions=0, draw=2)
    factory.commit()
    return {"owner": owner, "exam": exam.id, "round": round_.id, "assessment": assessment.id}


def _call(web, method, route, site):
    url = route.format(**site)
    return web.client.get(url) if method == "get" else web.post(url, {})


@pytest.mark.parametrize("method, route, allowed_status", EXAM_ROUTES)
@pytest.mark.parametrize("who", [None, Role.citizen, Role.official, "other trainer"])
def test_exam_routes_are_closed_to_everyone_but_owner_and_admins(web, factory, site, who, method,
                                                                 route, allowed_status):
    if who is not None:
        user = factory.user(role=Role.trainer if who == "other trainer" else who)
        factory.commit()
        web.login(user)
    response = _call(web, method, route, site)
    if who is None:
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    else:
        assert response.status_code == 403
        assert "Cuộc thi tìm hiểu Chính quyền số" not in response.get_data(as_text=True)


@pytest.mark.parametrize("method, route, allowed_status", EXAM_ROUTES)
@pytest.mark.parametrize("who", ["owner", Role.admin])
def test_owner_and_admin_reach_every_exam_route(web, factory, site, who, method, route, allowed_status):
    user = site["owner"] if who == "owner" else factory.user(role=Role.admin)
    factory.commit()
    web.login(user)
    assert _call(web, method, route, site).status_code == allowed_status


@pytest.mark.parametrize("method, route", GENERAL_ROUTES)
@pytest.mark.parametrize("role", [None, Role.citizen, Role.official, Role.trainer, Role.admin])
def test_list_and_creation_are_for_staff(web, factory, site, role, method, route):
    if role is not None:
        user = factory.user(role=role)
        factory.commit()
        web.login(user)
    response = _call(web, method, route, site)
    if role is None:
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    elif role in (Role.citizen, Role.official):
        assert response.status_code == 403
    else:
        assert response.status_code == 200


def test_the_matrix_covers_every_manage_route(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()
                 if rule.endpoint.startswith("exams.manage")}
    covered = {rule.endpoint for rule in app.url_map.iter_rules()
               for _m, route, *_ in EXAM_ROUTES + GENERAL_ROUTES
               if rule.rule == route.split("?")[0].replace("{exam}", "<int:exam_id>")
               .replace("{assessment}", "<int:exam_id>").replace("{round}", "<int:round_id>")}
    assert endpoints == covered
    for endpoint in endpoints:
        assert set(app.view_functions[endpoint].allowed_roles) == {Role.trainer, Role.admin}


def test_list_shows_own_exams_with_rounds_and_participants(web, factory, site):
    stranger = factory.user(role=Role.trainer)
    titled(factory, "Kỳ thi của người khác", bank=factory.bank(owner=stranger))
    factory.commit()
    web.login(site["owner"])
    body = web.get("/manage/exams").get_data(as_text=True)
    assert "Cuộc thi tìm hiểu Chính quyền số" in body and "Sát hạch xã" in body
    assert "Kỳ thi của người khác" not in body
    assert "Tạo kỳ thi" in body and "Kỳ sát hạch" in body and "Đã công bố" in body
    admin = factory.user(role=Role.admin)
    factory.commit()
    web.login(admin)
    assert "Kỳ thi của người khác" in web.get("/manage/exams").get_data(as_text=True)


def contest_form(**overrides):
    data = {"title": "Tìm hiểu dịch vụ công trực tuyến 2026",
            "rules_html": '<p onclick="x()">Thi <strong>tuần</strong></p><script>alert(1)</script>',
            "time_limit_minutes": "30", "attempts_allowed": "3", "counted_attempt": "highest",
            "shuffle_questions": "y", "shuffle_options": "y", "ask_prediction": "y",
            "leaderboard": "frozen", "prize_tiers": "Giải Nhất: 1\n\nGiải Nhì: 2\nGiải Khuyến khích: 10",
            "review_after_submit-score": "y", "review_after_close-score": "y",
            "review_after_close-correct_answers": "y"}
    data.update(overrides)
    return data


def test_creation_starts_by_choosing_the_kind(web, site):
    web.login(site["owner"])
    body = web.get("/manage/exams/new").get_data(as_text=True)
    for kind in ("contest", "assessment", "practice"):
        assert f"/manage/exams/new?kind={kind}" in body
    form = web.get("/manage/exams/new?kind=contest").get_data(as_text=True)
    assert 'name="prize_tiers"' in form and 'name="pass_percent"' not in form
    # The contest defaults: score after submitting, everything after the round closes.
    assert 'checked id="review_after_close-explanations"' in form
    assert 'checked id="review_after_submit-score"' in form
    assert 'checked id="review_after_submit-correct_answers"' not in form
    assessment = web.get("/manage/exams/new?kind=assessment").get_data(as_text=True)
    assert 'name="pass_percent"' in assessment and 'name="prize_tiers"' not in assessment


def test_trainer_creates_a_contest_through_the_form(web, site, session):
    web.login(site["owner"])
    web.get("/manage/exams/new?kind=contest")
    response = web.post("/manage/exams/new?kind=contest", contest_form())
    assert response.status_code == 302
    exam = session.exec(select(Exam).where(Exam.title == "Tìm hiểu dịch vụ công trực tuyến 2026")).one()
    assert response.headers["Location"].endswith(f"/manage/exams/{exam.id}")
    assert exam.kind == ExamKind.contest and exam.status == ExamStatus.draft
    assert exam.created_by == site["owner"].id
    assert exam.time_limit_seconds == 1800 and exam.attempts_allowed == 3 and exam.ask_prediction
    assert exam.leaderboard == LeaderboardMode.frozen
    assert exam.prize_tiers == [{"name": "Giải Nhất", "count": 1}, {"name": "Giải Nhì", "count": 2},
                                {"name": "Giải Khuyến khích", "count": 10}]
    assert "<strong>tuần</strong>" in exam.rules_html
    assert "script" not in exam.rules_html and "onclick" not in exam.rules_html
    assert exam.review_policy["after_close"] == {"score": True, "correctness": False,
                                                 "correct_answers": True, "explanations": False}
    assert exam.review_policy["during"]["score"] is False
    page = web.get(response.headers["Location"]).get_data(as_text=True)
    assert "Tiếp theo: ma trận đề và đợt thi" in page and "Giải Nhì: 2" in page


def test_prize_tiers_errors_name_their_lines_and_nothing_is_created(web, site, session):
    web.login(site["owner"])
    web.get("/manage/exams/new?kind=contest")
    body = web.post("/manage/exams/new?kind=contest", contest_form(
        prize_tiers="Giải Nhất 1\nGiải Nhì: hai\nGiải Nhất: 3\nGiải Ba: 2")).get_data(as_text=True)
    assert "Dòng 1: hãy viết theo mẫu «Giải Nhất: 1»." in body
    assert "Dòng 2: số lượng giải phải là số nguyên từ 1 đến 1000." in body
    assert "Dòng 3: giải «Giải Nhất» bị trùng tên." not in body  # line 1 was not a tier
    assert session.exec(select(Exam).where(Exam.title == contest_form()["title"])).first() is None


@pytest.mark.parametrize("field, value, message", [
    ("attempts_allowed", "51", "Từ 1 đến 50 lượt."),
    ("attempts_allowed", "ba", "Hãy nhập một số nguyên."),
    ("title", "  ", "Trường này là bắt buộc."),
    ("time_limit_minutes", "0", "Từ 1 đến 1440 phút."),
])
def test_invalid_basics_are_refused(web, site, session, field, value, message):
    web.login(site["owner"])
    web.get("/manage/exams/new?kind=contest")
    body = web.post("/manage/exams/new?kind=contest", contest_form(**{field: value})).get_data(as_text=True)
    assert message in body
    assert session.exec(select(Exam).where(Exam.status == ExamStatus.draft)).first() is None


@pytest.mark.parametrize("value", ["0", "101", "bảy mươi"])
def test_a_bad_pass_mark_is_refused_with_a_message(web, site, session, value):
    """The message "Từ 1 đến 100%." had a bare % that WTForms formats: every bad value was a 500."""
    web.login(site["owner"])
    web.get("/manage/exams/new?kind=assessment")
    response = web.post("/manage/exams/new?kind=assessment", contest_form(pass_percent=value))
    assert response.status_code == 200
    assert ("Từ 1 đến 100%." if value.isdigit() else "Hãy nhập một số nguyên.") in response.get_data(as_text=True)
    assert session.exec(select(Exam).where(Exam.status == ExamStatus.draft)).first() is None


def test_a_tampered_choice_is_refused_in_vietnamese(web, site):
    web.login(site["owner"])
    web.get("/manage/exams/new?kind=contest")
    body = web.post("/manage/exams/new?kind=contest", contest_form(counted_attempt="moi")).get_data(as_text=True)
    assert "Lựa chọn không hợp lệ; hãy chọn trong danh sách." in body and "Not a valid" not in body


def test_assessment_keeps_its_pass_mark_and_no_contest_options(web, site, session):
    web.login(site["owner"])
    web.get("/manage/exams/new?kind=assessment")
    response = web.post("/manage/exams/new?kind=assessment", contest_form(
        title="Sát hạch một cửa", pass_percent="70"))
    assert response.status_code == 302
    exam = session.exec(select(Exam).where(Exam.title == "Sát hạch một cửa")).one()
    assert exam.kind == ExamKind.assessment and exam.pass_ratio == 0.7
    assert exam.prize_tiers == [] and not exam.ask_prediction
    assert exam.leaderboard == LeaderboardMode.hidden


def test_settings_are_edited_in_place(web, site, session):
    web.login(site["owner"])
    page = web.get(f"/manage/exams/{site['exam']}/settings").get_data(as_text=True)
    assert 'value="Cuộc thi tìm hiểu Chính quyền số"' in page
    response = web.post(f"/manage/exams/{site['exam']}/settings",
                        contest_form(title="Tên mới", time_limit_minutes="", attempts_allowed="7"))
    assert response.status_code == 302
    exam = session.get(Exam, site["exam"])
    session.refresh(exam)
    assert exam.title == "Tên mới" and exam.time_limit_seconds is None and exam.attempts_allowed == 7
    assert exam.kind == ExamKind.contest


def test_a_deactivated_unit_stays_selected_in_saved_assignments(web, factory, session, site):
    from contest.exams.models import Assignment

    unit = factory.unit(name="Xã Sẽ Ngừng")
    session.add(Assignment(exam_id=site["assessment"], unit_id=unit.id))
    unit.active = False
    factory.commit()
    web.login(site["owner"])
    page = web.get(f"/manage/exams/{site['assessment']}").get_data(as_text=True)
    assert re.search(rf'<option selected value="{unit.id}">Xã Sẽ Ngừng \(ngừng hoạt động\)</option>', page)
