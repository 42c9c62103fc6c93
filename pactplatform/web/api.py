"""The shared layer of the public JSON API under /api/v1/: its error shape, its parameters, its OpenAPI
document (DESIGN.md §3: errors). Every operation declares what it takes and answers; this module makes the
declaration the behaviour, so the document and the server cannot disagree.

How to add an API operation
---------------------------
1. Put the view on a blueprint made by `api_blueprint(...)` (an APIFlask blueprint under /api/v1 that
   reads no cookies, so no CSRF token either) and register it in `create_app`.
2. Path ids are `<int:name>`. The app-wide converter (web/converters.py) only matches 1 … 2**31-1 (what
   an INTEGER id column holds on PostgreSQL) in ASCII digits, so an over-large or malformed id is a 404
   before the view runs; the document states the converter's bounds (`complete_spec`) and the 404
   (APIFlask adds it to every route with a path argument).
3. Query parameters: a `QuerySchema` subclass with every parameter typed (`Integer`/`Id` below, never
   marshmallow's own Integer, which takes "1_0" and "٣"), bounded by what its column holds (`Id()` for an
   id, `Range(…, max=MAX_INT64)` for a BIGINT, `OneOf`, `Length`) and with its default as `load_default`,
   then `@bp.input(MyQuery, location="query", arg_name="query")`. `PageQuery` is page/per_page; `CursorQuery` is after/per_page (keyset, with `CursorPage`'s
   `next` in the answer and `cursor_error()` for a cursor it did not make). Invalid
   values and a single-valued parameter given twice are a 400 `bad_parameter` naming the parameter,
   documented automatically; unknown parameters are ignored.
4. Responses: `@bp.output(MySchema)` with a marshmallow schema whose every field is typed, `required=True`
   and `allow_none=True` where null is a real answer. The schema serialises what the view returns, so a
   field that is not declared is never sent. Binary answers: `@bp.output(FileSchema(),
   content_type="application/pdf")` (or "application/x-pem-file", …), and the view returns a `Response`.
5. An error the view finds itself: `raise ApiError(404, "not_found", "…")` (or `BadParameter("…")` for a
   400), and declare the status with `@bp.doc(responses={404: "…"})`: the shared error schema is attached
   to every 4xx/5xx the operation declares. 400 (with query parameters), 404 (with path parameters) and
   500 are declared for you; any other status the view can answer (409, 413, 415, 429, 503 …) must be.
6. A binary request body (e.g. a PDF to verify): `@binary_body("application/pdf", max_bytes=…)` under
   the route decorator; the view receives `body: bytes`. A wrong Content-Type is a 415, a larger body a
   413, an empty one a 400, and the document states the body, its media type and those statuses. The
   document cannot say what a readable PDF is, so any non-empty bytes are valid input to a fuzzer: answer
   bytes that are not the expected file with a 2xx result that says so (a verdict), not a 4xx.
   (schemathesis needs `schemathesis.serializer.alias("application/pdf", "application/octet-stream")`
   to send such a body, as tests/web/contract.py does; with the CLI, put it in a hooks file.)
7. tests/web/test_api_contract.py runs schemathesis with every check over every operation of the
   document: a new operation is tested without being listed there; give the fixture data that reaches
   its 200 path.
"""
import functools
import re

from apiflask import APIBlueprint, HTTPError
from apiflask.exceptions import _ValidationError
from flask import jsonify, request
from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load
from marshmallow.validate import Length, Range, Regexp

from .converters import MAX_ID, MAX_INT64, MAX_PAGE, MIN_ID, BoundedIntConverter, PatternConverter

API_PREFIX = "/api/"
MAX_PER_PAGE = 100

API_DESCRIPTION = (
    "Public, read-only data of PactPlatform: collective actions with their signed texts and signatures, "
    "sanctions, and the transparency log. No login.\n\n"
    "Every error is JSON `{\"error\": {\"code\", \"message\"}}` with the HTTP status: 400 `bad_parameter` for "
    "a query parameter that is malformed, out of range or given twice (`fields` names each one), 404 for an id "
    "that does not exist (or is not a whole number from 1 to 2^31-1), 405 with `Allow` for a method a path "
    "does not take. Query parameters an operation does not list are ignored. A URL longer than the HTTP server "
    "takes is answered 414 by that server, before the API sees it."
)

# One shape for every error the API answers; `fields` only on 400 bad_parameter.
ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "additionalProperties": False,
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "additionalProperties": False,
            "properties": {
                "code": {"type": "string", "description": "Stable machine-readable reason, e.g. not_found."},
                "message": {"type": "string", "description": "What went wrong, for a person."},
                "fields": {
                    "type": "object",
                    "description": "For bad_parameter: each offending parameter with its messages.",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
        }
    },
}
ERROR_SCHEMA_NAME = "HTTPError"  # the name APIFlask registers HTTP_ERROR_SCHEMA under
_ERROR_REF = {"$ref": f"#/components/schemas/{ERROR_SCHEMA_NAME}"}


class ApiError(Exception):
    """An answer other than success that a view decides on: JSON error with this status and code."""

    def __init__(self, status: int, code: str, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}


class BadParameter(ApiError):
    """A query parameter the API cannot use, found by the view itself: 400 bad_parameter."""

    def __init__(self, message: str):
        super().__init__(400, "bad_parameter", message)


def api_error(status: int, code: str, message: str, headers=None, **extra):
    """`{"error": {"code": …, "message": …}}` with the given HTTP status."""
    response = jsonify({"error": {"code": code, "message": message, **extra}})
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


# -- parameters --------------------------------------------------------------------------------------

_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,19}")


class Integer(fields.Integer):
    """A whole number as written in a URL: ASCII digits with an optional minus, at most 19 of them.
    marshmallow's own Integer calls int(), which also takes " 7", "1_000" and other scripts' digits."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and not _WHOLE_NUMBER.fullmatch(value):
            raise self.make_error("invalid", input=value)
        number = super()._deserialize(value, attr, data, **kwargs)
        if not -MAX_INT64 - 1 <= number <= MAX_INT64:
            raise self.make_error("invalid", input=value)
        return number


def Id(**kwargs) -> Integer:
    """A database id: 1 … 2**31-1, as the path converter takes them."""
    return Integer(validate=Range(min=MIN_ID, max=MAX_ID), **kwargs)


class QuerySchema(Schema):
    """Base of every operation's query parameters: unknown ones are ignored (webargs' default for the
    query string), a single-valued one given twice is refused rather than silently taking the first."""

    class Meta:
        unknown = EXCLUDE

    @pre_load
    def _refuse_repeated(self, data, **kwargs):
        getlist = getattr(data, "getlist", None)
        if getlist is None:
            return data
        multiple = getattr(data, "multiple_keys", set())
        repeated = {}
        for name, field in self.fields.items():
            key = field.data_key or name
            if key not in multiple and len(getlist(key)) > 1:
                repeated[key] = ["Give this parameter once."]
        if repeated:
            raise ValidationError(repeated)
        return data


# Free text compared with stored text: no control characters (PostgreSQL cannot even bind NUL).
PLAIN_TEXT = Regexp(r"^[^\x00-\x1f\x7f]+$", error="Use text without control characters.")


class PageQuery(QuerySchema):
    page = Integer(load_default=1, validate=Range(min=1, max=MAX_PAGE),
                   metadata={"description": f"Page number, 1 … {MAX_PAGE}."})
    per_page = Integer(load_default=20, validate=Range(min=1, max=MAX_PER_PAGE),
                       metadata={"description": f"Items per page, 1 … {MAX_PER_PAGE}."})


class CursorQuery(QuerySchema):
    """Keyset pagination (web/keyset.py): the `next` cursor of the page before, never a page number."""
    after = fields.String(validate=[Length(min=1, max=500), PLAIN_TEXT], metadata={
        "description": "The `next` cursor of the page before; a cursor this API did not give is a 404 (no such page)."})
    per_page = Integer(load_default=20, validate=Range(min=1, max=MAX_PER_PAGE),
                       metadata={"description": f"Items per page, 1 … {MAX_PER_PAGE}."})


class LegacyCursorQuery(CursorQuery):
    """A list that used to be paginated by number: `page=1` is still taken (it is the first page), a later page
    is reached by `after`, so no request scans the rows before it."""
    page = Integer(validate=Range(min=1, max=1), metadata={
        "description": "Deprecated, only 1 (the first page): follow `next` with `after` instead."})


class CursorPage(Schema):
    next = fields.String(required=True, allow_none=True, metadata={"description": "Cursor of the next page "
                         "(give it as `after`), null on the last page."})


NO_SUCH_CURSOR = "The `after` cursor was not given by this API"


def cursor_error() -> "ApiError":
    # Any string is a well-formed cursor to the document, so an unknown one is a page that does not exist.
    return ApiError(404, "not_found", "No page has this cursor: start again without `after`.")


# -- blueprints and bodies ---------------------------------------------------------------------------

def api_blueprint(name: str, import_name: str, url_prefix: str, tag: str) -> APIBlueprint:
    """An API blueprint: documented in /api/v1/openapi.json, and exempt from the site's CSRF check
    because the API authenticates nobody by cookie (a form-posting attacker gains nothing)."""
    from ..extensions import csrf

    blueprint = APIBlueprint(name, import_name, url_prefix=url_prefix, tag=tag)
    csrf.exempt(blueprint)
    return blueprint


def binary_body(media_type: str, max_bytes: int, description: str = ""):
    """Take the request body as raw bytes of one media type (see the module docstring, step 6)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            if request.mimetype != media_type:
                raise ApiError(415, "unsupported_media_type", f"Send the body as {media_type}.")
            if request.content_length is not None and request.content_length > max_bytes:
                raise ApiError(413, "too_large", f"The body may have at most {max_bytes} bytes.")
            body = request.stream.read(max_bytes + 1)
            if len(body) > max_bytes:
                raise ApiError(413, "too_large", f"The body may have at most {max_bytes} bytes.")
            if not body:
                raise BadParameter("The body is empty.")
            return view(*args, body=body, **kwargs)

        spec = getattr(view, "_spec", {})
        wrapper._spec = {**spec, "binary_body": {"media_type": media_type, "description": description,
                                                 "max_bytes": max_bytes}}
        return wrapper

    return decorator


# -- errors ------------------------------------------------------------------------------------------

def handle_api_error(error: ApiError):
    return api_error(error.status, error.code, error.message, error.headers)


def _validation_fields(detail) -> dict[str, list[str]]:
    """webargs' {location: {parameter: [messages]}} as {parameter: [messages]}."""
    found = {}
    for location_errors in (detail or {}).values():
        if isinstance(location_errors, dict):
            for name, messages in location_errors.items():
                found[str(name)] = [str(m) for m in (messages if isinstance(messages, list) else [messages])]
    return found


def handle_apiflask_error(error: HTTPError):
    """APIFlask's own errors (a parameter that failed its schema, apiflask.abort) in our shape."""
    if isinstance(error, _ValidationError):
        problems = _validation_fields(error.detail)
        message = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in problems.items())
        return api_error(400, "bad_parameter", message or "A parameter is not valid.", error.headers,
                         fields=problems)
    code = str(error.message or "error").lower().replace(" ", "_")
    return api_error(error.status_code, code, str(error.message), error.headers)


def http_error_headers(error) -> dict:
    """The headers an HTTP error must keep whatever body we give it: Allow on a 405, Retry-After, …"""
    return {name: value for name, value in error.get_headers() if name.lower() != "content-type"}


# -- the OpenAPI document ----------------------------------------------------------------------------

# Answered by the HTTP server in front of the app (gunicorn's limit_request_line, a proxy's), before the
# app sees the request: documented without a body, which is not the API's to describe.
URI_TOO_LONG = {"description": "The URL is longer than the HTTP server takes; answered by the server itself, "
                               "not as JSON"}
SERVER_STATUSES = {"414"}


def _error_response(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": dict(_ERROR_REF)}}}


def _openapi_path(rule) -> str:
    return re.sub(r"<([^<:]+:)?", "{", rule.rule).replace(">", "}")


def _binary_bodies(app) -> dict[tuple[str, str], dict]:
    """(OpenAPI path, method) → the binary_body declaration of its view."""
    found = {}
    for rule in app.url_map.iter_rules():
        declaration = getattr(app.view_functions[rule.endpoint], "_spec", {}).get("binary_body")
        if declaration:
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                found[(_openapi_path(rule), method.lower())] = declaration
    return found


def _path_bounds(app) -> dict[tuple[str, str], dict]:
    """(OpenAPI path, argument) → the schema of what its converter keeps: an id's bounds, or a pattern."""
    found = {}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(API_PREFIX):
            continue
        for name, converter in rule._converters.items():
            if isinstance(converter, BoundedIntConverter):
                found[(_openapi_path(rule), name)] = {"type": "integer", "minimum": converter.min,
                                                      "maximum": converter.max}
            elif isinstance(converter, PatternConverter):
                found[(_openapi_path(rule), name)] = converter.openapi_schema()
    return found


def _rewrite_refs(node, renamed: dict[str, str]):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref in renamed:
            node["$ref"] = renamed[ref]
        for value in node.values():
            _rewrite_refs(value, renamed)
    elif isinstance(node, list):
        for value in node:
            _rewrite_refs(value, renamed)


def _merge_identical_schemas(spec: dict) -> None:
    """One component for one shape: apispec registers a schema that is both answered and nested twice
    (X and X1), and the two error schemas APIFlask asks for are ours alike."""
    import json

    schemas = spec.get("components", {}).get("schemas", {})
    while True:
        by_shape: dict[str, list[str]] = {}
        for name, schema in schemas.items():
            by_shape.setdefault(json.dumps(schema, sort_keys=True), []).append(name)
        renamed = {}
        for names in by_shape.values():
            keep = min(names, key=lambda n: (n != ERROR_SCHEMA_NAME, len(n), n))
            for name in names:
                if name != keep:
                    renamed[f"#/components/schemas/{name}"] = f"#/components/schemas/{keep}"
                    del schemas[name]
        if not renamed:
            return
        _rewrite_refs(spec, renamed)


def complete_spec(app, spec: dict) -> dict:
    """What every operation shares, added to the document APIFlask generated from the declarations."""
    spec.setdefault("info", {})["description"] = API_DESCRIPTION
    spec.setdefault("components", {}).setdefault("schemas", {})[ERROR_SCHEMA_NAME] = ERROR_SCHEMA
    bodies, bounds = _binary_bodies(app), _path_bounds(app)
    for path, operations in spec.get("paths", {}).items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "path" and (path, parameter["name"]) in bounds:
                    parameter["schema"] = dict(bounds[(path, parameter["name"])])
            responses = operation.setdefault("responses", {})
            body = bodies.get((path, method))
            if body:
                operation["requestBody"] = {
                    "required": True,
                    "description": body["description"] or f"The {body['media_type']} file, at most "
                                                          f"{body['max_bytes']} bytes.",
                    "content": {body["media_type"]: {"schema": {"type": "string", "format": "binary", "minLength": 1}}},
                }
                responses.setdefault("400", _error_response("The body is empty"))
                responses.setdefault("413", _error_response("The body is too large"))
                responses.setdefault("415", _error_response(f"The body is not {body['media_type']}"))
            responses.setdefault("500", _error_response("Unexpected error; nothing was changed"))
            responses.setdefault("414", dict(URI_TOO_LONG))
            for status, response in responses.items():
                # Any error an operation declares with a bare description gets the one error shape.
                if status[0] in "45" and status not in SERVER_STATUSES and not response.get("content"):
                    response["content"] = {"application/json": {"schema": dict(_ERROR_REF)}}
    _merge_identical_schemas(spec)
    return spec


def register(app) -> None:
    app.config.update(
        SERVERS=[{"url": "/"}],  # the document's own host, whoever asked for it first
        VALIDATION_ERROR_STATUS_CODE=400,
        VALIDATION_ERROR_DESCRIPTION="A parameter is malformed, out of range or given twice (bad_parameter)",
        VALIDATION_ERROR_SCHEMA=ERROR_SCHEMA,
        HTTP_ERROR_SCHEMA=ERROR_SCHEMA,
        NOT_FOUND_DESCRIPTION="No such resource (not_found)",
    )
    app.register_error_handler(ApiError, handle_api_error)
    app.register_error_handler(HTTPError, handle_apiflask_error)
    app.spec_processor(lambda spec: complete_spec(app, spec))
