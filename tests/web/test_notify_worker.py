"""``flask notify worker``: the huey consumer, in its own process, sends what a commit queued."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from contest.core import db
from contest.notifications.models import Delivery, DeliveryStatus
from contest.notifications.sending import Address, notify
from tests.support.notifications import outbox, stop_process

ROOT = Path(__file__).resolve().parents[2]


def test_the_worker_process_sends_a_queued_message(app, tmp_path):
    env = dict(os.environ, APP_ENV="development", SECRET_KEY="worker-test-key",
               DATABASE_URL=app.config["DATABASE_URL"], QUEUE_PATH=str(app.config["QUEUE_PATH"]),
               NOTIFY_OUTBOX_DIR=str(app.config["NOTIFY_OUTBOX_DIR"]), INSTANCE_PATH=str(tmp_path))
    env.pop("REDIS_URL", None)
    worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "notify", "worker",
                               "--workers", "1"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
    try:
        with app.app_context():
            [delivery] = notify(db.session(), "test", to=Address("email", "w@example.vn"),
                                params={"code": "WORKER"})
            db.finish(True)
        deadline = time.monotonic() + 30
        status = None
        while time.monotonic() < deadline:
            with app.app_context():
                status = db.session().get(Delivery, delivery.id).status
            if status is not DeliveryStatus.queued:
                break
            assert worker.poll() is None, worker.stderr.read().decode()[-2000:]
            time.sleep(0.2)
        assert status is DeliveryStatus.sent
        [message] = outbox(app)
        assert message.to == "w@example.vn" and "WORKER" in message.text
    finally:
        stop_process(worker)


def test_the_development_server_runs_the_queue_in_a_thread(app):
    import threading

    from contest.notifications.queue import start_dev_worker

    stop = threading.Event()
    thread = start_dev_worker(app, interval=0.1, stop=stop)
    try:
        with app.app_context():
            notify(db.session(), "test", to=Address("email", "dev@example.vn"))
            db.finish(True)
        deadline = time.monotonic() + 10
        while not outbox(app) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [m.to for m in outbox(app)] == ["dev@example.vn"]
    finally:
        stop.set()
        thread.join(5)
