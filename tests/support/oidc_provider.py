"""A real OpenID Connect provider for tests: the ``oidc-provider-mock`` package run as its own
process on a free port, plus a small discovery server that stands for a provider whose metadata
lies about who it is.

The provider signs ID tokens with its own key, publishes it at ``/jwks``, checks the PKCE
verifier at its token endpoint and puts the request's nonce in the ID token. Its authorization
page is a form: posting ``sub`` signs that subject in (``authorize``), ``action=deny`` refuses.
A subject's claims are set beforehand with ``set_user``.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import requests

from tests.support.http import free_port


class OidcProvider:
    """A running provider; ``issuer`` is its URL (``http://127.0.0.1:PORT``)."""

    def __init__(self, port: int):
        self.port = port
        self.issuer = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "oidc_provider_mock", "--port", str(self.port),
             "--require-nonce"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the OIDC provider exited at start")
            with contextlib.suppress(requests.RequestException):
                if requests.get(self.discovery_url, timeout=1).ok:
                    return
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("the OIDC provider did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    @property
    def discovery_url(self) -> str:
        return self.issuer + "/.well-known/openid-configuration"

    def metadata(self) -> dict:
        return requests.get(self.discovery_url, timeout=5).json()

    def set_user(self, subject: str, **claims) -> None:
        """The claims the provider gives for ``subject`` (``name``, ``email``, ...)."""
        response = requests.put(f"{self.issuer}/users/{subject}", json=claims, timeout=5)
        response.raise_for_status()

    def authorize(self, authorization_url: str, subject: str | None = None,
                  deny: bool = False) -> str:
        """Answer the provider's sign-in page as the person would (sign ``subject`` in, or
        refuse); returns where the provider sends the browser back (our callback URL)."""
        data = {"action": "deny"} if deny else {"sub": subject}
        response = requests.post(authorization_url, data=data, allow_redirects=False, timeout=5)
        assert response.status_code in (302, 303), response.text[:500]
        return response.headers["Location"]


@contextlib.contextmanager
def oidc_provider():
    """A provider process on a free port, stopped afterwards."""
    provider = OidcProvider(free_port())
    provider.start()
    try:
        yield provider
    finally:
        provider.stop()


@contextlib.contextmanager
def discovery_server(document: dict):
    """An HTTP server whose only page is ``document`` at ``/.well-known/openid-configuration``;
    yields its URL. ``document`` may use ``{self}`` in its values for that URL."""
    holder: dict = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            if urlsplit(self.path).path != "/.well-known/openid-configuration":
                self.send_error(404)
                return
            body = json.dumps({key: value.replace("{self}", holder["url"])
                               if isinstance(value, str) else value
                               for key, value in document.items()}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    holder["url"] = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield holder["url"]
    finally:
        server.shutdown()
        server.server_close()


def callback_path(location: str) -> str:
    """The path and query of the provider's redirect to our callback (the test client's URL)."""
    parts = urlsplit(location)
    return parts.path + ("?" + parts.query if parts.query else "")
