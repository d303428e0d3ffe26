"""Kinds of contest and training events: what people expect to be told (issue 16).

Each belongs to a topic the person can turn off (``round_opening`` is opt-in). The params are
built by ``contest.notifications.events`` (texts of dates already in the province's time, links
absolute from PUBLIC_URL); a kind only writes them out.

Params:
- round_opening: name, contest, round, opens, closes, link
- prize_awarded: name, contest, round, tier, rank, link
- assessment_result: name, exam, round, passed (bool), score, max_score, link
- training_enrolled: name, course, waitlisted (bool), sessions ([{when, place}]), link
- session_reminder: name, course, when, place, online_url, link
- assessment_assigned: name, exam, round, opens, closes, link
- certificate_issued: name, title, code, link
- completion_expiring: name, programme, course, expires, link

Zalo: each kind sends a template approved by Zalo (ZNS). Its id is the deployment's: the setting
``ZALO_TEMPLATE_IDS`` ({kind: template id}) names it; without it the kind's key is sent as the
template id (for the test recorder and for a gateway that maps names itself).
"""

from __future__ import annotations

from flask_babel import gettext as _

from contest.core.i18n import N_
from contest.notifications.kinds import Kind, greeting, register, zalo_template_id


def _text(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p)


def _fields(params: dict, *names: str) -> dict[str, str]:
    return {n: str(params.get(n, "")) for n in names}


# --- round opening (opt-in) ------------------------------------------------------------------

def _opening_email(p: dict) -> tuple[str, str]:
    return (_("Đợt thi mới đã mở: %(contest)s", contest=p.get("contest", "")),
            _text(greeting(p),
                  _("%(round)s của «%(contest)s» đã mở, nhận bài từ %(opens)s đến %(closes)s.",
                    **_fields(p, "round", "contest", "opens", "closes")),
                  _("Vào thi: %(link)s", link=p.get("link", "")),
                  _("Bạn nhận thư này vì đã đăng ký nhận tin khi có đợt thi mới.")))


def _opening_sms(p: dict) -> str:
    return _("%(contest)s: %(round)s đã mở, hạn chót %(closes)s. Vào thi: %(link)s",
             **_fields(p, "contest", "round", "closes", "link"))


def _opening_zalo(p: dict) -> tuple[str, dict]:
    return zalo_template_id("round_opening"), _fields(p, "contest", "round", "opens", "closes", "link")


# --- results and prizes ------------------------------------------------------------------------

def _prize_email(p: dict) -> tuple[str, str]:
    return (_("Chúc mừng bạn đoạt %(tier)s", tier=p.get("tier", "")),
            _text(greeting(p),
                  _("Chúc mừng bạn đã đoạt %(tier)s (hạng %(rank)s) trong %(round)s của «%(contest)s».",
                    **_fields(p, "tier", "rank", "round", "contest")),
                  _("Xem bảng xếp hạng: %(link)s", link=p.get("link", ""))))


def _prize_sms(p: dict) -> str:
    return _("Chúc mừng %(name)s đoạt %(tier)s - %(contest)s, %(round)s. Xem: %(link)s",
             **_fields(p, "name", "tier", "contest", "round", "link"))


def _prize_zalo(p: dict) -> tuple[str, dict]:
    return zalo_template_id("prize_awarded"), _fields(p, "name", "tier", "rank", "contest", "round", "link")


def _verdict(p: dict) -> str:
    return _("Đạt") if p.get("passed") else _("Chưa đạt")


def _result_email(p: dict) -> tuple[str, str]:
    outcome = (_("Bạn đã ĐẠT kỳ sát hạch «%(exam)s» (%(round)s) với %(score)s/%(max_score)s điểm.",
                 **_fields(p, "exam", "round", "score", "max_score")) if p.get("passed") else
               _("Bạn CHƯA ĐẠT kỳ sát hạch «%(exam)s» (%(round)s): %(score)s/%(max_score)s điểm.",
                 **_fields(p, "exam", "round", "score", "max_score")))
    return (_("Kết quả kỳ sát hạch %(exam)s: %(verdict)s", exam=p.get("exam", ""), verdict=_verdict(p)),
            _text(greeting(p), outcome, _("Xem kết quả: %(link)s", link=p.get("link", ""))))


def _result_sms(p: dict) -> str:
    return _("Kết quả sát hạch %(exam)s: %(verdict)s, %(score)s/%(max_score)s điểm. Xem: %(link)s",
             verdict=_verdict(p), **_fields(p, "exam", "score", "max_score", "link"))


def _result_zalo(p: dict) -> tuple[str, dict]:
    return zalo_template_id("assessment_result"), {**_fields(p, "name", "exam", "round", "score", "max_score",
                                                         "link"), "verdict": _verdict(p)}


# --- training --------------------------------------------------------------------------------

def _schedule(p: dict) -> str:
    lines = [f"- {s.get('when', '')}" + (f", {s['place']}" if s.get("place") else "")
             for s in p.get("sessions") or []]
    return _("Lịch học:") + "\n" + "\n".join(lines) if lines else ""


def _first(p: dict) -> dict:
    sessions = p.get("sessions") or []
    return sessions[0] if sessions else {}


def _enrolled_email(p: dict) -> tuple[str, str]:
    if p.get("waitlisted"):
        return (_("Bạn có tên trong danh sách chờ lớp %(course)s", course=p.get("course", "")),
                _text(greeting(p),
                      _("Lớp «%(course)s» đã đủ chỗ; bạn có tên trong danh sách chờ và sẽ được báo "
                        "khi có chỗ.", course=p.get("course", "")),
                      _schedule(p), _("Xem lớp của bạn: %(link)s", link=p.get("link", ""))))
    return (_("Bạn được ghi danh vào lớp %(course)s", course=p.get("course", "")),
            _text(greeting(p), _("Bạn được ghi danh vào lớp «%(course)s».", course=p.get("course", "")),
                  _schedule(p), _("Xem lớp của bạn: %(link)s", link=p.get("link", ""))))


def _enrolled_sms(p: dict) -> str:
    first = _first(p)
    if p.get("waitlisted"):
        return _("Bạn có tên trong danh sách chờ lớp %(course)s. Xem: %(link)s", **_fields(p, "course", "link"))
    if first:
        return _("Bạn được ghi danh vào lớp %(course)s, buổi đầu %(when)s %(place)s. Xem: %(link)s",
                 when=first.get("when", ""), place=first.get("place", ""), **_fields(p, "course", "link"))
    return _("Bạn được ghi danh vào lớp %(course)s. Xem: %(link)s", **_fields(p, "course", "link"))


def _enrolled_zalo(p: dict) -> tuple[str, dict]:
    first = _first(p)
    return zalo_template_id("training_enrolled"), {**_fields(p, "name", "course", "link"),
                                               "when": first.get("when", ""), "place": first.get("place", ""),
                                               "waitlisted": "1" if p.get("waitlisted") else "0"}


def _where(p: dict) -> str:
    return p.get("place") or p.get("online_url") or ""


def _reminder_email(p: dict) -> tuple[str, str]:
    return (_("Nhắc lịch học ngày mai: %(course)s", course=p.get("course", "")),
            _text(greeting(p),
                  _("Ngày mai bạn có buổi học lớp «%(course)s»: %(when)s.", **_fields(p, "course", "when")),
                  _("Địa điểm: %(place)s", place=p["place"]) if p.get("place") else "",
                  _("Học trực tuyến: %(url)s", url=p["online_url"]) if p.get("online_url") else "",
                  _("Xem lớp của bạn: %(link)s", link=p.get("link", ""))))


def _reminder_sms(p: dict) -> str:
    return _("Nhắc lịch: ngày mai %(when)s học lớp %(course)s, %(where)s.", where=_where(p),
             **_fields(p, "when", "course"))


def _reminder_zalo(p: dict) -> tuple[str, dict]:
    return zalo_template_id("session_reminder"), {**_fields(p, "name", "course", "when", "link"), "place": _where(p)}


def _expiring_email(p: dict) -> tuple[str, str]:
    return (_("Kết quả bồi dưỡng sắp hết hạn: %(programme)s", programme=p.get("programme", "")),
            _text(greeting(p),
                  _("Kết quả hoàn thành chương trình «%(programme)s» (lớp «%(course)s») của bạn hết hạn "
                    "ngày %(expires)s. Hãy tham gia một lớp mới của chương trình để duy trì.",
                    **_fields(p, "programme", "course", "expires")),
                  _("Xem quá trình bồi dưỡng của bạn: %(link)s", link=p.get("link", ""))))


def _expiring_sms(p: dict) -> str:
    return _("Kết quả bồi dưỡng %(programme)s của bạn hết hạn ngày %(expires)s. Xem: %(link)s",
             **_fields(p, "programme", "expires", "link"))


def _expiring_zalo(p: dict) -> tuple[str, dict]:
    return zalo_template_id("completion_expiring"), _fields(p, "name", "programme", "course", "expires", "link")


# --- assessment and certificates -----------------------------------------------------------------

def _assigned_email(p: dict) -> tuple[str, str]:
    return (_("Bạn có kỳ sát hạch %(exam)s", exam=p.get("exam", "")),
            _text(greeting(p),
                  _("Bạn có kỳ sát hạch «%(exam)s» (%(round)s), làm bài từ %(opens)s đến %(closes)s.",
                    **_fields(p, "exam", "round", "opens", "closes")),
                  _("Vào làm bài: %(link)s", link=p.get("link", ""))))


def _assigned_sms(p: dict) -> str:
    return _("Bạn có kỳ sát hạch %(exam)s, làm bài từ %(opens)s đến %(closes)s: %(link)s",
             **_fields(p, "exam", "opens", "closes", "link"))


def _assigned_zalo(p: dict) -> tuple[str, dict]:
    return zalo_template_id("assessment_assigned"), _fields(p, "name", "exam", "round", "opens", "closes", "link")


def _certificate_email(p: dict) -> tuple[str, str]:
    return (_("Bạn được cấp giấy chứng nhận"),
            _text(greeting(p),
                  _("Bạn được cấp giấy chứng nhận «%(title)s» (mã %(code)s).", **_fields(p, "title", "code")),
                  _("Xem và tải về: %(link)s", link=p.get("link", ""))))


def _certificate_sms(p: dict) -> str:
    return _("Bạn được cấp giấy chứng nhận %(title)s, mã %(code)s. Xem: %(link)s",
             **_fields(p, "title", "code", "link"))


def _certificate_zalo(p: dict) -> tuple[str, dict]:
    return zalo_template_id("certificate_issued"), _fields(p, "name", "title", "code", "link")


ROUND_OPENING = register(Kind(key="round_opening", label=N_("Đợt thi mới mở"), topic="round_opening",
                              email=_opening_email, sms=_opening_sms, zalo=_opening_zalo))
PRIZE_AWARDED = register(Kind(key="prize_awarded", label=N_("Đoạt giải"), topic="results",
                              email=_prize_email, sms=_prize_sms, zalo=_prize_zalo))
ASSESSMENT_RESULT = register(Kind(key="assessment_result", label=N_("Kết quả sát hạch"), topic="results",
                                  email=_result_email, sms=_result_sms, zalo=_result_zalo))
TRAINING_ENROLLED = register(Kind(key="training_enrolled", label=N_("Ghi danh vào lớp"), topic="training",
                                  email=_enrolled_email, sms=_enrolled_sms, zalo=_enrolled_zalo))
SESSION_REMINDER = register(Kind(key="session_reminder", label=N_("Nhắc lịch học ngày mai"), topic="training",
                                 email=_reminder_email, sms=_reminder_sms, zalo=_reminder_zalo))
ASSESSMENT_ASSIGNED = register(Kind(key="assessment_assigned", label=N_("Kỳ sát hạch được giao"),
                                    topic="assessment", email=_assigned_email, sms=_assigned_sms,
                                    zalo=_assigned_zalo))
CERTIFICATE_ISSUED = register(Kind(key="certificate_issued", label=N_("Cấp giấy chứng nhận"),
                                   topic="certificates", email=_certificate_email, sms=_certificate_sms,
                                   zalo=_certificate_zalo))
COMPLETION_EXPIRING = register(Kind(key="completion_expiring", label=N_("Kết quả bồi dưỡng sắp hết hạn"),
                                    topic="certificates", email=_expiring_email, sms=_expiring_sms,
                                    zalo=_expiring_zalo))
