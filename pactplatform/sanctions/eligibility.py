"""The signing gate: an organisation under a debarment or blacklisting in force cannot sign an integrity
pact of the issuing tenant, nor of a tenant that honours the issuer's sanctions. The refusal names the
sanction. Registered with actions.gates when the sanctions domain is imported (its views do)."""
from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from ..actions import gates
from ..monitoring import clock
from . import queries


def refusal(action, organisation_id: int):
    if not action.policy.sanctions_allowed:
        return None
    barring = queries.barring_sanctions(organisation_id, action.tenant_id, clock.today())
    if not barring:
        return None
    sanction = barring[0]
    return _l(
        "%(org)s cannot sign: %(kind)s under decree %(decree)s issued by %(tenant)s is in force until %(end)s.",
        org=sanction.organisation.name, kind=sanction.kind_label, decree=sanction.decree_number,
        tenant=sanction.tenant.name, end=format_date(sanction.force_until, "long"),
    )


gates.register(refusal)
