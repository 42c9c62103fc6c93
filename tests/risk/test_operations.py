"""Methodology drafts and publication: validated, immutable once published, logged in the same transaction."""
import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from pactplatform.errors import OperationError
from pactplatform.extensions import db
from pactplatform.ledger import audit
from pactplatform.ledger.models import LedgerEntry
from pactplatform.monitoring import clock
from pactplatform.risk import methodology, operations, queries
from pactplatform.risk.models import ImmutableVersionError, MethodologyVersion
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories


@pytest.fixture
def office(app_ctx):
    admin = factories.user(name="Admin")
    tenant = factories.tenant(admin)
    officer = factories.member(tenant, factories.user(name="Officer"), "officer")
    with tenant_scope(tenant.id):
        yield {"tenant": tenant, "admin": admin, "officer": officer}


def test_a_draft_starts_from_the_default_preset_and_publishes_as_version_1(office):
    tenant, admin = office["tenant"], office["admin"]
    draft = operations.start_draft(tenant, admin)
    assert json.loads(draft.config) == methodology.preset(methodology.DEFAULT_PRESET)
    version = operations.publish(tenant, admin, "Metodologi pertama", clock.today())
    db.session.commit()
    assert version.number == 1 and queries.draft() is None
    assert queries.current_version(tenant.id).id == version.id
    entry = db.session.scalar(select(LedgerEntry).where(LedgerEntry.subject_type == "risk_methodology"))
    assert entry.event == "risk_methodology.published" and entry.subject_id == version.id
    assert audit.verify().ok


def test_publishing_a_draft_with_problems_names_them_and_writes_nothing(office):
    tenant, admin = office["tenant"], office["admin"]
    config = methodology.preset("standard-4x4")
    config["kris"][0]["appetite"] = "3"
    problems = operations.save_draft(tenant, admin, config)
    assert [p.path for p in problems] == ["kris.0.tolerance"]
    db.session.commit()
    with pytest.raises(operations.InvalidMethodology) as refused:
        operations.publish(tenant, admin, "Versi baru", clock.today())
    assert [p.path for p in refused.value.problems] == ["kris.0.tolerance"]
    db.session.rollback()
    assert db.session.scalar(select(MethodologyVersion)) is None
    assert db.session.scalar(select(LedgerEntry).where(LedgerEntry.subject_type == "risk_methodology")) is None
    assert queries.draft() is not None  # the admin's work is kept to be fixed


@pytest.mark.parametrize("reason, effective, field", [
    ("", 0, "reason"), ("   ", 0, "reason"), ("Alasan", None, "effective_from"), ("Alasan", -1, "effective_from"),
])
def test_a_version_needs_a_reason_and_an_effective_date_not_in_the_past(office, reason, effective, field):
    tenant, admin = office["tenant"], office["admin"]
    operations.start_draft(tenant, admin)
    day = None if effective is None else clock.today() + timedelta(days=effective)
    with pytest.raises(OperationError) as refused:
        operations.publish(tenant, admin, reason, day)
    assert refused.value.field == field


def test_only_the_admin_edits_and_publishes(office):
    tenant, officer = office["tenant"], office["officer"]
    with pytest.raises(OperationError):
        operations.start_draft(tenant, officer)
    operations.start_draft(tenant, office["admin"])
    with pytest.raises(OperationError):
        operations.save_draft(tenant, officer, methodology.preset("kpk-5x5"))
    with pytest.raises(OperationError):
        operations.publish(tenant, officer, "Alasan", clock.today())


def test_a_published_version_never_changes_and_a_change_is_a_new_version(office):
    tenant, admin = office["tenant"], office["admin"]
    operations.start_draft(tenant, admin, preset="kpk-5x5")
    first = operations.publish(tenant, admin, "Pertama", clock.today())
    db.session.commit()
    first.reason = "Diubah diam-diam"
    with pytest.raises(ImmutableVersionError):
        db.session.flush()
    db.session.rollback()
    draft = operations.start_draft(tenant, admin)  # from the version in force
    assert json.loads(draft.config) == json.loads(first.config)
    config = json.loads(draft.config)
    config["kris"][3]["tolerance"] = "30"
    assert operations.save_draft(tenant, admin, config) == []
    later = clock.today() + timedelta(days=30)
    second = operations.publish(tenant, admin, "Toleransi KRI4 dinaikkan", later)
    db.session.commit()
    assert second.number == 2
    assert queries.current_version(tenant.id).number == 1  # not yet in force
    assert queries.current_version(tenant.id, on=later).number == 2
    assert json.loads(queries.version(tenant.id, 1).config)["kris"][3]["tolerance"] == "20"
    operations.start_draft(tenant, admin)
    with pytest.raises(OperationError) as refused:
        operations.publish(tenant, admin, "Lebih awal", later - timedelta(days=1))
    assert refused.value.field == "effective_from"


def test_an_unknown_preset_is_refused(office):
    with pytest.raises(OperationError) as refused:
        operations.start_draft(office["tenant"], office["admin"], preset="nope")
    assert refused.value.field == "preset"


def test_versions_belong_to_their_tenant(office, app):
    tenant, admin = office["tenant"], office["admin"]
    operations.start_draft(tenant, admin)
    operations.publish(tenant, admin, "Pertama", clock.today())
    db.session.commit()
    other_admin = factories.user()
    other = factories.tenant(other_admin)
    with tenant_scope(other.id):
        assert queries.current_version(other.id) is None
        assert queries.versions(tenant.id) == []  # the scope hides the other tenant's rows
