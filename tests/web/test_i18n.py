import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from tests.conftest import post

ROOT = Path(__file__).resolve().parents[2]


def test_indonesian_is_the_default_language(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="id">' in page
    assert "Masuk" in page


def test_switching_to_english_and_back(client):
    response = post(client, "/lang/en", {"next": "/login"})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page and "Log in" in page
    post(client, "/lang/id")
    assert '<html lang="id">' in client.get("/login").get_data(as_text=True)


def test_an_unknown_language_changes_nothing(client):
    post(client, "/lang/xx")
    assert '<html lang="id">' in client.get("/").get_data(as_text=True)


def test_every_user_facing_string_has_an_indonesian_translation(tmp_path):
    """Extract the strings from code and templates, as pybabel does, and find each in the id catalog."""
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [str(Path(sys.executable).parent / "pybabel"), "extract", "--ignore-dirs=.*", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_ngettext:1,2", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with pot.open("rb") as handle:
        wanted = {message.id for message in read_po(handle) if message.id}
    with (ROOT / "pactplatform/translations/id/LC_MESSAGES/messages.po").open("rb") as handle:
        catalog = read_po(handle)
    translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    missing = sorted(str(m) for m in wanted - translated)
    assert not missing, f"{len(missing)} strings lack an Indonesian translation: {missing[:20]}"


def test_a_lazy_message_naming_a_users_value_is_escaped_in_a_page(app):
    """flask_babel marks lazy strings as safe HTML; a firm named like markup must print as text."""
    from flask import render_template_string
    from flask_babel import lazy_gettext

    with app.test_request_context():
        message = lazy_gettext("You do not represent %(name)s.", name='<b onclick="x()">PT Jahat</b>')
        html = render_template_string("{{ m }}|{{ [m]|join(', ') }}", m=message)
    assert "<b" not in html
    assert html.count("&lt;b onclick=&#34;x()&#34;&gt;PT Jahat&lt;/b&gt;") == 2
