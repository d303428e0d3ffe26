"""Topics a person can turn on or off. Kinds without a topic are essential and always sent."""

from __future__ import annotations

from dataclasses import dataclass

from contest.core.i18n import N_


@dataclass(frozen=True)
class Topic:
    key: str
    label: str
    #: On unless the person turned it off (True), or opt-in: off until they turn it on (False).
    default: bool


TOPICS: dict[str, Topic] = {t.key: t for t in (
    Topic("round_opening", N_("Đợt thi mới mở"), False),
    Topic("results", N_("Kết quả và giải thưởng"), True),
    Topic("training", N_("Lớp tập huấn và lịch học"), True),
    Topic("assessment", N_("Kỳ sát hạch được giao"), True),
    Topic("certificates", N_("Giấy chứng nhận và hạn hoàn thành"), True),
)}


def get(key: str) -> Topic:
    return TOPICS[key]
