"""Who may take a practice exam: the audience of every private bank it draws from."""

import pytest

from contest.accounts.models import Role
from contest.exams.models import DrawRule
from contest.exams.services.eligibility import is_eligible
from question_bank.services.banks import set_audience


@pytest.fixture
def audience(factory):
    return {"position": factory.position(), "field": factory.field(), "other": factory.position()}


def practice(factory, session, banks):
    """A published practice exam drawing one question of each bank of ``banks``."""
    exam, _round = factory.exam("practice", questions=1, bank=banks[0], draw=1)
    for bank in banks[1:]:
        factory.question(bank, publish=True)
        session.add(DrawRule(exam_id=exam.id, bank_id=bank.id, count=1, position=1))
    session.flush()
    return exam


def bank_for(factory, session, public=False, positions=(), fields=()):
    bank = factory.bank(is_public=public)
    set_audience(session, bank, [p.id for p in positions], [f.id for f in fields])
    return bank


@pytest.mark.parametrize("who, banks, eligible", [
    ("citizen", ["public"], True),
    ("citizen", ["by_position"], False),
    ("official", ["by_position"], True),
    ("official", ["by_field"], True),
    ("official", ["other"], False),
    ("official", ["public", "by_position"], True),
    ("official", ["by_position", "other"], False),
    ("trainer", ["other"], True),
])
def test_practice_is_open_to_the_audience_of_every_private_bank(factory, session, audience, who,
                                                                banks, eligible):
    made = {
        "public": lambda: bank_for(factory, session, public=True),
        "by_position": lambda: bank_for(factory, session, positions=[audience["position"]]),
        "by_field": lambda: bank_for(factory, session, fields=[audience["field"]]),
        "other": lambda: bank_for(factory, session, positions=[audience["other"]]),
    }
    exam = practice(factory, session, [made[name]() for name in banks])
    role = {"citizen": Role.citizen, "official": Role.official, "trainer": Role.trainer}[who]
    user = factory.user(role=role, job_position_id=audience["position"].id if who == "official" else None,
                        field_id=audience["field"].id if who == "official" else None)
    if who == "official" and banks == ["by_field"]:
        user.job_position_id = audience["other"].id  # only the field matches
    assert is_eligible(session, exam, user) is eligible
