"""The pages and the public JSON: the public action page shows goals, the bar and small wins without login;
the tenant pages let the answerable member post progress with evidence; the API answers the progress."""
import io
from datetime import timedelta

from pactplatform.extensions import db
from pactplatform.progress import operations
from pactplatform.tenancy.scoping import tenant_scope
from tests.conftest import csrf_token, login
from tests.progress.conftest import TODAY
from tests.progress.test_operations import PNG


def test_a_member_posts_progress_with_evidence_and_the_public_sees_the_bar_and_the_win(client, bureau, initiative,
                                                                                       indicator):
    page = f"/t/biro/actions/{initiative.id}/progress/indicators/{indicator.id}"
    login(client, bureau["signer_a"].email)
    posted = client.post(page + "/updates", data={
        "csrf_token": csrf_token(client, page), "value": "16377", "recorded_on": TODAY.isoformat(),
        "note": "Minggu II Agustus", "evidence": (io.BytesIO(PNG), "bukti.png")}, content_type="multipart/form-data")
    assert posted.status_code == 302
    shown = client.get(page).get_data(as_text=True)
    assert "bukti.png" in shown and "<svg" in shown and "100,0 %" in shown
    client.get("/logout")

    public = client.get(f"/actions/{initiative.id}").get_data(as_text=True)
    assert "Kasus diselesaikan" in public and 'class="progress-bar"' in public and "100,0 %" in public
    assert "Target tercapai: Kasus diselesaikan" in public  # the small win, in Indonesian by default
    assert "bukti.png" not in public  # evidence stays with the members

    data = client.get(f"/api/v1/actions/{initiative.id}/progress").get_json()
    (goal,) = data["goals"]
    item = goal["indicators"][0]
    assert (item["baseline"], item["target"], item["latest_value"], item["progress_percent"], item["target_met"]) == (
        "0", "16377", "16377", "100.0", True)
    assert item["answerable_organisation"]["name"] == "PT Alpha"
    assert [w["kind"] for w in data["small_wins"]] == ["target_met"]


def test_a_setback_without_a_note_is_refused_on_the_form(client, bureau, initiative, indicator):
    with tenant_scope(bureau["tenant"].id):
        operations.post_update(initiative, indicator, bureau["signer_a"], "9085", TODAY - timedelta(days=3), "")
    db.session.commit()
    page = f"/t/biro/actions/{initiative.id}/progress/indicators/{indicator.id}"
    login(client, bureau["signer_a"].email)
    response = client.post(page + "/updates", data={"csrf_token": csrf_token(client, page), "value": "1054",
                                                    "recorded_on": TODAY.isoformat(), "note": ""})
    assert response.status_code == 422
    assert "lebih rendah dari pembaruan sebelumnya" in response.get_data(as_text=True)


def test_the_coordinator_page_and_the_passport_stage(client, bureau, initiative, indicator):
    login(client, bureau["officer"].email)
    page = client.get(f"/t/biro/actions/{initiative.id}/progress/").get_data(as_text=True)
    assert "Kasus tertangani" in page and "Tetapkan tujuan" in page
    action_page = client.get(f"/t/biro/actions/{initiative.id}").get_data(as_text=True)
    assert "1 tujuan" in action_page and f"/t/biro/actions/{initiative.id}/progress/" in action_page
    passport = client.get(f"/orgs/{bureau['firm_a'].id}").get_data(as_text=True)
    assert "Tahap kerja antikorupsi" in passport and "Belum mencapai tahap internal." in passport
    assert "belum tercatat" in passport  # no risk assessment: said, not skipped


def test_the_progress_api_answers_404_for_a_draft_and_empty_lists_for_a_kind_without_goals(client, bureau):
    from tests import factories

    declaration = factories.action(bureau["tenant"], bureau["officer"], "declaration", title="Deklarasi",
                                   sections={"unacceptable": ["Suap"]})
    draft = client.get(f"/api/v1/actions/{declaration.id}/progress")
    assert draft.status_code == 404 and draft.get_json()["error"]["code"] == "not_found"
    with tenant_scope(bureau["tenant"].id):
        from pactplatform.actions import operations as action_operations

        action_operations.add_party(declaration, bureau["officer"], bureau["firm_a"].id, "participant")
        action_operations.change_status(declaration, bureau["officer"], "open")
    db.session.commit()
    assert client.get(f"/api/v1/actions/{declaration.id}/progress").get_json() == {
        "action_id": declaration.id, "goals": [], "small_wins": []}
    login(client, bureau["officer"].email)
    assert client.get(f"/t/biro/actions/{declaration.id}/progress/").status_code == 404
