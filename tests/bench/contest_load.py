"""Contest load on gunicorn + PostgreSQL: a burst of starts, every answer saved, submissions, and a
gunicorn worker killed mid-run; then the database is checked for lost answers.

    python tests/bench/contest_load.py [--quick] [--contestants N] [--workers W] [--threads T]

Prints progress to stderr and, as its last line, one JSON object with at least save_rps,
save_p50_ms, save_p99_ms, start_p99_ms, submit_p99_ms, lost_answers, hello_rps and ratio
(= save_rps / hello_rps; both measured with wrk, 64 connections, the same gunicorn settings), and
floor_rps: the same saves sent to a bare Flask view that only runs the durable UPDATE (hello_app),
and save_to_floor (= save_rps / floor_rps, measured in the same run).
Needs wrk (Debian package ``wrk``) and PostgreSQL (DATABASE_URL, default the local server).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from contest.core.db import make_engine  # noqa: E402
from tests.bench.bench_data import PASSWORD, database_url, recreate_database, seed_contest  # noqa: E402
from tests.support.http import Client, free_port, kill_group, start_gunicorn  # noqa: E402

QUESTION = re.compile(r'<section class="card question" id="q(\d+)".*?</section>', re.S)
CHOICE = re.compile(r'name="choice" value="([0-9a-f]{8})"')


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def wrk(port: int, path: str, seconds: int, script: str, env: dict | None = None) -> dict:
    """wrk's figures for ``seconds`` of load, after a short warm-up whose figures are dropped.

    The warm-up matters: wrk's 64 keep-alive connections stay with the gunicorn workers that
    accepted them, so connections opened while some workers were still booting would load only
    the others for the whole run (seen: a "hello" at half speed with a core idle).
    """
    def run(duration: int) -> str:
        return subprocess.run(["wrk", "-t2", "-c64", f"-d{duration}s", "--latency", "-s", script,
                               f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True,
                              env=dict(os.environ, **(env or {})), check=True).stdout

    run(2)
    out = run(seconds)
    data = json.loads(next(line for line in out.splitlines() if line.startswith("JSON "))[5:])
    data["rps"] = data["requests"] / data["seconds"]
    return data


def save_requests(people: list[Contestant], prefix: str = "") -> str:
    """A file for save.lua: one line per question of every contestant (cookie, token, path, body)."""
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as lines:
        for person in people:
            cookie = "; ".join(f"{k}={v}" for k, v in person.client.cookies.items())
            for position, keys in person.keys.items():
                lines.write(f"{cookie}\t{person.client.token}\t{prefix}{person.url}/answers/{position}"
                            f"\tchoice={keys[0]}\n")
    return lines.name


class Contestant:
    def __init__(self, port: int, email: str):
        self.client = Client(port, timeout=60)
        self.email = email
        self.url = ""
        self.keys: dict[int, list[str]] = {}

    def read_attempt(self) -> None:
        _, _, page = self.client.get(self.url)
        self.keys = {int(m.group(1)): CHOICE.findall(m.group(0)) for m in QUESTION.finditer(page)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 contestants, shorter wrk runs")
    parser.add_argument("--contestants", type=int)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("GUNICORN_WORKERS", 5)))
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--burst-seconds", type=float, default=8.0)
    args = parser.parse_args()
    count = args.contestants or (200 if args.quick else 2000)
    wrk_seconds = 5 if args.quick else 15
    url = database_url()
    log(f"database {url}; {count} contestants; gunicorn {args.workers} workers x {args.threads} threads")
    recreate_database(url)
    exam_id, round_id, emails = seed_contest(url, count)
    env = dict(os.environ, DATABASE_URL=url, APP_ENV="production", SECRET_KEY="bench-secret-of-at-least-32-bytes-long",
               COOKIE_SECURE="0", PYTHONPATH=str(ROOT), LOGIN_RATE_LIMIT="100000 per minute")

    before = measure_hello(env, args, wrk_seconds)
    port = free_port()
    server = start_gunicorn(port, env, args.workers, args.threads)
    try:
        result = run(port, server, count, exam_id, round_id, emails, args, wrk_seconds, url, env)
    finally:
        kill_group(server)
    # Measured before and after the app's run (the database may still be busy right after
    # seeding); the faster one counts, so noise can only make the ratio look worse.
    hello_stats = max(before, measure_hello(env, args, wrk_seconds), key=lambda stats: stats["rps"])
    result.update(hello_rps=round(hello_stats["rps"], 1), hello_p99_ms=hello_stats["p99_ms"],
                  ratio=round(result["save_rps"] / hello_stats["rps"], 3),
                  floor_ratio=round(result["floor_rps"] / hello_stats["rps"], 3),
                  save_to_floor=round(result["save_rps"] / result["floor_rps"], 3), contestants=count,
                  workers=args.workers, threads=args.threads, cpus=os.cpu_count())
    print(json.dumps(result))


def measure_hello(env: dict, args, wrk_seconds: int) -> dict:
    port = free_port()
    hello = start_gunicorn(port, env, args.workers, args.threads, app="tests.bench.hello_app:app")
    try:
        stats = wrk(port, "/hello", wrk_seconds, str(ROOT / "tests/bench/hello.lua"))
    finally:
        kill_group(hello)
    log(f"hello: {stats['rps']:.0f} req/s, p99 {stats['p99_ms']:.1f} ms")
    return stats


def run(port, server, count, exam_id, round_id, emails, args, wrk_seconds, url, env) -> dict:
    people = [Contestant(port, email) for email in emails]
    with ThreadPoolExecutor(32) as pool:
        list(pool.map(lambda p: p.client.login(p.email, PASSWORD), people))
    log("all contestants signed in")

    # Burst: every contestant starts within ``burst_seconds`` (uniformly spread), in parallel.
    start_ms: list[float] = []
    failures: list[str] = []
    t0 = time.monotonic() + 1.0
    offsets = sorted(random.uniform(0, args.burst_seconds) for _ in people)

    def start(pair):
        person, offset = pair
        time.sleep(max(0.0, t0 + offset - time.monotonic()))
        began = time.monotonic()
        status, headers, _ = person.client.post(f"/exams/{exam_id}/rounds/{round_id}/start",
                                                {"csrf_token": person.client.token})
        start_ms.append((time.monotonic() - began) * 1000)
        if status != 302 or "/attempts/" not in headers.get("Location", ""):
            failures.append(f"start {person.email}: {status}")
        person.url = headers.get("Location", "")

    with ThreadPoolExecutor(min(400, count)) as pool:
        list(pool.map(start, zip(people, offsets, strict=True)))
    burst = time.monotonic() - t0
    started = sum(1 for p in people if "/attempts/" in p.url)
    log(f"burst: {started}/{count} started in {burst:.1f} s, p99 {percentile(start_ms, 99):.0f} ms")
    with ThreadPoolExecutor(32) as pool:
        list(pool.map(Contestant.read_attempt, people))

    # Throughput of real saves, measured by wrk against in-progress attempts.
    lines = save_requests(people)
    save_stats = wrk(port, "/", wrk_seconds, str(ROOT / "tests/bench/save.lua"), {"SAVE_REQUESTS": lines})
    os.unlink(lines)
    floor_stats = measure_floor(people, env, args, wrk_seconds)
    time.sleep(3)  # let requests still queued from wrk finish before acknowledged answers are tracked
    log(f"saves (wrk): {save_stats['rps']:.0f} req/s, p50 {save_stats['p50_ms']:.1f} ms, "
        f"p99 {save_stats['p99_ms']:.1f} ms, non-2xx {save_stats['non2xx']}, errors {save_stats['errors']}")

    # Every contestant answers every question (retrying what fails), a worker dies midway, then all submit.
    acked: dict[tuple[str, int], str] = {}
    save_ms: list[float] = []
    retries = [0]
    done = [0]
    total = sum(len(p.keys) for p in people)
    killed = threading.Event()
    lock = threading.Lock()

    def answer(person: Contestant):
        for position, keys in sorted(person.keys.items()):
            key = random.choice(keys)
            for _attempt in range(20):
                began = time.monotonic()
                try:
                    status, _h, body = person.client.post(f"{person.url}/answers/{position}", {"choice": key}, htmx=True)
                except OSError:
                    status, body = 0, ""
                if status == 200 and "Đã lưu" in body:
                    with lock:
                        save_ms.append((time.monotonic() - began) * 1000)
                        acked[(person.url, position)] = key
                        done[0] += 1
                        if done[0] >= total // 2 and not killed.is_set():
                            killed.set()
                            kill_one_worker(server.pid)
                    break
                retries[0] += 1
                time.sleep(0.2)

    with ThreadPoolExecutor(64) as pool:
        list(pool.map(answer, people))
    log(f"answers: {len(acked)}/{total} acknowledged, {retries[0]} retries (a worker was killed)")

    submit_ms: list[float] = []

    def submit(person: Contestant):
        began = time.monotonic()
        status, headers, _ = person.client.post(f"{person.url}/submit",
                                                {"csrf_token": person.client.token, "prediction": "10"})
        submit_ms.append((time.monotonic() - began) * 1000)
        if status != 302 or not headers.get("Location", "").endswith("/result"):
            failures.append(f"submit {person.url}: {status}")

    with ThreadPoolExecutor(64) as pool:
        list(pool.map(submit, people))
    lost = count_lost(url, acked)
    log(f"lost answers: {lost}; failures: {len(failures)} {failures[:3]}")
    return {"save_rps": round(save_stats["rps"], 1), "save_p50_ms": save_stats["p50_ms"],
            "floor_rps": round(floor_stats["rps"], 1), "floor_p99_ms": floor_stats["p99_ms"],
            "save_p99_ms": save_stats["p99_ms"], "save_non2xx": save_stats["non2xx"],
            "flow_save_p50_ms": round(statistics.median(save_ms), 1) if save_ms else None,
            "flow_save_p99_ms": round(percentile(save_ms, 99), 1),
            "started": started, "burst_seconds": round(burst, 2),
            "start_p50_ms": round(percentile(start_ms, 50), 1), "start_p99_ms": round(percentile(start_ms, 99), 1),
            "submit_p99_ms": round(percentile(submit_ms, 99), 1), "acknowledged_answers": len(acked),
            "lost_answers": lost, "worker_killed": killed.is_set(), "failures": len(failures)}


def measure_floor(people: list[Contestant], env: dict, args, wrk_seconds: int) -> dict:
    """The same saves sent to the bare durable-write view of hello_app (same gunicorn settings)."""
    port = free_port()
    yardstick = start_gunicorn(port, env, args.workers, args.threads, app="tests.bench.hello_app:app")
    lines = save_requests(people, prefix="/floor")
    try:
        stats = wrk(port, "/", wrk_seconds, str(ROOT / "tests/bench/save.lua"), {"SAVE_REQUESTS": lines})
    finally:
        kill_group(yardstick)
        os.unlink(lines)
    log(f"floor (bare Flask + one durable UPDATE): {stats['rps']:.0f} req/s, p99 {stats['p99_ms']:.1f} ms, "
        f"non-2xx {stats['non2xx']}")
    return stats


def kill_one_worker(master_pid: int) -> None:
    children = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True).stdout.split()
    if children:
        os.kill(int(children[0]), signal.SIGKILL)
        log(f"killed gunicorn worker {children[0]}")


def count_lost(url: str, acked: dict[tuple[str, int], str]) -> int:
    """Acknowledged answers whose stored response differs from the last acknowledged one."""
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT attempt_id, position, response FROM attempt_question")).all()
    engine.dispose()
    stored = {(f"/attempts/{a}", p): (json.loads(r) if isinstance(r, str) else r) for a, p, r in rows}
    return sum(1 for key, choice in acked.items() if (stored.get(key) or {}).get("choice") != choice)


if __name__ == "__main__":
    main()
