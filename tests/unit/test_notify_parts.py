"""Pure parts of the notifications: the kinds registry, backoff, Zalo's phone form, the outbox
file format."""

from __future__ import annotations

import pytest

from contest.notifications import topics
from contest.notifications.channels.zalo import international
from contest.notifications.delivering import retry_delay
from contest.notifications.kinds import Kind
from contest.notifications.outbox import messages, write


def _texts(_params):
    return "s", "t"


def test_a_kind_names_a_known_topic_only():
    with pytest.raises(ValueError):
        Kind(key="x", label="x", email=_texts, sms=lambda p: "t", topic="nope")


def test_a_kind_without_a_zalo_template_says_so():
    assert not Kind(key="x", label="x", email=_texts, sms=lambda p: "t").has_zalo
    assert Kind(key="x", label="x", email=_texts, sms=lambda p: "t",
                zalo=lambda p: ("1", {})).has_zalo


def test_round_opening_is_opt_in_and_the_others_are_on():
    assert {k: t.default for k, t in topics.TOPICS.items()} == {
        "round_opening": False, "results": True, "training": True, "assessment": True,
        "certificates": True}


@pytest.mark.parametrize(("attempts", "seconds"), [(1, 60), (2, 120), (3, 240), (5, 960)])
def test_retries_back_off_exponentially(attempts, seconds):
    assert retry_delay({"NOTIFY_RETRY_SECONDS": 60}, attempts) == seconds


@pytest.mark.parametrize(("phone", "expected"), [("0912345678", "84912345678"),
                                                 ("+84912345678", "84912345678"),
                                                 ("84912345678", "84912345678")])
def test_zalo_gets_the_phone_with_the_country_code(phone, expected):
    assert international(phone) == expected


def test_the_outbox_lists_files_newest_first_with_their_text(tmp_path):
    from email.message import EmailMessage

    for n, to in enumerate(("a@example.vn", "b@example.vn")):
        mail = EmailMessage()
        mail["X-Channel"], mail["X-Delivery"], mail["To"] = "email", str(n + 1), to
        mail["Subject"] = "Tiêu đề có dấu"
        mail.set_content(f"Nội dung {n}")
        write(tmp_path, n + 1, "email", bytes(mail))
    found = messages(tmp_path)
    assert [m.to for m in found] == ["b@example.vn", "a@example.vn"]
    assert (found[0].subject, found[0].text.strip(), found[0].delivery_id) == (
        "Tiêu đề có dấu", "Nội dung 1", 2)


@pytest.mark.parametrize("title", ["Kỳ thi 100", "Sát hạch kỹ năng số cán bộ cấp xã năm 2026 đợt 2"])
def test_a_long_vietnamese_subject_arrives_as_written(title):
    from email import policy
    from email.parser import BytesParser

    from contest.notifications.channels.base import Message
    from contest.notifications.channels.email import build_message

    subject = f"Kết quả kỳ sát hạch {title}: Chưa đạt"
    mail = build_message(Message(1, "test", "a@xa.vn", subject, "Nội dung"),
                         {"MAIL_FROM": "Ban tổ chức <no-reply@tinh.gov.vn>"})
    assert BytesParser(policy=policy.default).parsebytes(mail.as_bytes())["Subject"] == subject
