"""Leaderboard of a round with 100,000 submitted attempts: time to rank and render one page.

    python tests/bench/leaderboard_bench.py [--attempts N] [--repeat R]

Uses PostgreSQL (DATABASE_URL, default the local server; the database is recreated). Prints one
JSON object as its last line: the median and worst time of ranking and rendering the first
page (live ranking of an open round, by the database), of a middle page, of one person's rank,
and the time to finalize the round (pure ranking of every attempt, ranks and prizes stored).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
# The app reads its configuration when first imported: set it before anything imports it.
os.environ.setdefault("DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/contest_bench")
os.environ.update(APP_ENV="production", SECRET_KEY="bench-secret-of-at-least-32-bytes-long", COOKIE_SECURE="0")

import psycopg  # noqa: E402
from sqlalchemy import make_url  # noqa: E402

from tests.bench.bench_data import database_url, recreate_database, seed_contest, timed  # noqa: E402


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def fill(url: str, round_id: int, attempts: int) -> None:
    """``attempts`` people, each with one submitted, counted attempt of 10 questions (COPY)."""
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    rng = random.Random(42)
    with psycopg.connect(dsn) as conn:
        unit_id = conn.execute("SELECT id FROM unit WHERE kind = 'commune' LIMIT 1").fetchone()[0]
        first = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM app_user").fetchone()[0]
        with conn.cursor().copy("COPY app_user (id, full_name, email, password_hash, role, unit_id, active, "
                                "must_change_password, session_token, created_at) FROM STDIN") as copy:
            for n in range(attempts):
                copy.write_row((first + n, f"Người thi {n}", f"lb{n}@bench.vn", "x", "citizen", unit_id,
                                True, False, f"s{n}", "2026-11-01 00:00:00"))
        conn.execute("SELECT setval(pg_get_serial_sequence('app_user', 'id'), %s)", (first + attempts,))
        opened = conn.execute("SELECT opens_at FROM round WHERE id = %s", (round_id,)).fetchone()[0]
        with conn.cursor().copy("COPY attempt (round_id, user_id, unit_id, number, seed, status, started_at, "
                                "deadline, submitted_at, submitted_by, score, max_score, correct_count, "
                                "question_count, pending_count, duration_seconds, prediction, counted) "
                                "FROM STDIN") as copy:
            for n in range(attempts):
                correct = min(10, int(rng.betavariate(5, 2) * 11))
                started = opened + timedelta(seconds=rng.randrange(3000))
                duration = rng.randrange(60, 900)
                copy.write_row((round_id, first + n, unit_id, 1, n, "submitted", started,
                                started + timedelta(hours=1), started + timedelta(seconds=duration), "user",
                                float(correct), 10.0, correct, 10, 0, float(duration),
                                rng.choice([None, rng.randrange(0, 5000)]), True))
        conn.commit()
        conn.execute("ANALYZE attempt")
        conn.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    url = database_url()
    log(f"database {url}; {args.attempts} submitted attempts")
    recreate_database(url)
    exam_id, round_id, _ = seed_contest(url, contestants=0)
    fill(url, round_id, args.attempts)
    log("data ready")

    from flask import render_template

    from contest import create_app
    from contest.accounts.models import User
    from contest.core import db
    from contest.core.db import utcnow
    from contest.exams.models import Exam, Round
    from contest.exams.services import results

    app = create_app()
    with app.test_request_context(f"/exams/{exam_id}/rounds/{round_id}/leaderboard"):
        session = db.session()
        exam, round_ = session.get(Exam, exam_id), session.get(Round, round_id)

        def page(number: int):
            board = results.leaderboard(session, round_, number)
            html = render_template("exams/take/leaderboard.html", exam=exam, round=round_, board=board,
                                   hidden=False, closed=False, prizes=[], units=[])
            assert len(board.rows) == results.PAGE_SIZE and "Người thi" in html
            session.expire_all()

        first = timed(lambda: page(1), args.repeat)
        middle = timed(lambda: page(args.attempts // results.PAGE_SIZE // 2), args.repeat)
        someone = session.get(User, session.exec(
            __import__("sqlmodel").select(User.id).where(User.email == "lb777@bench.vn")).one())
        rank = timed(lambda: results.user_rank(session, round_, someone), args.repeat)
        began = time.perf_counter()
        results.finalize_round(session, round_, utcnow())
        session.commit()
        finalize_ms = round((time.perf_counter() - began) * 1000, 1)
        final = timed(lambda: page(1), args.repeat)
    log(f"first page {first}, middle page {middle}, one rank {rank}, finalize {finalize_ms} ms, final page {final}")
    print(json.dumps({"attempts": args.attempts, "first_page_ms_median": first[0], "first_page_ms_max": first[1],
                      "middle_page_ms_median": middle[0], "middle_page_ms_max": middle[1],
                      "user_rank_ms_median": rank[0], "finalize_ms": finalize_ms,
                      "final_page_ms_median": final[0], "final_page_ms_max": final[1],
                      "cpus": os.cpu_count()}))


if __name__ == "__main__":
    main()
