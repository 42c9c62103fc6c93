"""`flask ledger verify` catches every change made behind the platform's back."""
import pytest
from sqlalchemy import text

from pactplatform.extensions import db
from pactplatform.ledger import queries

from .helpers import populate


@pytest.fixture
def world(app):
    with app.app_context():
        made = populate(3)
        ids = {
            "orgs": [o.id for o in made["orgs"]],
            "tenant": made["tenant"].id,
            "member": made["member"].id,
        }
        # Sign a head so history is pinned by a signature too.
        from pactplatform.ledger import operations

        operations.sign_tree_head()
        db.session.commit()
        ids["size"] = queries.tree_size()
    return ids


def run_verify(app):
    result = app.test_cli_runner().invoke(args=["ledger", "verify"])
    return result.exit_code, result.output + (result.stderr if hasattr(result, "stderr") else "")


def sql(app, statement: str, **params):
    with app.app_context():
        db.session.execute(text(statement), params)
        db.session.commit()


def test_an_untouched_log_verifies(app, world):
    code, output = run_verify(app)
    assert code == 0, output
    assert f"OK: {world['size']} entries" in output


def test_edited_record_is_named(app, world):
    org_id = world["orgs"][1]
    sql(app, "UPDATE organisations SET name = 'PT Bersih Sekali' WHERE id = :id", id=org_id)
    code, output = run_verify(app)
    assert code != 0
    assert f"organisation {org_id}: content differs from log entry" in output


def test_deleted_record_is_caught(app, world):
    sql(app, "DELETE FROM memberships WHERE user_id = :id", id=world["member"])
    code, output = run_verify(app)
    assert code != 0
    assert "membership" in output and "deleted behind the platform's back" in output


def test_row_inserted_without_entry_is_caught(app, world):
    sql(app, "INSERT INTO organisations (name, kind, address, sector, created_at) "
             "VALUES ('PT Siluman', 'firm', '', '', CURRENT_TIMESTAMP)")
    code, output = run_verify(app)
    assert code != 0
    assert "row has no log entry (inserted behind the platform's back)" in output


def test_legitimate_removal_verifies(app, world):
    from pactplatform.tenancy import operations as tenancy
    from pactplatform.tenancy.models import Tenant
    from pactplatform.tenancy.scoping import tenant_scope

    with app.app_context():
        tenant = db.session.get(Tenant, world["tenant"])
        with tenant_scope(tenant.id):
            tenancy.remove_member(tenant, None, world["member"])
        db.session.commit()
    code, output = run_verify(app)
    assert code == 0, output


def test_edited_entry_is_caught(app, world):
    sql(app, "UPDATE ledger_entries SET entry = REPLACE(entry, '\"event\":\"', '\"event\":\"x') WHERE \"index\" = 2")
    code, output = run_verify(app)
    assert code != 0
    assert "log entry 2: its columns or index disagree" in output


def test_rewritten_entry_with_consistent_columns_is_caught_by_the_tree(app, world):
    # The forger rewrites an entry and its columns coherently, but cannot rewrite the tree unseen.
    sql(app, "UPDATE ledger_entries SET entry = REPLACE(entry, '\"event\":\"', '\"event\":\"x'), "
             "event = 'x' || event WHERE \"index\" = 2")
    code, output = run_verify(app)
    assert code != 0
    assert "covering entries 2..2 does not match the entries" in output


def test_deleted_entry_is_caught(app, world):
    sql(app, "DELETE FROM ledger_entries WHERE \"index\" = 1")
    code, output = run_verify(app)
    assert code != 0
    assert "log entries 1..1 are missing" in output


def test_truncated_log_is_caught_by_the_signed_head(app, world):
    last = world["size"] - 1
    sql(app, "DELETE FROM ledger_entries WHERE \"index\" = :i", i=last)
    sql(app, "DELETE FROM ledger_nodes WHERE level = 0 AND idx = :i", i=last)
    code, output = run_verify(app)
    assert code != 0
    assert f"a tree head was signed at size {world['size']}" in output


@pytest.mark.parametrize("statement", [
    "UPDATE ledger_nodes SET hash = :h WHERE level = 1 AND idx = 0",
    "DELETE FROM ledger_nodes WHERE level = 1 AND idx = 0",
    "UPDATE ledger_tree_heads SET root_hash = :h",
    "UPDATE ledger_tree_heads SET timestamp = timestamp + 1",
    "UPDATE ledger_state SET frontier = :h",
])
def test_tampered_tree_is_caught(app, world, statement):
    sql(app, statement, h=b"\x07" * 32) if ":h" in statement else sql(app, statement)
    code, output = run_verify(app)
    assert code != 0, output


def test_sth_refuses_to_sign_over_a_rewritten_tree(app, world, client):
    sql(app, "UPDATE ledger_state SET size = size - 1")
    response = client.get("/api/v1/log/sth")
    assert response.status_code == 503
    assert response.json["error"]["code"] == "log_inconsistent"


def test_sth_refuses_to_sign_over_a_truncated_log(app, world, client):
    from pactplatform.ledger import merkle
    from pactplatform.ledger.models import LedgerState

    with app.app_context():
        state = db.session.get(LedgerState, 1)
        frontier = merkle.Frontier.from_bytes(state.size, state.frontier)
        shorter = merkle.Frontier()
        for _ in range(state.size - 1):
            shorter.append(b"\0" * 32)
        state.size, state.frontier = shorter.size, shorter.to_bytes()
        db.session.commit()
        assert frontier.size == world["size"]
    response = client.get("/api/v1/log/sth")
    assert response.status_code == 503
