"""HTTP caching and CORS for public reads, in one place for every page and API operation.

- Every successful GET/HEAD answer that is not streamed gets an ETag of its body, and a conditional request
  that matches is answered 304 without the body (the work is done, the bytes are saved).
- Cache-Control: the API (it answers the same whoever asks) and pages that read no session are `public` for
  a short while; a page that read the session (a logged-in visitor, a form's CSRF token) is
  `private, no-cache`: it must be revalidated.
- The read-only API allows any origin (no credentials: it reads no cookie): GET, HEAD, OPTIONS.
"""
from flask import request, session

API_PREFIX = "/api/"
API_MAX_AGE = 60
PAGE_MAX_AGE = 30
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, If-None-Match, If-Modified-Since",
    "Access-Control-Expose-Headers": "ETag, Link",
    "Access-Control-Max-Age": "600",
}


def _private(response) -> bool:
    # Flask saves the session (and adds Vary: Cookie) after these hooks: ask the session itself.
    return session.accessed or "Cookie" in response.vary or "Set-Cookie" in response.headers


def conditional(response):
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        return response
    is_api = request.path.startswith(API_PREFIX)
    if is_api:
        for name, value in CORS_HEADERS.items():
            response.headers.setdefault(name, value)
    if request.method == "OPTIONS" or response.status_code != 200:
        return response
    if "Cache-Control" not in response.headers:
        if not is_api and _private(response):  # the API answers the same whoever asks
            response.headers["Cache-Control"] = "private, no-cache"
        else:
            response.headers["Cache-Control"] = f"public, max-age={API_MAX_AGE if is_api else PAGE_MAX_AGE}"
    if not response.is_streamed and not response.direct_passthrough:
        response.add_etag()
    return response.make_conditional(request)


def register(app) -> None:
    app.after_request(conditional)
