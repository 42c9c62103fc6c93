"""The public record as FollowTheMoney entities (the data model OpenSanctions and Aleph ingest).

- An organisation is a `Company` (a firm) or a `PublicBody` (both FtM `Organization`s), with its NIB as
  `registrationNumber` and its NPWP as `taxNumber`, masked as on every public page (DESIGN.md §1), and
  country `id`.
- A decided sanction is a `Sanction` whose `entity` is the organisation: authority (tenant and issuing
  unit), program (the sanction's kind), start and end date, reason (the grounds), the decree number as
  `authorityId`, the effective status on the day of the file, and its public page as `sourceUrl`.
- A certificate is not a sanction and not a property of the company (a firm holds several, each with
  its own dates and status): FtM models an issued paper about an entity as a `Document` (number, issuer,
  date, the signed PDF's hash) linked to the entity by a `Documentation` edge, which carries the role
  (certified, with the level), the validity interval and the status.

Ids are stable (`pactplatform-<kind>-<id>` from the database ids), so a consumer can diff two files.
Entities are built with the followthemoney library itself, which cleans every value to its type.
"""
from followthemoney import model

from ..documents.links import public_url
from ..orgs import identifiers
from ..orgs.models import FIRM

DATASET = "pactplatform"
COUNTRY = "id"


def entity_id(kind: str, record_id: int) -> str:
    return f"{DATASET}-{kind}-{record_id}"


def _make(schema: str, id_: str, **properties):
    proxy = model.make_entity(schema)
    proxy.id = id_
    for name, value in properties.items():
        if value not in (None, "", []):
            proxy.add(name, value)
    return proxy


def organisation(org, topics: tuple[str, ...] = ()):
    return _make(
        "Company" if org.kind == FIRM else "PublicBody", entity_id("org", org.id),
        name=org.name, registrationNumber=identifiers.mask(org.nib) or None,
        taxNumber=identifiers.masked_npwp(org.npwp) or None, country=COUNTRY, jurisdiction=COUNTRY,
        sector=org.sector or None, address=org.address or None, sourceUrl=public_url(f"/orgs/{org.id}"),
        topics=list(topics) or None,
    )


def sanction(record, status: str, kind_label: str):
    until = record.force_until
    return _make(
        "Sanction", entity_id("sanction", record.id),
        entity=entity_id("org", record.organisation_id),
        authority=f"{record.tenant.name} — {record.issuing_unit}" if record.issuing_unit else record.tenant.name,
        authorityId=record.decree_number, program=f"PactPlatform: {kind_label}", programId=record.kind,
        provisions=kind_label, reason=record.grounds, startDate=record.starts_on.isoformat(),
        endDate=until.isoformat() if until else None,
        listingDate=record.decided_on.isoformat() if record.decided_on else None, status=status,
        country=COUNTRY, sourceUrl=public_url(f"/blacklist/{record.id}"),
    )


def certificate_document(certificate, level_label: str):
    return _make(
        "Document", entity_id("certificate", certificate.id),
        title=f"{certificate.number} — {certificate.scheme.name} ({level_label})",
        fileName=f"{certificate.number}.pdf", mimeType="application/pdf", publisher=certificate.tenant.name,
        date=certificate.issued_on.isoformat(), contentHash=certificate.pdf_sha256,
        summary=certificate.scope or None,
        sourceUrl=public_url(f"/verify/certificates/{certificate.number}?tenant={certificate.tenant.slug}"),
    )


def certificate_documentation(certificate, level_label: str, status: str):
    return _make(
        "Documentation", entity_id("certificate", certificate.id) + "-holder",
        entity=entity_id("org", certificate.organisation_id), document=entity_id("certificate", certificate.id),
        role=f"certified: {level_label}", startDate=certificate.issued_on.isoformat(),
        endDate=certificate.expires_on.isoformat(), status=status, publisher=certificate.tenant.name,
        sourceUrl=public_url(f"/verify/certificates/{certificate.number}?tenant={certificate.tenant.slug}"),
    )
