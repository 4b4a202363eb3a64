"""A fact's own history on its page: who added, corrected or retracted it, when and why, and, for an as-of date
before a correction, what the corrected fields read on that date."""

import datetime as dt

import streamlit as st

from app_pages.ui.data import query
from app_pages.ui.text import escape_markdown
from tracker.read import history


def fact_history(fact: str, as_of: dt.date, what: str) -> None:
    """Nothing when no editor touched the fact (`what` names it in the note: "commitment", "document")."""
    log = query(history.fact_changes, fact)
    if log.empty:
        return
    st.markdown("**Added, corrected and retracted**")
    stood = query(history.as_it_stood, fact, as_of)
    if stood:
        st.info(
            f"Corrected after {as_of:%-d %B %Y}. This page shows the {what} as corrected, whatever the date: the "
            "document never changed, and a correction mends how it was read. As it stood on "
            f"{as_of:%-d %B %Y}: {escape_markdown(history.stood_words(stood))}.",
            icon=":material/history:",
        )
    for entry in log.itertuples():
        changed = f": {entry.what_changed}" if entry.what_changed else ""
        why = f" Why: {entry.reason}" if entry.reason else ""
        line = f"{entry.changed_at:%-d %B %Y %H:%M} UTC, {entry.changed_by}, {entry.action}{changed}.{why}"
        st.markdown(escape_markdown(line))
