"""A commitment as a card: its title a link to its own page, then what a reader scans a list for. Lists of
commitments are cards at every width, so they read on a phone as well as on a wide screen."""

from collections.abc import Iterable
from typing import Any

import pandas as pd
import streamlit as st

from app_pages.ui.text import escape_markdown
from tracker.web import addresses

COMMITMENT_PAGE = "app_pages/commitment.py"
LIST_PAGE_SIZE = 25  # cards a page of a list shows


def commitment_link(slug: str) -> dict[str, str]:
    """The query of a commitment's own page, keeping the as-of date the reader chose."""
    params = {"commitment": slug}
    if as_of := st.query_params.get("as_of"):
        params["as_of"] = as_of
    return params


def commitment_addresses(slugs: Iterable[str]) -> list[str]:
    """The address of each commitment's own page (`commitment?commitment=SLUG`), keeping the reader's as-of date:
    a table's link column (the date is read once, not once a row)."""
    as_of = st.query_params.get("as_of")
    return [addresses.commitment_page(slug, as_of) for slug in slugs]


def commitment_card(row: Any, *, key: str, countdown: bool = False) -> None:
    """One row of words.commitments as a card; with `countdown`, the time left to the deadline stands out. `key`
    starts with "card_" or "deadline_" (CARD_CSS styles the title)."""
    with st.container(border=True, key=key):
        if countdown and row.countdown:
            st.metric("Countdown", row.countdown, label_visibility="collapsed")
        st.page_link(
            COMMITMENT_PAGE, label=escape_markdown(row.title), query_params=commitment_link(row.slug), icon=None
        )
        parties = row.parties or "no party named in the text"
        verifiable = "verifiable" if row.verifiable else "not verifiable as written"
        measure = [f"**Target:** {escape_markdown(row.target)}"] if row.target else []
        if row.progress:
            measure.append(f"**Progress:** {escape_markdown(row.progress)}")
        if _present(row.due_date):
            measure.append(f"**Deadline:** {escape_markdown(row.deadline)} · {row.countdown}")
        else:
            measure.append("**Deadline:** none stated")
        lines = [
            f"{row.kind_label} · {escape_markdown(row.framework)} · **Who commits:** {escape_markdown(parties)}",
            f"**Status:** {row.status_label} · **Specificity:** {row.specificity_label}, {verifiable}",
            " · ".join(measure),
        ]
        if row.flags:
            lines.append(f":material/flag: **{escape_markdown(row.flags)}**")
        st.markdown("  \n".join(lines))  # one block: lines of a card sit close together


def log_card(row: Any, *, key: str) -> None:
    """One entry of the Changes log (words.changes_log's row) as a card: what kind of entry, the day it describes and
    the status it gives, the commitment (a link to its page), why, the evidence, who recorded it and when, and how it
    stands with its corrections. Every stored text is shown as text. `key` starts with "card_"."""
    with st.container(border=True, key=key):
        progress = f" · progress {row.progress_value:,g}" if _present(row.progress_value) else ""
        st.markdown(
            f"**#{row.id} · {escape_markdown(row.kind_label)} · as of {row.as_of:%-d %B %Y} · "
            f"{escape_markdown(row.status_label)}**{progress}"
        )
        st.page_link(
            COMMITMENT_PAGE,
            label=escape_markdown(row.commitment_title),
            query_params=commitment_link(row.commitment),
            icon=None,
        )
        lines = [f"**Rationale:** {escape_markdown(row.rationale)}"] if row.rationale else []
        if row.evidence_url:
            address = row.evidence_url.replace("<", "%3C").replace(">", "%3E")
            lines.append(f"**Evidence:** [{escape_markdown(row.evidence_url)}](<{address}>)")
        if row.evidence_quote:
            lines.append(f"**Evidence excerpt:** “{escape_markdown(row.evidence_quote)}”")
        if _present(row.corrects_id):
            reason = f": {escape_markdown(row.correction_reason)}" if row.correction_reason else ""
            lines.append(f"**Corrects #{int(row.corrects_id)}**{reason}")
        if _present(row.corrected_by):
            lines.append(f":material/history: **Replaced by correction #{int(row.corrected_by)}**: it no longer stands")
        lines.append(f"Recorded by {escape_markdown(row.recorded_by)}, {row.recorded_at:%-d %B %Y %H:%M} UTC")
        st.markdown("  \n".join(lines))


# Card titles read as the headings they are (a page link's label is small by default), and parts for one width
# of screen. Static, no data.
CARD_CSS = """
<style>
div[class*="st-key-card_"] a[data-testid="stPageLink-NavLink"] p,
div[class*="st-key-deadline_"] a[data-testid="stPageLink-NavLink"] p {
  font-size: 1.2rem; font-weight: 600; color: #0b5cad; text-decoration: underline;
}
/* A link in the page (a card's title, a latest update, a source) wraps onto more lines rather than ending in "..."
   (a page link's label is kept to one line), so a phone shows all of it. */
[data-testid="stMain"] a[data-testid="stPageLink-NavLink"] :is(span, div, p) {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
/* The passage a link pointed to, in a document's full text: a bar beside it as well as its orange highlight. */
div.st-key-focused_passage { border-left: 6px solid #b34700; padding-left: 10px; background: #fff4e5; }
/* Parts drawn for one kind of screen: a chart laid out for a phone, or a list in place of a wide grid. */
@media (max-width: 640px) { div[class*="st-key-wide_only_"] { display: none !important; } }
@media (min-width: 641px) { div[class*="st-key-narrow_only_"] { display: none !important; } }
</style>
"""


def _present(value: Any) -> bool:
    return not pd.isna(value)  # not None, NaN, NaT or pandas' NA
