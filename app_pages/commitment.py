"""One commitment at its own address (`commitment?commitment=SLUG`): everything about it down to the sentence it
comes from, its history since the promise, and, for signed-in editors, recording progress, correcting an update
and editing the commitment. Every list of commitments links its titles here."""

import datetime as dt
from urllib.parse import urlencode

import streamlit as st

from app_pages import common as ui
from app_pages.ui.editing import editor_forms
from app_pages.ui.process import assessment
from app_pages.ui.release import embed_box
from app_pages.ui.text import escape_markdown
from tracker.domain import codebook, rules
from tracker.domain.facts import fact_id
from tracker.domain.rules import SPECIFICITY_RULE
from tracker.domain.vocab import STATUS_LABELS
from tracker.present import figures, words
from tracker.read import history, queries
from tracker.read.filters import CommitmentFilter
from tracker.web import addresses

slug = st.query_params.get("commitment", "")
title = ui.query(queries.commitment_title, slug)
if title is None:
    ui.header("Commitment not found")
    ui.empty(
        "No commitment has this address. It may have been mistyped, or the commitment was removed from the seed "
        "facts. Every commitment is listed on the Commitments page."
    )
    st.page_link("app_pages/commitments.py", label="All commitments", icon=":material/checklist:")
    ui.stop()

ui.header(title)
as_of = ui.as_of_control()
if not ui.presenting():
    st.page_link("app_pages/commitments.py", label="All commitments", icon=":material/arrow_back:")

detail = ui.query(queries.commitment_detail, slug, as_of)
c = detail["commitment"]
if gone := ui.query(queries.retraction, "commitment", slug, as_of):
    # The address stays, saying what happened: the commitment is left out of every list, count and file from then.
    before = gone.at.date() - dt.timedelta(days=1)
    st.error(
        f"This commitment was {escape_markdown(gone.words())}. It is left out of every list, count, chart and "
        f"file from that day. Shown below as it stood; as of {before:%-d %B %Y} it was still tracked.",
        icon=":material/block:",
    )
st.markdown("> " + escape_markdown(c["text"]))

left, right = st.columns(2)
with left:
    ui.labelled("Framework", c["framework"])
    if detail["event"]:
        ui.labelled("Event", detail["event"])
    else:
        published = rules.dated_words(detail["made_on"], detail["made_on_precision"])
        ui.labelled("Made in", f"{detail['source_title']}, published {published}")
    ui.labelled("Kind", codebook.COMMITMENT_KIND_LABELS[c["kind"]])
    if c["kind_note"]:
        st.caption("Why: " + escape_markdown(c["kind_note"]))
    ui.labelled(
        "Who commits",
        ", ".join(rules.marked(p["name"], p["inferred"]) for p in detail["parties"]) or "no party named in the text",
    )
    for p in detail["parties"]:
        if p["inferred"]:
            st.caption(f"Why {escape_markdown(p['name'])} is inferred: " + escape_markdown(p["inference_note"]))
    if detail["stated_by"]:
        speaker = detail["stated_by"]
        # The body in brackets, unless the role already names it ("Director ..., State Administration ...").
        org = speaker["organization"]
        body = f" ({org})" if org and org not in speaker["role"] else ""
        ui.labelled("Said by", f"{speaker['name']}, {speaker['role']}{body}")
    ui.labelled("Themes", ", ".join(detail["themes"]))
with right:
    if not detail["made"]:
        made_on = words.made_on_words(detail)
        ui.labelled(f"Status as of {as_of:%-d %B %Y}", "not yet made")
        st.caption(f"It counts as made on {made_on}: pick a later date to see its status then.")
    else:
        ui.labelled(f"Status as of {as_of:%-d %B %Y}", STATUS_LABELS[detail["status"]])
        if detail["view"]["parties_disagree"]:
            st.warning(words.disagreement_words(detail["view"]["parties_disagree"]), icon=":material/balance:")
        if detail["view"]["open_contests"]:
            st.warning(words.contested_words(detail["view"]["open_contests"]), icon=":material/flag:")
        if detail["last_update"]:
            st.caption(f"Latest update describes {detail['last_update']:%-d %B %Y}.")
        else:
            st.caption("No progress has been recorded for this commitment yet.")
    if detail["stale"]:
        st.warning(rules.stale_rule(), icon=":material/schedule:")
    if detail["target"]:
        ui.labelled("Target", detail["target"])
        if c["target_note"]:
            st.caption(escape_markdown(c["target_note"]))
    else:  # a target that is not a number is given in words alone
        ui.labelled("Target", f"in words: {c['target_note']}" if c["target_note"] else "none stated")
    if detail["progress_text"]:
        ui.labelled("Progress", detail["progress_text"])
    if (pace := detail["pace"]) is not None and pace.applies:
        line = "" if pace.expected is None else rules.format_number(round(pace.expected, 1))
        ui.labelled(
            "On track", f"{pace} (the straight line to the target stood at {line} that day)" if line else str(pace)
        )
        st.caption(rules.PACE_RULE)
    if c["due_date"]:
        deadline = rules.deadline_words(c["due_date"], c["due_date_precision"], c["due_date_inferred"])
        ui.labelled("Deadline", " · ".join(part for part in (deadline, detail["countdown"]) if part))
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
    "app_pages/sources.py",
    label="Read this passage in the source",
    query_params={"source": c["source_slug"], "fact": fact_id("commitment", slug)},
    icon=":material/open_in_new:",
)

with st.expander("Every field recorded for this commitment", icon=":material/table_rows:"):
    recorded = words.recorded_fields("commitment", c)
    ui.table(
        recorded,
        hide_index=True,
        key="recorded_fields",
        column_config={
            "field": st.column_config.TextColumn("Field", width="medium"),
            "value": st.column_config.TextColumn("As recorded", width="large"),
            "about": st.column_config.TextColumn("What it means", width="large"),
        },
    )

ui.fact_history(fact_id("commitment", slug), as_of, "commitment")

# --- history ------------------------------------------------------------------------------------------------

st.subheader("Progress since the promise")
if not ui.presenting():
    st.markdown(
        f"Follow this commitment: its progress updates and corrections as an [Atom feed](/feeds/changes.atom?"
        f"{addresses.feed_query(CommitmentFilter(), slug)})"
    )
drawn = figures.timeline_of(detail, ui.query(history.timeline, slug), as_of)
updates = drawn.numbers
ui.chart(
    drawn,
    name="timeline",
    query=urlencode([("commitment", slug), ("as_of", as_of.isoformat()), *addresses.release_pairs()]),
    key="timeline",
)
embed_box(slug, detail["commitment"]["title"])
if not updates.empty:
    log = updates.assign(status=updates["status"].map(STATUS_LABELS))  # the words; the page's CSV keeps the codes
    ui.table(
        log[
            [
                "id",
                "as_of",
                "status",
                "progress_value",
                "rationale",
                "evidence_url",
                "evidence_quote",
                "recorded_by",
                "reviewed_by",
                "recorded_at",
                "note",
            ]
        ],
        hide_index=True,
        key="timeline_table",
        column_config={
            "id": st.column_config.NumberColumn("#", width="small"),
            "as_of": st.column_config.DateColumn("As of", help="The day the update describes."),
            "status": "Status",
            "progress_value": st.column_config.NumberColumn("Progress", help="The number reached, where one is."),
            "rationale": st.column_config.TextColumn("Rationale", width="medium"),
            "evidence_url": st.column_config.LinkColumn("Evidence link"),
            "evidence_quote": st.column_config.TextColumn("Evidence excerpt", width="medium"),
            "recorded_by": "Recorded by",
            "reviewed_by": st.column_config.TextColumn(
                "Approved by", help="The second editor who approved it; empty where it was single-reviewed."
            ),
            "recorded_at": st.column_config.DatetimeColumn("Recorded (UTC)", format="YYYY-MM-DD HH:mm"),
            "note": st.column_config.TextColumn("Correction", width="medium"),
        },
    )


assessment(slug, detail, as_of)
editor_forms(slug, detail, updates, as_of)
