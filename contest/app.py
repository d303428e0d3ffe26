"""The app factory: config -> extensions -> blueprints -> CLI. It only wires (STYLE rule 10)."""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from contest.core import db
from contest.core.config import CONFIGS, INSTANCE, ROOT, config_name
from contest.core.extensions import babel, csrf, htmx, limiter, login_manager


def build_app(name: str | None = None, **overrides) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(INSTANCE),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_object(CONFIGS[name or config_name()])
    app.config.update(overrides)
    if not app.config.get("SECRET_KEY") and app.config.get("SEED_DEMO") and not app.testing:
        app.config["SECRET_KEY"] = _local_secret(INSTANCE / "secret_key")
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY must be set outside development (environment variable).")
    if _byte_length(app.config["SECRET_KEY"]) < app.config["SECRET_KEY_MIN_BYTES"]:
        raise RuntimeError(f"SECRET_KEY must be at least {app.config['SECRET_KEY_MIN_BYTES']} "
                           "bytes; make one with: python -c 'import secrets; "
                           "print(secrets.token_hex(32))'")
    if app.config["SESSION_REFRESH_SECONDS"] * 2 > app.permanent_session_lifetime.total_seconds():
        raise RuntimeError("SESSION_REFRESH_SECONDS must be at most half of SESSION_IDLE_MINUTES.")

    if app.config["TRUSTED_PROXIES"]:
        # The client's address, as the trusted proxies saw it: per-address rate limits need it.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["TRUSTED_PROXIES"])

    from contest.core.web import converters
    from contest.core.web.sessions import RefreshThrottledSessionInterface

    app.session_interface = RefreshThrottledSessionInterface()
    converters.init_app(app)  # before the blueprints: their <int:...> slots refuse huge ids
    db.init_app(app)
    _init_extensions(app)
    _register_blueprints(app)
    _register_cli(app)
    from contest.certificates import province

    province.init_app(app)  # configured signing keys load now: a wrong passphrase stops the start

    from contest import template_context
    from contest.core.web import errors, security

    template_context.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    from contest.core.web import static_files  # last: WhiteNoise wraps the finished WSGI app

    static_files.init_app(app)
    return app


def _byte_length(key: str | bytes) -> int:
    return len(key if isinstance(key, bytes) else key.encode())


def _local_secret(path) -> str:
    """A random key made once for this development instance (never a constant in the code)."""
    import secrets

    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _init_extensions(app: Flask) -> None:
    from contest.accounts.loader import load_user

    # Vietnamese is the product's language; an English catalogue would add a selector here.
    babel.init_app(app, locale_selector=lambda: app.config["BABEL_DEFAULT_LOCALE"])
    csrf.init_app(app)
    htmx.init_app(app)
    limiter.init_app(app)
    # Only decorated views (sign-in, registration) are limited, and their decorator checks by
    # itself; the global hook would cost every request, the answer save included.
    app.before_request_funcs[None].remove(limiter._check_request_limit)
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"


def _register_blueprints(app: Flask) -> None:
    from contest.accounts.views import bp as accounts_bp
    from contest.admin.views import bp as admin_bp
    from contest.certificates.views import load_views as certificate_views
    from contest.exams.views import load_views as exam_views
    from contest.main.views import bp as main_bp
    from contest.notifications.views import load_views as notification_views
    from contest.reports.views import load_views as report_views
    from contest.sharing.views import load_views as sharing_views
    from contest.training.views import load_views as training_views
    from question_bank.views import load_views as bank_views

    for bp in (main_bp, accounts_bp, admin_bp, bank_views(), exam_views(), training_views(),
               certificate_views(), report_views(), notification_views(), sharing_views()):
        app.register_blueprint(bp)


def _register_cli(app: Flask) -> None:
    from contest.certificates.cli import certificates_cli
    from contest.cli import register
    from contest.exams.cli import exams_cli
    from contest.notifications.cli import notify_cli
    from contest.reports.cli import reports_cli
    from contest.training.cli import training_cli

    register(app)
    app.cli.add_command(exams_cli)
    app.cli.add_command(training_cli)
    app.cli.add_command(certificates_cli)
    app.cli.add_command(reports_cli)
    app.cli.add_command(notify_cli)
