"""The app's engine and its cached reads: every query runs through `query` (or `live_query`, for what only the live
database holds), cached by its arguments and the data revision, so a write anywhere (another app process, the CLI)
shows on the next page run. A read a page needs only at its end can be started ahead (`query_ahead`), to run while
the page draws the rest."""

import dataclasses
import datetime as dt
import importlib
import math
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import sqlalchemy as sa
import streamlit as st
from sqlalchemy.engine import Engine

from app_pages.ui.text import escape_markdown
from models.db import REVISION_READ_SECONDS, database_url, read_revision
from tracker.domain.settings import Edition, SettingsError, edition
from tracker.present import releases
from tracker.store import shared_engine


@st.cache_resource(show_spinner="Opening the database…")
def _engine_for(url: str) -> Engine:
    return shared_engine(url)  # the HTTP routes' engine too (tracker.web.engine): one pool a server


def engine() -> Engine:
    # Keyed on the URL: st.cache_resource is process-wide, and tests point different runs at different databases.
    try:
        return _engine_for(database_url())
    except SettingsError as exc:
        st.error(f"The tracker is not configured correctly: {escape_markdown(str(exc))}.", icon=":material/settings:")
        st.stop()
    except sa.exc.OperationalError as exc:
        st.error(
            f"The database could not be opened: {escape_markdown(str(exc.orig))}. Check DATABASE_URL and that the "
            "server is running."
        )
        st.stop()


# The data revision each database was last read at, and when (time.monotonic()): process-wide, as the caches are.
_revisions: dict[str, tuple[int, float]] = {}


def _revision_for(url: str) -> int:
    """The data revision, read at most every REVISION_READ_SECONDS: a write from another process (the CLI, another
    app server) shows that soon. (A dictionary, not st.cache_data: every query asks, and a cached function's own
    bookkeeping cost more than the answer.)"""
    revision, read_at = _revisions.get(url, (0, -math.inf))
    now = time.monotonic()
    if now - read_at >= REVISION_READ_SECONDS:
        revision = read_revision(_engine_for(url))
        _revisions[url] = (revision, now)
    return revision


CACHE_SECONDS, CACHE_ENTRIES = 3600, 512
AHEAD_MOST = 64  # reads started ahead and not yet taken, before those done are forgotten

# Reads started ahead (query_ahead) that no run has taken yet, by what they read; and when this process last ran
# each read, newest last (at most CACHE_ENTRIES, as the cache): a read whose result is cached is not started ahead.
# (Only a hint: with the cache emptied some other way, a read not started ahead is run by the page, as any read.)
_ahead: dict[tuple, Future] = {}
_ran: dict[tuple, float] = {}
_ahead_lock = threading.Lock()
_ahead_workers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="query-ahead")


@st.cache_data(ttl=CACHE_SECONDS, max_entries=CACHE_ENTRIES, show_spinner="Loading…")
def _run_query(module: str, name: str, url: str, revision: int, key: str, _args: tuple, _kwargs: tuple) -> Any:
    # Cached by `key`, the arguments' repr; the arguments themselves (leading underscore) are not hashed again.
    which = (module, name, url, revision, key)
    with _ahead_lock:
        started = _ahead.pop(which, None)
        _ran.pop(which, None)
        _ran[which] = time.monotonic()
        while len(_ran) > CACHE_ENTRIES:
            del _ran[next(iter(_ran))]
    if started is not None and not started.cancel():  # begun (or done) on another thread: its result
        return started.result()
    function = getattr(importlib.import_module(module), name)
    return function(_engine_for(url), *_args, **dict(_kwargs))


def query(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a core query with the app's engine, cached by the query, its (plain, hashable) arguments and the data
    revision: any write anywhere makes the next run read fresh results."""
    return _cached(function, _shown_url(), args, kwargs)


def live_query(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """`query` of the live database whichever release the page shows: for what only it holds (the releases)."""
    engine()
    return _cached(function, database_url(), args, kwargs)


def query_ahead(function: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """Start `query(function, *args, **kwargs)` on another thread, unless its result is cached: the database works
    on it while the page run draws what comes before, and that `query`, later in the run, takes its result (or, if
    it has not begun, runs it itself). On 2 cores at 100,000 commitments, the Commitments page's rows and the counts
    beside its filters took 0.64-0.69 s together this way, against 0.95-1.19 s one after the other."""
    url = _shown_url()
    which = _which(function, url, args, tuple(sorted(kwargs.items())))
    with _ahead_lock:
        if which in _ahead or time.monotonic() - _ran.get(which, -math.inf) < CACHE_SECONDS:
            return
        if len(_ahead) >= AHEAD_MOST:  # forget those done and never taken: runs that stopped before they asked
            for done in [w for w, started in _ahead.items() if started.done()]:
                del _ahead[done]
        _ahead[which] = _ahead_workers.submit(function, _engine_for(url), *args, **kwargs)


def _shown_url() -> str:
    """The database the page shows: the live one, or a release's own copy."""
    live = engine()  # opens (and if need be migrates and seeds) the database, or explains why it can't
    at = edition()  # a release (app_pages.ui.release), read from its own copy
    return database_url() if at is None else materialized_url(live, at)


def _which(function: Callable[..., Any], url: str, args: tuple, named: tuple) -> tuple:
    """What a read reads, as the cache keys it: the query, the database and its revision, the arguments' key."""
    return function.__module__, function.__name__, url, _revision_for(url), _key(args, named)


def _cached(function: Callable[..., Any], url: str, args: tuple, kwargs: dict[str, Any]) -> Any:
    named = tuple(sorted(kwargs.items()))
    return _run_query(*_which(function, url, args, named), args, named)


def materialized_url(live: Engine, at: Edition) -> str:
    with st.spinner(f"Loading release {at.version}…"):  # once a server: the release's package into its own file
        return releases.materialized(live, at).url.render_as_string(hide_password=False)


def _key(*values: Any) -> str:
    """The cache key of a query's arguments: their repr, which for plain values (text, numbers, dates, tuples and
    dataclasses of them) tells any two apart. Streamlit's own hashing of the same values took 0.4 ms a query, a
    tenth of a page run read from the cache."""
    if not all(map(_plain, values)):
        raise TypeError(f"query arguments must be plain values: {values!r}")
    return repr(values)


def _plain(value: Any) -> bool:
    if value is None or isinstance(value, str | int | float | dt.date):  # bool is an int, a datetime a date
        return True
    if isinstance(value, tuple | list):
        return all(map(_plain, value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return all(f.repr and _plain(getattr(value, f.name)) for f in dataclasses.fields(value))
    return False


def clear_query_cache() -> None:
    """After a write in this app: this and every other page shows the new state on its next run."""
    _revisions.clear()
    _run_query.clear()
    with _ahead_lock:
        _ahead.clear()
        _ran.clear()
