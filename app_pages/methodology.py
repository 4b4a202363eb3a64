"""Methodology: the codebook (what counts as a commitment, a priority, an aim, an initiative, a figure), every
passage of every source classified by it with the reason, and every inferred value with what it rests on."""

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from app_pages import common as ui
from app_pages.ui.text import escape_markdown
from tracker.domain import codebook, rules
from tracker.domain.vocab import SDMX_OBS_STATUS, STATUS_LABELS, STATUS_MEANINGS, STATUSES
from tracker.read import process, provenance
from tracker.web import addresses

ui.header(
    "Methodology",
    "How the tracker reads a document: what it counts, what it infers, and how a reader can check both.",
)

st.subheader("What counts as what")
st.markdown(escape_markdown(codebook.ORDER_RULE))
for number, passage_class in enumerate(codebook.CLASSES, start=1):
    with st.container(border=True, key=f"class_{passage_class.code}"):
        st.markdown(f"**{number}. {escape_markdown(passage_class.label)}**")
        st.markdown(escape_markdown(passage_class.rule))
        st.caption("For example: " + escape_markdown("; ".join(passage_class.examples)))
st.markdown("**Inferred values.** " + escape_markdown(codebook.INFERENCE_RULE))
st.markdown("**When a commitment was made.** " + escape_markdown(rules.MADE_ON_RULE))
st.markdown("**Specificity.** " + escape_markdown(rules.SPECIFICITY_RULE))
st.markdown("**Tags.** " + escape_markdown(codebook.TAGS_RULE))

st.subheader("The status scale, and why a status is missing")
st.markdown(
    "A commitment's status is its latest progress update's that no correction replaced. Three of the statuses say "
    "why there is no rating, each apart: no one has looked, someone looked and found nothing, or the scale does "
    "not apply. Each status's SDMX observation status is beside it, as the data package publishes it."
)
ui.table(
    pd.DataFrame(
        {
            "status": [STATUS_LABELS[s] for s in STATUSES],
            "code": list(STATUSES),
            "meaning": [STATUS_MEANINGS[s] for s in STATUSES],
            "sdmx": [f"{SDMX_OBS_STATUS[s][0]}: {SDMX_OBS_STATUS[s][1]}" for s in STATUSES],
        }
    ),
    hide_index=True,
    key="status_scale",
    column_config={
        "status": st.column_config.TextColumn("Status", width=130),
        "code": st.column_config.TextColumn("Code (in files)", width=140),
        "meaning": st.column_config.TextColumn("What it says", width=520),
        "sdmx": st.column_config.TextColumn("SDMX observation status", width=270),
    },
)

st.subheader("How a rating is made")
st.markdown(
    "Before a commitment is rated, an editor writes its rubric: what would count as limited, substantial and "
    "complete progress on it. "
    + process.review_words()
    + " Each committing party is invited to reply; its reply is shown verbatim beside our rating, with its own "
    "status where it gives one, and no response is never read as agreement. Anyone with an account may contest a "
    "value; it shows as contested until an editor resolves it, and the resolution stays on the commitment's page."
)

st.subheader("Every passage, classified")
for row in ui.query(provenance.classified_share).itertuples():
    share = f"{row.classified / row.words:.0%}" if row.words else "no words"
    done = "every word" if row.classified == row.words else f"{row.classified:,} of {row.words:,} words ({share})"
    st.markdown(f"- {escape_markdown(row.source_label)}: {done} in classified passages")
documents = ui.query(provenance.sources_table)
labels = dict(zip(documents["slug"], documents["label"], strict=True))
columns = st.columns(2)
chosen_sources = tuple(
    columns[0].multiselect(
        "Document",
        list(labels),
        format_func=ui.shown_by(labels),
        key="m_source",
        bind="query-params",
        placeholder="Any",
        **ui.CHOOSE_MANY,
    )
)
chosen_classes = tuple(
    columns[1].multiselect(
        "Class",
        list(codebook.LABELS),
        format_func=ui.shown_by(codebook.LABELS),
        key="m_class",
        bind="query-params",
        placeholder="Any",
        **ui.CHOOSE_MANY,
    )
)
table = ui.query(provenance.passages, chosen_sources, chosen_classes)
if table.empty:
    ui.empty("No classified passages match. Clear the document or class choice above.")
else:
    counts = table["classification"].value_counts()
    st.caption(" · ".join(f"{codebook.LABELS[c]}: {counts.get(c, 0)}" for c in codebook.LABELS if counts.get(c, 0)))
    shown = table.assign(class_label=table["classification"].map(codebook.LABELS))
    ui.table(
        shown,
        hide_index=True,
        key="passages_table",
        column_order=["source_label", "quote", "class_label", "reason"],
        column_config={
            "source_label": st.column_config.TextColumn("Document", width="small"),
            "quote": st.column_config.TextColumn("Passage (verbatim)", width="large"),
            "class_label": st.column_config.TextColumn("Class", width="small"),
            "reason": st.column_config.TextColumn("Why", width="large"),
        },
    )
    passages_query = urlencode(
        [*(("source", source) for source in chosen_sources), *(("classification", c) for c in chosen_classes)]
    )
    ui.data_links(
        f"{addresses.API}/passages.csv?{passages_query}",
        json=f"{addresses.API}/passages?{passages_query}",
        what="These passages",
    )

st.subheader("Every inferred value")
inferred = ui.query(provenance.inferences_table)
st.caption(
    'What the texts do not state literally, and what each value rests on. Each is marked "(inferred)" '
    "wherever it appears in the tracker, its files and its slides."
)
ui.table(
    inferred,
    hide_index=True,
    key="inferences_table",
    column_config={
        "fact": st.column_config.TextColumn("Fact", width="medium"),
        "field": st.column_config.TextColumn("Value", width="small"),
        "reason": st.column_config.TextColumn("What it rests on", width="large"),
    },
)
ui.data_links(f"{addresses.API}/inferences.csv", json=f"{addresses.API}/inferences", what="These values")
