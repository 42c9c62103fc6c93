"""Every path that can create a party or a signature asks the eligibility gates (issue 9 §3).

The paths are found in the code, not listed by hand: every function of actions/operations.py that builds a
Party or a Signature row, and every public operation that reaches one. A new path fails
test_the_walk_knows_every_path until it is added to PATHS below, where a refusing gate is registered
and the path must refuse and write nothing.
"""
import ast
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pactplatform.actions import gates, operations, policies
from pactplatform.actions.models import CollectiveAction, Party, Signature
from pactplatform.extensions import db
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.action_fixtures import TENDER, party_of

PACKAGE = Path(operations.__file__).resolve().parents[1]
OPERATIONS = Path(operations.__file__)
ROWS = ("Party", "Signature")


def _calls(node, attributes: bool = False) -> set[str]:
    """Names called in `node`: `f(...)`, and with attributes=True also `x.f(...)`."""
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            if isinstance(call.func, ast.Name):
                names.add(call.func.id)
            elif attributes and isinstance(call.func, ast.Attribute):
                names.add(call.func.attr)
    return names


def paths_in_operations() -> set[str]:
    """Public operations that reach a `Party(...)` or `Signature(...)` through calls within the module."""
    tree = ast.parse(OPERATIONS.read_text())
    functions = {f.name: _calls(f) for f in tree.body if isinstance(f, ast.FunctionDef)}
    reaching = {name for name, calls in functions.items() if calls & set(ROWS)}
    grew = True
    while grew:
        more = {name for name, calls in functions.items() if calls & reaching} - reaching
        reaching |= more
        grew = bool(more)
    return {name for name in reaching if not name.startswith("_")}


def test_party_and_signature_rows_are_made_only_in_the_actions_operations():
    makers = set()
    for path in PACKAGE.rglob("*.py"):
        if path != OPERATIONS and _calls(ast.parse(path.read_text()), attributes=True) & set(ROWS):
            makers.add(str(path.relative_to(PACKAGE)))
    assert makers == set()


@pytest.fixture
def world(pact, bureau):
    """An open pact (parties, nobody signed), an open initiative endorsed by PT Beta, a free firm."""
    free = factories.organisation(factories.user(), name="CV Bebas")
    initiative = factories.action(bureau["tenant"], bureau["officer"], "principle_initiative", title="Kode etik",
                                  sections={"principles": ["Tidak menyuap"]})
    with tenant_scope(bureau["tenant"].id):
        operations.change_status(initiative, bureau["officer"], "open")
        operations.join(initiative, bureau["signer_b"], bureau["firm_b"].id, factories.SIGNING_PASSPHRASE)
    db.session.commit()
    return {**bureau, "pact": pact, "initiative": initiative, "free": free}


PATHS = {
    "create_action": (gates.ADD_PARTY, lambda w: operations.create_action(
        w["tenant"], w["officer"], policies.INTEGRITY_PACT, "Pakta baru",
        tender={**TENDER, "procuring_entity_id": w["public_body"].id})),
    "add_party": (gates.ADD_PARTY, lambda w: operations.add_party(
        w["pact"], w["officer"], w["free"].id, policies.BIDDER)),
    "add_subcontractor": (gates.ADD_PARTY, lambda w: operations.add_subcontractor(
        w["pact"], w["signer_a"], party_of(w["pact"], w["firm_a"]), w["free"].id)),
    # The initiative's endorser is invited into the coalition: that invitation is a party too.
    "upgrade": (gates.ADD_PARTY, lambda w: operations.upgrade(w["initiative"], w["officer"])),
    "join": (gates.JOIN, lambda w: operations.join(
        w["initiative"], w["signer_a"], w["firm_a"].id, factories.SIGNING_PASSPHRASE)),
    "sign": (gates.SIGN, lambda w: operations.sign(
        w["pact"], w["signer_a"], party_of(w["pact"], w["firm_a"]), factories.SIGNING_PASSPHRASE)),
}


def test_the_walk_knows_every_path():
    assert paths_in_operations() == set(PATHS)


def _counts():
    return tuple(db.session.scalar(select(func.count(model.id)).execution_options(all_tenants=True))
                 for model in (CollectiveAction, Party, Signature))


@pytest.mark.parametrize("path", sorted(PATHS))
def test_each_path_asks_the_gates_and_a_refusal_writes_nothing(world, path):
    purpose, run = PATHS[path]
    asked = []

    def refuse_all(action, organisation_id, asked_purpose):
        asked.append(asked_purpose)
        return gates.Outcome(gates.REFUSE, "Ditolak oleh gerbang uji.")

    before = _counts()
    gates.register("walk", refuse_all)
    try:
        with tenant_scope(world["tenant"].id), pytest.raises(operations.Ineligible) as refused:
            run(world)
    finally:
        gates.unregister("walk")
        db.session.rollback()
    assert purpose in asked
    assert "Ditolak oleh gerbang uji." in str(refused.value)
    assert _counts() == before
    # …and without the refusing gate the same path goes through (the refusal came from the gate).
    with tenant_scope(world["tenant"].id):
        run(world)
