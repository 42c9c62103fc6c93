"""Every redirect target taken from the request is a path on this site (issue 9 §8, open redirect)."""
import pytest

from pactplatform.web.redirects import local_target
from tests import factories
from tests.conftest import csrf_token, post

# What a browser turns into another site: tabs and newlines are dropped anywhere in a URL, a backslash
# is read as a slash, and a leading "//" names a host.
ELSEWHERE = [
    "/\t/evil.example",
    "/\t/evil.example/path",
    "/%09/evil.example",
    "/%2F/evil.example",
    "/\r\n/evil.example",
    "/\n/evil.example",
    "//evil.example",
    "///evil.example",
    "https://evil.example/",
    "HTTPS://evil.example/",
    "http:evil.example",
    "javascript:alert(1)",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    " //evil.example",
    "\x00//evil.example",
    "evil.example",
    "",
    None,
]


@pytest.mark.parametrize("target", ELSEWHERE)
def test_a_target_that_could_leave_the_site_is_refused(target):
    assert local_target(target) is None


@pytest.mark.parametrize("target, expected", [
    ("/", "/"),
    ("/t/pbj/actions/3", "/t/pbj/actions/3"),
    ("/actions/?kind=integrity_pact&page=2", "/actions/?kind=integrity_pact&page=2"),
    ("/login?next=/t/pbj/", "/login?next=/t/pbj/"),
    ("/t/pbj/\r\nSet-Cookie: a=b", "/t/pbj/Set-Cookie: a=b"),  # control characters are removed
])
def test_a_local_path_is_kept(target, expected):
    assert local_target(target) == expected


def _login_form(client, email: str, password: str = factories.PASSWORD) -> dict:
    return {"email": email, "password": password, "csrf_token": csrf_token(client, "/login")}


@pytest.mark.parametrize("target", ["/\t/evil.example", "/%09/evil.example", "//evil.example", "https://evil.example/",
                                    "/\\evil.example", "/\r\n/evil.example"])
def test_login_never_redirects_elsewhere(client, app_ctx, target):
    factories.user(email="ana@example.org")
    response = client.post("/login", query_string={"next": target}, data=_login_form(client, "ana@example.org"))
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_login_follows_a_local_next(client, app_ctx):
    factories.user(email="ana@example.org")
    response = client.post("/login", query_string={"next": "/orgs/"}, data=_login_form(client, "ana@example.org"))
    assert response.headers["Location"] == "/orgs/"


def test_a_newline_in_next_is_no_server_error(client, app_ctx):
    factories.user(email="ana@example.org")
    response = client.post("/login", query_string={"next": "/orgs/\r\nSet-Cookie: stolen=1"},
                           data=_login_form(client, "ana@example.org"))
    assert response.status_code == 302
    assert "\r" not in response.headers["Location"] and "\n" not in response.headers["Location"]
    assert "stolen" not in response.headers.get("Set-Cookie", "")


@pytest.mark.parametrize("target", ["/\t/evil.example", "/%09/evil.example", "//evil.example", "https://evil.example/",
                                    "/\\evil.example", "/\r\n/evil.example", "/\n/evil.example"])
def test_the_language_switch_never_redirects_elsewhere(client, target):
    response = post(client, "/lang/en", {"next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_the_language_switch_returns_to_the_page(client):
    response = post(client, "/lang/en", {"next": "/actions/?kind=declaration"})
    assert response.headers["Location"] == "/actions/?kind=declaration"
