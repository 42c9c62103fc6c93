"""Writes and checks on signer keys. Flushes, never commits (see DESIGN.md, operations)."""
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..errors import Conflict, OperationError
from ..extensions import db
from . import ca, keys
from .models import SigningKey
from .payload import encode_payload, sign_payload, verify_issued_by, verify_payload

__all__ = [
    "CorruptSigningKey", "MIN_PASSPHRASE_LENGTH", "WrongPassphrase", "create_signing_key", "encode_payload", "key_for",
    "sign_payload", "unlock", "verify_chain", "verify_payload",
]

MIN_PASSPHRASE_LENGTH = 10
DEFAULT_SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1


class CorruptSigningKey(Exception):
    """The stored key and certificate disagree: a fault or tampering, never the user's doing."""


class WrongPassphrase(OperationError):
    def __init__(self):
        super().__init__(_l("The signing passphrase is not correct. Nothing was signed."), field="passphrase")


def _associated_data(user_id: int) -> bytes:
    return b"pactplatform signing key v1 user " + str(user_id).encode("ascii")


def key_for(user) -> SigningKey | None:
    return db.session.scalar(select(SigningKey).where(SigningKey.user_id == user.id))


def create_signing_key(user, passphrase: str) -> SigningKey:
    """Generate the user's key pair, have the platform CA certify it, store it wrapped."""
    if len(passphrase or "") < MIN_PASSPHRASE_LENGTH:
        raise OperationError(
            _l("The signing passphrase must be at least %(count)d characters long.", count=MIN_PASSPHRASE_LENGTH),
            field="passphrase",
        )
    if key_for(user) is not None:
        raise Conflict(_l("You already have a signing key."))
    private_key = keys.generate_private_key()
    certificate = ca.issue_signer_certificate(
        private_key.public_key(), name=user.name, email=user.email, user_id=user.id
    )
    wrapped = keys.wrap(
        private_key, passphrase, _associated_data(user.id),
        n=current_app.config.get("SIGNING_SCRYPT_N", DEFAULT_SCRYPT_N), r=SCRYPT_R, p=SCRYPT_P,
    )
    signing_key = SigningKey(
        user_id=user.id,
        certificate_pem=certificate.public_bytes(serialization.Encoding.PEM).decode("ascii"),
        encrypted_private_key=wrapped.ciphertext,
        kdf_salt=wrapped.salt,
        aes_nonce=wrapped.nonce,
        scrypt_n=wrapped.n,
        scrypt_r=wrapped.r,
        scrypt_p=wrapped.p,
    )
    db.session.add(signing_key)
    db.session.flush()
    return signing_key


def unlock(signing_key: SigningKey, passphrase: str) -> ec.EllipticCurvePrivateKey:
    wrapped = keys.WrappedKey(
        signing_key.encrypted_private_key, signing_key.kdf_salt, signing_key.aes_nonce,
        signing_key.scrypt_n, signing_key.scrypt_r, signing_key.scrypt_p,
    )
    try:
        private_key = keys.unwrap(wrapped, passphrase or "", _associated_data(signing_key.user_id))
    except keys.BadPassphrase:
        raise WrongPassphrase() from None
    # A certificate swapped in the database would otherwise make us sign under someone else's name.
    certified = x509.load_pem_x509_certificate(signing_key.certificate_pem.encode("ascii")).public_key()
    if certified.public_numbers() != private_key.public_key().public_numbers():
        raise CorruptSigningKey(f"signing key {signing_key.id}: private key does not match its certificate")
    return private_key


def verify_chain(certificate_pem: bytes | str, at: datetime | None = None) -> bool:
    """Issued by this platform's root, and valid at `at` (default: now)."""
    return verify_issued_by(certificate_pem, ca.root_certificate_pem(), at)
