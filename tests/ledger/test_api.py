"""The public log API: signed tree head, entries, proofs, and 400s for bad parameters."""
import base64
import json

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from pactplatform.ledger import merkle

from .helpers import populate


def _d(text: str) -> bytes:
    return base64.b64decode(text)


@pytest.fixture
def world(app):
    with app.app_context():
        populate(4)


def _entries(client, size):
    return [item["entry"].encode() for item in client.get(f"/api/v1/log/entries?start=0&end={size}").json["entries"]]


def test_signed_tree_head_verifies_with_the_served_key(client, world):
    pem = client.get("/api/v1/log/key.pem")
    assert pem.status_code == 200 and pem.mimetype == "application/x-pem-file"
    key = serialization.load_pem_public_key(pem.data)
    assert isinstance(key, ec.EllipticCurvePublicKey) and key.curve.name == "secp256r1"

    sth = client.get("/api/v1/log/sth").json
    assert set(sth) == {"tree_size", "timestamp", "root_hash", "signature"}
    signed = json.dumps({k: sth[k] for k in ("tree_size", "timestamp", "root_hash")},
                        sort_keys=True, separators=(",", ":")).encode()
    key.verify(_d(sth["signature"]), signed, ec.ECDSA(hashes.SHA256()))

    leaves = [merkle.leaf_hash(e) for e in _entries(client, sth["tree_size"])]
    frontier = merkle.Frontier()
    for leaf in leaves:
        frontier.append(leaf)
    assert frontier.root() == _d(sth["root_hash"])
    # Unchanged tree: the same head is served again rather than a new signature.
    assert client.get("/api/v1/log/sth").json == sth


def test_proofs_verify(client, world):
    size = client.get("/api/v1/log/sth").json["tree_size"]
    entries = _entries(client, size)
    roots = {}
    for n in range(1, size + 1):
        f = merkle.Frontier()
        for e in entries[:n]:
            f.append(merkle.leaf_hash(e))
        roots[n] = f.root()
    for n in (1, size // 2, size):
        for i in range(n):
            answer = client.get(f"/api/v1/log/proof/inclusion?index={i}&tree_size={n}").json
            assert answer["index"] == i and answer["tree_size"] == n
            path = [_d(h) for h in answer["audit_path"]]
            assert merkle.verify_inclusion(merkle.leaf_hash(entries[i]), i, n, path, roots[n])
    for m in range(1, size + 1):
        answer = client.get(f"/api/v1/log/proof/consistency?first={m}&second={size}").json
        assert (answer["first"], answer["second"]) == (m, size)
        assert merkle.verify_consistency(m, size, roots[m], roots[size], [_d(h) for h in answer["proof"]])


def test_entries_page(client, world):
    size = client.get("/api/v1/log/sth").json["tree_size"]
    page = client.get("/api/v1/log/entries?start=1&end=3").json["entries"]
    assert [item["index"] for item in page] == [1, 2]
    assert json.loads(page[0]["entry"])["index"] == 1
    assert client.get(f"/api/v1/log/entries?start={size}&end={size}").json == {"entries": []}


@pytest.mark.parametrize("path", [
    "/api/v1/log/entries?start=-1&end=2",
    "/api/v1/log/entries?start=abc",
    "/api/v1/log/entries",
    "/api/v1/log/entries?start=99999999999999999999999",
    "/api/v1/log/entries?start=1&start=2",
    "/api/v1/log/proof/inclusion?index=-1&tree_size=3",
    "/api/v1/log/proof/inclusion?index=0&tree_size=0",
    "/api/v1/log/proof/inclusion?tree_size=3",
    "/api/v1/log/proof/inclusion?index=1.5&tree_size=3",
    "/api/v1/log/proof/consistency?first=0&second=3",
    "/api/v1/log/proof/consistency?first=-2&second=3",
    "/api/v1/log/proof/consistency?second=3",
])
def test_malformed_parameters_are_400_with_a_json_error(client, world, path):
    response = client.get(path)
    assert response.status_code == 400, response.data
    assert response.json["error"]["code"] == "bad_parameter"
    assert response.json["error"]["message"]


# A well-formed question about a tree or entry that does not exist is a 404 (the documented contract since
# the schemathesis audit: a schema-valid request is never answered 400).
@pytest.mark.parametrize("path", [
    "/api/v1/log/proof/inclusion?index=3&tree_size=3",
    "/api/v1/log/proof/inclusion?index=0&tree_size=100000",
    "/api/v1/log/proof/consistency?first=4&second=3",
    "/api/v1/log/proof/consistency?first=1&second=100000",
])
def test_proofs_of_trees_or_entries_that_do_not_exist_are_404(client, world, path):
    response = client.get(path)
    assert response.status_code == 404, response.data
    assert response.json["error"]["code"] == "not_found"
    assert response.json["error"]["message"]


def test_entries_answer_what_exists_of_the_range_at_most_a_page(client, world, monkeypatch):
    from pactplatform.ledger import queries

    size = client.get("/api/v1/log/sth").json["tree_size"]

    def indexes(query):
        response = client.get(f"/api/v1/log/entries?{query}")
        assert response.status_code == 200, response.data
        return [item["index"] for item in response.json["entries"]]

    assert indexes(f"start=2&end={size + 999999}") == list(range(2, size))
    assert indexes("start=3&end=2") == [] and indexes(f"start={size + 5}") == []
    assert indexes("start=1") == list(range(1, size))
    monkeypatch.setattr(queries, "MAX_PAGE", 2)
    assert indexes(f"start=1&end={size}") == [1, 2]


def test_empty_log(client):
    sth = client.get("/api/v1/log/sth").json
    assert sth["tree_size"] == 0
    assert _d(sth["root_hash"]) == merkle.EMPTY_ROOT
    assert client.get("/api/v1/log/proof/inclusion?index=0&tree_size=0").status_code == 400


def test_openapi_lists_the_log(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert "/api/v1/log/sth" in paths and "/api/v1/log/proof/consistency" in paths


def test_entry_for_and_template_globals(app, world):
    from pactplatform.extensions import db
    from pactplatform.ledger import queries
    from pactplatform.orgs.models import Organisation

    with app.test_request_context():
        org = db.session.query(Organisation).first()
        entry = queries.entry_for("organisation", org.id)
        assert entry.subject_id == org.id
        rendered = app.jinja_env.from_string(
            "{% set e = ledger_entry(org) %}{{ e.index }} {{ ledger_proof_url(e) }}").render(org=org)
        size = queries.tree_size()
        assert rendered == f"{entry.index} /api/v1/log/proof/inclusion?index={entry.index}&amp;tree_size={size}"
        assert queries.entry_for("organisation", 10**9) is None
