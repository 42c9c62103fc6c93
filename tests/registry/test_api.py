"""The registry's API: organisations (keyset list, search, passport), search; caching and CORS headers."""
from pactplatform.actions import operations
from pactplatform.extensions import db
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.action_fixtures import party_of
from tests.query_count import counting_queries


def test_organisations_list_walks_every_page_once(client, many_firms):
    seen, after = [], None
    while True:
        body = client.get("/api/v1/organisations", query_string={"per_page": 50, "sort": "newest",
                                                                 **({"after": after} if after else {})}).get_json()
        seen += [item["id"] for item in body["items"]]
        after = body["next"]
        if after is None:
            break
    assert len(seen) == 120 and seen == sorted(seen, reverse=True)
    bad = client.get("/api/v1/organisations?after=filed_at")
    assert bad.status_code == 404 and bad.get_json()["error"]["code"] == "not_found"


def test_organisations_search_by_misspelt_name_and_formatted_npwp(client, firms):
    names = lambda q: [i["name"] for i in client.get("/api/v1/organisations", query_string={"q": q}).get_json()["items"]]
    assert names("Sinarr Mas") == ["PT. Sinar Mas Tbk"]
    assert names("02.222.222.2-222.000") == ["PT Bangun <Nusa> & Co"]


def test_passport_json_lists_commitments_with_their_log_entries(client, pact, bureau, app_ctx):
    with tenant_scope(bureau["tenant"].id):
        operations.sign(pact, bureau["signer_a"], party_of(pact, bureau["firm_a"]), factories.SIGNING_PASSPHRASE)
    db.session.commit()
    firm_id = bureau["firm_a"].id
    with counting_queries() as statements:
        body = client.get(f"/api/v1/organisations/{firm_id}").get_json()
    assert len(statements) <= 8
    assert body["name"] == bureau["firm_a"].name and "*" in body["nib"]
    [commitment] = body["commitments"]
    assert commitment["action_id"] == pact.id and commitment["log_index"] is not None
    assert body["commitments_total"] == 1 and body["sanctions"] == [] and body["certificates"] == []
    assert client.get("/api/v1/organisations/2147483647").status_code == 404


def test_search_api_with_facets(client, firms, pact):
    body = client.get("/api/v1/search?q=pakta").get_json()
    assert [(i["kind"], i["id"]) for i in body["items"]] == [("action", pact.id)]
    assert body["facets"]["kind"] == [{"value": "action", "count": 1}]
    assert body["items"][0]["highlighted"] == "<mark>Pakta</mark> Jalan Desa"
    assert client.get("/api/v1/search").status_code == 400


def test_api_reads_are_cacheable_and_open_to_any_origin(client, firms):
    response = client.get("/api/v1/organisations")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert response.headers["Cache-Control"] == "public, max-age=60"
    again = client.get("/api/v1/organisations", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    preflight = client.options("/api/v1/organisations", headers={"Origin": "https://example.org",
                                                                 "Access-Control-Request-Method": "GET"})
    assert preflight.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_pages_answer_304_when_unchanged(client, firms):
    response = client.get("/orgs/")
    assert response.headers["ETag"] and "no-cache" in response.headers["Cache-Control"]
    assert client.get("/orgs/", headers={"If-None-Match": response.headers["ETag"]}).status_code in (200, 304)


def test_passport_has_a_json_twin(client, firms):
    firm = firms["CV Maju Jaya"]
    twin = client.get(f"/orgs/{firm.id}.json").get_json()
    assert twin == client.get(f"/api/v1/organisations/{firm.id}").get_json()
    assert client.get("/orgs/99999.json").status_code == 404


def test_actions_api_searches_and_loads_each_page_in_fixed_queries(client, pact, bureau):
    from tests.action_fixtures import TENDER

    assert [a["id"] for a in client.get("/api/v1/actions?q=pakta").get_json()["items"]] == [pact.id]
    assert [a["id"] for a in client.get(f"/api/v1/actions?q={TENDER['code']}").get_json()["items"]] == [pact.id]
    assert client.get("/api/v1/actions?q=zzqx").get_json()["items"] == []
    other = factories.tenant(bureau["admin"], slug="lain")
    factories.member(other, bureau["officer"], "officer")
    with tenant_scope(other.id):
        second = factories.action(other, bureau["officer"], "principle_initiative", title="Prakarsa")
        operations.change_status(second, bureau["officer"], "open")
    db.session.commit()
    with counting_queries() as one:
        assert len(client.get("/api/v1/actions?per_page=1").get_json()["items"]) == 1
    with counting_queries() as two:
        assert len(client.get("/api/v1/actions?per_page=2").get_json()["items"]) == 2
    assert len(one) == len(two)
