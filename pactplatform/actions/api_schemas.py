"""What the public actions API takes and answers, declared once: the OpenAPI document and the JSON
both come from these schemas (web/api.py)."""
from marshmallow import Schema, fields
from marshmallow.validate import Length, OneOf

from ..ledger.api_schemas import UtcDateTime
from ..web.api import PLAIN_TEXT, CursorPage, Integer, LegacyCursorQuery
from . import policies
from .models import DRAFT, STATUSES
from .operations import TENDER_STAGES

PUBLIC_STATUSES = tuple(s for s in STATUSES if s != DRAFT)
ROLES = tuple(policies.PARTY_ROLE_LABELS)


class ActionListQuery(LegacyCursorQuery):
    q = fields.String(validate=[Length(min=1, max=200), PLAIN_TEXT], metadata={
        "description": "Search titles and tender codes (prefix matching; close titles when nothing matches exactly)."})
    kind = fields.String(validate=OneOf(policies.KINDS), metadata={"description": "Only actions of this kind."})
    status = fields.String(validate=OneOf(PUBLIC_STATUSES), metadata={"description": "Only actions in this status."})


class TenantRef(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)


class OrganisationRef(Schema):
    id = Integer(required=True)
    name = fields.String(required=True)


class ActionSummary(Schema):
    id = Integer(required=True)
    kind = fields.String(required=True, validate=OneOf(policies.KINDS))
    title = fields.String(required=True)
    status = fields.String(required=True, validate=OneOf(PUBLIC_STATUSES))
    tenant = fields.Nested(TenantRef, required=True)
    starts_on = fields.Date(required=True, allow_none=True)
    ends_on = fields.Date(required=True, allow_none=True)
    upgraded_from = Integer(required=True, allow_none=True, metadata={"description": "Id of the action this one "
                                                                      "was upgraded from."})
    url = fields.String(required=True, metadata={"description": "The public page of the action."})


class ActionPage(CursorPage):
    items = fields.List(fields.Nested(ActionSummary), required=True)


class Tender(Schema):
    code = fields.String(required=True)
    title = fields.String(required=True)
    year = Integer(required=True)
    stage = fields.String(required=True, validate=OneOf(TENDER_STAGES))
    procuring_entity = fields.Nested(OrganisationRef, required=True)
    budget_ceiling = Integer(required=True, metadata={"description": "Whole rupiah."})
    owner_estimate = Integer(required=True, metadata={"description": "Owner's estimate (HPS), whole rupiah."})
    currency = fields.String(required=True, validate=OneOf(("IDR",)))


class Party(Schema):
    id = Integer(required=True)
    organisation = fields.Nested(OrganisationRef, required=True)
    role = fields.String(required=True, validate=OneOf(ROLES))
    parent_party = Integer(required=True, allow_none=True, metadata={"description": "For a subcontractor: the "
                                                                     "bidder's party id."})


class Monitor(Schema):
    name = fields.String(required=True)


class DocumentVersion(Schema):
    number = Integer(required=True)
    text = fields.String(required=True, metadata={"description": "The exact text (Markdown) that was signed."})
    sha256 = fields.String(required=True, metadata={"description": "SHA-256 of the UTF-8 text, hex."})
    created_at = UtcDateTime(required=True)
    signed = fields.Boolean(required=True)
    in_force = fields.Boolean(required=True, metadata={"description": "Whether this is the version in force."})


class Signer(Schema):
    id = Integer(required=True)
    name = fields.String(required=True)


class Signature(Schema):
    id = Integer(required=True)
    organisation = fields.Nested(OrganisationRef, required=True)
    role = fields.String(required=True, validate=OneOf(ROLES))
    signer = fields.Nested(Signer, required=True)
    document_version = Integer(required=True)
    signed_at = UtcDateTime(required=True)
    payload = fields.String(required=True, metadata={"description": "The exact canonical JSON that was signed."})
    signature = fields.String(required=True, metadata={"description": "ECDSA P-256 over the payload, base64 DER."})
    certificate = fields.String(required=True, metadata={"description": "The signer's certificate, PEM."})
    withdrawn_at = UtcDateTime(required=True, allow_none=True)
    withdrawal_reason = fields.String(required=True, allow_none=True)
    verification_url = fields.String(required=True)


class ActionDetail(ActionSummary):
    summary = fields.String(required=True)
    tender = fields.Nested(Tender, required=True, allow_none=True)
    parties = fields.List(fields.Nested(Party), required=True)
    monitors = fields.List(fields.Nested(Monitor), required=True)
    current_version = Integer(required=True, allow_none=True)
    in_force_version = Integer(required=True, allow_none=True, metadata={
        "description": "The latest version signed as the kind requires (every party of a pact): what binds."})
    pending_amendment = Integer(required=True, allow_none=True, metadata={
        "description": "A newer version awaiting signatures, shown beside the one in force."})
    document_versions = fields.List(fields.Nested(DocumentVersion), required=True)
    signatures = fields.List(fields.Nested(Signature), required=True)
    pdf_url = fields.String(required=True)
