"""Demo procurement data (issue 11): 240 generated Indonesian-style tenders of the province's buyers,
imported by the procurement officer through the same operation as the upload page, so the tender list,
the red flags in words and the organisations' passports are alive."""
import io

from ..procurement import operations as procurement
from ..tenancy.scoping import tenant_scope
from . import tenders
from .common import tenant as _tenant

DEMO_TENDERS = 240


def load(users: dict) -> None:
    province = _tenant("ukpbj-jateng")
    data = tenders.jsonl(DEMO_TENDERS)
    with tenant_scope(province.id):
        procurement.import_file(province, users["pejabat@ukpbj-jateng.pactdemo.id"], "spse-jateng-2025.jsonl",
                                io.BytesIO(data))
