"""The whole of due process in a real browser, by three accounts and a reader: one editor writes the rubric and
rates, a second approves both on the Review page, China's representative replies and disagrees; a reader then
finds the rating, the rubric, the reply and the disagreement on the commitment's page, in the API, the Atom feed,
the export, the deck and the brief, and never saw the drafts."""

import io
import json
import subprocess
import urllib.request
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from pptx import Presentation

from seed.loader import apply_seed
from tests import test_browser
from tests.conftest import engine_at, fresh_database
from tests.test_browser import (
    SCREENSHOTS,
    TIMEOUT_MS,
    Server,
    accessibility_problems,
    choose_settled,
    fill_settled,
    open_page,
    running_app,
    wait_until_rendered,
)
from tests.test_presentations import deck_text
from tracker.write import auth

pytestmark = pytest.mark.browser
browser = test_browser.browser  # the browser tests' fixture

PLAN = "samr-50-more-ai-standards"
PASSWORD = "a long enough password"
REPLY = "Eighteen AI-related standards have been published, not twelve."


@pytest.fixture(scope="module")
def reviewed_server(database_template, tmp_path_factory) -> Iterator[Server]:
    """An app that asks for a second editor (the default), on the seed with two editors and China's
    representative; no commitment has a rubric yet."""
    url = fresh_database(database_template, tmp_path_factory.mktemp("due-process"))
    engine = engine_at(url)
    apply_seed(engine)
    for name, role, party in (("alice", "editor", None), ("bob", "editor", None), ("china-rep", "party", "china")):
        auth.add_user(engine, username=name, role=role, password=PASSWORD, party=party)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRACKER_REVIEW", "second-editor")
        with running_app(url) as running:
            yield running


def signed_in(browser: Browser, server: Server, username: str, path: str) -> Page:
    page = browser.new_context(viewport={"width": 1400, "height": 2000}).new_page()
    open_page(page, f"{server.url}/{path}")
    page.get_by_text("Sign in with an account").click()
    fill_settled(
        page, {page.get_by_label("Username"): username, page.get_by_role("textbox", name="Password"): PASSWORD}
    )
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible(timeout=TIMEOUT_MS)
    wait_until_rendered(page)
    return page


def approve_on_the_review_page(page: Page, server: Server, draft: int) -> None:
    open_page(page, f"{server.url}/review")
    page.get_by_role("button", name="Approve").first.click()
    expect(page.get_by_text(f"Approved draft #{draft}.")).to_be_visible(timeout=TIMEOUT_MS)


def fetch(address: str) -> bytes:
    with urllib.request.urlopen(address, timeout=120) as response:
        return response.read()


def test_three_accounts_take_a_rating_through_due_process_and_a_reader_sees_all_of_it(
    browser, reviewed_server, tmp_path
):
    server = reviewed_server
    commitment = f"commitment?commitment={PLAN}"
    alice = signed_in(browser, server, "alice", commitment)

    # A rating is refused until the rubric is written and approved.
    alice.get_by_text("Write the rubric").click()
    form = alice.locator("[data-testid='stForm']").filter(has_text="Submit rubric")
    fill_settled(
        alice,
        {
            form.get_by_label("Limited means"): "Some of the over 50 standards are published.",
            form.get_by_label("Substantial means"): "Over 25 of them are published.",
            form.get_by_label("Complete means"): "Over 50 more are published by the deadline.",
        },
    )
    form.get_by_role("button", name="Submit rubric").click()
    expect(alice.get_by_text("Saved as draft #1:")).to_be_visible(timeout=TIMEOUT_MS)

    bob = signed_in(browser, server, "bob", "review")
    expect(bob.get_by_text("Over 25 of them are published.", exact=False)).to_be_visible()
    approve_on_the_review_page(bob, server, 1)

    open_page(alice, f"{server.url}/{commitment}")
    record = alice.locator("[data-testid='stForm']").filter(has_text="Record update")
    choose_settled(alice, record.get_by_role("combobox", name="Status"), "Limi", "Limited")
    record.get_by_label("Progress toward the target").fill("12")
    record.get_by_label("Rationale (why this status)").fill("Twelve standards published by November.")
    record.get_by_label("Evidence link (http or https)").fill("https://example.org/twelve")
    record.get_by_role("button", name="Record update").click()
    # The lasting message ("#2: Limited as of …"), not the toast ("#2.") that may show beside it for a while.
    expect(alice.get_by_text("Saved as draft #2:")).to_be_visible(timeout=TIMEOUT_MS)
    # Before the second editor approves it, no reader's output holds it.
    detail = json.loads(fetch(f"{server.url}/api/v1/commitments/{PLAN}"))
    assert detail["status"] == "not_assessed" and b"Twelve standards" not in fetch(f"{server.url}/feeds/changes.atom")
    approve_on_the_review_page(bob, server, 2)

    china = signed_in(browser, server, "china-rep", commitment)
    assert china.get_by_text("Write the rubric").count() == 0  # a representative writes no rubric
    china.get_by_text("Record a party's reply to update #1").click()
    reply = china.locator("[data-testid='stForm']").filter(has_text="Record reply")
    choose_settled(china, reply.get_by_role("combobox", name="Reply status"), "Respon", "Responded")
    own_status = reply.get_by_role("combobox", name="The party's own status (where it states one)")
    choose_settled(china, own_status, "Subst", "Substantial")  # type to filter the list, then choose
    fill_settled(china, {reply.get_by_label("Reply (verbatim)"): REPLY})
    reply.get_by_role("button", name="Record reply").click()
    expect(china.get_by_text("Recorded reply #1 of China.")).to_be_visible(timeout=TIMEOUT_MS)

    reader = browser.new_context(viewport={"width": 1400, "height": 2400}).new_page()
    open_page(reader, f"{server.url}/{commitment}")
    expect(reader.get_by_text("China disagrees: it says Substantial; we rate Limited.")).to_be_visible()
    expect(reader.get_by_text("A committing party says otherwise", exact=False)).to_be_visible()
    expect(reader.get_by_text(REPLY)).to_be_visible()
    expect(reader.get_by_text("Over 25 of them are published.", exact=False)).to_be_visible()
    expect(reader.get_by_text("approved by bob, a second editor", exact=False).first).to_be_visible()
    assert accessibility_problems(reader) == []
    reader.screenshot(path=str(SCREENSHOTS / "due-process-reader.png"), full_page=True)

    detail = json.loads(fetch(f"{server.url}/api/v1/commitments/{PLAN}"))
    assert detail["status"] == "limited" and detail["due_process"]["rating"]["reviewed_by"] == "bob"
    assert detail["due_process"]["replies"][0]["differs"] is True
    assert REPLY in detail["due_process"]["replies"][0]["reply"]["text"]
    assert detail["due_process"]["rubric"]["substantial"] == "Over 25 of them are published."
    feed = fetch(f"{server.url}/feeds/changes.atom").decode()
    assert "Twelve standards published by November." in feed and "approved by bob, a second editor" in feed
    assert REPLY in fetch(f"{server.url}/api/v1/party-replies.csv").decode()
    assert "Over 25 of them are published." in fetch(f"{server.url}/api/v1/rubrics.csv").decode()
    listed = fetch(f"{server.url}/api/v1/commitments.csv?party=china").decode()
    assert "parties_disagree" in listed.splitlines()[0]

    deck = " ".join(deck_text(Presentation(io.BytesIO(fetch(f"{server.url}/export/deck.pptx?party=china")))).split())
    assert "China, 22 November 2026: responded; disagrees: says substantial, we rate limited" in deck and REPLY in deck
    (tmp_path / "brief.pdf").write_bytes(fetch(f"{server.url}/export/brief.pdf?party=china"))
    brief = subprocess.run(
        ["pdftotext", str(tmp_path / "brief.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "China, 22 November 2026: responded; disagrees" in " ".join(brief.split())
    assert "Rubric: limited means Some of the over 50" in " ".join(brief.split())
