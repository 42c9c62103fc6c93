"""Addresses printed in PDFs come from PUBLIC_BASE_URL, which `make run` derives from where it serves."""
import io
import os
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pyhanko.pdf_utils.reader import PdfFileReader

from pactplatform.actions import operations
from pactplatform.extensions import db
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.action_fixtures import party_of

ROOT = Path(__file__).resolve().parents[2]
BASE = "http://127.0.0.1:8123"


def qr_codes(pdf: bytes, tmp_path) -> list[str]:
    """Every QR code on every page, read back from the rendered pages as a phone would."""
    (tmp_path / "doc.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(tmp_path / "doc.pdf"), str(tmp_path / "page")],
                   check=True, timeout=60)
    return [result.text for page in sorted(tmp_path.glob("page*.png"))
            for result in zxingcpp.read_barcodes(Image.open(page))]


def link_targets(pdf: bytes) -> list[str]:
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    targets = []
    for page in reader.root["/Pages"]["/Kids"]:
        for annotation in page.get_object().get("/Annots", []):
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                targets.append(str(action["/URI"]))
    return targets


def test_the_pacts_qr_code_and_link_use_the_configured_address(app, client, pact, bureau, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", BASE + "/")
    with tenant_scope(bureau["tenant"].id):
        operations.sign(pact, bureau["signer_a"], party_of(pact, bureau["firm_a"]), factories.SIGNING_PASSPHRASE)
    db.session.commit()
    pdf = client.get(f"/api/v1/actions/{pact.id}/document.pdf").data
    expected = f"{BASE}/verify/actions/{pact.id}"
    assert qr_codes(pdf, tmp_path) == [expected]
    assert expected in link_targets(pdf)
    assert "127.0.0.1:5000" not in subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True).stdout.decode()


@pytest.mark.parametrize("environment, arguments, expected", [
    ({}, ["PORT=8123"], "http://127.0.0.1:8123"),
    ({}, ["HOST=192.168.1.20", "PORT=8080"], "http://192.168.1.20:8080"),
    ({"PUBLIC_BASE_URL": "https://pakta.example.go.id"}, ["PORT=8123"], "https://pakta.example.go.id"),
])
def test_make_run_gives_pdfs_the_address_it_serves_on_unless_told_otherwise(environment, arguments, expected):
    env = {key: value for key, value in os.environ.items() if key != "PUBLIC_BASE_URL"}
    dry_run = subprocess.run(["make", "-n", "run", *arguments], cwd=ROOT, env={**env, **environment},
                             capture_output=True, text=True, check=True, timeout=60).stdout.replace("\\\n", " ")
    [demo] = [line for line in dry_run.splitlines() if " demo --if-empty" in line]
    [server] = [line for line in dry_run.splitlines() if "gunicorn" in line]
    # The demo's PDFs are signed at load time, so the loader needs the address as much as the server.
    assert demo.startswith(f"PUBLIC_BASE_URL='{expected}' ") and server.startswith(f"PUBLIC_BASE_URL='{expected}' ")
