"""What the public certificates API takes and answers, declared once (web/api.py)."""
from marshmallow import Schema, fields
from marshmallow.validate import Length, OneOf, Regexp

from ..ledger.api_schemas import UtcDateTime
from ..web.api import PLAIN_TEXT, CursorPage, Id, Integer, LegacyCursorQuery, QuerySchema
from .models import CERTIFICATE_STATUSES, DECREE_KINDS

STATUS_FILTERS = (*CERTIFICATE_STATUSES, "all")
CODE = Regexp(r"^[a-z0-9_]+$", error="Use lower-case letters, digits and underscores.")
SLUG = Regexp(r"^[a-z0-9-]+$", error="Use a tenant's slug: lower-case letters, digits and hyphens.")


class CertificateListQuery(LegacyCursorQuery):
    status = fields.String(load_default="active", validate=OneOf(STATUS_FILTERS), metadata={
        "description": "Status on the day of the request, computed from the dates, the decrees and the sanctions "
                       "in force against the holder; `all` for every certificate. Default: active."})
    scheme = Id(metadata={"description": "Only certificates under the scheme with this id."})
    level = fields.String(validate=[Length(min=1, max=32), CODE],
                          metadata={"description": "Level code, e.g. certified, wbk."})
    tenant = fields.String(validate=[Length(min=1, max=63), SLUG], metadata={"description": "Slug of the issuing tenant."})
    sector = fields.String(validate=[Length(min=1, max=100), PLAIN_TEXT], metadata={"description": "The holder's sector."})
    region = fields.String(validate=[Length(min=1, max=100), PLAIN_TEXT],
                           metadata={"description": "Region of the certificate."})
    organisation = Id(metadata={"description": "Only certificates held by the organisation with this id."})


class CertificateQuery(QuerySchema):
    tenant = fields.String(validate=[Length(min=1, max=63), SLUG], metadata={
        "description": "Slug of the issuing tenant, when two tenants use the same number."})


class Holder(Schema):
    id = Integer(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True, validate=OneOf(("firm", "public_body")))
    sector = fields.String(required=True)
    nib = fields.String(required=True, allow_none=True, metadata={"description": "Masked."})


class IssuingTenant(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)


class SchemeRef(Schema):
    id = Integer(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True, validate=OneOf(("coalition", "zona_integritas")))
    version = Integer(required=True)
    version_sha256 = fields.String(required=True)


class Level(Schema):
    code = fields.String(required=True)
    label = fields.String(required=True)


class StatusReason(Schema):
    decree_id = Integer(required=True, allow_none=True)
    sanction_id = Integer(required=True, allow_none=True)
    text = fields.String(required=True)


class Decree(Schema):
    kind = fields.String(required=True, validate=OneOf(DECREE_KINDS))
    reason = fields.String(required=True)
    effective_on = fields.Date(required=True)
    until = fields.Date(required=True, allow_none=True)
    at = UtcDateTime(required=True)
    signature_valid = fields.Boolean(required=True)


class Auditor(Schema):
    name = fields.String(required=True)
    no_conflict_signed_at = UtcDateTime(required=True, allow_none=True)


class Certificate(Schema):
    number = fields.String(required=True)
    status = fields.String(required=True, validate=OneOf(CERTIFICATE_STATUSES))
    status_reason = fields.Nested(StatusReason, required=True, allow_none=True)
    holder = fields.Nested(Holder, required=True)
    tenant = fields.Nested(IssuingTenant, required=True)
    scheme = fields.Nested(SchemeRef, required=True)
    level = fields.Nested(Level, required=True)
    scope = fields.String(required=True)
    region = fields.String(required=True)
    issued_on = fields.Date(required=True)
    expires_on = fields.Date(required=True)
    renews = fields.String(required=True, allow_none=True, metadata={"description": "Number of the renewed one."})
    auditors = fields.List(fields.Nested(Auditor), required=True)
    audit_total = fields.String(required=True, metadata={"description": "The auditor's total, two decimals."})
    decided_by = fields.String(required=True)
    decrees = fields.List(fields.Nested(Decree), required=True)
    pdf_sha256 = fields.String(required=True, allow_none=True)
    url = fields.String(required=True)
    pdf_url = fields.String(required=True)


class CertificateDetail(Certificate):
    """The same record as a list item (its own class: see sanctions/api_schemas.SanctionDetail)."""


class CertificatePage(CursorPage):
    items = fields.List(fields.Nested(Certificate), required=True)
    as_of = fields.Date(required=True, metadata={"description": "The day the statuses were computed for."})
