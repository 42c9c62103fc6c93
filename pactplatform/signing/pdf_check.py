"""The one check of a PDF someone holds: is it, byte for byte, a document the platform's signers signed?

Two questions, answered in two layers:

1. **Is the file sound?** (`analyse`, no Flask or database.) pyHanko validates every embedded
   signature against the platform root: the digest of its byte range (`intact`), the signature
   over it (`valid`), the certificate chain (`trusted`), how much of the file it covers
   (`SignatureCoverageLevel`) and what its difference analysis makes of every incremental update
   that followed (`ModificationLevel`, or a `SuspiciousModification` finding). On top of that we
   check the file's structure ourselves: every revision after the first signed one must be a
   signature's own revision, and no byte may follow the last signature's byte range. A signature
   only ever covers *its revision*; an unsigned update or appended bytes after it are invisible to
   the flags above, which is exactly how a tampered pact once passed as "unchanged".

2. **Is it the document this page is about?** The platform knows each signed revision by the
   SHA-256 of its bytes (everything up to the end of the signature's byte range, signature
   included): the signed content, fixed the moment the signer signed, and the same in every copy of
   the file. Each domain that publishes signed PDFs registers a *finder* (`register_finder`) that
   maps such hashes to what it knows (`KnownSignature`: the document, its public link, the
   platform's record of the signature). The page (or API operation) that checks an upload says
   which document it expects (a `SignedDocument`, compared by `key`); anything else is
   `different_document`, named and linked when it is public. A hash beats the certificate (a signer signs many documents with
   one key) and beats text the PDF shows (anyone can print anything).

`check_pdf(data, expected)` puts both together into one `Verification` with one `verdict`:
`unsigned`, `invalid` (a signature fails), `modified_after_signing`, `different_document`, or
`intact`, in that order of precedence, plus per-signature detail. Pages render it with
`templates/_macros/verification.html`; the JSON API returns `Verification.as_json()`, so both use
the same words.

A new kind of signed PDF (the certification domain's certificates, say) plugs in with:

    pdf_check.register_finder("certificate", find_certificates)   # at import, like ledger records
    # find_certificates(hashes) -> {revision_sha256: KnownSignature(SignedDocument(("certificate", id), ...), ...)}
    verification = pdf_check.check_pdf(data, SignedDocument(("certificate", certificate.id), description, url))

storing the SHA-256 of each signed revision when it signs (the bytes `sign_pdf` returns).
"""
import hashlib
import io
import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from ..errors import OperationError
from ..ledger.canonical import iso_utc
from .pdf import outside_event_loop

logger = logging.getLogger(__name__)

UNSIGNED, INVALID, MODIFIED, DIFFERENT, INTACT = (
    "unsigned", "invalid", "modified_after_signing", "different_document", "intact")
VERDICTS = (INTACT, MODIFIED, DIFFERENT, UNSIGNED, INVALID)

VERDICT_LABELS = {
    INTACT: _l("Intact"),
    MODIFIED: _l("Modified after signing"),
    DIFFERENT: _l("Different document"),
    UNSIGNED: _l("Unsigned"),
    INVALID: _l("Invalid"),
}
# The one sentence a page leads with.
VERDICT_SENTENCES = {
    INTACT: _l("Intact: this PDF is the signed document of this page, unchanged since its last signature."),
    MODIFIED: _l("Modified after signing: this file was changed after it was signed, so what it shows is not "
                 "what was signed."),
    DIFFERENT: _l("Different document: the signatures are genuine, but they sign another document, not this one."),
    UNSIGNED: _l("Unsigned: this PDF carries no signature."),
    INVALID: _l("Invalid: at least one signature in this PDF does not verify."),
}
VERDICT_EXPLANATIONS = {
    INTACT: _l("Every signature in the file is valid and made with a certificate issued by the platform's root, "
               "together the signatures cover every byte of the file, and the signed content is the document "
               "published on this page."),
    MODIFIED: _l("A PDF signature covers the file as it was when the signer signed it. This file carries content "
                 "that no signer approved, after or between the signed parts: an incremental update (which can "
                 "add a note, change the text shown or replace a page) or appended data. A PDF reader may show "
                 "such changes as if they were part of the signed document. Rely only on the PDF published on "
                 "this page."),
    DIFFERENT: _l("Each signature is valid, but what it signs is not the document of this page. Check that you "
                  "chose the right file, or check it on the page of the document it belongs to."),
    UNSIGNED: _l("Nothing in this file is signed, so nothing in it can be checked against the signatures. The "
                 "signed PDF is published on this page."),
    INVALID: _l("A signature that does not verify means that the signed bytes were altered, even by one byte, or "
                "that the signature was not made with a certificate issued by the platform's root. Do not rely "
                "on this file."),
}

# pyHanko's SignatureCoverageLevel, in our words.
ENTIRE_FILE, ENTIRE_REVISION, PARTIAL = "entire_file", "entire_revision", "partial"
COVERAGE_LABELS = {
    ENTIRE_FILE: _l("the whole file"),
    ENTIRE_REVISION: _l("its own revision; later updates follow it"),
    PARTIAL: _l("only part of its revision"),
}
# pyHanko's ModificationLevel of what followed a signature, in our words. Signing adds a signature
# field, which pyHanko counts as form filling: later signatures are all our PDFs ever add.
MODIFICATION_LABELS = {
    "none": _l("none"),
    "lta_updates": _l("signature maintenance only"),
    "form_filling": _l("later signatures only"),
    "annotations": _l("annotations added"),
    "other": _l("changes the difference analysis does not accept"),
    None: _l("not analysed"),
}
ACCEPTED_MODIFICATIONS = ("none", "lta_updates", "form_filling")

# What was found about one signature, worst first.
FINDING_LABELS = {
    "invalid": _l("Does not verify: the signed bytes were altered"),
    "untrusted": _l("Certificate not issued by the platform's root"),
    "modified": _l("The file was changed after this signature"),
    "unknown_document": _l("Signs a document the platform does not hold"),
    "other_document": _l("Signs another document"),
    "ok": _l("Valid"),
}


class UnreadablePdf(ValueError):
    """The bytes are not a PDF whose signatures can be read."""


class TooLarge(OperationError):
    status = 413


@dataclass(frozen=True)
class SignedDocument:
    """A document as the platform knows it. `key` is what pages compare: ("action_version", 12, 3)."""

    key: tuple
    description: str
    url: str | None = None  # its public page; None when the document is not public


@dataclass(frozen=True)
class KnownSignature:
    """The platform's own record of one signed revision."""

    document: SignedDocument
    record: str  # who signed, as the platform recorded it
    record_url: str | None = None
    note: str | None = None  # e.g. that the endorsement was later withdrawn


Finder = Callable[[Collection[str]], dict[str, KnownSignature]]
_finders: dict[str, Finder] = {}


def register_finder(name: str, finder: Finder) -> None:
    """A domain tells which signed revisions (by SHA-256) it knows. Idempotent per name."""
    _finders[name] = finder


def find(hashes: Collection[str]) -> dict[str, KnownSignature]:
    known: dict[str, KnownSignature] = {}
    if hashes:
        for finder in _finders.values():
            known.update(finder(hashes))
    return known


@dataclass
class EmbeddedSignature:
    field: str
    signer: str  # the certificate's common name, as a PDF reader shows it
    signed_at: datetime | None  # as the signer's software reported it (no timestamp authority)
    chain: list[str]  # common names from the signer's certificate up to the root
    intact: bool  # the digest of the covered bytes matches
    valid: bool  # the signature over that digest verifies
    trusted: bool  # the certificate chains to the platform root
    byte_range: list[int]
    signed_until: int  # the end of the last byte the signature covers (exclusive)
    revision: int
    coverage: str
    modification_level: str | None
    difference_finding: str | None  # pyHanko's own words when it found a suspicious modification
    revision_sha256: str
    followed_by_unsigned: bool = False
    known: KnownSignature | None = None
    other_document: bool = False

    @property
    def verifies(self) -> bool:
        return self.intact and self.valid

    @property
    def modifications_accepted(self) -> bool:
        return (self.coverage in (ENTIRE_FILE, ENTIRE_REVISION) and self.modification_level in ACCEPTED_MODIFICATIONS
                and not self.followed_by_unsigned)

    @property
    def finding(self) -> str:
        if not self.verifies:
            return "invalid"
        if not self.trusted:
            return "untrusted"
        if not self.modifications_accepted:
            return "modified"
        if self.known is None:
            return "unknown_document"
        if self.other_document:
            return "other_document"
        return "ok"

    @property
    def finding_label(self):
        return FINDING_LABELS[self.finding]

    @property
    def coverage_label(self):
        return COVERAGE_LABELS[self.coverage]

    @property
    def modification_label(self):
        return MODIFICATION_LABELS[self.modification_level]

    def as_json(self) -> dict:
        return {
            "field": self.field,
            "signer": self.signer,
            "signed_at": iso_utc(self.signed_at),
            "signature_valid": self.verifies,
            "certificate_chain": self.chain,
            "chain_to_platform_root": self.trusted,
            "covered_range": {"byte_range": self.byte_range, "signed_until": self.signed_until,
                              "revision": self.revision, "coverage": self.coverage,
                              "coverage_label": str(self.coverage_label)},
            "modification_level": self.modification_level,
            "modification_label": str(self.modification_label),
            "modifications_accepted": self.modifications_accepted,
            "difference_analysis": self.difference_finding,
            "revision_sha256": self.revision_sha256,
            "finding": self.finding,
            "finding_label": str(self.finding_label),
            "record": None if self.known is None else {
                "document": str(self.known.document.description), "document_url": self.known.document.url,
                "signature": str(self.known.record), "signature_url": self.known.record_url,
                "note": None if self.known.note is None else str(self.known.note),
            },
        }


@dataclass
class PdfAnalysis:
    """What the file itself says, before anyone asks which document it is."""

    size: int
    signatures: list[EmbeddedSignature]
    bytes_after_last_signature: int = 0
    unsigned_updates: int = 0  # revisions after the first signed one that no signature covers


def _trust_roots(root_pem: bytes):
    from asn1crypto import pem as asn1_pem
    from asn1crypto import x509 as asn1_x509

    _, _, der = asn1_pem.unarmor(root_pem)
    return [asn1_x509.Certificate.load(der)]


def _coverage(level) -> str:
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    return {SignatureCoverageLevel.ENTIRE_FILE: ENTIRE_FILE,
            SignatureCoverageLevel.ENTIRE_REVISION: ENTIRE_REVISION}.get(level, PARTIAL)


def _name(certificate) -> str:
    """The certificate's common name, as PDF readers show a signer; the whole subject if it has none."""
    return certificate.subject.native.get("common_name") or certificate.subject.human_friendly


def _one(embedded, context, data: bytes) -> EmbeddedSignature:
    from pyhanko.sign.diff_analysis import SuspiciousModification
    from pyhanko.sign.validation import validate_pdf_signature

    status = outside_event_loop(lambda: validate_pdf_signature(embedded, context))
    path = status.validation_path
    chain = ([_name(c) for c in reversed(list(path.iter_certs(include_root=True)))]
             if path is not None else [_name(status.signing_cert)])
    level = status.modification_level
    byte_range = [int(n) for n in embedded.byte_range]
    # A byte range is pairs of (start, length); an odd one is reported by pyHanko's coverage as partial.
    end = max((start + length for start, length in zip(byte_range[::2], byte_range[1::2])), default=0)
    return EmbeddedSignature(
        field=embedded.field_name,
        signer=_name(status.signing_cert),
        signed_at=status.signer_reported_dt,
        chain=chain,
        intact=bool(status.intact),
        valid=bool(status.valid),
        # pyHanko's `trusted` also requires an intact signature; the chain is a question of its own.
        trusted=path is not None and status.trust_problem_indic is None,
        byte_range=byte_range,
        signed_until=end,
        revision=embedded.signed_revision,
        coverage=_coverage(status.coverage),
        modification_level=level.name.lower() if level is not None else None,
        difference_finding=str(status.diff_result) if isinstance(status.diff_result, SuspiciousModification) else None,
        revision_sha256=hashlib.sha256(data[:end]).hexdigest(),
    )


def analyse(data: bytes, root_pem: bytes) -> PdfAnalysis:
    """Validate every embedded signature against `root_pem` and check what follows each one."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko_certvalidator import ValidationContext

    if not data.startswith(b"%PDF-"):
        raise UnreadablePdf("not a PDF")
    context = ValidationContext(trust_roots=_trust_roots(root_pem), allow_fetching=False)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
        signatures = [_one(e, context, data) for e in embedded]
        revisions = reader.xrefs.total_revisions
    except Exception as error:  # noqa: BLE001
        # Hostile input reaches deep into pyHanko, whose errors span many classes: a file it cannot
        # read is the uploader's problem, never a server error.
        logger.info("unreadable PDF upload: %r", error)
        raise UnreadablePdf(str(error)) from error
    analysis = PdfAnalysis(size=len(data), signatures=signatures)
    if not signatures:
        return analysis
    signatures.sort(key=lambda s: (s.revision, s.signed_until))
    signed_revisions = {s.revision for s in signatures}
    unsigned = [r for r in range(signatures[0].revision + 1, revisions) if r not in signed_revisions]
    analysis.unsigned_updates = len(unsigned)
    analysis.bytes_after_last_signature = max(len(data) - max(s.signed_until for s in signatures), 0)
    for signature in signatures:
        signature.followed_by_unsigned = (analysis.bytes_after_last_signature > 0
                                          or any(r > signature.revision for r in unsigned))
    return analysis


@dataclass
class Verification:
    verdict: str
    analysis: PdfAnalysis
    expected: SignedDocument
    reasons: list = field(default_factory=list)
    other_documents: list[SignedDocument] = field(default_factory=list)
    notes: list = field(default_factory=list)  # what the page's own domain adds (e.g. signatures missing)

    @property
    def signatures(self) -> list[EmbeddedSignature]:
        return self.analysis.signatures

    @property
    def label(self):
        return VERDICT_LABELS[self.verdict]

    @property
    def sentence(self):
        return VERDICT_SENTENCES[self.verdict]

    @property
    def explanation(self):
        return VERDICT_EXPLANATIONS[self.verdict]

    def as_json(self) -> dict:
        analysis = self.analysis
        return {
            "verdict": self.verdict,
            "verdict_label": str(self.label),
            "summary": str(self.sentence),
            "explanation": str(self.explanation),
            "reasons": [str(reason) for reason in self.reasons],
            "expected_document": _document_json(self.expected),
            "other_documents": [_document_json(d) for d in self.other_documents],
            "notes": [str(note) for note in self.notes],
            "file": {"size": analysis.size, "signatures": len(analysis.signatures),
                     "bytes_after_last_signature": analysis.bytes_after_last_signature,
                     "unsigned_updates": analysis.unsigned_updates},
            "signatures": [s.as_json() for s in analysis.signatures],
        }


def _document_json(document: SignedDocument) -> dict:
    return {"description": str(document.description), "url": document.url}


def _reasons_modified(analysis: PdfAnalysis) -> list:
    reasons = []
    if analysis.unsigned_updates:
        reasons.append(ngettext(
            "%(num)s incremental update after the first signature carries no signature.",
            "%(num)s incremental updates after the first signature carry no signature.",
            analysis.unsigned_updates))
    elif analysis.bytes_after_last_signature:  # bytes that are not even an update: appended to the file
        reasons.append(ngettext(
            "%(num)s byte was appended after the last signed byte.",
            "%(num)s bytes were appended after the last signed byte.",
            analysis.bytes_after_last_signature))
    for s in analysis.signatures:
        if s.coverage == PARTIAL:
            reasons.append(_l("The signature of %(signer)s covers only part of its revision.", signer=s.signer))
        elif s.modification_level not in ACCEPTED_MODIFICATIONS:
            reasons.append(_l("The difference analysis does not accept the changes made after the signature of "
                              "%(signer)s.", signer=s.signer))
    return reasons


def verdict_of(analysis: PdfAnalysis, expected: SignedDocument) -> Verification:
    """The verdict, once `find` has told each signature what it signs (EmbeddedSignature.known)."""
    signatures = analysis.signatures
    if not signatures:
        return Verification(UNSIGNED, analysis, expected)
    for s in signatures:
        s.other_document = s.known is not None and s.known.document.key != expected.key
    failing = [s for s in signatures if not s.verifies or not s.trusted]
    if failing:
        return Verification(INVALID, analysis, expected, reasons=[
            _l("The signature of %(signer)s does not verify: the signed bytes were altered.", signer=s.signer)
            if not s.verifies else
            _l("The certificate of %(signer)s does not chain to the platform's root.", signer=s.signer)
            for s in failing])
    if any(not s.modifications_accepted for s in signatures):
        return Verification(MODIFIED, analysis, expected, reasons=_reasons_modified(analysis))
    foreign = [s for s in signatures if s.known is None or s.other_document]
    if foreign:
        others: list[SignedDocument] = []
        for s in foreign:
            if s.known is not None and s.known.document not in others:
                others.append(s.known.document)
        return Verification(DIFFERENT, analysis, expected, other_documents=others, reasons=[
            _l("The signature of %(signer)s signs %(document)s.", signer=s.signer, document=s.known.document.description)
            if s.known is not None else
            _l("The signature of %(signer)s signs a document this platform does not hold.", signer=s.signer)
            for s in foreign])
    return Verification(INTACT, analysis, expected)


def check_pdf(data: bytes, expected: SignedDocument, root_pem: bytes | None = None) -> Verification:
    """The whole check of an uploaded PDF, for the page (or API operation) about the document `expected`."""
    if root_pem is None:
        from .ca import root_certificate_pem  # needs an app context; an explicit root does not

        root_pem = root_certificate_pem()
    analysis = analyse(data, root_pem)
    known = find({s.revision_sha256 for s in analysis.signatures})
    for signature in analysis.signatures:
        signature.known = known.get(signature.revision_sha256)
    return verdict_of(analysis, expected)


# Uploads ------------------------------------------------------------------------------------------

MAX_PDF_BYTES = 10 * 1024 * 1024
TOO_LARGE = _l("The PDF is larger than 10 MB.")


def checked_upload(data: bytes | None) -> bytes:
    """The bytes of an uploaded PDF, or an OperationError on the `document` field."""
    if not data:
        raise OperationError(_l("Choose the PDF file to check."), field="document")
    if len(data) > MAX_PDF_BYTES:
        raise TooLarge(TOO_LARGE, field="document")
    if not data.startswith(b"%PDF-"):
        raise OperationError(_l("This file is not a PDF."), field="document")
    return data


def verify_upload(data: bytes | None, expected: SignedDocument) -> Verification:
    """What the upload page and the API operation share: checked bytes in, one Verification out."""
    data = checked_upload(data)
    try:
        return check_pdf(data, expected)
    except UnreadablePdf:
        raise OperationError(_l("This PDF could not be read: its structure is damaged."), field="document") from None
