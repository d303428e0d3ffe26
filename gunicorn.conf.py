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
max_requests = 5000
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESSLOG")  # off by default: the hot path logs nothing
errorlog = "-"
