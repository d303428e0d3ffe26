"""Training coverage and records at province scale: 50,000 officials in 2,000 units, 500 courses,
100,000 enrollments with attendance.

    python tests/bench/training_bench.py [--officials N] [--enrollments N] [--repeat R]

Uses PostgreSQL (DATABASE_URL, default the local server's ``contest_bench``; the database is
recreated and migrated, as in production). Prints one JSON object as its last line: the
median and worst time of the province's coverage report (the service alone, and the whole page
as an admin gets it, also at the last page of "still needs" and for one commune) and of one
official's record (service and page). Targets: coverage page
under 1 s, one record under 50 ms. ``baseline_group_by_ms`` (a plain GROUP BY of the 100,000
enrollments) and the load average tell how busy the machine was.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
# The app reads its configuration when first imported: set it before anything imports it.
os.environ.setdefault("DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/contest_bench")
os.environ.update(APP_ENV="production", SECRET_KEY="bench-secret-of-at-least-32-bytes-long", COOKIE_SECURE="0")

import psycopg  # noqa: E402
from sqlalchemy import make_url  # noqa: E402

from tests.bench.bench_data import recreate_database, timed  # noqa: E402

UNITS, POSITIONS, FIELDS, PROGRAMMES, COURSES, SESSIONS_PER_COURSE = 2_000, 12, 8, 24, 500, 4


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def fill(url: str, officials: int, enrollments: int) -> dict:
    """The data set, written with COPY. Returns the ids the timings need."""
    from contest.accounts.passwords import hash_password

    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    rng = random.Random(12)
    now = datetime(2026, 12, 6, 2, 0)
    today = now.date()
    with psycopg.connect(dsn) as conn:
        def copy(table: str, columns: str, rows) -> None:
            with conn.cursor().copy(f"COPY {table} ({columns}) FROM STDIN") as out:
                for row in rows:
                    out.write_row(row)

        # Province > 40 former districts > communes and wards; 2,000 units in all.
        districts = 40
        units = [(1, "Tỉnh Thử Tải", "province", None, "82")]
        units += [(2 + d, f"Huyện {d + 1}", "district", 1, None) for d in range(districts)]
        first_commune = 2 + districts
        units += [(first_commune + c, f"Xã {c + 1}", "commune", 2 + c % districts, None)
                  for c in range(UNITS - 1 - districts)]
        copy("unit", "id, name, kind, parent_id, code, active", ((*unit, True) for unit in units))
        copy("job_position", "id, name, active", ((p + 1, f"Vị trí {p + 1}", True) for p in range(POSITIONS)))
        copy("field", "id, name, active", ((f + 1, f"Lĩnh vực {f + 1}", True) for f in range(FIELDS)))
        copy("programme", "id, code, title, field_id, valid_months, active",
             ((p + 1, f"CT{p + 1}", f"Chương trình {p + 1}", p % FIELDS + 1, rng.choice([None, 24]), True)
              for p in range(PROGRAMMES)))
        requirements = {(p + 1, prog) for p in range(POSITIONS)
                        for prog in rng.sample(range(1, PROGRAMMES + 1), rng.choice([1, 2, 3]))}
        copy("position_requirement", "position_id, programme_id", sorted(requirements))

        hashed = hash_password("Bench2026x")
        admin_id, trainer_id = 1, 2
        people = [(admin_id, "Quản trị", "admin@bench.vn", hashed, "admin", 1, None, None),
                  (trainer_id, "Giảng viên", "trainer@bench.vn", hashed, "trainer", 1, None, None)]
        people += [(3 + n, f"Cán bộ {n}", f"cb{n}@bench.vn", "x", "official",
                    rng.randrange(2, UNITS + 1), rng.randrange(1, POSITIONS + 1), rng.randrange(1, FIELDS + 1))
                   for n in range(officials)]
        copy("app_user", "id, full_name, email, password_hash, role, unit_id, job_position_id, field_id, "
             "active, must_change_password, session_token, created_at",
             ((*p, rng.random() > 0.02 or p[0] <= 2, False, f"s{p[0]}", now) for p in people))

        # 50 assessments (one round each) shared by the courses that have a final assessment.
        exams = 50
        copy("exam", "id, kind, status, title, rules_html, attempts_allowed, counted_attempt, shuffle_questions, "
             "shuffle_options, pass_ratio, review_policy, ask_prediction, leaderboard, prize_tiers, "
             "unit_prize_tiers, created_by, created_at",
             ((e + 1, "assessment", "published", f"Sát hạch {e + 1}", "", 2, "highest", True, True, 0.5, "{}",
               False, "hidden", "[]", "[]", trainer_id, now) for e in range(exams)))
        copy("round", "id, exam_id, name, opens_at, closes_at",
             ((e + 1, e + 1, "Đợt 1", now - timedelta(days=200), now + timedelta(days=100)) for e in range(exams)))
        courses = []
        for c in range(COURSES):
            exam_id = rng.randrange(1, exams + 1) if rng.random() < 0.4 else None
            courses.append((c + 1, rng.randrange(1, PROGRAMMES + 1), f"Lớp {c + 1}", "",
                            rng.randrange(1, first_commune), "published", exam_id, 0.75, exam_id is not None,
                            False, False, trainer_id, now))
        copy("course", "id, programme_id, title, description, unit_id, status, assessment_exam_id, "
             "min_attendance, assessment_required, practice_required, self_enroll, created_by, created_at",
             courses)
        sessions = []
        for course_id in range(1, COURSES + 1):
            start = now - timedelta(days=rng.randrange(10, 700))
            for s in range(SESSIONS_PER_COURSE):
                begin = start + timedelta(days=7 * s)
                sessions.append((len(sessions) + 1, course_id, begin, begin + timedelta(hours=3), "Hội trường", ""))
        copy("course_session", "id, course_id, starts_at, ends_at, place, online_url", sessions)

        pairs: set[tuple[int, int]] = set()
        while len(pairs) < enrollments:
            pairs.add((rng.randrange(1, COURSES + 1), rng.randrange(3, 3 + officials)))
        enrollment_rows, attendance_rows, attempt_rows = [], [], []
        for n, (course_id, user_id) in enumerate(sorted(pairs)):
            roll = rng.random()
            status = "enrolled" if roll < 0.85 else "waitlisted" if roll < 0.95 else "withdrawn"
            attended = rng.randrange(0, SESSIONS_PER_COURSE + 1) if status == "enrolled" else 0
            completed = expires = None
            if status == "enrolled" and attended >= 3:
                completed = today - timedelta(days=rng.randrange(1, 700))
                expires = completed + timedelta(days=730) if rng.random() < 0.5 else None
            enrollment_rows.append((n + 1, course_id, user_id, status, "rule", now, attended / SESSIONS_PER_COURSE,
                                    completed, expires))
            first_session = (course_id - 1) * SESSIONS_PER_COURSE + 1
            for s in range(SESSIONS_PER_COURSE if status == "enrolled" else 0):
                mark = "present" if s < attended else rng.choice(["absent", "excused"])
                attendance_rows.append((first_session + s, user_id, mark, False, trainer_id, now))
            exam_id = courses[course_id - 1][6]
            if exam_id and status == "enrolled" and attended:
                score = float(rng.randrange(0, 11))
                started = now - timedelta(days=rng.randrange(1, 150))
                attempt_rows.append((exam_id, user_id, 1, n, "submitted", started, started + timedelta(hours=1),
                                     started + timedelta(minutes=30), "user", score, 10.0, int(score), 10, 0,
                                     1800.0, True))
        copy("enrollment", "id, course_id, user_id, status, source, enrolled_at, attendance_share, completed_on, "
             "expires_on", enrollment_rows)
        copy("attendance", "session_id, user_id, mark, by_code, marked_by, marked_at", attendance_rows)
        # An official enrolled in two courses sharing an assessment sits it once.
        seen, unique_attempts = set(), []
        for row in attempt_rows:
            if (row[0], row[1]) not in seen:
                seen.add((row[0], row[1]))
                unique_attempts.append(row)
        copy("attempt", "round_id, user_id, number, seed, status, started_at, deadline, submitted_at, "
             "submitted_by, score, max_score, correct_count, question_count, pending_count, duration_seconds, "
             "counted", unique_attempts)
        for table in ("unit", "app_user", "job_position", "field", "programme", "exam", "round", "course",
                      "course_session", "enrollment", "attendance", "attempt"):
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                         f"(SELECT coalesce(max(id), 1) FROM {table}))")
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE")
        busiest = conn.execute("SELECT user_id FROM enrollment GROUP BY user_id ORDER BY count(*) DESC, user_id "
                               "LIMIT 1").fetchone()[0]
        counts = {name: conn.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
                  for name in ("unit", "app_user", "course", "enrollment", "attendance", "attempt")}
    log(f"rows: {counts}")
    return {"today": today, "admin_id": admin_id, "busiest": busiest, "counts": counts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officials", type=int, default=50_000)
    parser.add_argument("--enrollments", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    log(f"database {url}; {args.officials} officials, {args.enrollments} enrollments")
    recreate_database(url)
    began = time.perf_counter()
    ids = fill(url, args.officials, args.enrollments)
    log(f"data ready in {time.perf_counter() - began:.0f} s")

    from sqlalchemy import text

    from contest import create_app
    from contest.accounts.models import User
    from contest.core import db
    from contest.training.services import coverage, records

    app = create_app()
    today: date = ids["today"]
    with app.app_context():
        session = db.session()
        person = session.get(User, ids["busiest"])
        admin = session.get(User, ids["admin_id"])

        def report():  # as the page does: the figures, then the first page of "still needs"
            figures = coverage.coverage(session, 1, today)
            assert figures.total.people > 0.8 * args.officials
            assert len(coverage.needs(session, 1, today, report=figures)) == coverage.NEEDS_PAGE_SIZE
            session.expire_all()

        def record():
            assert records.training_record(session, person, today)
            session.expire_all()

        def baseline():  # a plain GROUP BY of the enrollments: how busy the machine is
            session.exec(text("SELECT user_id, count(*) FROM enrollment GROUP BY user_id")).all()

        baseline_ms = timed(baseline, args.repeat)
        coverage_ms = timed(report, args.repeat)
        record_ms = timed(record, args.repeat * 3)
        total = coverage.coverage(session, 1, today).total
        last_page = -(-(total.pairs - total.completed) // coverage.NEEDS_PAGE_SIZE)
        admin_key, person_id = admin.get_id(), person.id
        course_count = len(records.training_record(session, person, today))

    client = app.test_client()
    with client.session_transaction() as cookie:
        cookie["_user_id"] = admin_key
        cookie["_fresh"] = True

    def page(url: str):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    coverage_page = timed(lambda: page("/training/coverage?unit=1"), args.repeat)
    last_page_ms = timed(lambda: page(f"/training/coverage?unit=1&page={last_page}"), args.repeat)
    commune_page = timed(lambda: page("/training/coverage?unit=500"), args.repeat)
    record_page = timed(lambda: page(f"/training/people/{person_id}/record"), args.repeat * 3)
    log(f"coverage {coverage_ms} page {coverage_page} last page {last_page_ms} commune {commune_page}; record ({course_count} courses) {record_ms} page {record_page}")
    print(json.dumps({**ids["counts"], "baseline_group_by_ms_median": baseline_ms[0], "required_people": total.people, "required_pairs": total.pairs,
                      "completed_pairs": total.completed, "completed_people": total.people_done,
                      "coverage_ms_median": coverage_ms[0],
                      "coverage_ms_max": coverage_ms[1], "coverage_page_ms_median": coverage_page[0],
                      "coverage_page_ms_max": coverage_page[1], "needs_last_page": last_page,
                      "coverage_last_page_ms_median": last_page_ms[0], "commune_page_ms_median": commune_page[0],
                      "record_courses": course_count,
                      "record_ms_median": record_ms[0], "record_ms_max": record_ms[1],
                      "record_page_ms_median": record_page[0], "record_page_ms_max": record_page[1],
                      "cpus": os.cpu_count(), "load_average_1min": round(os.getloadavg()[0], 1)}))


if __name__ == "__main__":
    main()
