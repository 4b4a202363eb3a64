"""Initiatives: what the events launched and unveiled, with the sentences that say so."""

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from app_pages import common as ui
from app_pages.ui.text import escape_markdown
from tracker.domain.facts import fact_id
from tracker.present import words
from tracker.read import queries
from tracker.web import addresses

ui.header("Initiatives and case collections")
f = ui.commitment_filter()
ui.filter_caption(f)
kind_labels = queries.INITIATIVE_KIND_LABELS
kinds = tuple(
    st.sidebar.multiselect(
        "Initiative kind",
        list(kind_labels),
        format_func=ui.shown_by(kind_labels),
        key="initiative_kind",
        bind="query-params",
        placeholder="Any",
        **ui.CHOOSE_MANY,
    )
)

table = words.initiative_kinds(ui.query(queries.initiatives, f, kinds))
if table.empty:
    ui.empty(
        "No initiatives at the events these filters cover (those where the matching commitments were made, "
        f"standing on {f.as_of:%-d %B %Y}). Clear a filter, or choose a later date, in the sidebar."
    )
    ui.stop()

launched = table[table["kind"] == "initiative"]
collections = table[table["kind"] == "case_collection"]
columns = st.columns(2)
columns[0].metric(
    "Initiatives named",
    len(launched),
    help="The initiatives the sources name. A source that says "
    '"several initiatives, including ..." may have launched more than it names.',
)
columns[1].metric(
    "Cases in named collections",
    int(collections["item_count"].fillna(0).sum()),
    help="The number of cases the sources give for each collection.",
)
st.caption(
    "Counts are of what the sources name, not totals: each entry's quote below shows how its source words it "
    '(for example "several initiatives, including"), and a collection\'s cases may not be named one by one.'
)

ui.table(
    table.drop(columns=["slug", "kind"]),
    hide_index=True,
    key="initiatives_table",
    # Widths that fit the names, kinds, events and sources at 1440 px; the quote runs on (it is in full below).
    column_config={
        "name": st.column_config.TextColumn("Name", width=400),
        "kind_label": st.column_config.TextColumn("Kind", width=130),
        "event": st.column_config.TextColumn("Event", width=140),
        "item_count": st.column_config.NumberColumn("Items", width=70, help="Number of cases in a collection."),
        "source": st.column_config.TextColumn("Source", width=200),
        "evidence": st.column_config.TextColumn("Evidence (verbatim)", width="large"),
    },
)
query = urlencode([*addresses.params_of(f), *(("initiative_kind", k) for k in kinds)])
ui.data_links(
    f"{addresses.API}/initiatives.csv?{query}", json=f"{addresses.API}/initiatives?{query}", what="These initiatives"
)

st.subheader("Evidence")
for row in table.itertuples():
    with st.container(border=True, key=f"initiative_{row.slug}"):
        count = f" ({row.item_count} cases)" if pd.notna(row.item_count) else ""
        st.markdown(f"**{escape_markdown(row.name)}**{count} · {row.kind_label} · {escape_markdown(row.event)}")
        st.markdown("> " + escape_markdown(row.evidence))
        st.page_link(
            "app_pages/sources.py",
            label="In the source",
            icon=":material/open_in_new:",
            query_params={"source": row.source, "fact": fact_id("initiative", row.slug)},
        )
