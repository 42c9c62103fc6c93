"""The log catches signatures, versions and sanctions deleted, back-dated or edited directly in the database."""
import pytest
from sqlalchemy import text

from pactplatform.actions import operations
from pactplatform.extensions import db
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.action_fixtures import party_of


@pytest.fixture
def signature_id(pact, bureau):
    with tenant_scope(bureau["tenant"].id):
        signature = operations.sign(pact, bureau["signer_a"], party_of(pact, bureau["firm_a"]), factories.SIGNING_PASSPHRASE)
    db.session.commit()
    return signature.id


def verify(app):
    result = app.test_cli_runner().invoke(args=["ledger", "verify"])
    return result.exit_code, result.output


def test_a_clean_log_verifies(app, signature_id):
    code, output = verify(app)
    assert code == 0, output


def test_a_deleted_signature_row_is_named(app, signature_id):
    db.session.execute(text("DELETE FROM signatures WHERE id = :id"), {"id": signature_id})
    db.session.commit()
    code, output = verify(app)
    assert code != 0
    assert f"signature {signature_id}" in output and "deleted" in output


def test_a_back_dated_signature_is_named(app, signature_id):
    db.session.execute(text("UPDATE signatures SET signed_at = '2020-01-01 00:00:00' WHERE id = :id"), {"id": signature_id})
    db.session.commit()
    code, output = verify(app)
    assert code != 0 and f"signature {signature_id}: content differs" in output


def test_a_document_version_rewritten_after_signing_is_named(app, signature_id, pact):
    version_id = pact.current_version.id
    db.session.execute(text("UPDATE document_versions SET sha256 = :h WHERE id = :id"), {"h": "0" * 64, "id": version_id})
    db.session.commit()
    code, output = verify(app)
    assert code != 0 and f"document_version {version_id}" in output


def test_a_sanction_end_date_edited_in_sql_is_named(app, monitored, bureau):
    from tests.sanctions.helpers import decided

    sanction = decided(bureau, monitored)
    assert verify(app)[0] == 0
    db.session.execute(text("UPDATE sanctions SET ends_on = '2026-08-01' WHERE id = :id"), {"id": sanction.id})
    db.session.commit()
    code, output = verify(app)
    assert code != 0 and f"sanction {sanction.id}: content differs" in output


def test_a_blacklisting_deleted_in_sql_is_named(app, monitored, bureau):
    from tests.sanctions.helpers import decided

    sanction_id = decided(bureau, monitored).id
    db.session.execute(text("DELETE FROM sanction_changes WHERE sanction_id = :id"), {"id": sanction_id})
    db.session.execute(text("DELETE FROM sanctions WHERE id = :id"), {"id": sanction_id})
    db.session.commit()
    code, output = verify(app)
    assert code != 0 and f"sanction {sanction_id}" in output and "deleted" in output
