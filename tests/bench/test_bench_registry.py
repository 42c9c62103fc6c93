"""The registry benchmark's own judgement (bench/bench_registry.py): which query plans are full scans of a
large table, when the query count grows with the page, and the verdict per path."""
import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "bench_registry", Path(__file__).resolve().parents[2] / "bench" / "bench_registry.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

LARGE = {"organisations", "signatures"}


def test_sqlite_plans():
    assert bench.full_scans("sqlite", ["SCAN organisations", "USE TEMP B-TREE FOR ORDER BY"], LARGE) == ["organisations"]
    assert bench.full_scans("sqlite", ["SCAN TABLE signatures"], LARGE) == ["signatures"]
    assert bench.full_scans("sqlite", ["SCAN organisations USING INDEX ix_organisations_name"], LARGE) == []
    assert bench.full_scans("sqlite", ["SCAN organisations USING COVERING INDEX ix_x"], LARGE) == []
    assert bench.full_scans("sqlite", ["SEARCH organisations USING INTEGER PRIMARY KEY (rowid=?)"], LARGE) == []
    assert bench.full_scans("sqlite", ["SCAN tenants"], LARGE) == []  # small tables may be scanned
    assert bench.full_scans("sqlite", ["SCAN organisations_fts VIRTUAL TABLE INDEX 1:"], LARGE) == []


def test_postgresql_plans():
    plan = ["Limit  (cost=0.42..1.5 rows=20)", "  ->  Parallel Seq Scan on organisations  (cost=0.00..18000.00)"]
    assert bench.full_scans("postgresql", plan, LARGE) == ["organisations"]
    assert bench.full_scans("postgresql", ["Index Scan using organisations_pkey on organisations"], LARGE) == []
    assert bench.full_scans("postgresql", ["Bitmap Heap Scan on signatures"], LARGE) == []


def test_page_size_and_verdicts():
    assert bench.grows_with_page(3, 3) is False and bench.grows_with_page(103, 503) is True
    assert bench.grows_with_page(None, 5) is False
    assert bench.median_ratio([30, 10, 20], [100, 100, 50]) == 0.2
    assert bench.verdict(404, None, 0.3) == "missing"
    assert bench.verdict(500, None, 0.3) == "error 500"
    assert bench.verdict(200, 0.31, 0.3) == "ok" and bench.verdict(200, 0.29, 0.3) == "SLOW"
