"""All demo data, in dependency order. Each later slice adds its seed here."""

from __future__ import annotations

from sqlmodel import Session

from contest.demo_org import seed_organisation


def seed_all(session: Session, password: str) -> None:
    seed_organisation(session, password)
