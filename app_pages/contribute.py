"""Contribute: add a document, then make facts of it the way annotators do. Select a passage in the text (or use a
suggested one, or paste a quote), choose what it states, check the filled-in form and save. One passage can back
several facts. Every fact keeps its quote as the document's own characters and its offsets; nothing is saved
until the editor confirms."""

import dataclasses
import tempfile
from functools import partial
from pathlib import Path
from typing import Any

import streamlit as st
from pydantic import ValidationError

from app_pages import common as ui
from app_pages.ui.correct import correct_a_fact, retract_a_fact
from app_pages.ui.fields import fact_inputs
from app_pages.ui.passage import passage_picker
from app_pages.ui.text import PRECISION_WORDS, escape_markdown
from models import names
from models.evidence import AmbiguousQuoteError, QuoteNotFoundError, find_quote, selectors, start_within
from models.fields import FACT_DATES
from models.inputs import CREATES, InputProblems, PassageCreate, SourceCreate, every_problem
from models.tables import (
    Commitment,
    Event,
    EventRole,
    Initiative,
    Organization,
    ParticipationFigure,
    Person,
    PersonAlias,
    Statement,
)
from tracker.domain import codebook, suggest
from tracker.domain.errors import TrackerError
from tracker.domain.vocab import (
    DATE_PRECISIONS,
    METRICS,
)
from tracker.read import provenance, queries
from tracker.write import writes
from tracker.write.bulk import PROBLEMS_SHOWN, BulkError, add_facts_file

CLASSIFY_AT_ONCE = 15  # passages classified in one form
# The class the rules suggest for what they read in a passage; anything else starts as context, for the editor.
SUGGESTED_CLASS = {"commitment": "commitment", "figure": "figure"}
CONTEXT_REASON = "No commitment language, count, launch or aim: background to the facts."
PART_CHARS = 20_000  # shown for selecting at once, as on the Sources page
MAX_SUGGESTIONS = 60  # suggested passages listed at once (each is a few elements on the page)
# Every date field takes any date the facts allow (models.fields.FACT_DATES); the model says when one is outside.
DATE_RANGE = {"min_value": FACT_DATES[0], "max_value": FACT_DATES[1]}
KINDS = {
    "commitment": "Commitment",
    "organization": "Organization",
    "event": "Event",
    "figure": "Figure",
    "initiative": "Initiative",
    "person": "Person",
    "statement": "Statement",
    "role": "Event role",
    "alias": "Name alias",
}


ui.header(
    "Contribute",
    "Add a document, then select a passage in its text and make facts of it: commitments, organizations, events, "
    "figures and more. The quote and its place in the text are filled in for you.",
)
actor = ui.writer()
if not actor:
    ui.stop()
if saved := st.session_state.pop("contribute_saved", None):
    st.success(escape_markdown(saved), icon=":material/check_circle:")
st.session_state.setdefault("contribute_round", 0)


@st.cache_data(max_entries=16, show_spinner="Reading the document for passages to suggest…")
def suggested(text: str, known: tuple[suggest.Known, ...]) -> list[suggest.Suggestion]:
    """The suggested passages of a document (read once per text and set of known organizations: a long document
    takes a moment)."""
    return suggest.suggestions(text, list(known))


def save(form: str, build, add, what: str, warnings=None, **options: Any) -> None:
    """Validate with the input model and write with the core. A refused entry keeps its input and shows each
    problem beside its field; a saved one is confirmed and its form starts empty again. `warnings(data)` lists
    what needs the editor's decision (not a refusal): shown in the form with a box to save anyway."""
    ui.clear_problems(form)
    try:
        data = build()
        if warnings and not st.session_state.get(key("decided")):
            if found := warnings(data):
                st.session_state[f"warn_{form}"] = found
                st.rerun()
            st.session_state.pop(f"warn_{form}", None)  # what it warned of is settled: not shown beside a refusal
        row = add(ui.engine(), data=data, actor=actor, **options)
    except (ValidationError, InputProblems, TrackerError) as error:
        if isinstance(error, writes.NearMatch):  # the form shows them, with a box to add it anyway
            st.session_state[f"near_{form}"] = error.slugs
            st.rerun()
        ui.write_failed(error, form=form)
        return
    ui.clear_query_cache()
    name = getattr(row, "slug", None) or getattr(row, "alias", None) or getattr(row, "role", "")
    st.session_state["contribute_saved"] = f"Added {what} '{name}'."
    if form != "add_source":  # a fact of the passage now selected
        st.session_state.setdefault("contribute_used", set()).add((source, span, kind))
    st.session_state["contribute_round"] += 1
    st.session_state.pop(f"near_{form}", None)
    st.session_state.pop(f"warn_{form}", None)
    st.rerun()


# --- the document -------------------------------------------------------------------------------------------

sources = ui.query(provenance.sources_table)
source_labels = dict(zip(sources["slug"], sources["label"], strict=True))
with st.expander("Add a document", expanded=sources.empty, icon=":material/note_add:"), st.form("add_source"):
    label = st.text_input("Short name to cite it by", key="source_label")
    ui.field_problem("add_source", "label")
    slug = st.text_input("Slug (leave empty to make one from the short name)", key="source_slug")
    ui.field_problem("add_source", "slug")
    title = st.text_input("Title, as the document gives it (leave empty if it has none)", key="source_title")
    ui.field_problem("add_source", "title")
    publisher = st.text_input("Publisher, if the document names it", key="source_publisher")
    ui.field_problem("add_source", "publisher")
    a, b = st.columns(2)
    published_on = a.date_input(
        "Published on (if stated; for a month, quarter or year, any day in it)",
        value=None,
        key="source_published_on",
        **DATE_RANGE,
    )
    published_precision = b.selectbox(
        "The text gives the date to", DATE_PRECISIONS, format_func=PRECISION_WORDS.get, key="source_published_precision"
    )
    ui.field_problem("add_source", "published_on")
    url = st.text_input("Address (http or https)", key="source_url")
    ui.field_problem("add_source", "url")
    other_urls = st.text_area("Other addresses of the same document, one per line", key="source_other_urls")
    ui.field_problem("add_source", "other_urls")
    text = st.text_area("Full text", height=240, key="source_text")
    ui.field_problem("add_source", "text")
    ui.form_problems("add_source")
    if st.form_submit_button("Add document", key="add_source_submit"):
        new_slug = slug or (queries.free_slug(ui.engine(), "source", label) if label.strip() else "")
        st.query_params["source"] = new_slug
        save(
            "add_source",
            lambda: SourceCreate(
                slug=new_slug,
                label=label,
                title=title,
                publisher=publisher,
                published_on=published_on,
                published_on_precision=published_precision,
                url=url,
                other_urls=other_urls,
                text=text,
            ),
            writes.add_source,
            "document",
        )

correct_a_fact(actor)
retract_a_fact(actor)

with st.expander("Add a facts file (many facts at once)", icon=":material/upload_file:"):
    st.caption(
        "A facts file in the seed's format (YAML; every section optional, stored rows named by slug) with the "
        "documents it quotes. Everything is checked first: every problem is listed, and then nothing is added. "
        "A stored row is never changed."
    )
    uploaded = st.file_uploader(
        "The facts file and its documents",
        type=["yaml", "yml", "txt", "md"],
        accept_multiple_files=True,
        key="facts_upload",
    )
    if st.button("Check and add", key="facts_upload_submit", disabled=not uploaded):
        facts_files = [f for f in uploaded if f.name.endswith((".yaml", ".yml"))]
        if len(facts_files) != 1:
            st.error("Upload exactly one facts file (.yaml) with the documents it quotes.", icon=":material/error:")
        else:
            with tempfile.TemporaryDirectory() as folder, st.spinner("Checking every fact against its document…"):
                for part in uploaded:
                    (Path(folder) / Path(part.name).name).write_bytes(part.getvalue())
                try:
                    report = add_facts_file(ui.engine(), Path(folder) / Path(facts_files[0].name).name, actor=actor)
                except BulkError as error:
                    lines = "".join(f"\n- {escape_markdown(p)}" for p in error.problems[:PROBLEMS_SHOWN])
                    count = len(error.problems)
                    st.error(
                        f"Nothing added: {count} problem{'s' if count != 1 else ''}." + lines, icon=":material/error:"
                    )
                except TrackerError as error:
                    ui.write_failed(error)
                else:
                    ui.clear_query_cache()
                    added = ", ".join(f"{ui.code_words(k)}: {n}" for k, n in report.added.items())
                    st.session_state["contribute_saved"] = f"Added from {facts_files[0].name}: {added}."
                    st.rerun()

if sources.empty:
    ui.stop()
source = ui.url_select("Document to annotate", source_labels, "source", placeholder="Choose a document")
if not source:
    ui.empty("Choose a document above, or add one, to select passages in it.")
    ui.stop()
document = ui.query(provenance.source_text, source)
sha256 = sources.loc[sources["slug"] == source, "sha256"].iloc[0]

# --- the passage --------------------------------------------------------------------------------------------

passage_key = f"passage_{source}"
known_organizations = ui.query(names.known_organizations)

# --- the codebook, applied to every passage of the document, as to the seed's -------------------------------------

unclassified = ui.query(provenance.unclassified_passages, source, document)
with st.expander(
    f"Classify the document's passages with the codebook ({len(unclassified):,} still to classify)",
    icon=":material/rule:",
):
    if not unclassified:
        st.caption("Every passage of this document is classified: the Methodology page lists them with the seed's.")
    else:
        st.caption(
            "Each passage (a sentence, a heading or a list item) takes a class of the codebook (see the Methodology "
            "page) and the reason for it, in terms of its words. The rules suggest a class; nothing is saved until "
            f"you press the button. {CLASSIFY_AT_ONCE} at a time."
        )
        batch = unclassified[:CLASSIFY_AT_ONCE]
        with st.form(f"classify_{source}_{len(unclassified)}"):
            chosen = []
            for start, end in batch:
                text = document[start:end]
                item = suggest.reading(text, known_organizations, start=start)
                suggested_class = SUGGESTED_CLASS.get(item.kind, "context")
                with st.container(border=True):
                    st.text(text if len(text) <= 400 else text[:397] + "…")
                    a, b = st.columns([1, 2])
                    classification = a.selectbox(
                        "Class",
                        list(codebook.LABELS),
                        index=list(codebook.LABELS).index(suggested_class),
                        format_func=codebook.LABELS.get,
                        key=f"class_{source}_{start}",
                    )
                    reason = b.text_input(
                        "Why (in terms of its words)",
                        # What the rules read, for a class they suggest; context needs no more than the rule.
                        value="; ".join(item.reasons) if suggested_class != "context" else CONTEXT_REASON,
                        key=f"why_{source}_{start}",
                    )
                chosen.append((start, end, classification, reason))
            if st.form_submit_button("Save these classifications", key=f"classify_submit_{source}"):
                try:
                    writes.classify_passages(
                        ui.engine(),
                        passages=[
                            PassageCreate(
                                source_slug=source,
                                source_quote=document[start:end],
                                quote_start=start,
                                classification=classification,
                                reason=reason,
                            )
                            for start, end, classification, reason in chosen
                        ],
                        actor=actor,
                    )
                except (ValidationError, InputProblems, TrackerError) as error:
                    ui.write_failed(error)
                else:
                    ui.clear_query_cache()
                    st.session_state["contribute_saved"] = f"Classified {len(chosen)} passages."
                    st.rerun()
found = suggested(document, tuple(known_organizations))
left, right = st.columns([3, 2], gap="large")
with left:
    st.markdown("**Select a passage in the text**")
    parts = provenance.text_parts(document, PART_CHARS)
    number = 1
    if len(parts) > 1:
        number = st.number_input(f"Part (of {len(parts)})", 1, len(parts), 1, key=f"pick_part_{source}")
    part_start, part_end = parts[number - 1]
    picked = passage_picker(
        document[part_start:part_end],
        offset=part_start,
        key=f"picker_{source}_{number}",
        label=f"Text of {source_labels[source]}: select a passage with the mouse",
    )
    if picked and st.session_state.get(f"picked_{source}") != picked:
        st.session_state[f"picked_{source}"] = picked
        st.session_state[passage_key] = picked
    # Open while it holds a quote, so what it found or could not find stays in view.
    with st.expander(
        "Or paste a quote", icon=":material/content_paste:", expanded=bool(st.session_state.get(f"paste_{source}"))
    ):
        pasted = st.text_area(
            "Quote copied from the document (line breaks, spacing, quotation marks and hyphens may differ)",
            key=f"paste_{source}",
        )
        if st.button("Find it in the text", key=f"find_{source}"):
            try:
                start, end = find_quote(document, pasted, source=source)
            except AmbiguousQuoteError as error:
                st.session_state[f"paste_hits_{source}"] = error.starts
            except QuoteNotFoundError as error:
                st.error(escape_markdown(str(error)), icon=":material/search_off:")
            else:
                st.session_state.pop(f"paste_hits_{source}", None)
                st.session_state[passage_key] = (start, end)
        hits = st.session_state.get(f"paste_hits_{source}")
        if hits:

            def context(start: int) -> str:
                return "…" + document[max(0, start - 40) : start + 60].replace("\n", " ") + "…"

            chosen = st.radio(
                f"It occurs {len(hits)} times: which one do you mean?",
                hits,
                index=None,
                format_func=lambda s: f"character {s:,}: {context(s)}",
                key=f"paste_choice_{source}",
            )
            if chosen is not None:
                span = find_quote(document, pasted, source=source, start=chosen)
                st.session_state[passage_key] = span
with right:
    in_part = [item for item in found if part_start <= item.start < part_end]
    where = f" in part {number}" if len(parts) > 1 else ""
    st.markdown(f"**Suggested passages{where}** ({len(in_part)})")
    st.caption(
        "Sentences with commitment language (will, commit, pledge, plan to, by a date), numbers that count "
        "something, or names of organizations the tracker knows. Use one to fill in a form; nothing is saved "
        "until you confirm."
    )
    with st.container(height=480, key="suggestions"):
        if not in_part:
            st.caption("No passage here matches the rules: select one in the text.")
        if len(in_part) > MAX_SUGGESTIONS:
            st.caption(f"The first {MAX_SUGGESTIONS} of {len(in_part)}; select in the text for the others.")
        for item in in_part[:MAX_SUGGESTIONS]:
            with st.container(border=True, key=f"suggestion_{item.start}"):
                shown = item.text if len(item.text) <= 220 else item.text[:217] + "…"
                st.markdown(escape_markdown(shown))
                st.caption(escape_markdown(f"{KINDS.get(item.kind, 'Mention')}: " + "; ".join(item.reasons)))
                if st.button("Use this passage", key=f"use_{source}_{item.start}", help=f"characters {item.start:,}–"):
                    st.session_state[passage_key] = (item.start, item.end)

passage = st.session_state.get(passage_key)
if not passage:
    ui.empty("Select a passage in the text, use a suggested one, or paste a quote, to make facts of it.")
    ui.stop()
span = tuple(passage)
passage_text = document[span[0] : span[1]]
hint = suggest.reading(passage_text, known_organizations, start=span[0])  # fills in what the rules read

with st.container(border=True, key="chosen_passage"):
    st.markdown(f"**Selected passage** · characters {span[0]:,}–{span[1]:,}")
    st.text(passage_text)
    with st.expander("How it is anchored (W3C Web Annotation selectors)"):
        st.json(selectors(document, span[0], span[1], sha256=sha256), expanded=True)

# --- the facts ----------------------------------------------------------------------------------------------

round_ = st.session_state["contribute_round"]
pid = f"{source}_{span[0]}_{span[1]}_{round_}"
kind_key = f"kind_{source}_{span[0]}_{span[1]}"  # kept after a save: the next fact is often of the same kind


def keep_kind() -> None:
    """Clicking the kind already chosen keeps it (a segmented control would clear it, hiding the form)."""
    if st.session_state.get(kind_key) is None and st.session_state.get(f"{kind_key}_last"):
        st.session_state[kind_key] = st.session_state[f"{kind_key}_last"]


kind = st.segmented_control(
    "What does this passage state?",
    list(KINDS),
    format_func=KINDS.get,
    default=hint.kind if hint.kind in KINDS else None,
    key=kind_key,
    on_change=keep_kind,
)
st.session_state[f"{kind_key}_last"] = kind
if not kind:
    st.caption("Choose what to make of the passage. After saving, the same passage stays selected for the next fact.")
    ui.stop()
used = st.session_state.setdefault("contribute_used", set())
if (source, span, kind) in used:
    # A fact of this kind was saved from this passage: the next starts blank (but for the names still to add),
    # so that saving again never repeats it.
    hint = dataclasses.replace(
        hint, organizations=(), target=None, deadline=None, dates=None, attendance=False, title=""
    )

options = ui.query(queries.filter_options)
events = dict(options["events"])
organizations = dict(ui.query(queries.organization_choices))
people = dict(ui.query(queries.person_choices))
themes = dict(options["themes"])
source_events = [e for e in ui.query(queries.events_of_source, source) if e in events]
# One form a passage and save: its problems, warnings and near-matches are its own, so a fresh form (another
# passage, or the next fact after a save) never shows an earlier form's errors.
form = f"add_{kind}_{pid}"


def key(field: str) -> str:
    return f"{kind}_{field}_{pid}"


# Organizations the passage names with an acronym and the tracker does not have yet: one click fills the form.
named = {f"{n.name} ({n.acronym})": n for n in hint.names if n.name not in organizations.values()}
if kind == "organization" and named:

    def fill_name() -> None:
        chosen = named.get(st.session_state[f"names_{pid}"])
        st.session_state[key("name")] = chosen.name if chosen else ""
        st.session_state[key("acronym")] = chosen.acronym if chosen else ""

    st.pills(
        "Names in this passage (choose one to fill in the form)", list(named), key=f"names_{pid}", on_change=fill_name
    )


def quote_field() -> str:
    quote = st.text_area(
        "Evidence quote: the passage, or the part of it that states this fact",
        value=passage_text,
        key=key("quote"),
    )
    ui.field_problem(form, "source_quote")
    return quote


def evidence(quote: str) -> dict[str, Any]:
    """The fact's evidence: its quote, placed inside the selected passage when it lies there."""
    return {"source_slug": source, "source_quote": quote, "quote_start": start_within(document, quote, span)}


def choose(label: str, choices: dict[str, str], field: str, default: str | None = None, **kwargs: Any) -> Any:
    values = list(choices)
    chosen = st.selectbox(
        label,
        values,
        index=values.index(default) if default in values else None,
        format_func=ui.shown_by(choices),
        placeholder="Choose",
        key=key(field),
        **kwargs,
    )
    ui.field_problem(form, field)
    return chosen


def slug_of(table: str, name: str) -> str:
    """A free slug made from the name; without a name, from the passage (the missing name is reported, not the
    slug the editor never typed)."""
    return queries.free_slug(ui.engine(), table, name if name and name.strip() else passage_text[:60])


def near_match_box() -> bool:
    """Existing near-matches of the last refused name, and the editor's word that this is another one."""
    near = st.session_state.get(f"near_{form}")
    if not near:
        return False
    shown = {**organizations, **people}
    st.warning(
        "Similar entries already exist: " + ", ".join(escape_markdown(f"{shown.get(s, s)} ({s})") for s in near),
        icon=":material/content_copy:",
    )
    return st.checkbox("This is another one: add it anyway", key=key("not_near"))


def decision_box() -> None:
    """What the last submit of the form needs a decision on, and the editor's word to save it as it is."""
    found = st.session_state.get(f"warn_{form}")
    if not found:
        return
    lines = "".join(f"\n- {escape_markdown(line)}" for line in found)
    st.warning("Please check before saving:" + lines, icon=":material/help:")
    st.checkbox("I have checked: save it as it is", key=key("decided"))


def quote_warnings(kind: str, data: Any) -> list[str]:
    """A quote already backing another fact of the same kind."""
    try:
        start, end = find_quote(document, data.source_quote, source=source, start=data.quote_start)
    except QuoteNotFoundError:
        return []  # the write says what is wrong with the quote
    taken = ui.query(queries.quoting, TABLES[kind].__tablename__, source, start, end)
    return [f"this quote already backs the {KINDS[kind].lower()} {', '.join(taken)}"] if taken else []


def commitment_warnings(data: Any) -> list[str]:
    """Who commits, as the codebook asks for it, and a quote used twice."""
    found = quote_warnings("commitment", data)
    if not data.parties:
        found.append(
            "no one is named as committing: give the party the text names, or an inferred one with its reason "
            '("X will be extended" names no actor)'
        )
    chosen = {party.organization_slug for party in data.parties}
    named = [organizations.get(o, o) for o in hint.organizations if o in organizations and o not in chosen]
    if named:
        found.append(f"the passage names {', '.join(named)}, not among who commits")
    return found


def parties_input() -> list[dict[str, Any]]:
    """Who commits: the organizations the text names, and any it does not name but the reading rests on, with
    the reason (the codebook's rule for "X will be extended", which names no actor)."""
    named_parties = st.multiselect(
        "Who commits (as the text names them)",
        list(organizations),
        default=[o for o in hint.organizations if o in organizations],
        format_func=ui.shown_by(organizations),
        key=key("parties"),
        **ui.CHOOSE_MANY,
    )
    inferred_parties = st.multiselect(
        "Inferred parties (the text does not name them as committing)",
        [o for o in organizations if o not in named_parties],
        format_func=ui.shown_by(organizations),
        key=key("inferred_parties"),
        **ui.CHOOSE_MANY,
    )
    why = st.text_input("Why they are inferred (what in the text the reading rests on)", key=key("inferred_why"))
    return [
        *({"organization_slug": o, "role": "party"} for o in named_parties),
        *({"organization_slug": o, "role": "party", "inferred": True, "inference_note": why} for o in inferred_parties),
    ]


def metric_input() -> str | None:
    """What a figure counts: one of the usual names, or a name of one's own, its case kept ("Member States")."""
    names = list(dict.fromkeys([*METRICS, *([hint.target.unit] if hint.target else [])]))
    return st.selectbox(
        "What it counts (choose, or type a name of your own)",
        names,
        index=names.index(hint.target.unit) if hint.target and hint.target.unit in METRICS else None,
        accept_new_options=True,
        placeholder="e.g. delegates",
        key=key("metric"),
    )


# What the rules read in the passage, to fill in each kind's form (the editor keeps or changes it), and where the
# page asks for a field in more than its declaration's way. Every other field is asked for as declared
# (app_pages.ui.fields.fact_inputs).
target, deadline = hint.target, hint.deadline
at_event = {"event_slug": source_events[0] if source_events else None}
FILLED: dict[str, dict[str, Any]] = {
    "commitment": {
        **at_event,
        "kind": "commitment" if hint.kind == "commitment" else None,
        "title": hint.title,
        "text": passage_text,
        "framework": source_labels[source],
        "target_value": target.value if target else None,
        "target_unit": target.unit if target else "",
        "target_qualifier": target.qualifier if target else None,
        "due_date": deadline.due_date if deadline else None,
        "due_date_precision": deadline.precision if deadline else "day",
    },
    "event": {"start_date": hint.dates[0], "end_date": hint.dates[1]} if hint.dates else {},
    "figure": {
        **at_event,
        "kind": "attendance" if hint.attendance else None,
        "value": int(target.value) if target else None,
        "qualifier": target.qualifier if target else None,
        "counts_what": target.unit if target else "",
    },
    "initiative": at_event,
    "statement": at_event,
    "role": {**at_event, "organization_slug": hint.organizations[0] if hint.organizations else None},
}
WIDGETS: dict[str, dict[str, Any]] = {
    "commitment": {
        "parties": parties_input,
        "themes": lambda: st.multiselect(
            "Themes", list(themes), format_func=ui.shown_by(themes), key=key("themes"), **ui.CHOOSE_MANY
        ),
    },
    "figure": {"metric": metric_input},
}
# The table each kind makes a row of: its input model (models.inputs.CREATES) and its name come from it.
TABLES = {
    "commitment": Commitment,
    "organization": Organization,
    "event": Event,
    "figure": ParticipationFigure,
    "initiative": Initiative,
    "person": Person,
    "statement": Statement,
    "role": EventRole,
    "alias": PersonAlias,
}
WRITERS = {
    "commitment": writes.add_commitment,
    "organization": writes.add_organization,
    "event": writes.add_event,
    "figure": writes.add_figure,
    "initiative": writes.add_initiative,
    "person": writes.add_person,
    "statement": writes.add_statement,
    "role": writes.add_event_role,
}
# What needs the editor's decision before a fact of each kind is saved (not a refusal).
WARNINGS = {
    "commitment": commitment_warnings,
    **{kind: partial(quote_warnings, kind) for kind in ("figure", "initiative", "statement")},
}
# Kinds whose names may nearly match a stored one: the editor's word that this is another is asked for.
NAMED = ("organization", "person")


def slug_name(answers: dict[str, Any]) -> str:
    """The words a new fact's slug is made from: its title or name (an acronym first), or for a figure or a
    statement, what tells it apart."""
    if kind == "figure":
        return f"{answers.get('event_slug') or ''} {answers.get('metric') or ''} {answers.get('value') or ''}"
    if kind == "statement":
        return f"{answers.get('person_slug') or ''} {passage_text[:40]}"
    return answers.get("acronym") or answers.get("short_name") or answers.get("name") or answers.get("title") or ""


def built(answers: dict[str, Any], quote: str) -> Any:
    """The new fact as its input model checks it."""
    data = dict(answers)
    if kind == "commitment" and data.get("target_value") is None:
        data.update(target_unit="", target_qualifier=None)  # a number taken away takes its unit and word with it
    if kind == "event" and data.get("end_date") is None:
        data["end_date"] = data.get("start_date")  # a one-day event
    model = CREATES[TABLES[kind]]
    if "slug" in model.model_fields:
        data["slug"] = slug_of(TABLES[kind].__tablename__, slug_name(answers))
    return every_problem(model, data | evidence(quote))


with st.form(form, border=True):
    st.markdown(f"**New {KINDS[kind].lower()}**")
    quote = quote_field()
    person = choose("Whose name it is", people, "person_slug") if kind == "alias" else None
    answers = fact_inputs(
        CREATES[TABLES[kind]], key=key, form=form, values=FILLED.get(kind, {}), widgets=WIDGETS.get(kind, {})
    )
    confirmed = near_match_box() if kind in NAMED else False
    ui.field_problem(form, "")
    decision_box()
    ui.form_problems(form)
    if st.form_submit_button(f"Add {KINDS[kind].lower()}", key=key("submit"), type="primary"):
        if kind == "alias":
            add = lambda engine, data, actor: writes.add_alias(  # noqa: E731
                engine, person_slug=person or "", data=data, actor=actor
            )
        else:
            add = WRITERS[kind]
        options = {"not_a_near_match": confirmed} if kind in NAMED else {}
        save(form, lambda: built(answers, quote), add, KINDS[kind].lower(), warnings=WARNINGS.get(kind), **options)
