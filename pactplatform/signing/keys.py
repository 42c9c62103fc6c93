"""Key pairs and their wrapping under a passphrase (scrypt, then AES-256-GCM). Pure: no Flask.

The platform stores only the wrapped key, so it cannot sign for anyone; the passphrase, asked at
every signing, is what unlocks it.
"""
import os
import unicodedata
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

SALT_BYTES = 16
NONCE_BYTES = 12
KEY_BYTES = 32


class BadPassphrase(Exception):
    """The passphrase did not decrypt the key (or the stored key was altered)."""


@dataclass(frozen=True)
class WrappedKey:
    ciphertext: bytes
    salt: bytes
    nonce: bytes
    n: int
    r: int
    p: int


def generate_private_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    # The same passphrase typed on different keyboards may arrive composed or decomposed.
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return Scrypt(salt=salt, length=KEY_BYTES, n=n, r=r, p=p).derive(secret)


def wrap(private_key: ec.EllipticCurvePrivateKey, passphrase: str, associated_data: bytes,
         *, n: int, r: int = 8, p: int = 1) -> WrappedKey:
    """`associated_data` binds the ciphertext to its owner, so it cannot be moved to another row."""
    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    plain = private_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    ciphertext = AESGCM(_derive(passphrase, salt, n, r, p)).encrypt(nonce, plain, associated_data)
    return WrappedKey(ciphertext, salt, nonce, n, r, p)


def unwrap(wrapped: WrappedKey, passphrase: str, associated_data: bytes) -> ec.EllipticCurvePrivateKey:
    key = _derive(passphrase, wrapped.salt, wrapped.n, wrapped.r, wrapped.p)
    try:
        plain = AESGCM(key).decrypt(wrapped.nonce, wrapped.ciphertext, associated_data)
    except InvalidTag:
        raise BadPassphrase() from None
    return serialization.load_der_private_key(plain, password=None)
