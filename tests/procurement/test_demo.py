"""The demo's tender generator (what the loaded demo holds is checked in demo_checks.py)."""
from pactplatform.demo import tenders
from pactplatform.procurement.redflags.run import run
from pactplatform.procurement.redflags.settings import ALL_INDICATORS_INI, Settings


def test_the_generator_is_deterministic_and_schema_valid():
    from pactplatform.procurement import importer

    assert tenders.jsonl(30) == tenders.jsonl(30)
    assert tenders.jsonl(30, seed=1) != tenders.jsonl(30)
    assert all(importer.schema_problem(r) is None for r in tenders.releases(60))


def test_the_generated_tenders_raise_single_bid_short_period_and_disqualification_flags():
    output = run(tenders.releases(240), Settings.from_ini(ALL_INDICATORS_INI)).output(meta=False)
    codes = {code for flags in output["OCID"].values() for code in flags}
    assert {"R003", "R018", "R035", "R036"} <= codes
