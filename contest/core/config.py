"""Configuration. The only module that reads environment variables (STYLE rule 10)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INSTANCE = Path(os.environ.get("INSTANCE_PATH", ROOT / "instance"))


class Config:
    #: Embedded default: a SQLite file under instance/; PostgreSQL when DATABASE_URL is set.
    DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{INSTANCE / 'contest.sqlite3'}"
    SECRET_KEY = os.environ.get("SECRET_KEY")
    #: Shortest SECRET_KEY accepted (production: 32 bytes, e.g. ``secrets.token_hex(32)``).
    SECRET_KEY_MIN_BYTES = 0
    REDIS_URL = os.environ.get("REDIS_URL")
    #: The province this deployment serves: citizens register in its communes, wards and special zones.
    PROVINCE_CODE = os.environ.get("PROVINCE_CODE", "82")
    SEED_DEMO = False
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_UPLOAD_MB", "20")) * 1024 * 1024
    IMAGE_MAX_BYTES = int(os.environ.get("IMAGE_MAX_KB", "2048")) * 1024
    #: A course material file (pdf, docx, xlsx, pptx, png, jpg), kept in the database.
    MATERIAL_MAX_BYTES = int(os.environ.get("MATERIAL_MAX_KB", "10240")) * 1024
    UPLOAD_DIR = Path(os.environ.get("UPLOAD_DIR", INSTANCE / "uploads"))
    #: Questions one imported file may hold, and officials one import sheet may list: past the
    #: cap a file is refused as soon as the reading reaches it (question_bank/formats/base.py).
    IMPORT_MAX_QUESTIONS = int(os.environ.get("IMPORT_MAX_QUESTIONS", "20000"))
    IMPORT_MAX_OFFICIALS = int(os.environ.get("IMPORT_MAX_OFFICIALS", "5000"))
    #: Fingerprinted, compressed copies of static/, made at startup (contest/core/web/static_files.py).
    STATIC_BUILD_DIR = Path(os.environ.get("STATIC_BUILD_DIR", INSTANCE / "static-build"))

    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    #: Cookies only over HTTPS; COOKIE_SECURE=0 for a plain-HTTP loopback benchmark, never in prod.
    SESSION_COOKIE_SECURE = os.environ.get("COOKIE_SECURE", "1") != "0"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    REMEMBER_COOKIE_SAMESITE = "Lax"
    #: Idle sessions expire; the page warns a few minutes before (see static/js/app.js).
    PERMANENT_SESSION_LIFETIME = timedelta(minutes=int(os.environ.get("SESSION_IDLE_MINUTES", "30")))
    SESSION_WARNING_SECONDS = 120
    SESSION_REFRESH_EACH_REQUEST = True
    #: ...but a cookie younger than this is not re-issued (contest/core/web/sessions.py).
    SESSION_REFRESH_SECONDS = int(os.environ.get("SESSION_REFRESH_SECONDS", "60"))

    WTF_CSRF_TIME_LIMIT = None  # tied to the session instead: an exam page may stay open for hours
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    #: Reverse proxies in front of the app, each appending to X-Forwarded-For (nginx alone: 1).
    #: With 0 the header is ignored: anyone can write it, and per-address limits would be void.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    #: Rate limits (contest/accounts/limits.py). Per address only failures count, since a
    #: commune's Wi-Fi or a carrier's NAT puts hundreds of people behind one address.
    LOGIN_FAILURES_PER_ADDRESS = os.environ.get("LOGIN_FAILURES_PER_ADDRESS",
                                                "60 per minute;600 per hour")
    LOGIN_FAILURES_PER_ACCOUNT = os.environ.get("LOGIN_FAILURES_PER_ACCOUNT",
                                                "10 per 15 minutes;50 per day")
    REGISTER_RATE_LIMIT = os.environ.get("REGISTER_RATE_LIMIT", "60 per minute;600 per hour")
    PASSWORD_CHANGE_RATE_LIMIT = os.environ.get("PASSWORD_CHANGE_RATE_LIMIT", "10 per 15 minutes")
    #: Static files are served (and cached) by WhiteNoise; every ``send_file`` is a generated
    #: download (passwords, exports, templates) that no cache may keep.
    SEND_FILE_MAX_AGE_DEFAULT = None
    SQL_ECHO = False
    #: Connections per process: at least twice gunicorn's threads per worker (an answer save may
    #: hold its autocommit connection and the request session's; gunicorn.conf.py checks), and
    #: workers x (size + overflow) below PostgreSQL's max_connections.
    DB_POOL_SIZE = int(os.environ.get("DB_POOL_SIZE", "8"))
    DB_MAX_OVERFLOW = int(os.environ.get("DB_MAX_OVERFLOW", "8"))
    DEMO_PASSWORD = "Demo@2026"

    #: Where the site is reached: certificate credentials name it as their issuer and their QR
    #: opens its verify page, so it must be the public address, not the app server's.
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000").rstrip("/")
    #: Without it, ``run-demo`` takes the address it serves on (links in messages, QR codes).
    PUBLIC_URL_GIVEN = bool(os.environ.get("PUBLIC_URL"))
    #: Certificates (contest/certificates/): who issues them and who signs them by default.
    CERT_ISSUER_NAME = os.environ.get("CERT_ISSUER_NAME", "Ủy ban nhân dân tỉnh Đồng Tháp")
    CERT_SIGNER_NAME = os.environ.get("CERT_SIGNER_NAME", "")
    CERT_SIGNER_TITLE = os.environ.get("CERT_SIGNER_TITLE", "")
    #: The province's Ed25519 key (PEM, PKCS#8) that signs each credential and the status list,
    #: and its signing certificate for the PDFs (PKCS#12, or PEM key with certificate).
    CERT_KEY_PATH = os.environ.get("CERT_KEY_PATH")
    CERT_KEY_PASSPHRASE = os.environ.get("CERT_KEY_PASSPHRASE")
    CERT_PDF_IDENTITY = os.environ.get("CERT_PDF_IDENTITY")
    CERT_PDF_PASSPHRASE = os.environ.get("CERT_PDF_PASSPHRASE")
    #: Without those, development makes a key and a self-signed certificate here on first use
    #: (and says so on each certificate's page); production refuses to issue instead.
    CERT_DEMO_KEYS = False
    CERT_DIR = Path(os.environ.get("CERT_DIR", INSTANCE / "certificates"))
    #: Lookups of unknown codes on the public verify page, per address (a known code costs nothing).
    VERIFY_MISSES_PER_ADDRESS = os.environ.get("VERIFY_MISSES_PER_ADDRESS", "20 per minute;200 per day")

    # --- Outgoing messages (contest/notifications/) ---------------------------------------
    #: The queue: huey on a SQLite file by default, on Redis when REDIS_URL is set.
    QUEUE_PATH = Path(os.environ.get("QUEUE_PATH", INSTANCE / "queue.sqlite3"))
    #: E-mail: smtp://user:pass@host:25, smtps://... (TLS) or smtp+starttls://...
    SMTP_URL = os.environ.get("SMTP_URL")
    MAIL_FROM = os.environ.get("MAIL_FROM", "Cuộc thi chuyển đổi số <no-reply@localhost>")
    #: An SMS brandname gateway and Zalo's template-message (ZNS) API, by URL and token.
    SMS_URL = os.environ.get("SMS_URL")
    SMS_TOKEN = os.environ.get("SMS_TOKEN")
    SMS_BRANDNAME = os.environ.get("SMS_BRANDNAME", "")
    ZALO_URL = os.environ.get("ZALO_URL")
    ZALO_TOKEN = os.environ.get("ZALO_TOKEN")
    #: Development, with no server configured: each message is written to a file here.
    NOTIFY_OUTBOX_DIR = Path(os.environ.get("NOTIFY_OUTBOX_DIR", INSTANCE / "outbox"))
    NOTIFY_OUTBOX = False
    #: Messages one address may receive, in two budgets: the essential kinds a visitor can ask
    #: for (password reset, confirmation) and the event kinds (rounds, prizes, reminders).
    NOTIFY_PER_ADDRESS = os.environ.get("NOTIFY_PER_ADDRESS", "5 per 10 minutes;30 per day")
    NOTIFY_EVENTS_PER_ADDRESS = os.environ.get("NOTIFY_EVENTS_PER_ADDRESS",
                                               "20 per hour;100 per day")
    NOTIFY_MAX_RETRIES = int(os.environ.get("NOTIFY_MAX_RETRIES", "5"))
    NOTIFY_RETRY_SECONDS = int(os.environ.get("NOTIFY_RETRY_SECONDS", "60"))
    #: Event messages (contest/notifications/events/): the Zalo ZNS template id of each kind,
    #: "round_opening=231234,prize_awarded=231235,..." (a kind not named sends its own key).
    ZALO_TEMPLATE_IDS = dict(pair.strip().split("=", 1) for pair in
                             os.environ.get("ZALO_TEMPLATE_IDS", "").split(",") if "=" in pair)
    #: Next-day session and expiring-completion reminders go from this hour (province time).
    NOTIFY_REMINDER_HOUR = int(os.environ.get("NOTIFY_REMINDER_HOUR", "7"))

    # --- Password recovery and registration (contest/accounts/recovery*) ---------------------
    PASSWORD_RESET_MINUTES = int(os.environ.get("PASSWORD_RESET_MINUTES", "30"))
    #: A registration's confirmation link or code lives a day: people read their mail later.
    CONFIRMATION_MINUTES = int(os.environ.get("CONFIRMATION_MINUTES", str(24 * 60)))
    PASSWORD_RESET_PER_ADDRESS = os.environ.get("PASSWORD_RESET_PER_ADDRESS",
                                                "10 per 10 minutes;50 per day")
    #: POSTs of /forgot-password, /reset/code and /confirm from one client address (whatever
    #: address they name): a guesser of codes for many phones is stopped here.
    RECOVERY_PER_CLIENT = os.environ.get("RECOVERY_PER_CLIENT", "30 per hour;100 per day")
    #: A new citizen confirms their e-mail or phone before the account can sign in. On by default:
    #: only then does registration answer alike whether or not the address is already taken.
    REGISTRATION_CONFIRM = os.environ.get("REGISTRATION_CONFIRM", "1") == "1"

    # --- Sign-in with an OpenID Connect provider (contest/accounts/external*) -----------------
    #: Issuer URL (its /.well-known/openid-configuration is read), client id and secret. Without
    #: an issuer the button does not appear.
    OIDC_ISSUER = os.environ.get("OIDC_ISSUER")
    OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID")
    OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET")
    OIDC_SCOPES = os.environ.get("OIDC_SCOPES", "openid profile email phone")
    OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "VNeID / Cổng Dịch vụ công quốc gia")

    # --- Two-step sign-in for staff (contest/accounts/two_factor*) ---------------------------
    #: Admins and trainers must add an authenticator before they can work.
    STAFF_2FA_REQUIRED = os.environ.get("STAFF_2FA_REQUIRED", "0") == "1"
    TWO_FACTOR_FAILURES_PER_ACCOUNT = os.environ.get("TWO_FACTOR_FAILURES_PER_ACCOUNT",
                                                     "5 per 5 minutes;20 per day")
    #: The name authenticator apps show beside the account.
    TWO_FACTOR_ISSUER = os.environ.get("TWO_FACTOR_ISSUER", "Cuộc thi CĐS")

    # --- Share links and "lan tỏa" (contest/sharing/) ------------------------------------------
    #: How long a followed personal link still counts when its visitor registers (days).
    SHARE_REFERRAL_DAYS = int(os.environ.get("SHARE_REFERRAL_DAYS", "30"))


class DevelopmentConfig(Config):
    #: Without SECRET_KEY, development signs cookies with a random key kept in instance/secret_key.
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    SEED_DEMO = True
    CERT_DEMO_KEYS = True
    NOTIFY_OUTBOX = True
    #: The demo signs a new citizen in at once (REGISTRATION_CONFIRM=1 to try the confirmation).
    REGISTRATION_CONFIRM = os.environ.get("REGISTRATION_CONFIRM", "0") == "1"
    CERT_SIGNER_NAME = os.environ.get("CERT_SIGNER_NAME", "Nguyễn Thị Demo")
    CERT_SIGNER_TITLE = os.environ.get("CERT_SIGNER_TITLE", "Trưởng Ban Tổ chức (bản demo)")


class TestingConfig(DevelopmentConfig):
    TESTING = True
    SECRET_KEY = "testing-only"
    WTF_CSRF_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    DATABASE_URL = os.environ.get("TEST_DATABASE_URL") or "sqlite://"


class ProductionConfig(Config):
    SEED_DEMO = False
    #: Session cookies are signed with SECRET_KEY: a short one can be guessed offline.
    SECRET_KEY_MIN_BYTES = 32


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_name() -> str:
    """`APP_ENV` picks the configuration; development unless stated; gunicorn.conf.py sets production, where SECRET_KEY is required."""
    return os.environ.get("APP_ENV", "development")
