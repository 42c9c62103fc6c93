"""Defaults. instance/config.py, then environment variables, override them."""
import os

DEFAULTS = {
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "BABEL_DEFAULT_LOCALE": "id",
    "BABEL_DEFAULT_TIMEZONE": "Asia/Jakarta",
    "LANGUAGES": ("id", "en"),
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": True,
    "REMEMBER_COOKIE_SECURE": True,
    "REMEMBER_COOKIE_HTTPONLY": True,
    "WTF_CSRF_TIME_LIMIT": None,
    # RATELIMIT_STORAGE_URI: redis://… so that every worker and node counts together; when it is not
    # configured, limits are kept in each process's memory and create_app() logs a warning.
    "RATELIMIT_HEADERS_ENABLED": True,
    "LOGIN_RATE_LIMIT": "5 per minute",  # failed log-ins per client address and account
    "LOGIN_ADDRESS_RATE_LIMIT": "20 per 10 minutes",  # failed log-ins per client address, any account
    "REGISTER_RATE_LIMIT": "10 per hour",  # registrations per client address (each sends an e-mail)
    "EMAIL_VERIFICATION_DAYS": 3,
    "VERIFY_RATE_LIMIT": "20 per minute",
    "MAX_CONTENT_LENGTH": 10 * 1024 * 1024,
    "PUBLIC_BASE_URL": "http://127.0.0.1:5000",
    # E-mail (accounts/notices.py): without SMTP_HOST, messages are written to MAIL_OUTBOX_DIR (instance/outbox).
    "SMTP_HOST": "",
    "SMTP_PORT": 587,
    "SMTP_TLS": "starttls",  # starttls | ssl | none
    "SMTP_USERNAME": "",
    "SMTP_PASSWORD": "",
    "SMTP_TIMEOUT_SECONDS": 20,
    "MAIL_FROM": "PactPlatform <no-reply@pactplatform.invalid>",
    "MAIL_OUTBOX_DIR": "",
    # Notifications worker (notifications/worker.py).
    "NOTIFICATIONS_INTERVAL_SECONDS": 30,
    "NOTIFICATIONS_BATCH": 50,
    # A claimed delivery whose worker died is retried after this long (with the same idempotency key).
    "NOTIFICATIONS_LEASE_SECONDS": 600,
    # Dated reminders look back this far, so a worker that was down catches up without flooding old dates.
    "NOTIFICATIONS_LOOKBACK_DAYS": 30,
    "NOTIFICATIONS_DIGEST_HOUR": 7,  # local hour from which the daily digest of the previous days goes out
    "WEBHOOK_MAX_ATTEMPTS": 8,
    "WEBHOOK_TIMEOUT_SECONDS": 10,
    # Hosts a webhook may reach although they resolve to loopback or private addresses (SSRF guard):
    # empty in production; tests allow 127.0.0.1.
    "WEBHOOK_ALLOWED_HOSTS": (),
}

# Environment variables that override configuration, and how to read them.
ENV_OVERRIDES = {
    "DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "RATELIMIT_STORAGE_URI": "RATELIMIT_STORAGE_URI",
    "PUBLIC_BASE_URL": "PUBLIC_BASE_URL",
    "SMTP_HOST": "SMTP_HOST",
    "SMTP_PORT": "SMTP_PORT",
    "SMTP_TLS": "SMTP_TLS",
    "SMTP_USERNAME": "SMTP_USERNAME",
    "SMTP_PASSWORD": "SMTP_PASSWORD",
    "MAIL_FROM": "MAIL_FROM",
}
FLAG_OVERRIDES = {
    "SESSION_COOKIE_SECURE": "SESSION_COOKIE_SECURE",
}


def normalise_database_url(url: str) -> str:
    """Accept the usual postgres:// spellings and select psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


# How long an SQLite writer waits for another's write lock before "database is locked" (the driver's
# default is 5 s). Writes on one action are serialised by a lock (actions/operations.py), so under a burst
# of concurrent requests they queue for it rather than fail.
SQLITE_BUSY_TIMEOUT_SECONDS = 30


def engine_options(url: str, options: dict) -> dict:
    """The engine options for this database: SQLite writers wait longer for the write lock."""
    if url.startswith("sqlite"):
        connect_args = {"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, **options.get("connect_args", {})}
        return {**options, "connect_args": connect_args}
    return options


def from_environment() -> dict:
    values = {}
    for env_name, key in ENV_OVERRIDES.items():
        if os.environ.get(env_name):
            values[key] = os.environ[env_name]
    for env_name, key in FLAG_OVERRIDES.items():
        if env_name in os.environ:
            values[key] = os.environ[env_name].lower() in ("1", "true", "yes", "on")
    return values
