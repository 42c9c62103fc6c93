"""The passport's stage section stays the same size and the same number of queries however much an
organisation signed (the registry benchmark's firm with 10,000 signatures rendered every title)."""
from pactplatform.actions import operations as action_operations
from pactplatform.actions import policies
from pactplatform.extensions import db
from pactplatform.progress import stage
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.query_count import counting_queries


def _join_initiative(bureau, title):
    action = factories.action(bureau["tenant"], bureau["officer"], policies.PRINCIPLE_INITIATIVE, title=title,
                              sections={"principles": ["Tidak menyuap"]})
    with tenant_scope(bureau["tenant"].id):
        action_operations.change_status(action, bureau["officer"], "open")
        action_operations.join(action, bureau["signer_a"], bureau["firm_a"].id, factories.SIGNING_PASSPHRASE)
    db.session.commit()


def _passport_queries(client, url):
    client.get(url)
    with counting_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_the_stage_names_the_latest_facts_in_a_fixed_number_of_queries(client, bureau, initiative, monkeypatch):
    monkeypatch.setattr(stage, "FACTS_SHOWN", 2)
    url = f"/orgs/{bureau['firm_a'].id}"
    before = _passport_queries(client, url)
    for title in ("Inisiatif Kedua", "Inisiatif Ketiga"):
        _join_initiative(bureau, title)
    facts = stage.facts_of(bureau["firm_a"].id)
    assert [f.label for f in facts.memberships] == ["Anggota: Inisiatif Ketiga", "Anggota: Inisiatif Kedua"]
    assert len(facts.policies) == 2
    assert _passport_queries(client, url) == before
