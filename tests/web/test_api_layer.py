"""A new API operation gets the contract by declaring its schemas (the recipe in web/api.py's docstring):
one GET with a path id and query parameters, one POST taking a PDF as its body, added to a fresh app the way
a domain adds its blueprint, pass schemathesis with every check and behave as documented."""
import pytest
from marshmallow import Schema, fields
from marshmallow.validate import OneOf

from pactplatform import create_app
from pactplatform.web.api import ApiError, Id, Integer, PageQuery, api_blueprint, binary_body
from tests.web.contract import run_schemathesis

MAX_PDF = 64 * 1024


class ThingQuery(PageQuery):
    colour = fields.String(validate=OneOf(("red", "green")))
    owner = Id()


class Thing(Schema):
    id = Integer(required=True)
    colour = fields.String(required=True, allow_none=True)
    page = Integer(required=True)


class Verdict(Schema):
    verdict = fields.String(required=True, validate=OneOf(("pdf", "not_pdf")))
    size = Integer(required=True)


def _blueprint():
    bp = api_blueprint("things_api", __name__, url_prefix="/api/v1", tag="Things")

    @bp.get("/things/<int:thing_id>")
    @bp.input(ThingQuery, location="query", arg_name="query")
    @bp.output(Thing)
    @bp.doc(summary="One thing")
    def thing(thing_id, query):
        if thing_id != 1:
            raise ApiError(404, "not_found", "No thing has this id.")
        return {"id": thing_id, "colour": query.get("colour"), "page": query["page"]}

    @bp.post("/things/<int:thing_id>/verify")
    @binary_body("application/pdf", max_bytes=MAX_PDF)
    @bp.output(Verdict)
    @bp.doc(summary="Check a PDF against a thing")
    def verify(thing_id, body):
        if thing_id != 1:
            raise ApiError(404, "not_found", "No thing has this id.")
        return {"verdict": "pdf" if body.startswith(b"%PDF-") else "not_pdf", "size": len(body)}

    return bp


@pytest.fixture(scope="module")
def things_app(tmp_path_factory):
    path = tmp_path_factory.mktemp("things")
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(path), "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path / 'things.db'}"})
    app.register_blueprint(_blueprint())
    return app


def test_the_new_operations_pass_schemathesis_with_every_check(things_app):
    failures, errors, tested = run_schemathesis(things_app, path_regex="/things", max_examples=10)
    assert not errors, errors
    assert not failures, "\n\n".join(dict.fromkeys(failures))
    assert tested >= {"GET /api/v1/things/{thing_id}", "POST /api/v1/things/{thing_id}/verify"}


def test_the_document_states_the_body_its_type_and_every_status(things_app):
    spec = things_app.test_client().get("/api/v1/openapi.json").get_json()
    verify = spec["paths"]["/api/v1/things/{thing_id}/verify"]["post"]
    assert verify["requestBody"]["required"] is True
    assert verify["requestBody"]["content"] == {"application/pdf": {"schema": {"type": "string", "format": "binary", "minLength": 1}}}
    assert {"200", "400", "404", "413", "415", "500"} <= set(verify["responses"])
    get = spec["paths"]["/api/v1/things/{thing_id}"]["get"]
    assert {p["name"]: p["schema"].get("maximum") for p in get["parameters"]} == {
        "thing_id": 2**31 - 1, "page": 100_000, "per_page": 100, "colour": None, "owner": 2**31 - 1}
    assert {"200", "400", "404", "500"} <= set(get["responses"])


def test_the_body_is_checked_before_the_view_and_no_csrf_token_is_asked(things_app):
    client = things_app.test_client()
    answer = client.post("/api/v1/things/1/verify", data=b"%PDF-1.7 x", content_type="application/pdf")
    assert answer.status_code == 200 and answer.get_json() == {"verdict": "pdf", "size": 10}
    for data, content_type, status, code in (
        (b"%PDF-1.7", "text/plain", 415, "unsupported_media_type"),
        (b"%PDF-" + b"x" * MAX_PDF, "application/pdf", 413, "too_large"),
        (b"", "application/pdf", 400, "bad_parameter"),
    ):
        response = client.post("/api/v1/things/1/verify", data=data, content_type=content_type)
        assert response.status_code == status and response.get_json()["error"]["code"] == code
    assert client.post("/api/v1/things/2147483648/verify", data=b"%PDF-",
                       content_type="application/pdf").status_code == 404
