"""The public action page and its JSON twin run a fixed number of queries, however many parties and versions
the action has (DESIGN.md §3; the registry benchmark measured one query per party before)."""
from pactplatform.actions import operations, policies
from pactplatform.extensions import db
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.query_count import counting_queries


def _count(client, url):
    client.get(url)  # warm the per-process caches (translations, settings) out of the count
    with counting_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_action_pages_do_not_query_per_party_or_version(client, pact, bureau):
    urls = [f"/actions/{pact.id}", f"/api/v1/actions/{pact.id}"]
    before = [_count(client, url) for url in urls]
    with tenant_scope(bureau["tenant"].id):
        for i in range(5):
            firm = factories.organisation(factories.user(), name=f"PT Tambahan {i}")
            operations.add_party(pact, bureau["officer"], firm.id, policies.BIDDER)
        for i in range(3):
            operations.revise_document(pact, bureau["officer"], pact.current_version.body + f"\nRevisi {i}.\n")
    db.session.commit()
    assert [_count(client, url) for url in urls] == before
    assert "PT Tambahan 4" in client.get(urls[0]).get_data(as_text=True)
