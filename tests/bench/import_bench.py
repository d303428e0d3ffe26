"""Import benchmark: 5,000 questions of mixed types as GIFT and as xlsx, through ``run_import``.

Run:  .venv/bin/python -m tests.bench.import_bench  [--questions 5000] [--formats gift,xlsx]
Database: DATABASE_URL (default: a fresh SQLite file in a temp directory). On PostgreSQL the
database must exist; tables are created when missing. Each format is imported into a fresh bank;
the time covers parse + check + store + commit (writing the file is not timed). Prints one JSON
line per format: {"format", "questions", "seconds", "peak_rss_mb"}; peak RSS is the process's
high-water mark so far (``ru_maxrss``), so the second format's figure includes the first's.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time

from question_bank.records import Choice, MatchPair, NumericAnswer, OrderItem, QuestionRecord

TOPICS = ("Dịch vụ công trực tuyến", "Một cửa điện tử", "Chữ ký số", "An toàn thông tin",
          "Văn bản điện tử")


def mixed_record(n: int) -> QuestionRecord:
    """Question ``n`` of a deterministic mix of the eight types, in nested categories."""
    kind = n % 8
    base = {"stem": f"<p>Câu hỏi số {n}: nội dung về chính quyền điện tử ({kind})?</p>",
            "category": (TOPICS[n % len(TOPICS)], f"Phần {n % 3 + 1}"),
            "difficulty": ("easy", "medium", "hard")[n % 3], "tags": [f"thẻ {n % 4}"],
            "explanation": f"<p>Giải thích câu {n}.</p>" if n % 2 else ""}
    if kind == 0:
        return QuestionRecord(type="single_choice", choices=[
            Choice(f"Phương án đúng {n}", 1.0), Choice(f"Phương án sai A{n}"),
            Choice(f"Phương án sai B{n}"), Choice(f"Phương án sai C{n}")], **base)
    if kind == 1:
        return QuestionRecord(type="multiple_choice", choices=[
            Choice(f"Đúng một {n}", 0.5), Choice(f"Đúng hai {n}", 0.5),
            Choice(f"Sai một {n}", -0.5), Choice(f"Sai hai {n}", -0.5)], **base)
    if kind == 2:
        return QuestionRecord(type="true_false", correct=bool(n % 3), **base)
    if kind == 3:
        return QuestionRecord(type="short_answer", choices=[Choice(f"đáp án {n}", 1.0)], **base)
    if kind == 4:
        return QuestionRecord(type="numeric", numeric=[NumericAnswer(value=float(n), tolerance=0.5)],
                              **base)
    if kind == 5:
        return QuestionRecord(type="matching", pairs=[
            MatchPair(f"Trái {i} câu {n}", f"Phải {i} câu {n}") for i in range(3)], **base)
    if kind == 6:
        return QuestionRecord(type="ordering", items=[OrderItem(f"Bước {i} câu {n}")
                                                      for i in range(4)], **base)
    return QuestionRecord(type="essay", **base)


def mixed_records(count: int, fmt: str) -> list[QuestionRecord]:
    """``count`` records of mixed types, all of which ``fmt`` can carry."""
    from question_bank.formats import unsupported

    records, n = [], 0
    while len(records) < count:
        batch = [mixed_record(i) for i in range(n, n + count)]
        left_out = {id(r) for r in unsupported(batch, fmt)}
        records += [r for r in batch if id(r) not in left_out]
        n += count
    return records[:count]


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KiB on Linux


def _ensure_database(url: str) -> None:
    """Create the PostgreSQL database of ``url`` when it does not exist yet."""
    if not url.startswith("postgresql"):
        return
    import psycopg
    from sqlalchemy import make_url

    target = make_url(url)
    admin = target.set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                             (target.database,)).fetchone()
        if not found:
            conn.execute(f'CREATE DATABASE "{target.database}"')


def run(url: str, count: int, formats: list[str]) -> list[dict]:
    from sqlmodel import Session, SQLModel, select

    from contest.accounts.models import Role, User
    from contest.core.db import make_engine
    from contest.models import load_all
    from question_bank.formats import write
    from question_bank.services.banks import create_bank
    from question_bank.services.import_flow import run_import

    load_all()
    _ensure_database(url)
    engine = make_engine(url)
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        admin = session.exec(select(User).where(User.email == "bench-admin@example.vn")).first()
        if admin is None:
            admin = User(full_name="Bench Admin", email="bench-admin@example.vn",
                         password_hash="x", role=Role.admin)
            session.add(admin)
            session.commit()
        admin_id = admin.id
    results = []
    for fmt in formats:
        data = write(mixed_records(count, fmt), fmt)
        with Session(engine, expire_on_commit=False) as session:
            admin = session.get(User, admin_id)
            bank = create_bank(session, admin, name=f"bench {fmt} {time.time_ns()}")
            session.commit()
            started = time.perf_counter()
            report = run_import(session, bank, admin, f"bench.{fmt}", data, fmt)
            session.commit()
            seconds = time.perf_counter() - started
        if not report.imported:
            raise SystemExit(f"{fmt}: not imported: {report.errors[:5]}")
        results.append({"format": fmt, "questions": report.questions,
                        "seconds": round(seconds, 2), "peak_rss_mb": _peak_rss_mb()})
        print(json.dumps(results[-1]), flush=True)
    engine.dispose()
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--questions", type=int, default=5000)
    parser.add_argument("--formats", default="gift,xlsx")
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL")
    with tempfile.TemporaryDirectory() as tmp:
        run(url or f"sqlite:///{tmp}/bench.sqlite3", args.questions, args.formats.split(","))


if __name__ == "__main__":
    main(sys.argv[1:])
