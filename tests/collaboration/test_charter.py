"""Charter decisions: coordinators from the members, signed with the coordinators' keys (payload and PAdES),
logged, superseded by a new decision with a diff."""
import pytest
from sqlalchemy import select

from pactplatform.collaboration import operations
from pactplatform.errors import Conflict, Forbidden, OperationError
from pactplatform.extensions import db
from pactplatform.ledger.models import LedgerEntry
from pactplatform.signing import operations as signing
from pactplatform.signing.operations import WrongPassphrase
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.conftest import login

COORDINATORS = "Pengadaan, Jawa Timur: PT Alpha\nPelaporan: pt beta"


def _adopt(world, ground_rules="Rapat dimulai tepat waktu.", coordinators=COORDINATORS):
    return operations.adopt_charter(world["action"], world["coordinator"], coordinators, "Bulanan", ground_rules,
                                    "Laporan triwulan kepada semua anggota.")


def test_coordinators_are_member_organisations_and_each_line_is_checked(pair, english_messages):
    with tenant_scope(pair["tenant"].id):
        with pytest.raises(OperationError) as refused:
            operations.adopt_charter(pair["action"], pair["coordinator"],
                                     "tanpa titik dua\nWilayah: PT Tidak Ada", "", "", "x")
        with pytest.raises(Forbidden):
            operations.adopt_charter(pair["action"], pair["members"][0][1], COORDINATORS, "a", "b", "c")
        charter = _adopt(pair)
    messages = [str(m) for _f, m in refused.value.field_errors]
    assert any("Line 1" in m for m in messages) and any("PT Tidak Ada is not a member" in m for m in messages)
    assert {f for f, _m in refused.value.field_errors} == {"coordinators", "cadence", "ground_rules"}
    assert [(c["area"], c["organisation"]) for c in charter.coordinators] == [
        ("Pengadaan, Jawa Timur", "PT Alpha"), ("Pelaporan", "PT Beta")]
    assert "- Pengadaan, Jawa Timur: PT Alpha" in charter.body and charter.number == 1


def test_coordinators_sign_the_decision_verifiably_and_the_log_records_it(pair, bureau, english_messages):
    from pyhanko.pdf_utils.reader import PdfFileReader
    import io

    signing.create_signing_key(pair["coordinator"], factories.SIGNING_PASSPHRASE)
    with tenant_scope(pair["tenant"].id):
        charter = _adopt(pair)
        with pytest.raises(WrongPassphrase):
            operations.sign_charter(pair["action"], charter, pair["coordinator"], "salah sekali ini")
        signature = operations.sign_charter(pair["action"], charter, pair["coordinator"],
                                            factories.SIGNING_PASSPHRASE)
        with pytest.raises(Conflict, match="already signed"):
            operations.sign_charter(pair["action"], charter, pair["coordinator"],
                                    factories.SIGNING_PASSPHRASE)
        db.session.commit()
        assert operations.check_charter_signature(signature)["ok"]
        signature.payload = signature.payload.replace(charter.sha256, "0" * 64)
        assert not operations.check_charter_signature(signature)["ok"]
    db.session.rollback()
    assert len(PdfFileReader(io.BytesIO(charter.pdf)).embedded_signatures) == 1
    events = set(db.session.scalars(select(LedgerEntry.event)))
    assert {"charter.adopted", "charter.signed"} <= events


def test_a_new_decision_supersedes_the_old_one_which_can_no_longer_be_signed(pair, client, english_messages):
    signing.create_signing_key(pair["coordinator"], factories.SIGNING_PASSPHRASE)
    with tenant_scope(pair["tenant"].id):
        first = _adopt(pair)
        with pytest.raises(OperationError, match="says what the one in force says"):
            _adopt(pair)
        second = _adopt(pair, ground_rules="Rapat dimulai tepat waktu.\n<script>alert(1)</script>")
        with pytest.raises(Conflict, match="supersedes"):
            operations.sign_charter(pair["action"], first, pair["coordinator"], factories.SIGNING_PASSPHRASE)
    db.session.commit()
    assert second.number == 2
    login(client, pair["members"][1][1].email)
    page = client.get(f"/t/biro/actions/{pair['action'].id}/collaboration/charter").get_data(as_text=True)
    assert 'class="diff-added">' in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert client.get(f"/t/biro/actions/{pair['action'].id}/collaboration/charter/{first.id}.pdf"
                      ).headers["Content-Type"] == "application/pdf"


def test_a_tenant_member_outside_the_action_is_refused(pair, bureau, client):
    outsider = factories.user()
    factories.member(pair["tenant"], outsider, "representative")
    login(client, outsider.email)
    assert client.get(f"/t/biro/actions/{pair['action'].id}/collaboration").status_code == 403
