"""The app as a user meets it: a real `streamlit run`, driven in Debian's Chromium with Playwright.

Screenshots of every page go to test-artifacts/; the test run prints the folder at the end.
"""

import contextlib
import datetime as dt
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlmodel import SQLModel

from models.db import PROJECT_ROOT, make_engine
from models.inputs import ProgressUpdateCreate
from seed.loader import apply_seed
from tests.conftest import SCREENSHOTS, fresh_database
from tracker.read import history
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
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def server(database_template, tmp_path_factory) -> Iterator[Server]:
    """A running app on a fresh database (it seeds it on first start, as for a new user) with one editor account."""
    url = fresh_database(database_template, tmp_path_factory.mktemp("browser"))
    auth.add_user(make_engine(url), username="editor", role="editor", password=EDITOR_PASSWORD)
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
    expect(page.get_by_text("14 shown: 11 commitments, 3 priorities. Select a row to see it in full.")).to_be_visible()
    page.locator("[data-testid='stMultiSelect']").filter(has_text="Framework").click()
    page.get_by_role("option", name="Seoul Statement").click()
    page.keyboard.press("Escape")
    seoul_only = page.get_by_text("6 shown: 6 commitments. Select a row to see it in full.")
    expect(seoul_only).to_be_visible(timeout=TIMEOUT_MS)
    expect(page).to_have_url(f"{app_url}/commitments?framework=Seoul+Statement")


def test_a_permalink_opened_in_a_fresh_browser_shows_the_filtered_view(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 2000})
    fresh = context.new_page()
    open_page(fresh, f"{app_url}/commitments?framework=Seoul+Statement&commitment=seoul-ai-capacity-building")
    expect(fresh.get_by_text("6 shown: 6 commitments. Select a row to see it in full.")).to_be_visible()
    expect(
        fresh.get_by_role("heading", name="Enhance public-private collaboration on AI capacity building")
    ).to_be_visible()
    expect(fresh.get_by_text("Not verifiable as written")).to_be_visible()
    context.close()


def test_an_editor_signs_in_and_records_an_update(page, server):
    open_page(page, f"{server.url}/commitments?commitment=samr-50-more-ai-standards")
    page.get_by_text("Sign in with an account").click()
    fill_settled(
        page, {page.get_by_label("Username"): "editor", page.get_by_role("textbox", name="Password"): EDITOR_PASSWORD}
    )
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_text("Signed in as editor · editor")).to_be_visible(timeout=TIMEOUT_MS)
    wait_until_rendered(page)  # the sign-in rerun must finish before the form is used
    form = page.locator("[data-testid='stForm']").filter(has_text="Record update")
    status = form.get_by_role("combobox", name="Status")
    status.click()
    status.fill("Limi")  # as a keyboard user does: type to filter the list, then choose with Enter
    expect(page.get_by_role("option", name="Limited", exact=True)).to_be_visible()
    page.keyboard.press("Enter")
    expect(status).to_have_value("Limited")
    form.get_by_label("Progress toward the target").fill("12")  # shown back as 12.00, so not read back below
    fill_settled(
        page,
        {
            form.get_by_label("Rationale (why this status)"): "12 drafts published for comment",
            form.get_by_label("Evidence link (http or https)"): "https://example.org/samr-drafts",
        },
    )
    form.get_by_role("button", name="Record update").click()
    expect(page.get_by_text("Status as of 22 November 2026: Limited")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text("Progress: 12 of over 50 more AI-related standards")).to_be_visible()
    assert accessibility_problems(page) == []  # the editor's forms too
    expect(form.get_by_label("Rationale (why this status)")).to_have_value("")
    page.screenshot(path=str(SCREENSHOTS / "10_recorded_update.png"), full_page=True)
    log = history.changes_log(make_engine(server.database))
    assert list(zip(log["status"], log["recorded_by"], strict=True)) == [("limited", "editor")]


def test_presentation_mode_hides_the_sidebar_and_controls(page, app_url):
    open_page(page, f"{app_url}/participation?present=1")
    expect(page.locator("[data-testid='stSidebar']")).to_be_hidden()
    expect(page.get_by_role("link", name="Leave presentation")).to_be_visible()
    expect(page.get_by_role("button", name="CSV", exact=True)).to_have_count(0)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "11_presentation_mode.png"), full_page=True)


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
    engine = make_engine(url)
    apply_seed(engine)
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
