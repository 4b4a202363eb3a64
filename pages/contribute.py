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


def evidence(prefix: str, form: str) -> tuple[str, str]:
    source = st.selectbox("Source", list(source_labels), format_func=ui.shown_by(source_labels), key=f"{prefix}_source")
    ui.field_problem(form, "source_slug")
    quote = st.text_area("Evidence quote (copied word for word from the source)", key=f"{prefix}_quote")
    ui.field_problem(form, "source_quote")
    ui.field_problem(form, "")  # rules across fields
    return source, quote


def save(build, add, what: str, form: str) -> None:
    """Validate with the input model, write with the core, and say what happened: each problem of a refused
    entry beside its field and all of them in a list."""
    ui.clear_problems(form)
    try:
        row = add(ui.engine(), data=build(), actor=actor)
    except (ValidationError, TrackerError) as error:
        ui.write_failed(error, form=form)
    else:
        ui.clear_query_cache()
        st.success(f"Added {what} '{escape_markdown(row.slug)}'.", icon=":material/check_circle:")


tabs = st.tabs(["Source", "Event", "Organization", "Person", "Commitment", "Initiative"])
with tabs[0], st.form("add_source"):
    slug = st.text_input("Slug", help=SLUG_HELP, key="source_slug")
    ui.field_problem("add_source", "slug")
    label = st.text_input("Short name to cite it by", key="source_label")
    ui.field_problem("add_source", "label")
    title = st.text_input("Title, as the document gives it (leave empty if it has none)", key="source_title")
    ui.field_problem("add_source", "title")
    publisher = st.text_input("Publisher, if the document names it", key="source_publisher")
    ui.field_problem("add_source", "publisher")
    published_on = st.date_input("Published on (if stated)", value=None, key="source_published_on")
    ui.field_problem("add_source", "published_on")
    url = st.text_input("Address (http or https)", key="source_url")
    ui.field_problem("add_source", "url")
    text = st.text_area("Full text", height=300, key="source_text")
    ui.field_problem("add_source", "text")
    ui.form_problems("add_source")
    if st.form_submit_button("Add source", key="add_source_submit"):
        save(
            lambda: SourceCreate(
                slug=slug, label=label, title=title, publisher=publisher, published_on=published_on, url=url, text=text
            ),
            writes.add_source,
            "source",
            "add_source",
        )

with tabs[1], st.form("add_event"):
    slug = st.text_input("Slug", help=SLUG_HELP, key="event_slug")
    ui.field_problem("add_event", "slug")
    name = st.text_input("Name", key="event_name")
    ui.field_problem("add_event", "name")
    short_name = st.text_input("Short name", key="event_short_name")
    ui.field_problem("add_event", "short_name")
    city, country = st.columns(2)
    city_value = city.text_input("City", key="event_city")
    ui.field_problem("add_event", "city")
    country_value = country.text_input("Country", key="event_country")
    ui.field_problem("add_event", "country")
    start, end = st.columns(2)
    start_date = start.date_input("Starts", value=None, key="event_start")
    ui.field_problem("add_event", "start_date")
    end_date = end.date_input("Ends", value=None, key="event_end")
    ui.field_problem("add_event", "end_date")
    inferred = st.checkbox("The dates are inferred (the text does not state them fully)", key="event_inferred")
    ui.field_problem("add_event", "dates_inferred")
    note = st.text_input("Why inferred", key="event_note")
    ui.field_problem("add_event", "inference_note")
    source, quote = evidence("event", "add_event")
    ui.form_problems("add_event")
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
            "add_event",
        )

with tabs[2], st.form("add_organization"):
    slug = st.text_input("Slug", help=SLUG_HELP, key="org_slug")
    ui.field_problem("add_organization", "slug")
    name = st.text_input("Name", key="org_name")
    ui.field_problem("add_organization", "name")
    acronym = st.text_input("Acronym, if the source gives one", key="org_acronym")
    ui.field_problem("add_organization", "acronym")
    kind = st.selectbox("Kind", ORGANIZATION_KINDS, format_func=lambda k: k.replace("_", " "), key="org_kind")
    ui.field_problem("add_organization", "kind")
    country = st.text_input("Country", key="org_country")
    ui.field_problem("add_organization", "country")
    source, quote = evidence("org", "add_organization")
    ui.form_problems("add_organization")
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
            "add_organization",
        )

with tabs[3], st.form("add_person"):
    slug = st.text_input("Slug", help=SLUG_HELP, key="person_slug")
    ui.field_problem("add_person", "slug")
    name = st.text_input("Name", key="person_name")
    ui.field_problem("add_person", "name")
    role = st.text_input("Role or title", key="person_role")
    ui.field_problem("add_person", "role")
    organization = st.selectbox(
        "Organization",
        list(organizations),
        format_func=ui.shown_by(organizations),
        index=None,
        key="person_org",
        placeholder="None",
    )
    ui.field_problem("add_person", "organization_slug")
    source, quote = evidence("person", "add_person")
    ui.form_problems("add_person")
    if st.form_submit_button("Add person", key="add_person_submit"):
        save(
            lambda: PersonCreate(
                slug=slug, name=name, role=role, organization_slug=organization, source_slug=source, source_quote=quote
            ),
            writes.add_person,
            "person",
            "add_person",
        )

with tabs[4], st.form("add_commitment"):
    slug = st.text_input("Slug", help=SLUG_HELP, key="commitment_slug")
    ui.field_problem("add_commitment", "slug")
    title = st.text_input("Title (a short summary)", key="commitment_title")
    ui.field_problem("add_commitment", "title")
    framework = st.text_input("Framework (the statement, plan or forum it belongs to)", key="commitment_framework")
    ui.field_problem("add_commitment", "framework")
    event = st.selectbox(
        "Event where it was made", list(events), format_func=ui.shown_by(events), key="commitment_event"
    )
    ui.field_problem("add_commitment", "event_slug")
    stated_by = st.selectbox(
        "Stated by",
        list(people),
        format_func=ui.shown_by(people),
        index=None,
        placeholder="Nobody named",
        key="commitment_stated_by",
    )
    ui.field_problem("add_commitment", "stated_by_slug")
    parties = st.multiselect(
        "Parties (pledged it)", list(organizations), format_func=ui.shown_by(organizations), key="commitment_parties"
    )
    ui.field_problem("add_commitment", "parties")
    responsible = st.multiselect(
        "Responsible (to deliver it)",
        list(organizations),
        format_func=ui.shown_by(organizations),
        key="commitment_responsible",
    )
    chosen_themes = st.multiselect("Themes", list(themes), format_func=ui.shown_by(themes), key="commitment_themes")
    ui.field_problem("add_commitment", "themes")
    target_value = st.number_input("Numeric target, if any", min_value=0.0, value=None, key="commitment_target")
    ui.field_problem("add_commitment", "target_value")
    target_unit = st.text_input("Target unit (e.g. standards)", key="commitment_target_unit")
    ui.field_problem("add_commitment", "target_unit")
    target_qualifier = st.selectbox(
        "The target is",
        QUALIFIERS,
        index=None,
        placeholder="(no target)",
        format_func=lambda q: q.replace("_", " "),
        key="commitment_qualifier",
    )
    ui.field_problem("add_commitment", "target_qualifier")
    due_date = st.date_input("Deadline, if any", value=None, key="commitment_due")
    ui.field_problem("add_commitment", "due_date")
    due_inferred = st.checkbox("The deadline is inferred", key="commitment_due_inferred")
    ui.field_problem("add_commitment", "due_date_inferred")
    due_note = st.text_input("Why inferred", key="commitment_due_note")
    ui.field_problem("add_commitment", "due_date_note")
    source, quote = evidence("commitment", "add_commitment")
    text = st.text_area("The commitment's own words (a verbatim part of the quote)", key="commitment_text")
    ui.field_problem("add_commitment", "text")
    ui.form_problems("add_commitment")
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
            "add_commitment",
        )

with tabs[5], st.form("add_initiative"):
    slug = st.text_input("Slug", help=SLUG_HELP, key="initiative_slug")
    ui.field_problem("add_initiative", "slug")
    name = st.text_input("Name", key="initiative_name")
    ui.field_problem("add_initiative", "name")
    kind = st.selectbox("Kind", INITIATIVE_KINDS, format_func=lambda k: k.replace("_", " "), key="initiative_kind")
    ui.field_problem("add_initiative", "kind")
    event = st.selectbox("Event", list(events), format_func=ui.shown_by(events), key="initiative_event")
    ui.field_problem("add_initiative", "event_slug")
    count = st.number_input("Number of items (for a collection)", min_value=1, value=None, key="initiative_count")
    ui.field_problem("add_initiative", "item_count")
    source, quote = evidence("initiative", "add_initiative")
    ui.form_problems("add_initiative")
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
            "add_initiative",
        )
