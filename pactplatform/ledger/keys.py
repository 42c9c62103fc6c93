"""The log's ECDSA P-256 key, generated once into the instance folder."""
from functools import lru_cache

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from flask import current_app

from ..instance import instance_file

KEY_FILE = "ledger_key.pem"


def _generate() -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


@lru_cache(maxsize=8)
def _load(instance_path: str) -> ec.EllipticCurvePrivateKey:
    return serialization.load_pem_private_key(instance_file(instance_path, KEY_FILE, _generate), None)


def private_key() -> ec.EllipticCurvePrivateKey:
    return _load(current_app.instance_path)


def public_pem() -> bytes:
    return private_key().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
