"""Review: for editors. Every draft waiting for a second editor (an update, a correction or a rubric), to approve
(it is published, or, in an open round, published with the round) or send back with a reason, with the discussion
kept beside it; and assessment rounds: open one, see which commitments still need a rubric, a rating or a review,
and publish the round at once. Drafts are shown nowhere else: readers, the API, feeds and files never see them."""

import datetime as dt

import streamlit as st

from app_pages import common as ui
from app_pages.ui.account import current_actor
from app_pages.ui.text import escape_markdown
from tracker.domain import rules
from tracker.domain.errors import TrackerError
from tracker.domain.vocab import DRAFT_STATE_LABELS, STATUS_LABELS
from tracker.read import process
from tracker.web import addresses
from tracker.write import review

ui.header("Review")
actor = current_actor()
if actor is None or not actor.can_write:
    ui.empty("Drafts are for editors: sign in with an editor's account to review them. " + process.review_words())
    ui.stop()
st.caption(process.review_words())
if said := st.session_state.pop("review_saved", None):
    st.success(escape_markdown(said), icon=":material/check_circle:")


def act(write, done: str) -> None:
    try:
        write()
    except TrackerError as error:
        st.error(f"Not done: {escape_markdown(str(error))}", icon=":material/error:")
    else:
        ui.clear_query_cache()
        st.session_state["review_saved"] = done
        st.rerun()


def describe(draft: dict) -> str:
    """What a draft would publish, in words."""
    values = draft["values"]
    if draft["kind"] == "rubric":
        replaces = (
            f" (replaces #{values['corrects_id']}: {values['correction_reason']})" if values["corrects_id"] else ""
        )
        return f"Rubric{replaces}: " + " · ".join(
            f"{STATUS_LABELS[level]} means {values[level]}" for level in ("limited", "substantial", "complete")
        )
    described = f"{STATUS_LABELS[values['status']]} as of {dt.date.fromisoformat(values['as_of']):%-d %B %Y}"
    if values.get("progress_value") is not None:
        described += f", progress {rules.format_number(values['progress_value'])}"
    fixes = f" (corrects #{values['corrects_id']}: {values['correction_reason']})" if values.get("corrects_id") else ""
    evidence = " ".join(part for part in (values["evidence_url"], values["evidence_quote"]) if part)
    return f"Update: {described}{fixes}. Why: {values['rationale']}" + (f" Evidence: {evidence}" if evidence else "")


st.subheader("Waiting for review")
waiting = ui.query(process.drafts, states=("pending", "approved"))
if not waiting:
    ui.empty("No draft is waiting: every update and rubric submitted has been reviewed.")
for draft in waiting:
    with st.container(border=True):
        st.markdown(
            f"**Draft #{draft['id']}** · [{escape_markdown(draft['commitment_title'])}]"
            f"(/commitment?commitment={draft['commitment_slug']}) · {DRAFT_STATE_LABELS[draft['state']]}"
        )
        st.markdown(escape_markdown(describe(draft)))
        st.caption(
            escape_markdown(f"Submitted by {draft['submitted_by']} on {draft['submitted_at']:%-d %B %Y %H:%M} UTC.")
        )
        for note in draft["comments"]:
            st.caption(escape_markdown(f"{note['written_by']}, {note['written_at']:%-d %B %Y}: {note['text']}"))
        if draft["state"] != "pending":
            continue
        if draft["submitted_by"] == actor.username:
            st.caption("Yours: a second editor reviews it.")
        key = f"draft_{draft['id']}"
        note = st.text_input("Reason or comment", key=f"{key}_note", max_chars=2000)
        approve, send_back, comment = st.columns(3)
        if approve.button("Approve", key=f"{key}_approve", disabled=draft["submitted_by"] == actor.username):
            act(
                lambda draft=draft, note=note: review.approve(
                    ui.engine(), draft_id=draft["id"], actor=actor, note=note
                ),
                f"Approved draft #{draft['id']}.",
            )
        if send_back.button("Send back", key=f"{key}_send_back", disabled=draft["submitted_by"] == actor.username):
            act(
                lambda draft=draft, note=note: review.send_back(
                    ui.engine(), draft_id=draft["id"], actor=actor, reason=note
                ),
                f"Sent draft #{draft['id']} back.",
            )
        if comment.button("Comment", key=f"{key}_comment"):
            act(
                lambda draft=draft, note=note: review.comment(
                    ui.engine(), draft_id=draft["id"], actor=actor, text=note
                ),
                f"Comment added to draft #{draft['id']}.",
            )

st.subheader("Assessment rounds")
rounds = ui.query(process.rounds)
current = next((r for r in rounds if r["published_at"] is None), None)
if current is None:
    with st.form("round_form"):
        name = st.text_input("Name of a new round", placeholder="December 2026", max_chars=80, key="round_name")
        opened = st.form_submit_button("Open the round")
    if opened:
        act(lambda: review.open_round(ui.engine(), name=name, actor=actor), f"Round '{name.strip()}' is open.")
else:
    st.markdown(
        escape_markdown(
            f"Round '{current['name']}' is open since {current['opened_at']:%-d %B %Y} (by {current['opened_by']}): "
            "drafts submitted now belong to it, and approved ones wait for it to be published."
        )
    )
    needs = ui.query(process.round_needs, current, rules.today())
    if needs:
        st.markdown(f"**Still needed this round ({len(needs)})**")
        for row in needs:
            st.markdown(
                f"- [{escape_markdown(row['title'])}](/commitment?commitment={row['slug']}): "
                + escape_markdown(row["needs"])
            )
    else:
        st.caption("Every commitment has been rated or looked at this round.")
    if st.button("Publish the round", type="primary", key="publish_round"):
        act(
            lambda: review.publish_round(ui.engine(), round_id=current["id"], actor=actor),
            f"Round '{current['name']}' is published: its approved drafts are now public.",
        )
for done in (r for r in rounds if r["published_at"] is not None):
    day = done["published_at"].date().isoformat()
    published = f"Round '{done['name']}': published {done['published_at']:%-d %B %Y} by {done['published_by']}."
    st.markdown(
        escape_markdown(published)
        + f" As of that day: [deck]({addresses.DECK}?as_of={day}) · [brief]({addresses.BRIEF}?as_of={day})"
    )

with st.expander("Sent back", icon=":material/undo:"):
    returned = ui.query(process.drafts, states=("sent_back",))
    if not returned:
        st.caption("No draft has been sent back.")
    for draft in returned:
        st.markdown(
            escape_markdown(
                f"#{draft['id']} ({draft['commitment_slug']}) by {draft['submitted_by']}: sent back by "
                f"{draft['decided_by']} on {draft['decided_at']:%-d %B %Y}: {draft['decision_note']}"
            )
        )
