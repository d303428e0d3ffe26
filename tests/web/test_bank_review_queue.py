"""The reviewer's queue: what waits for whom, its count on the home page and menu, batch
approve / return with one comment (never one's own questions), and an import sent for review."""

import io
import re

import pytest
from sqlmodel import select

from contest.accounts.models import Role
from question_bank.models import Question, QuestionStatus, QuestionVersion
from question_bank.services.questions import submit_for_review
from tests.conftest import WebClient, single_choice

GIFT = """::GIFT1:: Cổng Dịch vụ công quốc gia do cơ quan nào quản lý? {=Văn phòng Chính phủ ~Bộ Y tế}

::GIFT2:: Một cửa điện tử dùng để làm gì? {=Tiếp nhận và trả kết quả hồ sơ ~Giải trí}
"""
_TOKEN = re.compile(r'name="token" type="hidden" value="([^"]+)"')


@pytest.fixture
def team(factory):
    """Two banks the reviewer reviews, one they do not; the reviewer also writes questions."""
    author = factory.user(role=Role.trainer, full_name="Tác Giả")
    reviewer = factory.user(role=Role.trainer, full_name="Người Duyệt")
    first = factory.bank(owner=author, reviewers=[reviewer], name="Ngân hàng Một cửa")
    second = factory.bank(owner=author, reviewers=[reviewer, author], name="Ngân hàng Chữ ký số")
    elsewhere = factory.bank(owner=author, name="Ngân hàng không do người này duyệt")
    factory.commit()
    return author, reviewer, first, second, elsewhere


def in_review(factory, bank, author, stem, **kwargs):
    question = factory.question(bank, author, record=single_choice(stem=stem, **kwargs))
    submit_for_review(factory.session, question, None)
    return question


@pytest.fixture
def waiting(factory, team):
    """Two questions waiting for the reviewer, plus some that must not be in their queue."""
    author, reviewer, first, second, elsewhere = team
    a = in_review(factory, first, author, "Câu chờ duyệt thứ nhất?")
    b = in_review(factory, second, author, "Câu chờ duyệt thứ hai?", title="GIFT7")
    own = in_review(factory, second, reviewer, "Câu do chính người duyệt soạn?")
    factory.question(first, author, record=single_choice(stem="Câu còn là bản nháp?"))
    in_review(factory, elsewhere, author, "Câu của ngân hàng khác?")
    factory.commit()
    return a, b, own


def status(session, question):
    session.expire_all()
    return session.get(Question, question.id).status


def test_queue_lists_what_waits_for_this_reviewer_oldest_first(web, team, waiting):
    _, reviewer, *_ = team
    web.login(reviewer)
    response = web.get("/bank/review")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" in body and 'id="review-queue"' in body
    assert body.index("Câu chờ duyệt thứ nhất?") < body.index("Câu chờ duyệt thứ hai?")
    assert "2 câu hỏi chờ duyệt" in body
    for absent in ("Câu do chính người duyệt soạn?", "Câu còn là bản nháp?", "Câu của ngân hàng khác?",
                   "GIFT7"):
        assert absent not in body, absent


def test_queue_filter_answers_htmx_with_the_fragment_only(web, team, waiting):
    _, reviewer, first, second, _ = team
    web.login(reviewer)
    page = web.get("/bank/review").get_data(as_text=True)
    assert "Ngân hàng Một cửa (1)" in page and "Ngân hàng Chữ ký số (1)" in page
    response = web.get(f"/bank/review?bank_id={second.id}", headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body and "<h1" not in body
    assert "Câu chờ duyệt thứ hai?" in body and "Câu chờ duyệt thứ nhất?" not in body
    assert f'action="/bank/review?bank_id={second.id}"' in body


def test_someone_with_nothing_to_review_sees_an_empty_queue(web, team, waiting, factory):
    other = factory.user(role=Role.trainer)
    factory.commit()
    web.login(other)
    body = web.get("/bank/review").get_data(as_text=True)
    assert "Không có câu hỏi nào chờ bạn duyệt." in body and "Câu chờ duyệt" not in body


def test_an_admin_reviews_every_bank_but_not_their_own_questions(web, team, waiting, factory):
    admin = factory.user(role=Role.admin)
    in_review(factory, team[4], admin, "Câu do quản trị viên soạn?")
    factory.commit()
    web.login(admin)
    body = web.get("/bank/review").get_data(as_text=True)
    assert "4 câu hỏi chờ duyệt" in body
    assert "Câu của ngân hàng khác?" in body and "Câu do chính người duyệt soạn?" in body
    assert "Câu do quản trị viên soạn?" not in body


def test_home_page_and_menu_show_the_count(web, team, waiting):
    author, reviewer, *_ = team
    web.login(reviewer)
    home = web.get("/").get_data(as_text=True)
    assert "Có 2 câu hỏi đang chờ bạn duyệt." in home
    nav = web.get("/bank/").get_data(as_text=True)
    assert re.search(r'href="/bank/review">Chờ duyệt <span class="badge warn">2</span>', nav)
    # The author of the other questions reviews the second bank: only the reviewer's one waits.
    web.login(author)
    home = web.get("/").get_data(as_text=True)
    assert "Có 1 câu hỏi đang chờ bạn duyệt." in home
    assert re.search(r'href="/bank/review">Chờ duyệt <span class="badge warn">1</span>', home)


def test_citizens_have_no_queue_in_their_menu(web, factory):
    citizen = factory.user(role=Role.citizen)
    factory.commit()
    web.login(citizen)
    assert "/bank/review" not in web.get("/").get_data(as_text=True)


def test_batch_approve_publishes_each_chosen_question(web, team, waiting, session):
    _, reviewer, *_ = team
    a, b, _own = waiting
    web.login(reviewer)
    web.get("/bank/review")
    response = web.post("/bank/review", {"question_ids": [a.id, b.id], "decision": "approve",
                                         "comment": "Đạt yêu cầu."})
    assert response.status_code == 302 and response.headers["Location"] == "/bank/review"
    assert status(session, a) == status(session, b) == QuestionStatus.published
    version = session.get(QuestionVersion, session.get(Question, a.id).published_version_id)
    assert (version.reviewed_by, version.review_comment) == (reviewer.id, "Đạt yêu cầu.")
    body = web.get("/bank/review").get_data(as_text=True)
    assert "Đã duyệt và xuất bản 2 câu hỏi." in body and "Không có câu hỏi nào chờ bạn duyệt." in body


def test_batch_return_sends_the_one_comment_to_each_author(web, team, waiting, session):
    _, reviewer, *_ = team
    a, b, _own = waiting
    web.login(reviewer)
    web.get("/bank/review")
    web.post("/bank/review", {"question_ids": [a.id, b.id], "decision": "return",
                              "comment": "Thiếu căn cứ pháp lý."})
    assert status(session, a) == status(session, b) == QuestionStatus.draft
    comments = {session.get(QuestionVersion, session.get(Question, q.id).head_version_id).review_comment
                for q in (a, b)}
    assert comments == {"Thiếu căn cứ pháp lý."}
    assert "Đã trả lại 2 câu hỏi cho tác giả." in web.get("/bank/review").get_data(as_text=True)


def test_batch_return_without_a_comment_changes_nothing(web, team, waiting, session):
    _, reviewer, *_ = team
    a, b, _own = waiting
    web.login(reviewer)
    web.get("/bank/review")
    web.post("/bank/review", {"question_ids": [a.id, b.id], "decision": "return", "comment": " "})
    assert status(session, a) == status(session, b) == QuestionStatus.in_review
    body = web.get("/bank/review").get_data(as_text=True)
    assert "2 câu hỏi không được xử lý: Hãy ghi nhận xét khi trả lại câu hỏi cho tác giả." in body


def test_a_reviewer_never_approves_their_own_question_in_a_batch(web, team, waiting, session):
    """The queue hides one's own questions; a crafted batch naming one is refused for that
    question while the others are decided."""
    _, reviewer, *_ = team
    a, _b, own = waiting
    web.login(reviewer)
    web.get("/bank/review")
    web.post("/bank/review", {"question_ids": [a.id, own.id], "decision": "approve"})
    assert status(session, a) == QuestionStatus.published
    assert status(session, own) == QuestionStatus.in_review
    body = web.get("/bank/review").get_data(as_text=True)
    assert "Đã duyệt và xuất bản 1 câu hỏi." in body
    assert "1 câu hỏi không được xử lý: Bạn không thể duyệt câu hỏi này" in body


def test_a_batch_on_a_bank_one_does_not_review_is_refused(web, team, waiting, session, factory):
    outsider = factory.user(role=Role.trainer)
    factory.commit()
    a, _b, _own = waiting
    web.login(outsider)
    web.get("/bank/review")
    web.post("/bank/review", {"question_ids": [a.id], "decision": "approve"})
    assert status(session, a) == QuestionStatus.in_review


def test_a_batch_without_a_choice_says_what_is_missing(web, team, waiting, session):
    _, reviewer, *_ = team
    a, _b, _own = waiting
    web.login(reviewer)
    web.get("/bank/review")
    web.post("/bank/review", {"decision": "approve"})
    web.post("/bank/review", {"question_ids": [a.id]})
    assert status(session, a) == QuestionStatus.in_review
    body = web.get("/bank/review").get_data(as_text=True)
    assert "Hãy chọn câu hỏi và chọn duyệt hoặc trả lại." in body


# --- Import, then send for review in the same step ---------------------------------------------


@pytest.fixture(autouse=True)
def upload_dir(app, tmp_path):
    app.config["IMPORT_UPLOAD_DIR"] = str(tmp_path / "imports")
    yield
    app.config.pop("IMPORT_UPLOAD_DIR")


def import_gift(web, bank, **options):
    web.get(f"/bank/{bank.id}/import")
    preview = web.post(f"/bank/{bank.id}/import", {"file": (io.BytesIO(GIFT.encode()), "de.gift")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert '<input checked id="send_for_review"' in preview  # offered, and ticked by default
    data = {"token": _TOKEN.search(preview).group(1), "format": "gift", "filename": "de.gift", **options}
    return web.post(f"/bank/{bank.id}/import/confirm", data)


def test_an_import_can_be_sent_for_review_in_the_same_step(web, team, session, app):
    author, reviewer, first, *_ = team
    web.login(author)
    done = import_gift(web, first, send_for_review="y")
    assert done.status_code == 302
    items = session.exec(select(Question).where(Question.bank_id == first.id)).all()
    assert len(items) == 2 and {q.status for q in items} == {QuestionStatus.in_review}
    assert "Đã gửi 2 câu hỏi cho người duyệt của ngân hàng." in web.get(
        done.headers["Location"]).get_data(as_text=True)
    other = WebClient(app.test_client())
    other.login(reviewer)
    queue = other.get("/bank/review").get_data(as_text=True)
    assert "2 câu hỏi chờ duyệt" in queue
    assert "Cổng Dịch vụ công quốc gia do cơ quan nào quản lý?" in queue and "GIFT1" not in queue


def test_an_import_without_the_option_stays_in_draft(web, team, session):
    author, _, first, *_ = team
    web.login(author)
    import_gift(web, first)
    items = session.exec(select(Question).where(Question.bank_id == first.id)).all()
    assert len(items) == 2 and {q.status for q in items} == {QuestionStatus.draft}


def test_a_published_import_is_not_sent_for_review(web, team, session):
    _, reviewer, first, *_ = team
    web.login(reviewer)  # a reviewer may publish directly
    import_gift(web, first, publish="y", send_for_review="y")
    items = session.exec(select(Question).where(Question.bank_id == first.id)).all()
    assert {q.status for q in items} == {QuestionStatus.published}
