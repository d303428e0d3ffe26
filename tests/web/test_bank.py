"""Question bank authoring: versions, review, stale edits, search, and who sees answer keys."""

import pytest
from sqlmodel import select

from contest.accounts.models import Role
from question_bank.models import BankImage, QuestionStatus, QuestionVersion
from tests.conftest import single_choice

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
       b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
       b"\x00\x00IEND\xaeB`\x82")


@pytest.fixture
def team(factory):
    author = factory.user(role=Role.trainer, full_name="Tác Giả")
    reviewer = factory.user(role=Role.trainer, full_name="Người Duyệt")
    bank = factory.bank(owner=author, reviewers=[reviewer])
    factory.commit()
    return author, reviewer, bank


def form_data(**overrides):
    data = {"type": "single_choice", "stem": "<p>Cổng Dịch vụ công quốc gia là gì?</p>",
            "options-0-text": "Đầu mối cung cấp dịch vụ công trực tuyến", "options-0-correct": "y",
            "options-1-text": "Một mạng xã hội", "options-2-text": "Một ngân hàng",
            "difficulty": "easy", "explanation": "Cổng là đầu mối.", "tags": "dịch vụ công, Cổng",
            "action": "save"}
    data.update(overrides)
    return data


def test_trainer_creates_a_draft_question(web, team, session):
    author, _, bank = team
    web.login(author)
    web.get(f"/bank/{bank.id}/questions/new")
    response = web.post(f"/bank/{bank.id}/questions/new", form_data())
    assert response.status_code == 302
    version = session.exec(select(QuestionVersion)).one()
    assert version.status == QuestionStatus.draft
    assert version.tags == ["dịch vụ công", "cổng"]
    assert "Đã tạo câu hỏi" in web.get(response.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize("overrides, message", [
    ({"options-0-correct": ""}, "phải có đúng một phương án đúng"),
    ({"options-1-correct": "y"}, "phải có đúng một phương án đúng"),
    ({"stem": "   "}, "Câu hỏi chưa có nội dung."),
    ({"stem": "<script>alert(1)</script>"}, "Câu hỏi chưa có nội dung."),
    ({"type": "multiple_choice", "options-0-correct": ""}, "ít nhất một phương án đúng"),
])
def test_invalid_question_is_refused_and_nothing_saved(web, team, session, overrides, message):
    author, _, bank = team
    web.login(author)
    web.get(f"/bank/{bank.id}/questions/new")
    body = web.post(f"/bank/{bank.id}/questions/new", form_data(**overrides)).get_data(as_text=True)
    assert message in body
    assert session.exec(select(QuestionVersion)).all() == []


def test_script_and_event_handlers_are_stripped(web, team, session):
    author, _, bank = team
    web.login(author)
    web.get(f"/bank/{bank.id}/questions/new")
    web.post(f"/bank/{bank.id}/questions/new", form_data(
        stem='<p onclick="steal()">Câu <strong>hỏi</strong><script>alert(1)</script>'
             '<a href="javascript:alert(1)">x</a></p>'))
    stem = session.exec(select(QuestionVersion)).one().stem
    assert "<strong>hỏi</strong>" in stem
    assert "script" not in stem and "onclick" not in stem and "javascript" not in stem


def test_editor_adds_removes_and_reorders_options_with_htmx(web, team):
    author, _, bank = team
    web.login(author)
    web.get(f"/bank/{bank.id}/questions/new")
    added = web.post(f"/bank/{bank.id}/questions/new", form_data(action="add_option"), htmx=True)
    body = added.get_data(as_text=True)
    assert "<html" not in body and 'name="options-3-text"' in body
    moved = web.post(f"/bank/{bank.id}/questions/new", form_data(action="down-0"), htmx=True)
    body = moved.get_data(as_text=True)
    assert body.index("Một mạng xã hội") < body.index("Đầu mối cung cấp")
    removed = web.post(f"/bank/{bank.id}/questions/new", form_data(action="remove-1"), htmx=True)
    assert "Một mạng xã hội" not in removed.get_data(as_text=True)


def test_live_preview_shows_the_question_without_the_key(web, team):
    author, _, bank = team
    web.login(author)
    web.get(f"/bank/{bank.id}/questions/new")
    body = web.post(f"/bank/{bank.id}/questions/preview", form_data(), htmx=True).get_data(as_text=True)
    assert "Cổng Dịch vụ công quốc gia là gì?" in body
    assert "Một mạng xã hội" in body
    assert "đúng" not in body.lower().replace("đúng một", "")


def test_full_review_cycle_publishes_and_versions(web, team, factory, session, app):
    from tests.conftest import WebClient

    author, reviewer, bank = team
    question = factory.question(bank, author)
    factory.commit()
    web.login(author)
    web.get(f"/bank/{bank.id}/questions/{question.id}")
    web.post(f"/bank/{bank.id}/questions/{question.id}/submit", {"lock": question.lock})
    # The author cannot approve their own question.
    web.get(f"/bank/{bank.id}/questions/{question.id}")
    body = web.post(f"/bank/{bank.id}/questions/{question.id}/review",
                    {"decision": "approve", "lock": question.lock + 1}).get_data(as_text=True)
    other = WebClient(app.test_client())
    other.login(reviewer)
    other.get(f"/bank/{bank.id}/questions/{question.id}")
    other.post(f"/bank/{bank.id}/questions/{question.id}/review",
               {"decision": "return", "comment": "", "lock": question.lock + 1})
    session.refresh(question)
    assert question.status == QuestionStatus.in_review, body
    other.post(f"/bank/{bank.id}/questions/{question.id}/review",
               {"decision": "approve", "lock": question.lock})
    session.refresh(question)
    assert question.status == QuestionStatus.published
    first_version = question.published_version_id
    # Editing a published question makes version 2; exams keep drawing version 1.
    web.get(f"/bank/{bank.id}/questions/{question.id}/edit")
    web.post(f"/bank/{bank.id}/questions/{question.id}/edit",
             form_data(stem="<p>Phiên bản hai</p>", lock=question.lock))
    session.refresh(question)
    assert question.published_version_id == first_version
    assert question.head_version_id != first_version
    history = web.get(f"/bank/{bank.id}/questions/{question.id}/history").get_data(as_text=True)
    assert "Phiên bản 2" in history and "Phiên bản 1" in history and "Phiên bản hai" in history
    old = session.get(QuestionVersion, first_version)
    assert "Phiên bản hai" not in old.stem


def test_stale_edit_is_refused_and_nothing_overwritten(web, team, factory, session):
    author, _, bank = team
    question = factory.question(bank, author)
    factory.commit()
    stale_lock = question.lock
    web.login(author)
    web.get(f"/bank/{bank.id}/questions/{question.id}/edit")
    web.post(f"/bank/{bank.id}/questions/{question.id}/edit", form_data(stem="<p>Lần một</p>", lock=stale_lock))
    body = web.post(f"/bank/{bank.id}/questions/{question.id}/edit",
                    form_data(stem="<p>Lần hai, cũ</p>", lock=stale_lock)).get_data(as_text=True)
    assert "vừa được người khác thay đổi" in body
    session.expire_all()
    assert "Lần một" in session.get(QuestionVersion, question.head_version_id).stem


def test_search_ignores_diacritics_and_case(web, team, factory):
    author, _, bank = team
    factory.question(bank, author, single_choice(stem="Dịch vụ công trực tuyến toàn trình là gì?"))
    factory.question(bank, author, single_choice(stem="Chữ ký số dùng để làm gì?"))
    factory.commit()
    web.login(author)
    body = web.get(f"/bank/{bank.id}?q=DICH+VU+CONG", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "toàn trình" in body and "Chữ ký số" not in body
    assert "<html" not in body


def test_filters_by_status_and_type(web, team, factory):
    author, _, bank = team
    factory.question(bank, author, single_choice(stem="Câu đã xuất bản"), publish=True)
    factory.question(bank, author, single_choice(stem="Câu nháp"))
    factory.commit()
    web.login(author)
    body = web.get(f"/bank/{bank.id}?status=published").get_data(as_text=True)
    assert "Câu đã xuất bản" in body and "Câu nháp" not in body


def test_bulk_tag_and_move(web, team, factory, session):
    from question_bank.services.banks import create_category

    author, _, bank = team
    q1 = factory.question(bank, author)
    category = create_category(session, bank, "An toàn thông tin")
    factory.commit()
    web.login(author)
    web.get(f"/bank/{bank.id}")
    web.post(f"/bank/{bank.id}/bulk", {"question_ids": [q1.id], "bulk_action": "move", "category_id": category.id})
    web.post(f"/bank/{bank.id}/bulk", {"question_ids": [q1.id], "bulk_action": "tag", "tag": "Ôn tập"})
    body = web.get(f"/bank/{bank.id}?tag=ôn+tập&category_id={category.id}").get_data(as_text=True)
    assert "1 câu hỏi" in body


def test_image_upload_is_checked_and_served_safely(web, team, session):
    author, _, bank = team
    web.login(author)
    web.get(f"/bank/{bank.id}/questions/new")
    from io import BytesIO

    fake = web.post(f"/bank/{bank.id}/questions/new", form_data(
        action="upload_image", image=(BytesIO(b"<svg onload=alert(1)>"), "x.png")),
        content_type="multipart/form-data")
    assert "không phải ảnh" in fake.get_data(as_text=True)
    ok = web.post(f"/bank/{bank.id}/questions/new", form_data(
        action="upload_image", image=(BytesIO(PNG), "anh.png")), content_type="multipart/form-data")
    image = session.exec(select(BankImage)).one()
    assert f"/bank/images/{image.id}" in ok.get_data(as_text=True)
    served = web.get(f"/bank/images/{image.id}")
    assert served.headers["Content-Type"] == "image/png"
    assert served.headers["X-Content-Type-Options"] == "nosniff"


def test_too_big_image_is_refused(web, team, session, app):
    from io import BytesIO

    author, _, bank = team
    web.login(author)
    web.get(f"/bank/{bank.id}/questions/new")
    big = PNG + b"\0" * (app.config["IMAGE_MAX_BYTES"] + 1)
    body = web.post(f"/bank/{bank.id}/questions/new", form_data(
        action="upload_image", image=(BytesIO(big), "to.png")), content_type="multipart/form-data")
    assert "Ảnh quá lớn" in body.get_data(as_text=True)
    assert session.exec(select(BankImage)).all() == []


def test_trainer_cannot_open_someone_elses_bank(web, team, factory):
    _, _, bank = team
    stranger = factory.user(role=Role.trainer)
    factory.commit()
    web.login(stranger)
    assert web.get(f"/bank/{bank.id}").status_code == 403
    assert bank.name not in web.get("/bank/").get_data(as_text=True)


def test_question_of_another_bank_is_404(web, team, factory):
    author, _, bank = team
    other_bank = factory.bank(owner=author)
    question = factory.question(other_bank, author)
    factory.commit()
    web.login(author)
    assert web.get(f"/bank/{bank.id}/questions/{question.id}").status_code == 404


BANK_ROUTES = [("get", "/bank/"), ("get", "/bank/{bank}"), ("get", "/bank/{bank}/questions/new"),
               ("get", "/bank/{bank}/questions/{q}"), ("get", "/bank/{bank}/questions/{q}/edit"),
               ("get", "/bank/{bank}/questions/{q}/history"), ("get", "/bank/{bank}/categories"),
               ("get", "/bank/{bank}/settings"), ("post", "/bank/{bank}/questions/preview"),
               ("post", "/bank/{bank}/bulk"), ("post", "/bank/{bank}/questions/{q}/submit"),
               ("post", "/bank/{bank}/questions/{q}/review")]


@pytest.mark.parametrize("role", [None, Role.citizen, Role.official])
@pytest.mark.parametrize("method, route", BANK_ROUTES)
def test_authoring_is_closed_to_examinees(web, team, factory, role, method, route):
    author, _, bank = team
    question = factory.question(bank, author, publish=True)
    factory.commit()
    if role is not None:
        user = factory.user(role=role)
        factory.commit()
        web.login(user)
    url = route.format(bank=bank.id, q=question.id)
    response = web.get(url) if method == "get" else web.post(url, {})
    if role is None:
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    else:
        assert response.status_code == 403
        assert "Nộp và nhận kết quả trực tuyến" not in response.get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.trainer, Role.admin])
def test_owner_and_admin_reach_authoring(web, team, factory, role):
    author, _, bank = team
    question = factory.question(bank, author, publish=True)
    user = author if role == Role.trainer else factory.user(role=Role.admin)
    factory.commit()
    web.login(user)
    for method, route in BANK_ROUTES:
        if method == "get":
            assert web.get(route.format(bank=bank.id, q=question.id)).status_code == 200, route


def test_bank_list_counts_cost_the_same_queries_for_any_number_of_banks(web, team, factory, statements):
    """The list ran two count queries per bank."""
    author, _, bank = team
    factory.question(bank, author, publish=True)
    factory.commit()
    web.login(author)

    def queries_of_the_list():
        statements.clear()
        assert web.get("/bank/").status_code == 200
        return len(statements)

    few = queries_of_the_list()
    for _ in range(4):
        factory.question(factory.bank(owner=author), author)
    factory.commit()
    assert queries_of_the_list() == few


def test_a_history_restore_of_the_filtered_list_gets_the_whole_page(web, team):
    """htmx keeps no history cache (historyCacheSize 0): going back re-fetches the pushed URL
    with HX-Request and HX-History-Restore-Request, and swaps the answer into <body>."""
    author, _, bank = team
    web.login(author)
    body = web.get(f"/bank/{bank.id}?q=abc", headers={
        "HX-Request": "true", "HX-History-Restore-Request": "true"}).get_data(as_text=True)
    assert "<html" in body and 'id="question-list"' in body


@pytest.mark.parametrize("query", ["category_id=99999999999999999999", "position_id=99999999999999999999",
                                   "field_id=-5"])
def test_an_impossible_filter_id_finds_nothing_instead_of_a_500(web, team, factory, query):
    author, _, bank = team
    factory.question(bank, author, single_choice(stem="Câu có trong ngân hàng"))
    factory.commit()
    web.login(author)
    response = web.get(f"/bank/{bank.id}?{query}")
    assert response.status_code == 200
    assert "Câu có trong ngân hàng" not in response.get_data(as_text=True)


def test_preview_of_an_unknown_type_says_so(web, team):
    author, _, bank = team
    web.login(author)
    web.get(f"/bank/{bank.id}/questions/new")
    response = web.post(f"/bank/{bank.id}/questions/preview", form_data(type="cloze"), htmx=True)
    assert response.status_code == 200
    assert "Loại câu hỏi không được hỗ trợ." in response.get_data(as_text=True)


@pytest.mark.parametrize("position", ["-1", "999999", "99999999999999999999", "abc"])
def test_a_bank_for_an_unknown_position_is_refused_with_a_message(web, team, session, position):
    """The audience's ids went straight into link rows: a foreign-key error (500)."""
    from question_bank.models import QuestionBank

    author, _, bank = team
    web.login(author)
    web.get("/bank/")
    response = web.post("/bank/", {"name": "Ngân hàng mới", "position_ids": position})
    assert response.status_code == 200
    assert "Vị trí việc làm hoặc lĩnh vực đã chọn không còn tồn tại." in response.get_data(as_text=True)
    assert session.exec(select(QuestionBank).where(QuestionBank.name == "Ngân hàng mới")).first() is None
    response = web.post(f"/bank/{bank.id}/settings", {"name": bank.name, "field_ids": position})
    assert "Vị trí việc làm hoặc lĩnh vực đã chọn không còn tồn tại." in response.get_data(as_text=True)


def test_examinees_see_images_of_published_questions_only(web, team, factory, session):
    from question_bank.services.images import store_image

    author, _, bank = team
    image = store_image(session, bank, "so-do.png", PNG, 10_000, author.id)
    stem = f'<p>Sơ đồ:</p><p><img src="/bank/images/{image.id}" alt=""></p>'
    question = factory.question(bank, author, single_choice(stem=stem))
    citizen = factory.user(role=Role.citizen)
    factory.commit()
    web.login(citizen)
    assert web.get(f"/bank/images/{image.id}").status_code == 404  # a draft's picture stays hidden
    from question_bank.services.questions import update_question

    record = single_choice(stem=stem)
    update_question(session, question, author, record, lock=None, category_id=None)
    from question_bank.models import QuestionVersion

    version = session.get(QuestionVersion, question.head_version_id)
    version.status = QuestionStatus.published
    session.commit()
    assert web.get(f"/bank/images/{image.id}").status_code == 200


def test_a_question_with_a_generated_title_is_listed_by_its_text(web, team, factory):
    """Imported GIFT questions were listed as "GIFT1", "GIFT2": the list now names a question
    without a real title by the start of its text, and keeps real titles."""
    author, _, bank = team
    factory.question(bank, author, single_choice(stem="<p>Cổng Dịch vụ công quốc gia là gì?</p>",
                                                 title="GIFT1"))
    factory.question(bank, author, single_choice(stem="Câu có tiêu đề thật?", title="Tra cứu hồ sơ"))
    factory.commit()
    web.login(author)
    body = web.get(f"/bank/{bank.id}").get_data(as_text=True)
    assert ">Cổng Dịch vụ công quốc gia là gì?</a>" in body and "GIFT1" not in body
    assert ">Tra cứu hồ sơ</a>" in body
