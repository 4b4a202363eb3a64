"""Overview: what was promised, where it stands, what falls due when, and where each figure comes from."""

import dataclasses
from urllib.parse import urlencode

import streamlit as st

from app_pages import common as ui
from app_pages.ui.text import escape_markdown
from tracker.domain import rules
from tracker.domain.vocab import STATUS_LABELS
from tracker.present import charts, figures, words
from tracker.read import queries
from tracker.web import addresses

OVERVIEW_DEADLINES = 100  # rows of the deadlines table, soonest first; the counters and the CSV cover them all

ui.header(
    "AI standards commitments at a glance",
    "Pledges on AI standardization as the source documents state them, each traced to the sentence it comes from.",
)
f = ui.commitment_filter()
ui.filter_caption(f)
if not ui.presenting():
    ui.presentation_downloads(f)

# Every number on this page is counted once, in the database, over every matching commitment (tracker.read.as_of).
counts = ui.query(queries.view_counts, f)
drawn = ui.query(figures.status_by_framework, f)
tracked = counts.matched
columns = st.columns(5)
columns[0].metric(
    "Commitments",
    counts.kinds["commitment"],
    help="Stated future actions with an actor, matching the filters. See Methodology for what counts.",
)
columns[1].metric(
    "Priorities",
    counts.kinds["priority"],
    help="Areas a text calls priorities: no actor pledges an action. Counted apart from commitments.",
)
columns[2].metric("Events", counts.events, help="Events where the filtered commitments were made.")
columns[3].metric("Source documents", counts.sources, help="Documents the filtered commitments are quoted from.")
columns[4].metric(
    "Parties named",
    counts.parties,
    help="Organizations, countries or cities the texts say commit to the filtered commitments, inferred parties "
    "included (the Commitments page marks them).",
)
st.markdown("**By status:** " + " · ".join(f"{STATUS_LABELS[s]} {n}" for s, n in counts.statuses.items()))

attendance = words.figures(ui.query(queries.participation, f))
if not attendance.empty:
    stated = " · ".join(f"{row.event}: {row.as_stated} {row.metric}" for row in attendance.itertuples())
    st.markdown("**Attendance, as the sources state it:** " + escape_markdown(stated))

if tracked == 0:
    ui.no_commitments(f)
else:
    ui.chart(drawn, name="status-by-framework", query=urlencode(addresses.params_of(f)), key="status_by_framework")
    ui.table(drawn.numbers, hide_index=True, key="status_numbers")

st.subheader("Deadlines")
deadlines = ui.query(words.deadlines, f, OVERVIEW_DEADLINES)
deadline_columns = ["title", "parties", "status_label", "target", "deadline", "countdown"]
columns = st.columns(5)
columns[0].metric("With a deadline", f"{counts.with_deadline} of {tracked}")


def deadline_metric(column, label: str, states: tuple[str, ...], help: str) -> None:
    """A count of deadlines, saying beside it how many of them the text does not state (inferred)."""
    inferred = counts.inferred(*states)
    column.metric(
        label,
        sum(counts.deadlines[s] for s in states),
        help=help + (f" {inferred} of these rest on a deadline the text does not state." if inferred else ""),
    )
    if inferred:
        column.caption(f"{inferred} on an inferred deadline")


deadline_metric(columns[1], "Overdue", ("overdue",), "Assessed, neither complete nor withdrawn, deadline passed.")
deadline_metric(
    columns[2],
    "Deadline passed, not assessed",
    ("passed_not_assessed",),
    "The deadline passed before anyone assessed the commitment: whether it was met is not known, so it is not "
    "called overdue.",
)
deadline_metric(
    columns[3], f"Due within {rules.DUE_SOON_DAYS} days", ("due_soon",), "Deadline ahead; not complete or withdrawn."
)
columns[4].metric("No update for long", counts.stale, help=rules.stale_rule())
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
            "deadline": st.column_config.TextColumn(
                "Deadline", help="As the text gives it; (inferred) where the text does not state the date."
            ),
            "countdown": "Countdown",
        },
    )
    with_deadline = addresses.params_of(dataclasses.replace(f, due="has_deadline") if f.due == "any" else f)
    ui.data_links(
        f"{addresses.API}/commitments.csv?{urlencode(with_deadline)}",
        json=f"{addresses.API}/commitments?{urlencode(with_deadline)}",
        what="These commitments with a deadline",
    )

st.subheader("Latest progress updates")
# What stands: an update a correction replaced is in the Changes log, never shown here as the latest.
recent = ui.query(words.changes_log, until=f.as_of, within=f, limit=5, current=True)
if recent.empty:
    st.caption(
        "No progress has been recorded for these commitments yet: they are not assessed. Editors record "
        "progress on each commitment's page; everyone can read the Changes log."
    )
else:
    for row in recent.itertuples():
        st.page_link(
            "app_pages/commitment.py",
            label=f"**{escape_markdown(row.commitment_title)}**: {row.status_label} as of {row.as_of:%-d %B %Y} · "
            f"{row.entry} by {escape_markdown(row.recorded_by)}",
            query_params=ui.commitment_link(row.commitment),
        )
    st.page_link("app_pages/changes.py", label="All changes", icon=":material/history:")

st.subheader("Where these figures come from")
for row in drawn.sources.itertuples() if drawn else ():
    st.page_link(
        "app_pages/sources.py",
        label=f"{row.commitments} commitment{'s' if row.commitments != 1 else ''} from: {escape_markdown(row.title)}",
        query_params={"source": row.source},
        icon=":material/description:",
    )
st.caption(
    "Counts are computed from the tracker's records. Each commitment links to its sentence in the source. Values "
    "the texts do not state literally are marked inferred wherever they appear, with what they rest on; the "
    "Methodology page says what counts as a commitment."
)
st.page_link("app_pages/methodology.py", label="Methodology", icon=":material/rule:")
