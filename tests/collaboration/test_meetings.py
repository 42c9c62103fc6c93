"""Meetings: attendance from the members, minutes rendered sanitised, decisions as follow-ups with a status,
the open follow-ups per organisation for the members."""
from datetime import date

import pytest
from sqlalchemy import select

from pactplatform.collaboration import operations, queries
from pactplatform.errors import Forbidden, OperationError
from pactplatform.extensions import db
from pactplatform.ledger.models import LedgerEntry
from pactplatform.monitoring import clock
from pactplatform.tenancy.scoping import tenant_scope
from tests import factories
from tests.conftest import login

MINUTES = "**Disepakati** bersama.\n\n<script>alert('x')</script>\n\n[tautan](javascript:alert(1))"


def _meeting(world, **changes):
    firm_a, firm_b = world["members"][0][0], world["members"][1][0]
    values = {"held_on": clock.today(), "agenda": "Evaluasi triwulan", "minutes": MINUTES,
              "attendee_ids": [firm_a.id, firm_b.id], **changes}
    return operations.record_meeting(world["action"], world["coordinator"], values["held_on"], values["agenda"],
                                     values["minutes"], values["attendee_ids"])


def test_a_meeting_refuses_a_future_date_and_absent_organisations(pair, bureau, english_messages):
    with tenant_scope(pair["tenant"].id):
        with pytest.raises(OperationError) as refused:
            _meeting(pair, held_on=date(2999, 1, 1), agenda="", attendee_ids=[bureau["public_body"].id])
        with pytest.raises(Forbidden):
            operations.record_meeting(pair["action"], pair["members"][0][1], clock.today(), "a", "", [])
    assert {f for f, _m in refused.value.field_errors} == {"held_on", "agenda", "attendees"}


def test_decisions_become_follow_ups_that_members_see_and_close(pair, bureau, english_messages):
    firm_a, signer_a = pair["members"][0]
    firm_b, signer_b = pair["members"][1]
    with tenant_scope(pair["tenant"].id):
        meeting = _meeting(pair)
        first = operations.record_decision(pair["action"], meeting, pair["coordinator"],
                                           "Menyusun kode etik", firm_a.id, date(2027, 1, 31))
        operations.record_decision(pair["action"], meeting, pair["coordinator"],
                                   "Pelatihan anggota", firm_b.id, date(2027, 2, 28))
        with pytest.raises(OperationError) as refused:
            operations.record_decision(pair["action"], meeting, pair["coordinator"], "",
                                       bureau["public_body"].id, date(2000, 1, 1))
        assert {f for f, _m in refused.value.field_errors} == {"text", "organisation_id", "due_on"}
        with pytest.raises(Forbidden):
            operations.set_follow_up_status(pair["action"], first, signer_b, "done")
        operations.set_follow_up_status(pair["action"], first, signer_a, "done")
        groups = queries.open_follow_ups_by_organisation(pair["action"])
    db.session.commit()
    assert [(o.name, [f.text for f in items]) for o, items in groups] == [("PT Beta", ["Pelatihan anggota"])]
    events = list(db.session.scalars(select(LedgerEntry.event).where(LedgerEntry.subject_type == "meeting_decision")
                                  .order_by(LedgerEntry.index)))
    assert events == ["meeting_decision.recorded", "meeting_decision.recorded", "meeting_decision.status_changed"]


def test_minutes_are_rendered_without_script_or_javascript_links(pair, client):
    with tenant_scope(pair["tenant"].id):
        meeting = _meeting(pair)
    db.session.commit()
    login(client, pair["members"][1][1].email)
    page = client.get(f"/t/biro/actions/{pair['action'].id}/collaboration/meetings/{meeting.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<strong>Disepakati</strong>" in html
    assert "<script>alert" not in html and 'href="javascript:' not in html


def test_the_action_page_lists_open_follow_ups_for_members_only(pair, client):
    firm_a = pair["members"][0][0]
    with tenant_scope(pair["tenant"].id):
        meeting = _meeting(pair)
        operations.record_decision(pair["action"], meeting, pair["coordinator"], "Menyusun kode etik",
                                   firm_a.id, date(2027, 1, 31))
    db.session.commit()
    url = f"/t/biro/actions/{pair['action'].id}"
    login(client, pair["members"][1][1].email)
    assert "Menyusun kode etik" in client.get(url).get_data(as_text=True)
    client.get("/logout")
    outsider = factories.user()
    factories.member(pair["tenant"], outsider, "representative")
    login(client, outsider.email)
    page = client.get(url)
    assert page.status_code == 200 and "Menyusun kode etik" not in page.get_data(as_text=True)


def test_the_organisation_page_lists_its_open_follow_ups_to_its_representatives_only(pair, client):
    firm_a, signer_a = pair["members"][0]
    with tenant_scope(pair["tenant"].id):
        meeting = _meeting(pair)
        operations.record_decision(pair["action"], meeting, pair["coordinator"], "Menyusun kode etik", firm_a.id,
                                   date(2027, 1, 31))
    db.session.commit()
    login(client, signer_a.email)
    assert "Menyusun kode etik" in client.get(f"/orgs/{firm_a.id}").get_data(as_text=True)
    client.get("/logout")
    login(client, pair["members"][1][1].email)
    assert "Menyusun kode etik" not in client.get(f"/orgs/{firm_a.id}").get_data(as_text=True)
