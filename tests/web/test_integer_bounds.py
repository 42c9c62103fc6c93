"""Every integer the site takes is one its database column can hold: path ids (every `<int:…>` route, found
by walking the URL map), `?page=` of the public lists and the number fields of every form. An over-large
one used to reach the database, which cannot bind it (SQLite past 63 bits, PostgreSQL past its INTEGER
id columns): HTTP 500. Now it is a 404, a clamped page or a translated message next to the field, and
nothing is written."""
import pytest
from sqlalchemy import func, select

from pactplatform.actions import operations as action_operations
from pactplatform.actions import policies
from pactplatform.actions.models import CollectiveAction, MonitorAssignment, Party
from pactplatform.extensions import db
from pactplatform.monitoring.models import ViolationCase
from pactplatform.sanctions.models import Sanction
from pactplatform.tenancy.scoping import tenant_scope
from pactplatform.web.converters import MAX_ID, BoundedIntConverter
from tests import factories
from tests.action_fixtures import party_of
from tests.conftest import login, post
from tests.monitoring_fixtures import CASE, make_case

OVER_LARGE = ["2147483648", "9223372036854775808", "99999999999999999999", "9" * 400]
NOT_AN_ID = ["0", "٣", "-1"]


def _int_routes(app):
    rules = []
    for rule in app.url_map.iter_rules():
        names = [name for name, converter in rule._converters.items() if isinstance(converter, BoundedIntConverter)]
        if names:
            rules.append((rule, names))
    return rules


def _url(rule, names, value):
    path = rule.rule.replace("<tenant_slug>", "biro")
    for name in names:
        path = path.replace(f"<int:{name}>", value)
    return path


def test_every_int_route_uses_the_bounded_converter(app):
    bounded = {id(rule) for rule, _ in _int_routes(app)}
    with_ints = [rule for rule in app.url_map.iter_rules() if "<int" in rule.rule]
    assert [rule.rule for rule in with_ints if id(rule) not in bounded] == []
    # The ten public routes the probe found, and every members' route besides.
    assert len([rule for rule in with_ints if not rule.rule.startswith("/t/")]) >= 10


@pytest.mark.parametrize("value", OVER_LARGE + NOT_AN_ID)
def test_every_int_route_answers_404_to_an_id_no_column_holds(app, client, bureau, value):
    """Logged in as the tenant's admin, so a route that let the number through would reach its view."""
    login(client, bureau["admin"].email)
    checked = 0
    for rule, names in _int_routes(app):
        url = _url(rule, names, value)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if method == "GET":
                response = client.get(url)
            else:
                response = post(client, url, {})
            assert response.status_code == 404, (method, url, response.status_code)
            if url.startswith("/api/"):
                assert response.get_json()["error"]["code"] == "not_found"
            checked += 1
    assert checked >= 40


def test_the_largest_id_a_column_holds_is_looked_up_and_not_found(client, bureau):
    assert MAX_ID == 2**31 - 1  # PostgreSQL's INTEGER, the type of every id column
    for path in ("/actions/", "/blacklist/", "/api/v1/actions/", "/api/v1/sanctions/", "/orgs/"):
        assert client.get(f"{path}{MAX_ID}").status_code == 404


@pytest.mark.parametrize("path", ["/actions/", "/blacklist/"])
@pytest.mark.parametrize("page", ["99999999999999999999", "9" * 400, "100001", "-5", "x", "٣"])
def test_public_lists_never_fail_on_their_page_number(client, path, page):
    response = client.get(f"{path}?page={page}")
    assert response.status_code == 200


def test_page_numbers_are_clamped(app):
    from pactplatform.web.forms import page_number

    for raw, expected in (("2", 2), ("0", 1), ("x", 1), ("", 1), ("99999999999999999999", 100_000), ("٣", 1)):
        with app.test_request_context(f"/actions/?page={raw}"):
            assert page_number() == expected


CHOOSE = "Pilih salah satu pilihan yang tersedia."
CHOOSE_ORGANISATION = "Pilih organisasi."


def _count(model) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model).execution_options(all_tenants=True))


@pytest.mark.parametrize("value", ["99999999999999999999", "9223372036854775808", "2147483648", "0", "abc", ""])
def test_an_id_no_column_holds_is_a_message_next_to_the_field_and_nothing_is_written(client, pact, bureau, value):
    base = f"/t/biro/actions/{pact.id}"
    bidder = party_of(pact, bureau["firm_a"])
    forms = [  # (who, path, data, model that must not grow)
        ("admin", f"{base}/parties", {"organisation_id": value, "role": policies.BIDDER}, Party),
        ("admin", f"{base}/monitors", {"user_id": value}, MonitorAssignment),
        ("signer_a", f"{base}/parties/{bidder.id}/subcontractors", {"organisation_id": value}, Party),
        ("monitor", f"{base}/cases/new", {**CASE, "organisation_id": value}, ViolationCase),
        ("officer", "/t/biro/actions/new?kind=integrity_pact",
         {"title": "Pakta baru", "tender_code": "T-9", "tender_title": "Jembatan", "tender_procuring_entity_id": value,
          "tender_budget_ceiling": "1000", "tender_owner_estimate": "900", "tender_year": "2026",
          "tender_stage": "planning"}, CollectiveAction),
    ]
    for who, path, data, model in forms:
        session = client.application.test_client()
        login(session, bureau[who].email)
        before = _count(model)
        response = post(session, path, data, token_from="/t/biro/actions/")
        assert response.status_code == 422, (path, response.status_code)
        html = response.get_data(as_text=True)
        # Nothing chosen at all is the field's own "required" message where it has one.
        assert CHOOSE in html or (value == "" and CHOOSE_ORGANISATION in html), path
        assert _count(model) == before, path


def test_joining_with_an_id_no_column_holds_is_refused_with_a_message(client, bureau):
    coalition = factories.action(bureau["tenant"], bureau["officer"], policies.CERTIFIED_COALITION, title="Koalisi")
    with tenant_scope(bureau["tenant"].id):
        action_operations.change_status(coalition, bureau["officer"], "open")
    db.session.commit()
    login(client, bureau["signer_a"].email)
    before = _count(Party)
    response = post(client, f"/t/biro/actions/{coalition.id}/join",
                    {"organisation_id": "99999999999999999999", "passphrase": factories.SIGNING_PASSPHRASE},
                    token_from="/t/biro/actions/")
    assert response.status_code == 422
    assert CHOOSE in response.get_data(as_text=True)
    assert _count(Party) == before


@pytest.mark.parametrize("year, message", [
    ("99999999999999999999", "Isi bilangan bulat dari 2000 sampai 2100."),
    ("9" * 400, "Isi bilangan bulat dari 2000 sampai 2100."),
    ("1999", "Isi bilangan bulat dari 2000 sampai 2100."),
    ("20x6", "Isi bilangan bulat dengan angka."),
])
def test_a_year_out_of_range_is_a_translated_message_and_keeps_what_was_typed(client, bureau, year, message):
    login(client, bureau["officer"].email)
    before = _count(CollectiveAction)
    response = post(client, "/t/biro/actions/new?kind=integrity_pact",
                    {"title": "Pakta baru", "tender_code": "T-9", "tender_title": "Jembatan",
                     "tender_procuring_entity_id": str(bureau["public_body"].id), "tender_budget_ceiling": "1000",
                     "tender_owner_estimate": "900", "tender_year": year, "tender_stage": "planning"},
                    token_from="/t/biro/actions/")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert page.count(message) == 1 and f'value="{year}"' in page
    assert _count(CollectiveAction) == before


@pytest.mark.parametrize("days", ["99999999999999999999", "61", "0"])
def test_objection_days_out_of_range_are_refused_with_a_message(client, monitored, bureau, days):
    case = make_case(bureau, monitored, until="confirmed")
    login(client, bureau["officer"].email)
    before = _count(Sanction)
    response = post(client, f"/t/biro/sanctions/propose/{case.id}",
                    {"kind": "warning", "decree_number": "SK-9", "legal_basis": "Perpres", "grounds": "Terbukti",
                     "issuing_unit": "Biro", "starts_on": "2026-07-10", "years": "2", "objection_days": days},
                    token_from="/t/biro/actions/")
    assert response.status_code == 422
    assert "Isi antara 1 dan 60 hari." in response.get_data(as_text=True)
    assert _count(Sanction) == before


@pytest.mark.parametrize("field", ["tender_budget_ceiling", "tender_owner_estimate"])
@pytest.mark.parametrize("amount", ["Rp 9.223.372.036.854.775.808", "9" * 400])
def test_an_amount_no_column_holds_is_refused_with_a_message(client, bureau, field, amount):
    login(client, bureau["officer"].email)
    before = _count(CollectiveAction)
    data = {"title": "Pakta baru", "tender_code": "T-9", "tender_title": "Jembatan", "tender_year": "2026",
            "tender_procuring_entity_id": str(bureau["public_body"].id), "tender_budget_ceiling": "1000",
            "tender_owner_estimate": "900", "tender_stage": "planning", field: amount}
    response = post(client, "/t/biro/actions/new?kind=integrity_pact", data, token_from="/t/biro/actions/")
    assert response.status_code == 422
    assert "Jumlah ini terlalu besar." in response.get_data(as_text=True)
    assert _count(CollectiveAction) == before
