"""What the public progress API answers, declared once (web/api.py): the OpenAPI document and the JSON both
come from these schemas. Numbers are decimal strings (as typed, exact), never floats."""
from marshmallow import Schema, fields
from marshmallow.validate import OneOf, Regexp

from ..actions.api_schemas import OrganisationRef
from ..web.api import Integer
from .models import DIRECTIONS, UNIT_TYPES, WIN_KINDS

DECIMAL = Regexp(r"^-?[0-9]+(\.[0-9]+)?$")


def _decimal(description: str, allow_none: bool = False):
    return fields.String(required=True, allow_none=allow_none, validate=DECIMAL,
                         metadata={"description": description + " A decimal number as a string, exact."})


class IndicatorOut(Schema):
    id = Integer(required=True)
    name = fields.String(required=True, metadata={"description": "In Indonesian."})
    name_en = fields.String(required=True, allow_none=True, metadata={"description": "In English, if given."})
    unit = fields.String(required=True)
    unit_type = fields.String(required=True, validate=OneOf(UNIT_TYPES))
    direction = fields.String(required=True, validate=OneOf(DIRECTIONS),
                              metadata={"description": "Whether a higher (up) or lower (down) value is better."})
    baseline = _decimal("The value at the start.")
    target = _decimal("The value to reach.")
    latest_value = _decimal("The latest update's value; null before any.", allow_none=True)
    latest_date = fields.Date(required=True, allow_none=True)
    progress_percent = _decimal("(latest − baseline) / (target − baseline), capped to 0–100, one decimal.")
    target_met = fields.Boolean(required=True)
    due_on = fields.Date(required=True)
    answerable_organisation = fields.Nested(OrganisationRef, required=True)
    region = fields.String(required=True, allow_none=True)


class GoalOut(Schema):
    id = Integer(required=True)
    title = fields.String(required=True, metadata={"description": "In Indonesian."})
    title_en = fields.String(required=True, allow_none=True)
    indicators = fields.List(fields.Nested(IndicatorOut), required=True)


class SmallWinOut(Schema):
    id = Integer(required=True)
    kind = fields.String(required=True, validate=OneOf(WIN_KINDS),
                         metadata={"description": "target_met: written when an update met its indicator's target; "
                                                  "marked: a result the coordinators marked as a milestone."})
    title = fields.String(required=True)
    description = fields.String(required=True)
    achieved_on = fields.Date(required=True)
    indicator_id = Integer(required=True, allow_none=True)
    organisation = fields.Nested(OrganisationRef, required=True, allow_none=True)


class ProgressOut(Schema):
    action_id = Integer(required=True)
    goals = fields.List(fields.Nested(GoalOut), required=True)
    small_wins = fields.List(fields.Nested(SmallWinOut), required=True, metadata={"description": "Newest first."})
