"""The demo's procurement data: ≥ 200 generated tenders across the demo buyers, with the patterns the flags find."""
from sqlalchemy import func, select

from pactplatform.extensions import db
from pactplatform.procurement import queries
from pactplatform.procurement.models import ContractingProcess, TenderFlag


def the_demo_imports_the_tenders_with_their_flags(app, output):
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
