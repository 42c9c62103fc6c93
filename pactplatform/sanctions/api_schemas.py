"""What the public sanctions API takes and answers, declared once (web/api.py)."""
from marshmallow import Schema, fields
from marshmallow.validate import OneOf

from ..ledger.api_schemas import UtcDateTime
from ..web.api import CursorPage, Id, Integer, LegacyCursorQuery
from .models import CANCELLED, DECIDED, KINDS, PROPOSED, PUBLIC_STATUSES, SUSPENDED

STORED_STATUSES = (PROPOSED, DECIDED, SUSPENDED, CANCELLED)


class SanctionListQuery(LegacyCursorQuery):
    status = fields.String(validate=OneOf(PUBLIC_STATUSES), metadata={
        "description": "Effective status on the day of the request, computed from the dates."})
    kind = fields.String(validate=OneOf(KINDS))
    organisation = Id(metadata={"description": "Only sanctions of the organisation with this id."})


class MaskedOrganisation(Schema):
    id = Integer(required=True)
    name = fields.String(required=True)
    nib = fields.String(required=True, allow_none=True, metadata={"description": "Masked."})
    npwp = fields.String(required=True, allow_none=True, metadata={"description": "Masked."})


class SanctionTenant(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)


class Referral(Schema):
    referred_to = fields.String(required=True)
    subject = fields.String(required=True)


class SanctionAction(Schema):
    id = Integer(required=True)
    title = fields.String(required=True)
    url = fields.String(required=True)


class SanctionTender(Schema):
    code = fields.String(required=True)
    title = fields.String(required=True)
    year = Integer(required=True)


class SanctionCase(Schema):
    id = Integer(required=True)
    violation_type = fields.String(required=True)
    stage = fields.String(required=True)
    severity = fields.String(required=True)


class SanctionChange(Schema):
    event = fields.String(required=True, metadata={"description": "proposed, decided, objection_filed, …"})
    from_status = fields.String(required=True, allow_none=True, validate=OneOf(STORED_STATUSES))
    to_status = fields.String(required=True, validate=OneOf(STORED_STATUSES))
    decree_number = fields.String(required=True, allow_none=True)
    reason = fields.String(required=True)
    at = UtcDateTime(required=True)


class Sanction(Schema):
    id = Integer(required=True)
    organisation = fields.Nested(MaskedOrganisation, required=True)
    kind = fields.String(required=True, validate=OneOf(KINDS))
    status = fields.String(required=True, validate=OneOf(PUBLIC_STATUSES))
    decree_number = fields.String(required=True)
    legal_basis = fields.String(required=True)
    grounds = fields.String(required=True)
    issuing_unit = fields.String(required=True)
    tenant = fields.Nested(SanctionTenant, required=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True, allow_none=True)
    released_on = fields.Date(required=True, allow_none=True)
    decided_on = fields.Date(required=True, allow_none=True)
    objection_deadline = fields.Date(required=True, allow_none=True)
    in_force_from = fields.Date(required=True, allow_none=True)
    referral = fields.Nested(Referral, required=True, allow_none=True)
    conditions = fields.String(required=True, allow_none=True)
    action = fields.Nested(SanctionAction, required=True)
    tender = fields.Nested(SanctionTender, required=True, allow_none=True)
    case = fields.Nested(SanctionCase, required=True)
    history = fields.List(fields.Nested(SanctionChange), required=True)
    url = fields.String(required=True)


class SanctionDetail(Sanction):
    """The same record as a list item. Its own class because apispec names a schema that is both an
    operation's answer and nested in another's twice; the document merges the identical twins."""


class SanctionPage(CursorPage):
    items = fields.List(fields.Nested(Sanction), required=True)
    as_of = fields.Date(required=True, metadata={"description": "The day the statuses were computed for."})
