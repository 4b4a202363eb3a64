"""The sidebar's filters, built from the registry in tracker.read.filters, each kept in the URL."""

import datetime as dt
import threading
from typing import Any

import streamlit as st

from app_pages.ui.data import query, query_ahead
from app_pages.ui.presentation import presenting
from app_pages.ui.release import release_control
from app_pages.ui.text import CHOOSE_MANY, escape_markdown, plain, shown_by
from tracker.domain import rules
from tracker.domain.rules import today
from tracker.read import queries
from tracker.read.filters import FILTERS, SEARCH_MAX_CHARS, CommitmentFilter, Filter

# The places under the lists of choices where their counts go, this run's: filled once the page is drawn.
_SLOTS = threading.local()

# Said in the help of each list of choices that shows counts.
COUNTS_HELP = " The numbers under the list: the commitments each choice keeps, with the other filters as they are."

EARLIEST_AS_OF = rules.EARLIEST_AS_OF


FILTER_KEYS = tuple(spec.url for spec in FILTERS)


def as_of_control() -> dt.date:
    """The sidebar's Data (live, or a release) and As of: which data every part of the page shows."""
    release_control()
    return st.sidebar.date_input(
        "As of",
        value=today(),
        min_value=EARLIEST_AS_OF,
        max_value=today(),
        key="as_of",
        bind="query-params",
        help="Show the tracker as it stood on this date: statuses, counts and countdowns.",
    )


def commitment_filter() -> CommitmentFilter:
    """The sidebar's filters, every one of the registry's, each kept in the URL, as one CommitmentFilter: the same
    view on every page, so a link carries it from one page to another and every part of a page follows it."""
    options = query(queries.filter_options)
    as_of = as_of_control()
    st.sidebar.subheader("Filter commitments")
    _SLOTS.pending = []
    values = {}
    for spec in FILTERS:
        if spec.only_with is None or values.get(spec.only_with[0]) == spec.only_with[1]:
            values[spec.field] = _filter_widget(spec, options)
    st.sidebar.button(
        "Clear filters",
        key="clear_filters",
        on_click=_clear_filters,
        icon=":material/filter_alt_off:",
        disabled=CommitmentFilter(**values, as_of=as_of).is_default,
    )
    view = CommitmentFilter(**values, as_of=as_of)
    _SLOTS.view = view
    if _SLOTS.pending:  # the counts under the lists, worked out while the page draws (fill_filter_counts)
        query_ahead(queries.facet_counts, view)
    return view


def shown_view() -> CommitmentFilter | None:
    """The view this run's sidebar chose (None before the page read it, or on a page without filters)."""
    return getattr(_SLOTS, "view", None)


def forget_filter_counts() -> None:
    """Start a run with no places for counts (a run that ended early, by a rerun, left its own behind)."""
    _SLOTS.pending, _SLOTS.view = [], None


def fill_filter_counts() -> None:
    """Under each list of choices of this run's sidebar, how many commitments each choice keeps
    (queries.facet_counts, started ahead by commitment_filter): written once the page is drawn (app.py calls it),
    so the counts, 0.6-0.8 s at 100,000 commitments, never hold up what the page shows."""
    pending, view = getattr(_SLOTS, "pending", []), getattr(_SLOTS, "view", None)
    _SLOTS.pending = []
    if not pending or view is None:
        return
    counts = query(queries.facet_counts, view)
    for spec, labels, slot in pending:
        slot.caption(escape_markdown(counts_words(labels, counts.get(spec.field, {}))))


def counts_words(labels: dict[Any, str], counts: dict[Any, int]) -> str:
    """ "IEC 4 · ISO 4 · ITU 4 · China 0 · Shanghai 0": each choice with the commitments it keeps, most first; in a
    long list, those that keep none are counted, not named ("5 more keep none")."""
    kept = sorted((c for c in labels if counts.get(c)), key=lambda c: -counts[c])
    parts = [f"{plain(labels[c])} {counts[c]:,}" for c in kept]
    none = [c for c in labels if not counts.get(c)]
    if len(labels) <= 6:
        parts += [f"{plain(labels[c])} 0" for c in none]
    elif none:
        parts.append(f"{len(none)} more keep none")
    return " · ".join(parts)


def _filter_widget(spec: Filter, options: dict[str, list[tuple[str, str]]]) -> Any:
    """The sidebar widget a registry entry declares, bound to its URL parameter; under a list of choices, a place
    for how many commitments each keeps (fill_filter_counts). (Not in the choices' own labels: the address writes
    a choice by its label, and a count there would change the address.)"""
    sidebar = st.sidebar
    labels = dict(options[spec.choices]) if isinstance(spec.choices, str) else spec.labels()
    common = {"key": spec.url, "bind": "query-params", "help": spec.help_text}
    if spec.widget == "multiselect":
        if spec.facet is not None:
            common["help"] += COUNTS_HELP
        chosen = tuple(
            sidebar.multiselect(
                spec.label, list(labels), format_func=shown_by(labels), placeholder="Any", **common, **CHOOSE_MANY
            )
        )
        if spec.facet is not None and labels and not presenting():
            _SLOTS.pending.append((spec, labels, sidebar.empty()))
        return chosen
    if spec.widget == "select":
        return sidebar.selectbox(spec.label, list(labels), format_func=shown_by(labels), **common)
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


def _clear_filters() -> None:
    for spec in FILTERS:
        if spec.url in st.session_state:
            st.session_state[spec.url] = list(spec.default) if isinstance(spec.default, tuple) else spec.default


def filter_names() -> dict[str, str]:
    """Labels for slugs, so filters read in words (in file names, captions and decks)."""
    options = query(queries.filter_options)
    return {value: label for choices in options.values() for value, label in choices}


def filter_caption(f: CommitmentFilter) -> None:
    st.caption(escape_markdown(f"Showing: {f.describe(filter_names())} · as of {f.as_of:%-d %B %Y}"))
