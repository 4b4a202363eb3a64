"""Releases: every citable release of the data (version, when and by whom, the day its data stands as of, its note,
its data hash, what changed since the one before, its identifier), each with its address, its package, its changes
as CSV and its citation; for admins, publishing a release and recording the identifier a repository minted."""

import pandas as pd
import streamlit as st

from app_pages import common as ui
from app_pages.ui.account import current_actor
from app_pages.ui.text import escape_markdown
from tracker.domain.errors import TrackerError
from tracker.domain.settings import edition
from tracker.present import releases
from tracker.web import addresses

ui.header(
    "Releases",
    "Dated, hashed versions of the data: a release's address, files and citation show what it held, unchanged by "
    "any correction recorded since.",
)
if said := st.session_state.pop("release_saved", None):
    st.success(escape_markdown(said), icon=":material/check_circle:")

known = releases.releases(ui.engine())
actor = current_actor()
is_admin = actor is not None and actor.role == "admin" and edition() is None


def act(write, done) -> None:
    try:
        with st.spinner("Publishing the release: writing every table's file and comparing with the last release…"):
            result = write()
    except TrackerError as error:
        st.error(f"Not done: {escape_markdown(str(error))}", icon=":material/error:")
    else:
        ui.clear_query_cache()
        st.session_state["release_saved"] = done(result)
        st.rerun()


if is_admin:
    with st.form("publish_release", clear_on_submit=True):
        st.markdown("**Publish a release** of the data as it stands now")
        note = st.text_area(
            "Note (what it holds, why now)",
            max_chars=releases.MAX_NOTE_CHARS,
            placeholder="December 2026 assessment round: first ratings of the WAIC plan and the Seoul commitments.",
        )
        if st.form_submit_button("Publish release", icon=":material/publish:"):
            act(
                lambda: releases.publish(ui.engine(), note=note, actor=actor),
                lambda info: (
                    f"Published release {info.version} ({info.added} added, {info.corrected} corrected, "
                    f"{info.retracted} retracted since the one before)."
                ),
            )
elif edition() is None:
    st.caption("An admin publishes releases, here or from the command line (python -m tracker release publish).")

if not known:
    ui.empty(
        "No release yet. Until one is published, the live data is all there is, and it changes as corrections "
        "are recorded."
    )
    ui.stop()

table = pd.DataFrame(
    [
        {
            "Release": info.version,
            "Published (UTC)": releases.stamp(info.published_at),
            "By": info.published_by,
            "Data as of": info.as_of,
            "Note": info.note,
            "Added": info.added,
            "Corrected": info.corrected,
            "Retracted": info.retracted,
            "Since": info.previous or "—",
            "Data hash": info.content_hash,
            "Identifier": info.identifier or "—",
        }
        for info in known
    ]
)
ui.table(table, hide_index=True)
ui.data_links(addresses.api_list("releases", csv=True), json=addresses.api_list("releases"), what="This list")

for info in known:
    own = f"{addresses.API}/releases/{info.version}"
    with st.expander(f"Release {info.version}: {info.note[:80]}", icon=":material/bookmark:"):
        st.markdown(
            f"[Open the tracker at this release](?release={info.version}) · [Data package (zip)]({own}/package.zip) · "
            f"[Changes since {escape_markdown(info.previous or 'the start')} (CSV)]({own}/changes.csv) · "
            f"[BibTeX]({own}/citation.bib) · [CITATION.cff]({own}/citation.cff) · [JSON]({own})"
        )
        ui.labelled("Data hash (SHA-256 over the data files)", info.content_hash)
        ui.labelled("Identifier", info.identifier or "not yet recorded")
        if is_admin and not info.identifier:
            with st.form(f"identifier_{info.version}"):
                minted = st.text_input(
                    "Identifier minted for it (once; it never changes after)", placeholder="doi:10.5281/zenodo.1234567"
                )
                if st.form_submit_button("Record identifier"):
                    act(
                        lambda info=info, minted=minted: releases.record_identifier(
                            ui.engine(), info.version, minted, actor=actor
                        ),
                        lambda saved: f"Recorded {saved.identifier} for release {saved.version}.",
                    )
