"""The public JSON: anyone verifies every signature with the root certificate and openssl alone."""
import base64
import subprocess

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from pactplatform.actions import operations
from pactplatform.extensions import db
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.action_fixtures import party_of


@pytest.fixture
def signed_pact(pact, bureau):
    with tenant_scope(bureau["tenant"].id):
        operations.sign(pact, bureau["signer_a"], party_of(pact, bureau["firm_a"]), factories.SIGNING_PASSPHRASE)
        operations.sign(pact, bureau["signer_b"], party_of(pact, bureau["firm_b"]), factories.SIGNING_PASSPHRASE)
    db.session.commit()
    return pact


def test_list_shows_published_actions_only_with_filters(client, signed_pact, bureau):
    factories.action(bureau["tenant"], bureau["officer"], "declaration", title="Still a draft")
    data = client.get("/api/v1/actions").get_json()
    assert [a["title"] for a in data["items"]] == ["Pakta Jalan Desa"]
    assert data["next"] is None and client.get("/api/v1/actions?page=1").get_json() == data
    assert client.get("/api/v1/actions?kind=declaration").get_json()["items"] == []
    assert len(client.get("/api/v1/actions?status=open").get_json()["items"]) == 1


@pytest.mark.parametrize("query", ["kind=emperor", "status=lost", "page=0", "page=2", "page=x",
                                   "per_page=1000"])
def test_bad_list_parameters_are_a_json_400(client, query):
    response = client.get(f"/api/v1/actions?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_parameter"


def test_unknown_or_draft_action_is_a_json_404(client, bureau):
    draft = factories.action(bureau["tenant"], bureau["officer"], "declaration")
    for action_id in (draft.id, 999999):
        response = client.get(f"/api/v1/actions/{action_id}")
        assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"


def test_every_signature_verifies_with_cryptography_alone(client, signed_pact):
    root = x509.load_pem_x509_certificate(client.get("/api/v1/ca.pem").data)
    data = client.get(f"/api/v1/actions/{signed_pact.id}").get_json()
    texts = {v["number"]: v for v in data["document_versions"]}
    assert len(data["signatures"]) == 2
    for signature in data["signatures"]:
        certificate = x509.load_pem_x509_certificate(signature["certificate"].encode())
        certificate.verify_directly_issued_by(root)
        payload = signature["payload"].encode("utf-8")
        certificate.public_key().verify(base64.b64decode(signature["signature"]), payload, ec.ECDSA(hashes.SHA256()))
        version = texts[signature["document_version"]]
        import hashlib
        import json

        assert hashlib.sha256(version["text"].encode("utf-8")).hexdigest() == version["sha256"]
        assert json.loads(signature["payload"])["document"]["sha256"] == version["sha256"]


def test_every_signature_verifies_with_openssl_and_a_tampered_payload_fails(client, signed_pact, tmp_path):
    (tmp_path / "root.pem").write_bytes(client.get("/api/v1/ca.pem").data)
    signature = client.get(f"/api/v1/actions/{signed_pact.id}").get_json()["signatures"][0]
    (tmp_path / "signer.pem").write_text(signature["certificate"])
    (tmp_path / "payload.json").write_bytes(signature["payload"].encode("utf-8"))
    (tmp_path / "signature.der").write_bytes(base64.b64decode(signature["signature"]))

    def openssl(*args):
        return subprocess.run(["openssl", *args], cwd=tmp_path, capture_output=True, text=True)

    assert openssl("verify", "-CAfile", "root.pem", "signer.pem").returncode == 0
    (tmp_path / "signer.pub").write_text(openssl("x509", "-in", "signer.pem", "-pubkey", "-noout").stdout)
    good = openssl("dgst", "-sha256", "-verify", "signer.pub", "-signature", "signature.der", "payload.json")
    assert good.returncode == 0 and "Verified OK" in good.stdout
    (tmp_path / "payload.json").write_bytes(signature["payload"].replace('"bidder"', '"procuring_entity"').encode())
    bad = openssl("dgst", "-sha256", "-verify", "signer.pub", "-signature", "signature.der", "payload.json")
    assert bad.returncode != 0 and "Verification failure" in bad.stdout


def test_the_openapi_document_describes_the_action_endpoints(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert {"/api/v1/actions", "/api/v1/actions/{action_id}", "/api/v1/ca.pem"} <= set(spec["paths"])
