"""The forms on a commitment's page for signed-in editors: record progress, correct an update, edit the
commitment, retract it. Every write is checked again in tracker.write.writes. A module, not part of the page
script: Streamlit compiles page scripts again whenever its last session closes, and these forms are most of it."""

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from app_pages.ui.account import clear_problems, field_problem, form_problems, write_failed, writer
from app_pages.ui.data import clear_query_cache, engine, query
from app_pages.ui.fields import field_input
from app_pages.ui.text import CHOOSE_MANY, escape_markdown, shown_by
from models.inputs import CommitmentUpdate, InputProblems, ProgressUpdateCreate, every_problem
from models.tables import Commitment
from tracker.domain import rules
from tracker.domain.errors import TrackerError
from tracker.domain.vocab import STATUS_LABELS, UPDATE_STATUSES
from tracker.read import queries
from tracker.write import review, writes


def _shown(value: Any) -> str:
    """A value in a conflict's list of changes: an empty one said in words."""
    return escape_markdown(str(value)) if value not in (None, "") else "(empty)"


def editor_forms(slug: str, detail: dict, updates: pd.DataFrame, as_of: dt.date) -> None:
    """The editing part of commitment `slug`'s page, below its history (for anyone else, how to get write
    access)."""
    c = detail["commitment"]
    target_label = rules.target_text(c["target_value"], c["target_unit"], c["target_qualifier"])

    def version_seen(key: str) -> int:
        """The commitment's version when this editor opened the form: kept until they save successfully."""
        return st.session_state.setdefault(key, c["version"])

    def forget_versions() -> None:
        """After this editor's own save, every form on the page starts from the commitment as it now is: their
        own write is not someone else's change."""
        for form in ("record", "fix", "edit"):
            st.session_state.pop(f"{form}_version_{slug}", None)

    def show_conflict(error: writes.EditConflict, version_key: str) -> None:
        lines = [f"Not saved: {escape_markdown(str(error))}", "", "What changed since you opened the form:"]
        lines += [
            f"- {escape_markdown(ch.field)}: "
            + (f"you saw {_shown(ch.yours_started_from)}, now " if ch.yours_started_from is not None else "now ")
            + _shown(ch.now)
            for ch in error.changes
        ] or ["- the record itself"]
        lines += ["", "Your input is kept below. Check it against the change, then submit again to save it."]
        st.error("\n".join(lines), icon=":material/sync_problem:")
        clear_query_cache()
        st.session_state[version_key] = query(queries.commitment_detail, slug, as_of)["commitment"]["version"]

    st.subheader("Record progress")
    actor = writer()
    confirmation = st.session_state.get(f"saved_{slug}")
    if actor and confirmation:
        # A confirmation that stays until the next save, not only a pop-up: the editor can see what was recorded.
        st.success(confirmation, icon=":material/check_circle:")
    if actor:
        version_key = f"record_version_{slug}"
        expected = version_seen(version_key)
        if st.session_state.pop("record_saved", False):
            # Empty the form after a successful save. Set before the widgets exist in this run; removing their keys
            # would not do, as the browser sends the old values back.
            st.session_state.update(
                record_rationale="", record_evidence_url="", record_evidence_quote="", record_progress=None
            )
        has_target = c["target_value"] is not None
        with st.form("record_form"):
            status = st.selectbox("Status", UPDATE_STATUSES, format_func=shown_by(STATUS_LABELS), key="record_status")
            field_problem("record", "status")
            described_on = st.date_input(
                "As of (the date this update describes)",
                value=rules.today(),
                min_value=detail["made_on"],
                max_value=rules.today(),
                key="record_as_of",
            )
            field_problem("record", "as_of")
            progress = None
            if has_target:
                progress = st.number_input(
                    f"Progress toward the target ({escape_markdown(target_label)})",
                    min_value=0.0,
                    value=None,
                    key="record_progress",
                )
                field_problem("record", "progress_value")
            rationale = st.text_area("Rationale (why this status)", key="record_rationale", max_chars=5000)
            field_problem("record", "rationale")
            evidence_url = st.text_input("Evidence link (http or https)", key="record_evidence_url", max_chars=500)
            field_problem("record", "evidence_url")
            evidence_quote = st.text_area("Evidence excerpt (quoted)", key="record_evidence_quote", max_chars=5000)
            field_problem("record", "evidence_quote")
            st.caption(
                "Every status but not started needs evidence: a link, an excerpt, or both. For no evidence found, "
                "the evidence is where you looked, and the date is when; for not applicable, why the scale does "
                "not apply."
            )
            field_problem("record", "")  # rules across fields, such as that one
            submitted = st.form_submit_button("Record update", key="record_submit", type="primary")
        form_problems("record")
        if submitted:
            clear_problems("record")
            try:
                data = every_problem(
                    ProgressUpdateCreate,
                    dict(
                        commitment_slug=slug,
                        as_of=described_on,
                        status=status,
                        progress_value=progress,
                        rationale=rationale,
                        evidence_url=evidence_url,
                        evidence_quote=evidence_quote,
                    ),
                )
                submitted_as = review.submit_progress(engine(), data=data, actor=actor, expected_version=expected)
            except writes.EditConflict as error:
                show_conflict(error, version_key)
            except (ValidationError, InputProblems, TrackerError) as error:
                write_failed(error, form="record")
            else:
                clear_query_cache()
                forget_versions()
                st.session_state["record_saved"] = True
                if (update := submitted_as.published) is not None:
                    saved = (
                        f"Recorded update #{update.id}: {STATUS_LABELS[update.status]} as of "
                        f"{update.as_of:%-d %B %Y}. It is in the history below and in the Changes log. "
                        "Assessments here are single-reviewed: no second editor checks it."
                    )
                else:
                    saved = (
                        f"Saved as draft #{submitted_as.draft.id}: {STATUS_LABELS[data.status]} as of "
                        f"{data.as_of:%-d %B %Y}. Readers see it once a second editor approves it (Review page)."
                    )
                st.session_state[f"saved_{slug}"] = saved
                st.toast(saved.split(":")[0] + ".", icon=":material/check_circle:")
                st.rerun()

        effective = updates[updates["effective"]] if not updates.empty else updates
        if not effective.empty:
            # Open again after a refused correction, so its problems are in view beside their fields.
            with st.expander(
                "Correct an update", icon=":material/edit_note:", expanded="problems_fix" in st.session_state
            ):
                st.caption(
                    "Updates are never changed or deleted: a correction is a new update that names the one it "
                    "replaces and says why. Both stay in the public changes log."
                )
                choices = {
                    int(r.id): f"#{int(r.id)}: {STATUS_LABELS[r.status]} as of {r.as_of}"
                    for r in effective.itertuples()
                }
                # Outside the form, so that choosing an update fills the form with it: an editor fixing one number
                # keeps the rest, the date included, as it was.
                corrects = st.selectbox("Update to correct", list(choices), format_func=shown_by(choices), key="fix_id")
                if st.session_state.get("fix_filled_from") != corrects:
                    chosen = effective[effective["id"] == corrects].iloc[0]
                    st.session_state.update(
                        fix_filled_from=corrects,
                        fix_status=chosen["status"],
                        fix_as_of=chosen["as_of"],
                        fix_progress=None if pd.isna(chosen["progress_value"]) else float(chosen["progress_value"]),
                        fix_rationale=chosen["rationale"],
                        fix_evidence_url=chosen["evidence_url"],
                        fix_evidence_quote=chosen["evidence_quote"],
                        fix_reason="",
                    )
                # The commitment as this editor saw it when they opened the form: a correction saved by anyone
                # since (another correction of the same update, say) refuses this one, with what changed.
                fix_version_key = f"fix_version_{slug}"
                expected_fix = version_seen(fix_version_key)
                with st.form("correct_form"):
                    fix_status = st.selectbox(
                        "Correct status", UPDATE_STATUSES, format_func=shown_by(STATUS_LABELS), key="fix_status"
                    )
                    field_problem("fix", "status")
                    fix_as_of = st.date_input(
                        "As of", min_value=detail["made_on"], max_value=rules.today(), key="fix_as_of"
                    )
                    field_problem("fix", "as_of")
                    fix_progress = None
                    if has_target:
                        fix_progress = st.number_input("Correct progress", min_value=0.0, key="fix_progress")
                        field_problem("fix", "progress_value")
                    fix_rationale = st.text_area("Rationale", key="fix_rationale", max_chars=5000)
                    field_problem("fix", "rationale")
                    fix_url = st.text_input("Evidence link", key="fix_evidence_url", max_chars=500)
                    field_problem("fix", "evidence_url")
                    fix_quote = st.text_area("Evidence excerpt", key="fix_evidence_quote", max_chars=5000)
                    field_problem("fix", "evidence_quote")
                    fix_reason = st.text_area("Why the correction", key="fix_reason", max_chars=1000)
                    field_problem("fix", "correction_reason")
                    field_problem("fix", "")
                    fix_submitted = st.form_submit_button("Record correction", key="fix_submit")
                form_problems("fix")
                if fix_submitted:
                    clear_problems("fix")
                    try:
                        data = every_problem(
                            ProgressUpdateCreate,
                            dict(
                                commitment_slug=slug,
                                as_of=fix_as_of,
                                status=fix_status,
                                progress_value=fix_progress,
                                rationale=fix_rationale,
                                evidence_url=fix_url,
                                evidence_quote=fix_quote,
                                corrects_id=corrects,
                                correction_reason=fix_reason,
                            ),
                        )
                        fixed = review.submit_progress(engine(), data=data, actor=actor, expected_version=expected_fix)
                    except writes.EditConflict as error:
                        show_conflict(error, fix_version_key)
                    except (ValidationError, InputProblems, TrackerError) as error:
                        write_failed(error, form="fix")
                    else:
                        clear_query_cache()
                        st.session_state.pop("fix_filled_from", None)
                        forget_versions()
                        if (update := fixed.published) is not None:
                            saved = (
                                f"Recorded correction #{update.id} of #{corrects}. Both are in the history below "
                                "and in the Changes log."
                            )
                        else:
                            saved = (
                                f"Saved as draft #{fixed.draft.id}: a correction of #{corrects}. Readers see it "
                                "once a second editor approves it (Review page)."
                            )
                        st.session_state[f"saved_{slug}"] = saved
                        st.toast(saved.split(":")[0].split(". ")[0] + ".", icon=":material/check_circle:")
                        st.rerun()

        with st.expander("Edit this commitment", icon=":material/edit:", expanded="problems_edit" in st.session_state):
            edit_version_key = f"edit_version_{slug}"
            snapshot_key = f"edit_started_from_{slug}"
            expected_edit = version_seen(edit_version_key)
            started_from = st.session_state.setdefault(
                snapshot_key, {name: c[name] for name in CommitmentUpdate.model_fields}
            )
            with st.form("edit_form"):
                # Every field the commitment's declaration marks correctable, in its order, asked for as declared
                # (app_pages.ui.fields); who commits is chosen among the organizations.
                corrected: dict[str, Any] = {}
                for name in CommitmentUpdate.model_fields:
                    corrected[name] = field_input(Commitment, name, started_from[name], key=f"edit_{name}")
                    field_problem("edit", name)
                    if name == "text":
                        organizations = dict(query(queries.organization_choices))
                        current_parties = [p["slug"] for p in detail["parties"] if p["role"] == "party"]
                        chosen_parties = st.multiselect(
                            "Who commits (as the text names them)",
                            list(organizations),
                            default=[p for p in current_parties if p in organizations],
                            format_func=shown_by(organizations),
                            key="edit_parties",
                            **CHOOSE_MANY,
                        )
                field_problem("edit", "")
                edit_reason = st.text_input(
                    "Why the correction (shown in the Changes log with what changed)", key="edit_reason", max_chars=1000
                )
                edit_submitted = st.form_submit_button("Save correction", key="edit_submit")
            form_problems("edit")
            if edit_submitted:
                clear_problems("edit")
                try:
                    changes = every_problem(CommitmentUpdate, corrected)
                    writes.update_commitment(
                        engine(),
                        reason=edit_reason,
                        parties=chosen_parties if set(chosen_parties) != set(current_parties) else None,
                        slug=slug,
                        changes=changes,
                        expected_version=expected_edit,
                        started_from=started_from,
                        actor=actor,
                    )
                except writes.EditConflict as error:
                    show_conflict(error, edit_version_key)
                    fresh = query(queries.commitment_detail, slug, as_of)["commitment"]
                    st.session_state[snapshot_key] = {name: fresh[name] for name in CommitmentUpdate.model_fields}
                except (ValidationError, InputProblems, TrackerError) as error:
                    write_failed(error, form="edit")
                else:
                    clear_query_cache()
                    forget_versions()
                    st.session_state.pop(snapshot_key, None)
                    st.toast("Saved.", icon=":material/check_circle:")
                    st.rerun()

        with st.expander("Retract this commitment", icon=":material/block:"):
            st.caption(
                "A retracted commitment is hidden from every list, count, chart and file from today on; it is not "
                "deleted, views as of an earlier date still show it, and the Changes log says who retracted it and why."
            )
            with st.form("retract_form"):
                retract_reason = st.text_input("Why it is retracted", key="retract_reason", max_chars=1000)
                if st.form_submit_button("Retract", key="retract_submit"):
                    try:
                        writes.retract_fact(engine(), kind="commitment", key=slug, reason=retract_reason, actor=actor)
                    except TrackerError as error:
                        write_failed(error)
                    else:
                        clear_query_cache()
                        st.toast(
                            "Retracted: the commitment is left out of every view from today.", icon=":material/block:"
                        )
                        st.rerun()
