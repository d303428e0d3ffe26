"""The notification pages: a person's preferences, one-click unsubscribe, the admin's log and
the development outbox."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import text

from contest.accounts.models import Role
from contest.core import db
from contest.notifications import log, preferences
from contest.notifications.models import Delivery, DeliveryStatus, NotificationPreference
from contest.notifications.sending import Address
from tests.support.notifications import (
    notify_committed,
    run_queue,
    settings,
    topic_kind,
)


def _preference(app, user_id) -> NotificationPreference | None:
    with app.app_context():
        return db.session().get(NotificationPreference, user_id)


# --- preferences ------------------------------------------------------------------------------

def test_the_preferences_page_needs_a_signed_in_person(web):
    response = web.get("/account/notifications")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_preferences_page_offers_only_channels_with_an_address(web, factory):
    user = factory.user(email="an@example.vn", phone=None)
    factory.commit()
    web.login(user)
    page = web.get("/account/notifications").get_data(as_text=True)
    assert 'value="email" checked' in page
    assert 'value="sms"' not in page
    assert "Chưa dùng được: Tin nhắn SMS, Zalo" in page
    assert 'value="round_opening">' in page  # opt-in: off by default
    assert 'value="results" checked' in page


def test_the_preferences_page_saves_channels_and_topics(app, web, factory):
    user = factory.user(role=Role.official, email="an@example.vn", phone="0912345678")
    factory.commit()
    web.login(user)
    web.get("/account/notifications")
    response = web.post("/account/notifications", {"channels": ["zalo", "email"],
                                                   "topics": ["round_opening", "training"]})
    assert response.status_code == 302
    page = web.get("/account/notifications").get_data(as_text=True)
    assert "Đã lưu lựa chọn nhận thông báo." in page
    assert 'value="zalo" checked' in page and 'value="sms">' in page
    pref = _preference(app, user.id)
    assert pref.channels == ["zalo", "email"]
    assert pref.topics == {"round_opening": True, "results": False, "training": True,
                           "assessment": False, "certificates": False}


def test_unticking_every_channel_is_refused_and_nothing_is_saved(app, web, factory):
    user = factory.user(email="an@example.vn", phone=None)
    factory.commit()
    web.login(user)
    web.get("/account/notifications")
    response = web.post("/account/notifications", {"topics": ["results"]})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Hãy chọn ít nhất một kênh nhận tin." in page
    assert "Đã lưu" not in page
    assert 'value="email">' in page  # shown as the person left it: unticked, not "saved" ticked
    assert _preference(app, user.id) is None


def test_a_person_without_any_address_can_still_save_topics(app, web, factory, session):
    user = factory.user(email="an@example.vn", phone=None)
    factory.commit()
    web.login(user)
    user.email = None  # e.g. an account signed in from an external identity
    session.commit()
    web.get("/account/notifications")
    response = web.post("/account/notifications", {"topics": ["round_opening"]})
    assert response.status_code == 302
    assert _preference(app, user.id).topics["round_opening"] is True


def test_an_unknown_topic_is_refused_with_a_message(app, web, factory):
    user = factory.user()
    factory.commit()
    web.login(user)
    web.get("/account/notifications")
    response = web.post("/account/notifications", {"channels": ["email"], "topics": ["nope"]})
    assert response.status_code == 200
    assert "Hãy chọn trong các loại tin được liệt kê." in response.get_data(as_text=True)
    assert _preference(app, user.id) is None


def test_a_citizen_is_offered_only_the_topics_that_concern_citizens(web, factory):
    user = factory.user(role=Role.citizen)
    factory.commit()
    web.login(user)
    page = web.get("/account/notifications").get_data(as_text=True)
    assert "Đợt thi mới mở" in page and "Kết quả và giải thưởng" in page
    assert 'value="certificates"' in page and "hạn hoàn thành" not in page
    for staff_only in ("Lớp tập huấn và lịch học", "Kỳ sát hạch được giao"):
        assert staff_only not in page
    assert 'value="training"' not in page and 'value="assessment"' not in page


@pytest.mark.parametrize("role", [Role.official, Role.trainer, Role.admin])
def test_officials_and_staff_are_offered_training_and_assessment(web, factory, role):
    user = factory.user(role=role)
    factory.commit()
    web.login(user)
    page = web.get("/account/notifications").get_data(as_text=True)
    assert "Lớp tập huấn và lịch học" in page and "Kỳ sát hạch được giao" in page
    assert "Giấy chứng nhận và hạn hoàn thành" in page


def test_a_citizen_saving_leaves_the_topics_they_are_not_offered_alone(app, web, factory, session):
    user = factory.user(role=Role.citizen)
    session.add(NotificationPreference(user_id=user.id, topics={"training": False}))
    factory.commit()
    web.login(user)
    web.get("/account/notifications")
    response = web.post("/account/notifications", {"channels": ["email"],
                                                   "topics": ["results", "assessment"]})
    assert response.status_code == 302
    assert _preference(app, user.id).topics == {"round_opening": False, "results": True,
                                                "certificates": False, "training": False}


def test_a_channel_without_an_address_is_refused_with_a_message(app, web, factory):
    user = factory.user(email="an@example.vn", phone=None)
    factory.commit()
    web.login(user)
    web.get("/account/notifications")
    response = web.post("/account/notifications", {"channels": ["sms"], "topics": []})
    assert response.status_code == 200
    assert "Hãy chọn trong các kênh được liệt kê." in response.get_data(as_text=True)
    assert _preference(app, user.id) is None


# --- unsubscribe ---------------------------------------------------------------------------------

def _token(app, user_id, topic="results"):
    with app.app_context():
        return preferences.unsubscribe_token(user_id, topic)


def test_the_unsubscribe_link_shows_a_confirm_button(app, web, factory):
    user = factory.user()
    factory.commit()
    response = web.get(f"/unsubscribe/{_token(app, user.id)}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Bạn muốn ngừng nhận tin loại «Kết quả và giải thưởng»?" in page
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert _preference(app, user.id) is None  # a GET (a mail scanner's) changes nothing


def test_the_one_click_post_turns_the_topic_off_without_a_session(app, factory):
    user = factory.user()
    factory.commit()
    client = app.test_client()  # no cookie, no CSRF token: as a mail client posts it
    response = client.post(f"/unsubscribe/{_token(app, user.id)}",
                           data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "Bạn sẽ không nhận tin loại «Kết quả và giải thưởng» nữa." in response.get_data(as_text=True)
    assert _preference(app, user.id).topics == {"results": False}

    kind = topic_kind("results")
    assert notify_committed(app, kind.key, user=user) == []


def test_opening_a_used_unsubscribe_link_again_says_it_is_done(app, web, factory):
    user = factory.user()
    factory.commit()
    path = f"/unsubscribe/{_token(app, user.id)}"
    app.test_client().post(path, data={"List-Unsubscribe": "One-Click"})

    page = app.test_client().get(path).get_data(as_text=True)
    assert "Bạn đã ngừng nhận loại tin này." in page
    assert "Bạn muốn ngừng nhận" not in page and 'name="List-Unsubscribe"' not in page
    assert "Đăng nhập để chọn các loại tin muốn nhận" in page  # anonymous: sign in first

    web.login(user)
    page = web.get(path).get_data(as_text=True)
    assert "Bạn đã ngừng nhận loại tin này." in page
    assert 'href="/account/notifications"' in page


def test_an_opt_in_topic_never_turned_on_is_already_off(app, factory):
    user = factory.user()
    factory.commit()
    page = app.test_client().get(f"/unsubscribe/{_token(app, user.id, 'round_opening')}")
    assert "Bạn đã ngừng nhận loại tin này." in page.get_data(as_text=True)


def test_the_unsubscribe_page_names_the_topic_as_the_citizen_reads_it(app, factory):
    user = factory.user(role=Role.citizen)
    factory.commit()
    page = app.test_client().get(f"/unsubscribe/{_token(app, user.id, 'certificates')}")
    assert "Bạn muốn ngừng nhận tin loại «Giấy chứng nhận»?" in page.get_data(as_text=True)


def test_a_forged_unsubscribe_token_is_refused_in_vietnamese(app, factory):
    user = factory.user()
    factory.commit()
    token = _token(app, user.id)
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    client = app.test_client()
    for response in (client.get(f"/unsubscribe/{forged}"), client.post(f"/unsubscribe/{forged}")):
        assert response.status_code == 400
        assert "Liên kết hủy nhận tin không hợp lệ" in response.get_data(as_text=True)
    assert _preference(app, user.id) is None


def test_a_token_signed_with_another_key_is_refused(app, factory):
    from itsdangerous import URLSafeSerializer

    user = factory.user()
    factory.commit()
    other = URLSafeSerializer("another-key", salt="notify-unsubscribe").dumps([user.id, "results"])
    response = app.test_client().post(f"/unsubscribe/{other}")
    assert response.status_code == 400
    assert _preference(app, user.id) is None


# --- the admin's log ---------------------------------------------------------------------------

@pytest.mark.parametrize("role", [Role.citizen, Role.official, Role.trainer])
def test_only_admins_see_the_log(web, factory, role):
    user = factory.user(role=role)
    factory.commit()
    web.login(user)
    assert web.get("/manage/messages").status_code == 403
    assert web.get("/manage/messages/outbox").status_code == 403


def test_the_log_lists_newest_first_and_filters(app, web, factory):
    admin = factory.user(role=Role.admin)
    factory.commit()
    notify_committed(app, "test", to=Address("email", "first@example.vn"), params={"code": "ONE"})
    notify_committed(app, "test", to=Address("sms", "0912345678"), params={"code": "TWO"})
    with settings(app, NOTIFY_OUTBOX=False):
        run_queue(app)  # no server configured, production: both fail
    notify_committed(app, "test", to=Address("email", "third@example.vn"))
    web.login(admin)

    page = web.get("/manage/messages").get_data(as_text=True)
    assert page.index("third@example.vn") < page.index("0912345678") < page.index("first@example.vn")
    assert "chưa cấu hình" in page and "Mã thử: ONE" in page

    page = web.get("/manage/messages?channel=sms").get_data(as_text=True)
    assert "0912345678" in page and "example.vn" not in page
    page = web.get("/manage/messages?status=queued", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert 'id="delivery-table"' in page
    assert "<html" not in page  # htmx gets the table alone
    assert "third@example.vn" in page and "first@example.vn" not in page
    page = web.get("/manage/messages?status=bogus&kind=nope").get_data(as_text=True)
    assert "third@example.vn" in page  # an unknown filter value filters nothing


def test_the_log_hides_the_content_of_secret_kinds(app, web, factory):
    admin = factory.user(role=Role.admin)
    factory.commit()
    kind = topic_kind("results", secret=True)
    notify_committed(app, kind.key, to=Address("email", "x@example.vn"), params={"code": "S3CR3T"})
    web.login(admin)
    page = web.get("/manage/messages").get_data(as_text=True)
    assert "x@example.vn" in page  # still queued: the content exists but is not shown
    assert "S3CR3T" not in page and "tin bảo mật" in page


def test_the_log_pages(app, web, factory):
    admin = factory.user(role=Role.admin)
    factory.commit()
    with app.app_context():
        session = db.session()
        for n in range(55):
            session.add(Delivery(kind="test", channel="email", address=f"p{n:02d}@example.vn",
                                 recipient=f"email:p{n:02d}@example.vn", status=DeliveryStatus.sent))
        db.finish(True)
    web.login(admin)
    first = web.get("/manage/messages?channel=email").get_data(as_text=True)
    assert "55 tin" in first and 'rel="next"' in first
    second = web.get("/manage/messages?channel=email&page=2").get_data(as_text=True)
    assert second.count("@example.vn</td>") + second.count("@example.vn<br>") == 5


def _deliveries(app, *rows):
    """Log rows (address, created_at as naive UTC) sent by e-mail or SMS as the address says."""
    with app.app_context():
        session = db.session()
        for address, created_at in rows:
            channel = "email" if "@" in address else "sms"
            session.add(Delivery(kind="test", channel=channel, address=address,
                                 recipient=f"{channel}:{address}", status=DeliveryStatus.sent,
                                 created_at=created_at or datetime(2026, 3, 1, 3, 0)))
        db.finish(True)


def _addresses(page: str, candidates) -> set[str]:
    return {address for address in candidates if f">{address}<" in page}


def test_the_content_cell_takes_the_whole_row_on_a_phone(app, web, factory):
    admin = factory.user(role=Role.admin)
    factory.commit()
    notify_committed(app, "test", to=Address("email", "x@example.vn"), params={"code": "ONE"})
    web.login(admin)
    page = web.get("/manage/messages").get_data(as_text=True)
    assert """<td class="wide" data-label="Nội dung">""" in page


@pytest.mark.parametrize(("typed", "found"), [
    ("AN@Example.VN ", {"an@example.vn"}),
    ("+84 912 345 678", {"0912345678"}),
    ("0912.345.678", {"0912345678"}),
    ("0912", {"0912345678", "0912999999"}),
    ("+84 98", {"0987654321"}),
    ("an@example", set()),  # an e-mail is matched whole
    ("khong-co@example.vn", set()),
])
def test_the_log_finds_a_recipient_typed_as_at_sign_in(app, web, factory, typed, found):
    admin = factory.user(role=Role.admin, email="admin@example.vn")
    factory.commit()
    every = ("an@example.vn", "0912345678", "0912999999", "0987654321", "0129121234")
    _deliveries(app, *((address, None) for address in every))
    web.login(admin)
    page = web.get("/manage/messages", query_string={"recipient": typed}).get_data(as_text=True)
    assert 'name="recipient"' in page and "Người nhận" in page
    assert _addresses(page, every) == found
    assert f"{len(found)} tin" in page


def test_the_log_filters_by_province_days(app, web, factory):
    admin = factory.user(role=Role.admin)
    factory.commit()
    _deliveries(app, ("late@example.vn", datetime(2026, 3, 1, 16, 30)),  # 23:30 on 1/3 in Hà Nội
                ("early@example.vn", datetime(2026, 3, 1, 17, 30)),  # 00:30 on 2/3
                ("night@example.vn", datetime(2026, 3, 2, 16, 59)),  # 23:59 on 2/3
                ("next@example.vn", datetime(2026, 3, 2, 17, 0)))  # 00:00 on 3/3
    every = ("late@example.vn", "early@example.vn", "night@example.vn", "next@example.vn")
    web.login(admin)

    def found(**query):
        return _addresses(web.get("/manage/messages", query_string=query).get_data(as_text=True), every)

    assert found(since="2026-03-02", until="2026-03-02") == {"early@example.vn", "night@example.vn"}
    assert found(since="2026-03-03") == {"next@example.vn"}
    assert found(until="2026-03-01") == {"late@example.vn"}
    page = web.get("/manage/messages", query_string={"since": "2026-03-02", "until": "2026-03-02",
                                                     "recipient": "early@example.vn"},
                   headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in page and _addresses(page, every) == {"early@example.vn"}


@pytest.mark.parametrize(("query", "message"), [
    ({"since": "2026-02-30"}, "Ngày không hợp lệ."),
    ({"since": "0001-01-01"}, "Hãy chọn ngày trong các năm"),
    ({"since": "2026-03-05", "until": "2026-03-01"}, "Ngày kết thúc phải từ ngày bắt đầu trở đi."),
    ({"recipient": "x" * 300}, "Tối đa 254 ký tự."),
    ({"recipient": "09\x0012"}, "ký tự NUL"),
])
def test_a_refused_filter_is_told_on_the_page_and_in_the_htmx_answer(app, web, factory, query, message):
    admin = factory.user(role=Role.admin)
    factory.commit()
    _deliveries(app, ("an@example.vn", datetime(2026, 3, 3, 3, 0)))
    web.login(admin)
    for headers in ({}, {"HX-Request": "true"}):  # htmx swaps only the table: it tells it there
        response = web.get("/manage/messages", query_string=query, headers=headers)
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert message in page


def test_the_recipient_search_reads_the_address_index(app):
    """Exact and prefix searches are index searches (a LIKE alone is not one on SQLite)."""
    from sqlmodel import select

    with app.app_context():
        session = db.session()
        engine = session.get_bind()
        for typed in ("0912345678", "0912", "an@example.vn"):
            wanted = log.recipient(typed)
            query = select(Delivery.id).where(log._address_matches(wanted))
            sql = str(query.compile(engine, compile_kwargs={"literal_binds": True}))
            if engine.dialect.name == "sqlite":
                plan = " ".join(str(row) for row in session.execute(text("EXPLAIN QUERY PLAN " + sql)))
            else:
                session.execute(text("SET LOCAL enable_seqscan = off"))
                plan = " ".join(row[0] for row in session.execute(text("EXPLAIN " + sql)))
            assert "ix_delivery_address" in plan, (typed, plan)
        db.finish(False)


def test_the_outbox_page_shows_the_dev_folder(app, web, factory):
    admin = factory.user(role=Role.admin)
    factory.commit()
    notify_committed(app, "test", to=Address("email", "dev@example.vn"), params={"code": "DEV42"})
    run_queue(app)
    web.login(admin)
    page = web.get("/manage/messages/outbox").get_data(as_text=True)
    assert "dev@example.vn" in page and "DEV42" in page
    assert "Thư thử nghiệm từ hệ thống cuộc thi" in page


def test_the_outbox_page_does_not_exist_in_production(app, web, factory):
    admin = factory.user(role=Role.admin)
    factory.commit()
    web.login(admin)
    with settings(app, NOTIFY_OUTBOX=False):
        assert web.get("/manage/messages/outbox").status_code == 404
