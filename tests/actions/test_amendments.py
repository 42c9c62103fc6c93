"""What a signed action shows (issue 9 §8 and §4): the version in force, never an unsigned edit; a change
to an active pact is an amendment, pending beside what is in force until re-signed; a withdrawn
endorsement neither shows as signed nor counts."""
import io

import pytest

from pactplatform.actions import operations, queries
from pactplatform.errors import Conflict
from pactplatform.extensions import db
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.action_fixtures import party_of

SIGNERS = (("public_body", "signer_pb"), ("firm_a", "signer_a"), ("firm_b", "signer_b"))


def _sign(bureau, action, organisation, person):
    operations.sign(action, bureau[person], party_of(action, bureau[organisation]), factories.SIGNING_PASSPHRASE)


@pytest.fixture
def active(pact, bureau):
    """The pact signed by its three parties and active."""
    with tenant_scope(bureau["tenant"].id):
        for organisation, person in SIGNERS:
            _sign(bureau, pact, organisation, person)
        operations.change_status(pact, bureau["officer"], "active")
    db.session.commit()
    return pact


@pytest.fixture
def amended(active, bureau):
    """An amendment saved on the active pact, signed by one party of three."""
    with tenant_scope(bureau["tenant"].id):
        operations.revise_document(active, bureau["officer"], active.current_version.body + "\nHPS diubah.\n",
                                   "Perubahan HPS")
        _sign(bureau, active, "firm_a", "signer_a")
    db.session.commit()
    return active


def _pdf_signatures(data: bytes) -> list[str]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return [s.field_name for s in PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures]


def test_an_edit_of_an_active_pact_is_a_pending_amendment_and_never_replaces_what_is_in_force(amended):
    assert queries.version_in_force(amended).number == 1
    assert queries.pending_amendment(amended).number == 2
    assert queries.published_version(amended).number == 1
    assert amended.status == "active"


def test_the_public_pdf_keeps_serving_the_signed_version(client, amended):
    response = client.get(f"/api/v1/actions/{amended.id}/document.pdf")
    assert response.status_code == 200
    assert len(_pdf_signatures(response.data)) == 3  # not the amendment with its single signature


def test_the_public_page_shows_the_text_in_force_and_the_amendment_beside_it(client, amended):
    page = client.get(f"/actions/{amended.id}").get_data(as_text=True)
    assert "Berlaku: versi 1" in page and "Perubahan tertunda: versi 2" in page
    in_force = page[page.index('class="in-force"'):page.index('class="amendment"')]
    assert "HPS diubah." not in in_force and amended.versions[0].sha256 in in_force
    assert '<li class="diff-added"><span class="visually-hidden">ditambahkan: </span>+ HPS diubah.</li>' in page
    assert "Ditandatangani 1 dari 3 pihak sejauh ini." in page


def test_the_tenant_page_shows_the_amendment_pending_and_invites_re_signing(client, amended, bureau):
    from tests.conftest import login

    login(client, bureau["signer_b"].email)
    page = client.get(f"/t/biro/actions/{amended.id}").get_data(as_text=True)
    assert "Perubahan tertunda: versi 2" in page
    beta = party_of(amended, bureau["firm_b"])
    assert f'href="/t/biro/actions/{amended.id}/sign/{beta.id}"' in page


def test_the_api_names_the_version_in_force_and_the_pending_amendment(client, amended):
    data = client.get(f"/api/v1/actions/{amended.id}").get_json()
    assert (data["in_force_version"], data["pending_amendment"], data["current_version"]) == (1, 2, 2)
    assert [v["in_force"] for v in data["document_versions"]] == [True, False]


def test_once_every_party_re_signs_the_amendment_is_in_force_and_published(client, amended, bureau):
    with tenant_scope(bureau["tenant"].id):
        for organisation, person in SIGNERS:
            if organisation != "firm_a":
                _sign(bureau, amended, organisation, person)
    db.session.commit()
    assert queries.version_in_force(amended).number == 2 and queries.pending_amendment(amended) is None
    response = client.get(f"/api/v1/actions/{amended.id}/document.pdf")
    assert len(_pdf_signatures(response.data)) == 3
    assert "HPS diubah." in client.get(f"/actions/{amended.id}").get_data(as_text=True)


def test_an_edit_while_signing_is_open_is_simply_the_version_to_sign(pact, bureau):
    with tenant_scope(bureau["tenant"].id):
        _sign(bureau, pact, "firm_a", "signer_a")
        operations.revise_document(pact, bureau["officer"], pact.current_version.body + "\nTambahan.\n")
    assert queries.version_in_force(pact) is None and queries.pending_amendment(pact) is None
    assert queries.published_version(pact).number == 2


def test_signing_a_version_other_than_the_one_read_signs_nothing(pact, bureau, english_messages):
    with tenant_scope(bureau["tenant"].id):
        operations.revise_document(pact, bureau["officer"], pact.current_version.body + "\nTambahan.\n")
        with pytest.raises(Conflict, match="version 2 is now the one to sign"):
            operations.sign(pact, bureau["signer_a"], party_of(pact, bureau["firm_a"]), factories.SIGNING_PASSPHRASE,
                            version_number=1)
    db.session.rollback()
    assert not pact.signatures


@pytest.fixture
def initiative(bureau):
    """An initiative endorsed by both firms; PT Beta then withdrew publicly."""
    created = factories.action(bureau["tenant"], bureau["officer"], "principle_initiative", title="Kode etik",
                               sections={"principles": ["Tidak menyuap"]})
    with tenant_scope(bureau["tenant"].id):
        operations.change_status(created, bureau["officer"], "open")
        operations.join(created, bureau["signer_a"], bureau["firm_a"].id, factories.SIGNING_PASSPHRASE)
        beta = operations.join(created, bureau["signer_b"], bureau["firm_b"].id, factories.SIGNING_PASSPHRASE)
        operations.withdraw(created, bureau["signer_b"], beta, "Restrukturisasi")
    db.session.commit()
    return created


def test_a_withdrawn_endorsement_does_not_count_in_the_public_total(client, initiative):
    page = client.get("/actions/").get_data(as_text=True)
    row = page[page.index("Kode etik"):]
    row = row[:row.index("</tr>")]
    assert row.rstrip().endswith("<td>1</td>")
    assert queries.signatory_counts([initiative.id]) == {initiative.id: 1}


def test_a_withdrawn_endorsement_is_not_signed_in_the_tenants_view(client, initiative, bureau):
    from tests.conftest import login

    login(client, bureau["officer"].email)
    page = client.get(f"/t/biro/actions/{initiative.id}").get_data(as_text=True)
    beta_row = page[page.index(">PT Beta</a>"):]
    beta_row = beta_row[:beta_row.index("</tr>")]
    assert "Ditarik pada" in beta_row and "Ya," not in beta_row
    alpha_row = page[page.index(">PT Alpha</a>"):]
    assert "Ya," in alpha_row[:alpha_row.index("</tr>")]


@pytest.fixture
def re_endorsed(bureau):
    """PT Alpha and PT Beta endorsed version 1; the text was amended and PT Beta endorsed version 2 too; then
    PT Beta withdrew (from the form of its latest endorsement)."""
    created = factories.action(bureau["tenant"], bureau["officer"], "principle_initiative", title="Kode etik",
                               sections={"principles": ["Tidak menyuap"]})
    with tenant_scope(bureau["tenant"].id):
        operations.change_status(created, bureau["officer"], "open")
        operations.join(created, bureau["signer_a"], bureau["firm_a"].id, factories.SIGNING_PASSPHRASE)
        operations.join(created, bureau["signer_b"], bureau["firm_b"].id, factories.SIGNING_PASSPHRASE)
        operations.revise_document(created, bureau["officer"], created.current_version.body + "\nTransparan.\n")
        _sign(bureau, created, "firm_b", "signer_b")
        latest = created.versions[-1].signatures[0]
        operations.withdraw(created, bureau["signer_b"], latest, "Restrukturisasi")
    db.session.commit()
    return created


def test_withdrawing_withdraws_the_endorsement_of_every_version(re_endorsed, bureau):
    from pactplatform.ledger.models import LedgerEntry
    from sqlalchemy import select

    beta = [s for s in re_endorsed.signatures if s.organisation_id == bureau["firm_b"].id]
    assert len(beta) == 2 and all(s.withdrawn_at is not None for s in beta)
    assert queries.signatory_counts([re_endorsed.id]) == {re_endorsed.id: 1}
    # PT Alpha's endorsement alone keeps version 1 in force; version 2 is endorsed by nobody now.
    assert queries.version_in_force(re_endorsed).number == 1
    events = db.session.scalars(select(LedgerEntry.event).order_by(LedgerEntry.index.desc()).limit(2)).all()
    assert events == ["signature.withdrawn", "signature.withdrawn"]


def test_an_organisation_that_withdrew_is_counted_nowhere(client, re_endorsed, bureau):
    page = client.get("/actions/").get_data(as_text=True)
    row = page[page.index("Kode etik"):]
    assert row[:row.index("</tr>")].rstrip().endswith("<td>1</td>")

    from tests.conftest import login

    login(client, bureau["officer"].email)
    page = client.get(f"/t/biro/actions/{re_endorsed.id}").get_data(as_text=True)
    beta_row = page[page.index(">PT Beta</a>"):]
    beta_row = beta_row[:beta_row.index("</tr>")]
    assert "Ditarik pada" in beta_row and "Ya," not in beta_row and "berlaku" not in beta_row
    versions = page[page.index(">Versi 1</a>"):]
    versions = versions[:versions.index("</ul>")]
    assert "1 tanda tangan" in versions and "0 tanda tangan" in versions  # withdrawn ones stand behind nothing


def test_the_amendments_diff_keeps_the_changes_and_a_little_context():
    from pactplatform.actions.text import diff_lines

    old = "\n".join(f"baris {i}" for i in range(1, 21))
    new = old.replace("baris 10", "baris sepuluh")
    assert diff_lines(old, new, context=1) == [
        ("gap", ""), ("same", "baris 9"), ("removed", "baris 10"), ("added", "baris sepuluh"), ("same", "baris 11"),
        ("gap", ""),
    ]
    assert len(diff_lines(old, new)) == 21
