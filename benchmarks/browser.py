"""Pages timed as a user meets them: in Debian's Chromium, from asking for the address to its content on screen.

One browser is kept open for a run (a reader's browser is already open, its cache warm with the app's scripts and
Datasette's styles); each page is opened in a new tab, so our app starts a new session, as a reader following a
link does.
"""

import contextlib
import time
from collections.abc import Iterator

# Our page's content is on screen: the script has finished, its title is visible, no placeholder is left, and a
# text the page shows (a list's first commitment, say) is visible.
OURS_READY = "[data-testid='stApp'][data-test-script-state='notRunning'] [data-testid='stMainBlockContainer'] h1"
# Datasette's page of a query's rows: its table of them, or its words for none.
PEER_READY = "table.rows-and-columns, p.zero-results"
TIMEOUT_MS = 120_000


class Browser:
    """Chromium, open for the whole run."""

    def __init__(self, playwright) -> None:
        self._browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        self._context = self._browser.new_context(viewport={"width": 1440, "height": 900})

    def ours(self, url: str, shown: str) -> float:
        """Seconds from asking for our page to its content on screen, `shown` among it."""
        page = self._context.new_page()
        try:
            started = time.perf_counter()
            page.goto(url)
            page.wait_for_selector(OURS_READY, state="visible", timeout=TIMEOUT_MS)
            page.get_by_text(shown, exact=True).first.wait_for(state="visible", timeout=TIMEOUT_MS)
            page.wait_for_function(
                "document.querySelectorAll(\"[data-testid='stSkeleton']\").length === 0", timeout=TIMEOUT_MS
            )
            return time.perf_counter() - started
        finally:
            page.close()

    def peers(self, urls: list[str]) -> float:
        """Seconds to open each of Datasette's pages in turn in one tab, each to its table on screen."""
        page = self._context.new_page()
        try:
            started = time.perf_counter()
            for url in urls:
                page.goto(url)
                page.wait_for_selector(PEER_READY, state="visible", timeout=TIMEOUT_MS)
            return time.perf_counter() - started
        finally:
            page.close()

    def close(self) -> None:
        self._browser.close()


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = Browser(playwright)
        try:
            yield browser
        finally:
            browser.close()
