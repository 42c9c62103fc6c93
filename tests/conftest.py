"""Test set-up shared by the whole suite.

The schema is built once per run by the real Alembic migrations, on SQLite by default or on
PostgreSQL when TEST_DATABASE_URL names one; each test then starts from empty tables (they are
emptied after every test), so tests can commit, and a live server in another thread sees the data.
"""
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from pactplatform import create_app
from pactplatform.extensions import db, limiter

pytest_plugins = ["tests.action_fixtures", "tests.monitoring_fixtures"]

RATE_LIMIT_PREFIX = f"pactplatform-test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}"
CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def _admin_engine(url):
    return create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")


def _postgres_database(base_url: str):
    """A database of this run's own (per xdist worker and process), so parallel runs never collide."""
    url = make_url(base_url)
    name = f"{url.database}_{_worker()}_{os.getpid()}"
    admin = _admin_engine(url)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url, name


def _drop_postgres_database(url, name: str) -> None:
    admin = _admin_engine(url)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


class FreshContextClient(FlaskClient):
    """Each request gets its own app context (its own `g` and database session), as in production,
    even when the test itself holds an app context to build data and inspect the database."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def instance_dir():
    path = Path(tempfile.mkdtemp(prefix=f"pactplatform-test-{_worker()}-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def database_url(instance_dir):
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{instance_dir / 'test.db'}"
        return
    url, name = _postgres_database(base)
    yield url.set(database=name).render_as_string(hide_password=False)
    _drop_postgres_database(url, name)


def rate_limit_config() -> dict:
    """Rate limits in the real shared store, as in production: Redis (scripts/ensure-redis.sh starts it),
    under a key prefix of this run's own, so parallel runs never see (or reset) each other's counts."""
    return {
        "RATELIMIT_STORAGE_URI": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0"),
        "RATELIMIT_STORAGE_OPTIONS": {"key_prefix": RATE_LIMIT_PREFIX},
    }


@pytest.fixture(scope="session")
def app(instance_dir, database_url):
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(instance_dir),
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test-secret-key",
            # The real scrypt hash, at a cost that keeps a suite of many logins quick.
            "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
            "SIGNING_SCRYPT_N": 2**12,
            "REPORT_RECEIPT_SCRYPT_N": 2**10,
            "SESSION_COOKIE_SECURE": False,
            "REMEMBER_COOKIE_SECURE": False,
            "SERVER_NAME": None,
            **rate_limit_config(),
        }
    )
    app.test_client_class = FreshContextClient
    app.extensions["suite_rate_limit_storage"] = limiter.storage
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


def _empty_all_tables() -> None:
    # DELETE, children first: on tables this small it is much quicker than TRUNCATE on PostgreSQL.
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture(autouse=True)
def _fresh_database(request, app):
    yield
    with app.app_context():
        db.session.rollback()
        _empty_all_tables()
        db.session.remove()
    if limiter.storage is not app.extensions["suite_rate_limit_storage"]:
        # A test built another app, which re-bound the one limiter object to its own store: bind it back.
        limiter.init_app(app)
        app.extensions["suite_rate_limit_storage"] = limiter.storage
    limiter.reset()


_demo_rows: dict[str, list[dict]] | None = None   # this worker's first demo load, table by table


def demo_tables() -> None:
    """The demo in the (empty) tables, as `flask demo` loads it. Loading takes seconds, so a worker loads it
    once and later tests get the same rows copied back (ids included: the sequences have moved past them)."""
    global _demo_rows
    if _demo_rows is None:
        from pactplatform.demo import load_demo

        load_demo()
        _demo_rows = {table.name: [dict(row._mapping) for row in db.session.execute(
            table.select().order_by(*table.primary_key.columns))] for table in db.metadata.sorted_tables}
        return
    for table in db.metadata.sorted_tables:
        if _demo_rows[table.name]:
            db.session.execute(table.insert(), _demo_rows[table.name])
    db.session.commit()


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield
        db.session.rollback()


@pytest.fixture
def client(app):
    return app.test_client()


def csrf_token(client, path: str = "/") -> str:
    """A CSRF token for the client's session, read from a page's form as a browser would."""
    response = client.get(path)
    match = CSRF_PATTERN.search(response.get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(client, email: str, password: str = "correct horse battery"):
    return client.post("/login", data={"email": email, "password": password, "csrf_token": csrf_token(client, "/login")})


def post(client, path: str, data: dict | None = None, token_from: str = "/", **kwargs):
    data = dict(data or {})
    data.setdefault("csrf_token", csrf_token(client, token_from))
    return client.post(path, data=data, **kwargs)


@pytest.fixture
def english_messages(app_ctx):
    """Read refusals in English, the source language, in operation tests (pages are tested in Indonesian)."""
    from flask_babel import force_locale

    with force_locale("en"):
        yield


@pytest.fixture
def gate():
    """Register throwaway gates: gate(name, {organisation_id: [outcomes]}, purposes). A real gate of the same
    name (the risk domain registers "risk") is set aside meanwhile and put back after."""
    from pactplatform.actions import gates

    names = []
    saved = dict(gates._gates)

    def register(name, answers, purposes=gates.PURPOSES):
        gates.register(name, lambda action, organisation_id, purpose: answers.get(organisation_id, []),
                       purposes=purposes)
        names.append(name)

    yield register
    for name in names:
        gates.unregister(name)
    gates._gates.update({name: saved[name] for name in names if name in saved})
