"""How a commitment is assessed, on its page: the rubric, who rated and who reviewed, each committing party's reply
beside our rating (and where it disagrees), and the values contested. Below, the forms of the people who may act:
editors write a rubric and resolve contests, editors and a party's representative record replies, any signed-in
account contests a value. Every write is checked again in tracker.write.review."""

import datetime as dt
from typing import Any

import streamlit as st
from pydantic import ValidationError

from app_pages.ui.account import clear_problems, current_actor, field_problem, form_problems, write_failed
from app_pages.ui.data import clear_query_cache, engine, query
from app_pages.ui.presentation import presenting
from app_pages.ui.text import escape_markdown, shown_by
from models.inputs import ContestCreate, ContestResolution, InputProblems, PartyReplyCreate, RubricCreate, every_problem
from tracker.domain import rules
from tracker.domain.errors import TrackerError
from tracker.domain.settings import edition
from tracker.domain.vocab import (
    CONTESTED_VALUE_LABELS,
    CONTESTED_VALUES,
    DRAFT_STATE_LABELS,
    REPLY_CHANNEL_LABELS,
    REPLY_CHANNELS,
    REPLY_STATUS_LABELS,
    REPLY_STATUSES,
    RESOLUTION_LABELS,
    RESOLUTIONS,
    STATUS_LABELS,
    UPDATE_STATUSES,
)
from tracker.read import process
from tracker.write import review


def _when(moment: dt.datetime | None) -> str:
    return f"{moment:%-d %B %Y}" if moment else ""


def assessment(slug: str, detail: dict[str, Any], as_of: dt.date) -> None:
    """The assessment's due process, for everyone, then the forms of whoever may act on it."""
    shown = query(process.due_process, slug, as_of)
    st.subheader("How it is assessed")
    st.caption(process.review_words())
    rubric = shown["rubric"]
    if rubric is None:
        st.info(
            "No rubric yet: no one has written what would count as limited, substantial or complete progress on "
            "this commitment, so it cannot be rated yet (a rating waits for its rubric).",
            icon=":material/rule:",
        )
    else:
        st.markdown("**Rubric**: what would count as")
        for level in ("limited", "substantial", "complete"):
            st.markdown(f"- **{STATUS_LABELS[level]}**: {escape_markdown(rubric[level])}")
        st.caption(
            _signed("Written", rubric["written_by"], rubric["written_at"], rubric["reviewed_by"], rubric["reviewed_at"])
        )
        if len(shown["rubrics"]) > 1:
            with st.expander(f"Earlier rubrics ({len(shown['rubrics']) - 1})", icon=":material/history:"):
                for earlier, later in zip(shown["rubrics"][1:], shown["rubrics"], strict=False):
                    why = escape_markdown(later["correction_reason"])
                    st.markdown(f"**#{earlier['id']}**, replaced by #{later['id']}: {why}")
                    for level in ("limited", "substantial", "complete"):
                        st.markdown(f"- {STATUS_LABELS[level]}: {escape_markdown(earlier[level])}")
    rating = shown["rating"]
    if rating is not None:
        st.caption(
            _signed(
                f"Status {STATUS_LABELS[rating['status']]} (update #{rating['id']}) recorded",
                rating["recorded_by"],
                rating["recorded_at"],
                rating["reviewed_by"],
                rating["reviewed_at"],
            )
        )
    _replies(shown, rating)
    _contests(shown)
    if not presenting():
        _forms(slug, detail, shown)


def _signed(what: str, by: str, at: Any, reviewed_by: str | None, reviewed_at: Any) -> str:
    reviewed = (
        f"; approved by {reviewed_by}, a second editor, on {_when(reviewed_at)}"
        if reviewed_by
        else "; single-reviewed (no second editor approved it)"
    )
    return escape_markdown(f"{what} by {by} on {_when(at)}{reviewed}.")


def _replies(shown: dict[str, Any], rating: dict[str, Any] | None) -> None:
    if not shown["replies"]:
        return
    st.markdown("**The committing parties' replies to our rating**")
    if rating is None:
        st.caption("No rating yet, so nothing to reply to.")
        return
    for each in shown["replies"]:
        reply, name = each["reply"], escape_markdown(each["party_name"])
        if reply is None:
            st.markdown(f"- {name}: no reply recorded (not read as agreement).")
            continue
        said = (
            f"{REPLY_STATUS_LABELS[reply['status']]}, {reply['received_on']:%-d %B %Y}, by "
            + REPLY_CHANNEL_LABELS[reply["channel"]].lower()
        )
        st.markdown(f"- {name}: {escape_markdown(said)}")
        if reply["text"]:
            st.markdown("  > " + escape_markdown(reply["text"]))
        if reply["party_status"]:
            own = STATUS_LABELS[reply["party_status"]]
            if each["differs"]:
                st.warning(
                    f"{each['party_name']} disagrees: it says {own}; we rate {STATUS_LABELS[rating['status']]}.",
                    icon=":material/balance:",
                )
            else:
                st.caption(escape_markdown(f"{each['party_name']} states the same status: {own}."))


def _contests(shown: dict[str, Any]) -> None:
    if not shown["contests"]:
        return
    st.markdown("**Contested values**")
    for contest in shown["contests"]:
        what = CONTESTED_VALUE_LABELS[contest["value"]]
        head = f"#{contest['id']} {what}" + (f" (shown as {contest['shown']})" if contest["shown"] else "")
        line = f"{head}, contested by {contest['opened_by']} on {_when(contest['opened_at'])}: {contest['reason']}"
        if contest["resolution"] is None:
            st.warning("Open: " + escape_markdown(line), icon=":material/flag:")
        else:
            ended = (
                f"{RESOLUTION_LABELS[contest['resolution']]} by {contest['resolved_by']} on "
                f"{_when(contest['resolved_at'])}: {contest['resolution_note']}"
                + (f" (correction: {contest['correction']})" if contest["correction"] else "")
            )
            st.markdown("- " + escape_markdown(line))
            st.caption(escape_markdown(ended))
        if contest["evidence_url"] or contest["evidence_quote"]:
            st.caption(escape_markdown(f"Evidence: {contest['evidence_url']} {contest['evidence_quote']}".strip()))


def _submit(form: str, submit, done: str) -> None:
    """Run a write for `form`; on success, say so and draw the page again, else show why nothing was written."""
    clear_problems(form)
    try:
        said = submit()
    except (ValidationError, InputProblems, TrackerError) as error:
        write_failed(error, form=form)
    else:
        clear_query_cache()
        st.session_state["process_saved"] = said or done
        st.rerun()


def _forms(slug: str, detail: dict[str, Any], shown: dict[str, Any]) -> None:
    actor = current_actor()
    if edition() is not None:
        st.caption("A release never changes: rubrics, replies and contests are recorded on the live data.")
        return
    if actor is None:
        st.caption("Signed-in accounts may contest a value; editors write rubrics; a party's representative replies.")
        return
    if saved := st.session_state.pop("process_saved", None):
        st.success(escape_markdown(saved), icon=":material/check_circle:")
    if actor.can_write:
        _drafts_waiting(slug)
        _rubric_form(slug, shown["rubric"], actor)
    rating = shown["rating"]
    if rating is not None and (actor.can_write or actor.role == "party"):
        _reply_form(shown, rating, actor)
    _contest_form(slug, actor)
    if actor.can_write:
        for contest in shown["contests"]:
            if contest["resolution"] is None:
                _resolve_form(contest, actor)


def _drafts_waiting(slug: str) -> None:
    """For editors: this commitment's drafts not yet public, with a link to where they are reviewed."""
    waiting = query(process.drafts, slug=slug)
    if not waiting:
        return
    lines = [
        f"#{draft['id']} {'rubric' if draft['kind'] == 'rubric' else 'update'} by {draft['submitted_by']}, "
        f"{DRAFT_STATE_LABELS[draft['state']].lower()}"
        for draft in waiting
    ]
    st.info(
        "Drafts of this commitment that readers do not see yet: " + escape_markdown("; ".join(lines)) + ".",
        icon=":material/pending:",
    )
    st.page_link("app_pages/review.py", label="Review drafts", icon=":material/fact_check:")


def _rubric_form(slug: str, current: dict[str, Any] | None, actor) -> None:
    title = "Write the rubric" if current is None else "Replace the rubric"
    with st.expander(title, icon=":material/rule:", expanded="problems_rubric" in st.session_state):
        with st.form("rubric_form"):
            values = {}
            for level in ("limited", "substantial", "complete"):
                values[level] = st.text_area(
                    f"{STATUS_LABELS[level]} means", value=current[level] if current else "", key=f"rubric_{level}"
                )
                field_problem("rubric", level)
            reason = ""
            if current is not None:
                reason = st.text_area("Why it is replaced", key="rubric_reason")
                field_problem("rubric", "correction_reason")
            field_problem("rubric", "")
            sent = st.form_submit_button("Submit rubric", key="rubric_submit")
        form_problems("rubric")
        if sent:

            def submit() -> str:
                data = every_problem(
                    RubricCreate,
                    dict(
                        commitment_slug=slug,
                        **values,
                        corrects_id=current["id"] if current else None,
                        correction_reason=reason,
                    ),
                )
                return review.submit_rubric(engine(), data=data, actor=actor).words

            _submit("rubric", submit, "Saved.")


def _reply_form(shown: dict[str, Any], rating: dict[str, Any], actor) -> None:
    parties = {each["party"]: each["party_name"] for each in shown["replies"]}
    if actor.role == "party":
        parties = {slug: name for slug, name in parties.items() if slug == actor.party}
        if not parties:
            return
    with st.expander(
        f"Record a party's reply to update #{rating['id']}",
        icon=":material/forum:",
        expanded="problems_reply" in st.session_state,
    ):
        with st.form("reply_form"):
            party = st.selectbox("Party", list(parties), format_func=shown_by(parties), key="reply_party")
            status = st.selectbox(
                "Reply status", REPLY_STATUSES, format_func=shown_by(REPLY_STATUS_LABELS), key="reply_status"
            )
            field_problem("reply", "status")
            text = st.text_area("Reply (verbatim)", key="reply_text", max_chars=5000)
            field_problem("reply", "text")
            own = st.selectbox(
                "The party's own status (where it states one)",
                [None, *UPDATE_STATUSES],
                format_func=lambda code: "None stated" if code is None else STATUS_LABELS[code],
                key="reply_party_status",
            )
            field_problem("reply", "party_status")
            received = st.date_input("Date", value=rules.today(), max_value=rules.today(), key="reply_on")
            field_problem("reply", "received_on")
            channels = ("tracker_account",) if actor.role == "party" else REPLY_CHANNELS
            channel = st.selectbox("Channel", channels, format_func=shown_by(REPLY_CHANNEL_LABELS), key="reply_channel")
            field_problem("reply", "")
            sent = st.form_submit_button("Record reply", key="reply_submit")
        form_problems("reply")
        if sent:

            def submit() -> str:
                data = every_problem(
                    PartyReplyCreate,
                    dict(
                        update_id=rating["id"],
                        party_slug=party,
                        status=status,
                        text=text,
                        party_status=own,
                        received_on=received,
                        channel=channel,
                    ),
                )
                reply = review.record_reply(engine(), data=data, actor=actor)
                return f"Recorded reply #{reply.id} of {parties[party]}."

            _submit("reply", submit, "Saved.")


def _contest_form(slug: str, actor) -> None:
    with st.expander("Contest a value", icon=":material/flag:", expanded="problems_contest" in st.session_state):
        with st.form("contest_form"):
            value = st.selectbox(
                "Value contested", CONTESTED_VALUES, format_func=shown_by(CONTESTED_VALUE_LABELS), key="contest_value"
            )
            shown_as = st.text_input("As shown here", key="contest_shown", max_chars=500)
            reason = st.text_area("Why it is wrong", key="contest_reason", max_chars=5000)
            field_problem("contest", "reason")
            url = st.text_input("Evidence link (http or https)", key="contest_url", max_chars=500)
            field_problem("contest", "evidence_url")
            quote = st.text_area("Evidence excerpt", key="contest_quote", max_chars=5000)
            field_problem("contest", "")
            sent = st.form_submit_button("Contest it", key="contest_submit")
        form_problems("contest")
        if sent:

            def submit() -> str:
                data = every_problem(
                    ContestCreate,
                    dict(
                        commitment_slug=slug,
                        value=value,
                        shown=shown_as,
                        reason=reason,
                        evidence_url=url,
                        evidence_quote=quote,
                    ),
                )
                opened = review.contest(engine(), data=data, actor=actor)
                return f"Contest #{opened.id} is open: it shows on this page until an editor resolves it."

            _submit("contest", submit, "Saved.")


def _resolve_form(contest: dict[str, Any], actor) -> None:
    form = f"resolve_{contest['id']}"
    with st.expander(
        f"Resolve contest #{contest['id']}", icon=":material/task_alt:", expanded=f"problems_{form}" in st.session_state
    ):
        with st.form(f"{form}_form"):
            resolution = st.selectbox(
                "Resolution", RESOLUTIONS, format_func=shown_by(RESOLUTION_LABELS), key=f"{form}_resolution"
            )
            note = st.text_area("What you found", key=f"{form}_note", max_chars=2000)
            field_problem(form, "resolution_note")
            correction = st.text_input(
                "Correction (its address, such as progress_update:12)", key=f"{form}_correction", max_chars=200
            )
            field_problem(form, "correction")
            field_problem(form, "")
            sent = st.form_submit_button("Resolve", key=f"{form}_submit")
        form_problems(form)
        if sent:

            def submit() -> str:
                data = every_problem(
                    ContestResolution, dict(resolution=resolution, resolution_note=note, correction=correction)
                )
                review.resolve(engine(), contest_id=contest["id"], data=data, actor=actor)
                return f"Contest #{contest['id']} resolved: it stays on this page as a record of the check."

            _submit(form, submit, "Saved.")
