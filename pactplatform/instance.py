"""Secrets and keys generated into the instance folder at first run, never committed."""
import os
import secrets
import tempfile
from pathlib import Path
from typing import Callable


def instance_file(instance_path: str, name: str, create: Callable[[], bytes]) -> bytes:
    """Return the content of instance/<name>, creating it once with create().

    The content is written to a private temporary file first and then hard-linked into place, which
    fails if the name exists: two processes starting together never see a half-written file, and
    never generate two different secrets.
    """
    folder = Path(instance_path)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / name
    if not path.exists():
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(create())
            os.chmod(temporary, 0o600)
            try:
                os.link(temporary, path)
            except FileExistsError:
                pass
        finally:
            os.unlink(temporary)
    return path.read_bytes()


def secret_key(instance_path: str) -> str:
    return instance_file(instance_path, "secret_key", lambda: secrets.token_hex(32).encode()).decode()


def private_sqlite_database(database_uri: str, instance_path: str) -> None:
    """Create an SQLite database file readable by its owner alone (0600, like the keys), before SQLite
    creates it with the process's umask (usually 0644); tighten one already in the instance folder.
    SQLite gives its journal and WAL files the permissions of the database file."""
    from sqlalchemy.engine import make_url

    url = make_url(database_uri)
    database = url.database
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database).resolve()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        if path.parent == Path(instance_path).resolve() and path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
