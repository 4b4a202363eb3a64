"""Initiatives: what the WAIC 2025 forum launched and unveiled, with the sentences that say so."""

import pandas as pd
import streamlit as st

from pages import common as ui
from tracker import queries
from tracker.filters import slugify_file_name
from tracker.provenance import escape_markdown, fact_id

ui.header("Initiatives and case collections")
as_of = ui.as_of_control()
events = ui.event_filter()
kind_labels = {"initiative": "Initiative", "case_collection": "Case collection"}
kinds = tuple(
    st.sidebar.multiselect("Kind", list(kind_labels), format_func=kind_labels.get, key="kind", bind="query-params",
                           placeholder="Any")
)  # fmt: skip

table = ui.query(queries.initiatives, events, kinds)
if table.empty:
    ui.empty("No initiatives match these filters. Clear the event or kind filter in the sidebar.")
    st.stop()

launched = table[table["kind"] == "Initiative"]
collections = table[table["kind"] == "Case collection"]
columns = st.columns(2)
columns[0].metric("Initiatives launched", len(launched), help="The initiatives the sources name.")
columns[1].metric("Cases unveiled", int(collections["item_count"].fillna(0).sum()), help="Cases in the collections.")
st.caption(
    'The forum report says it "launched several initiatives, including" the ones listed: there may be more than '
    "the sources name. The 10 outstanding cases are not named individually in the source."
)

st.dataframe(
    table.drop(columns=["slug"]),
    hide_index=True,
    key="initiatives_table",
    column_config={
        "name": st.column_config.TextColumn("Name", width="medium"),
        "item_count": st.column_config.NumberColumn("Items", help="Number of cases in a collection."),
        "evidence": st.column_config.TextColumn("Evidence (verbatim)", width="large"),
    },
)
stem_parts = ["initiatives", *events, *kinds, f"as-of-{as_of.isoformat()}"]
ui.downloads(table, slugify_file_name("_".join(stem_parts)), "initiatives")

st.subheader("Evidence")
for row in table.itertuples():
    with st.container(border=True, key=f"initiative_{row.slug}"):
        count = f" ({row.item_count} cases)" if pd.notna(row.item_count) else ""
        st.markdown(f"**{escape_markdown(row.name)}**{count} · {row.kind} · {escape_markdown(row.event)}")
        st.markdown("> " + escape_markdown(row.evidence))
        st.page_link("pages/sources.py", label="In the source", icon=":material/open_in_new:",
                     query_params={"source": row.source, "fact": fact_id("initiative", row.slug)})  # fmt: skip
