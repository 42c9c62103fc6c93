"""What a certificate is worth: the tenant's benefits setting, applied through the eligibility gate registry
(actions/gates.py) with the certificate named in the reason."""
import pytest
from sqlalchemy import select

from pactplatform.actions import gates
from pactplatform.certification import operations
from pactplatform.certification.models import Certificate
from pactplatform.errors import OperationError
from pactplatform.extensions import db
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.certification.conftest import make_body, progressed


@pytest.fixture
def certified(pact, bureau, gate):
    """PT Alpha, a bidder of the bureau's pact, holds CAC/2026/000001; a risk gate asks for a justification
    (a throwaway one: the real risk gate is put back afterwards)."""
    body = make_body(bureau["tenant"], bureau["admin"], bureau["firm_a"], bureau["signer_a"])
    progressed(body, "granted")
    high = [gates.Outcome(gates.NEEDS_JUSTIFICATION, "risk band high", basis=gates.Basis("risk_score", 7, "IRK"))]
    gate("risk", {bureau["firm_a"].id: high, bureau["firm_b"].id: high})
    return body


def _benefit(body, *benefits, level="certified"):
    with tenant_scope(body["tenant"].id):
        operations.set_benefits(body["tenant"], body["admin"], [
            {"scheme_id": body["coalition"].id, "min_level": level, "benefits": list(benefits)}])
    db.session.commit()


def _decision(pact, bureau):
    with tenant_scope(bureau["tenant"].id):
        return gates.evaluate(pact, bureau["firm_a"].id, gates.SIGN)


def test_without_a_setting_a_certificate_changes_nothing(certified, pact, bureau, english_messages):
    assert _decision(pact, bureau).level == gates.NEEDS_JUSTIFICATION


def test_a_valid_certificate_waives_the_justification_with_its_reason(certified, pact, bureau, english_messages):
    _benefit(certified, "waive_justification")
    decision = _decision(pact, bureau)
    assert decision.level == gates.ALLOW and decision.allowed
    waiver = decision.waiver_for(decision.requirements[0])
    assert str(waiver.reason) == "certified CAC/2026/000001, valid until March 10, 2029"
    assert waiver.public and waiver.basis.label == "CAC/2026/000001"
    # Another tenant's sanction-free firm without a certificate still needs it.
    with tenant_scope(bureau["tenant"].id):
        assert gates.evaluate(pact, bureau["firm_b"].id, gates.SIGN).level == gates.NEEDS_JUSTIFICATION


def test_a_higher_minimum_level_or_a_suspension_gives_nothing(certified, pact, bureau, english_messages):
    _benefit(certified, "waive_justification", level="certified_advanced")
    assert _decision(pact, bureau).level == gates.NEEDS_JUSTIFICATION
    _benefit(certified, "waive_justification")
    certificate = db.session.scalar(select(Certificate))
    with tenant_scope(bureau["tenant"].id):
        operations.decree(bureau["tenant"], bureau["admin"], certificate, "suspend", "Audit ulang.",
                          factories.SIGNING_PASSPHRASE)
    db.session.commit()
    assert _decision(pact, bureau).level == gates.NEEDS_JUSTIFICATION


def test_a_badge_lifts_nothing_but_is_shown(certified, pact, bureau, english_messages):
    _benefit(certified, "badge")
    decision = _decision(pact, bureau)
    assert decision.level == gates.NEEDS_JUSTIFICATION
    assert [str(w.reason) for w in decision.unused_waivers] == ["certified CAC/2026/000001, valid until March 10, 2029"]


def test_bad_benefit_settings_are_refused(certified, bureau, english_messages):
    with tenant_scope(bureau["tenant"].id), pytest.raises(OperationError, match="level of the scheme"):
        operations.set_benefits(bureau["tenant"], bureau["admin"], [
            {"scheme_id": certified["coalition"].id, "min_level": "gold", "benefits": ["badge"]}])
