"""All demo data, in dependency order. Each later slice adds its seed here."""

from __future__ import annotations

from sqlmodel import Session

from contest.demo_org import seed_organisation


def seed_all(session: Session, password: str, history: bool = True) -> None:
    """The whole demo; ``history`` adds the past rounds people took (``exams.demo_history``:
    about 320 citizens over a week, the reports' and certificates' material), which tests of
    other parts leave out for speed."""
    from question_bank.demo_seed import seed_demo_bank

    org = seed_organisation(session, password)
    trainers = [u for u in org["users"] if u.role.value == "trainer"]
    bank = seed_demo_bank(session, trainers[0], trainers[1], [p.id for p in org["positions"]],
                          [f.id for f in org["fields"]])
    from contest.exams.demo_seed import seed_demo_exams

    official = next(u for u in org["users"] if u.role.value == "official")
    seed_demo_exams(session, bank, trainers[0].id, official.job_position_id)
    from contest.training.demo_seed import seed_demo_training

    seed_demo_training(session, org, bank)
    if history:
        from contest.exams.demo_history import seed_demo_history

        seed_demo_history(session, org, bank)
