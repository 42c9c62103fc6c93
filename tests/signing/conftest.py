import subprocess
from pathlib import Path

import pytest


@pytest.fixture
def signing(app_ctx):
    """The signing operations (the test app's SIGNING_SCRYPT_N keeps scrypt quick)."""
    from pactplatform.signing import operations

    return operations


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=60)
