"""The one as-of view: every claim the tracker makes about its facts on a date, worked out in SQL once.

- `standing(as_of, model)`: the one rule for when a fact of any kind stands. A commitment from the day it was made
  (its event's first day, or its document's publication date); an event from its first day, and an event's
  figures, roles, initiatives and statements with it; a document from its publication date (an undated one from
  the first day of the earliest event it reports); an organization or a person from when the document it is taken
  from stands, or earlier if a standing fact names it (a role at an event, a commitment's party or speaker, a
  statement); another spelling of a name from when its document stands. A fact an editor retracted stands no
  longer from that day on.
- `matching(f)`: what a view's filters keep of the commitments, and `in_view(model, f)`: what they keep of every
  other kind of fact (the events of the matching commitments, their figures, roles, initiatives, people,
  organizations and documents). With no filter set, a view holds everything standing on its date; a filter that
  matches nothing leaves nothing, never "everything".
- `commitments_view(f)`: every matching commitment with what is true of it on the date: whether it was made yet,
  its status and progress (the latest update not corrected away), when it was made and whether that date is
  inferred, its deadline's state and the days left, whether it is stale, its specificity and whether it is
  verifiable as written. Pages, the API, files, feeds, decks and briefs read these columns; Python only words them.
"""

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from models.facts import BY_NAME
from models.tables import (
    Commitment,
    CommitmentParty,
    CommitmentTheme,
    Contest,
    Event,
    EventRole,
    FactChange,
    Inference,
    Initiative,
    Organization,
    ParticipationFigure,
    PartyReply,
    Passage,
    Person,
    PersonAlias,
    ProgressUpdate,
    Rubric,
    Source,
    Statement,
    Theme,
)
from tracker.domain import rules
from tracker.domain.vocab import COMMITMENT_KINDS, STATUSES
from tracker.read.expressions import (
    last_checked_expression,
    last_update_expression,
    latest_update_select,
    made_on_expression,
    named_alias,
    open_contests_expression,
    parties_disagree_expression,
    progress_expression,
    progress_on_expression,
    rubric_expression,
    specificity_expression,
    status_expression,
    with_a_number,
)
from tracker.read.filters import FILTERS, CommitmentFilter

# --- when a fact stands ----------------------------------------------------------------------------------------


def not_retracted(as_of: dt.date | None, retracted_at: Any) -> sa.ColumnElement[bool]:
    """Not retracted by the end of `as_of` (today if none): a retraction hides a fact from that day on, never
    before. `retracted_at` is a table's or a subquery's column."""
    day_after = rules.end_of_day(rules.today() if as_of is None else as_of)
    return sa.or_(retracted_at.is_(None), retracted_at >= day_after)


def made_by(as_of: dt.date) -> sa.ColumnElement[bool]:
    """A commitment made by `as_of`: its event had begun, or (made in a document itself) its document was out."""
    begun = sa.select(Event.slug).where(Event.start_date <= as_of).correlate(None)
    published = sa.select(Source.slug).where(Source.published_on <= as_of).correlate(None)
    return sa.or_(
        Commitment.event_slug.in_(begun),
        sa.and_(Commitment.event_slug.is_(None), Commitment.source_slug.in_(published)),
    )


def events_begun(as_of: dt.date) -> sa.Select:
    """The slugs of the events that had begun by `as_of` and stand on it."""
    return sa.select(Event.slug).where(Event.start_date <= as_of, not_retracted(as_of, Event.retracted_at))


def sources_out(as_of: dt.date) -> sa.Select:
    """The slugs of the documents standing on `as_of`: published by then, or (undated) reporting an event that had
    begun by then, or undated and reporting none."""
    reported = named_alias(Event, "reported_event")
    dated = Source.published_on <= as_of
    undated = sa.and_(
        Source.published_on.is_(None),
        sa.or_(
            sa.exists().where(reported.source_slug == Source.slug, reported.start_date <= as_of),
            ~sa.exists().where(reported.source_slug == Source.slug),
        ),
    )
    return (
        sa.select(Source.slug).where(sa.or_(dated, undated), not_retracted(as_of, Source.retracted_at)).correlate(None)
    )


# The kinds of fact that belong to an event and stand from its first day.
AT_AN_EVENT = (ParticipationFigure, Initiative, EventRole, Statement)


def _named_person(as_of: dt.date, person: Any) -> sa.ColumnElement[bool]:
    """Whether a standing statement quotes `person` (Person or an alias of it), or a standing commitment names them
    as its speaker (asked of each person, so a speaker of many commitments is found at the first)."""
    return sa.or_(
        person.slug.in_(sa.select(Statement.person_slug).where(standing(as_of, Statement))),
        sa.exists().where(Commitment.stated_by_slug == person.slug, standing(as_of)).correlate(person),
    )


def _person_stands(as_of: dt.date) -> sa.ColumnElement[bool]:
    return sa.or_(Person.source_slug.in_(sources_out(as_of)), _named_person(as_of, Person))


def _named_organization(as_of: dt.date) -> sa.ColumnElement[bool]:
    """Whether a standing role, a standing commitment's party or a standing person's body names the organization
    (asked of each organization, so a party to many commitments is found at the first)."""
    people = named_alias(Person, "named_person")
    body = sa.select(people.organization_slug).where(
        people.organization_slug.is_not(None),
        not_retracted(as_of, people.retracted_at),
        sa.or_(people.source_slug.in_(sources_out(as_of)), _named_person(as_of, people)),
    )
    party = sa.exists().where(
        CommitmentParty.organization_slug == Organization.slug,
        Commitment.slug == CommitmentParty.commitment_slug,
        standing(as_of),
    )
    return sa.or_(
        Organization.slug.in_(sa.union(sa.select(EventRole.organization_slug).where(standing(as_of, EventRole)), body)),
        party.correlate(Organization),
    )


def _at_its_event_or_in_its_document(model: Any, events: Any, documents: Any) -> sa.ColumnElement[bool]:
    """A fact stated at one of `events`, or, stated in its document itself (no event), from one of `documents`."""
    return sa.or_(model.event_slug.in_(events), sa.and_(model.event_slug.is_(None), model.source_slug.in_(documents)))


def standing(as_of: dt.date | None, model: Any = None) -> sa.ColumnElement[bool]:
    """A fact of `model` (a commitment unless said) standing on `as_of` (today if none): see the module's rule."""
    model = Commitment if model is None else model
    as_of = rules.today() if as_of is None else as_of
    conditions = [not_retracted(as_of, model.retracted_at)]
    if model is Commitment:
        conditions.append(made_by(as_of))
    elif model is Event:
        conditions.append(Event.start_date <= as_of)
    elif model in AT_AN_EVENT:
        conditions.append(_at_its_event_or_in_its_document(model, events_begun(as_of), sources_out(as_of)))
    elif model is Source:
        conditions.append(Source.slug.in_(sources_out(as_of)))
    elif model is Person:
        conditions.append(_person_stands(as_of))
    elif model is Organization:
        conditions.append(sa.or_(Organization.source_slug.in_(sources_out(as_of)), _named_organization(as_of)))
    elif model is PersonAlias:
        conditions.append(PersonAlias.source_slug.in_(sources_out(as_of)))
    return sa.and_(*conditions)


def retracted_facts(as_of: dt.date | None) -> sa.CompoundSelect:
    """The addresses ("initiative:slug") of every fact retracted by the end of `as_of` (today if none): what rows
    keyed by address (inferences) leave out."""
    from models.facts import RETRACTABLE, fact_key

    return sa.union_all(
        *(
            sa.select((sa.literal(f"{kind}:") + fact_key(model)).label("fact")).where(
                ~not_retracted(as_of, model.retracted_at)
            )
            for kind, model in RETRACTABLE.items()
        )
    )


# --- what a view keeps ----------------------------------------------------------------------------------------


def matching(f: CommitmentFilter) -> list[sa.ColumnElement[bool]]:
    """The conditions a view puts on commitments: those standing on its date, narrowed by every filter set."""
    conditions: list[sa.ColumnElement[bool]] = [standing(f.as_of)]
    for spec in FILTERS:
        if spec.is_set(f):
            condition = spec.condition(f)
            if condition is not None:
                conditions.append(condition)
    return conditions


def matching_slugs(f: CommitmentFilter) -> sa.Select:
    return sa.select(Commitment.slug).where(*matching(f)).correlate(None)


def of_kept_commitment(commitment_slug: Any, f: CommitmentFilter) -> sa.ColumnElement[bool]:
    """A row about a commitment the view keeps. With no filter set, the view keeps every commitment standing on its
    date, and the few that do not stand are left out instead: the rows are then read in the table's own order, not
    looked up commitment by commitment (a third of the time of a file of every update)."""
    if narrows_commitments(f):
        return commitment_slug.in_(matching_slugs(f))
    standing_on_date = sa.func.coalesce(sa.and_(*matching(f)), sa.false())
    return commitment_slug.not_in(sa.select(Commitment.slug).where(sa.not_(standing_on_date)).correlate(None))


def narrows_commitments(f: CommitmentFilter) -> bool:
    """Whether any filter but the event's is set: the view then holds only what the matching commitments touch."""
    return any(spec.is_set(f) for spec in FILTERS if spec.field != "events")


def view_events(f: CommitmentFilter) -> sa.Select:
    """The slugs of the events a view covers: every event standing on its date, or those chosen in the event
    filter, and, once any other filter is set, only those where a matching commitment was made."""
    statement = events_begun(f.as_of)
    if f.events:
        statement = statement.where(Event.slug.in_(f.events))
    if narrows_commitments(f):
        made_at = sa.select(Commitment.event_slug).where(*matching(f), Commitment.event_slug.is_not(None))
        statement = statement.where(Event.slug.in_(made_at.correlate(None)))
    return statement.correlate(None)


def _view_people(f: CommitmentFilter) -> sa.Select:
    said = sa.select(Statement.person_slug).where(
        Statement.event_slug.in_(view_events(f)), not_retracted(f.as_of, Statement.retracted_at)
    )
    stated = sa.select(Commitment.stated_by_slug).where(*matching(f), Commitment.stated_by_slug.is_not(None))
    return sa.union(said, stated)


def _view_organizations(f: CommitmentFilter) -> sa.Select:
    roles = sa.select(EventRole.organization_slug).where(
        EventRole.event_slug.in_(view_events(f)), not_retracted(f.as_of, EventRole.retracted_at)
    )
    parties = sa.select(CommitmentParty.organization_slug).where(CommitmentParty.commitment_slug.in_(matching_slugs(f)))
    bodies = sa.select(Person.organization_slug).where(
        Person.slug.in_(_view_people(f)), Person.organization_slug.is_not(None)
    )
    return sa.union(roles, parties, bodies)


def _view_sources(f: CommitmentFilter) -> sa.Select:
    """The documents the view's facts are taken from."""
    quoted = [sa.select(Commitment.source_slug).where(*matching(f))]
    for model in AT_AN_EVENT:
        quoted.append(sa.select(model.source_slug).where(model.event_slug.in_(view_events(f))))
    quoted.append(sa.select(Event.source_slug).where(Event.slug.in_(view_events(f))))
    return sa.union(*quoted)


def in_view(model: Any, f: CommitmentFilter) -> list[sa.ColumnElement[bool]]:
    """The conditions a view puts on the rows of `model`: standing on its date, and, for a view with filters set,
    touched by what it keeps."""
    if model is Commitment:
        return matching(f)
    if model in (CommitmentParty, CommitmentTheme):
        return [of_kept_commitment(model.commitment_slug, f)]
    if model is ProgressUpdate:
        return [of_kept_commitment(ProgressUpdate.commitment_slug, f), ProgressUpdate.as_of <= f.as_of]
    if model is Rubric:
        return [of_kept_commitment(Rubric.commitment_slug, f)]
    if model is PartyReply:
        rated = sa.select(ProgressUpdate.id).where(*in_view(ProgressUpdate, f)).correlate(None)
        return [
            of_kept_commitment(PartyReply.commitment_slug, f),
            PartyReply.update_id.in_(rated),
            PartyReply.received_on <= f.as_of,
        ]
    if model is Contest:
        return [of_kept_commitment(Contest.commitment_slug, f), Contest.opened_at < rules.end_of_day(f.as_of)]
    if model is Event:
        return [Event.slug.in_(view_events(f))]
    if model in AT_AN_EVENT:
        documents = sa.select(Source.slug).where(*in_view(Source, f)).correlate(None)
        return [
            _at_its_event_or_in_its_document(model, view_events(f), documents),
            not_retracted(f.as_of, model.retracted_at),
        ]
    conditions = [standing(f.as_of, model)] if hasattr(model, "retracted_at") else []
    narrowed = narrows_commitments(f) or bool(f.events)
    if model is Person and narrowed:
        conditions.append(Person.slug.in_(_view_people(f)))
    elif model is PersonAlias and narrowed:
        conditions.append(PersonAlias.person_slug.in_(_view_people(f)))
    elif model is Organization and narrowed:
        conditions.append(Organization.slug.in_(_view_organizations(f)))
    elif model is Source and narrowed:
        conditions.append(Source.slug.in_(_view_sources(f)))
    elif model is Passage:
        kept = sa.select(Source.slug).where(*in_view(Source, f))
        conditions.append(Passage.source_slug.in_(kept.correlate(None)))
    elif model is Theme and narrows_commitments(f):
        used = sa.select(CommitmentTheme.theme_slug).where(CommitmentTheme.commitment_slug.in_(matching_slugs(f)))
        conditions.append(Theme.slug.in_(used.correlate(None)))
    elif model is Inference:
        conditions.append(Inference.fact.not_in(retracted_facts(f.as_of)))
    elif model is FactChange:
        conditions.append(FactChange.changed_at < rules.end_of_day(f.as_of))
    return conditions


# --- every commitment on a date -------------------------------------------------------------------------------


class _DaysBetween(FunctionElement):
    """Whole days from the first date to the second, on every database."""

    type = sa.Integer()
    inherit_cache = True
    name = "days_between"


@compiles(_DaysBetween)
def _days_between_default(element, compiler, **kw):
    first, second = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(CAST({second} AS DATE) - CAST({first} AS DATE))"


@compiles(_DaysBetween, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    first, second = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"CAST(julianday({second}) - julianday({first}) AS INTEGER)"


def deadline_state_of(due_date: Any, status: Any, as_of: dt.date) -> sa.ColumnElement[str]:
    """rules.DEADLINE_STATES in SQL, from a deadline and a status as of `as_of` (columns or expressions)."""
    soon = as_of + dt.timedelta(days=rules.DUE_SOON_DAYS)
    return sa.case(
        (due_date.is_(None), "no_deadline"),
        (status.in_(rules.CLOSED_STATUSES), "closed"),
        (sa.and_(due_date < as_of, status == "not_assessed"), "passed_not_assessed"),
        (due_date < as_of, "overdue"),
        (due_date <= soon, "due_soon"),
        else_="on_track",
    )


def stale_of(last_checked: Any, made_on: Any, status: Any, as_of: dt.date) -> sa.ColumnElement[bool]:
    """rules.stale_rule in SQL: no look for more than the stale period, and not closed."""
    stale_before = as_of - dt.timedelta(days=rules.stale_after_days())
    return sa.and_(status.not_in(rules.CLOSED_STATUSES), sa.func.coalesce(last_checked, made_on) < stale_before)


def made_on_inferred_expression() -> sa.ColumnElement[bool]:
    """Whether the day a commitment counts from is not stated literally: its event's dates, or its document's
    publication date, inferred."""
    event = named_alias(Event, "made_at_event")
    inferred_event = sa.select(event.dates_inferred).where(event.slug == Commitment.event_slug).scalar_subquery()
    inferred_date = sa.exists().where(
        Commitment.event_slug.is_(None),
        Inference.fact == sa.literal("source:") + Commitment.source_slug,
        Inference.field == "published_on",
    )
    return sa.func.coalesce(inferred_event, inferred_date)


# The columns of commitments_view: every field a commitment's declaration holds (its evidence's source and quote
# among them, the stored status as recorded_status), named as in files, the event's and the speaker's names, then
# the claims worked out as of the view's date. Codes and values: words are left to tracker.present.words.
STORED = tuple(name for name in BY_NAME["commitment"].stated if name != "status")
# Each claim the view works out about a commitment, with the Python type of its value (None: may be empty).
CLAIMS: dict[str, Any] = {
    "status": str,
    "progress_value": float | None,
    "progress_on": dt.date | None,
    "last_update": dt.date | None,
    "made": bool,
    "made_on": dt.date | None,
    "made_on_inferred": bool,
    "deadline_state": str,
    "days_left": int | None,
    "stale": bool,
    "specificity": int,
    "verifiable": bool,
    "rubric": int | None,
    "parties_disagree": int,
    "open_contests": int,
}
CLAIM_COLUMNS = tuple(CLAIMS)
VIEW_COLUMNS = (
    *STORED,
    "recorded_status",
    "event",
    "stated_by",
    "source",
    "source_quote",
    *CLAIM_COLUMNS,
)
# What each claim worked out from the looked-up values rests on.
_RESTS_ON = {
    "made": ("made_on",),
    "deadline_state": ("due_date", "status"),
    "days_left": ("due_date",),
    "stale": ("last_checked", "made_on", "status"),
    "verifiable": ("due_date", "target_value"),
}
# The order lists show commitments in: soonest deadline first, then by framework and title.
ORDER = ("due_date_missing", "due_date", "framework", "title", "slug")


def _per_commitment(as_of: dt.date) -> dict[str, sa.ColumnElement]:
    """The values looked up for each commitment (correlated to Commitment), before those worked out from them."""
    speaker = sa.select(Person.name).where(Person.slug == Commitment.stated_by_slug).scalar_subquery()
    event = named_alias(Event, "view_event")
    event_name = (
        sa.select(sa.func.coalesce(sa.func.nullif(event.short_name, ""), event.name))
        .where(event.slug == Commitment.event_slug)
        .scalar_subquery()
    )
    return {
        **{name: getattr(Commitment, name) for name in STORED},
        "recorded_status": Commitment.status,
        "event": event_name,
        "stated_by": speaker,
        "source": Commitment.source_slug,
        "source_quote": Commitment.source_quote,
        "status": status_expression(as_of),
        "progress_value": progress_expression(as_of),
        "progress_on": progress_on_expression(as_of),
        "last_update": last_update_expression(as_of),
        "last_checked": last_checked_expression(as_of),
        "made_on": made_on_expression(),
        "made_on_inferred": made_on_inferred_expression(),
        "specificity": specificity_expression(),
        "due_date_missing": Commitment.due_date.is_(None),
        "rubric": rubric_expression(),
        "parties_disagree": parties_disagree_expression(as_of),
        "open_contests": open_contests_expression(as_of),
    }


def commitments_view(
    f: CommitmentFilter,
    *,
    limit: int | None = None,
    offset: int = 0,
    slugs: tuple[str, ...] | None = None,
    total: bool = False,
    ordered: bool = True,
    columns: tuple[str, ...] = VIEW_COLUMNS,
    dialect: str | None = None,
) -> sa.Select:
    """Every commitment the view keeps (or, with `slugs`, those commitments whether or not the view keeps them),
    with `columns` (of VIEW_COLUMNS) as of the view's date, in ORDER (unordered if not `ordered`): `limit` rows from
    the `offset`th; with `total`, a last column counting every match. Only what `columns` need is looked up.

    The rows are chosen (and a page of them cut) on the stored columns ORDER names, before anything is looked up:
    the values each commitment needs looking up are then looked up for the rows shown only, once each (the lookup
    is fenced with OFFSET, so the claims worked out from it do not repeat it).

    On PostgreSQL (`dialect`), the latest update (its status and day) and the latest with a number (the number and
    its day) are each found by one LATERAL join, not by a seek for every value (see _latest_rows)."""
    values = _per_commitment(f.as_of)
    needed = {value for name in (*columns, *(ORDER if ordered else ())) for value in _RESTS_ON.get(name, (name,))}
    laterals = _latest_rows(f.as_of, values, needed) if dialect == "postgresql" else []
    kept = sa.select(Commitment.slug.label("kept_slug"))
    if total:
        kept = kept.add_columns(sa.func.count().over().label("total"))
    kept = kept.where(*(matching(f) if slugs is None else [Commitment.slug.in_(slugs)]))
    if limit is not None or offset:
        kept = kept.order_by(*(values[name] for name in ORDER)).limit(limit).offset(offset)
    kept = kept.subquery("kept")
    looked_up = [value.label(name) for name, value in values.items() if name in needed]
    inner = sa.select(*looked_up, *([kept.c.total] if total else []))
    inner = inner.join_from(Commitment, kept, kept.c.kept_slug == Commitment.slug)
    for lateral in laterals:
        inner = inner.outerjoin(lateral, sa.true())
    inner = inner.offset(0).subquery("commitment_view")
    c = inner.c
    worked_out = {
        "made": lambda: c.made_on <= f.as_of,
        "deadline_state": lambda: deadline_state_of(c.due_date, c.status, f.as_of),
        "days_left": lambda: sa.case(
            (c.due_date.is_(None), None), else_=_DaysBetween(sa.literal(f.as_of, sa.Date), c.due_date)
        ),
        "stale": lambda: stale_of(c.last_checked, c.made_on, c.status, f.as_of),
        "verifiable": lambda: sa.or_(c.due_date.is_not(None), c.target_value.is_not(None)),
        "made_on_inferred": lambda: sa.func.coalesce(c.made_on_inferred, False),
    }
    selected = [worked_out[name]().label(name) if name in worked_out else c[name] for name in columns]
    statement = sa.select(*selected, *([c.total] if total else []))
    return statement.order_by(*(c[name] for name in ORDER)) if ordered else statement


def _latest_rows(as_of: dt.date, values: dict[str, sa.ColumnElement], needed: set[str]) -> list[sa.Lateral]:
    """PostgreSQL's LATERAL joins for the values of `needed` that come from the latest update (status, last_update)
    and from the latest with a number (progress_value, progress_on), with those values in `values` made to read
    them. The same rule as the seeks (expressions.latest_update_select): at 100,000 commitments and 1,000,000
    updates, the four values by two joins took 1.0 s where four seeks took 1.6-1.9 s."""
    laterals = []
    if needed & {"status", "last_update"}:
        latest = latest_update_select(lambda u: [u.status, u.as_of], as_of).lateral("latest_row")
        values["status"] = sa.func.coalesce(latest.c.status, Commitment.status)
        values["last_update"] = latest.c.as_of
        laterals.append(latest)
    if needed & {"progress_value", "progress_on"}:
        numbered = latest_update_select(lambda u: [u.progress_value, u.as_of], as_of, with_a_number)
        numbered = numbered.lateral("numbered_row")
        values["progress_value"], values["progress_on"] = numbered.c.progress_value, numbered.c.as_of
        laterals.append(numbered)
    return laterals


def one_commitment(slug: str, as_of: dt.date) -> sa.Select:
    """commitments_view's columns for one commitment, whether or not it had been made by `as_of`."""
    return commitments_view(CommitmentFilter(as_of=as_of), slugs=(slug,))


# --- counts ---------------------------------------------------------------------------------------------------


def counts_statement(f: CommitmentFilter) -> sa.Select:
    """What a view counts, in one row over every matching commitment: by kind, by status, by deadline state (with
    how many of each rest on an inferred deadline), stale, and the events, documents and parties they come from."""
    counted = ("kind", "status", "deadline_state", "due_date_inferred", "stale", "event_slug", "source")
    view = commitments_view(f, ordered=False, columns=counted).subquery("counted")
    c = view.c

    def number(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
        return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)

    parties = (
        sa.select(sa.func.count(sa.distinct(CommitmentParty.organization_slug)))
        .where(CommitmentParty.commitment_slug.in_(matching_slugs(f)))
        .scalar_subquery()
    )
    columns = [sa.func.count().label("matched")]
    columns += [number(c.kind == kind).label(f"kind:{kind}") for kind in COMMITMENT_KINDS]
    columns += [number(c.status == status).label(f"status:{status}") for status in STATUSES]
    for state in rules.DEADLINE_STATES:
        columns.append(number(c.deadline_state == state).label(f"deadline:{state}"))
        columns.append(number(sa.and_(c.deadline_state == state, c.due_date_inferred)).label(f"inferred:{state}"))
    columns += [
        number(c.stale).label("stale"),
        sa.func.count(sa.distinct(c.event_slug)).label("events"),
        sa.func.count(sa.distinct(c.source)).label("sources"),
        parties.label("parties"),
    ]
    return sa.select(*columns).select_from(view)


# The claims of a commitment's row of the view (with its stored fields) that say whether it is on track.
PACE_CLAIMS = (
    "made_on",
    "progress_on",
    "progress_value",
    "made_on_inferred",
    "due_date",
    "due_date_inferred",
    "target_value",
    "target_qualifier",
)


def pace_of(row: Any, day: dt.date) -> rules.Pace:
    """Is the commitment of `row` on track on `day` (rules.pace): its latest recorded progress, on the day that
    update describes, against the straight line from the day it was made to its target on its deadline. `row`
    maps PACE_CLAIMS to values (None where there is none); the reading is inferred where the deadline or the
    made-on date is."""
    return rules.pace(
        made_on=row["made_on"],
        due_date=row["due_date"],
        described=row["progress_on"],
        target=row["target_value"],
        qualifier=row["target_qualifier"],
        progress=row["progress_value"],
        as_of=day,
        inferred=bool(row["due_date_inferred"] or row["made_on_inferred"]),
    )
