"""`python -m tracker export`: one UTF-8 CSV per table, named after it, with a header row.

Rows are ordered by slug in byte order (COLLATE "C" on PostgreSQL), so the same data gives the same bytes from
SQLite and from PostgreSQL. References are slugs, so the files join with each other.

With an as-of date every table is written as it stood on that date: events that had begun, the commitments,
initiatives and figures of those events, the progress updates dated up to then, and each commitment's status
and progress as of that date. Organizations, people, themes and sources are not dated and are always written.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from models.tables import (
    Commitment,
    CommitmentParty,
    CommitmentTheme,
    Event,
    EventRole,
    Inference,
    Initiative,
    Organization,
    ParticipationFigure,
    Passage,
    Person,
    PersonAlias,
    ProgressUpdate,
    Source,
    Statement,
    Theme,
)
from tracker.domain.rules import today
from tracker.present.csvfile import BATCH_ROWS, csv_chunks
from tracker.read.expressions import last_update_expression, progress_expression, status_expression


def byte_order(column: sa.ColumnElement, connection: Connection) -> sa.ColumnElement:
    """Order text the same way on every database (PostgreSQL's default collation ignores hyphens); numbers and
    dates order alike everywhere."""
    text = isinstance(column.type, sa.String)
    return column.collate("C") if text and connection.dialect.name == "postgresql" else column


@dataclass(frozen=True)
class TableExport:
    file: str
    columns: tuple[str, ...]
    fetch: Callable[[Connection, dt.date], Iterable[Sequence[Any]]]


def _rows(connection: Connection, statement: sa.Select) -> Iterator[Sequence[Any]]:
    """The statement's rows as the database sends them, BATCH_ROWS at a time (a server-side cursor on
    PostgreSQL): never all in memory."""
    yield from connection.execution_options(yield_per=BATCH_ROWS).execute(statement)


class _Grouped:
    """The values of a two-column select ordered by its key, looked up key by key in that same order while the
    rows of another select ordered alike stream past (a merge join): nothing is held but the current group.
    Keys compare in byte order, which is code point order for UTF-8 and the order `byte_order` sorts in."""

    def __init__(self, connection: Connection, statement: sa.Select) -> None:
        self._rows = _rows(connection, statement)
        self._next = next(self._rows, None)

    def __getitem__(self, key: str) -> list[str]:
        while self._next is not None and self._next[0] < key:
            self._next = next(self._rows, None)
        values = []
        while self._next is not None and self._next[0] == key:
            values.append(self._next[1])
            self._next = next(self._rows, None)
        return values


def _events_begun(as_of: dt.date) -> sa.Select:
    return sa.select(Event.slug).where(Event.start_date <= as_of)


def _commitments_made(as_of: dt.date) -> sa.Select:
    return sa.select(Commitment.slug).where(Commitment.event_slug.in_(_events_begun(as_of)))


def fetch_commitments(connection: Connection, as_of: dt.date) -> Iterator[Sequence[Any]]:
    parties = _Grouped(
        connection,
        sa.select(CommitmentParty.commitment_slug, CommitmentParty.organization_slug).order_by(
            byte_order(CommitmentParty.commitment_slug, connection),
            byte_order(CommitmentParty.organization_slug, connection),
        ),
    )
    themes = _Grouped(
        connection,
        sa.select(CommitmentTheme.commitment_slug, CommitmentTheme.theme_slug).order_by(
            byte_order(CommitmentTheme.commitment_slug, connection),
            byte_order(CommitmentTheme.theme_slug, connection),
        ),
    )
    c = Commitment
    statement = (
        sa.select(
            c.slug,
            c.kind,
            c.kind_note,
            c.title,
            c.text,
            c.framework,
            c.event_slug,
            c.stated_by_slug,
            status_expression(as_of),
            progress_expression(as_of),
            last_update_expression(as_of),
            c.target_value,
            c.target_unit,
            c.target_qualifier,
            c.target_note,
            c.due_date,
            c.due_date_inferred,
            c.due_date_note,
            c.source_slug,
            c.source_quote,
            c.quote_start,
            c.quote_end,
        )
        .where(c.slug.in_(_commitments_made(as_of)))
        .order_by(byte_order(c.slug, connection))
    )
    for row in _rows(connection, statement):
        slug, kind, kind_note, title, text, framework, event, stated_by, *rest = row
        yield (slug, kind, kind_note, title, text, framework, event, parties[slug], themes[slug], stated_by, *rest)


def fetch_people(connection: Connection, as_of: dt.date) -> Iterator[Sequence[Any]]:
    aliases = _Grouped(
        connection,
        sa.select(PersonAlias.person_slug, PersonAlias.alias).order_by(
            byte_order(PersonAlias.person_slug, connection), byte_order(PersonAlias.alias, connection)
        ),
    )
    p = Person
    statement = sa.select(
        p.slug, p.name, p.role, p.organization_slug, p.source_slug, p.source_quote, p.quote_start, p.quote_end
    ).order_by(byte_order(p.slug, connection))
    return ((slug, name, aliases[slug], *rest) for slug, name, *rest in _rows(connection, statement))


def _simple(
    *columns: sa.ColumnElement,
    order: Sequence[sa.ColumnElement],
    when: Callable[[dt.date], sa.ColumnElement[bool]] | None = None,
) -> Callable[[Connection, dt.date], Iterator[Sequence[Any]]]:
    """A fetch of `columns` in `order`; `when(as_of)` keeps the rows that existed on the as-of date."""

    def fetch(connection: Connection, as_of: dt.date) -> Iterator[Sequence[Any]]:
        statement = sa.select(*columns).order_by(*(byte_order(col, connection) for col in order))
        if when is not None:
            statement = statement.where(when(as_of))
        return _rows(connection, statement)

    return fetch


def fetch_progress_updates(connection: Connection, as_of: dt.date) -> Iterator[Sequence[Any]]:
    u = ProgressUpdate
    statement = (
        sa.select(
            u.id,
            u.commitment_slug,
            u.as_of,
            u.status,
            u.progress_value,
            u.rationale,
            u.evidence_url,
            u.evidence_quote,
            u.corrects_id,
            u.correction_reason,
            u.recorded_by,
            u.recorded_at,
        )
        .where(u.as_of <= as_of)
        .order_by(u.id)
    )
    return _rows(connection, statement)


EVIDENCE = ("source", "source_quote", "quote_start", "quote_end")


def _evidence(model: Any) -> tuple[sa.ColumnElement, ...]:
    return (model.source_slug, model.source_quote, model.quote_start, model.quote_end)


TABLES: tuple[TableExport, ...] = (
    TableExport(
        "commitments.csv",
        (
            "slug",
            "kind",
            "kind_note",
            "title",
            "text",
            "framework",
            "event",
            "parties",
            "themes",
            "stated_by",
            "status",
            "progress_value",
            "last_update",
            "target_value",
            "target_unit",
            "target_qualifier",
            "target_note",
            "due_date",
            "due_date_inferred",
            "due_date_note",
            *EVIDENCE,
        ),
        fetch_commitments,
    ),
    TableExport(
        "commitment_parties.csv",
        ("commitment", "organization", "role", "inferred", "inference_note"),
        _simple(
            CommitmentParty.commitment_slug,
            CommitmentParty.organization_slug,
            CommitmentParty.role,
            CommitmentParty.inferred,
            CommitmentParty.inference_note,
            order=(CommitmentParty.commitment_slug, CommitmentParty.organization_slug, CommitmentParty.role),
            when=lambda as_of: CommitmentParty.commitment_slug.in_(_commitments_made(as_of)),
        ),
    ),
    TableExport(
        "progress_updates.csv",
        (
            "id",
            "commitment",
            "as_of",
            "status",
            "progress_value",
            "rationale",
            "evidence_url",
            "evidence_quote",
            "corrects",
            "correction_reason",
            "recorded_by",
            "recorded_at",
        ),
        fetch_progress_updates,
    ),
    TableExport(
        "participation_figures.csv",
        ("slug", "event", "kind", "metric", "value", "qualifier", "counts_what", *EVIDENCE),
        _simple(
            ParticipationFigure.slug,
            ParticipationFigure.event_slug,
            ParticipationFigure.kind,
            ParticipationFigure.metric,
            ParticipationFigure.value,
            ParticipationFigure.qualifier,
            ParticipationFigure.counts_what,
            *_evidence(ParticipationFigure),
            order=(ParticipationFigure.slug,),
            when=lambda as_of: ParticipationFigure.event_slug.in_(_events_begun(as_of)),
        ),
    ),
    TableExport(
        "initiatives.csv",
        ("slug", "name", "kind", "event", "item_count", *EVIDENCE),
        _simple(
            Initiative.slug,
            Initiative.name,
            Initiative.kind,
            Initiative.event_slug,
            Initiative.item_count,
            *_evidence(Initiative),
            order=(Initiative.slug,),
            when=lambda as_of: Initiative.event_slug.in_(_events_begun(as_of)),
        ),
    ),
    TableExport(
        "events.csv",
        (
            "slug",
            "name",
            "short_name",
            "city",
            "country",
            "start_date",
            "end_date",
            "dates_inferred",
            "inference_note",
            *EVIDENCE,
        ),
        _simple(
            Event.slug,
            Event.name,
            Event.short_name,
            Event.city,
            Event.country,
            Event.start_date,
            Event.end_date,
            Event.dates_inferred,
            Event.inference_note,
            *_evidence(Event),
            order=(Event.slug,),
            when=lambda as_of: Event.start_date <= as_of,
        ),
    ),
    TableExport(
        "event_roles.csv",
        ("event", "organization", "role", *EVIDENCE),
        _simple(
            EventRole.event_slug,
            EventRole.organization_slug,
            EventRole.role,
            *_evidence(EventRole),
            order=(EventRole.event_slug, EventRole.organization_slug, EventRole.role),
            when=lambda as_of: EventRole.event_slug.in_(_events_begun(as_of)),
        ),
    ),
    TableExport(
        "organizations.csv",
        ("slug", "name", "acronym", "kind", "country", "note", *EVIDENCE),
        _simple(
            Organization.slug,
            Organization.name,
            Organization.acronym,
            Organization.kind,
            Organization.country,
            Organization.note,
            *_evidence(Organization),
            order=(Organization.slug,),
        ),
    ),
    TableExport(
        "people.csv",
        ("slug", "name", "aliases", "role", "organization", *EVIDENCE),
        fetch_people,
    ),
    TableExport(
        "statements.csv",
        ("slug", "person", "event", "kind", *EVIDENCE),
        _simple(
            Statement.slug,
            Statement.person_slug,
            Statement.event_slug,
            Statement.kind,
            *_evidence(Statement),
            order=(Statement.slug,),
            when=lambda as_of: Statement.event_slug.in_(_events_begun(as_of)),
        ),
    ),
    TableExport(
        "themes.csv",
        ("slug", "name"),
        _simple(Theme.slug, Theme.name, order=(Theme.slug,)),
    ),
    TableExport(
        "inferences.csv",
        ("fact", "field", "reason"),
        _simple(Inference.fact, Inference.field, Inference.reason, order=(Inference.fact, Inference.field)),
    ),
    TableExport(
        "passages.csv",
        ("slug", "classification", "reason", *EVIDENCE),
        _simple(
            Passage.slug,
            Passage.classification,
            Passage.reason,
            *_evidence(Passage),
            order=(Passage.source_slug, Passage.quote_start),
        ),
    ),
    TableExport(
        "sources.csv",
        ("slug", "label", "title", "publisher", "published_on", "url", "file", "sha256"),
        _simple(
            Source.slug,
            Source.label,
            Source.title,
            Source.publisher,
            Source.published_on,
            Source.url,
            Source.file,
            Source.sha256,
            order=(Source.slug,),
        ),
    ),
)


def export_tables(engine: Engine, out_dir: Path, as_of: dt.date | None = None) -> list[tuple[Path, int]]:
    """Write every table's CSV into `out_dir` (created if missing) from one consistent snapshot, as the tables
    stood on `as_of` (default: today), streamed: rows go from the database cursor to the file in batches, so memory
    stays flat whatever the size of the data."""
    as_of = as_of or today()
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        for table in TABLES:
            path = out_dir / table.file
            counted = _Counted(table.fetch(connection, as_of))
            with path.open("w", encoding="utf-8", newline="") as file:
                file.writelines(csv_chunks(table.columns, counted))
            written.append((path, counted.count))
    return written


class _Counted:
    """Rows passed through, counted on the way."""

    def __init__(self, rows: Iterable[Sequence[Any]]) -> None:
        self.rows, self.count = rows, 0

    def __iter__(self) -> Iterator[Sequence[Any]]:
        for row in self.rows:
            self.count += 1
            yield row
