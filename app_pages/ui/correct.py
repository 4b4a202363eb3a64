"""Correcting an organization, a person, an event or a document's metadata: the fields an editor may correct
(models.facts.CORRECTABLE_FIELDS), each asked for as its declaration says (app_pages.ui.fields), filled in with the
stored values, saved with a reason. Retracting any fact but a commitment (retracted on its own page), with a
reason."""

from typing import Any

import streamlit as st
from pydantic import ValidationError

from app_pages.ui.account import clear_problems, field_problem, form_problems, write_failed
from app_pages.ui.data import clear_query_cache, engine, query
from app_pages.ui.fields import field_input
from app_pages.ui.text import shown_by
from models.facts import BY_NAME, CORRECTABLE_FIELDS, FACT_KINDS
from tracker.domain.errors import TrackerError
from tracker.read import provenance, queries
from tracker.write import writes
from tracker.write.auth import Actor

CORRECT_KINDS = {"organization": "Organization", "person": "Person", "event": "Event", "source": "Document"}


def correct_a_fact(actor: Actor) -> None:
    with st.expander("Correct an organization, person, event or document", icon=":material/edit_note:"):
        fix_kind = st.segmented_control(
            "What to correct", list(CORRECT_KINDS), format_func=CORRECT_KINDS.get, key="fix_kind"
        )
        if not fix_kind:  # no greyed-out choice of nothing: it would be text too faint to read
            st.caption("Choose what to correct, then which one.")
            return
        facts_of_kind = dict(query(queries.correctable_facts, fix_kind))
        fix_key = st.selectbox(
            "Which one",
            list(facts_of_kind),
            index=None,
            format_func=shown_by(facts_of_kind),
            placeholder="Choose",
            key=f"fix_key_{fix_kind}",
        )
        current = query(queries.fact_values, fix_kind, fix_key) if fix_key else None
        if current:
            fix_form = "correct"
            with st.form(f"correct_{fix_kind}_{fix_key}_{current['version']}"):
                corrected: dict[str, Any] = {}
                model = BY_NAME[fix_kind].model
                for field_name in CORRECTABLE_FIELDS[fix_kind]:
                    fkey = f"fix_{fix_kind}_{fix_key}_{field_name}_{current['version']}"
                    corrected[field_name] = field_input(model, field_name, current[field_name], key=fkey)
                    field_problem(fix_form, field_name)
                fix_reason = st.text_input("Why the correction (shown in the Changes log)", key=f"fix_reason_{fix_key}")
                field_problem(fix_form, "")
                form_problems(fix_form)
                if st.form_submit_button("Save correction", key=f"fix_submit_{fix_kind}"):
                    clear_problems(fix_form)
                    try:
                        writes.correct_fact(
                            engine(),
                            kind=fix_kind,
                            key=fix_key,
                            values={k: v for k, v in corrected.items() if v != current[k]},
                            reason=fix_reason,
                            expected_version=current["version"],
                            actor=actor,
                        )
                    except (ValidationError, TrackerError) as error:
                        write_failed(error, form=fix_form)
                    else:
                        clear_query_cache()
                        st.session_state["contribute_saved"] = f"Corrected {fix_kind} '{fix_key}'."
                        st.rerun()


# What may be retracted here; a commitment is retracted on its own page, beside its progress.
RETRACT_KINDS = {kind: label for kind, label in FACT_KINDS.items() if kind != "commitment"}


def retract_a_fact(actor: Actor) -> None:
    with st.expander("Retract a fact", icon=":material/block:"):
        st.caption(
            "A retracted fact is hidden from every page, list and file from today on; it is not deleted, views as of "
            "an earlier date still show it, and the Changes log says who retracted it and why. A fact others rest on "
            "(an organization a commitment names, an event with figures) is retracted after them. A commitment is "
            "retracted on its own page."
        )
        kind = st.selectbox(
            "What to retract", list(RETRACT_KINDS), index=None, format_func=RETRACT_KINDS.get,
            placeholder="Choose a kind of fact", key="retract_kind",
        )  # fmt: skip
        if not kind:
            return
        standing = dict(query(provenance.standing_facts, kind))
        if not standing:
            st.caption(f"No {RETRACT_KINDS[kind].lower()} is standing.")
            return
        form = "retract"
        with st.form(f"retract_{kind}"):
            key = st.selectbox(
                "Which one", list(standing), index=None, format_func=shown_by(standing), placeholder="Choose",
                key=f"retract_key_{kind}",
            )  # fmt: skip
            reason = st.text_input("Why it is retracted (shown in the Changes log)", key=f"retract_reason_{kind}")
            form_problems(form)
            if st.form_submit_button("Retract", key=f"retract_submit_{kind}"):
                clear_problems(form)
                try:
                    if not key:
                        raise writes.WriteError("choose which one to retract")
                    writes.retract_fact(engine(), kind=kind, key=key, reason=reason, actor=actor)
                except TrackerError as error:
                    write_failed(error, form=form)
                else:
                    clear_query_cache()
                    st.session_state["contribute_saved"] = f"Retracted {RETRACT_KINDS[kind].lower()} '{key}'."
                    st.rerun()
