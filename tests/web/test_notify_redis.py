"""With REDIS_URL the queue is huey on Redis (a real redis-server process)."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from flask import Flask

from contest.notifications import queue
from tests.support.http import free_port
from tests.support.notifications import _wait_listening

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="no redis-server")


@pytest.fixture
def redis_url():
    port = free_port()
    process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                                "--save", "", "--appendonly", "no"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _wait_listening(process, port, "redis-server")
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(10)


def test_with_redis_url_the_queue_lives_in_redis(redis_url, tmp_path):
    app = Flask("redis-queue-test")
    app.config.update(REDIS_URL=redis_url, QUEUE_PATH=tmp_path / "unused.sqlite3")
    huey = queue.get(app)
    assert type(huey).__name__ == "RedisHuey"

    queue.enqueue(app, 42)
    queue.retry(app, 43, 3600)
    assert huey.pending_count() == 2
    assert [t.args for t in huey.pending()] == [(42,), (43,)]
    assert not (tmp_path / "unused.sqlite3").exists()
