"""Releases on two real app servers (`streamlit run`, each loading releases into a cache of its own): a release's
answers are the same bytes from either, before and after a correction and a new release; its pages say they
show the release and show what it held, while the live pages show the correction; the Releases page and a page at
a release meet WCAG 2.1 AA."""

import datetime as dt
import re
import urllib.request
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from seed.loader import apply_seed
from tests import test_browser
from tests.conftest import add_rubrics, engine_at, fresh_database
from tests.test_browser import SCREENSHOTS, TIMEOUT_MS, Server, accessibility_problems, open_page, running_app
from tests.test_releases import NEW_NAME, PLAN, admin, correct_itu_and_rate_the_plan
from tracker.present import releases

pytestmark = pytest.mark.browser
browser, page = test_browser.browser, test_browser.page  # the browser tests' fixtures

ADDRESSES = [
    f"/api/v1/commitments/{PLAN}",
    "/api/v1/commitments.csv",
    "/api/v1/organizations.csv",
    "/api/v1/progress-updates.csv",
    "/feeds/changes.atom",
    "/export/deck.pptx",
    "/export/charts/status-by-framework.svg",
    f"/export/embed/commitment/{PLAN}",
]


@pytest.fixture(scope="module")
def two_servers(database_template, tmp_path_factory) -> Iterator[tuple[Server, Server, str]]:
    folder = tmp_path_factory.mktemp("releases-two-servers")
    url = fresh_database(database_template, folder)
    engine = engine_at(url)
    apply_seed(engine)
    add_rubrics(engine)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRACKER_REVIEW", "single")
        # A release holds what stands on the day it is published: today's, as a correction made now stands.
        patch.setenv("TRACKER_TODAY", dt.datetime.now(dt.UTC).date().isoformat())
        patch.setenv("TRACKER_RELEASE_CACHE", str(folder / "first-server"))
        with running_app(url) as first:
            patch.setenv("TRACKER_RELEASE_CACHE", str(folder / "second-server"))
            with running_app(url) as second:
                yield first, second, url


def fetch(address: str) -> bytes:
    """The answer, asked as a proxy in front of both servers asks, with the site's one public name (answers that
    link to themselves, such as a feed's, are written with it)."""
    asked = urllib.request.Request(address, headers={"Host": "tracker.example.org"})
    with urllib.request.urlopen(asked, timeout=180) as response:
        return response.read()


def at(version: str, address: str) -> str:
    return f"{address}{'&' if '?' in address else '?'}release={version}"


def test_two_servers_answer_a_release_alike_before_and_after_a_correction(page, two_servers, monkeypatch):
    first, second, url = two_servers
    monkeypatch.setenv("TRACKER_TODAY", dt.datetime.now(dt.UTC).date().isoformat())
    engine = engine_at(url)
    ada = admin(engine)
    published = releases.publish(engine, note="Before any rating", actor=ada)
    before = {address: fetch(first.url + at(published.version, address)) for address in ADDRESSES}
    assert {address: fetch(second.url + at(published.version, address)) for address in ADDRESSES} == before

    correct_itu_and_rate_the_plan(engine, ada)
    later = releases.publish(engine, note="First rating; ITU's name", actor=ada)
    for server in (first, second):
        assert {address: fetch(server.url + at(published.version, address)) for address in ADDRESSES} == before
    assert NEW_NAME.encode() in fetch(second.url + at(later.version, "/api/v1/organizations.csv"))

    open_page(page, f"{second.url}/commitment?commitment={PLAN}&release={published.version}")
    expect(page.get_by_text(f"You are looking at release {published.version}", exact=False)).to_be_visible()
    expect(page.get_by_text(re.compile(r"Status as of .*: Not assessed"))).to_be_visible()
    expect(page.get_by_role("combobox", name="Data")).to_have_value(published.version)
    markup = page.evaluate(
        "() => Array.from(document.querySelectorAll('script[type=\"application/ld+json\"]'))"
        ".map(s => JSON.parse(s.textContent))"
    )
    assert [(m["@type"], m["version"], m["url"]) for m in markup] == [
        ("Dataset", published.version, f"{second.url}/?release={published.version}")
    ]
    assert accessibility_problems(page) == []
    page.screenshot(path=str(SCREENSHOTS / "release-commitment.png"), full_page=True)

    open_page(page, f"{first.url}/commitment?commitment={PLAN}")
    expect(page.get_by_text(re.compile(r"Status as of .*: Limited"))).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text("Live data, unreleased changes included", exact=False)).to_be_visible()
    page.get_by_text("Cite this", exact=True).click()
    expect(page.get_by_text(f"?release={later.version}", exact=False).first).to_be_visible()

    open_page(page, f"{first.url}/releases")
    expect(page.get_by_text(later.content_hash[:30], exact=False).first).to_be_attached()
    assert accessibility_problems(page) == []
    page.screenshot(path=str(SCREENSHOTS / "releases.png"), full_page=True)
