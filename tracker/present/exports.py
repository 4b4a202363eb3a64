"""`python -m tracker export`: one UTF-8 CSV per table, named after it, with a header row.

Rows are ordered by slug in byte order (COLLATE "C" on PostgreSQL), so the same data gives the same bytes from
SQLite and from PostgreSQL. References are slugs, so the files join with each other.

Every file is a view's (tracker.read.as_of): the facts standing on its date (tracker.read.as_of.standing), and with
filters set, only what the matching commitments touch (their events, figures, roles, initiatives, people,
organizations and documents). The commitments file carries the view's claims for each commitment as of that date
(status, progress, deadline state, days left, stale, specificity...), as every other output reads them.
"""

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

from models.facts import BY_NAME, FactKind, file_name
from models.facts import EVIDENCE as EVIDENCE_FIELDS
from models.tables import (
    Commitment,
    CommitmentParty,
    CommitmentTheme,
    Inference,
    Person,
    PersonAlias,
)
from tracker.domain.rules import INFERRED_MARK, today
from tracker.present.csvfile import BATCH_ROWS, LIST_SEPARATOR, CsvLines, RowBatches, cell, csv_chunks, safe_text_sql
from tracker.read import as_of as view
from tracker.read.as_of import in_view
from tracker.read.filters import CommitmentFilter


def byte_order(column: sa.ColumnElement, connection: Connection) -> sa.ColumnElement:
    """Order text the same way on every database (PostgreSQL's default collation ignores hyphens); numbers and
    dates order alike everywhere."""
    text = issubclass(_kind(column), sa.String)
    return column.collate("C") if text and connection.dialect.name == "postgresql" else column


def _kind(column: sa.ColumnElement) -> type:
    """The generic SQL type of a column (String, Date, DateTime, Integer...), from the Python type its values come
    as (which type decorators such as SQLModel's AutoString keep)."""
    return generic_type(column.type)


def generic_type(sql_type: sa.types.TypeEngine) -> type:
    while isinstance(sql_type, sa.types.TypeDecorator):  # SQLModel's AutoString and UTCDateTime, say
        sql_type = sql_type.impl_instance
    try:
        python = sql_type.python_type
    except NotImplementedError:  # a type that does not say: read as text
        return sa.String
    for kind, generic in ((bool, sa.Boolean), (int, sa.Integer), (float, sa.Float), (dt.datetime, sa.DateTime)):
        if issubclass(python, kind):
            return generic
    return sa.Date if issubclass(python, dt.date) else sa.String


Format = Callable[[Any], str] | None  # how csv_chunks writes a column: None for values final as they come
Fetched = tuple[Iterable[Sequence[Any]], list[Format]]


Selecting = Callable[[Connection, CommitmentFilter], sa.Select]


@dataclass(frozen=True, eq=False)
class TableExport:
    """One file of the export: a kind of fact's rows the view holds. Its columns are the kind's declared fields
    (tracker's bookkeeping aside, evidence last, named as in files: "event" for event_slug), then the lists of
    values kept in tables of their own, then the claims computed as of the date, then the values the text does not
    state literally. `statement(connection, f)` selects the stored columns, the lists and the claims, in file
    order, as the database holds them (the API's JSON reads it); the file's rows are the statement's with the CSV
    cell rule, done by the database."""

    kind: FactKind
    statement: Selecting | None = None  # by default every stored column of the rows the view holds
    # Columns of the file listing values kept in a table of their own (list_cell), selected after the stored ones.
    lists: tuple[str, ...] = ()
    # Columns the statement computes as of the date rather than reads as stored (the import skips them).
    computed: tuple[str, ...] = ()
    # A field named otherwise in the file, where a computed column takes its own name ("status" is the status as
    # of the date; the status stored with the commitment is "recorded_status").
    renamed: dict[str, str] = field(default_factory=dict)
    order: tuple[str, ...] = ()  # the fields the rows are ordered by (default: the key)

    @property
    def model(self) -> type[SQLModel]:
        return self.kind.model

    @property
    def file(self) -> str:
        return f"{self.kind.section}.csv"

    @property
    def name(self) -> str:
        """The file's name in the data package and, with hyphens, in the API's addresses."""
        return self.kind.section

    @property
    def stored_fields(self) -> tuple[str, ...]:
        return (*self.kind.stated, *(EVIDENCE_FIELDS if self.kind.has_evidence else ()))

    @property
    def stored(self) -> tuple[str, ...]:
        """The stored columns, by their names in the file."""
        return tuple(self.renamed.get(name, file_name(name)) for name in self.stored_fields)

    @property
    def columns(self) -> tuple[str, ...]:
        inferred = (INFERRED,) if self.kind.inferable else ()
        return (*self.stored, *self.lists, *self.computed, *inferred)

    def field_of(self, column: str) -> str | None:
        """The stored field a file column is read from and written to (None for a list, claim or inferred value)."""
        return dict(zip(self.stored, self.stored_fields, strict=True)).get(column)

    @property
    def selected(self) -> tuple[str, ...]:
        """The statement's columns, by their names in the file."""
        return (*self.stored, *self.lists, *self.computed)

    @property
    def derived(self) -> tuple[str, ...]:
        return (*self.lists, *self.computed, *((INFERRED,) if INFERRED in self.columns else ()))

    @property
    def fact_kind(self) -> str:
        """How inferences.csv names this table's facts: "organization" in "organization:miit"."""
        return self.kind.name

    def fact_key(self, values: dict[str, Any]) -> str:
        """The fact address of a row given by its file columns: its primary key's values joined by "/"."""
        named = dict(zip(self.stored_fields, self.stored, strict=True))
        return "/".join(str(values[named[name]]) for name in self.kind.key)

    def stored_statement(self, connection: Connection, f: CommitmentFilter) -> sa.Select:
        """Every stored column of the rows the view holds (tracker.read.as_of.in_view), in the file's order."""
        columns = [getattr(self.model, name) for name in self.stored_fields]
        order = [getattr(self.model, name) for name in (self.order or self.kind.key)]
        return (
            sa.select(*columns)
            .where(*in_view(self.model, f))
            .order_by(*(byte_order(column, connection) for column in order))
        )

    @property
    def change_stamps(self) -> list[sa.Column]:
        """The columns saying when a row was added or changed (CHANGE_STAMPS that its table has)."""
        return [column for column in self.model.__table__.columns if column.name in CHANGE_STAMPS]

    def select(
        self,
        connection: Connection,
        f: CommitmentFilter,
        among: dict[str, list[Any]] | None = None,
        changed_after: dt.datetime | None = None,
    ) -> sa.Select:
        """The statement of the view `f`, keeping the rows whose columns (named as in the file) hold one of the
        values listed for them in `among`, and, given `changed_after`, only those added or changed since."""
        statement = (self.statement or self.stored_statement)(connection, f)
        columns = statement.selected_columns
        statement = statement.where(
            *(columns[self.selected.index(name)].in_(values) for name, values in (among or {}).items())
        )
        if changed_after is not None:
            statement = statement.where(sa.or_(*(stamp > changed_after for stamp in self.change_stamps)))
        return statement

    def rows(
        self,
        connection: Connection,
        f: CommitmentFilter,
        among: dict[str, list[Any]] | None = None,
        changed_after: dt.datetime | None = None,
    ) -> Fetched:
        """The file's rows of the view `f`, kept to those holding the values in `among` (and changed after
        `changed_after`)."""
        statement = self.select(connection, f, among, changed_after)
        # The file's lines as the database writes them, where no Python is needed on the way.
        rows, formats = _cells(connection, statement, lines=INFERRED not in self.columns)
        if INFERRED not in self.columns:
            return rows, formats
        inferred = inferences(connection)
        names = [column for column in self.columns if column != INFERRED]
        kind = self.fact_kind

        def marked(row: Sequence[Any]) -> tuple[Any, ...]:
            return (*row, inferred.get(f"{kind}:{self.fact_key(dict(zip(names, row, strict=True)))}", ""))

        return map(marked, rows), [*formats, cell]


# When a row was added, corrected, reviewed or resolved: what `updated_after=` on the API's lists reads.
CHANGE_STAMPS = (
    "created_at",
    "updated_at",
    "changed_at",
    "recorded_at",
    "written_at",
    "reviewed_at",
    "opened_at",
    "resolved_at",
)

INFERRED = "inferred_values"  # the column saying which of a row's values the text does not state literally, and why


def inferences(connection: Connection) -> dict[str, str]:
    """Every fact's inferred values in words, "field: reason" each, by fact address (a few per fact at most)."""
    found: dict[str, list[str]] = {}
    statement = sa.select(Inference.fact, Inference.field, Inference.reason).order_by(
        byte_order(Inference.fact, connection), byte_order(Inference.field, connection)
    )
    for fact, name, reason in connection.execute(statement):
        found.setdefault(fact, []).append(f"{name}: {reason}")
    return {fact: " | ".join(reasons) for fact, reasons in found.items()}


def _cells(connection: Connection, statement: sa.Select, *, lines: bool = False) -> Fetched:
    """The statement's rows with the CSV cell rule done by the database: text made safe against formula injection,
    timestamps, whole numbers and booleans written as `cell` writes them, dates as ISO. Its rows then go from the
    driver's cursor to the file untouched, a batch at a time. A column of any other type is formatted by `cell`
    as the rows pass. With `lines`, PostgreSQL writes the CSV lines themselves, when every column is written by
    it: the rows are then CsvLines."""
    dialect = connection.dialect.name
    selected, formats = [], []
    for number, column in enumerate(statement.selected_columns):
        name = f"c{number}"  # expressions have no name of their own; the file's header names the columns
        final = isinstance(column.type, WrittenCell)
        written = column if final else _written_by_database(column, _kind(column), dialect)
        selected.append((column if written is None else written).label(name))
        formats.append(cell if written is None else None)
    prepared = statement.with_only_columns(*selected, maintain_column_froms=True)
    if lines and dialect == "postgresql" and not any(formats):
        return CsvLines(_written_lines(connection, prepared)), formats
    return RowBatches(_driver_batches(connection, prepared)), formats


def _written_lines(connection: Connection, statement: sa.Select) -> Iterator[tuple[str, int]]:
    """The statement's rows written by PostgreSQL's COPY as the csv module writes them (every field quoted, an empty
    cell (NULL made '') too, quotes doubled, lines ending in a bare newline), joined BATCH_ROWS lines at a time, with
    how many, inside the connection's transaction."""
    import psycopg

    columns = [
        sa.func.coalesce(sa.cast(c, sa.Text), "").label(f"c{n}") for n, c in enumerate(statement.selected_columns)
    ]
    sql, params = _for_driver(connection, statement.with_only_columns(*columns, maintain_column_froms=True))
    driver = connection.connection.dbapi_connection
    copy = psycopg.ClientCursor(driver).mogrify(f"COPY ({sql}) TO STDOUT (FORMAT csv, FORCE_QUOTE *)", params)
    # The transaction (at the connection's isolation level: the export's snapshot) begins with the first statement
    # run through SQLAlchemy and psycopg; the COPY below goes to libpq past both, so that statement must have run.
    connection.exec_driver_sql("SELECT 1")
    yield from _copy_out(driver, copy.encode())


def _copy_out(driver: Any, copy: bytes) -> Iterator[tuple[str, int]]:
    """The lines of a COPY ... TO STDOUT, BATCH_ROWS at a time, read from libpq directly. psycopg's copy object runs
    each line through its wait machinery: the updates file took 4.7 s that way (3.9 s as lines built by a SELECT
    and fetched from a server-side cursor), and 2.3 s here, where psql's \\copy of the same SELECT takes 2.25 s.
    libpq hands over whatever lines have arrived and this waits only when none has, in poll(), which lets other
    threads run. A reader that stops early cancels the COPY; the transaction is then aborted, for a rollback."""
    import select

    from psycopg import errors
    from psycopg.pq import ExecStatus

    pgconn = driver.pgconn
    poller = select.poll()
    poller.register(pgconn.socket, select.POLLIN)

    def take_input() -> None:  # wait in poll() until the server has sent something, and take it in
        poller.poll()
        pgconn.consume_input()

    def result() -> Any:
        while pgconn.is_busy():
            take_input()
        return pgconn.get_result()

    def finish() -> None:  # every result read, the last being None: the connection takes a statement again
        failed = None
        while (last := result()) is not None:
            if last.status not in (ExecStatus.COMMAND_OK, ExecStatus.COPY_OUT):
                failed = failed or errors.error_from_result(last, encoding=driver.info.encoding)
        if failed:
            raise failed

    pgconn.send_query(copy)
    while pgconn.flush():
        select.select([], [pgconn.socket], [])
    started = result()
    if started.status != ExecStatus.COPY_OUT:
        finish()
        raise errors.error_from_result(started, encoding=driver.info.encoding)
    get, size = pgconn.get_copy_data, 0
    try:
        while size >= 0:
            batch: list[Any] = []
            while len(batch) < BATCH_ROWS:
                size, line = get(1)
                if size > 0:  # as bytes: a memoryview is an object the garbage collector tracks, and a batch
                    batch.append(bytes(line))  # of them set off full collections over a server's every object
                elif size == 0:  # no line has arrived yet
                    take_input()
                else:  # the COPY has ended
                    break
            if batch:
                yield b"".join(batch).decode(), len(batch)
    except BaseException:  # the reader stopped early (or failed)
        if size >= 0:  # the COPY still runs: cancelled, and what is left of it read
            driver.cancel_safe()
            while (size := get(1)[0]) >= 0:
                if size == 0:
                    take_input()
        with contextlib.suppress(errors.QueryCanceled):
            finish()
        raise
    finish()


def _for_driver(connection: Connection, statement: sa.Select) -> tuple[str, dict[str, Any]]:
    """The statement as SQL and parameters for the database driver's own cursor (lists in IN written out)."""
    compiled = statement.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
    return str(compiled), compiled.params


def _written_by_database(column: sa.ColumnElement, kind: type, dialect: str) -> sa.ColumnElement | None:
    """`cell`'s form of a column, made by the database itself, or None for a type it leaves to Python. (Done in
    SQL, a million-row file spends 0.1-1 s a column here against 2-5 s in Python, and as much again passing each
    batch column by column.) Floats are written as Python writes them but for two edges no tracker value reaches:
    a fraction at or above 10^15 on PostgreSQL, and a whole number at or above 2^63, come in exponent form
    ("1.5e+15"), which reads back as the same number."""
    postgresql = dialect == "postgresql"
    if issubclass(kind, sa.String):
        return safe_text_sql(column, dialect)
    if issubclass(kind, sa.Integer):
        return column
    if issubclass(kind, sa.DateTime):
        # Written "2026-11-30T21:22:28.033224+00:00", with no fraction when it is zero. SQLite has it stored by
        # SQLAlchemy as "2026-11-30 21:22:28.033224". (Two replaces cost a million rows 1 s; substr, 2 s.)
        if postgresql:
            text = sa.func.to_char(sa.func.timezone("UTC", column), 'YYYY-MM-DD"T"HH24:MI:SS.US')
        else:
            text = sa.func.replace(sa.type_coerce(column, sa.String), " ", "T")
        return sa.func.replace(text, ".000000", "") + "+00:00"
    if issubclass(kind, sa.Date):
        # ISO whatever the server's DateStyle; SQLite stores them so.
        return sa.func.to_char(column, "YYYY-MM-DD") if postgresql else sa.type_coerce(column, sa.String)
    if issubclass(kind, sa.Float):
        # A whole number as an integer ("13", not "13.0"); any other as the float it is (Python writes its repr,
        # PostgreSQL its shortest exact digits: the same).
        if postgresql:
            whole = sa.and_(column == sa.func.trunc(column), sa.func.abs(column) < 9.2e18)
            return sa.case((whole, sa.cast(sa.cast(column, sa.BigInteger), sa.Text)), else_=sa.cast(column, sa.Text))
        integer = sa.cast(column, sa.Integer)
        return sa.case((column == integer, integer), else_=column)
    if issubclass(kind, sa.Boolean):
        if postgresql:
            return sa.case((column.is_(True), "true"), (column.is_(False), "false"))
        return sa.case((column == 1, "true"), (column == 0, "false"))  # stored as 1 and 0
    return None


def _driver_batches(connection: Connection, statement: sa.Select) -> Iterator[list[Sequence[Any]]]:
    """The rows as the database driver returns them, BATCH_ROWS at a time, without SQLAlchemy's row objects and
    type conversions (for statements whose columns _cells has written so that none is needed). On PostgreSQL, from
    a server-side cursor of the driver's own: SQLAlchemy's streaming reads a first row into a buffer of its own,
    which reading its cursor would skip."""
    if connection.dialect.name == "postgresql":
        with connection.connection.dbapi_connection.cursor(name="export_batches") as cursor:
            cursor.execute(*_for_driver(connection, statement))
            while batch := cursor.fetchmany(BATCH_ROWS):
                yield batch
        return
    result = connection.execute(statement)  # SQLite's cursor streams, and no row has been read from it yet
    try:
        while batch := result.cursor.fetchmany(BATCH_ROWS):
            yield batch
    finally:
        result.close()


class WrittenCell(sa.types.TypeDecorator):
    """Text the database has written as `cell` writes it (a list's items, each made safe, joined): it goes to the
    file as it comes."""

    impl = sa.String
    cache_ok = True


def list_cell(
    connection: Connection,
    item: sa.ColumnElement[str],
    *where: sa.ColumnElement[bool],
    inferred: sa.ColumnElement[bool] | None = None,
) -> sa.ColumnElement[str]:
    """`cell`'s form of a list made by the database, for each row of the enclosing statement: the `item` of every
    row `where` keeps (a condition correlating it to the enclosing row among them), each made safe against formula
    injection and, with `inferred`, marked inferred where it holds (rules.marked), in byte order, joined by
    LIST_SEPARATOR; empty for none."""
    dialect = connection.dialect.name
    safe = safe_text_sql(item, dialect)  # the first character is the item's, marked or not
    if inferred is not None:
        safe = safe + sa.case((inferred, " " + INFERRED_MARK), else_="")
    listed = item.table  # the table of the listed rows: every other table `where` names is the enclosing row's
    if dialect == "postgresql":
        joined = sa.select(
            sa.aggregate_order_by(sa.func.string_agg(safe, LIST_SEPARATOR), byte_order(item, connection))
        )
        joined = joined.where(*where).correlate_except(listed)
    else:  # SQLite before 3.44 takes no ORDER BY in group_concat: it joins the rows of an ordered subquery in turn
        items = sa.select(safe.label("item")).where(*where).order_by(item).correlate_except(listed).subquery("items")
        joined = sa.select(sa.func.group_concat(items.c.item, LIST_SEPARATOR))
    return sa.type_coerce(sa.func.coalesce(joined.scalar_subquery(), ""), WrittenCell())


# The claims the commitments file carries beside its stored columns, as the as-of view works them out (every one
# but `made`: the file holds only the commitments made by its date).
CLAIMS = tuple(name for name in view.CLAIMS if name != "made")


def commitments_statement(connection: Connection, f: CommitmentFilter) -> sa.Select:
    """The commitments' stored columns, their parties (a party the text does not name outright marked inferred, as
    every output marks it) and themes as lists, then the claims the as-of view works out for each."""
    dialect = connection.dialect.name
    claims = view.commitments_view(f, ordered=False, columns=("slug", *CLAIMS), dialect=dialect).subquery("claims")
    stored = [getattr(Commitment, name) for name in COMMITMENTS_FILE.stored_fields]
    party, theme = CommitmentParty, CommitmentTheme
    parties = list_cell(
        connection, party.organization_slug, party.commitment_slug == Commitment.slug, inferred=party.inferred
    )
    themes = list_cell(connection, theme.theme_slug, theme.commitment_slug == Commitment.slug)
    return (
        sa.select(*stored, parties, themes, *(claims.c[name] for name in CLAIMS))
        .join(claims, claims.c.slug == Commitment.slug)
        .order_by(byte_order(Commitment.slug, connection))
    )


def people_statement(connection: Connection, f: CommitmentFilter) -> sa.Select:
    """The people's stored columns and their other spellings (those the view holds) as a list."""
    people = PEOPLE_FILE.stored_statement(connection, f)
    aliases = list_cell(connection, PersonAlias.alias, PersonAlias.person_slug == Person.slug, *in_view(PersonAlias, f))
    return people.add_columns(aliases)


COMMITMENTS_FILE = TableExport(
    BY_NAME["commitment"],
    commitments_statement,
    lists=("parties", "themes"),
    computed=CLAIMS,
    renamed={"status": "recorded_status"},
)
PEOPLE_FILE = TableExport(BY_NAME["person"], people_statement, lists=("aliases",))
# Every file of the export, in the order its rows can be loaded back (each refers only to files before it).
TABLES: tuple[TableExport, ...] = (
    TableExport(BY_NAME["source"]),
    TableExport(BY_NAME["organization"]),
    PEOPLE_FILE,
    TableExport(BY_NAME["person_alias"]),
    TableExport(BY_NAME["event"]),
    TableExport(BY_NAME["event_role"]),
    TableExport(BY_NAME["statement"]),
    TableExport(BY_NAME["theme"]),
    COMMITMENTS_FILE,
    TableExport(BY_NAME["commitment_party"]),
    TableExport(BY_NAME["initiative"]),
    TableExport(BY_NAME["participation_figure"]),
    TableExport(BY_NAME["inference"]),
    TableExport(BY_NAME["passage"], order=("source_slug", "quote_start")),
    TableExport(BY_NAME["progress_update"]),
    TableExport(BY_NAME["rubric"]),
    TableExport(BY_NAME["party_reply"]),
    TableExport(BY_NAME["contest"]),
    TableExport(BY_NAME["fact_change"]),
)


def one_snapshot(connection: Connection) -> Connection:
    """`connection` reading every statement of its transaction from one snapshot: the files of one export agree with
    each other whatever is written meanwhile (SQLite's transaction, begun by the engine, reads one snapshot)."""
    if connection.dialect.name == "postgresql":
        return connection.execution_options(isolation_level="REPEATABLE READ")
    return connection


def export_tables(engine: Engine, out_dir: Path, f: CommitmentFilter | None = None) -> list[tuple[Path, int]]:
    """Write every table's CSV of the view `f` (default: everything, as of today) into `out_dir` (created if
    missing) from one consistent snapshot, streamed: rows go from the database cursor to the file in batches, so
    memory stays flat whatever the size of the data."""
    f = f or CommitmentFilter(as_of=today())
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with engine.connect() as connection:
        connection = one_snapshot(connection)
        for table in TABLES:
            path = out_dir / table.file
            rows, formats = table.rows(connection, f)
            counter = _Counter()
            with path.open("w", encoding="utf-8", newline="") as file:
                file.writelines(csv_chunks(table.columns, counter.passing(rows), formats=formats))
            written.append((path, counter.count))
    return written


class _Counter:
    """Counts rows on their way to the file: a batch at a time when they come in batches."""

    def __init__(self) -> None:
        self._count, self._lines = 0, None

    @property
    def count(self) -> int:
        return self._lines.count if self._lines is not None else self._count

    def passing(self, rows: Iterable[Sequence[Any]]) -> Iterable[Sequence[Any]]:
        if isinstance(rows, CsvLines):
            self._lines = rows
            return rows
        if isinstance(rows, RowBatches):
            return RowBatches(self._batches(rows.batches))
        return self._rows(rows)

    def _batches(self, batches: Iterable[Sequence[Sequence[Any]]]) -> Iterator[Sequence[Sequence[Any]]]:
        for batch in batches:
            self._count += len(batch)
            yield batch

    def _rows(self, rows: Iterable[Sequence[Any]]) -> Iterator[Sequence[Any]]:
        for row in rows:
            self._count += 1
            yield row
