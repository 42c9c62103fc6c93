"""Detached ECDSA-SHA256 signatures over canonical payloads, and the certificate chain check.

Pure (no Flask), so an offline verifier can import it as it is.
"""
from datetime import datetime, timezone
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from ..ledger import canonical


def encode_payload(value: Any) -> bytes:
    """The exact bytes to sign: the ledger's canonical JSON, so both agree byte for byte."""
    return canonical.encode(value)


def sign_payload(private_key: ec.EllipticCurvePrivateKey, payload: bytes) -> bytes:
    """A DER-encoded ECDSA signature, as `openssl dgst -sha256 -verify` expects."""
    return private_key.sign(payload, ec.ECDSA(hashes.SHA256()))


def verify_payload(certificate_pem: bytes | str, payload: bytes, signature_der: bytes) -> bool:
    try:
        public_key = _load(certificate_pem).public_key()
        if not isinstance(public_key, ec.EllipticCurvePublicKey):
            return False
        public_key.verify(signature_der, payload, ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def verify_issued_by(certificate_pem: bytes | str, root_pem: bytes | str, at: datetime | None = None) -> bool:
    """True if the root signed this certificate for document signing and both are valid at `at`."""
    try:
        certificate, root = _load(certificate_pem), _load(root_pem)
        certificate.verify_directly_issued_by(root)
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints).value
    except (InvalidSignature, ValueError, TypeError, x509.ExtensionNotFound):
        return False
    moment = _aware(at)
    return (
        usage.digital_signature
        and not constraints.ca
        and all(c.not_valid_before_utc <= moment <= c.not_valid_after_utc for c in (certificate, root))
    )


def _aware(moment: datetime | None) -> datetime:
    if moment is None:
        return datetime.now(timezone.utc)
    # The platform stores naive UTC (see timeutil).
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _load(pem: bytes | str) -> x509.Certificate:
    return x509.load_pem_x509_certificate(pem.encode("ascii") if isinstance(pem, str) else pem)
