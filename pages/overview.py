"""Overview: what was promised, where it stands, what falls due when, and where each figure comes from."""

import dataclasses

import streamlit as st

from models.vocab import STATUS_LABELS
from pages import common as ui
from tracker import charts, history, queries, rules
from tracker.provenance import escape_markdown

ui.header(
    "AI standards commitments at a glance",
    "Pledges on AI standardization from the Seoul Statement of IEC, ISO and ITU and the WAIC 2025 forum, "
    "each traced to the sentence it comes from.",
)
f = ui.commitment_filter(show=("framework", "event"))
ui.filter_caption(f)
if not ui.presenting():
    ui.presentation_downloads(f)

counts = ui.query(queries.headline_counts)
by_framework = ui.query(queries.status_by_framework, f)
totals = queries.totals_by_status(by_framework)
tracked = sum(totals.values())
columns = st.columns(4)
columns[0].metric("Commitments tracked", tracked, help="Commitments matching the filters.")
columns[1].metric("Events", counts["events"])
columns[2].metric("Organizations", counts["organizations"], help="Organizations named in the sources.")
columns[3].metric(
    "Countries represented",
    counts["countries"],
    help="Countries of the organizations and event venues named in the sources. The Seoul summit reported "
    "participants from 65 countries: see Participation.",
)
st.markdown("**By status:** " + " · ".join(f"{STATUS_LABELS[s]} {n}" for s, n in totals.items()))

sources = ui.query(queries.sources_of_commitments, f)
if tracked == 0:
    ui.empty("No commitments match these filters. Clear the framework or event filter in the sidebar.")
else:
    figure = charts.status_by_framework_chart(by_framework, sources=list(sources["title"]), as_of=f.as_of)
    numbers = by_framework.pivot(index="framework", columns="status", values="commitments")
    numbers = numbers[[STATUS_LABELS[s] for s in totals]].reset_index()
    ui.chart(
        figure,
        charts.status_by_framework_summary(by_framework),
        key="status_by_framework",
        frame=numbers,
        stem=f.file_stem("commitments-by-framework-and-status"),
    )
    st.dataframe(numbers, hide_index=True, key="status_numbers")

st.subheader("Deadlines")
deadlines = ui.query(queries.deadlines, f)
overdue, due_soon = queries.deadline_counts(deadlines)
stale = ui.query(queries.count_commitments, dataclasses.replace(f, stale=True))
columns = st.columns(4)
columns[0].metric("With a deadline", f"{len(deadlines)} of {tracked}")
columns[1].metric("Overdue", overdue, help="Deadline passed before the as-of date; not complete or withdrawn.")
columns[2].metric(f"Due within {rules.DUE_SOON_DAYS} days", due_soon)
columns[3].metric("Stale", stale, help=rules.stale_rule())
if deadlines.empty:
    ui.empty("None of these commitments sets a deadline.")
else:
    for row in deadlines.head(5).itertuples():
        with st.container(border=True, key=f"deadline_{row.slug}"):
            left, right = st.columns([3, 1])
            left.markdown(f"**{escape_markdown(row.title)}**")
            inferred = " (inferred)" if row.due_date_inferred else ""
            left.caption(f"Due {row.due_date:%d %B %Y}{inferred} · {escape_markdown(row.parties)} · "
                         f"{escape_markdown(row.target)}")  # fmt: skip
            right.metric("Countdown", row.countdown, label_visibility="collapsed")
    st.caption(escape_markdown(charts.deadline_summary(deadlines, f.as_of)))
    st.dataframe(
        deadlines.drop(columns=["slug"]),
        hide_index=True,
        key="deadlines_table",
        column_config={"due_date_inferred": st.column_config.CheckboxColumn("Inferred")},
    )
    ui.downloads(deadlines, f.file_stem("deadlines"), "deadlines")

st.subheader("Latest progress updates")
recent = ui.query(history.changes_log, until=f.as_of, limit=5)
if recent.empty:
    st.caption("No progress has been recorded yet: every commitment is not assessed. Editors record progress on "
               "the Commitments page; everyone can read the Changes log.")  # fmt: skip
else:
    for row in recent.itertuples():
        kind = "Correction" if row.kind == "Correction" else "Update"
        st.markdown(f"**{escape_markdown(row.commitment_title)}**: {row.status} as of {row.as_of:%d %B %Y} · "
                    f"{kind} #{row.id} by {escape_markdown(row.recorded_by)}")  # fmt: skip
    st.page_link("pages/changes.py", label="All changes", icon=":material/history:")

st.subheader("Where these figures come from")
for row in sources.itertuples():
    st.page_link(
        "pages/sources.py",
        label=f"{row.commitments} commitment{'s' if row.commitments != 1 else ''} from: {escape_markdown(row.title)}",
        query_params={"source": row.source},
        icon=":material/description:",
    )
st.caption(
    "Counts are computed from the tracker's records. Each commitment links to its sentence in the source; values "
    "the text does not state literally (event years, the end-2026 deadline) are marked inferred, with the reason."
)
