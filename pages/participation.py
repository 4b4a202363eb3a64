"""Participation: who came, as the sources state it. Metrics that count different things are never added up."""

import streamlit as st

from pages import common as ui
from tracker import charts, queries
from tracker.filters import slugify_file_name
from tracker.provenance import escape_markdown

ui.header("Participation")
as_of = ui.as_of_control()
events = ui.event_filter()

figures = ui.query(queries.participation, events)
if figures.empty:
    ui.empty("No participation figures for these events. Clear the event filter in the sidebar.")
    st.stop()

sources = ui.query(queries.sources_of_participation, events)
figure = charts.participation_chart(figures, sources=list(sources["title"]), as_of=as_of)
stem = slugify_file_name("_".join(["participation", *events, f"as-of-{as_of.isoformat()}"]))
ui.chart(figure, charts.participation_summary(figures), key="participation_chart", frame=figures, stem=stem)

st.markdown("**What each figure counts**")
for note in charts.participation_notes(figures):
    st.markdown("- " + escape_markdown(note))
st.caption(
    'A figure the text gives as "over N" is stored and drawn as at least N (N+, with an open arrow): the true '
    "number is higher by an amount the source does not say. Each metric has its own panel and scale."
)

st.dataframe(
    figures.drop(columns=["slug", "value", "qualifier"]),
    hide_index=True,
    key="participation_table",
    column_config={
        "event": st.column_config.TextColumn("Event", width="small"),
        "metric": st.column_config.TextColumn("Metric", width="small"),
        "source": st.column_config.TextColumn("Source", width="small"),
        "as_stated": st.column_config.TextColumn("Figure", help='+ means the text says "over".'),
        "counts_what": st.column_config.TextColumn("Counts", width="large"),
        "evidence": st.column_config.TextColumn("Evidence (verbatim)", width="large"),
    },
)
