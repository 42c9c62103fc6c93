"""The action's PDF carries one PAdES signature per signatory, which poppler's pdfsig trusts."""
import subprocess

import pytest

from pactplatform.actions import operations
from pactplatform.extensions import db
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.action_fixtures import party_of


def nss_database(root_pem: bytes, folder) -> str:
    (folder / "root.pem").write_bytes(root_pem)
    subprocess.run(["certutil", "-N", "-d", f"sql:{folder}", "--empty-password"], check=True, capture_output=True)
    subprocess.run(["certutil", "-A", "-d", f"sql:{folder}", "-n", "PactPlatform Root", "-t", "CT,C,C", "-i",
                    str(folder / "root.pem")], check=True, capture_output=True)
    return f"sql:{folder}"


def pdfsig(nss: str, path) -> str:
    return subprocess.run(["pdfsig", "-nssdir", nss, str(path)], capture_output=True, text=True).stdout


@pytest.fixture
def signed_pdf(client, pact, bureau, tmp_path):
    with tenant_scope(bureau["tenant"].id):
        for organisation, person in (("public_body", "signer_pb"), ("firm_a", "signer_a"), ("firm_b", "signer_b")):
            operations.sign(pact, bureau[person], party_of(pact, bureau[organisation]), factories.SIGNING_PASSPHRASE)
    db.session.commit()
    response = client.get(f"/api/v1/actions/{pact.id}/document.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    path = tmp_path / "pact.pdf"
    path.write_bytes(response.data)
    return path, nss_database(client.get("/api/v1/ca.pem").data, tmp_path)


def test_every_signature_is_valid_and_trusted(signed_pdf):
    path, nss = signed_pdf
    report = pdfsig(nss, path)
    assert report.count("Signature Validation: Signature is Valid.") == 3, report
    assert report.count("Certificate Validation: Certificate is Trusted.") == 3, report
    for name in ("Kepala Dinas", "Direktur Alpha", "Direktur Beta"):
        assert f"Signer Certificate Common Name: {name}" in report


def test_one_flipped_byte_breaks_the_signature(signed_pdf, tmp_path):
    path, nss = signed_pdf
    data = bytearray(path.read_bytes())
    position = data.index(b"/Type /Page") if b"/Type /Page" in data else len(data) // 3
    data[position + 1] ^= 0x01
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    assert "Signature is Valid." not in pdfsig(nss, tampered).split("Signature #2")[0]


def test_the_verification_page_checks_an_uploaded_pdf(client, signed_pdf, pact):
    import io

    path, _ = signed_pdf
    page = client.get(f"/verify/actions/{pact.id}")
    from tests.conftest import CSRF_PATTERN

    token = CSRF_PATTERN.search(page.get_data(as_text=True)).group(1)
    response = client.post(f"/verify/actions/{pact.id}", data={
        "csrf_token": token, "document": (io.BytesIO(path.read_bytes()), "pact.pdf")},
        content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count("Direktur Alpha") >= 1 and "Kepala Dinas" in html
    not_pdf = client.post(f"/verify/actions/{pact.id}", data={
        "csrf_token": token, "document": (io.BytesIO(b"hello"), "x.pdf")}, content_type="multipart/form-data")
    assert not_pdf.status_code == 422


def test_an_unsigned_action_still_has_a_pdf(client, pact):
    response = client.get(f"/api/v1/actions/{pact.id}/document.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
