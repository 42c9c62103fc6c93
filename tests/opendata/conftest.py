"""Open-data tests: an empty exports folder for each test (files outlive the emptied tables), the clock on a
day the decided sanction is in force, and the public record the files are made of."""
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from tests.sanctions.helpers import decided

IN_FORCE_DAY = datetime(2026, 8, 3, 3, 0, 0)


@pytest.fixture(autouse=True)
def exports_dir(app):
    path = Path(app.instance_path) / "exports"
    shutil.rmtree(path, ignore_errors=True)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def clock(app):
    """Set the platform's "now"; put back after."""
    saved = app.config.get("CLOCK_NOW")
    app.config["CLOCK_NOW"] = IN_FORCE_DAY

    def move(moment: datetime) -> None:
        app.config["CLOCK_NOW"] = moment

    yield move
    app.config["CLOCK_NOW"] = saved


@pytest.fixture
def sanctioned(monitored, bureau, clock):
    """A blacklisting of PT Alpha, in force on the clock's day."""
    return decided(bureau, monitored)


@pytest.fixture
def record(sanctioned, monitored, bureau):
    """Also a certificate of PT Beta."""
    from tests.certification.conftest import make_body, progressed

    progressed(make_body(bureau["tenant"], bureau["admin"], bureau["firm_b"], bureau["signer_b"]), "granted")
    return {"sanction": sanctioned}


def fetch(client, url: str, **kwargs):
    """GET, read the body and close the response as a WSGI server does (a file download holds its file open
    until then)."""
    response = client.get(url, **kwargs)
    response.get_data()
    response.close()
    return response
