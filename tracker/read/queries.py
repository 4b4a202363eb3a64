"""Read queries behind the pages, the exports and the deck.

SQL through SQLAlchemy expressions with bound parameters; filtering and aggregation happen in the database, and
only the rows a view shows come back, as pandas DataFrames. Every function takes the engine first and plain,
hashable values after it, so pages can cache results by their arguments.
"""

import dataclasses
import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from models.facts import CORRECTABLE_FIELDS, RETRACTABLE, fact_key
from models.tables import (
    Commitment,
    CommitmentParty,
    CommitmentTheme,
    Event,
    EventRole,
    FactChange,
    Inference,
    Initiative,
    Organization,
    ParticipationFigure,
    Person,
    PersonAlias,
    Source,
    Statement,
    Theme,
)
from tracker.domain import rules
from tracker.domain.codebook import COMMITMENT_KIND_LABELS
from tracker.domain.facts import fact_id
from tracker.domain.suggest import slug_for
from tracker.domain.vocab import COMMITMENT_KINDS, STATUS_LABELS, STATUSES
from tracker.read import as_of
from tracker.read.as_of import standing
from tracker.read.expressions import event_display_name, org_display_name, status_expression
from tracker.read.filters import FILTERS, CommitmentFilter

INITIATIVE_KIND_LABELS = {"initiative": "Initiative", "case_collection": "Case collection"}
# Tables show at most this many rows (the page says so when there are more); a CSV holds the rows shown.
MAX_TABLE_ROWS = 2000
# The organization x commitment matrix is read by eye: beyond this many commitments it needs a narrower filter.
MAX_MATRIX_COMMITMENTS = 60


def _listed(items: sa.Subquery, dialect: str) -> sa.ScalarSelect[str]:
    """A JSON array, as text, of the rows of `items` (a subquery correlated to the enclosing statement's rows,
    ordered as listed), each row an array of its columns where it has more than one. Worked out by the database
    with each row: looked up after, a batch of 5,000 commitments at a time by their 5,000 slugs, the lists took a
    seventh of the Commitments page's CSV."""
    columns = list(items.c)
    if dialect == "postgresql":
        item = columns[0] if len(columns) == 1 else sa.func.json_build_array(*columns)
        listed = sa.aggregate_order_by(sa.func.json_agg(item), *columns)
        return sa.select(sa.cast(sa.func.coalesce(listed, sa.text("'[]'::json")), sa.Text)).scalar_subquery()
    item = columns[0] if len(columns) == 1 else sa.func.json_array(*columns)
    return sa.select(sa.func.json_group_array(item)).scalar_subquery()  # in the subquery's order


def with_lists(statement: sa.Select, dialect: str) -> sa.Select:
    """The as-of view's rows with each commitment's parties (how people name the organization, whether the text
    leaves it inferred; an organization named alike twice listed once) and themes, by name, as JSON arrays."""
    slug = statement.selected_columns.slug
    enclosing = statement.get_final_froms()
    name = org_display_name()
    parties = (
        sa.select(name.label("name"), CommitmentParty.inferred.label("inferred"))
        .distinct()
        .join(Organization, Organization.slug == CommitmentParty.organization_slug)
        .where(CommitmentParty.commitment_slug == slug)
        .order_by(name, CommitmentParty.inferred)
        .correlate(*enclosing)
        .subquery("listed_parties")
    )
    themes = (
        sa.select(Theme.name.label("name"))
        .join(CommitmentTheme, CommitmentTheme.theme_slug == Theme.slug)
        .where(CommitmentTheme.commitment_slug == slug)
        .order_by(Theme.name)
        .correlate(*enclosing)
        .subquery("listed_themes")
    )
    return statement.add_columns(
        _listed(parties, dialect).label("listed_parties"),
        _listed(themes, dialect).label("listed_themes"),
    )


# Codes and values only: tracker.present.words.commitments puts them into words for pages, CSVs, decks and briefs.
# The as-of view's columns (tracker.read.as_of.VIEW_COLUMNS), with the parties and themes looked up after the
# speaker's name.
_SPEAKER = as_of.VIEW_COLUMNS.index("stated_by") + 1
COMMITMENT_COLUMNS = [*as_of.VIEW_COLUMNS[:_SPEAKER], "parties", "themes", *as_of.VIEW_COLUMNS[_SPEAKER:]]


def count_commitments(engine: Engine, f: CommitmentFilter) -> int:
    with engine.connect() as connection:
        statement = sa.select(sa.func.count()).select_from(Commitment).where(*as_of.matching(f))
        return connection.execute(statement).scalar_one()


def commitment_title(engine: Engine, slug: str) -> str | None:
    """The commitment's title, or None if no commitment has this slug."""
    with engine.connect() as connection:
        return connection.execute(sa.select(Commitment.title).where(Commitment.slug == slug)).scalar_one_or_none()


def commitments_statement(f: CommitmentFilter, limit: int | None = MAX_TABLE_ROWS, offset: int = 0) -> sa.Select:
    """The SQL behind commitments_table (the benchmarks hand it to Datasette, to serve the same rows)."""
    return as_of.commitments_view(f, limit=limit, offset=offset)


def commitment_choices(engine: Engine, f: CommitmentFilter, limit: int = MAX_TABLE_ROWS) -> dict[str, str]:
    """{slug: title} of the commitments matching `f`, by title, for a picker: the first `limit` of them, nothing
    worked out but what the filters need."""
    statement = (
        sa.select(Commitment.slug, Commitment.title)
        .where(*as_of.matching(f))
        .order_by(Commitment.title, Commitment.slug)
        .limit(limit)
    )
    with engine.connect() as connection:
        return dict(connection.execute(statement).all())


def commitments_table(
    engine: Engine, f: CommitmentFilter, limit: int | None = MAX_TABLE_ROWS, offset: int = 0
) -> pd.DataFrame:
    """One row per commitment matching `f`, soonest deadline first, as the Commitments page shows it (and its CSV
    holds it): `limit` rows from the `offset`th."""
    statement = as_of.commitments_view(f, limit=limit, offset=offset, dialect=engine.dialect.name)
    return _commitment_rows(engine, statement)[0]


def commitments_page(engine: Engine, f: CommitmentFilter, limit: int, offset: int = 0) -> tuple[pd.DataFrame, int]:
    """A page of commitments_table and how many commitments match in all, from one query: the filters (a status
    as of a date, say) are worked out once for both."""
    statement = as_of.commitments_view(f, limit=limit, offset=offset, total=True, dialect=engine.dialect.name)
    frame, total = _commitment_rows(engine, statement)
    if total is None:  # no row on this page: the count alone (zero, or a page past the end)
        total = count_commitments(engine, f) if offset else 0
    return frame, total


def _commitment_rows(engine: Engine, statement: sa.Select) -> tuple[pd.DataFrame, int | None]:
    with engine.connect() as connection:
        rows = connection.execute(with_lists(statement, engine.dialect.name)).all()
    frame = _frame(rows).astype({"days_left": "Int64"})
    total = rows[0].total if rows and "total" in rows[0]._fields else None
    return frame, total


def commitment_frames(engine: Engine, f: CommitmentFilter, size: int = 5_000) -> Iterator[pd.DataFrame]:
    """Every commitment matching `f`, in commitments_table's order and columns, `size` at a time: the rows come
    from the database cursor as they are read, so memory holds one batch whatever the number of matches."""
    with engine.connect() as connection:
        statement = with_lists(as_of.commitments_view(f, dialect=engine.dialect.name), engine.dialect.name)
        result = connection.execute(statement, execution_options={"yield_per": size})
        for rows in result.partitions(size):
            yield _frame(rows)


def _frame(rows: Sequence[sa.Row]) -> pd.DataFrame:
    """Rows of the as-of view with its lists (with_lists) as commitments_table's frame, made a column at a time."""
    if not rows:
        return pd.DataFrame(columns=COMMITMENT_COLUMNS)
    column = dict(zip(rows[0]._fields, zip(*rows, strict=True), strict=True))
    due = column["due_date"]
    worked_out = {
        "parties": [
            tuple((name, bool(inferred)) for name, inferred in json.loads(v)) for v in column["listed_parties"]
        ],
        "themes": [tuple(json.loads(listed)) for listed in column["listed_themes"]],
        "stated_by": [name or "" for name in column["stated_by"]],
        **{flag: [bool(v) for v in column[flag]] for flag in ("made", "made_on_inferred", "stale", "verifiable")},
        # A deadline's precision and whether it is inferred say nothing where there is no deadline.
        "due_date_inferred": [bool(v) if d else None for d, v in zip(due, column["due_date_inferred"], strict=True)],
        "due_date_precision": [v if d else None for d, v in zip(due, column["due_date_precision"], strict=True)],
    }
    return pd.DataFrame({name: worked_out[name] if name in worked_out else column[name] for name in COMMITMENT_COLUMNS})


def commitment_detail(engine: Engine, slug: str, as_of_date: dt.date) -> dict | None:
    """Everything a commitment's page shows: the as-of view's row for it (made yet or not), the stored fields,
    who commits and who said it, the specificity with its reasons; None if there is no such commitment."""
    statement = (
        sa.select(
            Commitment,
            Source.label.label("source_title"),
            # How precisely the text dates the day the commitment counts from (its event's or its document's).
            sa.func.coalesce(Event.dates_precision, Source.published_on_precision).label("made_on_precision"),
            # Why that day is not stated literally, where it is not: the event's dates' reason, or the document's.
            sa.func.coalesce(
                sa.case((Event.dates_inferred, Event.inference_note)),
                sa.select(Inference.reason)
                .where(Inference.fact == "source:" + Source.slug, Inference.field == "published_on")
                .scalar_subquery(),
                "",
            ).label("made_on_reason"),
        )
        .outerjoin(Event, Event.slug == Commitment.event_slug)
        .join(Source, Source.slug == Commitment.source_slug)
        .where(Commitment.slug == slug)
    )
    parties_statement = (
        sa.select(
            Organization.slug,
            Organization.name,
            org_display_name().label("display"),
            CommitmentParty.role,
            CommitmentParty.inferred,
            CommitmentParty.inference_note,
        )
        .join(CommitmentParty, CommitmentParty.organization_slug == Organization.slug)
        .where(CommitmentParty.commitment_slug == slug)
        .order_by(org_display_name())
    )
    themes_statement = (
        sa.select(Theme.name)
        .join(CommitmentTheme, CommitmentTheme.theme_slug == Theme.slug)
        .where(CommitmentTheme.commitment_slug == slug)
        .order_by(Theme.name)
    )
    with Session(engine) as session:
        row = session.execute(statement).first()
        if row is None:
            return None
        view = session.execute(as_of.one_commitment(slug, as_of_date)).one()
        parties = [dict(p._mapping) for p in session.execute(parties_statement)]
        themes = list(session.execute(themes_statement).scalars())
        stated_by = None
        if row.Commitment.stated_by_slug:
            person = session.execute(
                sa.select(Person.name, Person.role, Organization.name.label("organization"))
                .outerjoin(Organization, Organization.slug == Person.organization_slug)
                .where(Person.slug == row.Commitment.stated_by_slug)
            ).first()
            stated_by = dict(person._mapping) if person else None
    c = row.Commitment
    spec = rules.specificity(
        parties=[(p["display"], bool(p["inferred"])) for p in parties],
        due_date=c.due_date,
        due_date_precision=c.due_date_precision,
        due_date_inferred=c.due_date_inferred,
        target_value=c.target_value,
        target_unit=c.target_unit,
        target_qualifier=c.target_qualifier,
    )
    # A commitment looked at as of a day before it was made: no status, countdown or flags yet (the lists leave it
    # out).
    made = bool(view.made)
    return {
        "commitment": c.model_dump(),
        "view": dict(view._mapping),
        "status": view.status,
        "event": view.event,
        "source_title": row.source_title,
        "parties": parties,
        "themes": themes,
        "stated_by": stated_by,
        "specificity": spec,
        "verifiable": bool(view.verifiable),
        "target": rules.target_text(c.target_value, c.target_unit, c.target_qualifier),
        "made": made,
        "deadline_state": view.deadline_state if made else None,
        "days_left": view.days_left,
        "countdown": (
            rules.countdown_words(view.deadline_state, view.days_left, view.status, c.due_date)
            if c.due_date and made
            else ""
        ),
        "progress": view.progress_value,
        "progress_text": rules.progress_text(view.progress_value, c.target_value, c.target_unit, c.target_qualifier),
        "last_update": view.last_update,
        "made_on": view.made_on,
        "made_on_precision": row.made_on_precision,
        "made_on_inferred": bool(view.made_on_inferred),  # the event's dates not stated literally (a year, say)
        "made_on_reason": row.made_on_reason,
        "stale": bool(view.stale) if made else False,
        "pace": as_of.pace_of(c.model_dump() | dict(view._mapping), as_of_date) if made else None,
    }


def status_by_framework(engine: Engine, f: CommitmentFilter) -> pd.DataFrame:
    """Counts per framework, kind (commitment or priority: counted apart, never added up unsaid) and status, every
    status of the scale with zeros, for each framework and kind the view holds."""
    # Grouped outside the subquery: PostgreSQL will not match a GROUP BY expression holding bound parameters.
    per_commitment = (
        sa.select(Commitment.framework, Commitment.kind, status_expression(f.as_of).label("status"))
        .where(*as_of.matching(f))
        .subquery()
    )
    c = per_commitment.c
    statement = sa.select(c.framework, c.kind, c.status, sa.func.count().label("commitments")).group_by(
        c.framework, c.kind, c.status
    )
    with engine.connect() as connection:
        counts = {(r.framework, r.kind, r.status): r.commitments for r in connection.execute(statement)}
    groups = sorted({(framework, kind) for framework, kind, _ in counts}, key=lambda g: (g[0], KIND_ORDER[g[1]]))
    rows = [
        {"framework": fw, "kind": kind, "status": s, "commitments": counts.get((fw, kind, s), 0)}
        for fw, kind in groups
        for s in STATUSES
    ]
    return pd.DataFrame(rows, columns=["framework", "kind", "status", "commitments"])


KIND_ORDER = {kind: number for number, kind in enumerate(COMMITMENT_KINDS)}


def status_totals(engine: Engine, f: CommitmentFilter) -> dict[str, int]:
    return totals_by_status(status_by_framework(engine, f))


def totals_by_status(by_framework: pd.DataFrame) -> dict[str, int]:
    """Commitments per status, from status_by_framework's result (callers that have it need no second query).
    A few rows a framework: summed in Python, which costs a page run far less than a pandas groupby."""
    totals = dict.fromkeys(STATUSES, 0)
    for status, commitments in zip(by_framework["status"], by_framework["commitments"], strict=True):
        totals[status] += int(commitments)
    return totals


@dataclasses.dataclass(frozen=True)
class ViewCounts:
    """What a view counts, in SQL over every matching commitment (never over the rows a table shows): how many of
    each kind, of each status and in each deadline state (and of those, how many rest on an inferred deadline),
    how many are stale, and the events, documents and parties they come from."""

    matched: int
    kinds: dict[str, int]
    statuses: dict[str, int]
    deadlines: dict[str, int]
    inferred_deadlines: dict[str, int]
    stale: int
    events: int
    sources: int
    parties: int

    @property
    def with_deadline(self) -> int:
        return self.matched - self.deadlines["no_deadline"]

    def inferred(self, *states: str) -> int:
        return sum(self.inferred_deadlines[state] for state in states)


def view_counts(engine: Engine, f: CommitmentFilter) -> ViewCounts:
    with engine.connect() as connection:
        row = connection.execute(as_of.counts_statement(f)).one()._mapping

    def group(prefix: str, codes: tuple[str, ...]) -> dict[str, int]:
        return {code: int(row[f"{prefix}:{code}"]) for code in codes}

    return ViewCounts(
        matched=int(row["matched"]),
        kinds=group("kind", COMMITMENT_KINDS),
        statuses=group("status", STATUSES),
        deadlines=group("deadline", rules.DEADLINE_STATES),
        inferred_deadlines=group("inferred", rules.DEADLINE_STATES),
        stale=int(row["stale"]),
        events=int(row["events"]),
        sources=int(row["sources"]),
        parties=int(row["parties"]),
    )


def deadlines(engine: Engine, f: CommitmentFilter, limit: int = MAX_TABLE_ROWS) -> pd.DataFrame:
    """The first `limit` commitments with a deadline, soonest first (as commitments_table gives them);
    view_counts counts them all."""
    with_deadline = dataclasses.replace(f, due="has_deadline") if f.due == "any" else f
    table = commitments_table(engine, with_deadline, limit)
    return table[table["due_date"].notna()].reset_index(drop=True)


SOURCE_CITATION_COLUMNS = ["source", "title", "publisher", "published_on", "url"]


def _count_by_source(engine: Engine, model: Any, conditions: list, counted: str) -> pd.DataFrame:
    """How many rows of `model` matching `conditions` each document supplies, with what a citation needs:
    (source, title (the tracker's label for it), publisher, published_on, url, `counted`)."""
    statement = (
        sa.select(
            Source.slug, Source.label, Source.publisher, Source.published_on, Source.url, sa.func.count().label(counted)
        )
        .join(model, model.source_slug == Source.slug)
        .where(*conditions)
        .group_by(Source.slug, Source.label, Source.publisher, Source.published_on, Source.url)
        .order_by(Source.slug)
    )
    with engine.connect() as connection:
        rows = connection.execute(statement).all()
    return pd.DataFrame(rows, columns=[*SOURCE_CITATION_COLUMNS, counted])


def sources_of_commitments(engine: Engine, f: CommitmentFilter) -> pd.DataFrame:
    """Which documents the filtered commitments come from, with counts: where the figures come from."""
    return _count_by_source(engine, Commitment, as_of.matching(f), "commitments")


def filter_options(engine: Engine) -> dict[str, list[tuple[str, str]]]:
    """(value, label) pairs for every filter, from the data itself."""
    with engine.connect() as connection:
        frameworks = connection.execute(sa.select(Commitment.framework).distinct().order_by(Commitment.framework))
        events = connection.execute(
            sa.select(Event.slug, event_display_name()).where(standing(None, Event)).order_by(Event.start_date)
        )
        # A party only ever inferred (never named by a text) says so in the filter too.
        named = sa.exists().where(CommitmentParty.organization_slug == Organization.slug, ~CommitmentParty.inferred)
        parties = connection.execute(
            sa.select(Organization.slug, org_display_name(), named)
            .where(sa.exists().where(CommitmentParty.organization_slug == Organization.slug))
            .where(standing(None, Organization))
            .order_by(org_display_name())
        )
        # The countries of the parties, each marked where any of its parties' country is the tracker's reading.
        country_inferred = sa.exists().where(
            Inference.fact == sa.literal("organization:") + Organization.slug, Inference.field == "country"
        )
        countries = connection.execute(
            sa.select(Organization.country, sa.func.max(sa.case((country_inferred, 1), else_=0)))
            .where(sa.exists().where(CommitmentParty.organization_slug == Organization.slug))
            .where(standing(None, Organization), Organization.country != "")
            .group_by(Organization.country)
            .order_by(Organization.country)
        )
        themes = connection.execute(sa.select(Theme.slug, Theme.name).order_by(Theme.name))
        return {
            "frameworks": [(fw, fw) for (fw,) in frameworks],
            "events": [tuple(r) for r in events],
            "parties": [(slug, rules.marked(name, not is_named)) for slug, name, is_named in parties],
            "countries": [
                (country, f"{country} (inferred for some)" if inferred else country) for country, inferred in countries
            ],
            "themes": [tuple(r) for r in themes],
            "statuses": [(s, STATUS_LABELS[s]) for s in STATUSES],
            "kinds": list(COMMITMENT_KIND_LABELS.items()),
        }


def facet_counts(engine: Engine, f: CommitmentFilter) -> dict[str, dict[Any, int]]:
    """For each filter of several choices (those the registry gives a facet), how many commitments each choice
    would keep with the view's other filters as they are: {field: {value: count}}. A choice with none is left out
    (it counts 0). One statement.

    A facet whose filter is set counts within the view without it: the pairs (value, commitment) of those
    commitments, found once. The facets whose own filter is not set all count within the commitments the whole
    view keeps, found once with every such value a commitment has one of (its framework, say); a value a commitment
    may have several of (its parties) is joined to them. Every filter of several choices keeps a commitment with
    any pair of a chosen value, so where a facet's filter is set, the view's commitments are read off its pairs:
    what that filter rests on (the status of every commitment, say) is not worked out a second time."""
    facets = [spec for spec in FILTERS if spec.facet is not None]
    facet = {spec.field: spec.facet(f) for spec in facets}
    pairs = {
        spec.field: _facet_pairs(
            spec.field, facet[spec.field], as_of.matching(dataclasses.replace(f, **{spec.field: spec.default}))
        )
        for spec in facets
        if spec.is_set(f)
    }
    if pairs:
        field, chosen = next(iter(pairs.items()))
        kept_by = [Commitment.slug.in_(sa.select(chosen.c.slug).where(chosen.c.value.in_(getattr(f, field))))]
    else:
        kept_by = as_of.matching(f)
    # One value a commitment (no table joined to reach it): looked up with the commitment, once.
    own = {field: value for field, (value, joins) in facet.items() if field not in pairs and not joins}
    kept = (
        sa.select(Commitment.slug.label("slug"), *(value.label(field) for field, value in own.items()))
        .where(*kept_by)
        .cte("kept")
        .prefix_with("MATERIALIZED")
    )
    counts = []
    for spec in facets:
        if spec.field in own:
            value, number = kept.c[spec.field], sa.func.count()
        else:
            counted = pairs.get(spec.field)
            if counted is None:
                counted = _facet_pairs(spec.field, facet[spec.field], [Commitment.slug.in_(sa.select(kept.c.slug))])
            value, number = counted.c.value, sa.func.count(sa.distinct(counted.c.slug))
        named = sa.literal(spec.field).label("field")
        counts.append(sa.select(named, sa.cast(value, sa.String).label("value"), number).group_by(value))
    read = {field: _python_type(value) for field, (value, _joins) in facet.items()}
    found: dict[str, dict[Any, int]] = {}
    with engine.connect() as connection:
        for field, value, number in connection.execute(sa.union_all(*counts)):
            if value is not None:
                found.setdefault(field, {})[read[field](value)] = int(number)
    return {spec.field: found.get(spec.field, {}) for spec in facets}


def _facet_pairs(field: str, facet: tuple[Any, tuple], conditions: list[sa.ColumnElement[bool]]) -> sa.CTE:
    """(value, slug): each value of a facet (its value and the tables joined to reach it) that each commitment
    meeting `conditions` has, kept as found (MATERIALIZED): a set facet's pairs are read twice."""
    value, joins = facet
    statement = sa.select(value.label("value"), Commitment.slug.label("slug")).select_from(Commitment)
    for table, on in joins:
        statement = statement.join(table, on)
    return statement.where(*conditions).cte(f"facet_{field}").prefix_with("MATERIALIZED")


def _python_type(value: sa.ColumnElement[Any]) -> Callable[[str], Any]:
    """How a facet's value, counted as text, is read back as the value its filter takes (a whole number, or text)."""
    try:
        return int if issubclass(value.type.python_type, int) else str
    except NotImplementedError:
        return str


def where_stated() -> sa.ColumnElement[str]:
    """Where a fact of an event, or of a document itself, was stated: the event's name, or "In <document>" (with
    Event and Source joined)."""
    return sa.func.coalesce(event_display_name(), sa.literal("In ") + Source.label)


def stated_on() -> sa.ColumnElement[Any]:
    """When a fact of an event or of a document was stated, to list them in time order (undated last, on every
    database)."""
    return sa.func.coalesce(Event.start_date, Source.published_on).nulls_last()


def initiatives(engine: Engine, f: CommitmentFilter, kinds: tuple[str, ...] = ()) -> pd.DataFrame:
    """The initiatives (of `kinds`, any if none) of the events the view covers."""
    statement = (
        sa.select(
            Initiative.slug,
            Initiative.name,
            Initiative.kind,
            where_stated().label("event"),
            Initiative.item_count,
            Initiative.source_slug,
            Initiative.source_quote,
        )
        .join(Source, Source.slug == Initiative.source_slug)
        .outerjoin(Event, Event.slug == Initiative.event_slug)
        .where(*as_of.in_view(Initiative, f))
        .order_by(stated_on(), Initiative.kind, Initiative.name)
    )
    if kinds:
        statement = statement.where(Initiative.kind.in_(kinds))
    with engine.connect() as connection:
        rows = [dict(r._mapping) for r in connection.execute(statement)]
    frame = pd.DataFrame(rows, columns=["slug", "name", "kind", "event", "item_count", "source_slug", "source_quote"])
    return frame.rename(columns={"source_slug": "source", "source_quote": "evidence"}).astype({"item_count": "Int64"})


def participation(engine: Engine, f: CommitmentFilter, kinds: tuple[str, ...] = ("attendance",)) -> pd.DataFrame:
    """Figures of `kinds` (attendance by default: context figures never count as attendance) of the events the
    view covers."""
    statement = (
        sa.select(
            ParticipationFigure.slug,
            where_stated().label("event"),
            ParticipationFigure.kind,
            ParticipationFigure.metric,
            ParticipationFigure.value,
            ParticipationFigure.qualifier,
            ParticipationFigure.counts_what,
            ParticipationFigure.source_slug.label("source"),
            ParticipationFigure.source_quote.label("evidence"),
        )
        .join(Source, Source.slug == ParticipationFigure.source_slug)
        .outerjoin(Event, Event.slug == ParticipationFigure.event_slug)
        .where(ParticipationFigure.kind.in_(kinds), *as_of.in_view(ParticipationFigure, f))
        .order_by(stated_on(), ParticipationFigure.metric)
    )
    with engine.connect() as connection:
        rows = [dict(r._mapping) for r in connection.execute(statement)]
    columns = ["slug", "event", "kind", "metric", "value", "qualifier", "counts_what", "source", "evidence"]
    return pd.DataFrame(rows, columns=columns)


def inferred_values(engine: Engine) -> dict[tuple[str, str], str]:
    """{(fact, field): reason} for every value the texts do not state literally, from the `inference` table and
    the flags that event dates, deadlines and parties carry. Facts are addressed as tracker.domain.facts.fact_id
    does."""
    with engine.connect() as connection:
        found = {(r.fact, r.field): r.reason for r in connection.execute(sa.select(Inference))}
        for slug, note in connection.execute(sa.select(Event.slug, Event.inference_note).where(Event.dates_inferred)):
            found[(f"event:{slug}", "start_date")] = found[(f"event:{slug}", "end_date")] = note
        deadlines = sa.select(Commitment.slug, Commitment.due_date_note).where(Commitment.due_date_inferred)
        for slug, note in connection.execute(deadlines):
            found[(f"commitment:{slug}", "due_date")] = note
        parties = sa.select(
            CommitmentParty.commitment_slug, CommitmentParty.organization_slug, CommitmentParty.inference_note
        ).where(CommitmentParty.inferred)
        for slug, organization, note in connection.execute(parties):
            found[(f"commitment:{slug}", f"party:{organization}")] = note
    return found


def event_roles(engine: Engine, f: CommitmentFilter, kinds: tuple[str, ...] = ()) -> pd.DataFrame:
    """Who took part in which of the view's events and in what role (organizations of `kinds`, any if none), with
    the sentence that says so. A role, name or country the text does not state literally reads "(inferred)";
    `inferred` says which, and why."""
    statement = (
        sa.select(
            Organization.slug.label("organization_slug"),
            org_display_name().label("organization"),
            Organization.name.label("full_name"),
            Organization.kind,
            Organization.country,
            EventRole.event_slug,
            event_display_name().label("event"),
            EventRole.role,
            EventRole.source_quote.label("evidence"),
        )
        .join(EventRole, EventRole.organization_slug == Organization.slug)
        .join(Event, Event.slug == EventRole.event_slug)
        .where(*as_of.in_view(EventRole, f))
        .order_by(Event.start_date, org_display_name(), EventRole.role)
    )
    if kinds:
        statement = statement.where(Organization.kind.in_(kinds))
    inferred = inferred_values(engine)
    with engine.connect() as connection:
        rows = []
        for r in connection.execute(statement):
            organization = f"organization:{r.organization_slug}"
            role = f"event_role:{r.event_slug}/{r.organization_slug}/{r.role}"
            reasons = {
                "name": inferred.get((organization, "name")),
                "country": inferred.get((organization, "country")),
                "role": inferred.get((role, "role")),
            }
            rows.append(
                {
                    "organization_slug": r.organization_slug,
                    "organization": r.organization,
                    "full_name": r.full_name,
                    "kind": r.kind,
                    "country": r.country,
                    "event": r.event,
                    "role": r.role,
                    "evidence": r.evidence,
                    **{f"{field}_inferred": bool(why) for field, why in reasons.items()},
                    "inferred": " ".join(f"{field}: {why}" for field, why in reasons.items() if why),
                }
            )
    return pd.DataFrame(rows, columns=EVENT_ROLE_COLUMNS)


# `name_inferred`, `country_inferred` and `role_inferred` say which values rest on the tracker's reading, and
# `inferred` says why; tracker.present.words.event_roles marks them in words.
EVENT_ROLE_COLUMNS = [
    "organization_slug",
    "organization",
    "full_name",
    "kind",
    "country",
    "event",
    "role",
    "evidence",
    "name_inferred",
    "country_inferred",
    "role_inferred",
    "inferred",
]


def organizations_at_every_event(engine: Engine, f: CommitmentFilter) -> pd.DataFrame:
    """Organizations with a role at more than one of the view's events, and how many; `inferred_roles` counts the
    roles that rest on the tracker's reading rather than the text's words."""
    roles = sa.select(EventRole.organization_slug, EventRole.event_slug).where(*as_of.in_view(EventRole, f)).subquery()
    events_per_org = (
        sa.select(roles.c.organization_slug, sa.func.count(sa.distinct(roles.c.event_slug)).label("events"))
        .group_by(roles.c.organization_slug)
        .having(sa.func.count(sa.distinct(roles.c.event_slug)) > 1)
        .subquery()
    )
    statement = (
        sa.select(
            Organization.slug,
            org_display_name().label("organization"),
            Organization.name.label("full_name"),
            events_per_org.c.events,
        )
        .join(events_per_org, events_per_org.c.organization_slug == Organization.slug)
        .order_by(org_display_name())
    )
    inferred_roles: dict[str, int] = defaultdict(int)
    for fact, field in inferred_values(engine):
        if fact.startswith("event_role:") and field == "role":
            inferred_roles[fact.split("/")[1]] += 1
    with engine.connect() as connection:
        rows = [
            {
                "organization": r.organization,
                "full_name": r.full_name,
                "events": r.events,
                "inferred_roles": inferred_roles[r.slug],
            }
            for r in connection.execute(statement)
        ]
    return pd.DataFrame(rows, columns=["organization", "full_name", "events", "inferred_roles"])


def people(engine: Engine, f: CommitmentFilter) -> pd.DataFrame:
    """The people the view holds (all standing on its date, or those quoted at its events or stating its
    commitments), other spellings of their names (alias, inferred), and the events whose accounts quote them
    (event, statements, whether linking them to the event is inferred)."""
    aliases = (
        sa.select(PersonAlias.person_slug, PersonAlias.alias)
        .where(*as_of.in_view(PersonAlias, f))
        .order_by(PersonAlias.person_slug, PersonAlias.alias)
    )
    quoted = (
        sa.select(Statement.slug, Statement.person_slug, event_display_name().label("event"))
        .join(Event, Event.slug == Statement.event_slug)
        .where(*as_of.in_view(Statement, f))
        .order_by(Event.start_date, Statement.slug)
    )
    statement = (
        sa.select(Person.slug, Person.name, Person.role, org_display_name().label("organization"))
        .outerjoin(Organization, Organization.slug == Person.organization_slug)
        .where(*as_of.in_view(Person, f))
        .order_by(Person.name)
    )
    inferred = inferred_values(engine)
    with engine.connect() as connection:
        alias_map: dict[str, list[tuple[str, bool]]] = defaultdict(list)
        for slug, alias in connection.execute(aliases):
            alias_map[slug].append((alias, (f"person_alias:{alias}", "person") in inferred))
        events_map: dict[str, dict[str, list[bool]]] = defaultdict(dict)
        for statement_slug, slug, event in connection.execute(quoted):
            events_map[slug].setdefault(event, []).append((f"statement:{statement_slug}", "event") in inferred)
        rows = [
            {
                "slug": r.slug,
                "name": r.name,
                "also_written": tuple(alias_map[r.slug]),
                "role": r.role,
                "organization": r.organization or "",
                "organization_inferred": (f"person:{r.slug}", "organization") in inferred,
                "quoted_at": tuple((event, len(flags), all(flags)) for event, flags in events_map[r.slug].items()),
            }
            for r in connection.execute(statement)
        ]
    columns = ["slug", "name", "also_written", "role", "organization", "organization_inferred", "quoted_at"]
    return pd.DataFrame(rows, columns=columns)


def party_matrix(engine: Engine, f: CommitmentFilter, limit: int = MAX_MATRIX_COMMITMENTS) -> pd.DataFrame:
    """Organization x commitment: the organization's role in each filtered commitment (long form), for the first
    `limit` commitments in framework and title order."""
    shown = (
        sa.select(Commitment.slug)
        .where(*as_of.matching(f))
        .order_by(Commitment.framework, Commitment.title)
        .limit(limit)
        .subquery()
    )
    statement = (
        sa.select(
            org_display_name().label("organization"),
            Commitment.slug.label("commitment_slug"),
            Commitment.title.label("commitment"),
            Commitment.framework,
            CommitmentParty.role,
            CommitmentParty.inferred,
        )
        .join(CommitmentParty, CommitmentParty.organization_slug == Organization.slug)
        .join(Commitment, Commitment.slug == CommitmentParty.commitment_slug)
        .where(Commitment.slug.in_(sa.select(shown.c.slug)))
        .order_by(Commitment.framework, Commitment.title, org_display_name())
    )
    with engine.connect() as connection:
        rows = [dict(r._mapping) for r in connection.execute(statement)]
    return pd.DataFrame(
        rows, columns=["organization", "commitment_slug", "commitment", "framework", "role", "inferred"]
    )


def sources_of_participation(
    engine: Engine, f: CommitmentFilter, kinds: tuple[str, ...] = ("attendance",)
) -> pd.DataFrame:
    """The documents the figures of `kinds` of the view's events come from."""
    conditions = [ParticipationFigure.kind.in_(kinds), *as_of.in_view(ParticipationFigure, f)]
    return _count_by_source(engine, ParticipationFigure, conditions, "figures")


def events_of(engine: Engine, f: CommitmentFilter) -> tuple[str, ...]:
    """The slugs of the events the view covers (tracker.read.as_of.view_events), in order of their first day."""
    statement = sa.select(Event.slug).where(Event.slug.in_(as_of.view_events(f))).order_by(Event.start_date, Event.slug)
    with engine.connect() as connection:
        return tuple(connection.execute(statement).scalars())


def organization_choices(engine: Engine) -> list[tuple[str, str]]:
    with engine.connect() as connection:
        statement = (
            sa.select(Organization.slug, Organization.name)
            .where(standing(None, Organization))
            .order_by(Organization.name)
        )
        return [tuple(r) for r in connection.execute(statement)]


def free_slug(engine: Engine, table: str, name: str) -> str:
    """An ASCII slug for `name` that no row of `table` ("organization", "commitment", ...) has yet."""
    model = SQLModel.metadata.tables[table]
    base = slug_for(name)
    with engine.connect() as connection:
        statement = sa.select(model.c.slug).where(sa.or_(model.c.slug == base, model.c.slug.like(f"{base}-%")))
        taken = set(connection.execute(statement).scalars())
    return slug_for(name, taken)


def events_of_source(engine: Engine, source: str) -> list[str]:
    """The events whose own evidence is quoted from `source`: where a fact taken from it most likely happened."""
    with engine.connect() as connection:
        statement = (
            sa.select(Event.slug).where(Event.source_slug == source, standing(None, Event)).order_by(Event.start_date)
        )
        return list(connection.execute(statement).scalars())


def fact_values(engine: Engine, kind: str, key: str) -> dict[str, Any] | None:
    """The fields an editor may correct on a fact (models.facts.CORRECTABLE_FIELDS), with its version."""
    table = SQLModel.metadata.tables[kind]
    columns = [table.c[name] for name in (*CORRECTABLE_FIELDS[kind], "version")]
    with engine.connect() as connection:
        row = connection.execute(sa.select(*columns).where(table.c.slug == key)).first()
    return dict(row._mapping) if row else None


def correctable_facts(engine: Engine, kind: str) -> list[tuple[str, str]]:
    """(slug, how it is shown) of every fact of `kind` an editor may correct."""
    table = SQLModel.metadata.tables[kind]
    shown = table.c.label if kind == "source" else table.c.name
    with engine.connect() as connection:
        statement = sa.select(table.c.slug, shown).where(standing(None, RETRACTABLE[kind])).order_by(shown)
        return [tuple(r) for r in connection.execute(statement)]


def person_choices(engine: Engine) -> list[tuple[str, str]]:
    with engine.connect() as connection:
        statement = sa.select(Person.slug, Person.name).where(standing(None, Person)).order_by(Person.name)
        return [tuple(r) for r in connection.execute(statement)]


@dataclasses.dataclass(frozen=True)
class Retraction:
    at: dt.datetime
    by: str
    reason: str

    def words(self) -> str:
        """ "retracted on 6 December 2026 by alice: a duplicate" """
        return f"retracted on {self.at:%-d %B %Y} by {self.by}: {self.reason}"


def retraction(engine: Engine, kind: str, key: str, day: dt.date) -> Retraction | None:
    """When, by whom and why the fact `kind:key` was retracted, if it was by the end of `day` (the one rule of
    as_of.not_retracted: a view of an earlier day shows it as it stood)."""
    model = RETRACTABLE[kind]
    retracted_by_then = sa.exists().where(fact_key(model) == key, ~as_of.not_retracted(day, model.retracted_at))
    statement = (
        sa.select(FactChange.changed_at, FactChange.changed_by, FactChange.reason)
        .where(FactChange.fact == fact_id(kind, key), FactChange.action == "retracted", retracted_by_then)
        .order_by(FactChange.changed_at.desc())
        .limit(1)
    )
    with engine.connect() as connection:
        found = connection.execute(statement).first()
    return Retraction(*found) if found is not None else None


def event_choices(engine: Engine) -> list[tuple[str, str]]:
    with engine.connect() as connection:
        statement = sa.select(Event.slug, Event.name).where(standing(None, Event)).order_by(Event.start_date)
        return [tuple(r) for r in connection.execute(statement)]


def quoting(engine: Engine, table: str, source: str, start: int, end: int) -> list[str]:
    """The facts of `table` ("commitment", ...) standing on the same words of `source` (characters start..end),
    retracted ones left out: a second fact on one quote is often the same fact entered twice."""
    model = SQLModel.metadata.tables[table]
    statement = sa.select(model.c.slug).where(
        model.c.source_slug == source, model.c.quote_start == start, model.c.quote_end == end
    )
    if "retracted_at" in model.c:
        statement = statement.where(model.c.retracted_at.is_(None))
    with engine.connect() as connection:
        return list(connection.execute(statement.order_by(model.c.slug)).scalars())
