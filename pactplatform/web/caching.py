"""HTTP caching and CORS for public reads, in one place for every page and API operation.

- Every successful GET/HEAD answer that is not streamed gets an ETag of its body, and a conditional request
  that matches is answered 304 without the body (the work is done, the bytes are saved).
- An answer whose version is the transparency log's (a streamed download: `from_log`) gets that version as its
  ETag and the log head's time as Last-Modified, so If-None-Match and If-Modified-Since are both answered 304
  before a row is read.
- Cache-Control: the API (it answers the same whoever asks) and pages that read no session are `public` for
  a short while; a page that read the session (a logged-in visitor, a form's CSRF token) is
  `private, no-cache`: it must be revalidated.
- The read-only API allows any origin (no credentials: it reads no cookie): GET, HEAD, OPTIONS.
"""
from datetime import datetime, time, timezone
from zoneinfo import ZoneInfo

from flask import current_app, request, session

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


def from_log(response, tag: str, depends_on_date: bool = False):
    """Validators of an answer that changes only when the log grows (and, with depends_on_date, when the day
    turns: a status computed for today). conditional() then answers a matching request 304."""
    from ..ledger import queries as ledger_queries
    from ..monitoring import clock

    response.set_etag(tag)
    modified = ledger_queries.head_time()
    if depends_on_date:
        zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Asia/Jakarta"))
        midnight = datetime.combine(clock.today(), time(), zone).astimezone(timezone.utc).replace(tzinfo=None)
        modified = max(modified, midnight) if modified else midnight
    if modified is not None:
        response.last_modified = modified.replace(tzinfo=timezone.utc)
    return response


def register(app) -> None:
    app.after_request(conditional)
