"""What every page shares: the cached engine, cached queries, URL-bound filters, downloads and charts.

Pages are thin scripts: read the filters, call the core through `query`, render. Nothing here knows SQL.
"""

import datetime as dt
import importlib
import runpy
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go
import sqlalchemy as sa
import streamlit as st
from pydantic import ValidationError
from sqlalchemy.engine import Engine

from models.db import PROJECT_ROOT, database_url, read_revision
from models.inputs import validation_message
from tracker.domain import rules
from tracker.domain.rules import today
from tracker.domain.settings import SettingsError
from tracker.present import images
from tracker.present.brief import BriefUnavailable, build_brief
from tracker.present.csvfile import dataframe_csv
from tracker.present.deck import build_deck
from tracker.present.report import gather
from tracker.read import queries
from tracker.read.filters import FILTERS, SEARCH_MAX_CHARS, CommitmentFilter, Filter
from tracker.read.provenance import escape_markdown
from tracker.store import open_database
from tracker.write import auth

EARLIEST_AS_OF = rules.EARLIEST_AS_OF


@st.cache_resource(show_spinner="Opening the database…")
def _engine_for(url: str) -> Engine:
    return open_database(url)


def engine() -> Engine:
    # Keyed on the URL: st.cache_resource is process-wide, and tests point different runs at different databases.
    try:
        return _engine_for(database_url())
    except SettingsError as exc:
        st.error(f"The tracker is not configured correctly: {exc}.", icon=":material/settings:")
        st.stop()
    except sa.exc.OperationalError as exc:
        st.error(f"The database could not be opened: {exc.orig}. Check DATABASE_URL and that the server is running.")
        st.stop()


@st.cache_data(ttl=2, show_spinner=False)
def _revision_for(url: str) -> int:
    # Read at most every 2 seconds: a write from another process (the CLI, another app server) shows that soon.
    return read_revision(_engine_for(url))


@st.cache_data(ttl=3600, max_entries=512, show_spinner="Loading…")
def _run_query(module: str, name: str, url: str, revision: int, args: tuple, kwargs: tuple) -> Any:
    function = getattr(importlib.import_module(module), name)
    return function(_engine_for(url), *args, **dict(kwargs))


def query(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a core query with the app's engine, cached by the query, its (plain, hashable) arguments and the data
    revision: any write anywhere makes the next run read fresh results."""
    engine()  # opens (and if need be migrates and seeds) the database, or explains why it can't
    url = database_url()
    return _run_query(
        function.__module__, function.__name__, url, _revision_for(url), args, tuple(sorted(kwargs.items()))
    )


def clear_query_cache() -> None:
    """After a write in this app: this and every other page shows the new state on its next run."""
    _revision_for.clear()
    _run_query.clear()


# --- page frame ------------------------------------------------------------------------------------------------


def header(title: str, caption: str | None = None) -> None:
    """The top of every page. It first makes sure the page runs inside app.py's navigation."""
    _leave_legacy_pages_mode()
    if presenting():
        st.html(PRESENT_CSS)
        st.title(title)
        st.link_button(
            "Leave presentation",
            url="?"
            + urlencode([(k, v) for k in st.query_params if k != "present" for v in st.query_params.get_all(k)]),
            icon=":material/close_fullscreen:",
        )
        return
    account_box()
    st.title(title)
    if caption:
        st.caption(caption)


# --- who is signed in -------------------------------------------------------------------------------------------


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: nothing is configured
        return False


def current_actor() -> auth.Actor | None:
    """The signed-in person, or None. The role shown here only shapes the page; writes check it again."""
    actor = st.session_state.get("actor")
    if actor is not None:
        return actor
    if oidc_configured() and st.user.is_logged_in:
        return auth.oidc_actor(engine(), str(st.user.get("email", "")), str(st.user.get("name", "")))
    return None


def account_box() -> None:
    box = st.sidebar.container(border=True, key="account_box")
    actor = current_actor()
    if actor:
        box.markdown(f"Signed in as **{escape_markdown(actor.label)}** · {actor.role}")
        box.button("Sign out", key="sign_out", on_click=_sign_out, args=(actor,), icon=":material/logout:")
        return
    if oidc_configured():
        box.button("Sign in with your organization", key="oidc_sign_in", on_click=st.login, icon=":material/login:")
    if query(auth.any_accounts):
        with box.expander("Sign in with an account", icon=":material/key:"):
            with st.form("sign_in_form", border=False):
                username = st.text_input("Username", key="sign_in_username")
                password = st.text_input("Password", type="password", key="sign_in_password")
                submitted = st.form_submit_button("Sign in", key="sign_in_submit")
            if submitted:
                try:
                    st.session_state["actor"] = auth.sign_in(engine(), username, password)
                except auth.SignInError as exc:
                    st.error(str(exc))
                else:
                    st.rerun()
    elif not oidc_configured():
        box.caption(
            "Read-only: no accounts exist yet. To let editors record progress, create the first admin on the "
            "server: `python -m tracker users add NAME --role admin`"
        )


def _sign_out(actor: auth.Actor) -> None:
    st.session_state.pop("actor", None)
    if actor.via == "oidc":
        st.logout()


def writer() -> auth.Actor | None:
    """The signed-in editor or admin, or None (with a note saying how to get write access)."""
    if presenting():
        return None
    actor = current_actor()
    if actor and actor.can_write:
        return actor
    if actor:
        st.info(
            f"You are signed in as a {actor.role}; recording changes needs the editor role.", icon=":material/lock:"
        )
    else:
        st.info("Sign in as an editor (in the sidebar) to record changes.", icon=":material/lock:")
    return None


def write_failed(error: Exception) -> None:
    """A refused write, said plainly; nothing was written."""
    if isinstance(error, ValidationError):
        st.error("Not saved: " + validation_message(error), icon=":material/error:")
    else:
        st.error(f"Not saved: {error}", icon=":material/error:")


def _leave_legacy_pages_mode() -> None:
    # A folder named pages/ beside app.py makes a freshly started Streamlit server run in its legacy multipage
    # mode until some session executes app.py (only st.navigation switches that mode off). Until then a link
    # straight to a page (a shared permalink, say) runs the page script alone: wrong navigation and no page
    # config. Switch the mode off and run app.py here, in this same run: nothing is on screen yet, and a rerun
    # would drop the click that started this run. app.py's navigation then runs this page again, properly.
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # a Streamlit without the legacy mode
        return
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        runpy.run_path(str(PROJECT_ROOT / "app.py"), run_name="__main__")
        st.stop()


# --- filters ---------------------------------------------------------------------------------------------------

FILTER_KEYS = tuple(spec.url for spec in FILTERS)


def as_of_control() -> dt.date:
    return st.sidebar.date_input(
        "As of",
        value=today(),
        min_value=EARLIEST_AS_OF,
        max_value=today(),
        key="as_of",
        bind="query-params",
        help="Show the tracker as it stood on this date: statuses, counts and countdowns.",
    )


def commitment_filter(*, show: Iterable[str] = FILTER_KEYS) -> CommitmentFilter:
    """The sidebar's filters (those of the registry named in `show`, by URL parameter), each kept in the URL, as
    one CommitmentFilter."""
    show = set(show)
    options = query(queries.filter_options)
    as_of = as_of_control()
    st.sidebar.subheader("Filter commitments")
    values = {}
    for spec in FILTERS:
        if spec.url in show and (spec.only_with is None or values.get(spec.only_with[0]) == spec.only_with[1]):
            values[spec.field] = _filter_widget(spec, options)
    st.sidebar.button(
        "Clear filters",
        key="clear_filters",
        on_click=_clear_filters,
        icon=":material/filter_alt_off:",
        disabled=CommitmentFilter(**values, as_of=as_of).is_default,
    )
    return CommitmentFilter(**values, as_of=as_of)


def _filter_widget(spec: Filter, options: dict[str, list[tuple[str, str]]]) -> Any:
    """The sidebar widget a registry entry declares, bound to its URL parameter."""
    sidebar = st.sidebar
    labels = dict(options[spec.choices]) if isinstance(spec.choices, str) else spec.labels()
    common = {"key": spec.url, "bind": "query-params", "help": spec.help_text}
    if spec.widget == "multiselect":
        return tuple(sidebar.multiselect(spec.label, list(labels), format_func=labels.get, placeholder="Any", **common))
    if spec.widget == "select":
        return sidebar.selectbox(spec.label, list(labels), format_func=labels.get, **common)
    if spec.widget == "number":
        low, high = spec.bounds
        return int(
            sidebar.number_input(spec.label, min_value=low, max_value=high, value=spec.default, step=30, **common)
        )
    if spec.widget == "toggle":
        return sidebar.toggle(spec.label, **common)
    return sidebar.text_input(spec.label, max_chars=SEARCH_MAX_CHARS, placeholder="e.g. human rights", **common)[
        :SEARCH_MAX_CHARS
    ].strip()


def event_filter() -> tuple[str, ...]:
    """The sidebar's event choice alone (for pages about events rather than commitments), kept in the URL."""
    events = dict(query(queries.filter_options)["events"])
    return tuple(
        st.sidebar.multiselect(
            "Event", list(events), format_func=events.get, key="event", bind="query-params", placeholder="Any"
        )
    )


def _clear_filters() -> None:
    for spec in FILTERS:
        if spec.url in st.session_state:
            st.session_state[spec.url] = list(spec.default) if isinstance(spec.default, tuple) else spec.default


def filter_names() -> dict[str, str]:
    """Labels for slugs, so filters read in words (in file names, captions and decks)."""
    options = query(queries.filter_options)
    return {value: label for choices in options.values() for value, label in choices}


def filter_caption(f: CommitmentFilter) -> None:
    st.caption(escape_markdown(f"Showing: {f.describe(filter_names())} · as of {f.as_of:%d %B %Y}"))


# --- output ----------------------------------------------------------------------------------------------------


def downloads(frame: pd.DataFrame, stem: str, key: str) -> None:
    """CSV of exactly the rows shown, and the same for Excel (with a byte-order mark)."""
    if presenting():
        return
    with st.container(horizontal=True, key=f"{key}_downloads"):
        st.download_button(
            "CSV",
            data=lambda: dataframe_csv(frame).encode("utf-8"),
            file_name=f"{stem}.csv",
            mime="text/csv",
            key=f"{key}_csv",
            on_click="ignore",
            icon=":material/download:",
            help=f"{len(frame)} rows, UTF-8; text that a spreadsheet could run as a formula is prefixed with '",
        )
        st.download_button(
            "CSV for Excel",
            data=lambda: dataframe_csv(frame, excel=True).encode("utf-8"),
            file_name=f"{stem}_excel.csv",
            mime="text/csv",
            key=f"{key}_excel",
            on_click="ignore",
            icon=":material/download:",
            help="The same file with a byte-order mark, so Excel reads UTF-8 correctly.",
        )


def chart(fig: go.Figure, summary: str, *, key: str, frame: pd.DataFrame, stem: str) -> None:
    """A chart, the sentence that says what it shows, the CSV of its numbers, and the chart as PNG and SVG at
    presentation size (title, sources and as-of date are drawn into the image)."""
    if presenting():
        st.plotly_chart(_for_projector(fig), theme=None, key=key, config={"displaylogo": False})
        st.markdown(f"### {escape_markdown(summary)}")
        return
    st.plotly_chart(fig, theme=None, key=key, config={"displaylogo": False})
    st.caption(escape_markdown(summary))
    downloads(frame, stem, key)
    with st.container(horizontal=True, key=f"{key}_images"):
        for fmt, mime in (("png", "image/png"), ("svg", "image/svg+xml")):
            st.download_button(
                fmt.upper(),
                data=lambda fmt=fmt: _image(fig, fmt),
                file_name=f"{stem}.{fmt}",
                mime=mime,
                key=f"{key}_{fmt}",
                on_click="ignore",
                icon=":material/image:",
                help=f"The chart as {fmt.upper()}, {images.PRESENTATION_WIDTH} × {images.PRESENTATION_HEIGHT} pixels.",
            )


def _image(fig: go.Figure, fmt: str) -> bytes:
    try:
        return images.render(fig, fmt)
    except images.ImageUnavailable as exc:
        st.error(str(exc))
        return b""


def presentation_downloads(f: CommitmentFilter) -> None:
    """The current view as a PowerPoint deck and as a PDF brief, built only when asked for."""
    stem = f.file_stem("ai-standards-commitments")
    with st.container(horizontal=True, key="presentation_downloads"):
        st.download_button(
            "Download deck",
            data=lambda: build_deck(gather(engine(), f)),
            file_name=f"{stem}.pptx",
            mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
            key="deck",
            on_click="ignore",
            icon=":material/slideshow:",
            type="primary",
            help="A 16:9 PowerPoint deck of this view with native, editable charts; stamped with the as-of date, "
            "the filters and the sources.",
        )
        st.download_button(
            "Download brief (PDF)",
            data=lambda: _brief(f),
            file_name=f"{stem}.pdf",
            mime="application/pdf",
            key="brief",
            on_click="ignore",
            icon=":material/picture_as_pdf:",
            help="One to three pages of this view for reading, with the charts as images.",
        )
        st.link_button(
            "Present",
            url=f"?{_present_query()}",
            icon=":material/co_present:",
            help="This page without sidebar and controls, in large type, one chart per screen.",
        )


def _brief(f: CommitmentFilter) -> bytes:
    try:
        return build_brief(gather(engine(), f))
    except (BriefUnavailable, images.ImageUnavailable) as exc:
        st.error(str(exc))
        return b""


# --- presentation mode --------------------------------------------------------------------------------------


def presenting() -> bool:
    return st.query_params.get("present") == "1"


def _present_query() -> str:
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    params["present"] = ["1"]
    return urlencode([(key, value) for key, values in params.items() for value in values])


# Static presentation styles (no data): no sidebar, no toolbar, larger type.
PRESENT_CSS = """
<style>
section[data-testid="stSidebar"], div[data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"] {
  display: none !important;
}
div[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 1.5rem 3rem !important; }
div[data-testid="stMarkdownContainer"] p, div[data-testid="stMarkdownContainer"] li { font-size: 1.6rem; }
h1 { font-size: 3.2rem !important; }
div[data-testid="stMetricValue"] { font-size: 3.4rem !important; }
</style>
"""


def _for_projector(fig: go.Figure) -> go.Figure:
    """A chart filling one screen, in type that reads from the back of a room."""
    # Everything grows together: type, panel titles (annotations) and the height that keeps panels apart.
    projected = go.Figure(fig).update_layout(
        height=max(820, int((fig.layout.height or 450) * 1.8)),
        font=dict(size=24),
        title=dict(font=dict(size=34), subtitle=dict(font=dict(size=18))),
    )
    return projected.update_annotations(font_size=26)


def empty(message: str) -> None:
    st.info(message, icon=":material/filter_alt:")


def url_select(label: str, options: dict[str, str], key: str, *, placeholder: str, container: Any = st) -> str | None:
    """A selectbox whose choice (a slug) lives in the URL, so a link can open a page at one record.

    The URL wins when it names a valid option the widget does not show yet (a link was followed); a choice in
    the widget is written back to the URL at once.
    """
    wanted = st.query_params.get(key)
    if wanted in options and st.session_state.get(key) != wanted:
        st.session_state[key] = wanted
    elif st.session_state.get(key) not in options:
        st.session_state[key] = None

    def write_to_url() -> None:
        if st.session_state.get(key):
            st.query_params[key] = st.session_state[key]
        else:
            st.query_params.pop(key, None)

    choice = container.selectbox(
        label, list(options), format_func=options.get, key=key, on_change=write_to_url, placeholder=placeholder
    )
    if choice and st.query_params.get(key) != choice:
        st.query_params[key] = choice
    return choice


def labelled(label: str, value: str) -> None:
    """A stored value shown as text (Markdown-escaped), after a bold label."""
    st.markdown(f"**{label}:** {escape_markdown(value) if value else '—'}")
