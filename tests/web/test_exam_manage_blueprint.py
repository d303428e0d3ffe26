"""The blueprint editor, fixed questions, the sample draw and publishing."""

import pytest
from sqlmodel import select

from contest.accounts.models import Role
from contest.exams.models import DrawRule, Exam, ExamStatus, FixedQuestion, Round
from contest.exams.services import authoring, draw_rules
from question_bank.services.banks import create_category
from tests.conftest import single_choice


@pytest.fixture
def owner(factory):
    user = factory.user(role=Role.trainer)
    factory.commit()
    return user


@pytest.fixture
def bank(factory, owner):
    bank = factory.bank(owner=owner, is_public=True)
    factory.commit()
    return bank


@pytest.fixture
def exam(factory, bank):
    """A published contest drawing 5 of the bank's 5 published questions, with an open round."""
    exam, _round = factory.exam(bank=bank)
    factory.commit()
    return exam


def rule(bank_id, count, n=0, category="", difficulty="", points="1"):
    return {f"rules-{n}-bank_id": bank_id, f"rules-{n}-category_id": category,
            f"rules-{n}-difficulty": difficulty, f"rules-{n}-count": count, f"rules-{n}-points": points}


def saved_rules(session, exam):
    session.expire_all()
    return [(r.bank_id, r.category_id, r.count) for r in
            session.exec(select(DrawRule).where(DrawRule.exam_id == exam.id))]


def test_exam_page_shows_each_rules_capacity(web, owner, exam):
    web.login(owner)
    body = web.get(f"/manage/exams/{exam.id}").get_data(as_text=True)
    assert '<span class="badge ok">5 câu</span>' in body
    assert "Tổng: 5 câu rút ngẫu nhiên, 5 điểm." in body


def test_a_blueprint_that_cannot_be_filled_is_refused_and_nothing_saved(web, owner, bank, exam, session):
    web.login(owner)
    web.get(f"/manage/exams/{exam.id}")
    response = web.post(f"/manage/exams/{exam.id}/rules", {**rule(bank.id, 9), "action": "save"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Quy tắc 1 cần 9 câu nhưng chỉ có 5 câu đã xuất bản phù hợp." in body
    assert "Chưa lưu thay đổi nào:" in body
    assert '<span class="badge err">5 câu</span>' in body
    assert saved_rules(session, exam) == [(bank.id, None, 5)]
    rules, _fixed, _candidates = draw_rules.plan(session, exam)
    assert [r.count for r in rules] == [5]  # the refused rules did not stay in the draw cache


def test_overlapping_rules_are_refused_with_the_shared_message(web, owner, bank, exam, session):
    web.login(owner)
    web.get(f"/manage/exams/{exam.id}")
    body = web.post(f"/manage/exams/{exam.id}/rules", {**rule(bank.id, 3), **rule(bank.id, 3, n=1),
                                                       "action": "save"}, htmx=True).get_data(as_text=True)
    assert "Các quy tắc 1, 2 dùng chung câu hỏi: cần tổng cộng 6 câu khác nhau" in body
    assert "<html" not in body
    assert saved_rules(session, exam) == [(bank.id, None, 5)]


def test_rules_by_category_are_saved_with_their_capacities(web, factory, owner, bank, exam, session):
    topic = create_category(session, bank, "Một cửa điện tử")
    sub = create_category(session, bank, "Tiếp nhận hồ sơ", parent_id=topic.id)
    for n in range(3):
        factory.question(bank, record=single_choice(stem=f"Một cửa {n}?", difficulty="hard"),
                         publish=True, category_id=sub.id)
    factory.commit()
    web.login(owner)
    web.get(f"/manage/exams/{exam.id}")
    response = web.post(f"/manage/exams/{exam.id}/rules", {
        **rule(bank.id, 2, category=topic.id, difficulty="hard", points="2,5"),
        **rule(bank.id, 4, n=1), "action": "save"}, htmx=True)
    body = response.get_data(as_text=True)
    assert "Đã lưu ma trận đề." in body
    assert '<span class="badge ok">3 câu</span>' in body and '<span class="badge ok">8 câu</span>' in body
    assert "Tổng: 6 câu rút ngẫu nhiên, 9 điểm." in body
    assert saved_rules(session, exam) == [(bank.id, topic.id, 2), (bank.id, None, 4)]
    assert session.exec(select(DrawRule.points).where(DrawRule.category_id == topic.id)).one() == 2.5


def test_saving_without_javascript_redirects_to_the_exam_page(web, owner, bank, exam):
    web.login(owner)
    web.get(f"/manage/exams/{exam.id}")
    response = web.post(f"/manage/exams/{exam.id}/rules", {**rule(bank.id, 4), "action": "save"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/manage/exams/{exam.id}#rules")
    assert "Đã lưu ma trận đề." in web.get(response.headers["Location"]).get_data(as_text=True)


def test_rows_are_added_and_removed_with_htmx_without_saving(web, owner, bank, exam, session):
    web.login(owner)
    web.get(f"/manage/exams/{exam.id}")
    url = f"/manage/exams/{exam.id}/rules"
    added = web.post(url, {**rule(bank.id, 5), "action": "add"}, htmx=True).get_data(as_text=True)
    assert "<html" not in added and 'name="rules-1-count"' in added
    assert f'<option selected value="{bank.id}">' in added.split('name="rules-1-bank_id"')[1]
    removed = web.post(url, {**rule(bank.id, 5), **rule(bank.id, 2, n=1), "action": "remove-0"},
                       htmx=True).get_data(as_text=True)
    assert 'name="rules-1-count"' not in removed and 'value="2"' in removed
    assert saved_rules(session, exam) == [(bank.id, None, 5)]


def test_changing_the_bank_refreshes_its_categories(web, factory, owner, bank, exam, session):
    other = factory.bank(owner=owner)
    create_category(session, other, "Chữ ký số")
    factory.commit()
    web.login(owner)
    web.get(f"/manage/exams/{exam.id}")
    body = web.post(f"/manage/exams/{exam.id}/rules", {**rule(other.id, 1), "action": "refresh"},
                    htmx=True).get_data(as_text=True)
    assert "Chữ ký số" in body


def test_a_bank_the_trainer_does_not_manage_is_refused(web, factory, owner, exam, session):
    foreign = factory.bank(owner=factory.user(role=Role.trainer), is_public=True)
    for n in range(3):
        factory.question(foreign, record=single_choice(stem=f"Ngoài {n}?"), publish=True)
    factory.commit()
    web.login(owner)
    body = web.get(f"/manage/exams/{exam.id}").get_data(as_text=True)
    assert foreign.name not in body
    body = web.post(f"/manage/exams/{exam.id}/rules", {**rule(foreign.id, 1), "action": "save"},
                    htmx=True).get_data(as_text=True)
    assert "Quy tắc 1: hãy chọn một ngân hàng câu hỏi bạn quản lý." in body
    assert len(saved_rules(session, exam)) == 1 and saved_rules(session, exam)[0][0] != foreign.id


def test_fixed_questions_must_be_managed_published_questions(web, factory, owner, bank, exam, session):
    extra = factory.question(bank, record=single_choice(stem="Câu cố định về Cổng dịch vụ công?"), publish=True)
    draft = factory.question(bank, record=single_choice(stem="Câu nháp?"))
    factory.commit()
    web.login(owner)
    web.get(f"/manage/exams/{exam.id}")
    url = f"/manage/exams/{exam.id}/fixed"
    body = web.post(url, {"fixed-0-question_id": draft.id, "fixed-0-points": "2", "action": "save"},
                    htmx=True).get_data(as_text=True)
    assert "Có câu hỏi cố định chưa được xuất bản." in body
    body = web.post(url, {"fixed-0-question_id": 999999, "fixed-0-points": "2", "action": "save"},
                    htmx=True).get_data(as_text=True)
    assert "Không có câu hỏi số 999999 trong các ngân hàng bạn quản lý." in body
    huge = {"fixed-0-question_id": "99999999999999999999", "fixed-0-points": "2"}  # was a 500
    assert web.post(url, {**huge, "action": "add"}, htmx=True).status_code == 200
    response = web.post(url, {**huge, "action": "save"}, htmx=True)
    assert response.status_code == 200
    assert "Mã câu hỏi không hợp lệ." in response.get_data(as_text=True)
    assert session.exec(select(FixedQuestion)).all() == []
    body = web.post(url, {"fixed-0-question_id": extra.id, "fixed-0-points": "2", "action": "save"},
                    htmx=True).get_data(as_text=True)
    assert "Đã lưu câu hỏi cố định." in body and "Câu cố định về Cổng dịch vụ công?" in body
    assert [(f.question_id, f.points) for f in session.exec(select(FixedQuestion))] == [(extra.id, 2.0)]


def test_sample_draw_renders_the_drawn_questions_with_their_keys(web, factory, owner, bank):
    exam, _round = factory.exam(bank=bank, questions=6, draw=4)
    factory.commit()
    web.login(owner)
    body = web.get(f"/manage/exams/{exam.id}/sample?seed=12345").get_data(as_text=True)
    assert body.count('class="card question-view"') == 4
    assert body.count("<strong>Đáp án:</strong>") == 4
    assert "Mã đề thử: 12345" in body and "4 câu hỏi, tổng 4 điểm." in body
    again = web.get(f"/manage/exams/{exam.id}/sample?seed=12345").get_data(as_text=True)
    stems = [line for line in body.splitlines() if 'class="stem"' in line]
    assert stems == [line for line in again.splitlines() if 'class="stem"' in line]


def test_sample_draw_explains_a_blueprint_that_cannot_be_filled(web, session, owner, bank):
    exam = authoring.create_exam(session, owner, "practice", title="Luyện tập")
    session.add(DrawRule(exam_id=exam.id, bank_id=bank.id, count=3))
    session.commit()
    web.login(owner)
    body = web.get(f"/manage/exams/{exam.id}/sample").get_data(as_text=True)
    assert "Quy tắc 1 cần 3 câu nhưng chỉ có 0 câu đã xuất bản phù hợp." in body


def draft(session, owner, bank, count, with_round):
    from datetime import datetime

    exam = authoring.create_exam(session, owner, "contest", title="Cuộc thi nháp")
    session.add(DrawRule(exam_id=exam.id, bank_id=bank.id, count=count))
    if with_round:
        session.add(Round(exam_id=exam.id, name="Tuần 1", opens_at=datetime(2026, 3, 1),
                          closes_at=datetime(2026, 3, 8)))
    session.commit()
    return exam


@pytest.mark.parametrize("count, with_round, message", [
    (5, False, "Kỳ thi chưa có đợt thi nào."),
    (9, True, "Quy tắc 1 cần 9 câu nhưng chỉ có 5 câu đã xuất bản phù hợp."),
])
def test_publish_is_refused_without_rounds_or_with_a_bad_blueprint(web, session, owner, bank, exam,
                                                                   count, with_round, message):
    draft_exam = draft(session, owner, bank, count, with_round)
    web.login(owner)
    web.get(f"/manage/exams/{draft_exam.id}")
    response = web.post(f"/manage/exams/{draft_exam.id}/publish")
    assert message in web.get(response.headers["Location"]).get_data(as_text=True)
    session.expire_all()
    assert session.get(Exam, draft_exam.id).status == ExamStatus.draft


def test_publish_and_archive(web, session, owner, bank, exam):
    draft_exam = draft(session, owner, bank, 5, True)
    web.login(owner)
    web.get(f"/manage/exams/{draft_exam.id}")
    response = web.post(f"/manage/exams/{draft_exam.id}/publish", htmx=True)
    assert response.headers["HX-Redirect"] == f"/manage/exams/{draft_exam.id}"
    session.expire_all()
    assert session.get(Exam, draft_exam.id).status == ExamStatus.published
    web.post(f"/manage/exams/{draft_exam.id}/archive")
    session.expire_all()
    assert session.get(Exam, draft_exam.id).status == ExamStatus.archived


def test_a_published_exam_keeps_a_fillable_blueprint(web, owner, bank, exam, session):
    web.login(owner)
    web.get(f"/manage/exams/{exam.id}")
    body = web.post(f"/manage/exams/{exam.id}/rules", {"action": "save"}, htmx=True).get_data(as_text=True)
    assert "Đề thi chưa có quy tắc rút câu hỏi nào." in body
    assert saved_rules(session, exam) == [(bank.id, None, 5)]


def test_adding_past_the_row_limit_keeps_the_rows(web, owner, bank, exam):
    web.login(owner)
    web.get(f"/manage/exams/{exam.id}")
    rows = {k: v for n in range(50) for k, v in rule(bank.id, 1, n=n).items()}
    body = web.post(f"/manage/exams/{exam.id}/rules", {**rows, "action": "add"}, htmx=True).get_data(as_text=True)
    assert 'name="rules-49-count"' in body and 'name="rules-50-count"' not in body
