"""The README's verification recipes work as written: run against a live server, in a clean folder."""
import re
import subprocess
from pathlib import Path

import pytest

from pactplatform.actions import operations
from pactplatform.extensions import db
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.action_fixtures import party_of
from tests.e2e.conftest import live_server  # noqa: F401  (the suite's live server fixture)

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()
DOCUMENTED = "http://127.0.0.1:5000"


def shell_blocks(after_heading: str) -> list[str]:
    section = README.split(after_heading, 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)```", section, re.S)


@pytest.fixture
def signed_pact(pact, bureau):
    with tenant_scope(bureau["tenant"].id):
        operations.sign(pact, bureau["signer_pb"], party_of(pact, bureau["public_body"]), factories.SIGNING_PASSPHRASE)
        operations.sign(pact, bureau["signer_a"], party_of(pact, bureau["firm_a"]), factories.SIGNING_PASSPHRASE)
    db.session.commit()
    return pact


def run_as_documented(script: str, live_server: str, action_id: int, folder: Path) -> str:
    script = script.replace(f"{DOCUMENTED}/api/v1/actions/3", f"{live_server}/api/v1/actions/{action_id}")
    script = script.replace(DOCUMENTED, live_server)
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=folder, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def test_the_openssl_and_pdfsig_recipes_run_as_written(live_server, signed_pact, tmp_path):
    openssl, pdfsig = shell_blocks("### Verify a signature with openssl alone")
    assert pdfsig.splitlines()[1].startswith("mkdir")  # the NSS folder exists before certutil uses it
    assert "Verified OK" in run_as_documented(openssl, live_server, signed_pact.id, tmp_path)
    report = run_as_documented(pdfsig, live_server, signed_pact.id, tmp_path)
    assert report.count("Signature Validation: Signature is Valid.") == 2, report
    assert report.count("Certificate Validation: Certificate is Trusted.") == 2, report


def test_the_api_check_recipe_runs_as_written(live_server, signed_pact, tmp_path):
    [curl] = re.findall(r"`(curl -s --data-binary[^`]*)`", README)
    (tmp_path / "action-3.pdf").write_bytes(
        subprocess.run(["curl", "-s", f"{live_server}/api/v1/actions/{signed_pact.id}/document.pdf"],
                       capture_output=True, check=True).stdout)
    answer = run_as_documented(" ".join(curl.split()), live_server, signed_pact.id, tmp_path)
    assert '"verdict": "intact"' in answer or '"verdict":"intact"' in answer
