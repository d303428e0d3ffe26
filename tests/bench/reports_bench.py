"""Reports of a closed round with 100,000 submitted attempts x 20 questions: the round report, the
item analysis and the streamed result downloads.

    python tests/bench/reports_bench.py [--attempts N] [--questions Q] [--pool P] [--repeat R]

Uses PostgreSQL (DATABASE_URL, default the local server's contest_bench; the database is
recreated and migrated). The data: ``--units`` communes, 1.3 registered citizens per attempt
spread unevenly over them (half the communes with a headcount entered), each attempt drawing
``--questions`` single-choice questions of a pool of ``--pool`` with a response and a fraction
(a two-parameter logistic model of ability, one item deliberately mis-keyed), started over the
round's seven days; the round is then closed by ``results.finalize_round`` (ranks, prizes, the
unit standings). Rows are written with COPY.

Each measurement runs in a fresh process of its own (``--only``), so its peak resident memory
(``ru_maxrss``) is its own: the page or service is timed ``--repeat`` times (median and worst);
a download is read through the app's route (a signed-in administrator, test client, unbuffered)
once: the time to its first chunk, the whole time, its size, and the peak memory of the process
(and, with tracemalloc, of Python's allocations during one more download). ``--reuse`` measures
a database prepared by an earlier run again. Prints one JSON object as its last line.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
# The app reads its configuration when first imported: set it before anything imports it.
os.environ.setdefault("DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/contest_bench")
os.environ.update(APP_ENV="production", SECRET_KEY="bench-secret-of-at-least-32-bytes-long", COOKIE_SECURE="0")

import numpy as np  # noqa: E402
import psycopg  # noqa: E402
from sqlalchemy import make_url  # noqa: E402

from tests.bench.bench_data import database_url, recreate_database, seed_contest, timed  # noqa: E402

DAY_WEIGHTS = np.array([22, 15, 11, 9, 10, 13, 20], dtype=float)
PRIZES = '[{"name": "Giải Nhất", "count": 1}, {"name": "Giải Nhì", "count": 2}, {"name": "Giải Ba", "count": 3}, ' \
         '{"name": "Giải Khuyến khích", "count": 10}]'
UNIT_PRIZES = '[{"name": "Giải tập thể xuất sắc", "count": 3}]'
NULL = "\\N"  #: COPY's null
MEASURES = ("round", "items", "results.xlsx", "results.csv", "items.xlsx")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def rss_mb() -> float:
    """This process's peak resident memory in MB: Linux's VmHWM (``ru_maxrss`` would carry the
    parent's peak over the fork), else ``ru_maxrss``."""
    try:
        status = Path("/proc/self/status").read_text()
        return round(int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1]) / 1024, 1)
    except (OSError, StopIteration):
        return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _ts(moments: np.ndarray) -> np.ndarray:
    """datetime64 values as COPY text ('YYYY-MM-DD HH:MM:SS.ffffff')."""
    return np.char.replace(np.datetime_as_string(moments, unit="us").astype(str), "T", " ")


def _copy(conn, table: str, columns: str, lines) -> None:
    with conn.cursor().copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for block in lines:
            copy.write(block)


def fill(url: str, round_id: int, attempts: int, questions: int, pool: int, units: int,
         seed: int = 14) -> None:
    """The round's people and attempts (see the module), written with COPY, then ANALYZE."""
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    rng = np.random.default_rng(seed)
    with psycopg.connect(dsn) as conn:
        province = conn.execute("SELECT id FROM unit WHERE kind = 'province'").fetchone()[0]
        first_unit = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM unit").fetchone()[0]
        unit_ids = np.arange(first_unit, first_unit + units)
        _copy(conn, "unit", "id, name, kind, parent_id, active", [
            "".join(f"{u}\t{'Phường' if n % 5 == 0 else 'Xã'} Thử Tải {n + 1}\t{'ward' if n % 5 == 0 else 'commune'}"
                    f"\t{province}\tt\n" for n, u in enumerate(unit_ids))])
        conn.execute("SELECT setval(pg_get_serial_sequence('unit', 'id'), %s)", (int(unit_ids[-1]),))

        # People: 1.3 registered per attempt, unevenly over the communes; the first ``attempts`` sit.
        people = int(attempts * 1.3)
        pull = rng.pareto(1.2, units) + 0.2
        home = rng.choice(unit_ids, size=people, p=pull / pull.sum())
        first_user = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM app_user").fetchone()[0]
        user_ids = np.arange(first_user, first_user + people)
        _copy(conn, "app_user", "id, full_name, email, phone, password_hash, role, unit_id, active, "
                                "must_change_password, session_token, created_at", (
            "".join(f"{user_ids[n]}\tNgười thi {n}\t{f't{n}@bench.vn' if n % 4 == 0 else NULL}"
                    f"\t09{n:08d}\tx\tcitizen\t{home[n]}\tt\tf\ts{n}\t2026-11-01 00:00:00\n"
                    for n in range(start, min(start + 20_000, people)))
            for start in range(0, people, 20_000)))
        conn.execute("SELECT setval(pg_get_serial_sequence('app_user', 'id'), %s)", (int(user_ids[-1]),))
        registered = np.bincount(home - first_unit, minlength=units)
        _copy(conn, "unit_headcount", "round_id, unit_id, headcount", ["".join(
            f"{round_id}\t{u}\t{int(registered[n] * rng.uniform(1.1, 2.5)) + 1}\n"
            for n, u in enumerate(unit_ids) if n % 2 == 0)])

        # The pool's versions and their option keys (the first is the key of a single choice).
        rows = conn.execute("SELECT q.id, v.id, v.payload FROM question q JOIN question_version v "
                            "ON v.id = q.published_version_id ORDER BY q.id LIMIT %s", (pool,)).fetchall()
        qids = np.array([r[0] for r in rows])
        vids = np.array([r[1] for r in rows])
        keys = [[c["key"] for c in sorted(r[2]["choices"], key=lambda c: -c["fraction"])] for r in rows]
        qid_list, vid_list = qids.tolist(), vids.tolist()
        difficulty = rng.normal(-0.4, 0.9, pool)
        slope = rng.uniform(0.7, 2.2, pool)
        slope[0] = -1.5  # the mis-keyed item: the stronger, the likelier to miss its key

        opens, closes = conn.execute("SELECT opens_at, closes_at FROM round WHERE id = %s", (round_id,)).fetchone()
        first_attempt = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM attempt").fetchone()[0]
        attempt_ids = np.arange(first_attempt, first_attempt + attempts)
        ability = rng.normal(0.3, 1.0, attempts)
        day = rng.choice(7, size=attempts, p=DAY_WEIGHTS / DAY_WEIGHTS.sum())
        started = (np.datetime64(opens) + (day * 86_400 + rng.integers(0, 86_400 - 3_600, attempts))
                   .astype("timedelta64[s]"))
        duration = rng.integers(90, 1_500, attempts)
        drawn = np.argsort(rng.random((attempts, pool)), axis=1)[:, :questions]  # each attempt's draw
        right = rng.random((attempts, questions)) < 1 / (1 + np.exp(-slope[drawn] * (ability[:, None] - difficulty[drawn])))
        blank = rng.random((attempts, questions)) < 0.02
        fraction = (right & ~blank).astype(float)
        wrong_pick = rng.integers(1, 4, (attempts, questions))
        score = fraction.sum(axis=1)
        deadline = np.minimum(started + np.timedelta64(1_800, "s"), np.datetime64(closes))
        submitted = started + duration.astype("timedelta64[s]")
        prediction = rng.integers(0, 3_000, attempts)
        columns = [attempt_ids.tolist(), user_ids[:attempts].tolist(), home[:attempts].tolist(),
                   _ts(started).tolist(), _ts(deadline).tolist(), _ts(submitted).tolist(), score.tolist(),
                   score.astype(int).tolist(), duration.tolist(),
                   [p if n % 3 else NULL for n, p in enumerate(prediction.tolist())]]
        _copy(conn, "attempt", "id, round_id, user_id, unit_id, number, seed, status, started_at, deadline, "
                               "submitted_at, submitted_by, score, max_score, correct_count, question_count, "
                               "pending_count, duration_seconds, prediction, counted", [
            "".join(f"{a}\t{round_id}\t{u}\t{h}\t1\t{a}\tsubmitted\t{s0}\t{s1}\t{s2}\tuser\t{sc}\t{questions}.0"
                    f"\t{ok}\t{questions}\t0\t{d}.0\t{guess}\tt\n"
                    for a, u, h, s0, s1, s2, sc, ok, d, guess in zip(*columns, strict=True))])
        conn.execute("SELECT setval(pg_get_serial_sequence('attempt', 'id'), %s)", (int(attempt_ids[-1]),))

        def answers(start: int, stop: int) -> str:
            """COPY lines of the answers of attempts ``start`` to ``stop`` (plain lists: numpy
            scalars one by one are slow)."""
            step = (duration[start:stop] // (questions + 1)).astype("timedelta64[s]")
            moments = _ts(started[start:stop, None] + step[:, None] * np.arange(1, questions + 1)).tolist()
            items, oks = drawn[start:stop].tolist(), right[start:stop].tolist()
            skipped, others, credit = blank[start:stop].tolist(), wrong_pick[start:stop].tolist(), fraction[start:stop].tolist()
            out = []
            for row, a in enumerate(attempt_ids[start:stop].tolist()):
                for p in range(questions):
                    item = items[row][p]
                    if skipped[row][p]:
                        response, answered = NULL, NULL
                    else:
                        response = f'{{"choice": "{keys[item][0 if oks[row][p] else others[row][p]]}"}}'
                        answered = moments[row][p]
                    out.append(f"{a}\t{p}\t{qid_list[item]}\t{vid_list[item]}\t1.0\t{response}\t{answered}\tf\tt"
                               f"\t{credit[row][p]}\n")
            return "".join(out)

        _copy(conn, "attempt_question", "attempt_id, position, question_id, version_id, points, response, "
                                        "answered_at, flagged, closed, fraction",
              (answers(start, min(start + 5_000, attempts)) for start in range(0, attempts, 5_000)))
        conn.commit()
        for table in ("unit", "app_user", "attempt", "attempt_question", "unit_headcount"):
            conn.execute(f"ANALYZE {table}")
        conn.commit()


def prepare(args) -> dict:
    """A fresh database: the bank and contest of ``bench_data``, a closed week, the data, the
    round finalized; returns the ids the measurements need."""
    url = database_url()
    recreate_database(url)
    exam_id, round_id, _ = seed_contest(url, contestants=0, questions=args.questions, time_limit=1_800)
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn) as conn:
        conn.execute("UPDATE round SET opens_at = %s, closes_at = %s, name = 'Tuần 1' WHERE id = %s",
                     (now - timedelta(days=8), now - timedelta(days=1), round_id))
        conn.execute("UPDATE exam SET prize_tiers = %s, unit_prize_tiers = %s WHERE id = %s",
                     (PRIZES, UNIT_PRIZES, exam_id))
        conn.execute("INSERT INTO app_user (full_name, email, password_hash, role, active, must_change_password, "
                     "session_token, created_at) VALUES ('Quản trị', 'admin@bench.vn', 'x', 'admin', true, false, "
                     "'adm', now())")
    began = time.perf_counter()
    fill(url, round_id, args.attempts, args.questions, args.pool, args.units)
    log(f"data written in {time.perf_counter() - began:.1f} s")

    from contest import create_app
    from contest.core import db
    from contest.core.db import utcnow
    from contest.exams.models import Round
    from contest.exams.services import results

    with create_app().app_context():
        session = db.session()
        began = time.perf_counter()
        results.finalize_round(session, session.get(Round, round_id), utcnow())
        session.commit()
        finalize_ms = round((time.perf_counter() - began) * 1000, 1)
    log(f"round finalized in {finalize_ms} ms")
    return {"exam_id": exam_id, "round_id": round_id, "finalize_ms": finalize_ms}


def within(fn, repeat: int, budget_s: float = 60.0) -> tuple[float, float, int, float]:
    """``bench_data.timed`` that stops repeating once ``budget_s`` is spent: (median ms, worst
    ms, runs, median CPU ms of this process: on a busy machine the wall time also counts the
    waits for a core, this one does not; the database's own work is not in it)."""
    walls, cpus = [], []
    while len(walls) < repeat and sum(walls) < budget_s * 1000:
        cpu = time.process_time()
        walls.append(timed(fn, 1)[0])
        cpus.append(round((time.process_time() - cpu) * 1000, 1))
    walls.sort()
    cpus.sort()
    return walls[len(walls) // 2], walls[-1], len(walls), cpus[len(cpus) // 2]


def _client(app):
    """A test client signed in as the benchmark's administrator (the cookie a login would set)."""
    from sqlmodel import select

    from contest.accounts.models import User
    from contest.core import db

    with app.app_context():
        admin = db.session().exec(select(User).where(User.email == "admin@bench.vn")).one()
        identity = admin.get_id()
    client = app.test_client()
    with client.session_transaction() as cookie:
        cookie["_user_id"], cookie["_fresh"] = identity, True
    return client


def measure(what: str, exam_id: int, round_id: int, repeat: int) -> dict:
    """One measurement, in this (fresh) process."""
    from contest import create_app
    from contest.core import db
    from contest.core.db import utcnow
    from contest.exams.models import Exam, Round

    app = create_app()
    client = _client(app)
    if what in ("round", "items"):
        base = rss_mb()
        if what == "round":
            from contest.reports.services.round_report import round_report as build

            def service():
                build(db.session(), exam, round_, utcnow(), app.config["BABEL_DEFAULT_TIMEZONE"])
            url = f"/reports/exams/{exam_id}/rounds/{round_id}"
        else:
            from contest.reports.services.item_data import item_report

            def service():
                item_report(db.session(), exam, round_id)
            url = f"/reports/exams/{exam_id}/items"
        with app.app_context():
            exam, round_ = db.session().get(Exam, exam_id), db.session().get(Round, round_id)
            service_ms = within(service, repeat)
        found = {f"{what}_service_ms_median": service_ms[0], f"{what}_service_ms_max": service_ms[1],
                 f"{what}_service_runs": service_ms[2], f"{what}_service_cpu_ms_median": service_ms[3]}
        _page(client, "/")  # a served process: translations loaded, a database connection open
        try:
            page_ms = within(lambda: _page(client, url), repeat)
            found.update({f"{what}_page_ms_median": page_ms[0], f"{what}_page_ms_max": page_ms[1],
                          f"{what}_page_runs": page_ms[2], f"{what}_page_cpu_ms_median": page_ms[3]})
        except AssertionError as err:  # the service's figures still stand
            found[f"{what}_page_error"] = str(err)[:200]
        return {**found, f"{what}_rss_mb_before": base, f"{what}_rss_mb_peak": rss_mb()}
    url = (f"/reports/exams/{exam_id}/rounds/{round_id}/{what}" if what.startswith("results")
           else f"/reports/exams/{exam_id}/{what}")
    _page(client, "/")  # a served process: translations loaded, a database connection open
    base = rss_mb()
    runs = [_download(client, url) for _ in range(repeat)]
    peak = rss_mb()
    tracemalloc.start()
    _download(client, url)
    _current, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    firsts, totals = sorted(r[0] for r in runs), sorted(r[1] for r in runs)
    name = what.replace(".", "_")
    return {f"{name}_first_chunk_ms_median": firsts[len(firsts) // 2], f"{name}_first_chunk_ms_max": firsts[-1],
            f"{name}_total_ms_median": totals[len(totals) // 2], f"{name}_mb": runs[0][2],
            f"{name}_rss_mb_before": base, f"{name}_rss_mb_peak": peak,
            f"{name}_python_peak_mb": round(traced / 2**20, 1)}


def _download(client, url: str) -> tuple[float, float, float]:
    """(ms to the first chunk, ms to the last, MB) of one streamed download, read as it comes."""
    began = time.perf_counter()
    response = client.get(url, buffered=False)
    assert response.status_code == 200, (url, response.status_code)
    chunks = iter(response.response)
    size = len(next(chunks))
    first = time.perf_counter()
    for chunk in chunks:
        size += len(chunk)
    response.close()
    done = time.perf_counter()
    return round((first - began) * 1000, 1), round((done - began) * 1000, 1), round(size / 2**20, 1)


def _page(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.get_data(as_text=True)[:300])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=100_000)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--pool", type=int, default=40, help="questions the attempts draw from (at most 200)")
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", choices=MEASURES, help="(internal) one measurement on the prepared database")
    parser.add_argument("--ids", help="(internal) exam_id,round_id")
    parser.add_argument("--reuse", help="exam_id,round_id of a database prepared before: measure only")
    args = parser.parse_args()
    if args.only:
        exam_id, round_id = map(int, args.ids.split(","))
        print(json.dumps(measure(args.only, exam_id, round_id, args.repeat)))
        return
    log(f"database {database_url()}; {args.attempts} attempts x {args.questions} questions of {args.pool}")
    if args.reuse:
        exam_id, round_id = map(int, args.reuse.split(","))
        figures = {"exam_id": exam_id, "round_id": round_id}
    else:
        figures = prepare(args)
    for what in MEASURES:
        done = subprocess.run([sys.executable, __file__, "--only", what, "--repeat", str(args.repeat),
                               "--ids", f"{figures['exam_id']},{figures['round_id']}"],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            log(f"{what} failed:\n{done.stderr[-3000:]}")
            figures[f"{what}_error"] = done.stderr.strip().splitlines()[-1][:300] if done.stderr.strip() else "failed"
            continue
        found = json.loads(done.stdout.strip().splitlines()[-1])
        log(f"{what}: {found}")
        figures.update(found)
    print(json.dumps({"attempts": args.attempts, "questions": args.questions, "pool": args.pool,
                      "units": args.units, **figures, "cpus": os.cpu_count()}))


if __name__ == "__main__":
    main()
