"""Shared shape of the public JSON API's answers and of its query parameters (DESIGN.md §3: errors)."""
import re

from flask import jsonify, request

_INTEGER = re.compile(r"-?[0-9]{1,19}")
MAX_PER_PAGE = 100
MAX_PAGE = 100_000


class BadParameter(Exception):
    """A query parameter the API cannot use: answered as JSON 400 (registered in web.register)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def api_error(status: int, code: str, message: str):
    """`{"error": {"code": …, "message": …}}` with the given HTTP status."""
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    return response


def handle_bad_parameter(error: BadParameter):
    return api_error(400, "bad_parameter", error.message)


def int_arg(name: str, default: int | None = None, minimum: int = 0, maximum: int | None = None) -> int:
    """A whole-number query parameter within [minimum, maximum], or BadParameter naming it."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        if default is None:
            raise BadParameter(f"{name} is required")
        return default
    if not _INTEGER.fullmatch(raw):
        raise BadParameter(f"{name} must be an integer")
    value = int(raw)
    if value < minimum:
        raise BadParameter(f"{name} must be at least {minimum}" if minimum else f"{name} must not be negative")
    if maximum is not None and value > maximum:
        raise BadParameter(f"{name} must be at most {maximum}")
    return value


def choice_arg(name: str, allowed) -> str | None:
    """An optional query parameter that must be one of `allowed`."""
    value = request.args.get(name) or None
    if value is not None and value not in allowed:
        raise BadParameter(f"{name} must be one of {', '.join(allowed)}")
    return value


def pagination(default_per_page: int = 20) -> tuple[int, int]:
    return (int_arg("page", 1, minimum=1, maximum=MAX_PAGE),
            int_arg("per_page", default_per_page, minimum=1, maximum=MAX_PER_PAGE))


def binary_body(content_type: str, description: str):
    """Document a raw request body (a PDF, an image) in the OpenAPI document, as APIFlask's @input
    does for JSON and forms; the view reads it itself with request.get_data()."""

    def decorator(view):
        spec = view.__dict__.setdefault("_spec", {})
        spec["body"] = {"type": "string", "format": "binary", "description": description}
        spec["content_type"] = content_type
        return view

    return decorator
