"""The platform's certificate authority: an ECDSA P-256 root generated into instance/ at first use.

The root signs signer certificates directly (no intermediate): one hop keeps verification simple
for PDF readers and offline verifiers, and the root key never leaves the instance folder.
"""
from datetime import datetime, timedelta, timezone

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier
from flask import current_app

from ..instance import instance_file

ROOT_COMMON_NAME = "PactPlatform Root CA"
ROOT_KEY_FILE = "signing_ca_key.pem"
ROOT_CERT_FILE = "signing_ca_cert.pem"
ROOT_VALIDITY = timedelta(days=20 * 365)
SIGNER_VALIDITY = timedelta(days=3 * 365)
# Tolerates signers' and verifiers' clocks running a little behind ours.
BACKDATE = timedelta(minutes=5)
# RFC 9336 id-kp-documentSigning; NSS (pdfsig, Firefox) checks signers against emailProtection,
# Adobe accepts either, so a signer certificate carries both.
DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.5.5.7.3.36")
# X.520 caps commonName at 64 characters; cryptography refuses longer values.
COMMON_NAME_MAX = 64


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _new_root_key() -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _root_key(instance_path: str) -> ec.EllipticCurvePrivateKey:
    pem = instance_file(instance_path, ROOT_KEY_FILE, _new_root_key)
    return serialization.load_pem_private_key(pem, password=None)


def _new_root_certificate(key: ec.EllipticCurvePrivateKey) -> bytes:
    name = x509.Name([
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "PactPlatform"),
        x509.NameAttribute(NameOID.COMMON_NAME, ROOT_COMMON_NAME),
    ])
    now = _now()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - BACKDATE)
        .not_valid_after(now + ROOT_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return certificate.public_bytes(serialization.Encoding.PEM)


def _instance_path(instance_path: str | None) -> str:
    return instance_path or current_app.instance_path


def root_certificate_pem(instance_path: str | None = None) -> bytes:
    path = _instance_path(instance_path)
    key = _root_key(path)
    return instance_file(path, ROOT_CERT_FILE, lambda: _new_root_certificate(key))


def root_certificate(instance_path: str | None = None) -> x509.Certificate:
    return x509.load_pem_x509_certificate(root_certificate_pem(instance_path))


def issue_signer_certificate(
    public_key: ec.EllipticCurvePublicKey, *, name: str, email: str, user_id: int,
    instance_path: str | None = None,
) -> x509.Certificate:
    """A document-signing certificate for one platform user, signed by the root."""
    path = _instance_path(instance_path)
    root_key = _root_key(path)
    root = root_certificate(path)
    # emailAddress and rfc822Name are ASCII-only (IA5String); an internationalised address stays
    # out of the certificate rather than being mangled, and the account id still identifies the user.
    has_email = email.isascii()
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, (name.strip() or email)[:COMMON_NAME_MAX])]
    if has_email:
        attributes.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, email))
    # Two users may share a name; the account id tells them apart.
    attributes.append(x509.NameAttribute(NameOID.USER_ID, str(user_id)))
    subject = x509.Name(attributes)
    now = _now()
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(root.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - BACKDATE)
        .not_valid_after(min(now + SIGNER_VALIDITY, root.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION, DOCUMENT_SIGNING]),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False
        )
    )
    if has_email:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.RFC822Name(email)]), critical=False)
    return builder.sign(root_key, hashes.SHA256())
