"""Schemes: one click from a template, drafts validated before publishing, published versions immutable."""
import json

import pytest
from sqlalchemy import select

from pactplatform.certification import operations
from pactplatform.certification.models import PUBLISHED, SchemeVersion
from pactplatform.errors import Conflict, Forbidden, OperationError
from pactplatform.extensions import db
from pactplatform.ledger.models import LedgerEntry
from pactplatform.tenancy.scoping import tenant_scope


def test_templates_instantiate_and_publish(body):
    for scheme in (body["coalition"], body["zi"]):
        assert scheme.published.number == 1 and scheme.published.status == PUBLISHED
        assert scheme.draft is None
    events = set(db.session.scalars(select(LedgerEntry.event).where(
        LedgerEntry.subject_type == "certification_scheme_version")))
    assert {"certification_scheme_version.drafted", "certification_scheme_version.published"} <= events


def test_a_change_is_a_new_version_and_the_published_one_stays(body, english_messages):
    scheme, admin = body["coalition"], body["admin"]
    with tenant_scope(body["tenant"].id):
        with pytest.raises(Conflict):
            operations.save_draft(scheme, admin, "{}")
        draft = operations.new_version(scheme, admin)
        definition = draft.definition
        definition["validity_months"] = 24
        operations.save_draft(scheme, admin, json.dumps(definition), note="Masa berlaku 24 bulan")
        operations.publish(scheme, admin)
    db.session.commit()
    versions = db.session.scalars(select(SchemeVersion).where(SchemeVersion.scheme_id == scheme.id)
                                  .order_by(SchemeVersion.number)).all()
    assert [v.definition["validity_months"] for v in versions] == [36, 24]
    assert versions[0].sha256 != versions[1].sha256


def test_invalid_draft_is_not_published(body, english_messages):
    scheme, admin = body["zi"], body["admin"]
    with tenant_scope(body["tenant"].id):
        operations.new_version(scheme, admin)
        definition = scheme.draft.definition
        definition["areas"][0]["weight"] = "5"
        operations.save_draft(scheme, admin, json.dumps(definition))
        db.session.commit()
        with pytest.raises(OperationError) as refused:
            operations.publish(scheme, admin)
        assert "MP.pemenuhan" in str(refused.value)
        with pytest.raises(OperationError, match="not valid JSON"):
            operations.save_draft(scheme, admin, "{nope")
    db.session.rollback()
    assert scheme.draft is not None and scheme.published.number == 1


def test_only_admins_manage_schemes(body, english_messages):
    with tenant_scope(body["tenant"].id), pytest.raises(Forbidden):
        operations.create_scheme(body["tenant"], body["auditor"], "coalition")


def test_float_weights_are_read_as_decimal_strings(body):
    scheme, admin = body["coalition"], body["admin"]
    with tenant_scope(body["tenant"].id):
        operations.new_version(scheme, admin)
        text = json.dumps(scheme.draft.definition).replace('"weight": "10"', '"weight": 10.0', 1)
        version = operations.save_draft(scheme, admin, text)
    assert version.definition["areas"][0]["weight"] == "10.0"
