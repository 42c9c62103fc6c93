"""Where a notification leads: stored as an endpoint and its arguments (or a path), resolved when shown."""
from flask import url_for
from werkzeug.routing import BuildError


def path_of(link: dict | None) -> str | None:
    if not link:
        return None
    if link.get("path"):
        path = str(link["path"])
        return path if path.startswith("/") and not path.startswith(("//", "/\\")) else None
    try:
        return url_for(link["endpoint"], **{k: v for k, v in link.get("args", {}).items() if v is not None})
    except (BuildError, KeyError):
        return None
