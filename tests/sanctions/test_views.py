"""Sanction pages per role, the public blacklist, its API and the passport."""
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from pactplatform.extensions import db
from pactplatform.sanctions.models import Sanction
from tests import factories
from tests.conftest import login, post
from tests.monitoring_fixtures import make_case
from tests.sanctions.helpers import DECIDED_ON, decided, proposed


def english(client):
    post(client, "/lang/en")


@pytest.fixture
def clock(app):
    app.config["CLOCK_NOW"] = datetime(2026, 8, 1, 3, 0)
    yield app.config
    app.config.pop("CLOCK_NOW")


@pytest.mark.parametrize("who, sees_proposed, sees_decided", [
    ("admin", True, True), ("officer", True, True), ("monitor", True, True), ("respondent", False, True),
    ("other_party", False, False), ("other_monitor", False, False), ("auditor", False, False),
    ("outsider", False, False),
])
def test_who_sees_a_sanction_in_the_tenant(client, monitored, bureau, people, who, sees_proposed, sees_decided):
    case = make_case(bureau, monitored, until="confirmed")
    draft = proposed(bureau, monitored, case, decree_number="SK-P")
    issued = decided(bureau, monitored, case, decree_number="SK-D")
    login(client, people[who].email)
    assert client.get(f"/t/biro/sanctions/{draft.id}").status_code == (200 if sees_proposed else 404)
    assert client.get(f"/t/biro/sanctions/{issued.id}").status_code == (200 if sees_decided else 404)


def test_the_officer_proposes_in_the_web_and_a_reused_decree_changes_nothing(client, monitored, bureau):
    decided(bureau, monitored)
    case = make_case(bureau, monitored, organisation=bureau["firm_b"], until="confirmed")
    login(client, bureau["officer"].email)
    english(client)
    url = f"/t/biro/sanctions/propose/{case.id}"
    form = {"kind": "debarment", "decree_number": "SK-001/2026", "legal_basis": "Perpres 16/2018",
            "grounds": "Kolusi.", "issuing_unit": "Biro", "starts_on": "2026-08-01", "ends_on": "2027-08-01",
            "years": "2", "objection_days": "5"}
    response = post(client, url, form, token_from=url)
    assert response.status_code == 409 and "already used in this tenant" in response.get_data(as_text=True)
    response = post(client, url, {**form, "decree_number": "SK-002/2026", "ends_on": "2026-07-01"}, token_from=url)
    assert response.status_code == 422 and "The end date must be after the start date." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Sanction.id)).execution_options(all_tenants=True)) == 1
    response = post(client, url, {**form, "decree_number": "SK-002/2026"}, token_from=url)
    assert response.status_code == 302


def test_the_admin_decides_and_the_respondent_objects_in_the_web(client, app, monitored, bureau, clock):
    sanction = proposed(bureau, monitored)
    login(client, bureau["admin"].email)
    url = f"/t/biro/sanctions/{sanction.id}"
    assert post(client, url + "/decide", {"reason": ""}, token_from=url).status_code == 302
    respondent = app.test_client()
    login(respondent, bureau["signer_a"].email)
    assert 'name="text"' in respondent.get(url).get_data(as_text=True)
    assert post(respondent, url + "/objection", {"text": "Kami keberatan."}, token_from=url).status_code == 302
    db.session.expire_all()
    assert db.session.get(Sanction, sanction.id).pending_objection is not None


def test_the_public_blacklist_lists_blacklistings_in_force_with_masked_identifiers(client, monitored, bureau, clock):
    blacklisted = decided(bureau, monitored, decree_number="SK-BL", starts_on=date(2026, 7, 10))
    case_b = make_case(bureau, monitored, organisation=bureau["firm_b"], until="confirmed")
    expired = decided(bureau, monitored, case_b, decree_number="SK-EX", kind="debarment",
                      starts_on=date(2026, 7, 10), ends_on=date(2026, 7, 20))
    draft = proposed(bureau, monitored, case_b, decree_number="SK-DRAFT")
    page = client.get("/blacklist/").get_data(as_text=True)
    assert "SK-BL" in page and "SK-EX" not in page and "SK-DRAFT" not in page
    firm = bureau["firm_a"]
    assert firm.nib not in page and firm.npwp not in page and firm.nib[:2] + "*" in page
    past = client.get("/blacklist/?kind=all&status=expired").get_data(as_text=True)
    assert "SK-EX" in past and "SK-BL" not in past
    assert client.get(f"/blacklist/{draft.id}").status_code == 404
    detail = client.get(f"/blacklist/{expired.id}").get_data(as_text=True)
    assert "SK-EX" in detail and "Proposed" not in detail
    passport = client.get(f"/orgs/{firm.id}").get_data(as_text=True)
    assert "SK-BL" in passport
    assert blacklisted.id


def test_the_api_lists_sanctions_by_status_paginated_and_never_leaks(client, monitored, bureau, clock):
    decided(bureau, monitored, decree_number="SK-BL")
    case_b = make_case(bureau, monitored, organisation=bureau["firm_b"], until="confirmed", files=[("r.pdf", b"%PDF-1")])
    decided(bureau, monitored, case_b, decree_number="SK-EX", kind="debarment", ends_on=date(2026, 7, 20))
    proposed(bureau, monitored, case_b, decree_number="SK-DRAFT")
    body = client.get("/api/v1/sanctions?status=in_force").get_json()
    assert body["next"] is None and [s["decree_number"] for s in body["items"]] == ["SK-BL"]
    item = body["items"][0]
    assert item["status"] == "in_force" and item["tenant"]["slug"] == "biro"
    assert [h["event"] for h in item["history"]] == ["proposed", "decided"]
    first = client.get("/api/v1/sanctions?per_page=1").get_json()
    second = client.get(f"/api/v1/sanctions?per_page=1&after={first['next']}").get_json()
    assert [s["decree_number"] for s in first["items"] + second["items"]] == ["SK-EX", "SK-BL"]
    assert second["next"] is None
    assert client.get("/api/v1/sanctions?after=bm9wZQ").status_code == 404
    text = client.get("/api/v1/sanctions").get_data(as_text=True)
    for secret in (bureau["firm_a"].nib, bureau["firm_a"].npwp, bureau["firm_b"].npwp, "SK-DRAFT", "r.pdf",
                   "Dua penawar memakai", "evidence"):
        assert secret not in text
    assert client.get("/api/v1/sanctions/999").status_code == 404


@pytest.mark.parametrize("query", ["status=proposed", "status=bogus", "kind=x", "page=0", "per_page=101",
                                   "page=abc", "organisation=x", "page=99999999999999999999"])
def test_the_api_answers_400_to_bad_parameters(client, query):
    response = client.get(f"/api/v1/sanctions?{query}")
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "bad_parameter"


def test_only_an_admin_changes_the_cross_debarment_setting(client, app, bureau):
    other_admin = factories.user()
    other = factories.tenant(other_admin, slug="kota")
    login(client, bureau["officer"].email)
    assert client.get("/t/biro/sanctions/settings").status_code == 403
    admin = app.test_client()
    login(admin, bureau["admin"].email)
    page = admin.get("/t/biro/sanctions/settings").get_data(as_text=True)
    assert other.name in page
    response = post(admin, "/t/biro/sanctions/settings", {"mode": "list", "tenant_ids": [str(other.id)]},
                    token_from="/t/biro/sanctions/settings")
    assert response.status_code == 302
    bad = post(admin, "/t/biro/sanctions/settings", {"mode": "list"}, token_from="/t/biro/sanctions/settings")
    assert bad.status_code == 422


def test_objection_window_then_in_force_is_visible_as_days_pass(client, app, monitored, bureau):
    sanction = decided(bureau, monitored)
    for day, status in ((DECIDED_ON, "objection_window"), (DECIDED_ON + timedelta(days=6), "in_force")):
        app.config["CLOCK_NOW"] = datetime.combine(day, datetime.min.time()).replace(hour=3)
        try:
            item = client.get(f"/api/v1/sanctions/{sanction.id}").get_json()
        finally:
            app.config.pop("CLOCK_NOW")
        assert item["status"] == status


@pytest.mark.parametrize("change, decree, status, message", [
    ("suspend", "", 422, "Kolom ini wajib diisi."),
    ("suspend", "SK-001/2026", 409, "Nomor SK SK-001/2026 sudah dipakai di penyelenggara ini."),
    ("cancel", "SK-001/2026", 409, "Nomor SK SK-001/2026 sudah dipakai di penyelenggara ini."),
])
def test_a_change_without_a_free_decree_keeps_the_typed_text_and_says_why(client, monitored, bureau, change, decree,
                                                                          status, message):
    from pactplatform.sanctions.models import SanctionChange

    sanction = decided(bureau, monitored)
    count = lambda: db.session.scalar(select(func.count(SanctionChange.id)).execution_options(all_tenants=True))  # noqa: E731
    before = count()
    login(client, bureau["admin"].email)
    url = f"/t/biro/sanctions/{sanction.id}"
    response = post(client, f"{url}/change", {"change": change, "decree_number": decree,
                                              "reason": "Putusan sela pengadilan"}, token_from=url)
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert f'<p class="error" id="decree-{change}-error">{message}</p>' in html
    assert "Putusan sela pengadilan</textarea>" in html
    assert count() == before and sanction.status == "decided"
