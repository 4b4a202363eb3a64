"""Sources: each document in full, every extracted fact highlighted in place and listed beside it."""

import streamlit as st

from app_pages import common as ui
from app_pages.ui.text import escape_markdown
from tracker.domain import rules
from tracker.domain.facts import fact_id
from tracker.read import provenance
from tracker.web import addresses

PART_CHARS = 20_000  # shown at once: a long document is paged, so no reader waits for all of it


def _part_from_url(count: int) -> int:
    value = st.query_params.get("part", "1")
    return min(max(int(value), 1), count) if value.isdigit() else 1


ui.header("Sources")
as_of = ui.as_of_control()
documents = ui.query(provenance.sources_table, as_of)
if documents.empty:
    ui.empty("No source documents are loaded yet: the tracker's administrator loads them.")
    ui.stop()

check = ui.query(provenance.last_quote_check)
if check is None:
    st.caption(
        "The stored quotes have not been re-checked against their sources yet: each was matched to its document "
        "when it was recorded."
    )
elif check["mismatches"]:
    st.warning(
        f"Quotes last checked {check['checked_at']:%-d %B %Y %H:%M} UTC ({check['checked']:,} quotes): "
        f"{check['mismatches']} {'problem' if check['mismatches'] == 1 else 'problems'} found.\n\n"
        + "\n".join(f"- {escape_markdown(line)}" for line in check["report"].splitlines()[:20]),
        icon=":material/report:",
    )
else:
    st.caption(
        f"Quotes last checked {check['checked_at']:%-d %B %Y %H:%M} UTC: all {check['checked']:,} match their "
        "sources' text and SHA-256."
    )
titles = dict(zip(documents["slug"], documents["label"], strict=True))
if not st.query_params.get("source") and not st.session_state.get("source"):
    st.query_params["source"] = documents["slug"].iloc[0]
slug = ui.url_select("Document", titles, "source", placeholder="Choose a document")
if not slug:
    ui.stop()
document = documents[documents["slug"] == slug].iloc[0]
text = ui.query(provenance.source_text, slug)
facts = ui.query(provenance.source_facts, slug, as_of)

with st.expander("About this document", expanded=False, icon=":material/info:"):
    ui.labelled("Title", document["title"] or "none: the text has no headline")
    ui.labelled("Publisher", document["publisher"] or "not named in the text")
    published = rules.dated_words(document["published_on"], document["published_on_precision"])
    ui.labelled("Published", published or "not stated")
    ui.labelled("Address", document["url"] or "not known")
    if document["other_urls"]:
        ui.labelled("Also at", ", ".join(document["other_urls"].splitlines()))
    ui.labelled("File", document["file"])
    ui.labelled("SHA-256", document["sha256"])
    st.caption(f"{document['characters']:,} characters · {len(facts)} facts extracted")
    ui.fact_history(fact_id("source", slug), as_of, "document")

fact_labels = {row.fact: f"{row.kind}: {row.label} ({row.value})" for row in facts.itertuples()}
fact = ui.url_select("Fact to check", fact_labels, "fact", placeholder="Choose a fact to find it in the text")
focus = None
if fact:
    chosen = facts[facts["fact"] == fact].iloc[0]
    focus = (int(chosen["quote_start"]), int(chosen["quote_end"]))
    with st.container(border=True, key="chosen_fact"):
        st.markdown(
            f"**{escape_markdown(chosen['kind'])}: {escape_markdown(chosen['label'])}** · "
            f"{escape_markdown(chosen['value'])} · characters {focus[0]:,}–{focus[1]:,}"
        )
        st.markdown("> " + escape_markdown(text[focus[0] : focus[1]]).replace("\n", "\n> "))
        st.caption("The passage is marked in the full text below, which opens at it.")
        if chosen["inferred"]:
            st.markdown("**Inferred**, not stated literally: " + escape_markdown(chosen["inference_note"]))
        else:
            st.caption("Stated in the text (highlighted in orange below).")
        ui.fact_history(fact, as_of, "fact")

left, right = st.columns([3, 2])
with left:
    st.markdown("**Full text** (extracted facts highlighted)")
    spans = list(zip(facts["quote_start"], facts["quote_end"], strict=True))
    parts = provenance.text_parts(text, PART_CHARS)
    # The part holding the chosen fact, else the one in the address, else the first.
    wanted = next((i for i, (start, end) in enumerate(parts) if focus and start <= focus[0] < end), None)
    number = wanted + 1 if wanted is not None else _part_from_url(len(parts))
    if len(parts) > 1:
        number = st.number_input(
            f"Part (of {len(parts)})",
            min_value=1,
            max_value=len(parts),
            value=number,
            key=f"part_{slug}_{fact}",
            help="Long documents are shown a part at a time.",
        )
        st.query_params["part"] = str(number)
    start, end = parts[number - 1]
    shown = [(max(a, start) - start, min(b, end) - start) for a, b in spans if a < end and b > start]
    shifted = (focus[0] - start, focus[1] - start) if focus and start <= focus[0] < end else None
    with st.container(border=True, key="document_text"):
        for line, held in ui.highlighted_paragraphs(text[start:end], shown, shifted):
            if held:  # the paragraph of the chosen fact: marked beside the text, and scrolled to
                with st.container(key="focused_passage"):
                    st.markdown(line)
            else:
                st.markdown(line)
    if shifted:
        ui.scroll_to("focused_passage", fact or "")
    if len(parts) > 1:
        st.caption(f"Part {number} of {len(parts)}: characters {start:,}–{end:,} of {len(text):,}.")
with right:
    st.markdown("**Facts taken from this document**")
    if facts.empty:
        st.caption("No facts have been extracted from this document yet.")
    else:
        shown = facts[["kind", "label", "value", "inferred", "quote_start", "quote_end"]]
        ui.table(
            shown,
            hide_index=True,
            key="facts_table",
            column_config={
                "kind": "Kind",
                "label": "Fact",
                "value": "Value",
                "inferred": st.column_config.CheckboxColumn("Inferred"),
                "quote_start": "From",
                "quote_end": "To",
            },
        )
        st.caption("From and To are character positions in the text. Choose a fact above to find it.")
        ui.data_links(
            f"{addresses.API}/sources/{slug}/facts.csv",
            json=f"{addresses.API}/sources/{slug}",
            what="These facts (the JSON with the source's full text)",
        )
