"""Certificates at the scale of a contest's prize list and a year of classes: issue and sign
1,000 certificates (credential, PDF with its QR, PAdES signature), then time the public verify page.

    python tests/bench/certificates_bench.py [--count N] [--repeat R]

Uses PostgreSQL (DATABASE_URL, default the local server's ``contest_bench``; recreated and
migrated) and the production configuration with keys made for the run (an encrypted Ed25519 key
and an RSA 2048 PKCS#12 signing certificate, loaded at start-up as in production). Prints one
JSON object as its last line. Targets: 1,000 certificates issued and signed in under 60 s; the
verify page under 20 ms (median, in-process through the WSGI app: no network).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/contest_bench")
KEYS = Path(tempfile.mkdtemp(prefix="certificate-bench-"))
os.environ.update(APP_ENV="production", SECRET_KEY="bench-secret-of-at-least-32-bytes-long", COOKIE_SECURE="0",
                  CERT_KEY_PATH=str(KEYS / "province.pem"), CERT_KEY_PASSPHRASE="bench-key-passphrase",
                  CERT_PDF_IDENTITY=str(KEYS / "signing.p12"), CERT_PDF_PASSPHRASE="bench-p12-passphrase",
                  CERT_SIGNER_NAME="Nguyễn Văn Thử", CERT_SIGNER_TITLE="Giám đốc Sở Nội vụ",
                  PUBLIC_URL="https://thi.dongthap.gov.vn")

from sqlalchemy import insert  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from tests.bench.bench_data import recreate_database, timed  # noqa: E402


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def make_keys() -> None:
    from contest.certificates import keys, signing
    from contest.core.db import utcnow

    keys.generate_dev_key(os.environ["CERT_KEY_PATH"], os.environ["CERT_KEY_PASSPHRASE"])
    signing.make_self_signed(os.environ["CERT_PDF_IDENTITY"], os.environ["CERT_PDF_PASSPHRASE"],
                             "Sở Nội vụ tỉnh Thử", utcnow())


def people(session: Session, count: int) -> list:
    from contest.accounts.models import Role, Unit, UnitKind, User
    from contest.core.db import utcnow

    province = Unit(name="Tỉnh Thử Tải", kind=UnitKind.province, code="82")
    session.add(province)
    session.flush()
    session.execute(insert(User), [dict(full_name=f"Nguyễn Thị Hoà {n}", email=f"p{n}@bench.vn", role=Role.official,
                                        password_hash="x", unit_id=province.id, active=True,
                                        must_change_password=False, session_token=f"t{n}", created_at=utcnow())
                                   for n in range(count)])
    admin = User(full_name="Quản trị", email="admin@bench.vn", role=Role.admin, password_hash="x",
                 unit_id=province.id)
    session.add(admin)
    session.commit()
    return list(session.exec(select(User).where(User.role == Role.official).order_by(User.id))), admin


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    make_keys()
    url = os.environ["DATABASE_URL"]
    log("recreating the database")
    recreate_database(url)

    from contest import create_app
    from contest.certificates.province import issuing_context
    from contest.certificates.services import documents, issuing
    from contest.core import db
    from contest.core.db import utcnow

    app = create_app()  # production: loads the configured keys now
    with app.app_context():
        session = db.session()
        officials, admin = people(session, args.count)
        context = issuing_context()
        log(f"issuing {args.count} certificates")
        began = time.perf_counter()
        issued = issuing.by_hand(session, officials, "Đã hoàn thành lớp bồi dưỡng “Chuyển đổi số cơ bản”",
                                 "Chương trình bồi dưỡng: Chuyển đổi số trong cơ quan nhà nước", date(2026, 12, 1),
                                 None, "Sở Khoa học và Công nghệ", (context.signer_name, context.signer_title),
                                 context, admin.id, utcnow())
        session.commit()
        issue_s = time.perf_counter() - began
        log("drawing and signing their PDFs")
        began = time.perf_counter()
        sizes = [len(document) for _, document in documents.signed_pdfs(issued, context)]
        sign_s = time.perf_counter() - began
        codes = [c.code for c in issued]
        session.close()

    client = app.test_client()
    status = client.get(f"/verify/{codes[0]}").status_code
    position = iter(range(10**9))

    def verify_page() -> None:
        response = client.get(f"/verify/{codes[next(position) % len(codes)]}")
        assert response.status_code == 200, response.status_code

    verify_median, verify_worst = timed(verify_page, args.repeat) if status == 200 else (None, None)
    result = {
        "certificates": args.count,
        "issue_s": round(issue_s, 2),
        "pdf_and_signature_s": round(sign_s, 2),
        "total_s": round(issue_s + sign_s, 2),
        "per_certificate_ms": round((issue_s + sign_s) * 1000 / args.count, 1),
        "pdf_kb_median": round(sorted(sizes)[len(sizes) // 2] / 1024, 1),
        "verify_page_ms_median": verify_median,
        "verify_page_ms_worst": verify_worst,
        "verify_page_status": status,
        "load_average": os.getloadavg()[0],
        "targets": {"total_s": 60, "verify_page_ms": 20},
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
