"""The JSON answer of a PDF check (signing/pdf_check.py), declared once for every domain whose
documents can be uploaded and checked (pacts, monitoring reports, certificates)."""
from marshmallow import Schema, fields
from marshmallow.validate import OneOf

from ..web.api import Integer
from . import pdf_check


class DocumentOut(Schema):
    description = fields.String(required=True)
    url = fields.String(required=True, allow_none=True, metadata={"description": "its public page; null when not public"})


class RecordOut(Schema):
    document = fields.String(required=True)
    document_url = fields.String(required=True, allow_none=True)
    signature = fields.String(required=True, metadata={"description": "the platform's record of this signature"})
    signature_url = fields.String(required=True, allow_none=True)
    note = fields.String(required=True, allow_none=True)


class CoveredRangeOut(Schema):
    byte_range = fields.List(Integer(), required=True, metadata={"description": "the signature's /ByteRange"})
    signed_until = Integer(required=True, metadata={"description": "the last signed byte (exclusive)"})
    revision = Integer(required=True)
    coverage = fields.String(required=True, validate=OneOf(list(pdf_check.COVERAGE_LABELS)))
    coverage_label = fields.String(required=True)


class EmbeddedSignatureOut(Schema):
    field = fields.String(required=True)
    signer = fields.String(required=True, metadata={"description": "the common name of the signer's certificate"})
    signed_at = fields.String(required=True, allow_none=True, metadata={"description": "as the signer reported it"})
    signature_valid = fields.Boolean(required=True)
    certificate_chain = fields.List(fields.String(), required=True,
                                    metadata={"description": "common names, signer first, root last"})
    chain_to_platform_root = fields.Boolean(required=True)
    covered_range = fields.Nested(CoveredRangeOut, required=True)
    modification_level = fields.String(required=True, allow_none=True, metadata={
        "description": "pyHanko's ModificationLevel of what followed: none, lta_updates, form_filling, annotations, "
                       "other; null when the difference analysis could not run"})
    modification_label = fields.String(required=True)
    modifications_accepted = fields.Boolean(required=True)
    difference_analysis = fields.String(required=True, allow_none=True,
                                        metadata={"description": "pyHanko's finding on a suspicious modification"})
    revision_sha256 = fields.String(required=True)
    finding = fields.String(required=True, validate=OneOf(list(pdf_check.FINDING_LABELS)))
    finding_label = fields.String(required=True)
    record = fields.Nested(RecordOut, required=True, allow_none=True)


class FileOut(Schema):
    size = Integer(required=True)
    signatures = Integer(required=True)
    bytes_after_last_signature = Integer(required=True)
    unsigned_updates = Integer(required=True)


class VerificationOut(Schema):
    verdict = fields.String(required=True, validate=OneOf(pdf_check.VERDICTS))
    verdict_label = fields.String(required=True)
    summary = fields.String(required=True, metadata={"description": "the one sentence the verification page leads with"})
    explanation = fields.String(required=True)
    reasons = fields.List(fields.String(), required=True)
    expected_document = fields.Nested(DocumentOut, required=True)
    other_documents = fields.List(fields.Nested(DocumentOut), required=True)
    notes = fields.List(fields.String(), required=True)
    file = fields.Nested(FileOut, required=True)
    signatures = fields.List(fields.Nested(EmbeddedSignatureOut), required=True)
