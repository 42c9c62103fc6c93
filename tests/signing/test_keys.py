from datetime import timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from pactplatform.errors import Conflict, OperationError
from pactplatform.extensions import db
from pactplatform.signing import ca
from tests import factories

PASSPHRASE = "kopi tubruk tanpa gula"


def test_creating_a_key_stores_a_certificate_and_only_the_encrypted_private_key(signing, app):
    user = factories.user(name="Siti Rahayu", email="siti@example.org")
    key = signing.create_signing_key(user, PASSPHRASE)
    db.session.commit()

    assert signing.key_for(user) is key
    assert key.scrypt_n == app.config["SIGNING_SCRYPT_N"] and (key.scrypt_r, key.scrypt_p) == (8, 1)
    assert len(key.kdf_salt) == 16 and len(key.aes_nonce) == 12
    private_key = signing.unlock(key, PASSPHRASE)
    plain = private_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    scalar = private_key.private_numbers().private_value.to_bytes(32, "big")
    for column in key.__table__.columns:
        stored = getattr(key, column.key)
        if isinstance(stored, (bytes, str)):
            stored = stored.encode() if isinstance(stored, str) else stored
            assert plain not in stored and scalar not in stored and PASSPHRASE.encode() not in stored


def test_the_certificate_names_the_signer_and_is_fit_for_document_signing(signing):
    user = factories.user(name="Siti Rahayu", email="siti@example.org")
    certificate = x509.load_pem_x509_certificate(signing.create_signing_key(user, PASSPHRASE).certificate_pem.encode())
    root = ca.root_certificate()

    assert certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "Siti Rahayu"
    assert certificate.subject.get_attributes_for_oid(NameOID.EMAIL_ADDRESS)[0].value == "siti@example.org"
    assert certificate.subject.get_attributes_for_oid(NameOID.USER_ID)[0].value == str(user.id)
    assert certificate.issuer == root.subject
    san = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.RFC822Name) == ["siti@example.org"]
    usage = certificate.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.digital_signature and usage.value.content_commitment
    assert not usage.value.key_cert_sign
    extended = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert ExtendedKeyUsageOID.EMAIL_PROTECTION in extended
    assert not certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    aki = certificate.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
    ski = root.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    assert aki.key_identifier == ski.digest
    certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
    lifetime = certificate.not_valid_after_utc - certificate.not_valid_before_utc
    assert timedelta(days=3 * 365) <= lifetime <= timedelta(days=3 * 365 + 1)
    assert signing.verify_chain(certificate.public_bytes(serialization.Encoding.PEM))


def test_a_long_name_is_cut_to_fit_the_common_name(signing):
    user = factories.user(name="Raden Ajeng " + "Kartini " * 20)
    certificate = x509.load_pem_x509_certificate(signing.create_signing_key(user, PASSPHRASE).certificate_pem.encode())
    assert len(certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value) == 64


def test_an_internationalised_email_stays_out_of_the_certificate(signing):
    user = factories.user(name="Dewi", email="dewi@contoh.example")
    user.email = "déwi@contoh.example"
    certificate = x509.load_pem_x509_certificate(signing.create_signing_key(user, PASSPHRASE).certificate_pem.encode())
    assert certificate.subject.get_attributes_for_oid(NameOID.EMAIL_ADDRESS) == []
    assert signing.verify_chain(certificate.public_bytes(serialization.Encoding.PEM))


def test_a_short_passphrase_is_refused(signing):
    user = factories.user()
    with pytest.raises(OperationError) as refused:
        signing.create_signing_key(user, "123456789")
    assert refused.value.field == "passphrase"
    assert signing.key_for(user) is None


def test_a_second_key_for_the_same_user_is_refused(signing):
    user = factories.user()
    signing.create_signing_key(user, PASSPHRASE)
    with pytest.raises(Conflict):
        signing.create_signing_key(user, "another long passphrase")


def test_a_wrong_passphrase_does_not_unlock_the_key(signing):
    key = signing.create_signing_key(factories.user(), PASSPHRASE)
    with pytest.raises(signing.WrongPassphrase) as refused:
        signing.unlock(key, PASSPHRASE + "!")
    assert refused.value.field == "passphrase" and refused.value.status == 422
    assert "Nothing was signed" in str(refused.value) or "ditandatangani" in str(refused.value)


def test_a_composed_or_decomposed_passphrase_unlocks_alike(signing):
    key = signing.create_signing_key(factories.user(), "caf\u00e9 di Bandung")
    signing.unlock(key, "cafe\u0301 di Bandung")


def test_an_encrypted_key_moved_to_another_user_does_not_unlock(signing):
    first = signing.create_signing_key(factories.user(), PASSPHRASE)
    second = signing.create_signing_key(factories.user(), PASSPHRASE)
    for column in ("encrypted_private_key", "kdf_salt", "aes_nonce"):
        setattr(second, column, getattr(first, column))
    with pytest.raises(signing.WrongPassphrase):
        signing.unlock(second, PASSPHRASE)


def test_a_swapped_certificate_is_detected_at_unlock(signing):
    first = signing.create_signing_key(factories.user(), PASSPHRASE)
    second = signing.create_signing_key(factories.user(), PASSPHRASE)
    first.certificate_pem = second.certificate_pem
    with pytest.raises(signing.CorruptSigningKey):
        signing.unlock(first, PASSPHRASE)


def test_the_scrypt_cost_comes_from_the_configuration(signing, app, monkeypatch):
    monkeypatch.setitem(app.config, "SIGNING_SCRYPT_N", 2**11)
    key = signing.create_signing_key(factories.user(), PASSPHRASE)
    assert key.scrypt_n == 2**11
    monkeypatch.setitem(app.config, "SIGNING_SCRYPT_N", 2**13)
    signing.unlock(key, PASSPHRASE)  # the cost stored with the key is the one used
