from datetime import datetime, timedelta, timezone

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from pactplatform.signing import ca, keys
from tests import factories
from tests.signing.conftest import run

PASSPHRASE = "kopi tubruk tanpa gula"


@pytest.fixture
def signed(signing, tmp_path):
    key = signing.create_signing_key(factories.user(), PASSPHRASE)
    payload = signing.encode_payload({"document_sha256": "ab" * 32, "role": "bidder", "signed_at": "2026-01-02T03:04:05Z"})
    signature = signing.sign_payload(signing.unlock(key, PASSPHRASE), payload)
    certificate = x509.load_pem_x509_certificate(key.certificate_pem.encode())
    (tmp_path / "payload.bin").write_bytes(payload)
    (tmp_path / "sig.der").write_bytes(signature)
    (tmp_path / "cert.pem").write_text(key.certificate_pem)
    (tmp_path / "root.pem").write_bytes(ca.root_certificate_pem())
    (tmp_path / "pub.pem").write_bytes(
        certificate.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    return key, payload, signature


def test_the_payload_is_the_ledgers_canonical_json(signing):
    assert signing.encode_payload({"b": 1, "a": "é"}) == '{"a":"é","b":1}'.encode()


def test_a_signature_verifies_here_and_with_openssl(signing, signed, tmp_path):
    key, payload, signature = signed
    assert signing.verify_payload(key.certificate_pem, payload, signature)
    result = run("openssl", "dgst", "-sha256", "-verify", "pub.pem", "-signature", "sig.der", "payload.bin", cwd=tmp_path)
    assert result.stdout.strip() == "Verified OK", result.stderr


def test_a_tampered_payload_fails_here_and_with_openssl(signing, signed, tmp_path):
    key, payload, signature = signed
    tampered = payload.replace(b"bidder", b"bidde2")
    assert not signing.verify_payload(key.certificate_pem, tampered, signature)
    (tmp_path / "payload.bin").write_bytes(tampered)
    result = run("openssl", "dgst", "-sha256", "-verify", "pub.pem", "-signature", "sig.der", "payload.bin", cwd=tmp_path)
    assert "Verified OK" not in result.stdout and result.returncode != 0


def test_garbage_signatures_are_simply_invalid(signing, signed):
    key, payload, _ = signed
    assert not signing.verify_payload(key.certificate_pem, payload, b"")
    assert not signing.verify_payload(key.certificate_pem, payload, b"\x30\x03garbage")
    assert not signing.verify_payload(b"not a certificate", payload, b"")


def test_another_signers_certificate_does_not_verify(signing, signed):
    _, payload, signature = signed
    other = signing.create_signing_key(factories.user(), PASSPHRASE)
    assert not signing.verify_payload(other.certificate_pem, payload, signature)


def test_the_chain_verifies_here_and_with_openssl(signing, signed, tmp_path):
    key, _, _ = signed
    assert signing.verify_chain(key.certificate_pem)
    result = run("openssl", "verify", "-CAfile", "root.pem", "cert.pem", cwd=tmp_path)
    assert result.stdout.strip() == "cert.pem: OK", result.stderr


def test_the_chain_is_checked_at_the_given_time(signing, signed):
    key, _, _ = signed
    now = datetime.now(timezone.utc)
    assert signing.verify_chain(key.certificate_pem, now + timedelta(days=365))
    assert not signing.verify_chain(key.certificate_pem, now + timedelta(days=3 * 365 + 2))
    assert not signing.verify_chain(key.certificate_pem, (now - timedelta(days=1)).replace(tzinfo=None))


def test_a_certificate_from_another_root_does_not_chain(signing, tmp_path):
    # Same subject name as our root, different key: only the signature tells them apart.
    foreign = ca.issue_signer_certificate(
        keys.generate_private_key().public_key(), name="Mallory", email="m@example.org", user_id=1,
        instance_path=str(tmp_path / "elsewhere"),
    )
    pem = foreign.public_bytes(serialization.Encoding.PEM)
    assert not signing.verify_chain(pem)
    (tmp_path / "root.pem").write_bytes(ca.root_certificate_pem())
    (tmp_path / "cert.pem").write_bytes(pem)
    assert run("openssl", "verify", "-CAfile", "root.pem", "cert.pem", cwd=tmp_path).returncode != 0


def test_the_root_itself_is_not_a_signer_certificate(signing):
    assert not signing.verify_chain(ca.root_certificate_pem())
