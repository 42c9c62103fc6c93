"""Secrets and keys generated into the instance folder at first run, never committed."""
import os
import secrets
from pathlib import Path
from typing import Callable


def instance_file(instance_path: str, name: str, create: Callable[[], bytes]) -> bytes:
    """Return the content of instance/<name>, creating it once with create().

    The file is written owner-only and atomically (O_EXCL), so two processes starting together
    cannot both generate a different secret.
    """
    folder = Path(instance_path)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / name
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes()
    with os.fdopen(fd, "wb") as handle:
        handle.write(create())
    return path.read_bytes()


def secret_key(instance_path: str) -> str:
    return instance_file(instance_path, "secret_key", lambda: secrets.token_hex(32).encode()).decode()
