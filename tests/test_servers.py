"""Two app servers on one database, as a team runs them behind a proxy: what is written through one is read
through the other, and every address a page links to is answered by either."""

import json
import time
import urllib.request
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests import test_browser
from tests.conftest import add_rubrics, engine_at, fresh_database
from tests.test_browser import (
    EDITOR_PASSWORD,
    TIMEOUT_MS,
    Server,
    open_page,
    running_app,
    sign_in_with_the_mouse,
    wait_until_rendered,
)
from tracker.write import auth

pytestmark = pytest.mark.browser
browser, page = test_browser.browser, test_browser.page  # the browser tests' fixtures

PLAN = "samr-50-more-ai-standards"
FRESH_WITHIN_S = 2.0  # how soon the other server must show a write: the figure, and the page cache's TTL


@pytest.fixture(scope="module")
def two_servers(database_template, tmp_path_factory) -> Iterator[tuple[Server, Server]]:
    url = fresh_database(database_template, tmp_path_factory.mktemp("two-servers"))
    auth.add_user(engine_at(url), username="editor", role="editor", password=EDITOR_PASSWORD)
    with running_app(url) as first, running_app(url) as second:
        yield first, second


def get(address: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(address, timeout=120) as response:
        return response.status, response.headers["content-type"], response.read()


def test_an_update_recorded_through_one_server_is_seen_through_the_other(page, two_servers):
    first, second = two_servers
    assert first.url != second.url
    before = json.loads(get(f"{second.url}/api/v1/commitments/{PLAN}")[2])
    assert before["status"] == "not_assessed"
    open_page(page, f"{second.url}/commitment?commitment={PLAN}")  # the other server has the page cached
    expect(page.get_by_text("No progress has been recorded for this commitment yet.")).to_be_visible()
    add_rubrics(engine_at(first.database))  # a rating needs its rubric first

    sign_in_with_the_mouse(page, f"{first.url}/commitment?commitment={PLAN}")
    form = page.locator("[data-testid='stForm']").filter(has_text="Record update")
    form.get_by_role("combobox", name="Status").click()
    page.keyboard.type("Limi")
    expect(page.get_by_role("option", name="Limited", exact=True)).to_be_visible()
    page.keyboard.press("Enter")
    form.get_by_label("Progress toward the target").fill("7")
    form.get_by_label("Rationale (why this status)").fill("7 drafts published")
    form.get_by_label("Evidence link (http or https)").fill("https://example.org/seven")
    form.get_by_role("button", name="Record update").click()
    confirmation = page.get_by_test_id("stMainBlockContainer").get_by_text("Recorded update #1")
    expect(confirmation).to_be_visible(timeout=TIMEOUT_MS)
    recorded = time.monotonic()

    # The other server's API answers with it at once (it reads the database, nothing cached)...
    while (status := json.loads(get(f"{second.url}/api/v1/commitments/{PLAN}")[2])["status"]) != "limited":
        assert time.monotonic() - recorded < FRESH_WITHIN_S, f"still {status!r} through the other server"
        time.sleep(0.1)
    # ... and its pages within FRESH_WITHIN_S: their cache is keyed on the data revision, read at most that often.
    while time.monotonic() - recorded < FRESH_WITHIN_S:
        time.sleep(0.1)
    open_page(page, f"{second.url}/commitment?commitment={PLAN}")
    expect(page.get_by_text("Progress: 7 of over 50 more AI-related standards")).to_be_visible(timeout=TIMEOUT_MS)
    open_page(page, f"{second.url}/changes")
    cards = page.locator("[class*='st-key-card_log_']").filter(has_text="7 drafts published")
    expect(cards).to_have_count(1, timeout=TIMEOUT_MS)


def test_every_address_a_page_links_to_is_answered_by_the_other_server(page, two_servers):
    first, second = two_servers
    open_page(page, f"{first.url}/?framework=Seoul+Statement")
    wait_until_rendered(page)
    addresses = {
        page.get_by_role("link", name="Download deck").get_attribute("href"),
        page.get_by_role("link", name="PNG").first.get_attribute("href"),
        page.get_by_role("link", name="CSV", exact=True).first.get_attribute("href"),
    }
    open_page(page, f"{first.url}/commitments?framework=Seoul+Statement")
    addresses |= {
        page.get_by_role("link", name="JSON").first.get_attribute("href"),
        page.get_by_role("link", name="Atom feed").first.get_attribute("href"),
    }
    kinds = set()
    for address in sorted(addresses):
        assert address.startswith("/") and "framework=Seoul+Statement" in address, address
        status, content_type, body = get(f"{second.url}{address}")
        assert status == 200 and body, address
        kinds.add(content_type.split(";")[0])
    assert kinds == {
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "image/png",
        "text/csv",
        "application/json",
        "application/atom+xml",
    }
