"""Failed log-ins are counted in the shared store (Redis), per client address and account, and loosely per
address: several workers count together, and someone else's failures do not lock the owner out."""
import json
import logging
import os
import subprocess
import sys
import textwrap

import pytest

from pactplatform import create_app
from pactplatform.extensions import limiter
from tests import factories
from tests.conftest import RATE_LIMIT_PREFIX, csrf_token

ATTACKER, OWNER = "203.0.113.9", "198.51.100.7"


def attempt(client, email: str, password: str, address: str):
    environ = {"REMOTE_ADDR": address}
    token = csrf_token(client, "/login")
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token},
                       environ_base=environ)


@pytest.fixture
def people(app_ctx):
    return factories.user(email="owner@example.org"), factories.user(email="colleague@example.org")


def test_the_suite_counts_in_redis(app):
    from limits.storage import RedisStorage

    assert isinstance(limiter.storage, RedisStorage)
    assert limiter.storage.check()  # the server answers


def test_failures_at_one_address_do_not_lock_out_a_colleague_at_the_same_address(client, people):
    """Behind one office NAT or proxy, everybody shares the address: one person's failures are theirs alone."""
    owner, colleague = people
    statuses = [attempt(client, owner.email, f"guess {n}", ATTACKER).status_code for n in range(6)]
    assert statuses == [401] * 5 + [429]
    assert attempt(client, colleague.email, factories.PASSWORD, ATTACKER).status_code == 302


def test_an_attacker_elsewhere_does_not_lock_out_the_owner(app, client, people):
    owner, _colleague = people
    for n in range(6):
        attempt(client, owner.email, f"guess {n}", ATTACKER)
    assert attempt(app.test_client(), owner.email, factories.PASSWORD, OWNER).status_code == 302


def test_the_refusal_says_what_happened_and_keeps_the_address(client, people):
    owner, _colleague = people
    for n in range(5):
        attempt(client, owner.email, f"guess {n}", ATTACKER)
    response = attempt(client, owner.email, factories.PASSWORD, ATTACKER)  # even the right password waits
    page = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk yang gagal untuk akun ini dari alamat Anda" in page
    assert 'value="owner@example.org"' in page
    assert response.headers.get("Retry-After")


def test_one_address_cannot_work_through_many_accounts(app, client, people, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_ADDRESS_RATE_LIMIT", "4 per 10 minutes")
    statuses = [attempt(client, f"guess{n}@example.org", "wrong password", ATTACKER).status_code for n in range(5)]
    assert statuses == [401] * 4 + [429]
    assert "dari alamat Anda. Tunggu sepuluh menit" in attempt(
        client, "another@example.org", "wrong password", ATTACKER).get_data(as_text=True)
    # Another address is not concerned.
    assert attempt(client, people[0].email, factories.PASSWORD, OWNER).status_code == 302


def test_a_successful_log_in_costs_nothing(client, people):
    owner, _colleague = people
    for _ in range(7):
        assert attempt(client, owner.email, factories.PASSWORD, OWNER).status_code == 302


WORKER = textwrap.dedent("""
    import json, sys
    from pactplatform import create_app

    app = create_app({
        "TESTING": True, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "worker", "INSTANCE_PATH": sys.argv[1],
        "SQLALCHEMY_DATABASE_URI": sys.argv[2], "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
        "RATELIMIT_STORAGE_OPTIONS": {"key_prefix": sys.argv[3]},
    })
    client = app.test_client()
    statuses = [
        client.post("/login", data={"email": sys.argv[4], "password": f"guess {n}"},
                    environ_base={"REMOTE_ADDR": "192.0.2.1"}).status_code
        for n in range(int(sys.argv[5]))
    ]
    print(json.dumps(statuses))
""")


def _other_worker(app, database_url: str, email: str, attempts: int) -> list[int]:
    """A second worker: its own process, configured from the environment as gunicorn's workers are."""
    env = {**os.environ, "RATELIMIT_STORAGE_URI": app.config["RATELIMIT_STORAGE_URI"]}
    done = subprocess.run(
        [sys.executable, "-c", WORKER, app.instance_path, database_url, RATE_LIMIT_PREFIX, email, str(attempts)],
        env=env, capture_output=True, text=True, timeout=300, check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_two_workers_share_one_limit(app, client, database_url, people):
    owner, _colleague = people
    here = [attempt(client, owner.email, f"guess {n}", "192.0.2.1").status_code for n in range(3)]
    assert here == [401, 401, 401]
    # 5 per minute in all, not 5 per worker: the other process sees this one's three failures.
    assert _other_worker(app, database_url, owner.email, 3) == [401, 401, 429]


def test_without_a_shared_store_a_warning_says_so(tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="pactplatform")
    alone = create_app({"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    assert alone.config["RATELIMIT_STORAGE_URI"] == "memory://"
    assert any("RATELIMIT_STORAGE_URI is not set" in r.getMessage() for r in caplog.records)
