"""The app's engine and its cached reads: every query runs through `query` (or `live_query`, for what only the live
database holds), cached by its arguments and the data revision, so a write anywhere (another app process, the CLI)
shows on the next page run."""

import dataclasses
import datetime as dt
import importlib
import math
import time
from collections.abc import Callable
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


@st.cache_data(ttl=3600, max_entries=512, show_spinner="Loading…")
def _run_query(module: str, name: str, url: str, revision: int, key: str, _args: tuple, _kwargs: tuple) -> Any:
    # Cached by `key`, the arguments' repr; the arguments themselves (leading underscore) are not hashed again.
    function = getattr(importlib.import_module(module), name)
    return function(_engine_for(url), *_args, **dict(_kwargs))


def query(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a core query with the app's engine, cached by the query, its (plain, hashable) arguments and the data
    revision: any write anywhere makes the next run read fresh results."""
    live = engine()  # opens (and if need be migrates and seeds) the database, or explains why it can't
    at = edition()  # a release (app_pages.ui.release), read from its own copy
    return _cached(function, database_url() if at is None else materialized_url(live, at), args, kwargs)


def live_query(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """`query` of the live database whichever release the page shows: for what only it holds (the releases)."""
    engine()
    return _cached(function, database_url(), args, kwargs)


def _cached(function: Callable[..., Any], url: str, args: tuple, kwargs: dict[str, Any]) -> Any:
    named = tuple(sorted(kwargs.items()))
    return _run_query(function.__module__, function.__name__, url, _revision_for(url), _key(args, named), args, named)


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
