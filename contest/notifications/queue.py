"""The background queue: huey on a SQLite file (QUEUE_PATH) by default, on Redis when
REDIS_URL is set. Built lazily from the app's config, once per app.

One task, ``deliver(delivery_id)``, makes one try of one delivery inside an app context of the
app that built the queue (the worker's own, in ``flask notify worker``). Retries are not huey's:
the try records its outcome on the row and, after a temporary failure, schedules the next try
itself (``retry``), so every try is in the delivery log.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from flask import Flask, current_app
from huey import RedisHuey, SqliteHuey
from huey.api import Huey

_QUEUE = "notify_queue"
_TASK = "notify_task"
_lock = threading.Lock()


def get(app: Flask | None = None) -> Huey:
    """The app's queue (built on first use)."""
    app = app or current_app._get_current_object()
    if _QUEUE not in app.extensions:
        with _lock:
            _get_locked(app)
    return app.extensions[_QUEUE]


def _get_locked(app: Flask) -> Huey:
    """``get`` with ``_lock`` held by the caller."""
    if _QUEUE not in app.extensions:
        huey = _build(app)
        app.extensions[_TASK] = huey.task(name="deliver")(_task_body(app))
        app.extensions[_QUEUE] = huey
    return app.extensions[_QUEUE]


def install_once(app: Flask, name: str, register: Callable[[Huey], dict]) -> dict:
    """The tasks ``register(huey)`` declares on the app's queue, registered once per app (huey
    refuses a task name twice); returns them by name. For the task modules of other parts."""
    if name not in app.extensions:
        with _lock:
            if name not in app.extensions:
                huey = _get_locked(app)
                app.extensions[name] = register(huey)
    return app.extensions[name]


def _build(app: Flask) -> Huey:
    if app.config.get("REDIS_URL"):
        return RedisHuey("contest-notify", url=app.config["REDIS_URL"], results=False, utc=True)
    path = app.config["QUEUE_PATH"]
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("contest-notify", filename=str(path), results=False, utc=True)


def _task_body(app: Flask):
    def deliver(delivery_id: int, token: str | None = None) -> None:
        from contest.notifications import delivering

        with app.app_context():
            next_try = delivering.attempt(delivery_id, token)
        if next_try is not None:  # a temporary failure, committed: the next try, later
            retry(app, delivery_id, next_try.seconds, next_try.token)

    return deliver


def _task(app: Flask):
    get(app)
    return app.extensions[_TASK]


def enqueue(app: Flask, delivery_id: int) -> None:
    _task(app)(delivery_id)


def retry(app: Flask, delivery_id: int, delay_seconds: float, token: str | None = None) -> None:
    _task(app).schedule(args=(delivery_id, token) if token else (delivery_id,), delay=delay_seconds)


def run(app: Flask, only: set[int] | None = None, early: bool = True) -> int:
    """Run, in this process, every task waiting in the queue (as the worker would), until it
    is empty; returns how many ran. Scheduled retries that are due run too; with ``early``,
    those not yet due run at once as well (those of the deliveries in ``only``, or all when
    ``only`` is None), and the others stay scheduled.

    For tests, ``flask notify test --wait`` and the development server; production runs
    ``flask notify worker``."""
    huey = get(app)
    ran = 0
    while True:
        task = huey.dequeue()
        if task is None:
            _release_scheduled(huey, only, early)
            task = huey.dequeue()
        if task is None:
            return ran
        if not huey.ready_to_run(task):  # a retry waiting for its time (huey queues it so)
            if not (early and (only is None or (task.args and task.args[0] in only))):
                huey.add_schedule(task)
                continue
            task.eta = None
        huey.execute(task)
        ran += 1


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _release_scheduled(huey: Huey, only: set[int] | None, early: bool) -> None:
    """Move scheduled tasks to the queue: the due ones, and with ``early`` the chosen others."""
    due = huey.read_schedule(_now())
    later = huey.read_schedule(_now() + timedelta(days=3650)) if early else []
    for task in due:
        huey.enqueue(task)
    for task in later:
        if only is None or (task.args and task.args[0] in only):
            task.eta = None
            huey.enqueue(task)
        else:
            huey.add_schedule(task)


def start_dev_worker(app: Flask, interval: float = 1.0,
                     stop: threading.Event | None = None) -> threading.Thread:
    """Development (``flask run-demo``): a thread of this process runs the queue every
    ``interval`` seconds, so the outbox folder fills without a separate worker. Production runs
    ``flask notify worker`` instead. Setting ``stop`` ends the thread."""
    stop = stop or threading.Event()

    def loop() -> None:
        while not stop.is_set():
            try:
                run(app, early=False)
            except Exception:  # keep the development server's queue alive
                app.logger.exception("Notification queue run failed")
            stop.wait(interval)

    thread = threading.Thread(target=loop, name="notify-dev-worker", daemon=True)
    thread.start()
    return thread


def wait_for(app: Flask, delivery_id: int, timeout: float, is_final) -> bool:
    """Run the queue until ``is_final()`` (the delivery is sent or finally failed) or until
    ``timeout`` seconds passed; retries of that delivery run at once."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run(app, only={delivery_id})
        if is_final():
            return True
        time.sleep(0.2)
    return is_final()
