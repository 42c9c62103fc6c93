"""The built-in exports: the blacklist and the certificates as FollowTheMoney entities, and the
sanctions in force as CSV and JSON Lines. Each streams its rows in batches (yield_per), never the
whole table in memory, and loads what a row shows with the batch."""
import csv
import io
import itertools
import json

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ..certification import status as certificate_status
from ..certification.models import Certificate
from ..extensions import db
from ..monitoring import clock
from ..orgs import identifiers
from ..sanctions import status as sanction_status
from ..sanctions.models import BARRING, IN_FORCE, KIND_LABELS, PROPOSED, Sanction
from ..documents.links import public_url
from . import ftm
from .exports import Export, register_export

BATCH = 1000
PUBLIC = {"all_tenants": True, "yield_per": BATCH}


def _json_line(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n"


def _public_sanctions(query):
    return db.session.scalars(query.options(joinedload(Sanction.organisation), joinedload(Sanction.tenant))
                              .execution_options(**PUBLIC))


def ftm_blacklist_lines():
    """Every decided sanction (in force and past, with its status today), each after its organisation."""
    today = clock.today()
    query = select(Sanction).where(Sanction.status != PROPOSED).order_by(Sanction.organisation_id, Sanction.id)
    with force_locale("en"):
        for _org_id, group in itertools.groupby(_public_sanctions(query), key=lambda s: s.organisation_id):
            sanctions = list(group)
            statuses = [sanction_status.effective_status(s, today) for s in sanctions]
            barred = any(s.kind in BARRING and status == IN_FORCE for s, status in zip(sanctions, statuses))
            yield _json_line(ftm.organisation(sanctions[0].organisation, ("debarment",) if barred else ()).to_dict()), True
            for record, status in zip(sanctions, statuses):
                yield _json_line(ftm.sanction(record, status, str(KIND_LABELS[record.kind])).to_dict()), True


def ftm_certificate_lines():
    """Every certificate as a Document with its Documentation edge, after its organisation."""
    today = clock.today()
    query = (select(Certificate).order_by(Certificate.organisation_id, Certificate.id)
             .options(joinedload(Certificate.organisation), joinedload(Certificate.tenant),
                      joinedload(Certificate.scheme), joinedload(Certificate.scheme_version),
                      selectinload(Certificate.decrees))
             .execution_options(**PUBLIC))
    last_org = None
    with force_locale("en"):
        for batch in db.session.scalars(query).partitions():
            found = certificate_status.statuses(list(batch), today)
            for certificate in batch:
                if certificate.organisation_id != last_org:
                    last_org = certificate.organisation_id
                    yield _json_line(ftm.organisation(certificate.organisation).to_dict()), True
                level = certificate.level_label
                yield _json_line(ftm.certificate_document(certificate, level).to_dict()), True
                yield _json_line(ftm.certificate_documentation(certificate, level,
                                                               found[certificate.id].code).to_dict()), True


SANCTION_COLUMNS = ("id", "organisation_id", "organisation_name", "nib", "npwp", "kind", "decree_number",
                    "tenant", "issuing_unit", "legal_basis", "grounds", "starts_on", "ends_on", "in_force_from",
                    "decided_on", "url")


def _sanction_row(sanction: Sanction) -> dict:
    organisation = sanction.organisation
    return {
        "id": sanction.id, "organisation_id": organisation.id, "organisation_name": organisation.name,
        "nib": identifiers.mask(organisation.nib), "npwp": identifiers.masked_npwp(organisation.npwp),
        "kind": sanction.kind, "decree_number": sanction.decree_number, "tenant": sanction.tenant.name,
        "issuing_unit": sanction.issuing_unit, "legal_basis": sanction.legal_basis, "grounds": sanction.grounds,
        "starts_on": sanction.starts_on.isoformat(),
        "ends_on": sanction.force_until.isoformat() if sanction.force_until else "",
        "in_force_from": sanction.force_from.isoformat() if sanction.force_from else "",
        "decided_on": sanction.decided_on.isoformat() if sanction.decided_on else "",
        "url": public_url(f"/blacklist/{sanction.id}"),
    }


def _sanctions_in_force():
    query = (select(Sanction).where(sanction_status.status_clause(IN_FORCE, clock.today()))
             .order_by(Sanction.id))
    return (_sanction_row(s) for s in _public_sanctions(query))


def sanctions_csv_lines():
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, SANCTION_COLUMNS, lineterminator="\n")

    def take() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writeheader()
    yield take(), False
    for row in _sanctions_in_force():
        writer.writerow(row)
        yield take(), True


def sanctions_jsonl_lines():
    for row in _sanctions_in_force():
        yield _json_line(row), True


def register_builtin() -> None:
    register_export(Export(
        "blacklist-ftm", _l("Sanctions as FollowTheMoney entities"),
        _l("Every decided sanction of every tenant, in force and past, with the sanctioned organisations: "
           "FollowTheMoney Company, PublicBody and Sanction entities, one JSON object a line."),
        "ftm", ftm_blacklist_lines, depends_on_date=True))
    register_export(Export(
        "certificates-ftm", _l("Certificates as FollowTheMoney entities"),
        _l("Every certificate with its holder: FollowTheMoney Document and Documentation entities with the "
           "validity dates and today's status, one JSON object a line."),
        "ftm", ftm_certificate_lines, depends_on_date=True))
    register_export(Export(
        "sanctions-in-force-csv", _l("Sanctions in force (CSV)"),
        _l("The sanctions in force today, one row each, identifiers masked."),
        "csv", sanctions_csv_lines, depends_on_date=True))
    register_export(Export(
        "sanctions-in-force-jsonl", _l("Sanctions in force (JSON Lines)"),
        _l("The same sanctions in force, one JSON object a line."),
        "jsonl", sanctions_jsonl_lines, depends_on_date=True))
