"""Bulk import of organisations: valid rows created, upsert by NIB (else NPWP), invalid rows skipped with
their reason and nothing of them written, every write logged; the CLI with its report file, the tenant
admin's upload page."""
import csv
import io

import pytest
from sqlalchemy import func, select

from pactplatform.extensions import db
from pactplatform.ledger.models import LedgerEntry
from pactplatform.orgs.models import Organisation
from tests import factories
from tests.conftest import csrf_token, login

HEADER = "Name,Kind,NIB,NPWP,Sector,Region\n"
ROWS = [
    "PT Baru Jaya,firm,9100000000001,01.000.000.0-000.001,Konstruksi,Jawa Barat",         # 2 created
    "PT Alpha Berganti Nama,,9120000000777,,Konsultan,",                                # 3 update by NIB
    "Dinas Baru,public_body,,02.000.000.0-000.002,,",                                    # 4 created (NPWP only)
    "PT Salah NIB,firm,123,01.000.000.0-000.003,,",                                      # 5 skipped: NIB
    ",firm,9100000000004,01.000.000.0-000.004,,",                                        # 6 skipped: no name
    "PT Dua Pemilik,firm,9120000000777,01.000.000.0-000.888,,",                          # 7 skipped: 2 owners
    "PT Baru Jaya,firm,9100000000001,01.000.000.0-000.001,Konstruksi,",                  # 8 unchanged
    "Dinas Baru Sekali,public_body,,02.000.000.0-000.002,,",                             # 9 update by NPWP
]


@pytest.fixture
def existing(app_ctx):
    owner = factories.user()
    alpha = factories.organisation(owner, name="PT Alpha", nib="9120000000777", npwp="010000000000777")
    other = factories.organisation(owner, name="PT Lain", nib="9120000000888", npwp="010000000000888")
    return alpha, other


def _counts():
    return (db.session.scalar(select(func.count()).select_from(Organisation)),
            db.session.scalar(select(func.count()).select_from(LedgerEntry)))


def _check_outcome(existing, report_rows):
    alpha, _other = existing
    outcomes = {int(r["row"]): (r["outcome"], r["reason"]) for r in report_rows}
    assert {n: o for n, (o, _r) in outcomes.items()} == {
        2: "created", 3: "updated", 4: "created", 5: "skipped", 6: "skipped", 7: "skipped", 8: "unchanged",
        9: "updated"}
    assert all(reason for n, (o, reason) in outcomes.items() if o == "skipped")
    db.session.expire_all()
    assert db.session.get(Organisation, alpha.id).name == "PT Alpha Berganti Nama"
    assert db.session.get(Organisation, alpha.id).npwp == "010000000000777"  # an empty cell erases nothing
    body = db.session.scalar(select(Organisation).where(Organisation.npwp == "020000000000002"))
    assert body.name == "Dinas Baru Sekali" and body.kind == "public_body" and body.nib is None
    assert db.session.scalar(select(Organisation).where(Organisation.nib == "9100000000004")) is None
    assert db.session.scalar(select(Organisation).where(Organisation.npwp == "010000000000003")) is None
    events = db.session.scalars(select(LedgerEntry.event).where(LedgerEntry.subject_type == "organisation")
                                .order_by(LedgerEntry.index)).all()
    assert events[-4:] == ["organisation.registered", "organisation.updated", "organisation.registered",
                           "organisation.updated"]


def test_the_cli_upserts_by_identifier_and_reports_each_skipped_row(app, existing, tmp_path):
    source = tmp_path / "orgs.csv"
    source.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    before = _counts()
    result = app.test_cli_runner().invoke(args=["orgs", "import", str(source), "--report", str(tmp_path / "r.csv"),
                                                "--batch", "3"])
    assert result.exit_code == 0, result.output
    assert "2 created, 2 updated, 1 unchanged, 3 skipped." in result.output
    assert "Ignored columns: region" in result.output
    assert "row 5: " in result.output and "row 7: " in result.output
    assert _counts() == (before[0] + 2, before[1] + 4)  # each write with its log entry, none for a skipped row
    with (tmp_path / "r.csv").open(encoding="utf-8") as handle:
        _check_outcome(existing, list(csv.DictReader(handle)))


def test_a_file_without_a_name_column_is_refused_whole(app, app_ctx, tmp_path):
    source = tmp_path / "bad.csv"
    source.write_text("nib,npwp\n9100000000001,010000000000001\n", encoding="utf-8")
    before = _counts()
    result = app.test_cli_runner().invoke(args=["orgs", "import", str(source)])
    assert result.exit_code != 0 and "name" in result.output
    assert _counts() == before


def test_a_tenant_admin_uploads_and_sees_the_report(app, client, bureau, existing):
    officer = app.test_client()
    login(officer, bureau["officer"].email)
    assert officer.get("/t/biro/organisations/import").status_code == 403
    login(client, bureau["admin"].email)
    page = client.get("/t/biro/organisations/import")
    assert page.status_code == 200 and "Impor organisasi" in page.get_data(as_text=True)
    data = {"csrf_token": csrf_token(client, "/t/biro/organisations/import"),
            "file": (io.BytesIO(("\ufeff" + HEADER + "\n".join(ROWS)).encode("utf-8")), "orgs.csv")}
    response = client.post("/t/biro/organisations/import", data=data, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 dibuat, 2 diperbarui, 1 tidak berubah, 3 dilewati." in html
    assert "NIB terdiri dari tepat 13 digit." in html
    assert db.session.scalar(select(Organisation).where(Organisation.nib == "9100000000001")).created_by_id == \
        bureau["admin"].id
