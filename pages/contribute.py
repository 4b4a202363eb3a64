"""Contribute: editors add what the seed does not have. Every fact needs an evidence quote that is found verbatim
in its source, exactly as the seed loader requires, and every entry is validated by the same input models."""

import streamlit as st
from pydantic import ValidationError

from models.inputs import (
    CommitmentCreate,
    EventCreate,
    InitiativeCreate,
    OrganizationCreate,
    PartyIn,
    PersonCreate,
    SourceCreate,
)
from pages import common as ui
from pages.ui.text import escape_markdown
from tracker.domain.errors import TrackerError
from tracker.domain.vocab import INITIATIVE_KINDS, ORGANIZATION_KINDS, QUALIFIERS
from tracker.read import provenance, queries
from tracker.write import writes

ui.header(
    "Contribute",
    "Add sources, events, organizations, people, commitments and initiatives. Start with the source document: "
    "every other entry quotes it, and the quote must appear in its text word for word.",
)
actor = ui.writer()
if not actor:
    st.stop()

sources = ui.query(provenance.sources_table)
source_labels = dict(zip(sources["slug"], sources["label"], strict=True))
options = ui.query(queries.filter_options)
events = dict(options["events"])
organizations = dict(ui.query(queries.organization_choices))
people = dict(ui.query(queries.person_choices))
themes = dict(options["themes"])
SLUG_HELP = "A short, stable name in lowercase words joined by hyphens, e.g. oecd-ai-principles."


def evidence(prefix: str) -> tuple[str, str]:
    source = st.selectbox("Source", list(source_labels), format_func=ui.shown_by(source_labels), key=f"{prefix}_source")
    quote = st.text_area("Evidence quote (copied word for word from the source)", key=f"{prefix}_quote")
    return source, quote


def save(build, add, what: str) -> None:
    """Validate with the input model, write with the core, and say what happened."""
    try:
        row = add(ui.engine(), data=build(), actor=actor)
    except (ValidationError, TrackerError) as error:
        ui.write_failed(error)
    else:
        ui.clear_query_cache()
        st.success(f"Added {what} '{escape_markdown(row.slug)}'.", icon=":material/check_circle:")


tabs = st.tabs(["Source", "Event", "Organization", "Person", "Commitment", "Initiative"])
with tabs[0], st.form("add_source"):
    slug = st.text_input("Slug", help=SLUG_HELP, key="source_slug")
    label = st.text_input("Short name to cite it by", key="source_label")
    title = st.text_input("Title, as the document gives it (leave empty if it has none)", key="source_title")
    publisher = st.text_input("Publisher, if the document names it", key="source_publisher")
    published_on = st.date_input("Published on (if stated)", value=None, key="source_published_on")
    url = st.text_input("Address (http or https)", key="source_url")
    text = st.text_area("Full text", height=300, key="source_text")
    if st.form_submit_button("Add source", key="add_source_submit"):
        save(
            lambda: SourceCreate(
                slug=slug, label=label, title=title, publisher=publisher, published_on=published_on, url=url, text=text
            ),
            writes.add_source,
            "source",
        )

with tabs[1], st.form("add_event"):
    slug = st.text_input("Slug", help=SLUG_HELP, key="event_slug")
    name = st.text_input("Name", key="event_name")
    short_name = st.text_input("Short name", key="event_short_name")
    city, country = st.columns(2)
    city_value = city.text_input("City", key="event_city")
    country_value = country.text_input("Country", key="event_country")
    start, end = st.columns(2)
    start_date = start.date_input("Starts", value=None, key="event_start")
    end_date = end.date_input("Ends", value=None, key="event_end")
    inferred = st.checkbox("The dates are inferred (the text does not state them fully)", key="event_inferred")
    note = st.text_input("Why inferred", key="event_note")
    source, quote = evidence("event")
    if st.form_submit_button("Add event", key="add_event_submit"):
        save(
            lambda: EventCreate(
                slug=slug,
                name=name,
                short_name=short_name,
                city=city_value,
                country=country_value,
                start_date=start_date,
                end_date=end_date,
                dates_inferred=inferred,
                inference_note=note,
                source_slug=source,
                source_quote=quote,
            ),
            writes.add_event,
            "event",
        )

with tabs[2], st.form("add_organization"):
    slug = st.text_input("Slug", help=SLUG_HELP, key="org_slug")
    name = st.text_input("Name", key="org_name")
    acronym = st.text_input("Acronym, if the source gives one", key="org_acronym")
    kind = st.selectbox("Kind", ORGANIZATION_KINDS, format_func=lambda k: k.replace("_", " "), key="org_kind")
    country = st.text_input("Country", key="org_country")
    source, quote = evidence("org")
    if st.form_submit_button("Add organization", key="add_org_submit"):
        save(
            lambda: OrganizationCreate(
                slug=slug,
                name=name,
                acronym=acronym,
                kind=kind,
                country=country,
                source_slug=source,
                source_quote=quote,
            ),
            writes.add_organization,
            "organization",
        )

with tabs[3], st.form("add_person"):
    slug = st.text_input("Slug", help=SLUG_HELP, key="person_slug")
    name = st.text_input("Name", key="person_name")
    role = st.text_input("Role or title", key="person_role")
    organization = st.selectbox(
        "Organization",
        list(organizations),
        format_func=ui.shown_by(organizations),
        index=None,
        key="person_org",
        placeholder="None",
    )
    source, quote = evidence("person")
    if st.form_submit_button("Add person", key="add_person_submit"):
        save(
            lambda: PersonCreate(
                slug=slug, name=name, role=role, organization_slug=organization, source_slug=source, source_quote=quote
            ),
            writes.add_person,
            "person",
        )

with tabs[4], st.form("add_commitment"):
    slug = st.text_input("Slug", help=SLUG_HELP, key="commitment_slug")
    title = st.text_input("Title (a short summary)", key="commitment_title")
    framework = st.text_input("Framework (the statement, plan or forum it belongs to)", key="commitment_framework")
    event = st.selectbox(
        "Event where it was made", list(events), format_func=ui.shown_by(events), key="commitment_event"
    )
    stated_by = st.selectbox(
        "Stated by",
        list(people),
        format_func=ui.shown_by(people),
        index=None,
        placeholder="Nobody named",
        key="commitment_stated_by",
    )
    parties = st.multiselect(
        "Parties (pledged it)", list(organizations), format_func=ui.shown_by(organizations), key="commitment_parties"
    )
    responsible = st.multiselect(
        "Responsible (to deliver it)",
        list(organizations),
        format_func=ui.shown_by(organizations),
        key="commitment_responsible",
    )
    chosen_themes = st.multiselect("Themes", list(themes), format_func=ui.shown_by(themes), key="commitment_themes")
    target_value = st.number_input("Numeric target, if any", min_value=0.0, value=None, key="commitment_target")
    target_unit = st.text_input("Target unit (e.g. standards)", key="commitment_target_unit")
    target_qualifier = st.selectbox(
        "The target is",
        QUALIFIERS,
        index=None,
        placeholder="(no target)",
        format_func=lambda q: q.replace("_", " "),
        key="commitment_qualifier",
    )
    due_date = st.date_input("Deadline, if any", value=None, key="commitment_due")
    due_inferred = st.checkbox("The deadline is inferred", key="commitment_due_inferred")
    due_note = st.text_input("Why inferred", key="commitment_due_note")
    source, quote = evidence("commitment")
    text = st.text_area("The commitment's own words (a verbatim part of the quote)", key="commitment_text")
    if st.form_submit_button("Add commitment", key="add_commitment_submit"):
        save(
            lambda: CommitmentCreate(
                slug=slug,
                title=title,
                text=text,
                framework=framework,
                event_slug=event,
                stated_by_slug=stated_by,
                parties=[PartyIn(organization_slug=o, role="party") for o in parties]
                + [PartyIn(organization_slug=o, role="responsible") for o in responsible],
                themes=chosen_themes,
                target_value=target_value,
                target_unit=target_unit,
                target_qualifier=target_qualifier,
                due_date=due_date,
                due_date_inferred=due_inferred,
                due_date_note=due_note,
                source_slug=source,
                source_quote=quote,
            ),
            writes.add_commitment,
            "commitment",
        )

with tabs[5], st.form("add_initiative"):
    slug = st.text_input("Slug", help=SLUG_HELP, key="initiative_slug")
    name = st.text_input("Name", key="initiative_name")
    kind = st.selectbox("Kind", INITIATIVE_KINDS, format_func=lambda k: k.replace("_", " "), key="initiative_kind")
    event = st.selectbox("Event", list(events), format_func=ui.shown_by(events), key="initiative_event")
    count = st.number_input("Number of items (for a collection)", min_value=1, value=None, key="initiative_count")
    source, quote = evidence("initiative")
    if st.form_submit_button("Add initiative", key="add_initiative_submit"):
        save(
            lambda: InitiativeCreate(
                slug=slug,
                name=name,
                kind=kind,
                event_slug=event,
                item_count=count,
                source_slug=source,
                source_quote=quote,
            ),
            writes.add_initiative,
            "initiative",
        )
