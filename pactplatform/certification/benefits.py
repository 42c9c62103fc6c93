"""What a valid certificate is worth where decisions are made: the tenant's benefits setting
(BenefitSetting: per scheme, from a level up, which benefits), applied through the eligibility gate
registry (actions/gates.py) like the sanctions gate.

- `waive_justification`: a WAIVE outcome that lifts the officer's justification another gate (a risk
  band, say) would otherwise require before the holder signs or joins;
- `badge`: the same outcome, lifting nothing (it waives only this gate), so the party list and the sign
  and join pages show the certificate beside the organisation.

The reason names the certificate: "certified CAC/2026/000123, valid until 10 March 2029". Certificates
are public, so the outcome may be shown on public pages. Registered when the certification views are
imported (create_app does)."""
from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from ..actions import gates
from ..monitoring import clock
from . import queries

NAME = "certificate_benefits"


def _qualifies(certificate, minimum: str) -> bool:
    """Levels are listed from the highest down: the certificate's level counts if it is `minimum` or above."""
    levels = [level["code"] for level in certificate.scheme_version.definition["levels"]]
    return certificate.level in levels and minimum in levels and levels.index(certificate.level) <= levels.index(minimum)


def _outcome(certificate, benefits: set[str]) -> gates.Outcome:
    reason = _l("certified %(number)s, valid until %(end)s", number=certificate.number,
                end=format_date(certificate.expires_on, "long"))
    basis = gates.Basis("certificate", certificate.id, certificate.number, endpoint="public_certificates.verify",
                        url_values=(("number", certificate.number),))
    waives = frozenset() if "waive_justification" in benefits else frozenset({NAME})
    return gates.Outcome(gates.WAIVE, reason, basis=basis, public=True, waives=waives)


def check_many(action, organisation_ids: list[int], purpose: str) -> dict[int, list[gates.Outcome]]:
    setting = queries.benefit_setting_of(action.tenant_id)
    rules = setting.rules if setting is not None else []
    if not rules:
        return {}
    held = queries.valid_certificates_of(organisation_ids, action.tenant_id, clock.today())
    found: dict[int, list[gates.Outcome]] = {}
    for organisation_id, certificates in held.items():
        for certificate in certificates:
            benefits = {b for rule in rules if rule["scheme_id"] == certificate.scheme_id
                        and _qualifies(certificate, rule["min_level"]) for b in rule["benefits"]}
            if benefits:
                found.setdefault(organisation_id, []).append(_outcome(certificate, benefits))
    return found


def check(action, organisation_id: int, purpose: str) -> list[gates.Outcome]:
    return check_many(action, [organisation_id], purpose).get(organisation_id, [])


gates.register(NAME, check, check_many)
