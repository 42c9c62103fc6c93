from sqlalchemy import select

from pactplatform.actions import operations
from pactplatform.actions.models import Signature
from pactplatform.extensions import db
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.action_fixtures import party_of
from tests.conftest import login, post


def sign_url(pact, party):
    return f"/t/biro/actions/{pact.id}/sign/{party.id}"


def test_a_representative_signs_in_the_web_and_lands_on_the_verification(client, pact, bureau):
    party = party_of(pact, bureau["firm_a"])
    login(client, bureau["signer_a"].email)
    page = client.get(sign_url(pact, party)).get_data(as_text=True)
    assert pact.current_version.sha256 in page
    response = post(client, sign_url(pact, party), {"passphrase": factories.SIGNING_PASSPHRASE}, token_from=sign_url(pact, party))
    assert response.status_code == 302 and response.headers["Location"].startswith("/verify/signatures/")
    assert "Direktur Alpha" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_wrong_passphrase_is_explained_signs_nothing_and_is_rate_limited(client, pact, bureau):
    party = party_of(pact, bureau["firm_a"])
    login(client, bureau["signer_a"].email)
    statuses = []
    for _ in range(6):
        response = post(client, sign_url(pact, party), {"passphrase": "wrong passphrase"}, token_from=sign_url(pact, party))
        statuses.append(response.status_code)
    assert statuses[:5] == [401] * 5 and statuses[5] == 429
    assert "Frasa sandi" in response.get_data(as_text=True) or "percobaan" in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count(Signature.id))) == 0


def test_someone_who_does_not_represent_the_party_is_refused_with_the_reason(client, pact, bureau):
    party = party_of(pact, bureau["firm_a"])
    login(client, bureau["signer_b"].email)
    response = post(client, sign_url(pact, party), {"passphrase": factories.SIGNING_PASSPHRASE}, token_from="/")
    assert response.status_code == 403
    assert "PT Alpha" in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count(Signature.id))) == 0


def test_a_draft_has_no_public_page_and_an_open_action_does(client, pact, bureau):
    draft = factories.action(bureau["tenant"], bureau["officer"], "declaration", title="Rahasia")
    assert client.get(f"/actions/{draft.id}").status_code == 404
    page = client.get(f"/actions/{pact.id}").get_data(as_text=True)
    assert "Pakta Jalan Desa" in page and "PT Alpha" in page and "Pemantau" in page


def test_the_public_page_shows_who_signed_which_version_and_the_diff(client, pact, bureau):
    with tenant_scope(bureau["tenant"].id):
        operations.sign(pact, bureau["signer_a"], party_of(pact, bureau["firm_a"]), factories.SIGNING_PASSPHRASE)
        operations.revise_document(pact, bureau["officer"], pact.current_version.body + "\nKewajiban baru.\n")
        operations.sign(pact, bureau["signer_b"], party_of(pact, bureau["firm_b"]), factories.SIGNING_PASSPHRASE)
    db.session.commit()
    page = client.get(f"/actions/{pact.id}").get_data(as_text=True)
    assert "versi sebelumnya" in page  # PT Alpha signed version 1, an earlier one
    diff = client.get(f"/actions/{pact.id}/versions/2").get_data(as_text=True)
    assert 'class="diff-added"' in diff and "Kewajiban baru." in diff


def test_markdown_in_the_document_cannot_carry_scripts(client, pact, bureau):
    with tenant_scope(bureau["tenant"].id):
        operations.revise_document(pact, bureau["officer"], "# Judul\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n")
    db.session.commit()
    page = client.get(f"/actions/{pact.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert 'href="javascript:' not in page


def test_the_organisation_page_lists_what_it_signed(client, pact, bureau):
    with tenant_scope(bureau["tenant"].id):
        operations.sign(pact, bureau["signer_a"], party_of(pact, bureau["firm_a"]), factories.SIGNING_PASSPHRASE)
    db.session.commit()
    page = client.get(f"/orgs/{bureau['firm_a'].id}").get_data(as_text=True)
    assert "Pakta Jalan Desa" in page
    assert "Pakta Jalan Desa" not in client.get(f"/orgs/{bureau['firm_b'].id}").get_data(as_text=True)


def test_an_officer_creates_a_pact_in_the_web_with_rupiah_amounts(client, bureau):
    login(client, bureau["officer"].email)
    url = "/t/biro/actions/new?kind=integrity_pact"
    response = post(client, url, {
        "title": "Pakta Gedung Sekolah", "tender_code": "T-9", "tender_title": "Gedung Sekolah",
        "tender_procuring_entity_id": bureau["public_body"].id, "tender_budget_ceiling": "Rp 2.500.000.000",
        "tender_owner_estimate": "2.400.000.000", "tender_year": "2026", "tender_stage": "planning",
        "section_obligations_bidder": "Tidak menyuap\nTidak bersekongkol",
    }, token_from=url)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Rp 2.500.000.000" in page and "Tidak bersekongkol" in page
    bad = post(client, url, {"title": "X", "tender_budget_ceiling": "2,5 milyar"}, token_from=url)
    assert bad.status_code == 422


def test_a_signing_key_is_set_up_once_with_a_passphrase(client, app_ctx):
    person = factories.user()
    login(client, person.email)
    assert post(client, "/account/signing-key", {"passphrase": "short", "confirm": "short"}).status_code == 422
    response = post(client, "/account/signing-key", {"passphrase": "long enough phrase", "confirm": "long enough phrase"})
    assert response.status_code == 302
    from pactplatform.signing.models import SigningKey

    key = db.session.scalar(select(SigningKey))
    assert b"long enough phrase" not in key.encrypted_private_key


def test_a_monitor_sees_only_the_pacts_assigned_to_them(client, pact, bureau):
    other = factories.action(bureau["tenant"], bureau["officer"], "integrity_pact", title="Pakta lain",
                             tender={"code": "T-2", "title": "Lain", "procuring_entity_id": bureau["public_body"].id,
                                     "budget_ceiling": 10, "owner_estimate": 9, "year": 2026})
    outsider = factories.user(name="Pemantau Lain")
    factories.member(bureau["tenant"], outsider, "monitor")
    login(client, bureau["monitor"].email)
    assert client.get(f"/t/biro/actions/{pact.id}").status_code == 200
    assert client.get(f"/t/biro/actions/{other.id}").status_code == 404
    assert "Pakta lain" not in client.get("/t/biro/actions/").get_data(as_text=True)
    login(client, outsider.email)
    assert client.get(f"/t/biro/actions/{pact.id}").status_code == 404


def test_a_representative_sees_published_actions_and_drafts_of_its_own(client, pact, bureau):
    draft = factories.action(bureau["tenant"], bureau["officer"], "declaration", title="Draf rahasia")
    login(client, bureau["signer_a"].email)
    assert client.get(f"/t/biro/actions/{pact.id}").status_code == 200
    assert client.get(f"/t/biro/actions/{draft.id}").status_code == 404
