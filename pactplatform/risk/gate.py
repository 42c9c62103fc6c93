"""The risk gate (actions/gates.py): the tenant's risk appetite says, per kind of action, what each band of an
organisation's IRK means when it is about to sign or join: allow, allow once an officer has recorded a
justification, or refuse with the reason shown. When it is only being added as a party, a band that will need
a justification or be refused at signing is said beforehand as a warning.

Risk scores are the tenant's own assessment, not public facts: the outcomes stay off public pages.
Registered when the risk views are imported (create_app does)."""
from flask_babel import lazy_gettext as _l

from ..actions import gates
from . import labels, queries
from .methodology import ALLOW, NEEDS_JUSTIFICATION, REFUSE

NAME = "risk"
LEVELS = {ALLOW: gates.ALLOW, NEEDS_JUSTIFICATION: gates.NEEDS_JUSTIFICATION, REFUSE: gates.REFUSE}


def _basis(score) -> gates.Basis:
    # Keyed by the band, not the score's row: a justification stays valid while the band is the same, and a
    # move to another band asks again.
    return gates.Basis(f"risk_band_{score.band}", score.organisation_id,
                       f"IRK {score.irk} ({labels.BAND_LABELS[score.band]})", endpoint="risk.organisation",
                       url_values=(("organisation_id", score.organisation_id),))


def _reason(score, organisation_name: str, level: str, kind_label):
    facts = {"org": organisation_name, "irk": score.irk, "band": labels.BAND_LABELS[score.band], "kind": kind_label}
    if level == gates.REFUSE:
        return _l("%(org)s cannot sign: its corruption risk index is %(irk)s (%(band)s), beyond the risk appetite "
                  "this tenant set for this kind of action (%(kind)s).", **facts)
    if level == gates.NEEDS_JUSTIFICATION:
        return _l("%(org)s has a corruption risk index of %(irk)s (%(band)s): the risk appetite this tenant set "
                  "for this kind of action (%(kind)s) asks for an officer's justification.", **facts)
    return _l("%(org)s has a corruption risk index of %(irk)s (%(band)s): its signature on this kind of action "
              "(%(kind)s) will need an officer's justification or be refused.", **facts)


def check_many(action, organisation_ids: list[int], purpose: str) -> dict[int, list[gates.Outcome]]:
    version = queries.current_version(action.tenant_id)
    if version is None:
        return {}
    appetite = version.parsed.get("appetite", {}).get(action.kind)
    if not appetite:
        return {}
    found: dict[int, list[gates.Outcome]] = {}
    kind_label = labels.KIND_LABELS.get(action.kind, action.kind)
    for organisation_id, score in queries.latest_scores_of(organisation_ids, action.tenant_id).items():
        level = LEVELS.get(appetite.get(score.band), gates.ALLOW)
        if level == gates.ALLOW:
            continue
        if purpose == gates.ADD_PARTY:
            level = gates.WARN
        found[organisation_id] = [gates.Outcome(level, _reason(score, score.organisation.name, level, kind_label),
                                                basis=_basis(score))]
    return found


def check(action, organisation_id: int, purpose: str) -> list[gates.Outcome]:
    return check_many(action, [organisation_id], purpose).get(organisation_id, [])


gates.register(NAME, check, check_many)
