"""Changes: every progress update and correction, newest first, and what changed between two dates."""

import datetime as dt
from urllib.parse import urlencode

import streamlit as st

from app_pages import common as ui
from tracker.domain.vocab import STATUS_LABELS, UPDATE_STATUSES
from tracker.present import words
from tracker.read import history, queries
from tracker.web import addresses

ui.header(
    "Changes log",
    "Every progress update and every correction, and every fact editors added, corrected or retracted, as "
    "recorded: who, when, what and why. Nothing here is ever edited or deleted; a correction is a new entry that "
    "names the one it replaces.",
)
f = ui.commitment_filter()
titles = ui.query(queries.commitment_choices, f)

st.subheader("All updates and corrections")
columns = st.columns(3)
statuses = tuple(
    columns[0].multiselect(
        "Status recorded",
        UPDATE_STATUSES,
        format_func=ui.shown_by(STATUS_LABELS),
        key="log_status",
        bind="query-params",
        placeholder="Any",
        **ui.CHOOSE_MANY,
    )
)
people = ui.query(history.recorders)
by = tuple(
    columns[1].multiselect(
        "Recorded by", people, key="log_by", bind="query-params", placeholder="Anyone", **ui.CHOOSE_MANY
    )
)
chosen = tuple(
    columns[2].multiselect(
        "Commitment",
        list(titles),
        format_func=ui.shown_by(titles),
        key="log_commitment",
        placeholder="Any of the filtered commitments",
        **ui.CHOOSE_MANY,
    )
)
# The sidebar's filters narrow the log to their commitments only when one is set.
# Narrowed to the chosen commitments, and to every commitment the sidebar's filters match (not only the first
# rows of the picker's list).
log = ui.query(
    words.changes_log,
    commitments=chosen,
    within=f,
    statuses=statuses,
    recorded_by=by,
    until=f.as_of,
    limit=history.log_limit(),
)
log, more = history.held(log)
if log.empty:
    ui.empty("No updates recorded for these filters yet. Editors record progress on each commitment's page.")
else:
    # Cards at every width (a phone reads them as well as a wide screen), a page of them at a time; the table view
    # shows the same entries as columns.
    pages = -(-len(log) // ui.LIST_PAGE_SIZE)
    if ui.presenting():
        table_view = st.query_params.get("log_table_view") == "true"
        asked = st.query_params.get("log_page", "1")
        number = min(max(int(asked), 1), pages) if asked.isdigit() else 1
    else:
        with st.container(horizontal=True, vertical_alignment="bottom", key="log_controls"):
            table_view = st.toggle(
                "Table view", key="log_table_view", bind="query-params", help="The same entries as columns."
            )
            number = 1
            if pages > 1 and not table_view:
                number = int(
                    st.number_input(
                        "Page", min_value=1, max_value=pages, value=1, step=1, key="log_page", bind="query-params"
                    )
                )
if not log.empty and not table_view:
    start = (number - 1) * ui.LIST_PAGE_SIZE
    shown = log.iloc[start : start + ui.LIST_PAGE_SIZE]
    if pages > 1:
        st.caption(f"Entries {start + 1:,}–{start + len(shown):,} of this log, newest recorded first.")
    for row in shown.itertuples():
        ui.log_card(row, key=f"card_log_{row.id}")
if not log.empty and table_view:
    ui.table(
        log.assign(address=ui.commitment_addresses(log["commitment"])),
        hide_index=True,
        key="log_table",
        column_order=[
            "id",
            "recorded_at",
            "recorded_by",
            "commitment_title",
            "address",
            "as_of",
            "status_label",
            "progress_value",
            "rationale",
            "evidence_url",
            "evidence_quote",
            "corrects_id",
            "correction_reason",
            "corrected_by",
            "kind_label",
        ],
        column_config={
            "id": st.column_config.NumberColumn("#", width="small"),
            "recorded_at": st.column_config.DatetimeColumn("Recorded (UTC)", format="YYYY-MM-DD HH:mm"),
            "recorded_by": "Recorded by",
            "commitment_title": st.column_config.TextColumn("Commitment", width="medium"),
            "address": st.column_config.LinkColumn(
                "Page", display_text="Open", width=60, help="The commitment at its own address, with its history."
            ),
            "as_of": st.column_config.DateColumn("As of"),
            "status_label": "Status",
            "progress_value": "Progress",
            "rationale": st.column_config.TextColumn("Rationale", width="medium"),
            "evidence_url": st.column_config.LinkColumn("Evidence link"),
            "evidence_quote": "Evidence excerpt",
            "corrects_id": st.column_config.NumberColumn("Corrects #"),
            "correction_reason": "Why corrected",
            "corrected_by": st.column_config.NumberColumn(
                "Replaced by #", help="The correction that replaced this entry: it no longer stands."
            ),
            "kind_label": "Kind",
        },
    )
if not log.empty:
    if more:
        st.caption(
            f"The newest {len(log):,} entries, newest recorded first; dated up to {f.as_of:%-d %B %Y}. There are "
            "more: narrow the filters above or in the sidebar, or move the as-of date back, to see older ones."
        )
    else:
        st.caption(
            f"{len(log):,} entr{'ies' if len(log) != 1 else 'y'}, newest recorded first; dated up to "
            f"{f.as_of:%-d %B %Y}."
        )
    log_query = urlencode(
        [
            *addresses.params_of(f),
            *(("log_status", status) for status in statuses),
            *(("log_by", name) for name in by),
            *(("log_commitment", slug) for slug in chosen),
        ]
    )
    ui.data_links(
        f"{addresses.API}/changes-log.csv?{log_query}",
        json=f"{addresses.API}/changes-log?{log_query}",
        atom=f"/feeds/changes.atom?{addresses.feed_query(f)}" if not (statuses or by or chosen) else None,
        what="These entries",
    )

st.subheader("What changed between two dates")
columns = st.columns(2)
start = columns[0].date_input(
    "From",
    value=f.as_of - dt.timedelta(days=90),
    min_value=ui.EARLIEST_AS_OF,
    max_value=f.as_of,
    key="from",
    bind="query-params",
)
end = columns[1].date_input(
    "To", value=f.as_of, min_value=ui.EARLIEST_AS_OF, max_value=f.as_of, key="to", bind="query-params"
)
if start > end:
    st.error("The first date is after the second: choose a From date on or before the To date.")
    ui.stop()
by = st.radio(
    "Count the updates",
    list(history.CHANGE_VIEWS),
    format_func=history.CHANGE_VIEWS.get,
    key="by",
    bind="query-params",
    horizontal=True,
    help="By the date they describe: the status as it stood on each date. By the date they were recorded: what "
    "the tracker's records showed on each date, so an update recorded today about March counts as a change today.",
)
differences = ui.query(words.changes_between, start, end, f, by=by)
if differences.empty:
    ui.empty(f"Nothing changed between {start:%-d %B %Y} and {end:%-d %B %Y} for these commitments. Widen the dates.")
else:
    ui.table(
        differences,
        hide_index=True,
        key="differences_table",
        column_order=[
            "title",
            "framework",
            "status_before_label",
            "status_after_label",
            "progress_before",
            "progress_after",
        ],
        column_config={"status_before_label": "Status before", "status_after_label": "Status after"},
    )
    shown = f"{len(differences)} commitment{'s' if len(differences) != 1 else ''}"
    if len(differences) == history.MAX_LOG_ROWS:
        shown = f"The first {history.MAX_LOG_ROWS:,} commitments (by framework and title) that"
    st.caption(
        f"{shown} changed status or progress between {start:%-d %B %Y} and {end:%-d %B %Y}. Narrow the "
        "filters or the dates to see fewer."
    )
    changes_query = urlencode([*addresses.params_of(f)[:-1], ("from", str(start)), ("to", str(end)), ("by", by)])
    ui.data_links(
        f"{addresses.API}/changes.csv?{changes_query}",
        json=f"{addresses.API}/changes?{changes_query}",
        what="These changes",
    )

st.subheader("Facts added, corrected and retracted")
added = ui.query(history.fact_changes)
if added.empty:
    ui.empty("No editor has added, corrected or retracted a fact yet. Facts are added on the Contribute page.")
else:
    ui.table(
        added,
        hide_index=True,
        key="fact_changes_table",
        column_order=["changed_at", "changed_by", "action", "fact_name", "what_changed", "reason", "fact"],
        column_config={
            "changed_at": st.column_config.DatetimeColumn("When (UTC)", format="YYYY-MM-DD HH:mm"),
            "changed_by": "By",
            "action": "What",
            "fact_name": "Fact",
            "fact": "Address",
            "what_changed": "Changed (before → after)",
            "reason": "Why",
        },
    )
    st.caption(
        "The seeded facts' additions are not listed (they come from the curated facts file); their corrections and "
        "retractions are. A retracted fact is hidden from the other pages from that day on, never deleted."
    )
    ui.data_links(f"{addresses.API}/fact-changes.csv", json=f"{addresses.API}/fact-changes", what="These changes")
