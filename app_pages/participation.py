"""Participation: who came, as the sources state it, and apart from it the other figures stated at each event.
Metrics that count different things are never added up."""

from urllib.parse import urlencode

import streamlit as st

from app_pages import common as ui
from app_pages.ui.text import escape_markdown
from tracker.present import charts, words
from tracker.present import figures as figures_of
from tracker.read import queries
from tracker.web import addresses

ui.header("Participation")
f = ui.commitment_filter()
ui.filter_caption(f)
query = addresses.params_of(f)

drawn = ui.query(figures_of.participation, f)
if drawn is None:
    ui.empty(
        "No attendance figures for the events these filters cover (those where the matching commitments were made, "
        f"standing on {f.as_of:%-d %B %Y}). Clear a filter, or choose a later date, in the sidebar."
    )
    ui.stop()
figures = drawn.numbers
ui.chart(drawn, name="participation", query=urlencode(query), key="participation_chart")

st.markdown("**What each figure counts**")
for note in charts.participation_notes(figures):
    st.markdown("- " + escape_markdown(note))
st.caption(
    "Each figure keeps the text's own word for its number: "
    + charts.qualifier_notes(figures)
    + " Each metric has its own panel and scale."
)

ui.table(
    figures.drop(columns=["slug", "kind", "value", "qualifier"]),
    hide_index=True,
    key="participation_table",
    column_config={
        "event": st.column_config.TextColumn("Event", width="small"),
        "metric": st.column_config.TextColumn("Metric", width="small"),
        "source": st.column_config.TextColumn("Source", width="small"),
        "as_stated": st.column_config.TextColumn("Figure", help="In the source's own words."),
        "counts_what": st.column_config.TextColumn("Counts", width="large"),
        "evidence": st.column_config.TextColumn("Evidence (verbatim)", width="large"),
    },
)

st.subheader("Other figures stated at the events")
context = words.figures(ui.query(queries.participation, f, ("context",)))
if context.empty:
    st.caption("No other figures are stated for these events.")
else:
    st.caption(
        "Numbers the sources state at an event that do not count who came. They are never drawn or added "
        "up as attendance."
    )
    for row in context.itertuples():
        figure = f"{row.as_stated} {row.metric}: {row.counts_what}"
        st.markdown(f"- **{escape_markdown(row.event)}**: {escape_markdown(figure)}")
        st.markdown("> " + escape_markdown(row.evidence))
    address = f"{addresses.API}/participation-figures"
    context_query = urlencode([*query, ("participation_figure_kind", "context")])
    ui.data_links(f"{address}.csv?{context_query}", json=f"{address}?{context_query}", what="These figures")
