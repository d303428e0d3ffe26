"""Production serving defaults; each can be overridden by GUNICORN_* environment variables."""

import multiprocessing
import os

os.environ.setdefault("APP_ENV", "production")

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = 30
graceful_timeout = 20
keepalive = 5
#: The app is imported once in the master and forked: a worker that is recycled or killed is
#: replaced in milliseconds instead of re-importing everything (seconds of CPU under load).
preload_app = True
#: Recycling bounds slow memory growth; with preloading it costs a fork and cold caches.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESSLOG")  # off by default: the hot path logs nothing
errorlog = "-"


def on_starting(server):
    """A save may hold two pooled connections per thread (its autocommit one and the request
    session's): a smaller pool could leave every thread waiting for a second one."""
    from contest.core.config import Config

    pool = Config.DB_POOL_SIZE + Config.DB_MAX_OVERFLOW
    if pool < 2 * server.cfg.threads:
        raise SystemExit(f"DB_POOL_SIZE + DB_MAX_OVERFLOW ({pool}) must be at least twice the "
                         f"threads per worker ({server.cfg.threads}).")


def post_fork(server, worker):
    """No database connection may cross a fork: each worker opens its own."""
    engine = getattr(server.app.wsgi(), "extensions", {}).get("db_engine")
    if engine is not None:
        engine.dispose(close=False)
