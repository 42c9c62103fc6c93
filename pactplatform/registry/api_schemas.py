"""What the registry's API takes and answers (web/api.py turns these into the OpenAPI document)."""
from marshmallow import Schema, fields
from marshmallow.validate import Length, OneOf, Range


from ..orgs.models import KINDS as ORGANISATION_KINDS
from ..web.api import MAX_PER_PAGE, PLAIN_TEXT, CursorPage, CursorQuery, Id, Integer, QuerySchema
from .models import KINDS
from .queries import ORGANISATION_SORTS


class OrganisationListQuery(CursorQuery):
    q = fields.String(validate=[Length(min=1, max=200), PLAIN_TEXT], metadata={
        "description": "Search: name (typos and legal forms forgiven), former name, NIB or NPWP, raw or formatted."})
    kind = fields.String(validate=OneOf(ORGANISATION_KINDS))
    sector = fields.String(validate=[Length(min=1, max=100), PLAIN_TEXT])
    sort = fields.String(load_default="name", validate=OneOf(tuple(ORGANISATION_SORTS)))


class OrganisationOut(Schema):
    id = Integer(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True, validate=OneOf(ORGANISATION_KINDS))
    sector = fields.String(required=True)
    nib = fields.String(required=True, allow_none=True, metadata={"description": "Masked."})
    npwp = fields.String(required=True, allow_none=True, metadata={"description": "Masked."})
    url = fields.String(required=True)


class OrganisationPage(CursorPage):
    items = fields.List(fields.Nested(OrganisationOut), required=True)


class Commitment(Schema):
    signature_id = Integer(required=True)
    action_id = Integer(required=True)
    action = fields.String(required=True)
    role = fields.String(required=True)
    signed_at = fields.String(required=True)
    withdrawn = fields.Boolean(required=True)
    log_index = Integer(required=True, allow_none=True, metadata={"description": "Its entry in the transparency "
                        "log (/api/v1/log/entries/{index}), null if it predates the log."})


class SanctionRef(Schema):
    id = Integer(required=True)
    kind = fields.String(required=True)
    decided_on = fields.Date(required=True, allow_none=True)
    url = fields.String(required=True)
    log_index = Integer(required=True, allow_none=True)


class CertificateRef(Schema):
    id = Integer(required=True)
    number = fields.String(required=True)
    level = fields.String(required=True)
    expires_on = fields.Date(required=True)
    log_index = Integer(required=True, allow_none=True)


class Passport(OrganisationOut):
    commitments = fields.List(fields.Nested(Commitment), required=True, metadata={
        "description": "The latest signatures first, at most 100 (see commitments_total)."})
    commitments_total = Integer(required=True)
    sanctions = fields.List(fields.Nested(SanctionRef), required=True)
    certificates = fields.List(fields.Nested(CertificateRef), required=True)


class SearchQuery(QuerySchema):
    q = fields.String(required=True, validate=[Length(min=1, max=200), PLAIN_TEXT])
    kind = fields.String(validate=OneOf(KINDS))
    tenant = Id()
    status = fields.String(validate=[Length(min=1, max=16), PLAIN_TEXT])
    sector = fields.String(validate=[Length(min=1, max=100), PLAIN_TEXT])
    region = fields.String(validate=[Length(min=1, max=100), PLAIN_TEXT])
    per_page = Integer(load_default=20, validate=Range(min=1, max=MAX_PER_PAGE))


class SearchHit(Schema):
    kind = fields.String(required=True, validate=OneOf(KINDS))
    id = Integer(required=True)
    title = fields.String(required=True)
    highlighted = fields.String(required=True, metadata={"description": "The title as HTML, matches in <mark>, "
                                "the rest escaped."})
    tenant = Integer(required=True, allow_none=True)
    status = fields.String(required=True)
    sector = fields.String(required=True)
    region = fields.String(required=True)
    url = fields.String(required=True)


class FacetValue(Schema):
    value = fields.String(required=True)
    count = Integer(required=True)


class Facets(Schema):
    kind = fields.List(fields.Nested(FacetValue), required=True)
    tenant = fields.List(fields.Nested(FacetValue), required=True)
    status = fields.List(fields.Nested(FacetValue), required=True)
    sector = fields.List(fields.Nested(FacetValue), required=True)
    region = fields.List(fields.Nested(FacetValue), required=True)


class SearchOut(Schema):
    query = fields.String(required=True)
    fuzzy = fields.Boolean(required=True, metadata={"description": "No exact or prefix match: close names."})
    items = fields.List(fields.Nested(SearchHit), required=True)
    facets = fields.Nested(Facets, required=True)
