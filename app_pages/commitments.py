"""Commitments: filter the list and open any commitment at its own address (app_pages/commitment.py). The list is
cards, a page of them at a time; the table view shows the same rows as columns."""

from urllib.parse import urlencode

import streamlit as st

from app_pages import common as ui
from app_pages.ui.cards import COMMITMENT_PAGE, LIST_PAGE_SIZE
from app_pages.ui.text import escape_markdown
from tracker.domain import codebook, rules
from tracker.domain.rules import SPECIFICITY_RULE, VERIFIABILITY_RULE
from tracker.present import words
from tracker.web import addresses

if slug := st.query_params.get("commitment"):
    # The address commitments used before they had a page of their own still opens them.
    st.switch_page(COMMITMENT_PAGE, query_params=ui.commitment_link(slug))

ui.header("Commitments")
f = ui.commitment_filter()
ui.filter_caption(f)
if not ui.presenting():
    ui.presentation_downloads(f)

# The page asked for, from the address (the Page control below keeps it there): its rows and the number of all
# matching commitments come from one query.
# (The control's own state first: after a click it is ahead of the address, which the control updates later in
# the run.)
asked = str(st.session_state.get("page") or st.query_params.get("page", "1"))
number = max(int(asked), 1) if asked.isdigit() else 1
table, total = ui.query(words.commitments_page, f, LIST_PAGE_SIZE, (number - 1) * LIST_PAGE_SIZE)
if total == 0:
    ui.no_commitments(f)
    ui.stop()
pages = -(-total // LIST_PAGE_SIZE)
if number > pages:  # a page past the end (the data shrank, or a hand-made address): the last one
    number = pages
    table, total = ui.query(words.commitments_page, f, LIST_PAGE_SIZE, (number - 1) * LIST_PAGE_SIZE)
    st.query_params["page"] = str(number)

if ui.presenting():  # no controls on a screen shown to a room: the view and page come from the address
    table_view = st.query_params.get("view_table") == "true"
else:
    with st.container(horizontal=True, vertical_alignment="bottom", key="list_controls"):
        table_view = st.toggle("Table view", key="view_table", bind="query-params", help="The same rows as columns.")
        if pages > 1:
            st.number_input("Page", min_value=1, max_value=pages, value=1, step=1, key="page", bind="query-params")
first = (number - 1) * LIST_PAGE_SIZE + 1
st.caption(
    f"Commitments {first:,}–{first + len(table) - 1:,} of {total:,} (soonest deadline first): "
    f"{codebook.kinds_in_words(list(table['kind']))} on this page. Open a title to see it in full, with its "
    "source sentence and history."
)

if table_view:
    shown = table.assign(
        # Each commitment's own address: the link opens it in full, ready to share.
        address=ui.commitment_addresses(table["slug"]),
    )
    ui.table(
        shown,
        hide_index=True,
        key="commitments_table",
        height="content",
        alt="Commitments on this page, one a row: title, link to its page, status, deadline, countdown, flags.",
        column_order=[
            "title",
            "address",
            "status_label",
            "deadline",
            "countdown",
            "flags",
            "kind_label",
            "framework",
            "parties",
            "specificity_label",
            "verifiable",
            "target",
            "progress",
        ],
        column_config={
            "title": st.column_config.TextColumn("Commitment", width=400, help="In full in the card view."),
            "address": st.column_config.LinkColumn(
                "Page", display_text="Open", width=60, help="The commitment at its own address, to read or share."
            ),
            "kind_label": st.column_config.TextColumn("Kind", help="Commitment or priority: see Methodology."),
            "framework": st.column_config.TextColumn("Framework", width=140),
            "parties": st.column_config.TextColumn(
                "Parties",
                width=200,
                help="Who the text says commits; (inferred) marks a party no text names outright.",
            ),
            "status_label": st.column_config.TextColumn("Status", width=100),
            "specificity_label": st.column_config.TextColumn("Specificity", help=SPECIFICITY_RULE),
            "verifiable": st.column_config.CheckboxColumn("Verifiable", help=VERIFIABILITY_RULE),
            "target": st.column_config.TextColumn("Target", width=220),
            "progress": st.column_config.TextColumn("Progress", width=220),
            "deadline": st.column_config.TextColumn(
                "Deadline", width=160, help="Inferred deadlines: see the reason on the commitment's page."
            ),
            "countdown": st.column_config.TextColumn("Countdown", width=110),
            "flags": st.column_config.TextColumn("Flags", help=rules.stale_rule(), width=120),
        },
    )
else:
    for row in table.itertuples():
        ui.commitment_card(row, key=f"card_{row.slug}")

st.caption(escape_markdown(rules.stale_rule()))
# Addresses anyone can open, on any server: the view as data, by the API's URL parameters (every page of it).
query = urlencode(addresses.params_of(f))
feed = addresses.feed_query(f)
ui.data_links(
    f"{addresses.API}/commitments.csv?{query}",
    json=f"{addresses.API}/commitments?{query}",
    atom=f"/feeds/changes.atom?{feed}",
    what=f"This view ({total:,} commitment{'' if total == 1 else 's'})",
)
if not ui.presenting():
    st.markdown(
        f"Its deadlines as a [calendar](/feeds/deadlines.ics?{feed}). These links work without this page: share "
        "them, subscribe to them, or fetch them from a script."
    )
