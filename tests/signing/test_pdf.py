"""Signed PDFs checked by two independent validators: poppler's pdfsig (NSS) and pyHanko."""
from io import BytesIO

import pytest
from asn1crypto import pem as asn1_pem
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from pactplatform.documents.pdf import render_pdf
from pactplatform.signing import ca, keys
from pactplatform.signing.pdf import sign_pdf
from tests.signing.conftest import run


def signer(name: str, user_id: int):
    private_key = keys.generate_private_key()
    certificate = ca.issue_signer_certificate(
        private_key.public_key(), name=name, email=f"user{user_id}@example.org", user_id=user_id
    )
    return private_key, certificate.public_bytes(serialization.Encoding.PEM)


@pytest.fixture
def nss_dir(app_ctx, tmp_path):
    """An NSS database trusting only the platform root, as a reader that installed it would."""
    (tmp_path / "root.pem").write_bytes(ca.root_certificate_pem())
    database = f"sql:{tmp_path / 'nss'}"
    (tmp_path / "nss").mkdir()
    assert run("certutil", "-N", "-d", database, "--empty-password").returncode == 0
    added = run("certutil", "-A", "-d", database, "-n", "root", "-t", "CT,C,C", "-i", str(tmp_path / "root.pem"))
    assert added.returncode == 0, added.stderr
    return database


@pytest.fixture
def twice_signed(app_ctx):
    pdf = render_pdf("test_sample.html", title="Pakta Integritas", body="Kami tidak akan menawarkan suap.")
    signers = [signer("Siti Rahayu", 1), signer("Budi Santoso", 2)]
    revisions = [pdf]
    for n, (private_key, certificate_pem) in enumerate(signers, start=1):
        pdf = sign_pdf(
            pdf, private_key, certificate_pem, field_name=f"Signature{n}", reason=f"Penyedia {n}: PT Contoh",
            location="Jakarta", signer_name=f"Signer {n}",
        )
        revisions.append(pdf)
    return revisions


def pdfsig(database: str, pdf: bytes, tmp_path) -> str:
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    return run("pdfsig", "-nssdir", database, str(path)).stdout


def test_each_signature_is_an_incremental_update(twice_signed):
    unsigned, once, twice = twice_signed
    assert once.startswith(unsigned) and twice.startswith(once)
    assert twice.count(b"%%EOF") == unsigned.count(b"%%EOF") + 2


def test_pdfsig_reports_every_signature_valid_and_trusted(twice_signed, nss_dir, tmp_path):
    report = pdfsig(nss_dir, twice_signed[-1], tmp_path)
    assert report.count("Signature Validation: Signature is Valid.") == 2, report
    assert report.count("Certificate Validation: Certificate is Trusted.") == 2, report
    assert "Signer Certificate Common Name: Siti Rahayu" in report
    assert "Signer Certificate Common Name: Budi Santoso" in report
    assert "Signature Type: ETSI.CAdES.detached" in report


def test_pdfsig_does_not_trust_signatures_without_the_root(twice_signed, tmp_path):
    database = f"sql:{tmp_path / 'empty'}"
    (tmp_path / "empty").mkdir()
    run("certutil", "-N", "-d", database, "--empty-password")
    report = pdfsig(database, twice_signed[-1], tmp_path)
    assert report.count("Signature is Valid.") == 2
    assert "Certificate is Trusted." not in report


def test_a_flipped_byte_in_the_signed_range_invalidates_the_signatures(twice_signed, nss_dir, tmp_path):
    signed = bytearray(twice_signed[-1])
    # A byte of the producer string: inside both signed ranges, and the file still parses.
    at = signed.index(b"WeasyPrint") + 1
    signed[at] ^= 0x01
    report = pdfsig(nss_dir, bytes(signed), tmp_path)
    assert "Signature #2" in report, report
    assert "Signature is Valid." not in report, report


def test_pyhanko_validates_every_signature_against_the_root(twice_signed, app_ctx):
    _, _, root_der = asn1_pem.unarmor(ca.root_certificate_pem())
    context = ValidationContext(trust_roots=[asn1_x509.Certificate.load(root_der)], allow_fetching=False)
    reader = PdfFileReader(BytesIO(twice_signed[-1]))
    embedded = reader.embedded_signatures
    assert [sig.field_name for sig in embedded] == ["Signature1", "Signature2"]
    for sig in embedded:
        status = validate_pdf_signature(sig, context)
        assert status.intact and status.valid and status.trusted, status.pretty_print_details()
        assert status.bottom_line, status.pretty_print_details()
        # The later revision only added a signature: allowed after an approval signature.
        assert status.modification_level is not None
    assert embedded[-1].sig_object["/Reason"] == "Penyedia 2: PT Contoh"
    assert embedded[-1].sig_object["/Location"] == "Jakarta"


def test_a_key_that_does_not_match_the_certificate_is_refused(app_ctx):
    pdf = render_pdf("test_sample.html", title="T", body="B")
    mallory_key, _ = signer("Mallory", 3)
    _, victim_certificate = signer("Victim", 4)
    with pytest.raises(ValueError):
        sign_pdf(pdf, mallory_key, victim_certificate, field_name="Signature1", reason="forged")


def test_a_field_cannot_be_signed_twice(twice_signed, app_ctx):
    private_key, certificate_pem = signer("Siti Rahayu", 1)
    with pytest.raises(Exception):
        sign_pdf(twice_signed[-1], private_key, certificate_pem, field_name="Signature1", reason="again")
