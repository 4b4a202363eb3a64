"""The app as a user meets it: a real `streamlit run`, driven in Debian's Chromium with Playwright.

Screenshots of every page go to test-artifacts/; the test run prints the folder at the end.
"""

import contextlib
import datetime as dt
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from sqlmodel import SQLModel

from models.db import PROJECT_ROOT
from models.inputs import ProgressUpdateCreate
from seed.loader import apply_seed
from tests.conftest import SCREENSHOTS, add_rubrics, engine_at, fresh_database
from tracker.read import history
from tracker.web.session import KEEP_PATH
from tracker.write import auth, writes

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# (screenshot name, address). The first is a deep link, opened on a freshly started server as a shared link
# would be; the Overview is the default page and lives at the root address.
PAGES = [
    ("commitments", "commitments"),
    ("overview", ""),
    ("initiatives", "initiatives"),
    ("participation", "participation"),
    ("stakeholders", "stakeholders"),
    ("sources", "sources"),
    ("changes", "changes"),
    ("methodology", "methodology"),
    ("contribute", "contribute"),
]
EDITOR_PASSWORD = "a long enough password"
TIMEOUT_MS = 30_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Server:
    url: str
    database: str


@contextlib.contextmanager
def running_app(url: str) -> Iterator[Server]:
    """`streamlit run server.py` (the pages and the HTTP routes beside them) on the database at `url`, on a free
    port, until the block ends."""
    port = free_port()
    env = os.environ | {"DATABASE_URL": url, "TRACKER_TODAY": "2026-11-22"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "server.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"streamlit did not start:\n{process.stdout.read()}") from None
            time.sleep(0.2)  # polling a starting server; the tests themselves never sleep
    try:
        yield Server(base, url)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:  # a server that does not stop is stopped, so the next test starts clean
            process.kill()
            process.wait(timeout=20)


@pytest.fixture(scope="module")
def server(database_template, tmp_path_factory) -> Iterator[Server]:
    """A running app on a fresh database (it seeds it on first start, as for a new user) with one editor account."""
    url = fresh_database(database_template, tmp_path_factory.mktemp("browser"))
    auth.add_user(engine_at(url), username="editor", role="editor", password=EDITOR_PASSWORD)
    with running_app(url) as running:
        yield running


@pytest.fixture(scope="module")
def app_url(server: Server) -> str:
    return server.url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (scripts/test.sh does it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 2000})
    page = context.new_page()
    yield page
    context.close()


def wait_until_rendered(page: Page) -> None:
    """The readiness signals Streamlit's own browser tests wait for."""
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=TIMEOUT_MS)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=TIMEOUT_MS)
    page.wait_for_function("document.querySelectorAll(\"[data-testid='stSkeleton']\").length === 0", timeout=TIMEOUT_MS)


def fill_settled(page: Page, values: dict, attempts: int = 3) -> None:
    """Type into form fields once the page has settled. A rerun that lands between two fields resets the form
    (seen on a loaded machine), so the values are read back and typed again, a bounded number of times."""
    for _ in range(attempts):
        wait_until_rendered(page)
        for field, value in values.items():
            field.fill(value)
        wait_until_rendered(page)
        if all(field.input_value() == value for field, value in values.items()):
            return
    raise AssertionError(f"the form did not keep its input after {attempts} attempts")


def choose_settled(page: Page, combobox, typed: str, option: str, attempts: int = 3) -> None:
    """Choose `option` in a select box once the page has settled: open it, type to filter, click the option. A rerun
    that lands while the list opens closes it again (seen on a loaded machine), so the choice is read back and made
    again, a bounded number of times."""
    for _ in range(attempts):
        wait_until_rendered(page)
        combobox.click()
        page.keyboard.type(typed)
        choice = page.get_by_role("option", name=option, exact=True)
        try:
            choice.click(timeout=TIMEOUT_MS // 3)
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            continue
        wait_until_rendered(page)
        if combobox.input_value() == option:  # the combobox shows the choice it holds
            return
    raise AssertionError(f"the select box did not keep {option!r} after {attempts} attempts")


def accessibility_problems(page: Page) -> list[tuple[str, str, list]]:
    """Serious and critical WCAG 2.1 A/AA findings of axe-core (bundled with axe-playwright-python; nothing is
    downloaded) on the page as it stands."""
    wcag = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    results = Axe().run(page, options=wcag)
    return [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]][:3])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    wait_until_rendered(page)
    expect(page.locator("[data-testid='stException']")).to_have_count(0)


@pytest.mark.parametrize(("name", "address"), PAGES, ids=[name for name, _ in PAGES])
def test_every_page_loads_without_an_exception(page, app_url, name, address):
    open_page(page, f"{app_url}/{address}")
    expect(page.locator("h1").first).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)
    navigation = page.locator("[data-testid='stSidebarNav']")
    expect(navigation).to_contain_text("Overview")
    expect(navigation).not_to_contain_text("common")
    expect(page.locator("[data-testid='stAlertContentError']")).to_have_count(0)
    assert accessibility_problems(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{[n for n, _ in PAGES].index(name):02d}_{name}.png"), full_page=True)


def test_choosing_a_framework_narrows_the_table_and_the_url(page, app_url):
    open_page(page, f"{app_url}/commitments")
    expect(
        page.get_by_text("Commitments 1–12 of 12 (soonest deadline first): 9 commitments, 3 priorities")
    ).to_be_visible()
    page.locator("[data-testid='stMultiSelect']").filter(has_text="Framework").click()
    page.get_by_role("option", name="Seoul Statement").click()
    page.keyboard.press("Escape")
    seoul_only = page.get_by_text("Commitments 1–4 of 4 (soonest deadline first): 4 commitments")
    expect(seoul_only).to_be_visible(timeout=TIMEOUT_MS)
    expect(page).to_have_url(f"{app_url}/commitments?framework=Seoul+Statement")


def test_a_permalink_opened_in_a_fresh_browser_shows_the_filtered_view(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 2000})
    fresh = context.new_page()
    open_page(fresh, f"{app_url}/commitments?framework=Seoul+Statement")
    expect(fresh.get_by_text("Commitments 1–4 of 4 (soonest deadline first)")).to_be_visible()
    # The address a commitment had before it had a page of its own still opens it.
    open_page(fresh, f"{app_url}/commitments?commitment=seoul-ai-capacity-building")
    expect(
        fresh.get_by_role("heading", name="Enhance public-private collaboration on AI capacity building")
    ).to_be_visible()
    expect(fresh.get_by_text("Not verifiable as written")).to_be_visible()
    assert "/commitment?commitment=seoul-ai-capacity-building" in fresh.url
    context.close()


def test_typing_in_a_list_of_parties_offers_the_names_that_hold_the_words_and_no_select_all(page, app_url):
    open_page(page, f"{app_url}/commitments")
    page.get_by_label("Party", exact=True).click()
    offered = page.get_by_role("option").all_inner_texts()
    assert "ISO" in offered and not [name for name in offered if name.startswith("Select")]  # no "Select all"
    page.keyboard.type("ha")  # letters in order, as a fuzzy match reads them, in "China"; as words, only in Shanghai
    expect(page.get_by_role("option")).to_have_text(["Shanghai"])


def test_clicking_a_commitment_title_opens_its_own_page(page, app_url):
    open_page(page, f"{app_url}/commitments")
    page.get_by_role("link", name="Develop over 50 more AI-related standards by the end of next year").click()
    expect(
        page.get_by_role("heading", name="Develop over 50 more AI-related standards by the end of next year")
    ).to_be_visible(timeout=TIMEOUT_MS)
    wait_until_rendered(page)
    assert page.url.endswith("/commitment?commitment=samr-50-more-ai-standards")
    expect(page.get_by_text("Deadline: 31 December 2026 (inferred) · 39 days left")).to_be_visible()
    assert accessibility_problems(page) == []


@pytest.mark.parametrize("width", [1440, 390])
def test_read_this_passage_in_the_source_opens_the_text_at_the_passage_marked(browser, app_url, width):
    """The link on a commitment's page opens its document with the passage on screen (not at the top of a long
    text), marked by a bar as well as its highlight, and quoted in the box above the text."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    open_page(page, f"{app_url}/commitment?commitment=samr-50-more-ai-standards")
    page.get_by_role("link", name="Read this passage in the source").click()
    passage = page.locator(".st-key-focused_passage")
    expect(passage).to_contain_text("plans to develop over 50 more by the end of next year", timeout=TIMEOUT_MS)
    expect(passage).to_be_in_viewport(timeout=TIMEOUT_MS)
    bar = passage.evaluate("e => getComputedStyle(e).borderLeftWidth")
    assert float(bar.removesuffix("px")) >= 4
    expect(page.locator(".st-key-chosen_fact blockquote")).to_contain_text("plans to develop over 50 more")
    assert accessibility_problems(page) == []
    context.close()


def test_enter_applies_a_typed_date(page, app_url):
    open_page(page, f"{app_url}/commitments")
    page.get_by_role("spinbutton", name="year, As of").click()
    page.keyboard.type("20260115")  # year, month and day segments in turn
    page.keyboard.press("Enter")
    expect(page.get_by_text("Showing: all commitments · as of 15 January 2026")).to_be_visible(timeout=TIMEOUT_MS)
    assert "as_of=2026-01-15" in page.url


def _luminance(rgb: tuple[float, ...]) -> float:
    """WCAG 2.1's relative luminance of an sRGB colour (0-255 channels)."""
    linear = [c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb[:3]]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """The contrast ratio of two CSS colours as computed styles give them ("rgb(11, 92, 173)")."""
    lighter, darker = sorted(_luminance(tuple(map(float, re.findall(r"[\d.]+", c)))) for c in (one, other))[::-1]
    return (lighter + 0.05) / (darker + 0.05)


def focus_outline(page: Page) -> tuple[float, float]:
    """The focused element's outline: its width in pixels and its contrast with the page's white."""
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth, s.outlineColor]; })()"
    )
    if style[0] == "none":
        return 0.0, 1.0
    return float(style[1].removesuffix("px")), contrast(style[2], "rgb(255, 255, 255)")


@pytest.mark.parametrize("width", [1440, 390])
def test_skip_links_come_first_and_every_focus_shows_an_outline_of_at_least_3_to_1(browser, app_url, width):
    """The first two Tab presses reach "Skip to main content" and "Skip to the filters" (shown when focused);
    the filters are then a few presses away, on a phone too (the sidebar opens), and links, buttons and fields show
    a 3 px outline that stands out 3:1 or more against the page."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    open_page(page, f"{app_url}/commitments")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    assert skip.bounding_box()["y"] >= 0  # on screen once focused
    width_px, ratio = focus_outline(page)
    assert width_px >= 2 and ratio >= 3, (width_px, ratio)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to the filters")).to_be_focused()
    page.keyboard.press("Enter")
    framework = page.get_by_role("combobox", name="Framework")
    expect(framework).to_be_focused(timeout=TIMEOUT_MS)
    presses = 0
    while not page.get_by_role("combobox", name="Party", exact=True).evaluate("e => e === document.activeElement"):
        page.keyboard.press("Tab")
        presses += 1
        assert presses <= 8, "the Party filter is more than 8 presses from the first filter"
        width_px, ratio = focus_outline(page)
        assert width_px >= 2 and ratio >= 3, (page.evaluate("document.activeElement.outerHTML"), width_px, ratio)
    page.keyboard.press("Shift+Tab")  # back up to the skip links: from the top again
    page.goto(f"{app_url}/commitments")
    wait_until_rendered(page)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Commitments", level=1)).to_be_focused()
    result = page.get_by_role("link", name="Develop over 50 more AI-related standards by the end of next year")
    tab_to(page, result, limit=15)  # the first result a few presses from the title
    width_px, ratio = focus_outline(page)
    assert width_px >= 2 and ratio >= 3, (width_px, ratio)
    context.close()


def tab_to(page: Page, target, limit: int = 250) -> None:
    """Press Tab until `target` has the keyboard focus, as a keyboard user would (fails if it never gets it)."""
    for _ in range(limit):
        if target.evaluate(
            "e => { const a = document.activeElement; return e === a || e.contains(a)"
            " || (['SUMMARY', 'BUTTON', 'A'].includes(a.tagName) && a.contains(e)); }"
        ):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{target} never got the keyboard focus after {limit} presses of Tab")


def focus_is_visible(page: Page) -> bool:
    return page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'; })()"
    )


def test_an_editor_signs_in_records_an_update_and_corrects_it_by_keyboard_alone(page, server):
    open_page(page, f"{server.url}/commitment?commitment=samr-50-more-ai-standards")
    add_rubrics(engine_at(server.database))  # a rating needs its rubric first (written in test_due_process)
    tab_to(page, page.get_by_text("Sign in with an account"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_label("Username"))
    page.keyboard.type("editor")
    page.keyboard.press("Tab")
    page.keyboard.type(EDITOR_PASSWORD)
    page.keyboard.press("Enter")  # submits the sign-in form
    expect(page.get_by_text("Signed in as editor · editor")).to_be_visible(timeout=TIMEOUT_MS)
    wait_until_rendered(page)

    form = page.locator("[data-testid='stForm']").filter(has_text="Record update")
    tab_to(page, form.get_by_role("combobox", name="Status"))
    page.keyboard.type("Limi")  # type to filter the list, then choose with Enter
    expect(page.get_by_role("option", name="Limited", exact=True)).to_be_visible()
    page.keyboard.press("Enter")
    tab_to(page, form.get_by_label("Progress toward the target"))
    page.keyboard.type("12")
    tab_to(page, form.get_by_label("Rationale (why this status)"))
    page.keyboard.type("12 drafts published for comment")
    tab_to(page, form.get_by_label("Evidence link (http or https)"))
    page.keyboard.type("https://example.org/samr-drafts")
    submit = form.get_by_role("button", name="Record update")
    tab_to(page, submit)
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Status as of 22 November 2026: Limited")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text("Progress: 12 of over 50 more AI-related standards")).to_be_visible()
    expect(page.get_by_text("Recorded update #1: Limited as of 22 November 2026.")).to_be_visible()
    assert accessibility_problems(page) == []  # the editor's forms too
    wait_until_rendered(page)

    correction = page.get_by_text("Correct an update")
    tab_to(page, correction)
    page.keyboard.press("Enter")
    fix = page.locator("[data-testid='stForm']").filter(has_text="Record correction")
    expect(fix.get_by_label("Correct progress")).to_have_value("12.00")  # the form holds the update corrected
    tab_to(page, fix.get_by_label("Correct progress"))
    page.keyboard.press("Control+A")
    page.keyboard.type("13")
    tab_to(page, fix.get_by_label("Why the correction"))
    page.keyboard.type("The thirteenth draft was published the same day")
    tab_to(page, fix.get_by_role("button", name="Record correction"))
    page.keyboard.press("Enter")
    # The confirmation that stays on the page (a pop-up may show the same words for a while).
    confirmation = page.get_by_test_id("stMainBlockContainer").get_by_text("Recorded correction #2 of #1.")
    expect(confirmation).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text("Progress: 13 of over 50 more AI-related standards")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "10_recorded_update.png"), full_page=True)
    log = history.changes_log(engine_at(server.database))
    assert sorted(zip(log["id"], log["progress_value"], log["recorded_by"], strict=True)) == [
        (1, 12.0, "editor"),
        (2, 13.0, "editor"),
    ]


def sign_in_with_the_mouse(page: Page, url: str) -> None:
    open_page(page, url)
    page.get_by_text("Sign in with an account").click()
    fill_settled(
        page, {page.get_by_label("Username"): "editor", page.get_by_role("textbox", name="Password"): EDITOR_PASSWORD}
    )
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible(timeout=TIMEOUT_MS)
    wait_until_rendered(page)


def test_a_sign_in_is_kept_across_reloads_and_new_tabs_until_signing_out(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1200})
    first = context.new_page()
    sign_in_with_the_mouse(first, f"{app_url}/contribute")
    kept = [c for c in context.cookies() if c["name"] == auth.SESSION_COOKIE]
    assert len(kept) == 1 and kept[0]["httpOnly"] and kept[0]["sameSite"] == "Strict"
    first.reload()
    wait_until_rendered(first)
    expect(first.get_by_text("Signed in as editor · editor")).to_be_visible()
    second = context.new_page()  # a shared link opened in another tab
    open_page(second, f"{app_url}/commitments?framework=Seoul+Statement")
    expect(second.get_by_text("Signed in as editor · editor")).to_be_visible()
    second.get_by_role("button", name="Sign out").click()
    expect(second.get_by_text("Sign in with an account")).to_be_visible(timeout=TIMEOUT_MS)
    first.reload()
    wait_until_rendered(first)
    expect(first.get_by_text("Sign in with an account")).to_be_visible()
    expect(first.get_by_text("Signed in as")).to_have_count(0)
    context.close()
    other = browser.new_context()  # another browser never had it
    open_page(stranger := other.new_page(), f"{app_url}/contribute")
    expect(stranger.get_by_text("Signed in as")).to_have_count(0)
    other.close()


def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_route_that_keeps_a_sign_in_refuses_forged_and_cross_site_posts(server):
    route = f"{server.url}{KEEP_PATH}"
    token = auth.sign_in(engine_at(server.database), "editor", EDITOR_PASSWORD).token
    as_json = {"Content-Type": "application/json"}
    assert post(route, json.dumps({"token": "made-up"}).encode(), as_json) == 403
    assert post(route, f"token={token}".encode(), {"Content-Type": "application/x-www-form-urlencoded"}) == 415
    assert post(route, json.dumps({"token": token}).encode(), as_json | {"Origin": "http://evil.example"}) == 403
    assert post(route, b"not json", as_json) == 400
    assert post(route, json.dumps({"token": token}).encode(), as_json | {"Origin": server.url}) == 204


def test_the_running_server_answers_unknown_addresses_and_methods_beside_the_pages_in_json(server):
    """Under `streamlit run server.py`, not only in the routes alone: the pages' catch-all serves its HTML to any
    GET it can, so each prefix answers all of its addresses itself."""
    for path, status in ((KEEP_PATH, 405), ("/auth/nothing", 404), ("/api/v1/nothing", 404), ("/feeds/x", 404)):
        try:
            urllib.request.urlopen(f"{server.url}{path}", timeout=10)
            raise AssertionError(f"{path} answered 200")
        except urllib.error.HTTPError as error:
            assert (error.code, error.headers["content-type"]) == (status, "application/json"), path


def test_a_phone_gets_every_page_in_one_column_with_nothing_cut_off(browser, app_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    for name, address in [*PAGES, ("commitment", "commitment?commitment=samr-50-more-ai-standards")]:
        open_page(phone, f"{app_url}/{address}")
        # Nothing wider than the screen: the page does not scroll sideways (tables scroll inside themselves).
        overflow = phone.evaluate(
            "(() => { const main = document.querySelector('[data-testid=stMain]');"
            " return main.scrollWidth - main.clientWidth; })()"
        )
        assert overflow <= 1, f"{name}: {overflow} px wider than the screen"
        assert accessibility_problems(phone) == [], name
        phone.screenshot(path=str(SCREENSHOTS / f"phone_{name}.png"), full_page=True)
    # Card titles wrap onto more lines on a phone: none is cut short with an ellipsis.
    open_page(phone, f"{app_url}/commitments")
    cut = phone.evaluate(
        "Array.from(document.querySelectorAll(\"div[class*='st-key-card_'] a[data-testid='stPageLink-NavLink'] span\"))"
        ".filter(e => e.scrollWidth > e.clientWidth + 1).length"
    )
    assert cut == 0
    # Charts are laid out again for the phone: the wide version is hidden, the phone's version shown.
    open_page(phone, f"{app_url}/")
    expect(phone.locator("[class*='st-key-wide_only_status_by_framework']")).to_be_hidden()
    expect(phone.locator("[class*='st-key-narrow_only_status_by_framework']")).to_be_visible()
    open_page(phone, f"{app_url}/?present=1")  # present mode on a phone: no word broken across lines
    widest_word = phone.evaluate(
        "(() => { const h1 = document.querySelector('h1'); const probe = document.createElement('span');"
        " probe.style.font = getComputedStyle(h1).font; probe.style.whiteSpace = 'nowrap';"
        " probe.textContent = 'commitments'; h1.appendChild(probe); const w = probe.offsetWidth; probe.remove();"
        " return w - h1.clientWidth; })()"
    )
    assert widest_word <= 0
    expect(phone.locator("[class*='st-key-narrow_only_status_by_framework']")).to_be_visible()
    phone.screenshot(path=str(SCREENSHOTS / "phone_present_overview.png"), full_page=True)
    open_page(phone, f"{app_url}/stakeholders")  # the matrix, too wide for a phone, becomes a list
    expect(
        phone.get_by_text("Develop over 50 more AI-related standards by the end of next year: China: party")
    ).to_be_visible()
    context.close()


def test_presentation_mode_hides_the_sidebar_and_controls_and_reads_from_a_room(page, app_url):
    open_page(page, f"{app_url}/participation?present=1")
    expect(page.locator("[data-testid='stSidebar']")).to_be_hidden()
    expect(page.get_by_role("link", name="Leave presentation")).to_be_visible()
    expect(page.get_by_role("button", name="CSV", exact=True)).to_have_count(0)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "11_presentation_mode.png"), full_page=True)
    size = "e => parseFloat(getComputedStyle(e).fontSize)"
    # Tables in large type, with their labels (not the column names of the data).
    expect(page.locator("[data-testid='stDataFrame']")).to_have_count(0)
    table = page.locator("[data-testid='stTable']").first
    expect(table.get_by_role("columnheader", name="Counts")).to_be_visible()
    assert table.locator("td").first.evaluate(size) >= 20
    open_page(page, f"{app_url}/?present=1")
    number = page.locator("[data-testid='stMetricValue'] p").first.evaluate(size)
    label = page.locator("[data-testid='stMetricLabel'] p").first.evaluate(size)
    assert number > 2 * label  # headline numbers stand out from their labels
    open_page(page, f"{app_url}/commitments?present=1")
    expect(page.get_by_role("switch", name="Table view")).to_have_count(0)  # no controls on a projected screen


@pytest.mark.parametrize("width", [1440, 390])
def test_every_page_in_present_mode_meets_wcag_at_both_widths(browser, app_url, width):
    """Present mode too: every page, as a room sees it and on a phone, with no serious axe finding (a table that
    scrolls sideways takes focus, so it is reachable by keyboard)."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for name, address in PAGES:
        open_page(page, f"{app_url}/{address}?present=1")
        expect(page.locator("[data-testid='stSidebar']")).to_be_hidden()
        assert accessibility_problems(page) == [], name
    open_page(page, f"{app_url}/changes?present=1&log_table_view=true")  # the log as a wide table
    assert accessibility_problems(page) == []
    context.close()


# Before the hostile server's tests: on PostgreSQL every server of this module shares one database, which the
# hostile fixture rewrites.
def test_the_deck_button_downloads_the_view_from_its_own_address(page, app_url):
    open_page(page, f"{app_url}/commitments?framework=Seoul+Statement")
    link = page.get_by_role("link", name="Download deck")
    href = link.get_attribute("href")
    assert href.startswith("/export/deck.pptx?framework=Seoul+Statement&as_of=")
    try:  # the address answers with the deck (and if not, the test says what it answered)
        with urllib.request.urlopen(f"{app_url}{href}", timeout=60) as response:
            assert response.headers["content-type"].endswith("presentationml.presentation")
    except urllib.error.HTTPError as error:
        raise AssertionError(f"{error.code}: {error.read()[:500]!r}") from None
    # The button opens its address in a new tab; here the same address is followed in this tab, where the test
    # listens for the download.
    with page.expect_download(timeout=TIMEOUT_MS) as download:
        page.evaluate(
            "href => { const a = document.createElement('a'); a.href = href; document.body.append(a); a.click(); }",
            href,
        )
    assert download.value.suggested_filename.startswith("ai-standards-commitments_framework-seoul-statement_as-of-")
    with open(download.value.path(), "rb") as deck:
        assert deck.read(2) == b"PK"


HOSTILE = (
    "![x](http://evil.example/x.png) <img src=http://evil.example/y.png> [a](http://evil.example/z) "
    ":material/warning: http://evil.example/bare abc\u202edef.exe"
)
# Every text field a page, chart, form or sidebar shows, set to the hostile string (a table, one field a row).
HOSTILE_FIELDS = [
    ("commitment", "title"),
    ("commitment", "target_unit"),
    ("commitment", "framework"),
    ("commitment", "kind_note"),
    ("organization", "name"),
    ("organization", "country"),
    ("organization", "note"),
    ("event", "name"),
    ("event", "short_name"),
    ("event", "city"),
    ("person", "name"),
    ("person", "role"),
    ("theme", "name"),
    ("initiative", "name"),
    ("participation_figure", "counts_what"),
    ("source", "label"),
    ("source", "title"),
    ("passage", "reason"),
    ("inference", "reason"),
    ("commitment_party", "inference_note"),
    ("source", "publisher"),
    ("person_alias", "alias"),
]


@pytest.fixture(scope="module")
def hostile_server(database_template, tmp_path_factory) -> Iterator[Server]:
    """An app whose every shown text field holds links, images, HTML, an icon code and a right-to-left override."""
    url = fresh_database(database_template, tmp_path_factory.mktemp("hostile"))
    engine = engine_at(url)
    apply_seed(engine)
    add_rubrics(engine)
    auth.add_user(engine, username="editor", role="editor", password=EDITOR_PASSWORD, display_name=HOSTILE[:120])
    editor = auth.sign_in(engine, "editor", EDITOR_PASSWORD)
    # A progress update and its correction, every text of theirs hostile (shown in the timeline and changes log).
    update = ProgressUpdateCreate(
        commitment_slug="samr-50-more-ai-standards",
        as_of=dt.date(2026, 3, 1),
        status="limited",
        progress_value=2,
        rationale=HOSTILE,
        evidence_quote=HOSTILE,
        evidence_url="https://evil.example/evidence",
    )
    first = writes.record_progress(engine, data=update, actor=editor)
    correction = update.model_copy(update={"corrects_id": first.id, "correction_reason": HOSTILE})
    writes.record_progress(engine, data=correction, actor=editor)
    keys = {"inference": "fact", "commitment_party": "commitment_slug", "person_alias": "alias"}
    with engine.begin() as connection:
        for table, column in HOSTILE_FIELDS:
            key = keys.get(table, "slug")
            # As much of the hostile text as the column holds, then the row's key (so unique names stay unique).
            length = SQLModel.metadata.tables[table].columns[column].type.length or 1000
            value = sa.literal(HOSTILE[: max(length - 31, 20)] + " ") + sa.func.substr(sa.column(key), 1, 30)
            connection.execute(sa.table(table, sa.column(column), sa.column(key)).update().values({column: value}))
        # The target unit is shown in the progress form's label only where there is a target.
        connection.execute(sa.text("UPDATE commitment SET target_value = 5, target_qualifier = 'over'"))
    engine.dispose()
    with running_app(url) as running:
        yield running


def test_hostile_stored_text_makes_the_browser_fetch_nothing_from_another_host(browser, hostile_server):
    context = browser.new_context(viewport={"width": 1400, "height": 2000})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for _, address in PAGES:
        open_page(page, f"{hostile_server.url}/{address}")
        expect(page.locator("[data-testid='stException']")).to_have_count(0)
    open_page(page, f"{hostile_server.url}/commitments?commitment=samr-50-more-ai-standards")
    page.get_by_text("Sign in with an account").click()
    fill_settled(
        page, {page.get_by_label("Username"): "editor", page.get_by_role("textbox", name="Password"): EDITOR_PASSWORD}
    )
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible(timeout=TIMEOUT_MS)
    wait_until_rendered(page)
    expect(page.get_by_text("abc[U+202E]def.exe").first).to_be_visible()  # the override shown, not obeyed
    expect(page.locator("a[href*='evil.example']")).to_have_count(0)  # bare addresses are not made links
    expect(page.locator("[data-testid='stIconMaterial']").filter(has_text="warning")).to_have_count(0)
    page.screenshot(path=str(SCREENSHOTS / "12_hostile_text.png"), full_page=True)
    open_page(page, f"{hostile_server.url}/changes")  # the update and correction, every text of theirs hostile
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    context.close()
    elsewhere = [url for url in requests if not url.startswith((hostile_server.url, "data:", "blob:", "about:"))]
    assert requests and sorted(set(elsewhere)) == []
