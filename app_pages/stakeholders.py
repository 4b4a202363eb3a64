"""Stakeholders: which organizations and people took part where, in what role, and who is party to what."""

from urllib.parse import urlencode

import streamlit as st

from app_pages import common as ui
from app_pages.ui.text import escape_markdown
from tracker.present import figures, words
from tracker.read import queries
from tracker.web import addresses

ui.header("Stakeholders")
f = ui.commitment_filter()
view_query = urlencode(addresses.params_of(f))
ui.filter_caption(f)

st.subheader("Organizations at more than one event")
both = ui.query(queries.organizations_at_every_event, f)
if both.empty:
    st.caption("No organization has a role at more than one of the events these filters cover.")
else:
    names = (
        f"**{escape_markdown(row.organization)}** ({escape_markdown(row.full_name)})"
        + (f", {row.inferred_roles} role inferred" if row.inferred_roles else "")
        for row in both.itertuples()
    )
    st.markdown(", ".join(names))
    st.caption(
        "An organization counts as taking part when a source gives it a role at the event, or quotes one of "
        "its officials in its account of the event; the second is the tracker's reading, marked inferred."
    )

st.subheader("Who took part in which event, and in what role")
roles = words.event_roles(ui.query(queries.event_roles, f))
if roles.empty:
    ui.empty(
        "No roles recorded at the events these filters cover (those where the matching commitments were made, "
        f"standing on {f.as_of:%-d %B %Y}). Clear a filter, or choose a later date, in the sidebar."
    )
else:
    roles_shown = roles[["event", "full_name", "role", "kind", "country", "evidence", "inferred"]]
    ui.table(
        roles_shown,
        hide_index=True,
        key="roles_table",
        column_config={
            # Widths that fit the values (names, roles, countries with "(inferred)"): nothing cut at 1440 px.
            "event": st.column_config.TextColumn("Event", width=130),
            "full_name": st.column_config.TextColumn("Organization", width=440),
            "role": st.column_config.TextColumn("Role", width=150),
            "kind": st.column_config.TextColumn("Kind", width=150),
            "country": st.column_config.TextColumn("Country", width=130),
            "evidence": st.column_config.TextColumn("Evidence (verbatim)", width="large"),
            "inferred": st.column_config.TextColumn("What is inferred, and why", width="large"),
        },
    )
    st.caption(
        "Roles as the sources state them: issuer, host, guide, supporter, co-organizer. Participant (inferred) means "
        "the source quotes an official of the organization in its account of the event without saying where they "
        "spoke. Kind is the tracker's own tag."
    )
    ui.data_links(
        f"{addresses.API}/event-roles.csv?{view_query}",
        json=f"{addresses.API}/event-roles?{view_query}",
        what="These roles",
    )

st.subheader("People")
people = words.people(ui.query(queries.people, f))
ui.table(
    people.drop(columns=["slug"]),
    hide_index=True,
    key="people_table",
    column_config={
        "name": st.column_config.TextColumn("Name", width=140),
        "also_written": st.column_config.TextColumn("Also written", width=300, help="Other spellings in the sources."),
        "role": st.column_config.TextColumn("Role", width=520),
        "organization": st.column_config.TextColumn("Organization", width=330),
        "quoted_at": st.column_config.TextColumn(
            "Quoted in the account of", width=420, help="The event whose account quotes them."
        ),
    },
)
ui.data_links(
    f"{addresses.API}/people.csv?{view_query}", json=f"{addresses.API}/people?{view_query}", what="These people"
)

matched = ui.query(queries.count_commitments, f)
if matched > queries.MAX_MATRIX_COMMITMENTS:
    st.caption(
        f"The matrix shows the first {queries.MAX_MATRIX_COMMITMENTS} of {matched:,} matching commitments "
        "(by framework and title). Narrow the filters in the sidebar to see others."
    )
drawn = ui.query(figures.party_matrix, f)
if drawn is None:
    ui.empty("No organization is party to the filtered commitments. Clear a filter in the sidebar.")
else:
    ui.chart(
        drawn,
        name="party-matrix",
        query=view_query,
        key="party_matrix",
        phone_lines=[
            f"**{ui.escape_markdown(commitment)}**: "
            + "; ".join(f"{ui.escape_markdown(o)}: {ui.escape_markdown(r)}" for o, r in parties)
            for commitment, parties in drawn.items
        ],
    )
    st.caption(
        "Party: who the text says commits (not the official who said it). Party (inferred): the text does not name "
        "the party outright, and the commitment's page says what it is read from. Responsible: a body the text "
        "names as the one to deliver it."
    )
