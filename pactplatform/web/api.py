"""Shared shape of the public JSON API's answers (DESIGN.md §3: errors)."""
from flask import jsonify


def api_error(status: int, code: str, message: str):
    """`{"error": {"code": …, "message": …}}` with the given HTTP status."""
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    return response
