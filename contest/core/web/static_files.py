"""Static files as a cheap phone on a slow network wants them: compressed, and cached for good.

At startup every file of ``static/`` is copied once into ``STATIC_BUILD_DIR`` under a name that
carries a hash of its content (``css/app.css`` -> ``css/app.3f2a9c1b7d4e.css``), with gzip and,
when the ``brotli`` package is there, brotli variants beside it. WhiteNoise serves that folder in
front of Flask: the variant the browser accepts, with ``Cache-Control: max-age=<10 years>, public,
immutable`` for a fingerprinted name (its content can never change) and a short max-age for the
plain name, which keeps working for links made without ``url_for``. ``url_for('static', ...)``
gives the fingerprinted URL.

Why names and not a ``?v=<hash>`` query: WhiteNoise, outside Django, decides caching from the URL
path alone (its ``immutable_file_test`` never sees a query string), and every proxy caches a path.
Django's manifest storage does the renaming for Django apps; this module is the small
framework-free equivalent.

Stateless across hosts: names depend on content only, so every gunicorn host of one release
computes the same URLs from its own copy of the code, with nothing shared. The ETag is the content
hash too, so a revalidation (plain names only) gets its 304 from any host. The build is a cache:
a file whose fingerprinted copy exists is not rebuilt, so a restart costs a hash of each file.
A changed file needs a restart (development included) to get its new name.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from flask import Flask
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

HASH_LENGTH = 12
#: Plain (unfingerprinted) names may change with a release: browsers ask again after this.
PLAIN_MAX_AGE = 60
#: A variant is kept only when it saves at least this share of the bytes (WhiteNoise's rule).
MIN_SAVING = 0.05


def fingerprinted_name(name: str, digest: str) -> str:
    """``css/app.css`` -> ``css/app.<digest>.css``; a name without extension gets it at the end."""
    folder, _, base = name.rpartition("/")
    stem, dot, extension = base.rpartition(".")
    hashed = f"{stem}.{digest}.{extension}" if dot and stem else f"{base}.{digest}"
    return f"{folder}/{hashed}" if folder else hashed


def content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:HASH_LENGTH]


def build(source: Path, target: Path) -> dict[str, tuple[str, str]]:
    """Copy each file of ``source`` into ``target`` under its fingerprinted name, with its
    compressed variants; returns ``{name: (fingerprinted name, digest)}``. Files already built
    (same content, hence same name) are left as they are."""
    compressor = Compressor(quiet=True)
    manifest = {}
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        name = path.relative_to(source).as_posix()
        data = path.read_bytes()
        digest = content_digest(data)
        hashed = fingerprinted_name(name, digest)
        manifest[name] = (hashed, digest)
        destination = target / hashed
        if destination.exists():
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        if compressor.should_compress(name):
            for suffix, compressed in _variants(compressor, data):
                _write_atomically(destination.with_name(destination.name + suffix), compressed)
        _write_atomically(destination, data)  # last: its presence means the variants are there
    return manifest


def _variants(compressor: Compressor, data: bytes):
    candidates = []
    if compressor.use_brotli:
        candidates.append((".br", compressor.compress_brotli(data)))
    candidates.append((".gz", compressor.compress_gzip(data)))
    for suffix, compressed in candidates:
        if data and len(compressed) <= len(data) * (1 - MIN_SAVING):
            yield suffix, compressed


def _write_atomically(path: Path, data: bytes) -> None:
    """Workers starting together may build at once: each writes a temporary file and renames."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".build-")
    with os.fdopen(handle, "wb") as file:
        file.write(data)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)


def init_app(app: Flask) -> None:
    source, target = Path(app.static_folder), Path(app.config["STATIC_BUILD_DIR"])
    manifest = build(source, target)
    prefix = app.static_url_path.rstrip("/") + "/"
    immutable_urls = {prefix + hashed for hashed, _digest in manifest.values()}
    etags = {str(target / hashed): f'W/"{digest}"' for hashed, digest in manifest.values()}

    def add_headers(headers, path, _url):
        headers["ETag"] = etags[path]  # weak: one content, several encodings
        headers["X-Content-Type-Options"] = "nosniff"

    server = WhiteNoise(app.wsgi_app, max_age=PLAIN_MAX_AGE, add_headers_function=add_headers,
                        immutable_file_test=lambda _path, url: url in immutable_urls)
    for name, (hashed, _digest) in manifest.items():
        server.add_file_to_dictionary(prefix + hashed, str(target / hashed))
        server.add_file_to_dictionary(prefix + name, str(target / hashed))
    app.wsgi_app = server

    @app.url_defaults
    def _fingerprint(endpoint, values):
        if endpoint == "static" and values.get("filename") in manifest:
            values["filename"] = manifest[values["filename"]][0]
