"""Checks anyone can run on a signature or on a PDF someone holds: is this what they signed?"""
import io
import json

from asn1crypto import pem as asn1_pem
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from ..signing import operations as signing
from ..signing.ca import root_certificate_pem
from ..signing.pdf import outside_event_loop
from .models import Signature


def check_signature(signature: Signature) -> dict:
    """Re-check a stored signature from its public parts, as an outsider would."""
    payload = json.loads(signature.payload)
    version = signature.version
    checks = {
        "signature_valid": signing.verify_payload(signature.certificate_pem, signature.payload.encode("utf-8"),
                                                  signature.signature),
        "certificate_trusted": signing.verify_chain(signature.certificate_pem),
        "document_matches": payload["document"] == {"version": version.number, "sha256": version.sha256},
        "parties_match": (payload["organisation"]["id"] == signature.organisation_id
                          and payload["role"] == signature.role and payload["signer"]["id"] == signature.signer_id
                          and payload["action"]["id"] == signature.action_id),
    }
    checks["ok"] = all(checks.values())
    return checks


def certificate_subject(certificate_pem: str) -> str:
    certificate = x509.load_pem_x509_certificate(certificate_pem.encode("ascii"))
    return certificate.subject.rfc4514_string()


def check_pdf(data: bytes) -> list[dict]:
    """Validate every PAdES signature embedded in a PDF against the platform root (pyHanko)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    _, _, root_der = asn1_pem.unarmor(root_certificate_pem())
    context = ValidationContext(trust_roots=[asn1_x509.Certificate.load(root_der)], allow_fetching=False)
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    results = []
    for embedded in reader.embedded_signatures:
        status = outside_event_loop(lambda: validate_pdf_signature(embedded, context))
        certificate = status.signing_cert
        pem = x509.load_der_x509_certificate(certificate.dump()).public_bytes(serialization.Encoding.PEM).decode()
        results.append({
            "field": embedded.field_name,
            "signer": certificate.subject.human_friendly,
            "certificate_pem": pem,
            "intact": bool(status.intact),
            "valid": bool(status.valid),
            "trusted": bool(status.trusted),
            "signed_at": status.signer_reported_dt,
        })
    return results
