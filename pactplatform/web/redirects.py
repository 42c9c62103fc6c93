"""The one check for redirect targets that come from the request (`next=`): a path on this site, nothing else.

Browsers forgive a lot in a Location header: they drop tabs and newlines anywhere in a URL, read a
backslash as a slash and a leading "//" as "another host follows". So a target is first stripped of
control characters (which also keeps CR/LF out of the header), then parsed, and refused if it names a
scheme or a host, before or after percent-decoding.
"""
import unicodedata
from urllib.parse import unquote, urlsplit

from flask import request

# Cc: C0/C1 controls (tab, CR, LF, NUL, ...); Cf: invisible format characters (zero-width, bidi).
_INVISIBLE = ("Cc", "Cf")


def _visible(value: str) -> str:
    return "".join(ch for ch in value if unicodedata.category(ch) not in _INVISIBLE)


def _stays_on_site(candidate: str) -> bool:
    if not candidate.startswith("/") or candidate.startswith("//"):
        return False
    path = candidate.split("?", 1)[0].split("#", 1)[0]
    if "\\" in path:
        return False
    parts = urlsplit(candidate)
    return not parts.scheme and not parts.netloc


def local_target(target: str | None) -> str | None:
    """`target` without control characters if it is a path on this site, else None."""
    if not target:
        return None
    cleaned = _visible(target)
    if _stays_on_site(cleaned) and _stays_on_site(_visible(unquote(cleaned))):
        return cleaned
    return None


def safe_next(default: str) -> str:
    """The request's `next` if it is a path on this site, else `default` (a URL the app built itself)."""
    return local_target(request.values.get("next")) or default

