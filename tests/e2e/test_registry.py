"""Issue 12 in the browser: a visitor (no login) finds a firm by a misspelt name and by its NIB, opens its
integrity passport and downloads the blacklist as CSV; every page passes axe-core, in both languages."""
import os
from datetime import datetime

import pytest

from tests.e2e.conftest import axe_violations
from tests.sanctions.helpers import decided

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("PACT_SCREENSHOTS")


def checked(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"registry-{name}.png"), full_page=True)
    assert axe_violations(page) == []


@pytest.fixture
def blacklisted(app, monitored, bureau):
    decided(bureau, monitored)
    app.config["CLOCK_NOW"] = datetime(2026, 8, 1, 3, 0)
    yield bureau["firm_a"]
    app.config.pop("CLOCK_NOW")


def test_search_passport_and_blacklist_download(page, live_server, blacklisted):
    firm = blacklisted
    page.goto(live_server + "/")
    checked(page, "home")
    page.fill("#registry-q", "Alphaa")  # a typo for Alpha
    page.press("#registry-q", "Enter")
    page.wait_for_url("**/search?q=Alphaa")
    page.wait_for_selector("[data-testid=search-results]")
    assert page.get_by_test_id("fuzzy-note").is_visible()
    assert page.locator("mark").first.inner_text() == "Alpha"
    checked(page, "search")

    page.fill("#registry-q", firm.nib)
    page.press("#registry-q", "Enter")
    page.get_by_role("link", name=firm.name).click()
    page.wait_for_url(f"**/orgs/{firm.id}")
    assert firm.nib not in page.content(), "the passport masks the NIB"
    checked(page, "passport")

    page.get_by_test_id("switch-language").click()
    page.goto(live_server + "/blacklist/?q=alpha")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Blacklist"
    checked(page, "blacklist")
    with page.expect_download() as download:
        page.get_by_test_id("blacklist-csv").click()
    with open(download.value.path(), encoding="utf-8") as csv_file:
        text = csv_file.read()
    assert text.splitlines()[0].startswith("id,organisation,nib,npwp") and firm.name in text
