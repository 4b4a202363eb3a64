"""Commitments: filter the list, pick one, and see everything about it down to the sentence it comes from."""

import streamlit as st

from models.vocab import STATUS_LABELS
from pages import common as ui
from tracker import queries
from tracker.provenance import escape_markdown, fact_id
from tracker.rules import SPECIFICITY_RULE, VERIFIABILITY_RULE

ui.header("Commitments")
f = ui.commitment_filter()
ui.filter_caption(f)

total = ui.query(queries.count_commitments, f)
table = ui.query(queries.commitments_table, f)
if table.empty:
    ui.empty("No commitments match these filters. Clear a filter or the search in the sidebar to see more.")
    st.stop()
if total > len(table):
    st.caption(
        f"Showing the first {len(table):,} of {total:,} matching commitments (soonest deadline first). "
        "Narrow the filters to see the rest, or export everything with `python -m tracker export`."
    )

shown = table.assign(deadline=[
    "" if d is None or d != d else f"{d.isoformat()}{' (inferred)' if inferred else ''}"
    for d, inferred in zip(table["due_date"], table["due_date_inferred"], strict=True)
])  # fmt: skip
selection = st.dataframe(
    shown,
    hide_index=True,
    key="commitments_table",
    on_select="rerun",
    selection_mode="single-row",
    column_order=["title", "framework", "parties", "status", "specificity", "verifiable", "target", "deadline",
                  "countdown"],
    column_config={
        "title": st.column_config.TextColumn("Commitment", width=300),
        "framework": st.column_config.TextColumn("Framework", width="small"),
        "event": st.column_config.TextColumn("Event", width="small"),
        "parties": st.column_config.TextColumn("Parties", width="small"),
        "status": st.column_config.TextColumn("Status", width="small"),
        "specificity": st.column_config.TextColumn("Specificity", help=SPECIFICITY_RULE, width="small"),
        "verifiable": st.column_config.CheckboxColumn("Verifiable", help=VERIFIABILITY_RULE, width="small"),
        "target": st.column_config.TextColumn("Target", width="small"),
        "deadline": st.column_config.TextColumn("Deadline", help="Inferred deadlines: see the reason in the detail."),
        "countdown": st.column_config.TextColumn("Countdown", width="small"),
    },
)  # fmt: skip
st.caption(f"{len(table)} commitment{'s' if len(table) != 1 else ''}. Select a row to see it in full.")
ui.downloads(table, f.file_stem("commitments"), "commitments")

rows = selection.selection.rows if selection else []
if rows:
    picked = table.iloc[rows[0]]["slug"]
    if st.session_state.get("commitment") != picked:
        st.query_params["commitment"] = picked

st.divider()
slug = ui.url_select(
    "Commitment in detail", dict(zip(table["slug"], table["title"], strict=True)), "commitment",
    placeholder="Choose a commitment (or select a row above)",
)  # fmt: skip
if not slug:
    st.stop()

detail = ui.query(queries.commitment_detail, slug, f.as_of)
c = detail["commitment"]
st.subheader(escape_markdown(c["title"]))
st.markdown("> " + escape_markdown(c["text"]))

left, right = st.columns(2)
with left:
    ui.labelled("Framework", c["framework"])
    ui.labelled("Event", detail["event"])
    ui.labelled("Parties", ", ".join(f"{p['name']} ({p['role']})" for p in detail["parties"]))
    if detail["stated_by"]:
        ui.labelled("Stated by", f"{detail['stated_by']['name']}, {detail['stated_by']['role']}")
    ui.labelled("Themes", ", ".join(detail["themes"]))
with right:
    ui.labelled(f"Status as of {f.as_of:%d %B %Y}", STATUS_LABELS[detail["status"]])
    if detail["status"] == "not_assessed":
        st.caption("No progress has been recorded for this commitment yet.")
    ui.labelled("Target", detail["target"] or "none stated")
    if c["due_date"]:
        inferred = " (inferred)" if c["due_date_inferred"] else ""
        ui.labelled("Deadline", f"{c['due_date']:%d %B %Y}{inferred} · {detail['countdown']}")
        if c["due_date_inferred"]:
            st.caption("Why inferred: " + escape_markdown(c["due_date_note"]))
    else:
        ui.labelled("Deadline", "none stated")

spec = detail["specificity"]
st.markdown(f"**Specificity: {spec.label}**", help=SPECIFICITY_RULE)
for criterion in spec.criteria:
    st.markdown(("✓ " if criterion.met else "✗ ") + escape_markdown(criterion.reason))
if detail["verifiable"]:
    st.success("Verifiable as written: it sets a deadline or a measurable target.", icon=":material/verified:")
else:
    st.warning(
        "Not verifiable as written: the text sets neither a deadline nor a measurable target, so progress can "
        "only be judged, not measured.",
        icon=":material/help:",
    )

st.markdown("**Evidence**")
st.markdown("> " + escape_markdown(c["source_quote"]))
st.caption(f"From {escape_markdown(detail['source_title'])}, characters {c['quote_start']:,}–{c['quote_end']:,}.")
st.page_link(
    "pages/sources.py",
    label="Read this passage in the source",
    query_params={"source": c["source_slug"], "fact": fact_id("commitment", slug)},
    icon=":material/open_in_new:",
)
