"""Outgoing messages at province scale: a round opening told to 80,000 citizens, the worker
sending through a real SMTP server, and the password-reset request path.

    python tests/bench/notify_bench.py [--quick] [--citizens N] [--send N] [--requests N]
                                        [--fanout-on sqlite [redis]] [--redis-url URL | --no-redis]

The whole run takes ~5.5 minutes on a 2-core machine, the fan-out of 80,000 ~4.5 of them (each
further storage in ``--fanout-on`` adds as much); ``--quick`` (10,000 citizens, 500 messages,
50 requests) takes under a minute.

Uses PostgreSQL (DATABASE_URL, default the local server's ``notify_bench``; recreated and
migrated on each run) and the production configuration. Prints one JSON object as its last line.

1. Fan-out: a published contest whose round opened ten minutes ago, 80,000 citizens who opted in
   to the ``round_opening`` topic (and 20,000 who did not), seeded with COPY. The real periodic
   job (``tasks.run_due_now(now)``, what ``flask notify due --now`` and the worker's periodic
   task run) writes one delivery row per person and enqueues its task after each batch's commit.
   Timed in a fresh process per queue storage (huey on a SQLite file under a temporary folder;
   with ``--fanout-on sqlite redis`` on Redis too), which reports its peak RSS; then the same
   job again, which must queue 0 (the dedupe) and is timed too. Between two storages the
   delivery log is emptied.
2. Delivery: the queue is emptied and ``--send`` (2,000) of the queued deliveries are enqueued
   again (as ``flask notify requeue`` would); the real worker process (``flask notify worker
   --workers 2``, started beforehand and ready) sends them to an aiosmtpd server in its own
   process (``tests.support.notifications.smtp_server``). Timed from the first enqueue until the
   server holds them all; the server must receive each address exactly once (none lost, none
   twice) and the log must show them sent. On each storage.
3. The request path: ``--requests`` (100) POSTs of /forgot-password for a known address and as
   many for an unknown one (each a different address from its own client address, interleaved),
   through the Flask test client of a production app on PostgreSQL with the SQLite queue; median
   and p95 of each. Either answer only enqueues a ``reset_requested`` task (the worker looks the
   account up), so they should take the same time. The tasks then run in-process: a reset
   message for each known address, none for the unknown ones. ``enqueue_ms`` is one bare
   enqueue on each storage.

The Redis storage uses ``--redis-url`` (default database 11 of the local server): the bench
empties that queue (huey's keys of ``contest-notify``) and deletes the per-address counters of
its own ``@bench.vn`` addresses there, nothing else.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/notify_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/11"
#: Queue file, instance folder and worker logs; the fan-out processes share the parent's.
WORK = Path(os.environ.get("NOTIFY_BENCH_DIR") or tempfile.mkdtemp(prefix="notify-bench-"))
os.environ["NOTIFY_BENCH_DIR"] = str(WORK)
# The app reads its configuration when first imported: set it before anything imports it.
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
os.environ.pop("REDIS_URL", None)  # each phase chooses its queue storage itself
os.environ.setdefault("QUEUE_PATH", str(WORK / "queue.sqlite3"))
os.environ.update(APP_ENV="production", SECRET_KEY="bench-secret-of-at-least-32-bytes-long",
                  COOKIE_SECURE="0", PUBLIC_URL="https://thi.dongthap.gov.vn",
                  INSTANCE_PATH=str(WORK / "instance"),
                  MAIL_FROM="Cuộc thi chuyển đổi số <no-reply@thi.dongthap.gov.vn>")

import psycopg  # noqa: E402
from sqlalchemy import make_url  # noqa: E402

MINUTE = timedelta(minutes=1)
BATCH_ROWS = 500  # contest.notifications.events.jobs.BATCH: one commit per 500 people


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def quantiles(times: list[float]) -> dict:
    ordered = sorted(times)
    return {"median": round(statistics.median(ordered), 1),
            "p95": round(ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered))) - 1)], 1),
            "max": round(ordered[-1], 1)}


# --- the data --------------------------------------------------------------------------------


def seed(url: str, opted: int, others: int, now: datetime) -> int:
    """A province with a commune, an admin, a published contest whose round opened ten minutes
    before ``now``; ``opted`` citizens who turned ``round_opening`` on and ``others`` who did
    not (half of them changed another topic). Returns the round's id."""
    from sqlmodel import Session

    from contest.accounts.models import Role, Unit, UnitKind, User
    from contest.core.db import make_engine
    from contest.exams.models import Exam, ExamKind, ExamStatus, Round
    from contest.exams.review_policy import default_policy

    engine = make_engine(url)
    with Session(engine) as session:
        province = Unit(name="Tỉnh Thử Tải", kind=UnitKind.province, code="82")
        session.add(province)
        session.flush()
        commune = Unit(name="Xã Thử Tải", kind=UnitKind.commune, parent_id=province.id)
        admin = User(full_name="Quản trị", email="admin@bench.vn", role=Role.admin, password_hash="x")
        session.add_all([commune, admin])
        session.flush()
        exam = Exam(kind=ExamKind.contest, status=ExamStatus.published, title="Cuộc thi Chuyển đổi số 2026",
                    created_by=admin.id, time_limit_seconds=1800, attempts_allowed=1,
                    review_policy=default_policy("contest").to_dict())
        session.add(exam)
        session.flush()
        round_ = Round(exam_id=exam.id, name="Tuần 1", opens_at=now - 10 * MINUTE, closes_at=now + timedelta(days=7))
        session.add(round_)
        session.commit()
        round_id, commune_id, first_id = round_.id, commune.id, admin.id + 1
    engine.dispose()

    total = opted + others
    with psycopg.connect(dsn(url)) as conn:
        with conn.cursor().copy("COPY app_user (id, full_name, email, password_hash, role, unit_id, active, "
                                "must_change_password, confirmation_pending, session_token, created_at) "
                                "FROM STDIN") as out:
            for n in range(total):
                out.write_row((first_id + n, f"Nguyễn Thị Hoà {n}", f"c{n}@bench.vn", "x", "citizen", commune_id,
                               True, False, False, f"s{n}", now - timedelta(days=30)))
        with conn.cursor().copy("COPY notification_preference (user_id, channels, topics, updated_at) "
                                "FROM STDIN") as out:
            for n in range(total):
                if n < opted:
                    out.write_row((first_id + n, None, '{"round_opening": true}', now))
                elif n % 2:
                    out.write_row((first_id + n, None, '{"results": false}', now))
        conn.execute("SELECT setval(pg_get_serial_sequence('app_user', 'id'), (SELECT max(id) FROM app_user))")
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE")
    return round_id


def empty_log(url: str) -> None:
    with psycopg.connect(dsn(url), autocommit=True) as conn:
        conn.execute("TRUNCATE delivery RESTART IDENTITY")
        conn.execute("VACUUM ANALYZE delivery")


def count(url: str, sql: str, *params) -> int:
    with psycopg.connect(dsn(url)) as conn:
        return conn.execute(sql, params).fetchone()[0]


def clear_redis(redis_url: str) -> None:
    """Forget this bench's per-address counters (they would limit the next run's messages)."""
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match="LIMITER/notify/*@bench.vn/*", count=10_000))
    for start in range(0, len(keys), 5_000):
        client.delete(*keys[start:start + 5_000])


def storage_env(storage: str, redis_url: str) -> dict:
    env = dict(os.environ)
    if storage == "redis":
        env["REDIS_URL"] = redis_url
    return env


# --- 1. the fan-out, in its own process ------------------------------------------------------------


def child_fanout(now: datetime) -> None:
    """Run the periodic job twice as of ``now`` in this fresh process; print the figures."""
    from contest import create_app
    from contest.core import db
    from contest.notifications import queue
    from contest.notifications.events import jobs, tasks

    app = create_app()
    with app.app_context():
        huey = queue.get(app)
        huey.flush()
        before_mb = peak_rss_mb()
        marks = []  # (seconds since the start, at each batch's commit)

        def commit() -> None:  # the job's own commit point (tasks._commit), timed
            tasks._commit()
            marks.append(time.perf_counter() - began)

        began = time.perf_counter()
        try:
            first = jobs.run_due(db.session(), now, commit)  # what tasks.run_due_now(now) runs
        finally:
            db.finish(False)
        first_s = time.perf_counter() - began
        job_mb = peak_rss_mb()
        pending = huey.pending_count()
        began = time.perf_counter()
        again = tasks.run_due_now(now)
        again_s = time.perf_counter() - began
    tenth = max(1, len(marks) // 10)  # the rate of the first and of the last tenth of the batches
    first_tenth = tenth * BATCH_ROWS / marks[tenth - 1] if marks else None
    last_tenth = tenth * BATCH_ROWS / (marks[-1] - marks[-tenth - 1]) if len(marks) > tenth else None
    print(json.dumps({"batches": len(marks), "rows_per_s_first_tenth": first_tenth and round(first_tenth),
                      "rows_per_s_last_tenth": last_tenth and round(last_tenth), "queued": first["round_opening"], "other_jobs": sum(first.values()) - first["round_opening"],
                      "seconds": round(first_s, 2), "tasks_in_queue": pending,
                      "rss_before_mb": before_mb, "peak_rss_mb": job_mb,
                      "again_queued": sum(again.values()), "again_seconds": round(again_s, 3)}))


def fanout(storage: str, redis_url: str, now: datetime, url: str) -> dict:
    log(f"fan-out on the {storage} queue")
    done = subprocess.run([sys.executable, __file__, "--child", "fanout", "--now", now.isoformat()],
                          env=storage_env(storage, redis_url), cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"fan-out child failed:\n{done.stderr[-3000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["delivery_rows"] = count(url, "SELECT count(*) FROM delivery WHERE kind = 'round_opening'")
    figures["rows_per_s"] = round(figures["delivery_rows"] / figures["seconds"])
    log(f"  {figures}")
    return figures


# --- 2. the worker sending to a real SMTP server ---------------------------------------------------


#: What the app keeps of its queue: the huey instance and the tasks registered on it.
_QUEUE_EXTENSIONS = ("notify_queue", "notify_task", "recovery_tasks", "notify_events_tasks")


@contextlib.contextmanager
def using_storage(app, storage: str, redis_url: str):
    """The app's queue on ``storage`` for the block (built anew), then back to the SQLite file."""
    def forget() -> None:
        for key in _QUEUE_EXTENSIONS:
            app.extensions.pop(key, None)

    forget()
    app.config["REDIS_URL"] = redis_url if storage == "redis" else None
    try:
        yield
    finally:
        app.config["REDIS_URL"] = None
        forget()


@contextlib.contextmanager
def running_worker(env: dict, log_path: Path):
    """``flask notify worker --workers 2`` in its own process, ready (its consumer started)."""
    with open(log_path, "w") as stderr:
        worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "notify", "worker",
                                   "--workers", "2"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            deadline = time.monotonic() + 60
            while "consumer started" not in log_path.read_text().lower():
                if worker.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the worker did not start: {log_path.read_text()[-3000:]}")
                time.sleep(0.1)
            yield worker
            if worker.poll() is not None:
                raise RuntimeError(f"the worker stopped: {log_path.read_text()[-3000:]}")
        finally:
            worker.send_signal(signal.SIGINT)  # huey: finish the task at hand, then stop
            try:
                worker.wait(20)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()


def deliver(storage: str, redis_url: str, url: str, app, send: int) -> dict:
    """Start the real worker, enqueue ``send`` queued deliveries, wait until the SMTP server has
    them all."""
    from contest.notifications import queue
    from tests.support.notifications import smtp_server

    with psycopg.connect(dsn(url)) as conn:
        rows = conn.execute("SELECT id, address FROM delivery WHERE status = 'queued' AND kind = 'round_opening' "
                            "ORDER BY id LIMIT %s", (send,)).fetchall()
    ids = [r[0] for r in rows]
    expected = sorted(r[1] for r in rows)
    with using_storage(app, storage, redis_url), smtp_server() as server:
        queue.get(app).flush()  # the fan-out's tasks: only ``send`` of them go out here
        env = storage_env(storage, redis_url) | {"SMTP_URL": server.url}
        with running_worker(env, WORK / f"worker-{storage}.log"):
            log(f"worker ready on the {storage} queue; sending {len(ids)}")
            began = time.perf_counter()
            for delivery_id in ids:
                queue.enqueue(app, delivery_id)
            enqueued_s = time.perf_counter() - began
            deadline = time.monotonic() + 300
            while sum(1 for p in os.scandir(server.folder) if p.name.endswith(".eml")) < len(ids):
                if time.monotonic() > deadline:
                    raise RuntimeError("the worker took too long")
                time.sleep(0.05)
            seconds = time.perf_counter() - began
            sent = 0
            while time.monotonic() < deadline:  # the last rows' commits follow the last mail
                sent = count(url, "SELECT count(*) FROM delivery WHERE id = ANY(%s) AND status = 'sent'", ids)
                if sent == len(ids):
                    break
                time.sleep(0.05)
            time.sleep(2)  # anything sent twice would arrive now
        received = sorted(str(m["To"]) for m in server.messages())
        tries = server.tries()
    figures = {"worker": "flask notify worker --workers 2 (own process)", "sent": len(ids),
               "received": len(received), "received_distinct": len(set(received)),
               "received_match": received == expected, "smtp_rcpt_commands": tries,
               "log_sent": sent, "seconds": round(seconds, 2), "enqueue_s": round(enqueued_s, 2),
               "messages_per_s": round(len(ids) / seconds, 1)}
    log(f"  {figures}")
    return figures


# --- 3. the request path -----------------------------------------------------------------------------


_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def request_path(app, requests: int, known_first: int) -> dict:
    """POST /forgot-password for ``requests`` known and as many unknown addresses, interleaved,
    each person from their own client address (RECOVERY_PER_CLIENT counts per client). Then the
    queued tasks run here, as the worker would: a reset message for each known address only."""
    from contest.notifications import queue

    client = app.test_client()
    page = client.get("/forgot-password")
    assert page.status_code == 200, page.status_code
    token = _CSRF.search(page.get_data(as_text=True)).group(1)
    clients = iter(range(10**6))

    def post(address: str) -> float:
        n = next(clients)
        began = time.perf_counter()
        response = client.post("/forgot-password", data={"login": address, "csrf_token": token},
                               environ_base={"REMOTE_ADDR": f"10.{n // 65536}.{n // 256 % 256}.{n % 256}"})
        elapsed = (time.perf_counter() - began) * 1000
        assert response.status_code == 200, (address, response.status_code)
        return elapsed

    queue.get(app).flush()
    for n in range(5):  # warm up: the templates, the connection pool, the queue
        post(f"warm{n}@nowhere.vn")
    post(f"c{known_first - 1}@bench.vn")
    known, unknown = [], []
    for n in range(requests):
        known.append(post(f"c{known_first + n}@bench.vn"))
        unknown.append(post(f"nobody{n}@nowhere.vn"))
    tasks = queue.get(app).pending_count()
    queue.run(app, early=False)  # the reset tasks, then the deliveries they queued (no server here: failed)
    resets = count(os.environ["DATABASE_URL"], "SELECT count(*) FROM delivery WHERE kind = 'password_reset'")
    return {"known": quantiles(known), "unknown": quantiles(unknown), "requests_each": requests,
            "tasks_queued_by_the_posts": tasks, "reset_messages_after_the_tasks_ran": resets}


def enqueue_cost(app, storage: str, redis_url: str, repeat: int = 200) -> dict:
    """One bare enqueue of a delivery task (the part of the answer the queue adds)."""
    from contest.notifications import queue

    with using_storage(app, storage, redis_url):
        times = []
        for n in range(repeat):
            began = time.perf_counter()
            queue.enqueue(app, 10**9 + n)  # no such row: a worker would do nothing with it
            times.append((time.perf_counter() - began) * 1000)
        queue.get(app).flush()
    return {"median": round(statistics.median(times), 2), "p95": round(sorted(times)[int(0.95 * repeat) - 1], 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 citizens, 500 messages, 50 requests")
    parser.add_argument("--citizens", type=int, default=None, help="who opted in (default 80,000)")
    parser.add_argument("--others", type=int, default=None, help="who did not (default 20,000)")
    parser.add_argument("--send", type=int, default=None, help="messages the worker sends (default 2,000)")
    parser.add_argument("--requests", type=int, default=None, help="POSTs of each kind (default 100)")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS)
    parser.add_argument("--no-redis", action="store_true", help="only the SQLite queue")
    parser.add_argument("--fanout-on", nargs="+", choices=["sqlite", "redis"], default=["sqlite"],
                        help="queue storages the fan-out runs on (each ~4 minutes for 80,000 here)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--now", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "fanout":
        child_fanout(datetime.fromisoformat(args.now))
        return
    citizens = args.citizens or (10_000 if args.quick else 80_000)
    others = args.others if args.others is not None else citizens // 4
    send = args.send or (500 if args.quick else 2_000)
    requests = args.requests or (50 if args.quick else 100)
    storages = ["sqlite"] if args.no_redis else ["sqlite", "redis"]
    if not set(args.fanout_on) & set(storages):
        parser.error("--fanout-on redis needs Redis (not --no-redis)")
    url = os.environ["DATABASE_URL"]
    started = time.perf_counter()

    from contest.core.db import utcnow
    from tests.bench.bench_data import recreate_database

    log(f"database {url}; {citizens} citizens opted in, {others} not; queue files in {WORK}")
    recreate_database(url)
    now = utcnow()
    began = time.perf_counter()
    seed(url, citizens, others, now)
    log(f"data ready in {time.perf_counter() - began:.0f} s")
    if "redis" in storages:
        clear_redis(args.redis_url)

    fan = {}
    for n, storage in enumerate(s for s in storages if s in args.fanout_on):
        if n:
            empty_log(url)
        fan[storage] = fanout(storage, args.redis_url, now, url)

    from contest import create_app

    app = create_app()
    sending = {}
    for storage in storages:
        sending[storage] = deliver(storage, args.redis_url, url, app, send)

    log(f"request path: {requests} known and {requests} unknown addresses")
    forgot = request_path(app, requests, known_first=citizens - requests)  # not among those just sent
    enqueue = {storage: enqueue_cost(app, storage, args.redis_url) for storage in storages}
    if "redis" in storages:
        clear_redis(args.redis_url)

    ok = (all(f["queued"] == citizens == f["delivery_rows"] == f["tasks_in_queue"] and f["again_queued"] == 0
              for f in fan.values())
          and all(s["received"] == s["received_distinct"] == s["sent"] == s["log_sent"] and s["received_match"]
                  for s in sending.values())
          and forgot["tasks_queued_by_the_posts"] == 2 * requests + 6  # and the warm-ups'
          and forgot["reset_messages_after_the_tasks_ran"] == requests + 1)
    result = {
        "citizens_opted_in": citizens, "citizens_not": others,
        "fanout": {s: {k: f[k] for k in ("queued", "delivery_rows", "tasks_in_queue", "seconds", "rows_per_s",
                                         "batches", "rows_per_s_first_tenth", "rows_per_s_last_tenth",
                                         "rss_before_mb", "peak_rss_mb", "again_queued", "again_seconds")}
                   for s, f in fan.items()},
        "delivery": sending,
        "forgot_password_ms": forgot,
        "enqueue_ms": enqueue,
        "all_checks_passed": ok,
        "total_s": round(time.perf_counter() - started, 1),
        "cpus": os.cpu_count(), "load_average_1min": round(os.getloadavg()[0], 1),
    }
    if ok:
        shutil.rmtree(WORK, ignore_errors=True)
    print(json.dumps(result))
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
