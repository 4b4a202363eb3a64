"""Overview: what was promised, where it stands, what falls due when, and where each figure comes from."""

import dataclasses
from urllib.parse import urlencode

import streamlit as st

from pages import common as ui
from pages.ui.text import escape_markdown
from tracker.domain import rules
from tracker.domain.vocab import STATUS_LABELS
from tracker.present import charts, figures, words
from tracker.read import queries
from tracker.web import api

OVERVIEW_DEADLINES = 100  # rows of the deadlines table, soonest first; the counters and the CSV cover them all

ui.header(
    "AI standards commitments at a glance",
    "Pledges on AI standardization as the source documents state them, each traced to the sentence it comes from.",
)
f = ui.commitment_filter(show=("framework", "kind", "event"))
ui.filter_caption(f)
if not ui.presenting():
    ui.presentation_downloads(f)

headline = ui.query(queries.headline_counts, f)
# The chart's numbers give the totals too: the statuses are read once for both.
drawn = ui.query(figures.status_by_framework, f)
totals = figures.status_totals(drawn)
tracked = sum(totals.values())
columns = st.columns(4)
columns[0].metric("Commitments and priorities", tracked, help="Matching the filters. See Methodology for what counts.")
columns[1].metric("Events", headline["events"], help="Events where the filtered commitments were made.")
columns[2].metric("Source documents", headline["sources"], help="Documents the filtered commitments are quoted from.")
columns[3].metric(
    "Parties named",
    headline["parties"],
    help="Organizations, countries or cities the texts say commit to the filtered commitments, inferred parties "
    "included (the Commitments page marks them).",
)
st.markdown("**By status:** " + " · ".join(f"{STATUS_LABELS[s]} {n}" for s, n in totals.items()))

attendance = words.figures(ui.query(queries.participation, ui.query(queries.events_of, f), as_of=f.as_of))
if not attendance.empty:
    stated = " · ".join(f"{row.event}: {row.as_stated} {row.metric}" for row in attendance.itertuples())
    st.markdown("**Attendance, as the sources state it:** " + escape_markdown(stated))

if tracked == 0:
    ui.no_commitments(f)
else:
    ui.chart(drawn, name="status-by-framework", query=urlencode(api.params_of(f)), key="status_by_framework")
    ui.table(drawn.numbers, hide_index=True, key="status_numbers")

st.subheader("Deadlines")
counts = ui.query(queries.deadline_counts, f)
deadlines = ui.query(words.deadlines, f, OVERVIEW_DEADLINES)
deadline_columns = ["title", "parties", "status_label", "target", "due_date", "due_date_inferred", "countdown"]
stale = ui.query(queries.count_commitments, dataclasses.replace(f, stale=True))
columns = st.columns(4)
columns[0].metric("With a deadline", f"{counts.with_deadline} of {tracked}")
columns[1].metric("Overdue", counts.overdue, help="Deadline passed before the as-of date; not complete or withdrawn.")
columns[2].metric(f"Due within {rules.DUE_SOON_DAYS} days", counts.due_soon, help="Not complete or withdrawn.")
columns[3].metric("Stale", stale, help=rules.stale_rule())
if deadlines.empty:
    ui.empty("None of these commitments sets a deadline.")
else:
    for row in deadlines.head(5).itertuples():
        ui.commitment_card(row, key=f"deadline_{row.slug}", countdown=True)
    st.caption(escape_markdown(charts.deadline_summary(deadlines, counts, f.as_of)))
    ui.table(
        deadlines[deadline_columns],
        hide_index=True,
        key="deadlines_table",
        column_config={
            "title": st.column_config.TextColumn("Commitment", width="large"),
            "parties": "Parties",
            "status_label": "Status",
            "target": "Target",
            "due_date": st.column_config.DateColumn("Deadline"),
            "countdown": "Countdown",
            "due_date_inferred": st.column_config.CheckboxColumn("Inferred"),
        },
    )
    with_deadline = api.params_of(dataclasses.replace(f, due="has_deadline") if f.due == "any" else f)
    ui.data_links(
        f"{api.PREFIX}/commitments.csv?{urlencode(with_deadline)}",
        json=f"{api.PREFIX}/commitments?{urlencode(with_deadline)}",
        what="These commitments with a deadline",
    )

st.subheader("Latest progress updates")
recent = ui.query(words.changes_log, until=f.as_of, within=f, limit=5)
if recent.empty:
    st.caption(
        "No progress has been recorded for these commitments yet: they are not assessed. Editors record "
        "progress on each commitment's page; everyone can read the Changes log."
    )
else:
    for row in recent.itertuples():
        st.page_link(
            "pages/commitment.py",
            label=f"**{escape_markdown(row.commitment_title)}**: {row.status_label} as of {row.as_of:%d %B %Y} · "
            f"{row.kind_label} #{row.id} by {escape_markdown(row.recorded_by)}",
            query_params=ui.commitment_link(row.commitment),
        )
    st.page_link("pages/changes.py", label="All changes", icon=":material/history:")

st.subheader("Where these figures come from")
for row in drawn.sources.itertuples() if drawn else ():
    st.page_link(
        "pages/sources.py",
        label=f"{row.commitments} commitment{'s' if row.commitments != 1 else ''} from: {escape_markdown(row.title)}",
        query_params={"source": row.source},
        icon=":material/description:",
    )
st.caption(
    "Counts are computed from the tracker's records. Each commitment links to its sentence in the source. Values "
    "the texts do not state literally are marked inferred wherever they appear, with what they rest on; the "
    "Methodology page says what counts as a commitment."
)
st.page_link("pages/methodology.py", label="Methodology", icon=":material/rule:")
