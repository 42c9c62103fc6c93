"""Reads of certification: the tenant's own (scoped; what each member may see), and the public registry
across tenants (explicit opt-out; certificates only — applications stay internal)."""
from datetime import date

from sqlalchemy import false, or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..monitoring import access as monitoring_access
from ..orgs.models import Organisation
from ..tenancy import queries as tenancy_queries
from ..tenancy import roles as tenant_roles
from ..tenancy.models import Tenant
from ..web import keyset
from . import status as certificate_status
from .models import (
    ACTIVE, EXPIRED, SUSPENDED, WITHDRAW, WITHDRAWN, Application, AuditorAssignment, BenefitSetting, Certificate,
    CertificateDecree, EvidenceLink, Scheme, SchemeVersion,
)

PUBLIC = {"all_tenants": True}
# What a row of the registry or the API shows, loaded with the page: the queries do not grow with its size.
_CERTIFICATE_LOADS = (selectinload(Certificate.decrees), selectinload(Certificate.organisation),
                      selectinload(Certificate.tenant), selectinload(Certificate.scheme),
                      selectinload(Certificate.scheme_version), selectinload(Certificate.decided_by),
                      selectinload(Certificate.renews),
                      selectinload(Certificate.application).selectinload(Application.answers),
                      selectinload(Certificate.application).selectinload(Application.auditors)
                      .selectinload(AuditorAssignment.user))


def schemes() -> list[Scheme]:
    return list(db.session.scalars(select(Scheme).order_by(Scheme.id).options(selectinload(Scheme.versions))))


def scheme(scheme_id: int) -> Scheme | None:
    return db.session.scalar(select(Scheme).where(Scheme.id == scheme_id))


def published_schemes() -> list[Scheme]:
    return [s for s in schemes() if s.published is not None]


def _visible_clause(user):
    """Admins see every application; an auditor those assigned; a representative their organisations'."""
    roles = set(tenancy_queries.roles_of(user.id))
    if tenant_roles.ADMIN in roles:
        return None
    clauses = []
    if tenant_roles.AUDITOR in roles:
        clauses.append(Application.id.in_(select(AuditorAssignment.application_id)
                                          .where(AuditorAssignment.user_id == user.id)))
    if tenant_roles.REPRESENTATIVE in roles:
        organisations = monitoring_access.represented_ids(user.id)
        if organisations:
            clauses.append(Application.organisation_id.in_(organisations))
    return or_(*clauses) if clauses else false()


def visible_applications(user) -> list[Application]:
    query = select(Application).order_by(Application.id.desc()).options(
        selectinload(Application.organisation), selectinload(Application.scheme_version))
    clause = _visible_clause(user)
    if clause is not None:
        query = query.where(clause)
    return list(db.session.scalars(query))


def visible_application(user, application_id: int) -> Application | None:
    query = select(Application).where(Application.id == application_id)
    clause = _visible_clause(user)
    if clause is not None:
        query = query.where(clause)
    return db.session.scalar(query)


def evidence_of(application: Application, link_id: int) -> EvidenceLink | None:
    return db.session.scalar(select(EvidenceLink).where(EvidenceLink.id == link_id,
                                                        EvidenceLink.application_id == application.id))


def auditors() -> list:
    """The tenant's members with the auditor role."""
    return [user for user, roles in tenancy_queries.members() if tenant_roles.AUDITOR in roles]


def tenant_certificates() -> list[Certificate]:
    return list(db.session.scalars(select(Certificate).order_by(Certificate.id.desc()).options(*_CERTIFICATE_LOADS)))


def benefit_setting() -> BenefitSetting | None:
    return db.session.scalar(select(BenefitSetting))


def benefit_setting_of(tenant_id: int) -> BenefitSetting | None:
    return db.session.scalar(select(BenefitSetting).where(BenefitSetting.tenant_id == tenant_id)
                             .execution_options(**PUBLIC))


# --- public ---------------------------------------------------------------------------------------------

def public_certificate(number: str, tenant_slug: str | None = None) -> Certificate | None:
    """A certificate by its number. Numbers are unique per tenant; when two tenants share one, the
    oldest answers unless the tenant is named."""
    query = select(Certificate).where(Certificate.number == number).options(*_CERTIFICATE_LOADS)
    if tenant_slug:
        query = query.join(Tenant, Tenant.id == Certificate.tenant_id).where(Tenant.slug == tenant_slug)
    return db.session.scalar(query.order_by(Certificate.id).limit(1).execution_options(**PUBLIC))


def _public_query(today: date, status: str | None, scheme_id: int | None, level: str | None, tenant: str | None,
                  sector: str | None, region: str | None, organisation_id: int | None,
                  organisation_ids: list[int] | None):
    """The registry's filter in SQL, status included as far as stored columns answer it: a withdrawal in effect
    and the expiry date are columns; a suspension (decrees in order, sanctions in force) is computed per row."""
    query = select(Certificate).join(Organisation, Organisation.id == Certificate.organisation_id)
    if organisation_ids is not None:
        query = query.where(Certificate.organisation_id.in_(organisation_ids))
    if scheme_id is not None:
        query = query.where(Certificate.scheme_id == scheme_id)
    if level:
        query = query.where(Certificate.level == level)
    if tenant:
        query = query.join(Tenant, Tenant.id == Certificate.tenant_id).where(Tenant.slug == tenant)
    if sector:
        query = query.where(Organisation.sector == sector)
    if region:
        query = query.where(Certificate.region == region)
    if organisation_id is not None:
        query = query.where(Certificate.organisation_id == organisation_id)
    withdrawn = select(CertificateDecree.id).where(
        CertificateDecree.certificate_id == Certificate.id, CertificateDecree.kind == WITHDRAW,
        CertificateDecree.effective_on <= today).exists()
    if status == WITHDRAWN:
        query = query.where(withdrawn)
    elif status == EXPIRED:
        query = query.where(Certificate.expires_on <= today, ~withdrawn)
    elif status in (ACTIVE, SUSPENDED):
        query = query.where(Certificate.expires_on > today, ~withdrawn)
    return query.execution_options(**PUBLIC)


PUBLIC_NEWEST = keyset.Sort((Certificate.issued_on, Certificate.id), descending=True)
_KEY_TYPES = (date.fromisoformat, int)
# What a register row and a download row show: no audit answers, no signatures.
_ROW_LOADS = (selectinload(Certificate.decrees), selectinload(Certificate.organisation),
              selectinload(Certificate.tenant), selectinload(Certificate.scheme),
              selectinload(Certificate.scheme_version))
# A status the columns cannot answer (suspended or not) is filtered after reading: a page reads at most this many
# batches, then ends early with a cursor where it stopped, so a rare status never makes one request scan the table.
_MAX_BATCHES = 5


def _key(certificate: Certificate) -> list:
    return [certificate.issued_on.isoformat(), certificate.id]


def public_certificates_page(today: date, status: str | None = None, after: str | None = None, per_page: int = 20,
                             scheme_id: int | None = None, level: str | None = None, tenant: str | None = None,
                             sector: str | None = None, region: str | None = None,
                             organisation_ids: list[int] | None = None, organisation_id: int | None = None,
                             full: bool = False,
                             ) -> tuple[list[tuple[Certificate, certificate_status.Status]], str | None]:
    """The public register, newest first, by keyset, with each row's status computed for that row only
    (raises keyset.BadCursor for a foreign cursor). full: load what the API shows of each (audit, auditors)."""
    query = _public_query(today, status, scheme_id, level, tenant, sector, region, organisation_id,
                          organisation_ids).options(*(_CERTIFICATE_LOADS if full else _ROW_LOADS))
    found: list = []
    for _ in range(_MAX_BATCHES):
        batch, after = keyset.page(db.session, query, PUBLIC_NEWEST, _key, after, _KEY_TYPES, per_page)
        computed = certificate_status.statuses(batch, today)
        for position, certificate in enumerate(batch):
            if status is None or computed[certificate.id].code == status:
                found.append((certificate, computed[certificate.id]))
                if len(found) == per_page:
                    more = after is not None or position < len(batch) - 1
                    return found, keyset.encode(_key(certificate)) if more else None
        if after is None:
            return found, None
    return found, after


def all_public_certificates(today: date, status: str | None = None, batch: int = 500, **filters):
    """Every certificate of the filter with its status, newest first, a keyset batch at a time (downloads)."""
    after = None
    while True:
        rows, after = public_certificates_page(today, status, after, batch, **filters)
        yield from rows
        if after is None:
            return


def registry_choices() -> dict:
    """What the registry's filters offer: schemes (with their levels), tenants, sectors, regions."""
    rows = db.session.execute(
        select(Scheme, Tenant).join(Tenant, Tenant.id == Scheme.tenant_id)
        .where(Scheme.id.in_(select(Certificate.scheme_id))).order_by(Tenant.name, Scheme.name)
        .execution_options(**PUBLIC)).all()
    sectors = db.session.scalars(select(Organisation.sector).distinct().where(
        Organisation.id.in_(select(Certificate.organisation_id).execution_options(**PUBLIC)),
        Organisation.sector != "").order_by(Organisation.sector).execution_options(**PUBLIC)).all()
    regions = db.session.scalars(select(Certificate.region).distinct().where(Certificate.region != "")
                                 .order_by(Certificate.region).execution_options(**PUBLIC)).all()
    return {"schemes": [(scheme, tenant) for scheme, tenant in rows], "sectors": list(sectors),
            "regions": list(regions),
            "tenants": sorted({tenant for _, tenant in rows}, key=lambda t: t.name)}


def organisation_certificates(organisation) -> list[Certificate]:
    return list(db.session.scalars(
        select(Certificate).where(Certificate.organisation_id == organisation.id)
        .order_by(Certificate.issued_on.desc(), Certificate.id.desc()).options(*_CERTIFICATE_LOADS)
        .execution_options(**PUBLIC)))


def public_version(version_id: int) -> SchemeVersion | None:
    return db.session.scalar(select(SchemeVersion).where(SchemeVersion.id == version_id).execution_options(**PUBLIC))


def valid_certificates_of(organisation_ids: list[int], tenant_id: int, today: date) -> dict[int, list]:
    """Active certificates of the tenant's schemes held by these organisations: id -> [(certificate, status)]."""
    if not organisation_ids:
        return {}
    rows = list(db.session.scalars(select(Certificate).where(
        Certificate.organisation_id.in_(organisation_ids), Certificate.tenant_id == tenant_id,
        Certificate.issued_on <= today, Certificate.expires_on > today).options(*_CERTIFICATE_LOADS)
        .execution_options(**PUBLIC)))
    found = certificate_status.statuses(rows, today)
    held: dict[int, list] = {}
    for certificate in rows:
        if found[certificate.id].active:
            held.setdefault(certificate.organisation_id, []).append(certificate)
    return held


def organisation_ids_certificates(organisation_ids: list[int], scheme_id: int) -> list[Certificate]:
    if not organisation_ids:
        return []
    return list(db.session.scalars(select(Certificate).where(
        Certificate.organisation_id.in_(organisation_ids), Certificate.scheme_id == scheme_id)
        .order_by(Certificate.id.desc())))


def public_pdf(certificate_id: int) -> bytes | None:
    """The stored PDF (a deferred column: read on its own, as a deliberate cross-tenant read)."""
    return db.session.scalar(select(Certificate.pdf).where(Certificate.id == certificate_id)
                             .execution_options(**PUBLIC))
