"""Topics a person can turn on or off. Kinds without a topic are essential and always sent.

Each topic concerns some roles: the preferences page offers a person only the topics of their
role (a citizen is never enrolled in a class nor assigned an assessment, so "training" and
"assessment" are for officials, trainers and admins). Round openings, results and certificates
concern everyone: citizens hold certificates too (a contest's prize, or one issued by hand from
a list: contest.certificates), so their label of ``certificates`` leaves out the completion
deadlines that only officials' training certificates have.
"""

from __future__ import annotations

from dataclasses import dataclass

from contest.accounts.models import Role
from contest.core.i18n import N_

EVERYONE = frozenset(Role)
STAFF_AND_OFFICIALS = frozenset({Role.official, Role.trainer, Role.admin})


@dataclass(frozen=True)
class Topic:
    key: str
    label: str
    #: On unless the person turned it off (True), or opt-in: off until they turn it on (False).
    default: bool
    #: The roles it concerns (the only people offered it on the preferences page).
    roles: frozenset[Role] = EVERYONE
    #: The label a citizen reads, when the general one names things they never receive.
    citizen_label: str | None = None

    def concerns(self, role: Role | str) -> bool:
        return Role(role) in self.roles

    def label_for(self, role: Role | str | None) -> str:
        """The (untranslated, N_) label for a person of ``role``."""
        if role is not None and Role(role) == Role.citizen and self.citizen_label:
            return self.citizen_label
        return self.label


TOPICS: dict[str, Topic] = {t.key: t for t in (
    Topic("round_opening", N_("Đợt thi mới mở"), False),
    Topic("results", N_("Kết quả và giải thưởng"), True),
    Topic("training", N_("Lớp tập huấn và lịch học"), True, STAFF_AND_OFFICIALS),
    Topic("assessment", N_("Kỳ sát hạch được giao"), True, STAFF_AND_OFFICIALS),
    Topic("certificates", N_("Giấy chứng nhận và hạn hoàn thành"), True,
          citizen_label=N_("Giấy chứng nhận")),
)}


def get(key: str) -> Topic:
    return TOPICS[key]


def for_role(role: Role | str) -> list[Topic]:
    """The topics a person of ``role`` is offered, in the registry's order."""
    return [topic for topic in TOPICS.values() if topic.concerns(role)]
