"""Answer keys never reach an examinee's browser before the exam's review policy allows.

For each exam kind (with its default policy), an examinee takes an exam of every question type and
every page and fragment they get is searched for right-answer information: fractions, "Đáp án:",
explanations, choice feedback, accepted short answers, the numeric answer, per-question
correctness badges, the right pairs of a matching one. (An ordering question may be shown in any
order, its right one included: tests/unit/test_shown_order.py checks the orders are uniform.)
What the policy allows must show (the practice and after-close checks), so the searches are known
to find a leak when there is one.
"""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from contest.accounts.models import Role
from contest.core.db import utcnow
from contest.exams.models import Assignment, Attempt, AttemptQuestion, Round
from contest.exams.review_policy import default_policy, visible
from contest.exams.services import results
from question_bank.models import QuestionVersion
from question_bank.payload import from_version
from question_bank.records import Choice, MatchPair, NumericAnswer, OrderItem, QuestionRecord
from question_bank.types import get_type

ACCEPTED_TEXT = "Cổng Dịch vụ công quốc gia KHOA-7Q"
NUMERIC_VALUE = "73519"
SECTION = re.compile(r'<section class="card question"[^>]*>.*?</section>', re.S)
BADGE = re.compile(r'class="badge(?: ok| err| warn)?"')


def records() -> list[QuestionRecord]:
    """One question of every type, each with its own markers in every answer-bearing field."""
    return [
        QuestionRecord(type="single_choice", stem="<p>Câu một lựa chọn?</p>", choices=[
            Choice("Nộp hồ sơ trực tuyến toàn trình", 1.0, feedback="PHANHOI-SC-DUNG"),
            Choice("Chỉ xem thông tin", 0.0, feedback="PHANHOI-SC-SAI"),
            Choice("Chỉ tải mẫu đơn"), Choice("Nộp hồ sơ giấy")], explanation="GIAITHICH-SC"),
        QuestionRecord(type="multiple_choice", stem="<p>Câu nhiều lựa chọn?</p>", choices=[
            Choice("Tra cứu bằng mã hồ sơ", 0.5, feedback="PHANHOI-MC-1"),
            Choice("Tra cứu qua tổng đài", 0.5), Choice("Gửi thư tay", -0.5),
            Choice("Đến tận nhà cán bộ", -0.5)], explanation="GIAITHICH-MC"),
        QuestionRecord(type="true_false", stem="<p>Văn bản có chữ ký số có giá trị pháp lý.</p>",
                       correct=True, feedback_true="PHANHOI-TF-DUNG", feedback_false="PHANHOI-TF-SAI",
                       explanation="GIAITHICH-TF"),
        QuestionRecord(type="short_answer", stem="<p>Tên cổng quốc gia?</p>",
                       choices=[Choice(ACCEPTED_TEXT, 1.0)], explanation="GIAITHICH-SA"),
        QuestionRecord(type="numeric", stem="<p>Số thủ tục?</p>",
                       numeric=[NumericAnswer(value=float(NUMERIC_VALUE), tolerance=0.5)],
                       explanation="GIAITHICH-NU"),
        QuestionRecord(type="matching", stem="<p>Ghép cơ quan với cấp.</p>", pairs=[
            MatchPair("Cấp xã", "UBND xã"), MatchPair("Cấp huyện", "UBND huyện"),
            MatchPair("Cấp tỉnh", "UBND tỉnh"), MatchPair("Trung ương", "Chính phủ"),
            MatchPair("", "Hội đồng nhân dân")], explanation="GIAITHICH-MA"),
        QuestionRecord(type="ordering", stem="<p>Sắp xếp các bước.</p>", items=[
            OrderItem("Đăng nhập cổng"), OrderItem("Chọn thủ tục"), OrderItem("Khai tờ khai"),
            OrderItem("Nộp lệ phí"), OrderItem("Nhận kết quả")], explanation="GIAITHICH-OR"),
        QuestionRecord(type="essay", stem="<p>Trình bày lợi ích.</p>", explanation="GIAITHICH-ES"),
    ]


HIDDEN_KEY_TEXT = ("Đáp án:", "PHANHOI-", ACCEPTED_TEXT, NUMERIC_VALUE)


@pytest.fixture
def exams(factory):
    """A bank of every type (published) and, per kind, an exam drawing all of it and a taker."""
    owner = factory.user(role=Role.trainer)
    bank = factory.bank(owner=owner, is_public=True)
    for record in records():
        factory.question(bank, record=record, publish=True)
    made = {}
    for kind in ("contest", "assessment", "practice"):
        exam, round_ = factory.exam(kind, questions=0, draw=len(records()), bank=bank)
        taker = factory.user(role=Role.official if kind == "assessment" else Role.citizen)
        if kind == "assessment":
            factory.session.add(Assignment(exam_id=exam.id, user_id=taker.id))
        made[kind] = (exam, round_, taker)
    factory.commit()
    return made


def start(web, exam, round_) -> str:
    web.get(f"/exams/{exam.id}")
    response = web.post(f"/exams/{exam.id}/rounds/{round_.id}/start")
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return response.headers["Location"]


def questions(session, attempt_url) -> list[tuple[AttemptQuestion, QuestionRecord]]:
    attempt_id = int(attempt_url.rsplit("/", 1)[1])
    rows = session.exec(select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt_id)
                        .order_by(AttemptQuestion.position)).all()
    return [(aq, from_version(session.get(QuestionVersion, aq.version_id))) for aq in rows]


def answer(record: QuestionRecord) -> dict:
    """Form data of an answer: right where the browser already shows the options, wrong for typed
    answers (so an echo of the person's own text is never mistaken for a leak)."""
    key = get_type(record.type).answer_key(record) if record.type != "essay" else {}
    if record.type == "single_choice":
        return {"choice": key["choice"]}
    if record.type == "multiple_choice":
        return {"choices": key["choices"]}
    if record.type == "true_false":
        return {"value": "true"}
    if record.type == "short_answer":
        return {"text": "Một câu trả lời sai"}
    if record.type == "numeric":
        return {"value": "12"}
    if record.type == "matching":
        return {f"pair_{left}": right for left, right in key["pairs"].items()}
    if record.type == "ordering":
        return {f"pos_{item}": str(n) for n, item in enumerate(key["order"], start=1)}
    return {"text": "Bài làm tự luận"}


def leaks(html: str, shown, where: str, *, whole_is_question: bool = False) -> list[str]:
    """What ``html`` reveals that ``shown`` (a Visibility) hides."""
    found = [f"{where}: 'fraction'"] if "fraction" in html else []
    if not shown.correct_answers:
        found += [f"{where}: {text!r}" for text in HIDDEN_KEY_TEXT if text in html]
    if not shown.explanations and "GIAITHICH-" in html:
        found.append(f"{where}: an explanation")
    if not shown.correctness:
        parts = [html] if whole_is_question else SECTION.findall(html)
        if any(BADGE.search(part) or "Chưa đúng" in part or "Đúng một phần" in part
               for part in parts):
            found.append(f"{where}: a correctness badge")
    return found


def order_checks(html: str, items: list[tuple[AttemptQuestion, QuestionRecord]]) -> list[str]:
    """Every left of the matching question offers the same right-hand options in the same
    order, none preselected; the ordering question shows all its items, none preselected."""
    problems = []
    for aq, record in items:
        section = re.search(rf'<section class="card question" id="q{aq.position}".*?</section>',
                            html, re.S).group(0)
        if record.type == "ordering":
            shown = re.findall(r'name="pos_([0-9a-f]{8})"', section)
            if sorted(shown) != sorted(item.key for item in record.items) or "selected" in section:
                problems.append("ordering items missing or preselected")
        if record.type == "matching":
            selects = re.findall(r'<select name="pair_[0-9a-f]{8}"[^>]*>(.*?)</select>', section, re.S)
            options = [re.findall(r'value="([0-9a-f]*)"', s) for s in selects]
            if len({tuple(o) for o in options}) != 1 or "selected" in section:
                problems.append("matching options differ between lefts")
    return problems


@pytest.mark.parametrize("kind", ["contest", "assessment", "practice"])
def test_examinee_pages_show_only_what_the_policy_allows(web, exams, session, kind):
    exam, round_, taker = exams[kind]
    policy = default_policy(kind)
    during, after_submit = visible(policy, "during"), visible(policy, "after_submit")
    web.login(taker)
    url = start(web, exam, round_)
    items = questions(session, url)
    assert sorted(r.type for _aq, r in items) == sorted(r.type for r in records())
    found = []

    page = web.get(url).get_data(as_text=True)
    found += leaks(page, during, "attempt page")
    found += order_checks(page, items)

    fragments = {}
    for aq, record in items:
        # "Kiểm tra": practice shows the verdict now (contests and assessments ignore it)
        response = web.post(f"{url}/answers/{aq.position}", {**answer(record), "check": "y"}, htmx=True)
        fragment = response.get_data(as_text=True)
        assert "Đã lưu lúc" in fragment, (record.type, fragment)
        fragments[record.type] = fragment
        found += leaks(fragment, during, f"save fragment ({record.type})", whole_is_question=True)
    flag = web.post(f"{url}/flags/0", {"flagged": "y"}, htmx=True).get_data(as_text=True)
    found += leaks(flag, during, "flag fragment", whole_is_question=True)

    resumed = web.get(url).get_data(as_text=True)
    found += leaks(resumed, during, "resumed attempt page")
    submit_page = web.get(f"{url}/submit").get_data(as_text=True)
    found += leaks(submit_page, during, "submit page")

    done = web.post(f"{url}/submit", {"prediction": "0"})
    assert done.headers["Location"].endswith("/result")
    result = web.get(f"{url}/result").get_data(as_text=True)
    found += leaks(result, after_submit, "result before the round closes")
    assert not found, "\n".join(found)

    if during.correctness:  # practice: the same searches do find what the policy shows
        assert BADGE.search(fragments["single_choice"]) and "GIAITHICH-SC" in fragments["single_choice"]
    if after_submit.correct_answers:
        assert "Đáp án:" in result and ACCEPTED_TEXT in result and "GIAITHICH-" in result


@pytest.mark.parametrize("kind", ["contest", "assessment"])
def test_after_the_round_is_finalized_the_policy_decides(web, exams, session, kind):
    """Contest: the answer key and explanations once the round is closed. Assessment: which
    answers were right, but never the key (the bank is reused)."""
    exam, round_, taker = exams[kind]
    web.login(taker)
    url = start(web, exam, round_)
    for aq, record in questions(session, url):
        web.post(f"{url}/answers/{aq.position}", answer(record), htmx=True)
    web.post(f"{url}/submit", {"prediction": "0"})
    before = web.get(f"{url}/result").get_data(as_text=True)
    assert "Đáp án:" not in before

    results.finalize_round(session, session.get(Round, round_.id), utcnow())
    session.commit()
    after = web.get(f"{url}/result").get_data(as_text=True)
    shown = visible(default_policy(kind), "after_close")
    assert not leaks(after, shown, "result after close")
    sections = SECTION.findall(after)
    assert len(sections) == len(records())
    assert all(BADGE.search(s) for s in sections)  # correctness is shown for both kinds
    if kind == "contest":
        assert "Đáp án:" in after and ACCEPTED_TEXT in after and NUMERIC_VALUE in after
        assert "GIAITHICH-SC" in after and "PHANHOI-SC-DUNG" in after


def test_option_order_is_the_attempts_own(web, factory, session):
    """Several people take one contest: choices and matching rights are not always in their
    authored (or paired) order, and the ordering items not always in one order."""
    owner = factory.user(role=Role.trainer)
    bank = factory.bank(owner=owner, is_public=True)
    authored = records()
    for record in authored:
        if record.type in ("single_choice", "matching", "ordering"):
            factory.question(bank, record=record, publish=True)
    exam, round_ = factory.exam("contest", questions=0, draw=3, bank=bank)
    takers = [factory.user(role=Role.citizen) for _ in range(4)]
    factory.commit()
    choice_orders, pairings, orderings = set(), set(), set()
    for taker in takers:
        web.login(taker)
        url = start(web, exam, round_)
        items = questions(session, url)
        page = web.get(url).get_data(as_text=True)
        assert not order_checks(page, items)
        for aq, record in items:
            section = re.search(rf'id="q{aq.position}".*?</section>', page, re.S).group(0)
            if record.type == "single_choice":
                shown = re.findall(r'name="choice" value="([0-9a-f]{8})"', section)
                choice_orders.add(tuple(shown) == tuple(c.key for c in record.choices))
            if record.type == "ordering":
                orderings.add(tuple(re.findall(r'name="pos_([0-9a-f]{8})"', section)))
            if record.type == "matching":
                lefts = re.findall(r'name="pair_([0-9a-f]{8})"', section)
                rights = re.findall(r'<option value="([0-9a-f]{8})"', section)[:4]
                key = get_type("matching").answer_key(record)["pairs"]
                pairings.add(all(rights.index(key[left]) == n for n, left in enumerate(lefts)
                                 if key[left] in rights))
        web.post("/logout", {})
    assert False in choice_orders, "every attempt showed the choices in their authored order"
    assert False in pairings, "every attempt lined the rights up with their lefts"
    assert len(orderings) > 1, "every attempt showed the ordering items in one order"
    assert session.exec(select(Attempt)).all()


def test_officials_and_citizens_get_403_on_every_bank_page(app, web, factory):
    owner = factory.user(role=Role.trainer)
    bank = factory.bank(owner=owner, is_public=True)
    question = factory.question(bank, publish=True)
    users = [factory.user(role=Role.official), factory.user(role=Role.citizen)]
    factory.commit()
    values = {"bank_id": bank.id, "question_id": question.id}
    pages = [rule.build(values, append_unknown=False)[1] for rule in app.url_map.iter_rules()
             if rule.endpoint.startswith("bank.") and rule.endpoint != "bank.image"
             and "GET" in rule.methods]
    assert len(pages) >= 9
    for user in users:
        web.login(user)
        for page in pages:
            assert web.client.get(page).status_code == 403, (user.role, page)
        web.post("/logout", {})


def test_bank_images_need_sign_in(web, factory, session):
    from question_bank.services.images import store_image

    png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
           b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
           b"\x00\x00\x00\x00IEND\xaeB`\x82")
    bank = factory.bank()
    image = store_image(session, bank, "a.png", png, 1 << 20)
    factory.commit()
    response = web.client.get(f"/bank/images/{image.id}")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_draft_questions_image_follows_the_questions_own_rule(web, factory, session):
    """A draft's picture is for its bank's owner, reviewers and admins (who may open the
    question), not for every trainer; once a published question shows it, every signed-in
    person (the examinees) may load it."""
    from question_bank.services.images import store_image

    png = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
           b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
           b"\x00\x00\x00\x00IEND\xaeB`\x82")
    owner, reviewer = factory.user(role=Role.trainer), factory.user(role=Role.trainer)
    bank = factory.bank(owner=owner, reviewers=[reviewer])
    image = store_image(session, bank, "so-do.png", png, 1 << 20, owner.id)
    url = f"/bank/images/{image.id}"

    def pictured():
        return QuestionRecord(type="single_choice", stem=f'<p>Sơ đồ <img src="{url}" alt=""></p>',
                              choices=[Choice("Đúng", 1.0), Choice("Sai")])

    factory.question(bank, record=pictured())
    others = {"another trainer": factory.user(role=Role.trainer),
              "a citizen": factory.user(role=Role.citizen)}
    insiders = {"the owner": owner, "a reviewer": reviewer, "an admin": factory.user(role=Role.admin)}
    factory.commit()

    def status(user):
        web.login(user)
        code = web.client.get(url).status_code
        web.post("/logout", {})
        return code

    assert {who: status(user) for who, user in {**others, **insiders}.items()} == {
        **dict.fromkeys(others, 404), **dict.fromkeys(insiders, 200)}
    factory.question(bank, record=pictured(), publish=True)
    factory.commit()
    assert {who: status(user) for who, user in others.items()} == dict.fromkeys(others, 200)


def _practice_attempt_with_a_wrong_answer(web, factory, session, policy):
    exam, round_ = factory.exam("practice", questions=3, attempts_allowed=5, review_policy=policy.to_dict())
    taker = factory.user(role=Role.citizen)
    factory.commit()
    web.login(taker)
    url = start(web, exam, round_)
    for aq, record in questions(session, url):
        right = get_type("single_choice").answer_key(record)["choice"]
        choice = right if aq.position else next(c.key for c in record.choices if c.key != right)
        web.post(f"{url}/answers/{aq.position}", {"choice": choice}, htmx=True)
    web.post(f"{url}/submit", {})
    return url


def _attempts_of(session, url):
    session.expire_all()
    taker = session.get(Attempt, int(url.rsplit("/", 1)[1])).user_id
    return len(session.exec(select(Attempt).where(Attempt.user_id == taker)).all())


def test_review_of_wrong_answers_is_neither_offered_nor_started_when_correctness_is_hidden(
        web, factory, session):
    """The review attempt holds exactly the questions answered wrong, and the button appears only
    when one was: both tell correctness, so a policy hiding it hides them too."""
    from contest.exams.review_policy import EVERYTHING, ReviewPolicy, Visibility

    url = _practice_attempt_with_a_wrong_answer(web, factory, session, ReviewPolicy(
        during=Visibility(score=True), after_submit=Visibility(score=True, explanations=True),
        after_close=EVERYTHING))
    assert "Ôn lại các câu sai" not in web.get(f"{url}/result").get_data(as_text=True)
    refused = web.post(f"{url}/review-wrong", {})
    assert refused.headers["Location"].endswith(f"{url}/result")
    assert "không thể ôn lại các câu sai" in web.get(refused.headers["Location"]).get_data(as_text=True)
    assert _attempts_of(session, url) == 1


def test_review_of_wrong_answers_is_offered_when_correctness_is_shown(web, factory, session):
    from contest.exams.review_policy import NOTHING, ReviewPolicy, Visibility

    url = _practice_attempt_with_a_wrong_answer(web, factory, session, ReviewPolicy(
        NOTHING, Visibility(correctness=True), NOTHING))
    assert "Ôn lại các câu sai" in web.get(f"{url}/result").get_data(as_text=True)
    review = web.post(f"{url}/review-wrong", {})
    assert review.headers["Location"] != f"{url}/result"
    assert _attempts_of(session, url) == 2
