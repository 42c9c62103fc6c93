"""The Indonesian catalog is complete, and no English message of WTForms reaches a page in Indonesian."""
from pathlib import Path

from babel.messages.pofile import read_po

from pactplatform.web.wtforms_messages import MESSAGES
from tests.conftest import login, post

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "pactplatform/translations/id/LC_MESSAGES/messages.po"

# WTForms' English, as it would show when its messages are not asked from our catalog.
KNOWN_ENGLISH = ("This field is required.", "Not a valid", "Number must be", "Field must be", "Field cannot be",
                 "Invalid email address.", "Invalid Choice", "Invalid input.", "CSRF", "Use at most")


def test_every_message_of_the_catalog_has_its_indonesian():
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    untranslated = [m.id for m in catalog if m.id and (
        m.fuzzy or not m.string or (isinstance(m.string, tuple) and not all(m.string)))]
    assert not untranslated, f"{len(untranslated)} messages lack an Indonesian msgstr: {untranslated[:20]}"


def test_wtforms_own_messages_are_in_the_catalog():
    with CATALOG.open("rb") as handle:
        ids = {m.id[0] if isinstance(m.id, tuple) else m.id for m in read_po(handle)}
    wanted = {m[0] if isinstance(m, tuple) else m for m in MESSAGES}
    assert wanted <= ids


def test_a_page_full_of_form_errors_in_indonesian_shows_no_english(client, bureau):
    login(client, bureau["officer"].email)
    url = "/t/biro/actions/new?kind=integrity_pact"
    response = post(client, url, {"title": "", "summary": "x" * 6000, "starts_on": "bukan tanggal",
                                  "tender_year": "1999", "tender_budget_ceiling": "1,5",
                                  "tender_procuring_entity_id": "abc", "tender_stage": "bulan"}, token_from=url)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and html.count('class="error"') >= 5
    for english in KNOWN_ENGLISH:
        assert english not in html, english
    assert "Bukan tanggal yang valid." in html and "Bukan pilihan yang valid." in html
