"""Does /forgot-password take longer for an address that has an account? Median time of N POSTs for
a known address and N for unknown ones, interleaved, on a fresh SQLite file database and the
SQLite queue (the defaults of a fresh machine).

    .venv/bin/python -m tests.bench.recovery_timing [--requests 60]

Prints JSON: the median and the 90th percentile in milliseconds, known and unknown.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import tempfile
import time
from pathlib import Path

from sqlmodel import SQLModel

from contest import create_app
from contest.accounts.models import Role, Unit, UnitKind, User
from contest.accounts.passwords import hash_password
from contest.core import db
from contest.models import load_all

_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def measure(requests: int) -> dict:
    load_all()
    folder = Path(tempfile.mkdtemp(prefix="recovery-timing-"))
    app = create_app("testing", DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
                     QUEUE_PATH=folder / "queue.sqlite3", NOTIFY_OUTBOX_DIR=folder / "outbox",
                     CERT_DIR=folder / "certificates",
                     PASSWORD_RESET_PER_ADDRESS="100000 per minute",
                     RECOVERY_PER_CLIENT="100000 per minute",
                     NOTIFY_PER_ADDRESS="100000 per minute")
    with app.app_context():
        SQLModel.metadata.create_all(db.engine())
        session = db.session()
        unit = Unit(name="Tỉnh", kind=UnitKind.province)
        session.add(unit)
        session.flush()
        session.add(User(full_name="Nguyễn Văn An", email="an@example.vn", role=Role.citizen,
                         password_hash=hash_password("Hoa2026xy"), unit_id=unit.id))
        session.commit()
    client = app.test_client()
    token = _CSRF.search(client.get("/forgot-password").get_data(as_text=True)).group(1)
    times: dict[str, list[float]] = {"known": [], "unknown": []}
    for n in range(requests + 5):  # the first five warm up
        for which, address in (("known", "an@example.vn"), ("unknown", f"khong-co{n}@example.vn")):
            start = time.perf_counter()
            response = client.post("/forgot-password", data={"login": address, "csrf_token": token})
            elapsed = (time.perf_counter() - start) * 1000
            assert response.status_code == 200, response.status_code
            if n >= 5:
                times[which].append(elapsed)
    return {which: {"median_ms": round(statistics.median(values), 2),
                    "p90_ms": round(statistics.quantiles(values, n=10)[-1], 2),
                    "requests": len(values)} for which, values in times.items()}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=60)
    print(json.dumps(measure(parser.parse_args().requests)))
