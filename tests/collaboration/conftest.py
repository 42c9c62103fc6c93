"""An initiative with five member organisations (each joined through its own signer) and the bureau's officer as
its coordinator: enough members for a survey round whose results are shown."""
import pytest

from pactplatform.actions import operations as action_operations
from pactplatform.extensions import db
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories

SCORES = {"discovery": 4, "definition": 4, "deliberation": 3, "determination": 4, "mutual_trust": 2,
          "mutual_understanding": 3, "internal_legitimacy": 5, "commitment": 4, "procedural_arrangements": 3,
          "leadership": 4, "knowledge": 3, "resources": 2}


def initiative(bureau, member_count: int = 5):
    """The bureau's principle initiative, joined by PT Alpha, PT Beta and member_count - 2 further firms."""
    action = factories.action(bureau["tenant"], bureau["officer"], "principle_initiative", title="Inisiatif Jujur",
                              sections={"principles": ["Tidak menyuap"]})
    members = [(bureau["firm_a"], bureau["signer_a"]), (bureau["firm_b"], bureau["signer_b"])]
    for n in range(member_count - 2):
        firm = factories.organisation(factories.user(), name=f"PT Anggota {n + 1}")
        members.append((firm, factories.signer(bureau["tenant"], firm, name=f"Wakil {n + 1}")))
    with tenant_scope(bureau["tenant"].id):
        action_operations.change_status(action, bureau["officer"], "open")
        for firm, person in members:
            action_operations.join(action, person, firm.id, factories.SIGNING_PASSPHRASE)
    db.session.commit()
    return {"action": action, "members": members, "coordinator": bureau["officer"], "tenant": bureau["tenant"]}


@pytest.fixture
def coalition(bureau):
    """Five members: enough for a survey round whose results are shown."""
    return initiative(bureau)


@pytest.fixture
def pair(bureau):
    """Two members (PT Alpha and PT Beta): enough for everything but the survey's threshold."""
    return initiative(bureau, member_count=2)
