"""Benchmark data: a fresh PostgreSQL database migrated by Alembic and filled in bulk."""

from __future__ import annotations

import os
import random
import statistics
import time
from datetime import timedelta

import psycopg
from sqlalchemy import insert, make_url
from sqlmodel import Session

from contest.accounts.models import Role, Unit, UnitKind, User
from contest.accounts.passwords import hash_password
from contest.core.db import make_engine, utcnow
from contest.core.migrate import upgrade
from contest.exams.models import DrawRule, Exam, ExamKind, ExamStatus, Round
from contest.exams.review_policy import default_policy
from question_bank.records import Choice, QuestionRecord
from question_bank.services.banks import create_bank
from question_bank.services.importing import check_records, store

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/contest_bench"
PASSWORD = "Bench2026x"


def timed(fn, repeat: int) -> tuple[float, float]:
    """Median and worst of ``repeat`` calls of ``fn``, in milliseconds."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        times.append((time.perf_counter() - began) * 1000)
    return round(statistics.median(times), 1), round(max(times), 1)


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or DEFAULT_URL


def recreate_database(url: str) -> None:
    """Drop and create the benchmark database, then migrate it with Alembic."""
    parsed = make_url(url)
    admin = parsed.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{parsed.database}"')
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()


def seed_contest(url: str, contestants: int, questions: int = 10, time_limit: int = 3600):
    """A province, ``contestants`` citizens, a bank of 200 published questions and an open contest
    drawing ``questions`` of them. Returns (exam_id, round_id, emails)."""
    engine = make_engine(url)
    with Session(engine) as session:
        province = Unit(name="Tỉnh Thử Tải", kind=UnitKind.province, code="82")
        session.add(province)
        session.flush()
        commune = Unit(name="Xã Thử Tải", kind=UnitKind.commune, parent_id=province.id)
        trainer = User(full_name="Giảng viên", email="trainer@bench.vn", role=Role.trainer,
                       password_hash=hash_password(PASSWORD))
        session.add_all([commune, trainer])
        session.flush()
        hashed = hash_password(PASSWORD)
        emails = [f"c{n}@bench.vn" for n in range(contestants)]
        if emails:
            session.execute(insert(User), [dict(full_name=f"Thí sinh {n}", email=email, role=Role.citizen,
                                                password_hash=hashed, unit_id=commune.id, active=True,
                                                must_change_password=False, session_token=f"t{n}",
                                                created_at=utcnow())
                                           for n, email in enumerate(emails)])
        bank = create_bank(session, trainer, name="Ngân hàng thử tải", is_public=True)
        rng = random.Random(7)
        records = [QuestionRecord(type="single_choice", stem=f"Câu hỏi thử tải số {n}?",
                                  choices=[Choice(f"Đúng {n}", 1.0)] + [Choice(f"Sai {n}.{k}") for k in range(3)],
                                  difficulty=rng.choice(["easy", "medium"])) for n in range(200)]
        checked = check_records(session, records)
        store(session, bank, trainer, checked.ready, publish=True)
        now = utcnow()
        exam = Exam(kind=ExamKind.contest, status=ExamStatus.published, title="Cuộc thi thử tải",
                    created_by=trainer.id, time_limit_seconds=time_limit, attempts_allowed=1,
                    ask_prediction=True, review_policy=default_policy("contest").to_dict())
        session.add(exam)
        session.flush()
        session.add(DrawRule(exam_id=exam.id, bank_id=bank.id, count=questions))
        round_ = Round(exam_id=exam.id, name="Tuần thử tải", opens_at=now - timedelta(hours=1),
                       closes_at=now + timedelta(days=1))
        session.add(round_)
        session.commit()
        result = exam.id, round_.id, emails
    engine.dispose()
    return result
