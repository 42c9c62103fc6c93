"""The registry's pages: home, search, the organisations register with keyset pages and downloads."""
import csv
import io
import json

from tests.query_count import counting_queries


def test_home_shows_the_counts_and_a_search_box(client, firms, pact):
    page = client.get("/").get_data(as_text=True)
    assert 'id="registry-q"' in page
    counts = page[page.index('data-testid="registry-counts"'):]
    assert "<strong>7</strong>" in counts  # four firms, the bureau's public body and two firms
    assert "<strong>1</strong>" in counts  # the open pact


def test_search_page_in_both_languages(client, firms):
    page = client.get("/search?q=Waskitta").get_data(as_text=True)
    assert "<mark>Waskita</mark>" in page and 'data-testid="fuzzy-note"' in page
    indonesian = client.get("/search?q=9120001234567").get_data(as_text=True)
    assert "PT. Sinar Mas Tbk" in indonesian and "Ditemukan berdasarkan nomor registrasi" in indonesian
    with client.session_transaction() as session:
        session["lang"] = "en"
    english = client.get("/search?q=9120001234567").get_data(as_text=True)
    assert "PT. Sinar Mas Tbk" in english and "Found by registration number" in english
    assert client.get("/search?kind=bogus&q=x").status_code == 400


def test_register_keyset_pages_are_stable_and_sortable(client, many_firms):
    seen, url = [], "/orgs/?sort=-name"
    while url:
        page = client.get(url).get_data(as_text=True)
        seen += [line.split(">")[1].split("<")[0] for line in page.split('<a href="/orgs/')[1:]
                 if line.split('"')[0].isdigit()]
        marker = 'data-testid="next-page" href="'
        url = page[page.index(marker) + len(marker):].split('"')[0].replace("&amp;", "&") if marker in page else None
    assert len(seen) == 120 and seen == sorted(seen, reverse=True)
    [statement] = _statements(client, "/orgs/?sort=-name")  # one keyset query, no count(*)
    assert "count(" not in statement.lower()
    assert client.get("/orgs/?after=not-a-cursor").status_code == 400


def _statements(client, url):
    with counting_queries() as statements:
        assert client.get(url).status_code == 200
    return statements


def test_register_filters_and_search(client, firms):
    page = client.get("/orgs/?q=sinar+mas").get_data(as_text=True)
    assert "PT. Sinar Mas Tbk" in page and "CV Maju Jaya" not in page
    page = client.get("/orgs/?sector=Energi").get_data(as_text=True)
    assert "Waskita" in page and "Sinar" not in page
    assert "9120001234567" not in client.get("/orgs/").get_data(as_text=True), "NIBs are masked"


def test_downloads_of_the_current_filter(client, firms):
    response = client.get("/orgs/export.csv?sector=Konstruksi")
    assert response.headers["Content-Type"].startswith("text/csv") and response.headers["ETag"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["name"] for r in rows] == ["CV Maju Jaya", "PT. Sinar Mas Tbk"]
    assert rows[1]["nib"] == "91********567"
    again = client.get("/orgs/export.csv?sector=Konstruksi", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    lines = client.get("/orgs/export.jsonl").get_data(as_text=True).splitlines()
    assert len(lines) == 4 and json.loads(lines[0])["url"].startswith("/orgs/")


def test_query_count_does_not_grow_with_the_page(client, many_firms):
    from pactplatform.registry import views

    small = len(_statements(client, "/orgs/"))
    views.PER_PAGE = 100
    try:
        large = len(_statements(client, "/orgs/"))
    finally:
        views.PER_PAGE = 20
    assert small == large


def test_passport_page_queries_do_not_grow_with_signatures(client, pact, bureau, app_ctx):
    from pactplatform.actions import operations
    from pactplatform.extensions import db
    from pactplatform.tenancy.scoping import tenant_scope
    from tests import factories
    from tests.action_fixtures import party_of

    firm = bureau["firm_a"]
    second = factories.action(bureau["tenant"], bureau["officer"], "principle_initiative", title="Prakarsa")
    with tenant_scope(bureau["tenant"].id):
        operations.change_status(second, bureau["officer"], "open")
        operations.sign(pact, bureau["signer_a"], party_of(pact, firm), factories.SIGNING_PASSPHRASE)
    db.session.commit()
    one = _statements(client, f"/orgs/{firm.id}")
    with tenant_scope(bureau["tenant"].id):
        operations.join(second, bureau["signer_a"], firm.id, factories.SIGNING_PASSPHRASE)
    db.session.commit()
    assert len(_statements(client, f"/orgs/{firm.id}")) == len(one)


def test_actions_register_keyset_search_and_download(client, pact, bureau):
    import csv as csv_module

    second = __import__("tests.factories", fromlist=["action"]).action(
        bureau["tenant"], bureau["officer"], "principle_initiative", title="Prakarsa Bersih")
    from pactplatform.actions import operations
    from pactplatform.extensions import db
    from pactplatform.tenancy.scoping import tenant_scope

    with tenant_scope(bureau["tenant"].id):
        operations.change_status(second, bureau["officer"], "open")
    db.session.commit()
    page = client.get("/actions/?q=prakarsa").get_data(as_text=True)
    assert "Prakarsa Bersih" in page and "Pakta Jalan Desa" not in page
    assert "Pakta Jalan Desa" in client.get("/actions/?q=T-001").get_data(as_text=True)
    assert client.get("/actions/?after=bogus").status_code == 400
    rows = list(csv_module.DictReader(io.StringIO(client.get("/actions/export.csv").get_data(as_text=True))))
    assert [r["title"] for r in rows] == ["Prakarsa Bersih", "Pakta Jalan Desa"]
    assert rows[1]["signatories"] == "0" and rows[1]["tenant"] == bureau["tenant"].name
    from pactplatform.web import keyset

    cursor = keyset.encode([second.id])
    assert [r for r in client.get(f"/actions/?after={cursor}").get_data(as_text=True).split("\n")
            if "Pakta Jalan Desa" in r]


def test_control_characters_are_refused_not_sent_to_the_database(client, firms):
    from pactplatform.web import keyset

    assert client.get("/orgs/?sector=%00").status_code == 400
    assert client.get("/orgs/?after=" + keyset.encode(["\x00", 1])).status_code == 400
    assert client.get("/search?q=%00sinar").status_code == 200
    assert client.get("/api/v1/organisations?sector=%00").status_code == 400
