"""Every address the tracker gives out, built in one place: a view's query string, a commitment's page, the API's
lists and files, the feeds, the deck and brief, the chart images. Pages, routes, feeds and answers build their
links here, so an address is written once (as Datasette's url_builder does). Plain strings; nothing here serves.
"""

import datetime as dt
from urllib.parse import urlencode

from tracker.domain.settings import edition
from tracker.read.filters import FILTERS, CommitmentFilter

API = "/api/v1"
FEEDS = "/feeds"
EXPORT = "/export"
CHARTS = f"{EXPORT}/charts"
DECK = f"{EXPORT}/deck.pptx"
BRIEF = f"{EXPORT}/brief.pdf"
OPENAPI = f"{API}/openapi.json"
COMMITMENT_PAGE = "commitment"  # the page's url_path (app.py)


def release_pairs() -> list[tuple[str, str]]:
    """The pair that keeps an address at the release the output is made at (none for the live data)."""
    at = edition()
    return [("release", at.version)] if at is not None else []


def params_of(f: CommitmentFilter) -> list[tuple[str, str]]:
    """The query pairs that ask for the view `f`: each filter set, by its URL parameter (codes), the as-of date,
    and the release it is made at, if any."""
    pairs = []
    for spec in FILTERS:
        if not spec.is_set(f):
            continue
        value = getattr(f, spec.field)
        for item in value if isinstance(value, tuple) else (value,):
            pairs.append((spec.url, str(item).lower() if isinstance(item, bool) else str(item)))
    return [*pairs, ("as_of", f.as_of.isoformat()), *release_pairs()]


def view_query(f: CommitmentFilter, *extra: tuple[str, str]) -> str:
    return urlencode([*params_of(f), *extra])


def feed_query(f: CommitmentFilter, commitment: str | None = None) -> str:
    """The query string of a feed of the view: without the as-of date, so the feed a reader subscribes to keeps
    following today."""
    pairs = [(name, value) for name, value in params_of(f) if name != "as_of"]
    return urlencode([*pairs, ("commitment", commitment)] if commitment else pairs)


def commitment_page(slug: str, as_of: dt.date | str | None = None, *, base: str = "") -> str:
    """A commitment's own page, `commitment?commitment=SLUG` (keeping an as-of date where given); with `base`, the
    full address on that server."""
    pairs = [("commitment", slug), *((("as_of", str(as_of)),) if as_of else ()), *release_pairs()]
    relative = f"{COMMITMENT_PAGE}?{urlencode(pairs)}"
    return f"{base.rstrip('/')}/{relative}" if base else relative


def api_list(name: str, *, csv: bool = False) -> str:
    """An API list by its name in addresses ("commitments", "event-roles"), or its CSV twin."""
    return f"{API}/{name}{'.csv' if csv else ''}"


def commitment_json(slug: str) -> str:
    return f"{API}/commitments/{slug}"


def changes_feed(query: str = "") -> str:
    return f"{FEEDS}/changes.atom" + (f"?{query}" if query else "")


def deadlines_calendar(query: str = "") -> str:
    return f"{FEEDS}/deadlines.ics" + (f"?{query}" if query else "")


def chart(name: str, extension: str) -> str:
    return f"{CHARTS}/{name}.{extension}"
