"""PAdES signatures inside PDFs, one per signatory, each in its own incremental update.

An incremental update appends to the file and leaves earlier bytes untouched, so each earlier
signature still covers exactly the revision its signer saw.
"""
import asyncio
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from typing import Callable, TypeVar

from asn1crypto import keys as asn1_keys
from asn1crypto import pem as asn1_pem
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore


_SPKI = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
T = TypeVar("T")


def outside_event_loop(work: Callable[[], T]) -> T:
    """pyHanko's synchronous API calls asyncio.run(), which fails in a thread whose event loop is
    running (an async server, or Playwright's sync API in the tests); such callers get a worker thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


def _asn1_certificate(pem: bytes | str) -> asn1_x509.Certificate:
    data = pem.encode("ascii") if isinstance(pem, str) else pem
    if asn1_pem.detect(data):
        _, _, data = asn1_pem.unarmor(data)
    return asn1_x509.Certificate.load(data)


def _asn1_private_key(private_key: ec.EllipticCurvePrivateKey) -> asn1_keys.PrivateKeyInfo:
    der = private_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return asn1_keys.PrivateKeyInfo.load(der)


def sign_pdf(
    pdf_bytes: bytes,
    private_key: ec.EllipticCurvePrivateKey,
    certificate_pem: bytes | str,
    *,
    field_name: str,
    reason: str,
    location: str | None = None,
    signer_name: str | None = None,
    chain_pems: list[bytes | str] | None = None,
) -> bytes:
    """Append one invisible PAdES (B-B) signature in a new signature field `field_name`.

    `chain_pems` are certificates to embed beside the signer's (by default the platform root,
    so a reader that trusts the root needs nothing else to build the path).
    """
    signing_cert = _asn1_certificate(certificate_pem)
    certified = serialization.load_der_public_key(signing_cert.public_key.dump())
    if certified.public_bytes(*_SPKI) != private_key.public_key().public_bytes(*_SPKI):
        # pyHanko would embed a signature that no reader can verify.
        raise ValueError("the private key does not belong to the certificate")
    if chain_pems is None:
        from .ca import root_certificate_pem  # needs an app context; explicit chains do not

        chain_pems = [root_certificate_pem()]
    signer = signers.SimpleSigner(
        signing_cert=signing_cert,
        signing_key=_asn1_private_key(private_key),
        cert_registry=SimpleCertificateStore.from_certs([_asn1_certificate(pem) for pem in chain_pems]),
    )
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name,
        reason=reason,
        location=location,
        name=signer_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    writer = IncrementalPdfFileWriter(BytesIO(pdf_bytes))
    output = BytesIO()
    pdf_signer = signers.PdfSigner(metadata, signer, new_field_spec=fields.SigFieldSpec(sig_field_name=field_name))
    outside_event_loop(lambda: pdf_signer.sign_pdf(writer, output=output))
    return output.getvalue()
