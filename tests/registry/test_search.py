"""Search through the database's own text index, on whichever database the suite runs."""
from pactplatform.extensions import db
from pactplatform.registry import search
from tests.action_fixtures import TENDER


def _names(result):
    return [hit.title for hit in result.hits]


def test_legal_forms_do_not_get_in_the_way(firms):
    assert _names(search.search("Sinar Mas")) == ["PT. Sinar Mas Tbk"]
    assert _names(search.search("PT Sinar Mas")) == ["PT. Sinar Mas Tbk"]
    assert _names(search.search("sinar mas tbk")) == ["PT. Sinar Mas Tbk"]
    assert _names(search.search("Waskita Karya Persero")) == ["PT Waskita Karya (Persero) Tbk"]
    assert _names(search.search("CV. Maju")) == ["CV Maju Jaya"]


def test_prefix_and_misspelt_names(firms):
    assert _names(search.search("wask")) == ["PT Waskita Karya (Persero) Tbk"]
    assert not search.search("wask").fuzzy
    misspelt = search.search("Waskitta Karia")
    assert misspelt.fuzzy and _names(misspelt) == ["PT Waskita Karya (Persero) Tbk"]
    assert _names(search.search("Sinarr Mass")) == ["PT. Sinar Mas Tbk"]
    assert search.search("zzqx").hits == []


def test_nib_and_npwp_raw_or_formatted(firms):
    assert _names(search.search("9120007654321")) == ["CV Maju Jaya"]
    assert _names(search.search("912 000 765 4321")) == ["CV Maju Jaya"]
    assert _names(search.search("09.876.543.2-109.000")) == ["CV Maju Jaya"]
    assert _names(search.search("098765432109000")) == ["CV Maju Jaya"]
    assert search.search("9120007654321").by_identifier
    assert search.search("55555555").hits == []


def test_highlighting_marks_the_match_and_escapes_the_rest(firms):
    hit = search.search("bangun").hits[0]
    assert str(hit.highlighted) == "PT <mark>Bangun</mark> &lt;<mark>Nusa</mark>&gt; &amp; Co" or \
        str(hit.highlighted) == "PT <mark>Bangun</mark> &lt;Nusa&gt; &amp; Co"
    assert "<Nusa>" not in str(hit.highlighted)


def test_facets_and_filters(firms, pact, bureau):
    result = search.search("konstruksi")  # a sector is not searched as a word…
    assert result.hits == []
    everything = search.search("pakta")
    assert [h.kind for h in everything.hits] == ["action"]
    assert everything.facets["kind"] == {"action": 1}
    assert everything.facets["status"] == {"open": 1}
    assert everything.facets["tenant_id"] == {bureau["tenant"].id: 1}
    by_code = search.search(TENDER["code"])
    assert [h.ref_id for h in by_code.hits] == [pact.id]
    firms_only = search.search("sinar", kind="organisation", sector="Konstruksi")
    assert _names(firms_only) == ["PT. Sinar Mas Tbk"]
    assert firms_only.facets["sector"] == {"Konstruksi": 1}
    assert search.search("sinar", kind="action").hits == []


def test_the_index_follows_renames_and_status(firms, pact, bureau):
    from pactplatform.actions import operations
    from pactplatform.tenancy.scoping import tenant_scope

    organisation = firms["CV Maju Jaya"]
    organisation.name = "CV Maju Makmur"
    db.session.commit()
    assert _names(search.search("makmur")) == ["CV Maju Makmur"]
    assert _names(search.search("maju jaya")) == ["CV Maju Makmur"], "a former name still finds the firm"
    with tenant_scope(bureau["tenant"].id):
        operations.change_status(pact, bureau["admin"], "cancelled", "Tender dibatalkan")
    db.session.commit()
    assert search.search("pakta").facets["status"] == {"cancelled": 1}
