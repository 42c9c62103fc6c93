"""The domain-neutral PDF check: what a file's structure says, and how a finder names what it signs."""
import hashlib

import pytest

from pactplatform.documents.pdf import render_pdf
from pactplatform.errors import OperationError
from pactplatform.signing import pdf_check
from pactplatform.signing.pdf import sign_pdf
from tests import pdf_tampering
from tests.signing.test_pdf import signer

EXPECTED = pdf_check.SignedDocument(("sample", 1), "the sample", "/samples/1")


@pytest.fixture
def sample(app_ctx):
    return render_pdf("test_sample.html", title="Pakta Integritas", body="Kami tidak akan menawarkan suap.")


def signed(pdf: bytes, n: int) -> bytes:
    private_key, certificate_pem = signer(f"Penanda Tangan {n}", n)
    return sign_pdf(pdf, private_key, certificate_pem, field_name=f"Signature{n}", reason="Uji")


@pytest.fixture
def known(monkeypatch):
    """A finder that knows the revisions added to it, as a domain registers its own at start-up."""
    revisions: dict[str, pdf_check.KnownSignature] = {}
    monkeypatch.setitem(pdf_check._finders, "sample", lambda hashes: {h: revisions[h] for h in hashes if h in revisions})

    def add(pdf: bytes, document=EXPECTED):
        revisions[hashlib.sha256(pdf).hexdigest()] = pdf_check.KnownSignature(document, "a record")
    return add


def test_an_intact_file_names_its_records(sample, known):
    once = signed(sample, 1)
    twice = signed(once, 2)
    known(once)
    known(twice)
    result = pdf_check.check_pdf(twice, EXPECTED)
    assert result.verdict == pdf_check.INTACT
    assert [s.known.record for s in result.signatures] == ["a record", "a record"]
    assert [s.revision_sha256 for s in result.signatures] == [hashlib.sha256(p).hexdigest() for p in (once, twice)]


def test_a_revision_nobody_recorded_is_a_different_document(sample, known):
    result = pdf_check.check_pdf(signed(sample, 1), EXPECTED)
    assert result.verdict == pdf_check.DIFFERENT
    assert result.signatures[0].finding == "unknown_document" and result.other_documents == []


def test_an_unsigned_update_between_two_signatures_is_a_modification(sample, known):
    once = signed(sample, 1)
    # The second signer signed a file someone had already changed: their signature covers the change,
    # the first one does not.
    twice = signed(pdf_tampering.add_visible_annotation(once), 2)
    known(once)
    known(twice)
    result = pdf_check.check_pdf(twice, EXPECTED)
    assert result.verdict == pdf_check.MODIFIED
    assert result.analysis.unsigned_updates == 1 and result.analysis.bytes_after_last_signature == 0
    first, second = result.signatures
    assert first.finding == "modified" and second.finding == "ok"


def test_an_unsigned_file(sample):
    result = pdf_check.check_pdf(sample, EXPECTED)
    assert result.verdict == pdf_check.UNSIGNED and result.signatures == []


def test_uploads_are_checked_before_anything_is_parsed(sample):
    for data, status in ((b"", 422), (b"GIF89a", 422), (b"%PDF-1.7\n" + b"0" * pdf_check.MAX_PDF_BYTES, 413)):
        with pytest.raises(OperationError) as refused:
            pdf_check.verify_upload(data, EXPECTED)
        assert refused.value.status == status and refused.value.field == "document"


def test_a_damaged_pdf_is_refused_not_a_crash(app_ctx):
    with pytest.raises(OperationError) as refused:
        pdf_check.verify_upload(b"%PDF-1.7\n1 0 obj <</Type /Catalog /Pages 9 0 R>>\nstartxref\n999\n%%EOF", EXPECTED)
    assert refused.value.status == 422
