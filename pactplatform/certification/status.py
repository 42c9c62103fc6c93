"""A certificate's status, computed at read time from its dates, its own decrees and the sanctions in
force against its holder (CERTIFICATION.md, "States and rules"), the way sanction status is:

- withdrawn: a withdrawal decree takes effect;
- expired: from the expiry date on (nothing has to run for it);
- suspended: while a suspension decree is open (not lifted, its end date not reached), or while a
  debarment or blacklisting of the holder is in force that the certificate's tenant issued or honours
  (sanctions/queries.barring_sanctions_of, the same question the signing gate asks);
- active otherwise.

`status_of` answers one certificate with the reason; `statuses` answers many with one sanctions query
per tenant.
"""
from dataclasses import dataclass
from datetime import date

from ..sanctions import queries as sanction_queries
from .models import ACTIVE, EXPIRED, LIFT, SUSPEND, SUSPENDED, WITHDRAW, WITHDRAWN, Certificate, CertificateDecree


@dataclass(frozen=True)
class Status:
    code: str
    decree: CertificateDecree | None = None  # the withdrawal or the open suspension
    sanction: object | None = None  # the sanction in force that suspends it

    @property
    def active(self) -> bool:
        return self.code == ACTIVE


def open_suspension(certificate: Certificate, today: date) -> CertificateDecree | None:
    current = None
    for decree in certificate.decrees:
        if decree.effective_on > today:
            continue
        if decree.kind == SUSPEND:
            current = decree
        elif decree.kind == LIFT:
            current = None
    if current is not None and current.until is not None and today >= current.until:
        return None
    return current


def _status(certificate: Certificate, today: date, sanctions: list) -> Status:
    withdrawal = next((d for d in certificate.decrees if d.kind == WITHDRAW and d.effective_on <= today), None)
    if withdrawal is not None:
        return Status(WITHDRAWN, decree=withdrawal)
    if today >= certificate.expires_on:
        return Status(EXPIRED)
    suspension = open_suspension(certificate, today)
    if suspension is not None:
        return Status(SUSPENDED, decree=suspension)
    if sanctions:
        return Status(SUSPENDED, sanction=sanctions[0])
    return Status(ACTIVE)


def statuses(certificates: list[Certificate], today: date) -> dict[int, Status]:
    by_tenant: dict[int, set[int]] = {}
    for certificate in certificates:
        by_tenant.setdefault(certificate.tenant_id, set()).add(certificate.organisation_id)
    barred = {tenant_id: sanction_queries.barring_sanctions_of(sorted(ids), tenant_id, today)
              for tenant_id, ids in by_tenant.items()}
    return {c.id: _status(c, today, barred[c.tenant_id].get(c.organisation_id, [])) for c in certificates}


def status_of(certificate: Certificate, today: date) -> Status:
    return statuses([certificate], today)[certificate.id]
