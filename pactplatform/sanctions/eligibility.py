"""The sanctions eligibility gate (actions/gates.py): a debarment or blacklisting in force against an
organisation, issued by the tenant or by a tenant whose sanctions it honours, is named wherever the
organisation is about to take part in the tenant's actions:

- adding it as a party: a warning, or a refusal when the tenant's setting says so
  (HonourSetting.refuse_barred_parties);
- signing or joining: what the kind's policy says (`sanction_bar`): refused for integrity pacts and
  certified coalitions, a warning on the softer kinds.

Sanctions in force are public (the blacklist), so the outcomes may be shown on public pages.
Registered when the sanctions domain is imported (its views do)."""
from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from ..actions import gates
from ..monitoring import clock
from . import queries

NAME = "sanctions"


def _basis(sanction) -> gates.Basis:
    return gates.Basis("sanction", sanction.id, sanction.decree_number, endpoint="blacklist.show",
                       url_values=(("sanction_id", sanction.id),))


def _reason(sanction, level: str, purpose: str):
    facts = {"org": sanction.organisation.name, "kind": sanction.kind_label, "decree": sanction.decree_number,
             "tenant": sanction.tenant.name, "end": format_date(sanction.force_until, "long")}
    if level == gates.REFUSE and purpose == gates.ADD_PARTY:
        return _l("%(org)s cannot be added: %(kind)s under decree %(decree)s issued by %(tenant)s is in force until "
                  "%(end)s, and this tenant does not admit parties under such a sanction.", **facts)
    if level == gates.REFUSE:
        return _l("%(org)s cannot sign: %(kind)s under decree %(decree)s issued by %(tenant)s is in force until "
                  "%(end)s.", **facts)
    return _l("%(org)s is under %(kind)s: decree %(decree)s issued by %(tenant)s, in force until %(end)s.", **facts)


def check_many(action, organisation_ids: list[int], purpose: str) -> dict[int, list[gates.Outcome]]:
    setting = queries.honour_setting_of(action.tenant_id)
    barring = queries.barring_sanctions_of(organisation_ids, action.tenant_id, clock.today(), setting)
    if purpose == gates.ADD_PARTY:
        level = gates.REFUSE if setting is not None and setting.refuse_barred_parties else gates.WARN
    else:
        level = action.policy.sanction_bar
    return {
        organisation_id: [gates.Outcome(level, _reason(sanctions[0], level, purpose), basis=_basis(sanctions[0]),
                                        public=True)]
        for organisation_id, sanctions in barring.items()
    }


def check(action, organisation_id: int, purpose: str) -> list[gates.Outcome]:
    return check_many(action, [organisation_id], purpose).get(organisation_id, [])


gates.register(NAME, check, check_many)
