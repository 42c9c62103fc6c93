"""Receipts and encryption at rest for anonymous reports.

- One 32-byte master key in instance/reports_key, created at first use like the other instance secrets.
  Two keys are derived from it (HKDF): the key-encryption key and the receipt-index key.
- Each report has its own AES-256 data key, stored wrapped by the key-encryption key (RFC 3394 key wrap);
  its content, messages, file names and bytes are AES-GCM ciphertexts under it, each bound (associated data)
  to what it is, so a ciphertext moved to another column or report does not decrypt. Deleting the wrapped
  key (retention) makes whatever ciphertext survives in a backup unreadable.
- A receipt is 16 decimal digits from the CSPRNG (about 53 bits). The database holds only its scrypt hash with
  a per-report salt, and an 8-hex-digit HMAC index under the server's key: the index finds candidate rows
  without a scan, yet about two million receipts share each index value, so neither a database dump nor the
  index alone narrows a receipt down to one.
"""
import hashlib
import hmac
import os
import secrets

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.keywrap import aes_key_unwrap, aes_key_wrap
from flask import current_app

from ..instance import instance_file

KEY_FILE = "reports_key"
RECEIPT_DIGITS = 16
INDEX_LENGTH = 8
DEFAULT_RECEIPT_COST = 2**14  # scrypt n (16 MB, about 50 ms here); the row keeps the n it was hashed with
_DUMMY_SALT = b"\x00" * 16


def _master_key() -> bytes:
    return instance_file(current_app.instance_path, KEY_FILE, lambda: secrets.token_bytes(32))


def _derived(purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"pactplatform reports " + purpose).derive(_master_key())


# Receipts -----------------------------------------------------------------------------------------------------

def new_receipt() -> str:
    return f"{secrets.randbelow(10**RECEIPT_DIGITS):0{RECEIPT_DIGITS}d}"


def normalise_receipt(text: str | None) -> str | None:
    """The 16 digits of what was typed (spaces and dashes between groups are fine), or None."""
    digits = "".join(ch for ch in (text or "") if ch not in " -\t")
    if len(digits) != RECEIPT_DIGITS or not digits.isascii() or not digits.isdigit():
        return None
    return digits


def grouped(receipt: str) -> str:
    return " ".join(receipt[i:i + 4] for i in range(0, len(receipt), 4))


def receipt_index(receipt: str) -> str:
    return hmac.new(_derived(b"receipt index"), receipt.encode("ascii"), hashlib.sha256).hexdigest()[:INDEX_LENGTH]


def receipt_cost() -> int:
    return int(current_app.config.get("REPORT_RECEIPT_SCRYPT_N", DEFAULT_RECEIPT_COST))


def hash_receipt(receipt: str, salt: bytes, cost: int) -> bytes:
    return hashlib.scrypt(receipt.encode("ascii"), salt=salt, n=cost, r=8, p=1, dklen=32, maxmem=64 * 1024 * 1024)


def new_receipt_hash(receipt: str) -> tuple[bytes, bytes, int]:
    salt, cost = os.urandom(16), receipt_cost()
    return salt, hash_receipt(receipt, salt, cost), cost


def receipt_matches(receipt: str, salt: bytes, expected: bytes, cost: int) -> bool:
    return hmac.compare_digest(hash_receipt(receipt, salt, cost), expected)


def burn_time(receipt: str) -> None:
    """The same slow hash when no row is a candidate, so the time taken does not tell whether one exists."""
    hash_receipt(receipt, _DUMMY_SALT, receipt_cost())


# Envelope encryption ------------------------------------------------------------------------------------------

def new_data_key() -> tuple[bytes, bytes]:
    """(data key, the same wrapped by the key-encryption key)."""
    key = AESGCM.generate_key(bit_length=256)
    return key, aes_key_wrap(_derived(b"key encryption"), key)


def unwrap(wrapped: bytes) -> bytes:
    return aes_key_unwrap(_derived(b"key encryption"), wrapped)


def seal(key: bytes, plaintext: bytes, context: str) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, context.encode("ascii"))


def open_sealed(key: bytes, sealed: bytes, context: str) -> bytes:
    return AESGCM(key).decrypt(sealed[:12], sealed[12:], context.encode("ascii"))
