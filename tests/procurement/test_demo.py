"""The demo's procurement data: ≥ 200 generated tenders across the demo buyers, with the patterns the flags find."""
from sqlalchemy import func, select

from pactplatform.demo import tenders
from pactplatform.extensions import db
from pactplatform.procurement import queries
from pactplatform.procurement.models import ContractingProcess, TenderFlag
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


def test_demo_imports_the_tenders_with_their_flags(app, app_ctx):
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    all_tenants = {"all_tenants": True}
    assert db.session.scalar(select(func.count(ContractingProcess.id)).execution_options(**all_tenants)) >= 200
    buyers = db.session.scalar(select(func.count(func.distinct(ContractingProcess.buyer_id))).execution_options(**all_tenants))
    assert buyers >= 2
    codes = set(db.session.scalars(select(TenderFlag.code).distinct().execution_options(**all_tenants)))
    assert {"R003", "R018", "R024", "R035"} <= codes
    from pactplatform.demo.common import org

    dinas = org("Dinas Pekerjaan Umum Bina Marga dan Cipta Karya Provinsi Jawa Tengah")
    stats = queries.buyer_tender_stats(dinas.id, all_tenants=True)
    assert stats["tenders"] >= 40 and 0 < stats["single_bid"] < stats["tenders"]
    assert queries.flags_of_organisation(dinas.id, all_tenants=True)
