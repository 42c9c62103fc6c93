"""Procurement benchmark (issue 11). Not a test: run it by hand (or `make bench`).

    .venv/bin/python bench/bench_procurement.py [--releases 100000] [--database URL]

Generates --releases compiled releases with the demo's seeded generator into a file under /tmp, then,
in the same run, times:
  1. a plain `json.loads` pass over the file's lines (the floor: reading JSON at all);
  2. every red-flag indicator over the file, as `pactplatform-redflags indicators` computes them;
  3. the full import (`operations.import_file`: schema check, parties matched or created, rows written,
     one ledger entry) followed by every indicator over the tenant's stored tenders, into a fresh SQLite
     file (or --database, e.g. a PostgreSQL URL of an empty database).
Each is reported as releases per second and as a ratio to the plain json.loads pass.
"""
import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pactplatform import create_app  # noqa: E402
from pactplatform.demo import tenders  # noqa: E402
from pactplatform.extensions import db  # noqa: E402
from pactplatform.procurement.redflags import jsonl  # noqa: E402
from pactplatform.procurement.redflags.run import run  # noqa: E402
from pactplatform.procurement.redflags.settings import ALL_INDICATORS_INI, Settings  # noqa: E402


def write_file(path: Path, count: int) -> None:
    with path.open("wb") as handle:
        for release in tenders.releases(count, firm_count=400):
            handle.write(json.dumps(release, ensure_ascii=False).encode("utf-8") + b"\n")


def plain_json(path: Path) -> int:
    count = 0
    with path.open("rb") as handle:
        for line in handle:
            json.loads(line)
            count += 1
    return count


def indicators_only(path: Path) -> dict:
    with path.open("rb") as handle:
        return run(jsonl.values(handle), Settings.from_ini(ALL_INDICATORS_INI)).output(meta=False)


def import_and_flag(path: Path, database: str, instance: Path) -> tuple[dict, float]:
    from flask_migrate import upgrade

    from pactplatform.procurement import operations
    from tests import factories

    app = create_app({"INSTANCE_PATH": str(instance), "SQLALCHEMY_DATABASE_URI": database, "SECRET_KEY": "bench",
                      "PASSWORD_HASH_METHOD": "scrypt:1024:8:1"})
    with app.app_context():
        upgrade()
        admin = factories.user(name="Bench admin")
        tenant = factories.tenant(admin, slug="bench")
        start = time.perf_counter()
        with path.open("rb") as handle:
            record = operations.import_file(tenant, admin, path.name, handle)
        db.session.commit()
        elapsed = time.perf_counter() - start
        return {"created": record.created_count, "report": json.loads(record.report)}, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=100_000)
    parser.add_argument("--database", help="an empty database's URL (default: a new SQLite file under /tmp)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="pactplatform-bench-procurement-"))
    try:
        path = work / "releases.jsonl"
        t0 = time.perf_counter()
        write_file(path, args.releases)
        print(f"generated {args.releases:,} releases ({path.stat().st_size / 1e6:,.0f} MB) "
              f"in {time.perf_counter() - t0:,.1f} s", flush=True)

        t0 = time.perf_counter()
        assert plain_json(path) == args.releases
        baseline = time.perf_counter() - t0
        print(f"plain json.loads:          {args.releases / baseline:>10,.0f} releases/s  (1.0x)", flush=True)

        t0 = time.perf_counter()
        output = indicators_only(path)
        flags_time = time.perf_counter() - t0
        print(f"indicators (pure):         {args.releases / flags_time:>10,.0f} releases/s  "
              f"({flags_time / baseline:,.1f}x the json.loads time); {len(output.get('OCID', {})):,} tenders flagged",
              flush=True)

        database = args.database or f"sqlite:///{work / 'bench.db'}"
        result, import_time = import_and_flag(path, database, work / "instance")
        print(f"import + every indicator:  {args.releases / import_time:>10,.0f} releases/s  "
              f"({import_time / baseline:,.1f}x the json.loads time); {result['created']:,} tenders, "
              f"{result['report']['organisations_created']:,} organisations created; total {import_time:,.1f} s",
              flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
