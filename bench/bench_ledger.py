"""Transparency-log benchmark (issue 5). Not a test: run it by hand.

    .venv/bin/python bench/bench_ledger.py [--entries 1000000] [--verify-entries 100000]

Appends through the real append path (operations.append) into a SQLite file under /tmp,
committing every --batch appends; times one inclusion and one consistency proof at the full
size (the query function and the HTTP endpoint); and times pactplatform-verify checking the
whole log when it holds --verify-entries entries, against a live server. Each figure is printed
beside the machine's raw SHA-256 rate measured in the same run.
"""
import argparse
import hashlib
import io
import logging
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from werkzeug.serving import make_server  # noqa: E402

from pactplatform import create_app  # noqa: E402
from pactplatform.extensions import db  # noqa: E402
from pactplatform.ledger import operations, queries, records, verifier  # noqa: E402


class BenchItem:
    """A stand-in record: the benchmark measures the log, not a domain table."""

    def __init__(self, id: int):
        self.id = id


records.register("bench.item", BenchItem, lambda item: {"n": item.id})


def sha256_rate(seconds: float = 1.0) -> float:
    """Raw SHA-256 hashes per second of a 160-byte message (about one log entry)."""
    message = b"x" * 160
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(10000):
            hashlib.sha256(message).digest()
        count += 10000
    return count / (time.perf_counter() - start)


def append_until(app, target: int, batch: int, report_every: int) -> float:
    with app.app_context():
        size = queries.tree_size()
        start, done = time.perf_counter(), 0
        while size < target:
            for _ in range(min(batch, target - size)):
                operations.append("bench.appended", BenchItem(size + 1))
                size += 1
                done += 1
            db.session.commit()
            if size % report_every < batch:
                rate = done / (time.perf_counter() - start)
                print(f"  {size:>9,} entries, {rate:,.0f} appends/s", file=sys.stderr, flush=True)
        elapsed = time.perf_counter() - start
    return done / elapsed if done else float("nan")


def time_calls(fn, args_list) -> float:
    """Median seconds per call."""
    timings = []
    for args in args_list:
        t0 = time.perf_counter()
        fn(*args)
        timings.append(time.perf_counter() - t0)
    return statistics.median(timings)


def time_proofs(app, size: int, samples: int) -> dict:
    rng = random.Random(5)
    inclusion_args = [(rng.randrange(size), size) for _ in range(samples)]
    consistency_args = [(rng.randrange(1, size), size) for _ in range(samples)]
    client = app.test_client()
    results = {}
    with app.app_context():
        queries.inclusion_proof(0, size)  # warm the connection
        results["inclusion proof (query)"] = time_calls(queries.inclusion_proof, inclusion_args)
        results["consistency proof (query)"] = time_calls(queries.consistency_proof, consistency_args)
    results["inclusion proof (HTTP GET)"] = time_calls(
        lambda i, n: client.get(f"/api/v1/log/proof/inclusion?index={i}&tree_size={n}"), inclusion_args)
    results["consistency proof (HTTP GET)"] = time_calls(
        lambda m, n: client.get(f"/api/v1/log/proof/consistency?first={m}&second={n}"), consistency_args)
    return results


def time_verifier(app, workdir: Path) -> float:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        t0 = time.perf_counter()
        verifier.verify(f"http://127.0.0.1:{server.server_port}", workdir / "verify-state.json",
                        progress=True, out=io.StringIO())
        return time.perf_counter() - t0
    finally:
        server.shutdown()
        thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--verify-entries", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1000, help="appends per commit")
    parser.add_argument("--samples", type=int, default=200, help="proofs timed (median reported)")
    parser.add_argument("--keep", action="store_true", help="keep the database in /tmp")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="pactplatform-bench-"))
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.db'}",
                      "INSTANCE_PATH": str(workdir), "SECRET_KEY": "bench", "TESTING": True})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()

    rate = sha256_rate()
    rows = [("raw SHA-256 (160-byte messages)", f"{rate:,.0f} hashes/s", f"{1e6 / rate:.2f} µs/hash")]
    print(f"raw SHA-256: {rate:,.0f} hashes/s", file=sys.stderr)

    verify_at = min(args.verify_entries, args.entries)
    t0 = time.perf_counter()
    append_until(app, verify_at, args.batch, 50_000)
    verify_seconds = time_verifier(app, workdir)
    append_until(app, args.entries, args.batch, 50_000)
    append_seconds = time.perf_counter() - t0 - verify_seconds
    appends_per_second = args.entries / append_seconds
    rows.append((f"append ({args.entries:,} entries, commit every {args.batch})",
                 f"{appends_per_second:,.0f} appends/s", f"{rate / appends_per_second:,.0f} hashes' worth each"))
    rows.append((f"pactplatform-verify, full log of {verify_at:,}", f"{verify_seconds:.1f} s",
                 f"{verify_at / verify_seconds:,.0f} entries/s"))
    for name, seconds in time_proofs(app, args.entries, args.samples).items():
        rows.append((f"{name} at {args.entries:,}", f"{seconds * 1000:.3f} ms (median)",
                     f"{seconds * rate:,.0f} hashes' worth"))
    with app.app_context():
        db.engine.dispose()

    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure':<{width}}  {'result':<24}  beside raw SHA-256")
    print("-" * (width + 50))
    for name, result, relative in rows:
        print(f"{name:<{width}}  {result:<24}  {relative}")
    if args.keep:
        print(f"\ndatabase kept in {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
