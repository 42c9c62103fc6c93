"""Access logs that keep no trace of anonymous reporters.

`make run` starts gunicorn with `--logger-class pactplatform.web.access_log.AnonymousRoutesLogger`: for a
request to an anonymous route (under ANONYMOUS_PREFIX: filing and following an anonymous report), every atom
that could identify the client is blanked (address, user agent, referrer, every request header such as
X-Forwarded-For, and the environment's variables). Other routes are logged as before. Flask's development
server logs through the `werkzeug` logger; DevServerAddressFilter blanks the address there too.

This module imports no part of the app: gunicorn's master loads it before any worker builds the app.
"""
import logging
import re

ANONYMOUS_PREFIX = "/report"


def is_anonymous_path(path: str | None) -> bool:
    path = path or ""
    return path == ANONYMOUS_PREFIX or path.startswith(ANONYMOUS_PREFIX + "/")


try:
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # the app runs without gunicorn (tests, `flask run`)
    _GunicornLogger = object


class AnonymousRoutesLogger(_GunicornLogger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        if is_anonymous_path(environ.get("PATH_INFO")):
            for name in list(atoms):
                if name in ("h", "u", "f", "a") or (name.startswith("{") and name.endswith(("}i", "}e"))):
                    atoms[name] = "-"
        return atoms


_DEV_SERVER_LINE = re.compile(r'^\S+ (- - \[[^\]]*\] "[A-Z]+ (\S+))')


class DevServerAddressFilter(logging.Filter):
    """Werkzeug's line is `<address> - - [<time>] "<method> <path> …"`, formatted before it is logged."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        match = _DEV_SERVER_LINE.match(message)
        if match and is_anonymous_path(match.group(2).split("?", 1)[0]):
            record.msg, record.args = "-" + message[match.start(1) - 1:], None
        return True


def install_dev_server_filter() -> None:
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, DevServerAddressFilter) for f in logger.filters):
        logger.addFilter(DevServerAddressFilter())
