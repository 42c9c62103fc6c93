"""The public API keeps the contract its OpenAPI document states: schemathesis, with every check, over every
operation of /api/v1/openapi.json, in-process against the app with real data, finds nothing.

The engine is the one `st run --checks all` drives (examples, coverage, fuzzing and stateful phases, positive
and negative data), with a fixed seed and deterministic generation so a failure reproduces; the number of
examples per operation is bounded so the run stays well under a minute.
"""
import pytest

from pactplatform.extensions import db
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.action_fixtures import party_of
from tests.monitoring_fixtures import make_case
from tests.sanctions.helpers import decided
from tests.web.contract import run_schemathesis


@pytest.fixture
def published(app, monitored, bureau):
    """A signed pact with a confirmed case and a decided sanction, so every 200 path has something to show."""
    from pactplatform.actions import operations

    with tenant_scope(bureau["tenant"].id):
        operations.sign(monitored, bureau["signer_a"], party_of(monitored, bureau["firm_a"]), factories.SIGNING_PASSPHRASE)
    db.session.commit()
    sanction = decided(bureau, monitored)
    case_b = make_case(bureau, monitored, organisation=bureau["firm_b"], until="confirmed")
    decided(bureau, monitored, case_b, decree_number="SK-002/2026", kind="debarment", ends_on=sanction.starts_on.replace(year=2027))
    # A certificate numbered as the document's example, so the certificate operations reach their 200 path.
    from tests.certification.conftest import make_body, progressed

    progressed(make_body(bureau["tenant"], bureau["admin"], bureau["firm_b"], bureau["signer_b"]), "granted")
    _progress(bureau, monitored)
    return {"action": monitored, "sanction": sanction}


def _progress(bureau, pact):
    """A goal with an indicator, an update meeting its target and the small win it publishes (issue 14)."""
    from pactplatform.monitoring import clock
    from pactplatform.progress import operations

    with tenant_scope(bureau["tenant"].id):
        goal = operations.create_goal(pact, bureau["officer"], "Jalan selesai", "Road finished")
        indicator = operations.create_indicator(pact, bureau["officer"], {
            "goal_id": goal.id, "name_id": "Panjang jalan", "name_en": "Road length", "unit": "km",
            "unit_type": "decimal", "baseline": "0", "target": "12.5", "direction": "up", "due_on": clock.today(),
            "organisation_id": bureau["firm_a"].id, "region": "Sleman"})
        operations.post_update(pact, indicator, bureau["signer_a"], "12.5", clock.today(), "")
    db.session.commit()


def test_schemathesis_with_every_check_finds_no_failure(app, published):
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    operations = {f"{method.upper()} {path}" for path, item in spec["paths"].items() for method in item}
    failures, errors, tested = run_schemathesis(app)
    assert not errors, "\n".join(errors)
    assert not failures, f"{len(failures)} failures:\n\n" + "\n\n".join(dict.fromkeys(failures))
    # Every documented operation was exercised, so a new one is covered without being listed here.
    assert operations <= tested, operations - tested


# The findings of the audit, one by one, so each names what broke.

def _spec(client) -> dict:
    return client.get("/api/v1/openapi.json").get_json()


def _operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


@pytest.mark.parametrize("path", ["/api/v1/actions/{}", "/api/v1/actions/{}/document.pdf", "/api/v1/sanctions/{}"])
@pytest.mark.parametrize("value", ["2147483648", "9223372036854775808", "99999999999999999999", "9" * 5000, "-1", "0",
                                   "1.5", "x", "007"])
def test_an_id_no_column_holds_is_a_json_404(client, path, value):
    response = client.get(path.format(value))
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_every_path_id_is_documented_with_the_bounds_the_server_keeps(client):
    for label, operation in _operations(_spec(client)):
        for parameter in operation["parameters"]:
            if parameter["in"] == "path" and parameter["schema"]["type"] == "string":
                # Not an id (a certificate number): the converter's own pattern and length.
                assert {"type", "pattern", "maxLength"} <= set(parameter["schema"]) <= {
                    "type", "pattern", "maxLength", "example"}, label
            elif parameter["in"] == "path":
                assert parameter["schema"] == {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}, label


def test_every_query_parameter_is_documented_with_its_type_and_the_required_ones_say_so(client):
    spec = _spec(client)
    entries = {p["name"]: p for p in spec["paths"]["/api/v1/log/entries"]["get"]["parameters"]}
    assert entries["start"]["required"] is True and entries["start"]["schema"]["type"] == "integer"
    assert not entries["end"].get("required")
    expected = {
        "GET /api/v1/actions": {"page", "after", "per_page", "kind", "status", "q"},
        "GET /api/v1/organisations": {"q", "kind", "sector", "sort", "after", "per_page"},
        "GET /api/v1/search": {"q", "kind", "tenant", "status", "sector", "region", "per_page"},
        "GET /api/v1/sanctions": {"page", "after", "per_page", "kind", "status", "organisation"},
        "GET /api/v1/log/entries": {"start", "end"},
        "GET /api/v1/log/proof/inclusion": {"index", "tree_size"},
        "GET /api/v1/log/proof/consistency": {"first", "second"},
        "GET /api/v1/certificates": {"page", "after", "per_page", "status", "scheme", "level", "tenant", "sector", "region",
                                     "organisation"},
        "GET /api/v1/certificates/{number}": {"tenant"},
    }
    for label, operation in _operations(spec):
        query = {p["name"]: p["schema"] for p in operation["parameters"] if p["in"] == "query"}
        assert set(query) == expected.get(label, set()), label
        for name, schema in query.items():
            assert schema.get("type") in ("integer", "string"), (label, name)
            assert "minimum" in schema or "enum" in schema or "maxLength" in schema, (label, name)


def test_binary_answers_are_documented_with_their_content_type(client):
    paths = _spec(client)["paths"]
    for path, media_type in (("/api/v1/actions/{action_id}/document.pdf", "application/pdf"),
                             ("/api/v1/ca.pem", "application/x-pem-file"),
                             ("/api/v1/log/key.pem", "application/x-pem-file")):
        assert set(paths[path]["get"]["responses"]["200"]["content"]) == {media_type}, path


def test_every_answer_has_a_real_schema_and_every_error_the_one_error_shape(client):
    spec = _spec(client)
    error = spec["components"]["schemas"]["HTTPError"]
    assert error["required"] == ["error"] and error["properties"]["error"]["required"] == ["code", "message"]
    for label, operation in _operations(spec):
        responses = operation["responses"]
        assert "500" in responses, label
        if any(p["in"] == "query" for p in operation["parameters"]):
            assert "400" in responses, label
        if any(p["in"] == "path" for p in operation["parameters"]):
            assert "404" in responses, label
        assert "content" not in responses["414"], label  # the HTTP server's answer, not the API's
        for status, response in responses.items():
            for media_type, content in response.get("content", {}).items():
                assert content["schema"], (label, status)
                if status[0] in "45":
                    assert content["schema"] == {"$ref": "#/components/schemas/HTTPError"}, (label, status)
                elif media_type == "application/json":
                    schema = spec["components"]["schemas"][content["schema"]["$ref"].rsplit("/", 1)[1]]
                    assert schema["properties"] and schema["required"], (label, status)


def test_a_method_a_path_does_not_take_is_405_with_allow(client):
    for path in ("/api/v1/actions", "/api/v1/log/sth", "/api/v1/ca.pem", "/actions/"):
        for method in ("POST", "PUT", "DELETE", "PATCH", "TRACE"):
            response = client.open(path, method=method)
            assert response.status_code == 405, (method, path)
            assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}, (method, path)
            if path.startswith("/api/"):
                assert response.get_json()["error"]["code"] == "method_not_allowed"


@pytest.mark.parametrize("query", ["page=1&page=2", "per_page=5&per_page=6", "kind=declaration&kind=integrity_pact",
                                   "page=1_0", "page=%D9%A3", "page=%201", "page="])
def test_a_malformed_or_repeated_parameter_is_a_400_naming_it(client, query):
    response = client.get(f"/api/v1/actions?{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "bad_parameter" and query.split("=")[0] in error["fields"]


def test_unknown_parameters_are_ignored(client, published):
    assert len(client.get("/api/v1/actions?utm_source=x").get_json()["items"]) == 1
