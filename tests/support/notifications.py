"""Test support for outgoing messages, usable by every part's tests.

- ``run_queue(app)``: run every task waiting in the queue, in this process, through the real
  task code (as the worker would), until it is empty; retries run at once.
- ``outbox(app)``: the development folder's messages (channel, to, subject, text), oldest first.
- ``smtp_server()``: an aiosmtpd server in its own process (``.url``, ``.messages()``).
- ``http_recorder()``: an HTTP server process recording each request and answering as told.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from contest.notifications import outbox as _outbox
from contest.notifications import queue as _queue
from contest.notifications.outbox import OutboxMessage
from tests.support.http import free_port

__all__ = ["OutboxMessage", "clear", "deliveries", "down_url", "http_recorder", "notify_committed",
           "outbox", "run_queue", "settings", "smtp_server"]


def notify_committed(app, kind, **kwargs):
    """``notify`` in its own app context, committed as a request's commit point would."""
    from contest.core import db
    from contest.notifications.sending import notify

    with app.app_context():
        made = notify(db.session(), kind, **kwargs)
        db.finish(True)
        return made


def deliveries(app) -> list:
    """The delivery log, oldest first."""
    from sqlalchemy import select

    from contest.core import db
    from contest.notifications.models import Delivery

    with app.app_context():
        return db.session().scalars(select(Delivery).order_by(Delivery.id)).all()


def run_queue(app) -> int:
    """Run every waiting task (scheduled retries included, at once); how many ran."""
    from contest.notifications.task_modules import install_all

    install_all(app)  # as the worker does: the queue may hold any part's tasks
    return _queue.run(app)


def outbox(app) -> list[OutboxMessage]:
    """The messages written to NOTIFY_OUTBOX_DIR, oldest first."""
    return list(reversed(_outbox.messages(app.config["NOTIFY_OUTBOX_DIR"], limit=100000)))


def clear(app) -> None:
    """Empty the queue and the outbox (between tests)."""
    _queue.get(app).flush()
    _outbox.clear(app.config["NOTIFY_OUTBOX_DIR"])


# --- real servers in their own processes ---------------------------------------------------------


_ROOT = Path(__file__).resolve().parents[2]


def _wait_listening(process: subprocess.Popen, port: int, what: str) -> None:
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"{what} did not start: "
                                   f"{process.stderr.read().decode()[-2000:]}") from None
            time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"{what} did not start")


def _start(kind: str, folder: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "tests.support.notifications", kind, str(port),
                                str(folder)], cwd=_ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _wait_listening(process, port, kind)
    return process, port


def stop_process(process: subprocess.Popen) -> None:
    """Stop a server or worker process the test started (terminate, then kill after 5 s)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class SmtpServer:
    """An aiosmtpd server process. ``url`` for SMTP_URL; ``messages()`` the mails it accepted;
    ``refuse(550)`` / ``refuse(451)`` makes it refuse every recipient with that code (``refuse(None)``
    accepts again); ``tries()`` counts the RCPT commands it saw (each delivery try)."""

    def __init__(self, process: subprocess.Popen, port: int, folder: Path):
        self.process, self.port, self.folder = process, port, folder
        self.url = f"smtp://127.0.0.1:{port}"
        self.ca_file: str | None = None

    def refuse(self, code: int | None) -> None:
        (self.folder / "mode").write_text(str(code or ""))

    def messages(self) -> list[EmailMessage]:
        paths = sorted(self.folder.glob("*.eml"))
        return [BytesParser(policy=policy.default).parsebytes(p.read_bytes()) for p in paths]

    def tries(self) -> int:
        path = self.folder / "tries"
        return len(path.read_text().splitlines()) if path.exists() else 0

    def connections(self) -> int:
        """How many client connections delivered a try (distinct client ports)."""
        path = self.folder / "peers"
        return len(set(path.read_text().splitlines())) if path.exists() else 0

    def stop(self) -> None:
        stop_process(self.process)


@contextlib.contextmanager
def smtp_server(refuse: int | None = None, tls: str | None = None,
                login: tuple[str, str] | None = None):
    """An SMTP server (aiosmtpd) in its own process on a free port; see ``SmtpServer``.

    ``tls``: "starttls" (required before MAIL) or "smtps" (TLS from the start), with a
    self-signed certificate for 127.0.0.1 written to ``server.ca_file`` (point SSL_CERT_FILE at
    it so the client trusts it). ``login``: (user, password) the server requires."""
    with tempfile.TemporaryDirectory() as folder:
        config = {"tls": tls, "login": list(login) if login else None}
        if tls:
            _self_signed(Path(folder))
        (Path(folder) / "config.json").write_text(json.dumps(config))
        process, port = _start("smtp", Path(folder))
        server = SmtpServer(process, port, Path(folder))
        scheme = {"starttls": "smtp+starttls", "smtps": "smtps"}.get(tls or "", "smtp")
        credentials = f"{login[0]}:{login[1]}@" if login else ""
        server.url = f"{scheme}://{credentials}127.0.0.1:{port}"
        server.ca_file = str(Path(folder) / "cert.pem") if tls else None
        server.refuse(refuse)
        try:
            yield server
        finally:
            server.stop()


class HttpRecorder:
    """An HTTP server process that records each request and answers as told.

    ``url``: its base (any path is accepted). ``answer(status, body)`` sets the default answer
    (JSON body); ``script([(status, body), ...])`` answers those first, in order.
    ``requests()``: each request seen, as {"method", "path", "headers", "json"}."""

    def __init__(self, process: subprocess.Popen, port: int, folder: Path):
        self.process, self.port, self.folder = process, port, folder
        self.url = f"http://127.0.0.1:{port}"

    def answer(self, status: int = 200, body: dict | None = None) -> None:
        self.script([], default=(status, body if body is not None else {"ok": True}))

    def script(self, answers: list[tuple[int, dict | None]], default=None) -> None:
        plan = {"answers": [list(a) for a in answers],
                "default": list(default) if default else [200, {"ok": True}]}
        path = self.folder / "plan.json"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(plan))
        os.replace(tmp, path)

    def requests(self) -> list[dict]:
        path = self.folder / "requests.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]

    def stop(self) -> None:
        stop_process(self.process)


@contextlib.contextmanager
def http_recorder(status: int = 200, body: dict | None = None):
    """An HTTP recorder in its own process on a free port; see ``HttpRecorder``."""
    with tempfile.TemporaryDirectory() as folder:
        process, port = _start("http", Path(folder))
        recorder = HttpRecorder(process, port, Path(folder))
        recorder.answer(status, body)
        try:
            yield recorder
        finally:
            recorder.stop()


def down_url() -> str:
    """An address where nothing listens (a provider that is down)."""
    return f"http://127.0.0.1:{free_port()}/send"


# --- the server processes themselves (python -m tests.support.notifications smtp|http PORT DIR) ---


def _self_signed(folder: Path) -> None:
    """A self-signed certificate for 127.0.0.1 (cert.pem, key.pem)."""
    import ipaddress
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(
                "127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))


def _serve_smtp(port: int, folder: Path) -> None:
    import itertools
    import ssl

    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    counter = itertools.count(1)
    messages = {451: "451 4.3.0 Hộp thư tạm thời không nhận (thử lại sau)",
                550: "550 5.1.1 Mailbox unavailable"}

    class Handler:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            with open(folder / "tries", "a") as tries:
                tries.write(address + "\n")
            with open(folder / "peers", "a") as peers:
                peers.write(f"{session.peer[0]}:{session.peer[1]}\n")
            mode = (folder / "mode").read_text().strip() if (folder / "mode").exists() else ""
            if mode:
                return messages.get(int(mode), f"{mode} refused")
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            (folder / f"{next(counter):05d}.eml").write_bytes(envelope.original_content
                                                              or envelope.content)
            return "250 Message accepted"

    config = json.loads((folder / "config.json").read_text()) if (folder / "config.json").exists() \
        else {}
    options: dict = {}
    if config.get("tls"):
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
        if config["tls"] == "smtps":
            options["ssl_context"] = context
        else:
            options.update(tls_context=context, require_starttls=True)
    if config.get("login"):
        user, password = config["login"]

        def authenticate(server, session, envelope, mechanism, data):
            ok = (isinstance(data, LoginPassword) and data.login.decode() == user
                  and data.password.decode() == password)
            return AuthResult(success=ok, handled=False)

        # aiosmtpd sees only STARTTLS as TLS; an smtps connection is encrypted from the start
        options.update(authenticator=authenticate, auth_required=True,
                       auth_require_tls=config.get("tls") == "starttls")
    controller = Controller(Handler(), hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


def _serve_http(port: int, folder: Path) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _handle(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = raw.decode("utf-8", "replace")
            with lock:
                with open(folder / "requests.jsonl", "a") as log:
                    log.write(json.dumps({"method": self.command, "path": self.path,
                                          "headers": dict(self.headers.items()), "json": body},
                                         ensure_ascii=False) + "\n")
                plan_path = folder / "plan.json"
                plan = json.loads(plan_path.read_text()) if plan_path.exists() else {
                    "answers": [], "default": [200, {"ok": True}]}
                if plan["answers"]:
                    status, answer = plan["answers"].pop(0)
                    plan_path.write_text(json.dumps(plan))
                else:
                    status, answer = plan["default"]
            payload = json.dumps(answer if answer is not None else {}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_POST = do_GET = do_PUT = _handle

    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    _kind, _port, _folder = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    (_serve_smtp if _kind == "smtp" else _serve_http)(_port, _folder)


@contextlib.contextmanager
def settings(app, **values):
    """Set app settings (SMTP_URL=..., NOTIFY_OUTBOX=False...) for the block, then restore them."""
    missing = object()
    saved = {key: app.config.get(key, missing) for key in values}
    app.config.update(values)
    try:
        yield app
    finally:
        for key, value in saved.items():
            if value is missing:
                app.config.pop(key, None)
            else:
                app.config[key] = value


def topic_kind(topic: str, secret: bool = False):
    """A kind of ``topic`` for tests (registered once): texts name the params' ``code``."""
    from contest.notifications.kinds import _REGISTRY, Kind, register

    key = f"test_{topic}" + ("_secret" if secret else "")
    if key in _REGISTRY:
        return _REGISTRY[key]
    return register(Kind(key=key, label=f"Tin thử ({topic})", topic=topic, secret=secret,
                         email=lambda p: ("Tin thử", f"Nội dung {p.get('code', '')}"),
                         sms=lambda p: f"Tin thử {p.get('code', '')}",
                         zalo=lambda p: ("tpl", {"code": p.get("code", "")})))
