"""Registry benchmark (issue 12). Not a test: run it by hand (or `make bench`, at --scale 0.01).

    .venv/bin/python bench/bench_registry.py [--scale 1] [--database URL] [--rounds 3] [--seconds 3]

1. Builds a data set in a database of its own with bulk inserts (SQLAlchemy Core, explicit ids, batches):
   at scale 1, 1,000,000 organisations, 100,000 actions with 1,000,000 signatures (ten parties each; one
   organisation signs 10,000 of them), 100,000 sanctions with their violation cases, and a few thousand real
   transparency-log entries. SQLite file under /tmp by default; --database a PostgreSQL URL of an EMPTY
   database. Prints how long each table took.
2. For every public read path: runs it in-process, capturing each SQL statement; prints the statement's
   query plan (EXPLAIN QUERY PLAN / EXPLAIN) and marks a full scan of a large table as FAIL; counts the
   queries at page size 20 and 100 (N+1: FAIL when the count grows with the page).
3. Serves the app with gunicorn (2 sync workers) and, the same way, a bare Flask app answering one indexed
   20-row query as JSON; measures interleaved rounds with `wrk` (if on PATH) or the Python load client below
   (2 processes x 8 threads, a new connection per request as sync workers close them), and prints each
   path's median requests/s and its ratio to bare Flask. Targets: >= 0.30x on SQLite, >= 0.22x on
   PostgreSQL. A path that answers 404 on this branch is reported as "missing", not as a failure.
"""
import argparse
import math
import multiprocessing
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import http.client
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
FULL = {"organisations": 1_000_000, "actions": 100_000, "parties_per_action": 10, "sanctions": 100_000,
        "heavy_signatures": 10_000, "log_entries": 5_000}
BATCH = 20_000
TARGETS = {"sqlite": 0.30, "postgresql": 0.22}
SLOW_MS = 2000  # in-process time above which a path is not load-tested (see main)
NOW = datetime(2026, 11, 30, 3, 0, 0)
TODAY = date(2026, 11, 30)


# -- pure helpers (tests/bench/test_bench_registry.py) ------------------------------------------------------------

_SQLITE_SCAN = re.compile(r"\bSCAN (?:TABLE )?(\w+)(?! USING (?:COVERING )?INDEX)(?!\w)")
_PG_SEQ_SCAN = re.compile(r"(?:Parallel )?Seq Scan on (\w+)")


def full_scans(dialect: str, plan_lines: list[str], large_tables: set[str]) -> list[str]:
    """The large tables a query plan reads in full. SQLite: `SCAN t` without an index (a `SCAN t USING INDEX`
    walks an index in order, which a LIMIT stops early, and is not counted); PostgreSQL: `Seq Scan on t`."""
    pattern = _SQLITE_SCAN if dialect == "sqlite" else _PG_SEQ_SCAN
    found = []
    for line in plan_lines:
        for match in pattern.finditer(line):
            rest = line[match.end():]
            if dialect == "sqlite" and re.match(r"\s+USING (?:COVERING )?INDEX", rest):
                continue
            if match.group(1) in large_tables and match.group(1) not in found:
                found.append(match.group(1))
    return found


def grows_with_page(count_small: int | None, count_large: int | None) -> bool:
    """N+1: more queries for a page of 100 than for a page of 20."""
    return count_small is not None and count_large is not None and count_large > count_small


def median_ratio(samples: list[float], bare: list[float]) -> float | None:
    if not samples or not bare or statistics.median(bare) == 0:
        return None
    return statistics.median(samples) / statistics.median(bare)


def verdict(status: int | None, ratio: float | None, target: float) -> str:
    if status == 404:
        return "missing"
    if status is None or status >= 400:
        return f"error {status}"
    if ratio is None:
        return "?"
    return "ok" if ratio >= target else "SLOW"


# -- the data set ---------------------------------------------------------------------------------------------------

def _generic(column, n: int):
    """A value for a NOT NULL column the bench does not set itself (keeps the bench working when a column is
    added with no default)."""
    from sqlalchemy import Boolean, Date, DateTime, Integer, LargeBinary, Numeric, String, Text

    kind = column.type
    if isinstance(kind, Boolean):
        return False
    if isinstance(kind, DateTime):
        return NOW
    if isinstance(kind, Date):
        return TODAY
    if isinstance(kind, (Integer, Numeric)):
        return 0
    if isinstance(kind, LargeBinary):
        return b"bench"
    if isinstance(kind, (String, Text)):
        return "x"
    return None


def _complete(table, row: dict, n: int) -> dict:
    row = {name: value for name, value in row.items() if name in table.columns}
    for column in table.columns:
        if column.name in row or column.nullable or column.primary_key:
            continue
        if column.default is not None and not callable(getattr(column.default, "arg", None)):
            row[column.name] = column.default.arg
        elif column.default is not None or column.server_default is not None:
            continue
        else:
            row[column.name] = _generic(column, n)
    return row


def _insert(connection, table, rows, label: str, timings: dict) -> int:
    started = time.perf_counter()
    count = 0
    batch = []
    for n, row in enumerate(rows):
        batch.append(_complete(table, row, n))
        if len(batch) >= BATCH:
            connection.execute(table.insert(), batch)
            count += len(batch)
            batch = []
    if batch:
        connection.execute(table.insert(), batch)
        count += len(batch)
    timings[label] = (count, time.perf_counter() - started)
    return count


def _certificate_pem() -> str:
    """One real self-signed P-256 certificate, reused by every generated signature (pages parse it)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Bench Signer")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(NOW - timedelta(days=1)).not_valid_after(NOW + timedelta(days=365))
            .sign(key, hashes.SHA256()))
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def sizes(scale: float) -> dict:
    return {name: max(int(value * scale), 20) if name != "parties_per_action" else value
            for name, value in FULL.items()}


def build(app, scale: float) -> tuple[dict, dict]:
    """Fill the empty database; returns (timings per table, facts the paths need)."""
    from flask_migrate import upgrade

    from pactplatform.extensions import db

    n = sizes(scale)
    timings: dict = {}
    meta = db.metadata.tables
    with app.app_context():
        started = time.perf_counter()
        upgrade()
        timings["schema"] = (0, time.perf_counter() - started)
        pem = _certificate_pem()
        with db.engine.begin() as c:
            _insert(c, meta["users"], [{"id": 1, "email": "bench@example.org", "name": "Bench", "password_hash": "!",
                                        "email_verified_at": NOW}], "users", timings)
            _insert(c, meta["tenants"], [{"id": 1, "slug": "bench", "name": "Biro Bench"}], "tenants", timings)
            _insert(c, meta["organisations"], (
                {"id": i, "name": f"PT Bench {i:07d} {('Jaya', 'Makmur', 'Abadi', 'Sentosa')[i % 4]}",
                 "kind": "firm", "nib": f"{9100000000000 + i:013d}", "npwp": f"{100000000000000 + i:015d}",
                 "sector": ("Konstruksi", "Konsultan", "Pengadaan")[i % 3], "address": "", "created_at": NOW}
                for i in range(1, n["organisations"] + 1)), "organisations", timings)
            actions = n["actions"]
            _insert(c, meta["actions"], (
                {"id": a, "tenant_id": 1, "kind": "integrity_pact", "title": f"Pakta Bench {a}", "status": "open",
                 "created_by_id": 1, "created_at": NOW - timedelta(minutes=actions - a), "summary": "",
                 "status_reason": "", "starts_on": TODAY, "ends_on": TODAY + timedelta(days=365)}
                for a in range(1, actions + 1)), "actions", timings)
            _insert(c, meta["document_versions"], (
                {"id": a, "tenant_id": 1, "action_id": a, "number": 1, "body": "Teks pakta.", "sha256": "0" * 64,
                 "created_by_id": 1, "created_at": NOW} for a in range(1, actions + 1)), "document_versions", timings)
            per = n["parties_per_action"]
            heavy = min(n["heavy_signatures"], actions)
            orgs = n["organisations"]

            def party_org(a: int, k: int) -> int:
                # Organisation 1 is a party (and signs) in the first `heavy` actions; the rest spread evenly.
                if k == 0 and a <= heavy:
                    return 1
                return 2 + ((a * per + k) * 7919) % (orgs - 1)

            def parties():
                for a in range(1, actions + 1):
                    for k in range(per):
                        yield {"id": (a - 1) * per + k + 1, "tenant_id": 1, "action_id": a,
                               "organisation_id": party_org(a, k), "role": "bidder" if k else "procuring_entity",
                               "added_by_id": 1, "added_at": NOW}

            _insert(c, meta["parties"], parties(), "parties", timings)

            def signatures():
                for a in range(1, actions + 1):
                    for k in range(per):
                        pid = (a - 1) * per + k + 1
                        yield {"id": pid, "tenant_id": 1, "action_id": a, "party_id": pid, "document_version_id": a,
                               "organisation_id": party_org(a, k), "signer_id": 1, "role": "bidder",
                               "signed_at": NOW, "payload": "{}", "signature": b"\x00" * 70, "certificate_pem": pem,
                               "withdrawal_reason": ""}

            _insert(c, meta["signatures"], signatures(), "signatures", timings)
            sanctions = n["sanctions"]
            _insert(c, meta["violation_cases"], (
                {"id": s, "tenant_id": 1, "action_id": 1 + s % actions, "organisation_id": 2 + (s * 104729) % (orgs - 1),
                 "stage": "selection", "violation_type": "collusion", "violation_type_label": "Kolusi",
                 "description": "Bench.", "severity": "major", "status": "sanctioned", "reported_by_id": 1,
                 "reported_at": NOW, "created_at": NOW, "updated_at": NOW}
                for s in range(1, sanctions + 1)), "violation_cases", timings)
            _insert(c, meta["sanctions"], (
                {"id": s, "tenant_id": 1, "case_id": s, "action_id": 1 + s % actions,
                 "organisation_id": 2 + (s * 104729) % (orgs - 1), "kind": ("blacklisting", "debarment", "warning")[s % 3],
                 "decree_number": f"SK-{s:06d}/2026", "legal_basis": "Perpres 16/2018", "grounds": "Kolusi terbukti.",
                 "issuing_unit": "Biro Bench", "starts_on": TODAY - timedelta(days=s % 700),
                 "ends_on": TODAY - timedelta(days=s % 700) + timedelta(days=730), "objection_days": 5,
                 "status": "decided", "proposed_by_id": 1, "proposed_at": NOW, "decided_by_id": 1,
                 "decided_on": TODAY - timedelta(days=s % 700), "objection_deadline": TODAY - timedelta(days=s % 700),
                 "force_from": TODAY - timedelta(days=s % 700), "updated_at": NOW}
                for s in range(1, sanctions + 1)), "sanctions", timings)
            if c.dialect.name == "postgresql":
                for table in ("users", "tenants", "organisations", "actions", "document_versions", "parties",
                              "signatures", "violation_cases", "sanctions"):
                    c.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                      f"(SELECT max(id) FROM {table}))")
        started = time.perf_counter()
        _log_entries(n["log_entries"])
        timings["ledger_entries (real appends)"] = (n["log_entries"], time.perf_counter() - started)
        started = time.perf_counter()
        with db.engine.begin() as c:
            c.exec_driver_sql("ANALYZE")
        timings["analyze"] = (0, time.perf_counter() - started)
    return timings, facts_for(scale)


def facts_for(scale: float) -> dict:
    n = sizes(scale)
    return {"heavy_org": 1, "action": n["actions"] // 2, "sanction": n["sanctions"] // 2,
            "org": n["organisations"] // 2, "log": n["log_entries"]}


def _log_entries(count: int) -> None:
    from pactplatform.extensions import db
    from pactplatform.ledger import operations as ledger_operations
    from pactplatform.orgs.models import Organisation

    for start in range(1, count + 1, 500):
        for organisation in db.session.query(Organisation).filter(Organisation.id >= start,
                                                                  Organisation.id < min(start + 500, count + 1)):
            ledger_operations.append("organisation.registered", organisation)
        db.session.commit()
    ledger_operations.sign_tree_head()
    db.session.commit()


# -- paths ------------------------------------------------------------------------------------------------------------

def paths(facts: dict) -> list[tuple[str, str, bool]]:
    """(label, path, takes per_page) for every public read path the issue names."""
    a, s, o, h = facts["action"], facts["sanction"], facts["org"], facts["heavy_org"]
    return [
        ("home", "/", False),
        ("orgs directory", "/orgs/", True),
        ("orgs search", "/orgs/?q=Bench+0500", True),
        ("org passport", f"/orgs/{o}", False),
        ("org passport 10k sigs", f"/orgs/{h}", False),
        ("org passport json", f"/orgs/{o}.json", False),
        ("org passport json 10k", f"/orgs/{h}.json", False),
        ("actions", "/actions/", True),
        ("action", f"/actions/{a}", False),
        ("blacklist", "/blacklist/", True),
        ("certificates", "/certificates/", True),
        ("search", "/search?q=Bench+Jaya", True),
        ("api actions", "/api/v1/actions", True),
        ("api action", f"/api/v1/actions/{a}", False),
        ("api sanctions in force", "/api/v1/sanctions?status=in_force", True),
        ("api sanction", f"/api/v1/sanctions/{s}", False),
        ("api organisations", "/api/v1/organisations", True),
        ("api organisation", f"/api/v1/organisations/{o}", False),
        ("api organisation 10k", f"/api/v1/organisations/{h}", False),
        ("api search", "/api/v1/search?q=Bench+Jaya", True),
        ("api log sth", "/api/v1/log/sth", False),
        ("api log inclusion", f"/api/v1/log/proof/inclusion?index={facts['log'] // 2}", False),
        ("api log consistency", f"/api/v1/log/proof/consistency?first={facts['log'] // 2}", False),
        ("exports", "/exports/", False),
        ("api exports", "/api/v1/exports", False),
    ]


def _with(path: str, **params) -> str:
    return path + ("&" if "?" in path else "?") + urlencode(params)


def deepest(client, path: str) -> str | None:
    """The last page of a register: follow a `next` link/cursor up to 20 hops, else jump to the last page
    number from `total`; None if the page says neither."""
    response = client.get(path)
    if response.status_code != 200:
        return None
    if response.is_json:
        body = response.get_json()
        if isinstance(body, dict) and body.get("total") and body.get("per_page"):
            return _with(path, page=max(1, math.ceil(body["total"] / body["per_page"])))
        hops, current, base = 0, body, path
        while isinstance(current, dict) and current.get("next") and hops < 20:
            # `next` is a link (/api/v1/actions) or a bare keyset cursor passed back as `after` (the registry).
            nxt = current["next"]
            path = nxt if nxt.startswith("/") else _with(base, after=nxt)
            current = client.get(path).get_json()
            hops += 1
        return path if hops else None
    match = re.search(r'<a[^>]*rel="next"[^>]*href="([^"]+)"|<a[^>]*href="([^"]+)"[^>]*rel="next"',
                      response.get_data(as_text=True))
    hops = 0
    while match and hops < 20:
        path = (match.group(1) or match.group(2)).replace("&amp;", "&")
        match = re.search(r'<a[^>]*rel="next"[^>]*href="([^"]+)"|<a[^>]*href="([^"]+)"[^>]*rel="next"',
                          client.get(path).get_data(as_text=True))
        hops += 1
    return path if hops else None


# -- in-process: statements, plans, counts ----------------------------------------------------------------------------

def capture(app, path: str) -> tuple[int, list[tuple[str, object]], float]:
    from sqlalchemy import event

    from pactplatform.extensions import db

    with app.app_context():
        engine = db.engine
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    client = app.test_client()
    # A first request compiles the page's templates (100-150 ms): timed, it hid what a request costs.
    client.get(path).close()
    event.listen(engine, "before_cursor_execute", record)
    try:
        started = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - started
        response.close()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return response.status_code, statements, elapsed


def plans(app, statements) -> list[tuple[str, list[str]]]:
    from pactplatform.extensions import db

    out = []
    with app.app_context():
        connection = db.engine.connect()
        dialect = connection.dialect.name
        seen = set()
        for statement, parameters in statements:
            if not statement.lstrip().upper().startswith("SELECT") or statement in seen:
                continue
            seen.add(statement)
            prefix = "EXPLAIN QUERY PLAN " if dialect == "sqlite" else "EXPLAIN "
            try:
                rows = connection.exec_driver_sql(prefix + statement, parameters).all()
            except Exception as error:  # noqa: BLE001  (a plan we cannot get is reported, not fatal)
                connection.rollback()
                out.append((statement, [f"(no plan: {type(error).__name__})"]))
                continue
            lines = [str(r[-1]) if dialect == "sqlite" else str(r[0]) for r in rows]
            out.append((statement, lines))
        connection.close()
    return out


def large_tables(app, threshold: int) -> set[str]:
    from sqlalchemy import text

    from pactplatform.extensions import db

    found = set()
    with app.app_context():
        for table in db.metadata.sorted_tables:
            count = db.session.execute(text(f'SELECT count(*) FROM (SELECT 1 FROM "{table.name}" LIMIT {threshold + 1}) t')).scalar()
            if count > threshold:
                found.add(table.name)
    return found


# -- serving and load -------------------------------------------------------------------------------------------------

BARE_APP = '''
import os
from flask import Flask, jsonify, request
from sqlalchemy import create_engine, text
engine = create_engine(os.environ["BENCH_DATABASE_URL"])
app = Flask(__name__)
QUERY = text("SELECT id, name, sector FROM organisations WHERE id > :after ORDER BY id LIMIT 20")
@app.get("/bare")
def bare():
    with engine.connect() as c:
        rows = c.execute(QUERY, {"after": request.args.get("after", 500, type=int)}).all()
    return jsonify([{"id": r.id, "name": r.name, "sector": r.sector} for r in rows])
'''

APP = '''
import os
from pactplatform import create_app
app = create_app({"SQLALCHEMY_DATABASE_URI": os.environ["BENCH_DATABASE_URL"], "SECRET_KEY": "bench",
                  "RATELIMIT_ENABLED": False, "RATELIMIT_STORAGE_URI": "memory://",
                  "INSTANCE_PATH": os.environ["BENCH_INSTANCE"]})
'''


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(module_dir: Path, module: str, database: str, instance: Path) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    env = {**os.environ, "BENCH_DATABASE_URL": database, "BENCH_INSTANCE": str(instance),
           "PYTHONPATH": f"{module_dir}:{ROOT}"}
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-w", "2", "-k", "sync", "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", f"{module}:app"], env=env, start_new_session=True)
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process, port
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn for {module} did not start")


def _load_worker(args) -> int:
    port, path, seconds, threads = args
    done = [0] * threads
    deadline = time.perf_counter() + seconds

    def run(slot: int) -> None:
        while time.perf_counter() < deadline:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                connection.request("GET", path)
                connection.getresponse().read()
                done[slot] += 1
            except OSError:
                pass
            finally:
                connection.close()

    workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return sum(done)


def throughput(pool, port: int, path: str, seconds: float) -> float:
    if shutil.which("wrk"):
        output = subprocess.run(["wrk", "-t2", "-c16", f"-d{seconds}s", f"http://127.0.0.1:{port}{path}"],
                                capture_output=True, text=True).stdout
        match = re.search(r"Requests/sec:\s+([\d.]+)", output)
        return float(match.group(1)) if match else 0.0
    started = time.perf_counter()
    total = sum(pool.map(_load_worker, [(port, path, seconds, 8)] * 2))
    return total / (time.perf_counter() - started)


def print_table(report: dict, samples: dict, bare: list[float], target: float, heading: str) -> None:
    bare_median = statistics.median(bare)
    print(f"\n### {heading}")
    print(f"\n| path | status | req/s (median) | × bare Flask ({bare_median:,.0f} req/s) | in-process ms | "
          f"queries 20/100 | full scans | verdict (target {target:.2f}×) |")
    print("|---|---|---|---|---|---|---|---|")
    failures = 0
    for label, entry in report.items():
        estimated = entry.get("estimated")
        ratio = median_ratio([estimated], bare) if estimated is not None else median_ratio(samples.get(label, []), bare)
        result = verdict(entry["status"], ratio, target)
        problems = []
        if entry["scans"]:
            problems.append("full scan")
        if grows_with_page(entry["q20"], entry["q100"]):
            problems.append("N+1")
        if problems and result != "missing":
            result = "FAIL " + "+".join(problems) + ("" if result == "ok" else f", {result}")
        failures += result not in ("ok", "missing")
        rate = (f"{estimated:,.2f} est." if estimated is not None
                else f"{statistics.median(samples[label]):,.0f}" if samples.get(label) else "—")
        q = f"{entry['q20']}/{entry['q100']}" if entry["q20"] is not None else str(entry["queries"])
        print(f"| {label} `{entry['path']}` | {entry['status']} | {rate} | "
              f"{'—' if ratio is None else f'{ratio:.3f}×'} | {entry['ms']:.1f} | {q} | "
              f"{', '.join(entry['scans']) or '—'} | {result} |")
    print(f"\n{failures} of {len(report)} paths miss the target or fail a check; "
          f"{sum(1 for e in report.values() if e['status'] == 404)} missing on this branch.", flush=True)


# -- main -------------------------------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--database", help="PostgreSQL URL of an empty database (default: a SQLite file in /tmp)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--keep", help="Reuse (or keep) this SQLite file instead of a temporary one")
    args = parser.parse_args()
    # A stopped run (timeout, Ctrl-C) still stops its gunicorn servers: SIGTERM unwinds like an exception.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    from pactplatform import create_app
    from pactplatform.config import normalise_database_url

    work = Path(tempfile.mkdtemp(prefix="bench-registry-"))
    instance = work / "instance"
    instance.mkdir()
    sqlite_file = Path(args.keep) if args.keep else work / "registry.db"
    database = normalise_database_url(args.database or f"sqlite:///{sqlite_file}")
    dialect = "postgresql" if database.startswith("postgresql") else "sqlite"
    target = TARGETS[dialect]
    app = create_app({"SQLALCHEMY_DATABASE_URI": database, "SECRET_KEY": "bench", "INSTANCE_PATH": str(instance),
                      "RATELIMIT_ENABLED": False, "RATELIMIT_STORAGE_URI": "memory://"})
    processes = []
    try:
        print(f"# registry benchmark: {dialect}, scale {args.scale} ({sizes(args.scale)})", flush=True)
        reuse = bool(args.keep) and sqlite_file.exists() and sqlite_file.stat().st_size > 0
        if reuse:
            facts = facts_for(args.scale)
            print(f"reusing {sqlite_file}")
        else:
            timings, facts = build(app, args.scale)
            total = sum(seconds for _count, seconds in timings.values())
            print("\n## load (bulk insert)")
            for label, (count, seconds) in timings.items():
                rate = f"{count / seconds:,.0f} rows/s" if count and seconds else ""
                print(f"  {label:32} {count:>10,} rows {seconds:8.1f} s  {rate}")
            print(f"  {'total':32} {'':>10}      {total:8.1f} s", flush=True)

        # A table is large when scanning it costs: 10,000 rows at full scale, proportionally fewer below.
        threshold = max(500, int(10_000 * min(args.scale, 1.0)))
        large = large_tables(app, threshold)
        print(f"\nlarge tables (> {threshold:,} rows): {', '.join(sorted(large))}")
        selected = paths(facts)
        client = app.test_client()
        for label, path, paged in list(selected):
            if paged:
                last = deepest(client, path)
                if last:
                    selected.append((f"{label} deepest", last, False))

        print("\n## in-process: status, time, queries (page 20 / 100), full scans of large tables")
        report = {}
        for label, path, paged in selected:
            status, statements, elapsed = capture(app, path)
            small = large_ = None
            if paged and status == 200:
                small = len(capture(app, _with(path, per_page=20))[1])
                large_ = len(capture(app, _with(path, per_page=100))[1])
            scans = []
            plan_text = []
            if status == 200:
                for statement, lines in plans(app, statements):
                    found = full_scans(dialect, lines, large)
                    scans.extend(t for t in found if t not in scans)
                    plan_text.append((statement, lines, found))
            report[label] = {"path": path, "status": status, "ms": elapsed * 1000, "queries": len(statements),
                             "q20": small, "q100": large_, "scans": scans, "plans": plan_text}
            n_plus_1 = grows_with_page(small, large_)
            print(f"  {label:28} {status} {elapsed * 1000:8.1f} ms  {len(statements):3} queries"
                  + (f"  (20: {small}, 100: {large_}{' FAIL N+1' if n_plus_1 else ''})" if small is not None else "")
                  + (f"  FAIL full scan: {', '.join(scans)}" if scans else ""), flush=True)

        print("\n## query plans")
        for label, entry in report.items():
            if not entry["plans"]:
                continue
            print(f"-- {label}: {entry['path']}")
            for statement, lines, found in entry["plans"]:
                print("   " + " ".join(statement.split())[:160] + ("  <- FAIL" if found else ""))
                for line in lines:
                    print("      " + line)

        module_dir = work / "modules"
        module_dir.mkdir()
        (module_dir / "bench_bare.py").write_text(BARE_APP)
        (module_dir / "bench_app.py").write_text(APP)
        bare_process, bare_port = serve(module_dir, "bench_bare", database, instance)
        processes.append(bare_process)
        app_process, app_port = serve(module_dir, "bench_app", database, instance)
        processes.append(app_process)
        # A path slower than the load window would leave queued requests behind that starve the paths measured
        # after it (a sync worker finishes what it accepted): such a path is not load-tested; its rate is
        # estimated from its in-process time (2 workers), marked "est.". The rest go fastest first.
        live = sorted(((label, entry["path"]) for label, entry in report.items()
                       if entry["status"] != 404 and entry["ms"] <= SLOW_MS), key=lambda item: report[item[0]]["ms"])
        for label, entry in report.items():
            if entry["status"] != 404 and entry["ms"] > SLOW_MS:
                entry["estimated"] = 2 * 1000 / entry["ms"]
        samples: dict[str, list[float]] = {label: [] for label, _ in live}
        bare: list[float] = []
        loader = "wrk -t2 -c16" if shutil.which("wrk") else "Python load client (2 processes x 8 threads)"
        print(f"\n## throughput: gunicorn 2 sync workers, {loader}, {args.rounds} interleaved rounds of "
              f"{args.seconds:g} s per path", flush=True)
        for label, path in live:  # warm both workers (templates, caches) before anything is measured
            for port, target_path in ((bare_port, "/bare"), (app_port, path)):
                for _ in range(4):
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                    connection.request("GET", target_path)
                    connection.getresponse().read()
                    connection.close()
        with multiprocessing.get_context("fork").Pool(2) as pool:
            for round_ in range(args.rounds):
                for label, path in live:
                    bare.append(throughput(pool, bare_port, "/bare", args.seconds))
                    samples[label].append(throughput(pool, app_port, path, args.seconds))
                # After every round, so a run stopped early still leaves its table.
                print_table(report, samples, bare, target, f"after round {round_ + 1} of {args.rounds}")
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
