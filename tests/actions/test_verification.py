"""The public check of an uploaded pact PDF: one verdict per file, the same on the page and in the API.

Every file is real: the pact's own signed PDF, tampered with as a holder of a copy could (pyHanko's
incremental writer, appended bytes, a flipped bit), another action's PDF, an older version's.
"""
import io
from html import unescape

import pytest
from sqlalchemy import update

from pactplatform.actions import operations, policies
from pactplatform.actions.models import CollectiveAction
from pactplatform.extensions import db
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories, pdf_tampering
from tests.action_fixtures import TENDER, party_of
from tests.conftest import csrf_token

SIGNERS = (("public_body", "signer_pb"), ("firm_a", "signer_a"), ("firm_b", "signer_b"))


def sign(action, bureau, *which):
    with tenant_scope(bureau["tenant"].id):
        for organisation, person in which:
            operations.sign(action, bureau[person], party_of(action, bureau[organisation]), factories.SIGNING_PASSPHRASE)
    db.session.commit()


def published_pdf(client, action) -> bytes:
    response = client.get(f"/api/v1/actions/{action.id}/document.pdf")
    assert response.status_code == 200
    return response.data


@pytest.fixture
def signed(client, pact, bureau) -> bytes:
    """The pact signed by its three parties: its published PDF."""
    sign(pact, bureau, *SIGNERS)
    return published_pdf(client, pact)


def by_api(client, action_id: int, data: bytes, content_type: str = "application/pdf"):
    return client.post(f"/api/v1/actions/{action_id}/verify", data=data, content_type=content_type)


def by_page(client, action_id: int, data: bytes):
    path = f"/verify/actions/{action_id}"
    return client.post(path, data={"csrf_token": csrf_token(client, path), "document": (io.BytesIO(data), "copy.pdf")},
                       content_type="multipart/form-data")


def verdict(client, action_id: int, data: bytes) -> dict:
    """The API's answer, once the page has been seen to say the same, in the same words."""
    answer = by_api(client, action_id, data)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    answer = answer.get_json()
    page = by_page(client, action_id, data)
    assert page.status_code == 200
    html = unescape(page.get_data(as_text=True))
    assert f'data-verdict="{answer["verdict"]}"' in html
    # The verdict leads the page: before the upload form and the platform's own records.
    assert html.index(answer["summary"]) < html.index('enctype="multipart/form-data"')
    for text in (answer["explanation"], *answer["reasons"], *answer["notes"]):
        assert text in html
    for document in answer["other_documents"]:
        assert document["description"] in html and (document["url"] is None or f'href="{document["url"]}"' in html)
    for signature in answer["signatures"]:
        for words in ("finding_label", "modification_label"):
            assert signature[words] in html
        assert signature["covered_range"]["coverage_label"] in html
    return answer


def test_the_published_pdf_is_intact(client, pact, signed):
    answer = verdict(client, pact.id, signed)
    assert answer["verdict"] == "intact"
    assert answer["summary"].startswith("Utuh")  # the page's language: Indonesian by default
    assert answer["file"] == {"size": len(signed), "signatures": 3, "bytes_after_last_signature": 0,
                              "unsigned_updates": 0}
    first, second, last = answer["signatures"]
    assert [s["finding"] for s in answer["signatures"]] == ["ok", "ok", "ok"]
    assert [s["covered_range"]["coverage"] for s in answer["signatures"]] == [
        "entire_revision", "entire_revision", "entire_file"]
    assert first["modification_level"] == "form_filling" and last["modification_level"] == "none"
    assert last["covered_range"]["signed_until"] == len(signed)
    assert all(s["chain_to_platform_root"] and "PactPlatform Root CA" in s["certificate_chain"][-1]
               for s in answer["signatures"])
    assert "Kepala Dinas" in first["signer"] and "Direktur Beta" in last["signer"]
    signature_ids = [s.id for s in pact.signatures]
    assert [s["record"]["signature_url"] for s in answer["signatures"]] == [
        f"/verify/signatures/{i}" for i in signature_ids]
    assert {s["record"]["document_url"] for s in answer["signatures"]} == {f"/actions/{pact.id}/versions/1"}


def test_an_unsigned_annotation_after_the_last_signature_is_a_modification(client, pact, signed):
    tampered = pdf_tampering.add_visible_annotation(signed)
    answer = verdict(client, pact.id, tampered)
    assert answer["verdict"] == "modified_after_signing"
    assert answer["file"]["unsigned_updates"] == 1
    # Every signature still verifies over the bytes it covers: that alone once passed as "unchanged".
    assert all(s["signature_valid"] and s["chain_to_platform_root"] for s in answer["signatures"])
    assert all(s["finding"] == "modified" for s in answer["signatures"])
    assert answer["signatures"][-1]["covered_range"]["coverage"] == "entire_revision"
    # pyHanko's own finding is passed on, not ignored.
    assert all(s["difference_analysis"] for s in answer["signatures"])


def test_bytes_appended_after_the_last_signature_are_a_modification(client, pact, signed):
    extra = b"\n% HPS DIUBAH: Rp 99.000.000.000\n"
    answer = verdict(client, pact.id, pdf_tampering.append_bytes(signed, extra))
    assert answer["verdict"] == "modified_after_signing"
    assert answer["file"]["bytes_after_last_signature"] == len(extra)
    assert any(str(len(extra)) in reason for reason in answer["reasons"])


def test_an_update_replacing_page_one_is_a_modification(client, pact, signed):
    answer = verdict(client, pact.id, pdf_tampering.replace_first_page_text(signed))
    assert answer["verdict"] == "modified_after_signing"
    assert {s["modification_level"] for s in answer["signatures"]} == {"other"}


def test_a_flipped_bit_inside_the_signed_bytes_is_invalid(client, pact, signed):
    answer = verdict(client, pact.id, pdf_tampering.flip_signed_byte(signed))
    assert answer["verdict"] == "invalid"
    assert {s["finding"] for s in answer["signatures"]} == {"invalid"}
    assert not any(s["signature_valid"] for s in answer["signatures"])
    assert all(s["chain_to_platform_root"] for s in answer["signatures"])  # the certificates are still fine


def test_an_unsigned_pdf_is_unsigned(client, pact):
    answer = verdict(client, pact.id, published_pdf(client, pact))
    assert answer["verdict"] == "unsigned" and answer["signatures"] == []


@pytest.fixture
def other_pact(pact, bureau):
    """A second pact of the same bureau, signed by its procuring entity."""
    other = factories.action(
        bureau["tenant"], bureau["officer"], policies.INTEGRITY_PACT, title="Pakta Jembatan Kali",
        sections={"obligations_bidder": ["Tidak berkolusi"]},
        tender={**TENDER, "code": "T-002", "procuring_entity_id": bureau["public_body"].id},
    )
    with tenant_scope(bureau["tenant"].id):
        operations.add_party(other, bureau["officer"], bureau["firm_a"].id, policies.BIDDER)
        operations.assign_monitor(other, bureau["admin"], bureau["monitor"].id)
        operations.change_status(other, bureau["officer"], "open")
    db.session.commit()
    sign(other, bureau, ("public_body", "signer_pb"))
    return other


def test_another_actions_signed_pdf_is_a_different_document(client, pact, signed, other_pact):
    answer = verdict(client, pact.id, published_pdf(client, other_pact))
    assert answer["verdict"] == "different_document"
    [document] = answer["other_documents"]
    assert document["url"] == f"/actions/{other_pact.id}/versions/1"
    assert "Pakta Jembatan Kali" in document["description"]
    assert answer["expected_document"]["url"] == f"/actions/{pact.id}/versions/1"
    [signature] = answer["signatures"]
    assert signature["finding"] == "other_document" and signature["signature_valid"]
    # The same file is intact on its own action's page.
    assert verdict(client, other_pact.id, published_pdf(client, other_pact))["verdict"] == "intact"


def test_an_action_that_is_not_public_is_neither_named_nor_linked(client, pact, signed, other_pact):
    data = published_pdf(client, other_pact)
    db.session.execute(update(CollectiveAction).where(CollectiveAction.id == other_pact.id).values(status="draft")
                       .execution_options(all_tenants=True))
    db.session.commit()
    answer = verdict(client, pact.id, data)
    assert answer["verdict"] == "different_document"
    [document] = answer["other_documents"]
    assert document["url"] is None and "Pakta Jembatan Kali" not in str(answer)
    assert answer["signatures"][0]["record"]["signature_url"] is None


def test_an_older_versions_pdf_is_a_different_document(client, pact, bureau, signed):
    with tenant_scope(bureau["tenant"].id):
        operations.revise_document(pact, bureau["officer"], "Teks baru pakta: HPS Rp 950.000.000.", "perubahan")
    db.session.commit()
    sign(pact, bureau, *SIGNERS)  # every party signed version 2: it is in force now
    answer = verdict(client, pact.id, signed)
    assert answer["verdict"] == "different_document"
    [document] = answer["other_documents"]
    assert document["url"] == f"/actions/{pact.id}/versions/1"
    assert answer["expected_document"]["url"] == f"/actions/{pact.id}/versions/2"
    assert verdict(client, pact.id, published_pdf(client, pact))["verdict"] == "intact"


def test_while_an_amendment_is_pending_the_version_in_force_is_this_actions_document(client, pact, bureau, signed):
    with tenant_scope(bureau["tenant"].id):
        operations.revise_document(pact, bureau["officer"], "Teks baru pakta: HPS Rp 950.000.000.", "perubahan")
    db.session.commit()
    sign(pact, bureau, ("public_body", "signer_pb"))  # version 2 is a pending amendment: 1 signature of 3
    answer = verdict(client, pact.id, signed)
    assert answer["verdict"] == "intact"
    assert answer["expected_document"]["url"] == f"/actions/{pact.id}/versions/1"
    assert published_pdf(client, pact) == signed


def test_an_early_copy_is_intact_and_says_signatures_came_later(client, pact, bureau):
    sign(pact, bureau, SIGNERS[0])
    early = published_pdf(client, pact)
    sign(pact, bureau, *SIGNERS[1:])
    answer = verdict(client, pact.id, early)
    assert answer["verdict"] == "intact"
    [note] = answer["notes"]
    assert "1" in note and "3" in note


def test_a_signature_under_another_root_is_invalid(client, pact, signed, tmp_path):
    from cryptography.hazmat.primitives import serialization

    from pactplatform.signing import ca, keys
    from pactplatform.signing.pdf import sign_pdf

    private_key = keys.generate_private_key()
    foreign_root = str(tmp_path)  # a CA of its own, as anyone can make
    certificate = ca.issue_signer_certificate(private_key.public_key(), name="Kepala Dinas", email="kd@example.org",
                                              user_id=1, instance_path=foreign_root)
    forged = sign_pdf(signed, private_key, certificate.public_bytes(serialization.Encoding.PEM),
                      field_name="Signature999", reason="Penyedia", chain_pems=[ca.root_certificate_pem(foreign_root)])
    answer = verdict(client, pact.id, forged)
    assert answer["verdict"] == "invalid"
    assert [s["finding"] for s in answer["signatures"]] == ["ok", "ok", "ok", "untrusted"]


# The API operation's contract -----------------------------------------------------------------------

def test_the_api_needs_no_login_nor_csrf_and_answers_errors_in_json(client, pact, signed):
    wrong_type = by_api(client, pact.id, signed, content_type="text/plain")
    assert wrong_type.status_code == 415 and wrong_type.get_json()["error"]["code"] == "unsupported_media_type"
    not_pdf = by_api(client, pact.id, b"hello")
    assert not_pdf.status_code == 422 and not_pdf.get_json()["error"]["message"]
    damaged = by_api(client, pact.id, b"%PDF-1.7\n" + b"\x00" * 500)
    assert damaged.status_code == 422 and damaged.get_json()["error"]["code"] == "unprocessable_pdf"
    too_large = by_api(client, pact.id, b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024))
    assert too_large.status_code == 413 and "error" in too_large.get_json()
    unknown = by_api(client, pact.id + 1000, signed)
    assert unknown.status_code == 404 and unknown.get_json()["error"]["code"] == "not_found"


def test_checks_are_rate_limited(app, client, pact, signed, monkeypatch):
    monkeypatch.setitem(app.config, "VERIFY_RATE_LIMIT", "2 per minute")
    assert [by_api(client, pact.id, b"hello").status_code for _ in range(2)] == [422, 422]
    limited = by_api(client, pact.id, signed)
    assert limited.status_code == 429 and limited.get_json()["error"]["message"]
    # The upload page draws on the same budget.
    assert by_page(client, pact.id, signed).status_code == 429


def test_the_openapi_document_describes_the_operation(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/actions/{action_id}/verify"]["post"]
    assert operation["requestBody"]["description"] == "The PDF to check, as it is: at most 10 MB."
    assert operation["requestBody"]["content"]["application/pdf"]["schema"] == {
        "type": "string", "format": "binary", "minLength": 1}
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    schema = spec["components"]["schemas"][ok]
    assert set(schema["properties"]["verdict"]["enum"]) == {
        "intact", "modified_after_signing", "different_document", "unsigned", "invalid"}
    assert {"413", "415", "422", "429", "404"} <= set(operation["responses"])


# The page's own input errors -------------------------------------------------------------------------

def test_the_page_shows_a_bad_upload_next_to_the_field(client, pact):
    path = f"/verify/actions/{pact.id}"
    empty = client.post(path, data={"csrf_token": csrf_token(client, path)}, content_type="multipart/form-data")
    assert empty.status_code == 422 and 'id="document-error"' in empty.get_data(as_text=True)
    not_pdf = by_page(client, pact.id, b"hello")
    html = not_pdf.get_data(as_text=True)
    assert not_pdf.status_code == 422 and "bukan PDF" in html and 'data-testid="verdict"' not in html
