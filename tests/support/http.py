"""A tiny HTTP client for tests and benchmarks that talk to a real server (gunicorn)."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode

CSRF = re.compile(r'"X-CSRFToken": "([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Client:
    """Keeps one connection and the session cookie; reads the CSRF token from pages."""

    def __init__(self, port: int, timeout: float = 30):
        self.port, self.timeout = port, timeout
        self.cookies: dict[str, str] = {}
        self.token = ""
        self.conn = None

    def request(self, method: str, path: str, data: dict | None = None, htmx: bool = False):
        body = urlencode(data or {}, doseq=True) if data is not None else None
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.token and method == "POST":
            headers["X-CSRFToken"] = self.token
        if htmx:
            headers["HX-Request"] = "true"
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                payload = response.read()
                break
            except (ConnectionError, http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        text = payload.decode("utf-8", "replace")
        match = CSRF.search(text)
        if match:
            self.token = match.group(1)
        return response.status, response.headers, text

    def get(self, path: str):
        return self.request("GET", path)

    def post(self, path: str, data: dict | None = None, htmx: bool = False):
        return self.request("POST", path, data or {}, htmx)

    def login(self, login: str, password: str) -> None:
        self.get("/login")
        status, _headers, _ = self.post("/login", {"login": login, "password": password, "csrf_token": self.token})
        if status != 302:
            raise RuntimeError(f"login failed for {login}: {status}")
        self.get("/")


def start_gunicorn(port: int, env: dict, workers: int = 1, threads: int = 4,
                   app: str = "wsgi:app") -> subprocess.Popen:
    """gunicorn with our config file on ``port`` (run from the project root); returns once it answers."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    cmd = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
           "--workers", str(workers), "--threads", str(threads), app]
    process = subprocess.Popen(cmd, env=env, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               start_new_session=True)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode()[-2000:]) from None
            time.sleep(0.1)
    kill_group(process)
    raise RuntimeError("gunicorn did not start")


def kill_group(process: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    """Kill gunicorn's master and workers at once, as a crash or power loss would."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(os.getpgid(process.pid), sig)
    process.wait()
