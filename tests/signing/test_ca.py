import os
import stat

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from pactplatform.signing import ca
from tests.signing.conftest import run


def test_root_is_a_self_signed_p256_ca_generated_once_into_the_instance_folder(app, app_ctx, tmp_path):
    pem = ca.root_certificate_pem()
    assert ca.root_certificate_pem() == pem
    root = x509.load_pem_x509_certificate(pem)
    assert root.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "PactPlatform Root CA"
    assert root.issuer == root.subject
    root.verify_directly_issued_by(root)
    assert isinstance(root.public_key(), ec.EllipticCurvePublicKey)
    assert root.public_key().curve.name == "secp256r1"

    constraints = root.extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.critical and constraints.value.ca
    usage = root.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and usage.value.key_cert_sign and usage.value.crl_sign
    assert not usage.value.digital_signature
    root.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)

    for name in (ca.ROOT_KEY_FILE, ca.ROOT_CERT_FILE):
        mode = os.stat(os.path.join(app.instance_path, name)).st_mode
        assert stat.S_IMODE(mode) == 0o600

    (tmp_path / "root.pem").write_bytes(pem)
    result = run("openssl", "verify", "-CAfile", "root.pem", "root.pem", cwd=tmp_path)
    assert result.stdout.strip() == "root.pem: OK", result.stderr


def test_a_new_instance_folder_gets_its_own_root(app, app_ctx, tmp_path):
    assert ca.root_certificate_pem(str(tmp_path)) != ca.root_certificate_pem()
