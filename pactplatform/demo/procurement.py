"""Demo procurement data (issue 11): 240 generated Indonesian-style tenders of the province's buyers,
imported by the procurement officer through the same operation as the upload page, so the tender list,
the red flags in words and the organisations' passports are alive."""
import io

from ..procurement import operations as procurement
from ..tenancy.scoping import tenant_scope
from . import tenders
from .common import tenant as _tenant

DEMO_TENDERS = 240
# Cardinal's settings file, as the province's admin keeps it: every indicator, and a fixed 1 % cut for
# cover bids (R024), since the computed fence of a market with wide price spreads flags nothing.
SETTINGS = """[R003]
[R018]
[R024]
threshold = 0.01
[R025]
[R028]
[R030]
[R035]
[R036]
[R038]
[R048]
minimum_contracting_processes = 5
[R058]
"""


def load(users: dict) -> None:
    province = _tenant("ukpbj-jateng")
    data = tenders.jsonl(DEMO_TENDERS)
    with tenant_scope(province.id):
        procurement.update_settings(province, users["admin@ukpbj-jateng.pactdemo.id"], SETTINGS)
        procurement.import_file(province, users["pejabat@ukpbj-jateng.pactdemo.id"], "spse-jateng-2025.jsonl",
                                io.BytesIO(data))
