"""The sanctions eligibility gate wherever it matters (issue 9 §2–§3): adding a party (a warning naming the
sanction, or a refusal where the tenant says so), the sign button, the subcontractor list, joining a
coalition and endorsing an initiative. PT Alpha is blacklisted (SK-001/2026) and it is 1 August 2026."""
from datetime import datetime

import pytest
from sqlalchemy import func, select

from pactplatform.actions import gates, policies
from pactplatform.actions import operations as actions
from pactplatform.actions.models import Party, Signature
from pactplatform.extensions import db
from pactplatform.ledger.models import LedgerEntry
from pactplatform.ledger.records import by_name, content_sha256
from pactplatform.sanctions import operations
from pactplatform.sanctions.models import HonourSetting
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.action_fixtures import TENDER, party_of
from tests.conftest import login, post
from tests.sanctions.helpers import decided

DECREE = "SK-001/2026"


@pytest.fixture
def barred(app, monitored, bureau):
    """PT Alpha under a blacklisting in force; a new draft pact of the same bureau with no bidder yet."""
    sanction = decided(bureau, monitored)
    app.config["CLOCK_NOW"] = datetime(2026, 8, 1, 3, 0)
    draft = factories.action(bureau["tenant"], bureau["officer"], policies.INTEGRITY_PACT, title="Pakta Jembatan",
                             tender={**TENDER, "code": "T-002", "procuring_entity_id": bureau["public_body"].id})
    yield {"sanction": sanction, "draft": draft}
    app.config.pop("CLOCK_NOW")


def parties(action) -> int:
    return db.session.scalar(select(func.count(Party.id)).where(Party.action_id == action.id))


def test_adding_a_blacklisted_bidder_warns_naming_the_sanction(barred, bureau, english_messages):
    with tenant_scope(bureau["tenant"].id):
        party = actions.add_party(barred["draft"], bureau["officer"], bureau["firm_a"].id, policies.BIDDER)
    [warning] = party.admission.warnings
    assert DECREE in str(warning.reason) and "Blacklisting" in str(warning.reason)
    assert warning.basis.type == "sanction" and warning.basis.id == barred["sanction"].id


def test_the_tenant_can_refuse_such_a_party_instead(barred, bureau, english_messages):
    with tenant_scope(bureau["tenant"].id):
        operations.set_honour(bureau["tenant"], bureau["admin"], "none", refuse_barred_parties=True)
        with pytest.raises(actions.Ineligible, match=f"PT Alpha cannot be added: Blacklisting under decree {DECREE}"):
            actions.add_party(barred["draft"], bureau["officer"], bureau["firm_a"].id, policies.BIDDER)
    db.session.rollback()
    assert parties(barred["draft"]) == 1  # the procuring entity only


def test_the_refusal_setting_is_logged_and_older_settings_still_verify(barred, bureau):
    with tenant_scope(bureau["tenant"].id):
        setting = operations.set_honour(bureau["tenant"], bureau["admin"], "none")
        plain = by_name("sanction_honour_setting").content(setting)
        assert "refuse_barred_parties" not in plain  # the content logged before the setting existed
        operations.set_honour(bureau["tenant"], bureau["admin"], "none", refuse_barred_parties=True)
    db.session.commit()
    last = db.session.scalars(select(LedgerEntry).where(LedgerEntry.subject_type == "sanction_honour_setting")
                              .order_by(LedgerEntry.index.desc())).first()
    content = by_name("sanction_honour_setting").content(db.session.scalar(select(HonourSetting)))
    assert content["refuse_barred_parties"] is True and content_sha256(content) in last.entry


def test_the_admin_sets_it_on_the_settings_page(client, barred, bureau):
    login(client, bureau["admin"].email)
    url = "/t/biro/sanctions/settings"
    assert 'name="on_adding"' in client.get(url).get_data(as_text=True)
    response = post(client, url, {"mode": "none", "on_adding": "refuse"}, token_from=url)
    assert response.status_code == 302
    assert db.session.scalar(select(HonourSetting.refuse_barred_parties)) is True
    assert '<option selected value="refuse">' in client.get(url).get_data(as_text=True)


def test_the_officer_sees_the_warning_when_adding_in_the_web(client, barred, bureau):
    login(client, bureau["officer"].email)
    url = f"/t/biro/actions/{barred['draft'].id}"
    page = client.get(url).get_data(as_text=True)
    assert f"PT Alpha ⚠ {DECREE}" in page
    response = post(client, f"{url}/parties", {"organisation_id": bureau["firm_a"].id, "role": "bidder"},
                    token_from=url, follow_redirects=True)
    assert response.status_code == 200 and DECREE in response.get_data(as_text=True)
    assert "flash-warning" in response.get_data(as_text=True)


def test_a_blacklisted_firm_is_no_subcontractor_choice(client, barred, bureau):
    with tenant_scope(bureau["tenant"].id):
        actions.add_party(barred["draft"], bureau["officer"], bureau["firm_b"].id, policies.BIDDER)
    db.session.commit()
    login(client, bureau["signer_b"].email)
    page = client.get(f"/t/biro/actions/{barred['draft'].id}").get_data(as_text=True)
    form = page[page.index('/subcontractors"'):]
    assert "PT Alpha" not in form[:form.index("</select>")]
    with tenant_scope(bureau["tenant"].id):
        # Posted anyway: it is added with the warning (the tenant does not refuse), and it will never sign.
        party = actions.add_subcontractor(barred["draft"], bureau["signer_b"], party_of(barred["draft"], bureau["firm_b"]),
                                          bureau["firm_a"].id)
        assert party.admission.warnings
        assert not gates.evaluate(barred["draft"], bureau["firm_a"].id, gates.SIGN).allowed


def test_the_blacklisted_firm_sees_no_green_sign_button_but_the_reason(client, barred, monitored, bureau):
    login(client, bureau["signer_a"].email)
    party = party_of(monitored, bureau["firm_a"])
    page = client.get(f"/t/biro/actions/{monitored.id}").get_data(as_text=True)
    assert f'href="/t/biro/actions/{monitored.id}/sign/{party.id}"' not in page
    assert f'disabled aria-describedby="eligibility-{party.id}"' in page and DECREE in page
    sign_page = client.get(f"/t/biro/actions/{monitored.id}/sign/{party.id}")
    assert sign_page.status_code == 403 and DECREE in sign_page.get_data(as_text=True)


def test_the_public_page_shows_who_may_not_sign_and_why(client, barred, monitored):
    page = client.get(f"/actions/{monitored.id}").get_data(as_text=True)
    alpha = page[page.index(">PT Alpha</a>"):]
    alpha = alpha[:alpha.index("</li>\n")]
    assert "eligibility-refuse" in alpha and f'href="/blacklist/{barred["sanction"].id}">{DECREE}</a>' in alpha
    beta = page[page.index(">PT Beta</a>"):]
    assert "eligibility-" not in beta[:beta.index("</li>")]


@pytest.fixture
def coalition(barred, bureau):
    created = factories.action(bureau["tenant"], bureau["officer"], policies.CERTIFIED_COALITION, title="Koalisi",
                               sections={"charter": ["Sistem manajemen antikorupsi"]})
    with tenant_scope(bureau["tenant"].id):
        actions.change_status(created, bureau["officer"], "open")
    db.session.commit()
    return created


def test_a_blacklisted_firm_cannot_join_a_certified_coalition(coalition, bureau, english_messages):
    with tenant_scope(bureau["tenant"].id), pytest.raises(actions.Ineligible, match=DECREE):
        actions.join(coalition, bureau["signer_a"], bureau["firm_a"].id, factories.SIGNING_PASSPHRASE)
    db.session.rollback()
    assert parties(coalition) == 0 and db.session.scalar(select(func.count(Signature.id))) == 0


def test_the_join_page_names_the_sanction_and_offers_no_form(client, coalition, bureau):
    login(client, bureau["signer_a"].email)
    url = f"/t/biro/actions/{coalition.id}/join"
    page = client.get(url)
    assert DECREE in page.get_data(as_text=True) and 'name="passphrase"' not in page.get_data(as_text=True)
    response = post(client, url, {"organisation_id": bureau["firm_a"].id,
                                  "passphrase": factories.SIGNING_PASSPHRASE}, token_from=url)
    assert response.status_code == 403 and parties(coalition) == 0
    action_page = client.get(f"/t/biro/actions/{coalition.id}").get_data(as_text=True)
    assert 'disabled aria-describedby="join-eligibility"' in action_page


def test_endorsing_an_initiative_is_allowed_with_the_sanction_named(barred, bureau, english_messages):
    initiative = factories.action(bureau["tenant"], bureau["officer"], policies.PRINCIPLE_INITIATIVE, title="Kode",
                                  sections={"principles": ["Tidak menyuap"]})
    with tenant_scope(bureau["tenant"].id):
        actions.change_status(initiative, bureau["officer"], "open")
        decision = gates.evaluate(initiative, bureau["firm_a"].id, gates.JOIN)
        assert decision.level == gates.WARN and DECREE in str(decision.warnings[0].reason)
        assert actions.join(initiative, bureau["signer_a"], bureau["firm_a"].id, factories.SIGNING_PASSPHRASE)
