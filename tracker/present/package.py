"""The export as a Frictionless data package, and the import that reads one back.

`write_package` writes the CSV files of tracker.present.exports, a `datapackage.json` describing every file with
a Table Schema (types, allowed values, primary and foreign keys, descriptions), and a `CITATION.cff`.

`import_package` loads such a folder into an empty database: every row is checked first (types, allowed values,
lengths, references, each quote against its source's text and each text against its SHA-256), and a problem is
reported with its file, row and field while nothing is written. The database's own constraints check again as the
rows go in, all in one transaction. Export, import, export gives the same bytes, on SQLite, on PostgreSQL and
across them.

Accounts travel only when asked for (`accounts=True`), and their password hashes only with `password_hashes=True`.
"""

import csv
import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

import sqlalchemy as sa
import yaml
from pydantic import ValidationError
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, SQLModel

from models.db import bump_revision
from models.facts import KINDS
from models.importer import References
from models.inputs import CREATES, MAX_SOURCE_CHARS, UserCreate, validation_message
from models.tables import CommitmentTheme, Source, UserAccount, utcnow
from tracker.domain.errors import TrackerError, store_refusal
from tracker.domain.rules import DEADLINE_STATES, PACE_RULE, today
from tracker.domain.settings import APP_VERSION, edition, settings
from tracker.domain.vocab import REPLY_STATUS_LABELS, SDMX_OBS_STATUS, STATUS_MEANINGS
from tracker.present.csvfile import LIST_SEPARATOR, csv_chunks, unescape_text
from tracker.present.exports import TABLES, TableExport, byte_order, export_tables, generic_type
from tracker.read import process
from tracker.read.as_of import CLAIMS, in_view
from tracker.read.filters import CommitmentFilter

PACKAGE_FILE = "datapackage.json"
CITATION_FILE = "CITATION.cff"
ACCOUNTS_FILE = "accounts.csv"
ACCOUNT_COLUMNS = ("username", "display_name", "role", "party_slug", "active", "created_by", "created_at")
IMPORT_ACTOR = "import"
BATCH = 5_000
PROBLEMS_SHOWN = 20

TITLE = "AI Standards Commitment Tracker: commitments on AI standardization and what has happened since"
# The tracker's own data (its records, classifications, inferences and assessments) is licensed; the documents it
# quotes are not the tracker's to license: each text stays its publisher's, carried only so that quotes can be
# checked (sources.csv says so in its own license entry).
LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0, for the tracker's own data; the source documents' texts and the "
    "excerpts quoted from them remain their publishers' and are not licensed by the tracker",
}
THIRD_PARTY_TEXTS = {
    "name": "other-closed",
    "title": "The documents' texts are their publishers', included so that every quote can be checked; the tracker "
    "does not license them",
}

# Files in the order their rows can go in (each refers only to files before it): the export's own order.
IMPORT_ORDER = tuple(table.file for table in TABLES)

# What the columns the tables do not store say: the claims worked out as of the export's date, the lists merged
# in, and the inferred values. Every stored column is described where its field is declared (models/tables.py).
COMPUTED_DESCRIPTIONS = {
    "status": "Implementation status as of the export's date: the latest progress update's not corrected away, else "
    "the recorded one.",
    "progress_value": "The number reached toward a numeric target, as of the export's date.",
    "progress_on": "The day that number describes (a later update may give a status with no number).",
    "last_update": "The date of the latest progress update up to the export's date.",
    "pace": "Whether it is on track on the view's date, in words: ahead of pace, on pace, behind pace, target "
    "reached, deadline passed or cannot say, marked (inferred) where it rests on an inferred deadline or day made; "
    "empty without a countable target and a deadline. The rule: " + PACE_RULE,
    "made_on": "The day the commitment counts as made: its event's first day, or its document's publication date.",
    "made_on_inferred": "True when that day is not stated literally (the event's year, say).",
    "deadline_state": "Where the commitment stands against its deadline on the export's date: overdue (assessed, "
    "not closed, deadline passed), passed_not_assessed (the deadline passed before anyone assessed it: not called "
    "overdue), due_soon (within 90 days), on_track, closed (complete or withdrawn) or no_deadline.",
    "days_left": "Days from the export's date to the deadline; negative once it has passed.",
    "stale": "True when no progress update was recorded for longer than the stale period (not for closed ones).",
    "specificity": "One point each for a party the text names, a deadline and a measurable target (0 to 3).",
    "verifiable": "True when the commitment sets a deadline or a measurable target.",
    "parties": "Who the text says commits (organizations.csv slugs, separated by '; '), a party the text does not "
    "name outright followed by ' (inferred)'; roles and reasons are in commitment_parties.csv.",
    "themes": "Themes of the commitment (themes.csv slugs, separated by '; ').",
    "aliases": "Other spellings of the name (separated by '; '); their evidence is in person_aliases.csv.",
    "rubric": "The rubric in force (rubrics.csv id: the latest): what would count as limited, substantial "
    "and complete for this commitment, written before any rating; empty where none is written yet.",
    "parties_disagree": "How many committing parties, in their latest reply to the rating in force, state a status of "
    "their own that differs from ours (party_replies.csv holds the replies; no response is never counted as "
    "agreement).",
    "open_contests": "How many of this commitment's values were contested and not yet resolved, as of the export's "
    "date (contests.csv holds every contest, resolved ones too).",
    "inferred_values": "The values of this row that the source does not state literally, and what each rests on: "
    "'field: reason', several separated by ' | ' (inferences.csv holds the same, one a row).",
}


def column_words(column: str, table: TableExport | None = None) -> str:
    """What a column of the data package (and of the API's answers) says: a claim's or a list's words, or the
    description declared on the field it is stored in (of `table`, or of the first fact that has it)."""
    if column in COMPUTED_DESCRIPTIONS and (table is None or column in table.derived):
        return COMPUTED_DESCRIPTIONS[column]
    for each in [table] if table is not None else TABLES:
        name = each.field_of(column)
        if name is not None:
            return each.model.model_fields[name].description or column
    for kind in KINDS:  # a field no file carries (an answer's own column)
        if column in kind.fields:
            return kind.fields[column].description or column
    return COMPUTED_DESCRIPTIONS.get(column, column.replace("_", " "))


class PackageError(TrackerError):
    """A data package the import refuses; the message names every problem found (file, row, field)."""


@dataclass
class _Problems:
    found: list[str] = field(default_factory=list)

    def add(self, file: str, line: int | None, column: str | None, message: str) -> None:
        where = file + (f", row {line}" if line is not None else "") + (f", field {column}" if column else "")
        self.found.append(f"{where}: {message}")

    def raise_any(self) -> None:
        if self.found:
            shown = self.found[:PROBLEMS_SHOWN]
            more = len(self.found) - len(shown)
            tail = f"\n  ... and {more} more" if more else ""
            raise PackageError(
                "the data package was not imported; nothing was written:\n  " + "\n  ".join(shown) + tail
            )


def _table(file: str) -> TableExport:
    return next(table for table in TABLES if table.file == file)


def _sql_column(table: TableExport, column: str) -> sa.Column | None:
    name = table.field_of(column)
    return None if name is None else table.model.__table__.c[name]


def stored_column(table: TableExport, column: str) -> sa.Column | None:
    """The table column a file column is read from and stored in; None for a list or a computed column."""
    return None if column in table.derived else _sql_column(table, column)


def allowed_values(model: type[SQLModel], name: str) -> list[str] | None:
    """The values a CHECK constraint made by vocab.sql_in allows for the column: the vocabulary, defined once."""
    for constraint in model.__table__.constraints:
        if isinstance(constraint, sa.CheckConstraint):
            match = re.search(rf"\b{name} IN \(([^)]*)\)", str(constraint.sqltext))
            if match:
                return re.findall(r"'([^']*)'", match.group(1))
    return None


def _frictionless_type(column: sa.Column) -> str:
    kind = generic_type(column.type)
    if issubclass(kind, sa.Boolean):
        return "boolean"
    if issubclass(kind, sa.Integer):
        return "integer"
    if issubclass(kind, sa.Float | sa.Numeric):
        return "number"
    if issubclass(kind, sa.DateTime):
        return "datetime"
    if issubclass(kind, sa.Date):
        return "date"
    return "string"


_FRICTIONLESS = {str: "string", float: "number", int: "integer", bool: "boolean", dt.date: "date"}
# The Table Schema type of each claim, from the type the as-of view declares for it.
_DERIVED_TYPES = {
    name: _FRICTIONLESS[next(t for t in get_args(kind) or (kind,) if t is not type(None))]
    for name, kind in CLAIMS.items()
}


def _field(table: TableExport, column: str) -> dict[str, Any]:
    model = table.model
    words = column_words(column, table)
    described: dict[str, Any] = {"name": column, "description": words}
    if column in table.lists:
        return {**described, "type": "list", "delimiter": LIST_SEPARATOR.strip(), "itemType": "string"}
    sql = _sql_column(table, column)
    if sql is None or column in table.derived:
        described["type"] = _DERIVED_TYPES.get(column, "string")
        allowed = {"status": allowed_values(model, "status"), "deadline_state": list(DEADLINE_STATES)}.get(column)
    else:
        described["type"] = _frictionless_type(sql)
        allowed = allowed_values(model, sql.name)
    if described["type"] == "datetime":
        described["format"] = "any"
    constraints: dict[str, Any] = {}
    if allowed:
        constraints["enum"] = allowed
    if allowed and set(allowed) <= set(REPLY_STATUS_LABELS):  # a party's reply: what each answer says
        described["valueMeanings"] = {code: REPLY_STATUS_LABELS[code] for code in allowed}
    elif allowed and set(allowed) <= set(STATUS_MEANINGS):  # what each status says, and its SDMX observation status
        described["valueMeanings"] = {code: STATUS_MEANINGS[code] for code in allowed}
        described["sdmxObsStatus"] = {
            code: {"code": SDMX_OBS_STATUS[code][0], "name": SDMX_OBS_STATUS[code][1]} for code in allowed
        }
    if sql is not None and column not in table.derived and (sql.primary_key or _required(sql)):
        constraints["required"] = True
    if sql is not None and getattr(sql.type, "length", None) and described["type"] == "string":
        constraints["maxLength"] = sql.type.length + 1  # one more for the apostrophe a formula-like text gets
    if constraints:
        described["constraints"] = constraints
    return described


def _required(column: sa.Column) -> bool:
    """Never empty in the file: not nullable, and not text that may be empty."""
    if column.nullable:
        return False
    if _frictionless_type(column) != "string":
        return True
    return any(
        re.search(rf"\b{column.name} <> ''|length\(({column.name}|trim\({column.name}\))\) > 0", str(c.sqltext))
        for c in column.table.constraints
        if isinstance(c, sa.CheckConstraint) and " OR " not in str(c.sqltext)  # not a conditional rule
    ) or column.name in ("source_slug", "sha256")


def table_schema(table: TableExport) -> dict[str, Any]:
    model = table.model
    by_attribute = dict(zip(table.stored_fields, table.stored, strict=True))
    schema: dict[str, Any] = {
        "fields": [_field(table, column) for column in table.columns],
        "missingValues": [""],
        "primaryKey": [by_attribute[column.name] for column in model.__table__.primary_key.columns],
    }
    keys = []
    for column in model.__table__.columns:
        for foreign in column.foreign_keys:
            if column.name not in by_attribute:
                continue
            target = next(t for t in TABLES if t.model.__table__ is foreign.column.table)
            keys.append(
                {
                    "fields": [by_attribute[column.name]],
                    "reference": {
                        "resource": "" if target is table else target.name,
                        "fields": [foreign.column.name if foreign.column.name != "id" else "id"],
                    },
                }
            )
    if keys:
        schema["foreignKeys"] = keys
    return schema


def _resource(file: str, schema: dict[str, Any]) -> dict[str, Any]:
    """A CSV file of the package as the export writes it (UTF-8, a header row, every cell quoted)."""
    return {
        "name": file.removesuffix(".csv"),
        "path": file,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True},
        "schema": schema,
    }


def describe(
    f: CommitmentFilter,
    sources: list[dict[str, str]],
    made_at: dt.datetime,
    accounts: bool = False,
    password_hashes: bool = False,
    content_hash: str = "",
) -> dict[str, Any]:
    """The datapackage.json of an export of the view `f`, made at `made_at`, whose sources are `sources` (title,
    path), with the accounts file if asked for (and its password hashes)."""
    resources = [_resource(table.file, table_schema(table)) for table in TABLES]
    for resource in resources:
        if resource["name"] == "sources":
            resource["licenses"] = [THIRD_PARTY_TEXTS]
    if accounts:
        fields = [
            {"name": name, "type": _frictionless_type(UserAccount.__table__.c[name])}
            for name in _account_columns(password_hashes)
        ]
        resources.append(
            _resource(ACCOUNTS_FILE, {"fields": fields, "missingValues": [""], "primaryKey": ["username"]})
        )
    return {
        "profile": "tabular-data-package",
        "name": "ai-standards-commitment-tracker",
        "title": TITLE,
        "description": (
            f"The tracker as it stood on {f.as_of.isoformat()} ({view_words(f)}): commitments on AI standardization "
            "with who the text says commits, the verbatim quote each fact comes from and its offsets in the "
            "source's text, and the progress updates and corrections recorded since. A value the text does not "
            "state literally is marked inferred, with its reason (inferences.csv and the *_inferred columns). Text "
            "cells that a spreadsheet could read as a formula start with an added apostrophe. sources.csv holds "
            "the full text of each document so that every quote can be checked: the texts are their publishers', "
            "not licensed by the tracker. " + process.review_words()
        ),
        "review": settings().review,
        "version": _version(f, made_at),
        "release": edition().version if edition() else None,
        "data_hash": content_hash,
        "app_version": APP_VERSION,
        "created": stamp(made_at),
        "as_of": f.as_of.isoformat(),
        "view": view_words(f),
        "licenses": [LICENSE],
        "sources": sources,
        "resources": resources,
    }


def view_words(f: CommitmentFilter) -> str:
    return f.describe() if not f.is_default else "everything"


def stamp(moment: dt.datetime) -> str:
    """A moment as every output writes it: UTC, to the second, `2026-12-06T16:20:00Z`."""
    moment = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _version(f: CommitmentFilter, made_at: dt.datetime) -> str:
    """Which state of the data a package holds: the release's version, or, for the live data, the view's date and
    the moment it was read (a later correction changes what an earlier date shows, so the date alone does not
    name it)."""
    if (release := edition()) is not None:
        return release.version
    return f"live.as-of-{f.as_of.isoformat()}.made-{made_at.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"


def data_hash(files: Mapping[str, bytes | Path]) -> str:
    """SHA-256 over a package's data files, by name (not its description, citation or accounts): a release's
    hash, and what every package says of the data it holds. A file given as a path is read a piece at a time."""
    digest = hashlib.sha256()
    for name in sorted(files):
        if name in (PACKAGE_FILE, CITATION_FILE, ACCOUNTS_FILE):
            continue
        digest.update(name.encode() + b"\0")
        content = files[name]
        if isinstance(content, Path):
            with content.open("rb") as file:
                while piece := file.read(1 << 20):
                    digest.update(piece)
        else:
            digest.update(content)
        digest.update(b"\0")
    return f"sha256:{digest.hexdigest()}"


def _account_columns(password_hashes: bool) -> tuple[str, ...]:
    return (*ACCOUNT_COLUMNS, "password_hash") if password_hashes else ACCOUNT_COLUMNS


def _sources(connection: Connection, f: CommitmentFilter) -> list[dict[str, str]]:
    rows = connection.execute(
        sa.select(Source.label, Source.title, Source.publisher, Source.url)
        .where(*in_view(Source, f))
        .order_by(byte_order(Source.slug, connection))
    )
    return [
        {
            "title": title or label,
            **({"publisher": publisher} if publisher else {}),
            **({"path": url} if url else {}),
        }
        for label, title, publisher, url in rows
    ]


def citation(f: CommitmentFilter, sources: list[dict[str, str]], made_at: dt.datetime) -> str:
    """CITATION.cff (Citation File Format 1.2.0) for the data package. A source document is cited as a reference
    only where its publisher is known (a reference names its authors); the others are named in the message."""
    cited = [source for source in sources if source.get("publisher")]
    unnamed = [source["title"] for source in sources if not source.get("publisher")]
    message = "If you use this data, please cite it as below, and cite the source documents it quotes."
    if unnamed:
        message += " Documents quoted whose publisher the text does not name: " + "; ".join(unnamed) + "."
    document = {
        "cff-version": "1.2.0",
        "message": message,
        "type": "dataset",
        "title": TITLE,
        "abstract": f"The tracker as it stood on {f.as_of.isoformat()} ({view_words(f)}).",
        "authors": [{"name": settings().publisher}],
        "version": _version(f, made_at),
        "date-released": made_at.astimezone(dt.UTC).date().isoformat(),
        "license": LICENSE["name"],
        "keywords": ["artificial intelligence", "standardization", "commitments", "IEC", "ISO", "ITU"],
        **(
            {
                "references": [
                    {
                        "type": "generic",
                        "title": source["title"],
                        "authors": [{"name": source["publisher"]}],
                        **({"url": source["path"]} if "path" in source else {}),
                    }
                    for source in cited
                ]
            }
            if cited
            else {}
        ),
    }
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=120)


def write_package(
    engine: Engine,
    out_dir: Path,
    f: CommitmentFilter | None = None,
    *,
    accounts: bool = False,
    password_hashes: bool = False,
) -> list[tuple[Path, int]]:
    """Every table's CSV of the view `f` (exports.export_tables; default everything as of today), the accounts if
    asked for, datapackage.json and CITATION.cff."""
    f = f or CommitmentFilter(as_of=today())
    made_at = settings().made_at or utcnow()
    written = export_tables(engine, out_dir, f)
    with engine.connect() as connection:
        sources = _sources(connection, f)
        if accounts:
            columns = _account_columns(password_hashes)
            u = UserAccount.__table__.c
            statement = sa.select(*(u[name] for name in columns)).order_by(byte_order(u.username, connection))
            rows = connection.execute(statement).all()  # a handful: the people who edit
            path = out_dir / ACCOUNTS_FILE
            with path.open("w", encoding="utf-8", newline="") as file:
                file.writelines(csv_chunks(columns, rows))
            written.append((path, len(rows)))
    content_hash = data_hash({path.name: path for path, _ in written})
    package = describe(f, sources, made_at, accounts, password_hashes, content_hash)
    (out_dir / PACKAGE_FILE).write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out_dir / CITATION_FILE).write_text(citation(f, sources, made_at), encoding="utf-8")
    return written


# Reading a package back.


def _parser(column: sa.Column) -> Any:
    """How a cell of `column` is read: the inverse of the export's cell rule (csvfile.cell)."""
    kind = _frictionless_type(column)
    if kind == "string":
        return unescape_text
    if kind == "integer":
        return int
    if kind == "number":
        return float
    if kind == "date":
        return dt.date.fromisoformat
    if kind == "datetime":
        return lambda text: dt.datetime.fromisoformat(text).astimezone(dt.UTC)
    return _boolean


def _boolean(text: str) -> bool:
    if text not in ("true", "false"):
        raise ValueError("must be true or false")
    return text == "true"


@dataclass
class _Plan:
    """How one file becomes rows of its table: which column goes where and how it is read."""

    table: TableExport
    columns: list[tuple[int, str, sa.Column, Any, list[str] | None]]  # position, file column, table column, read

    @classmethod
    def of(cls, table: TableExport) -> "_Plan":
        columns = []
        for position, column in enumerate(table.columns):
            if column in table.derived:
                continue
            sql = _sql_column(table, column)
            columns.append((position, column, sql, _parser(sql), allowed_values(table.model, sql.name)))
        return cls(table, columns)


# The longest cell a package may hold: a source's whole text, each character escaped at most once (csv's own
# limit, 131,072 characters, is less than a source may be).
MAX_CELL = 2 * MAX_SOURCE_CHARS + 2


def _read(folder: Path, file: str, expected: tuple[str, ...], problems: _Problems) -> Iterator[tuple[int, list[str]]]:
    """The data rows of one file, numbered as a spreadsheet numbers them (the header is row 1)."""
    path = folder / file
    if not path.is_file() or path.is_symlink():
        problems.add(file, None, None, "the file is missing from the package (a link to a file is not read)")
        return
    if csv.field_size_limit() < MAX_CELL:
        csv.field_size_limit(MAX_CELL)
    line = 0  # the row last read: a row that cannot be read is the one after it
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        try:
            header = next(rows, None)
            if tuple(header or ()) != expected:
                problems.add(file, 1, None, f"the header must be {', '.join(expected)}")
                return
            for line, row in enumerate(rows, start=2):
                if len(row) != len(expected):
                    problems.add(file, line, None, f"has {len(row)} cells; the header has {len(expected)}")
                    continue
                yield line, row
        except UnicodeDecodeError as exc:
            problems.add(file, line + 1, None, f"is not UTF-8 text (byte {exc.object[exc.start : exc.end]!r})")
        except csv.Error as exc:
            problems.add(file, line + 1, None, f"cannot be read as CSV ({exc})")


def _values(plan: _Plan, line: int, row: list[str], problems: _Problems) -> dict[str, Any] | None:
    values: dict[str, Any] = {}
    ok = True
    for position, column, sql, read, allowed in plan.columns:
        text = row[position]
        if text == "":
            if sql.nullable:
                values[sql.name] = None
                continue
            if _frictionless_type(sql) != "string":
                problems.add(plan.table.file, line, column, "a value is required")
                ok = False
                continue
        try:
            value = read(text)
        except ValueError:
            problems.add(plan.table.file, line, column, f"{text[:40]!r} is not a {_frictionless_type(sql)}")
            ok = False
            continue
        if allowed is not None and value not in allowed:
            problems.add(plan.table.file, line, column, f"{text[:40]!r} is not one of: {', '.join(allowed)}")
            ok = False
        length = getattr(sql.type, "length", None)
        if length and isinstance(value, str) and len(value) > length:
            problems.add(plan.table.file, line, column, f"is longer than {length} characters")
            ok = False
        if isinstance(value, str) and "\x00" in value:
            problems.add(plan.table.file, line, column, "holds a NUL character, which no text may hold")
            ok = False
        values[sql.name] = value
    return values if ok and _passes_input(plan, line, values, problems) else None


def _passes_input(plan: _Plan, line: int, values: dict[str, Any], problems: _Problems) -> bool:
    """Whether a row passes what every new row of its table passes (the input model a form, the CLI and a facts
    file use: limits, finite numbers, dates that have passed, evidence), with each problem added."""
    model = CREATES.get(plan.table.model)
    if model is None:
        return True
    try:
        model.model_validate({name: values[name] for name in model.model_fields if name in values})
    except ValidationError as exc:
        by_field = {sql.name: column for _, column, sql, _, _ in plan.columns}
        for error in exc.errors():
            name = str(error["loc"][0]) if error.get("loc") else None
            message = str(error["msg"]).removeprefix("Value error, ")
            problems.add(plan.table.file, line, by_field.get(name or "", name), message)
        return False
    recorded = values.get("recorded_at")
    if isinstance(recorded, dt.datetime) and recorded > utcnow():
        problems.add(plan.table.file, line, "recorded_at", f"{recorded:%Y-%m-%d %H:%M} is in the future")
        return False
    return True


def _database_is_empty(connection: Connection) -> None:
    held = []
    for file in IMPORT_ORDER:
        model = _table(file).model
        count = connection.execute(sa.select(sa.func.count()).select_from(model.__table__)).scalar()
        if count:
            held.append(f"{count} {model.__tablename__}")
    if held:
        raise PackageError(
            f"the database already holds data ({', '.join(held[:4])}{'...' if len(held) > 4 else ''}); "
            "import into a new, empty database (DATABASE_URL)"
        )


def _check(folder: Path, texts: dict[str, str], problems: _Problems) -> None:
    """Pass one: every row of every file read and checked, nothing kept but the keys others refer to."""
    keys: dict[str, set[Any]] = {}
    references = References()  # what a row may name: the rows before it (models.importer)
    for file in IMPORT_ORDER:
        table = _table(file)
        plan = _Plan.of(table)
        columns = {name: column for _, column, sql, _, _ in plan.columns for name in (sql.name,)}
        primary = list(table.kind.key)
        own = keys.setdefault(table.model.__tablename__, set())
        for line, row in _read(folder, file, table.columns, problems):
            values = _values(plan, line, row, problems)
            if values is None:
                continue
            key = tuple(values[name] for name in primary)
            if key in own:
                problems.add(file, line, None, f"repeats the key {', '.join(map(str, key))}")
            own.add(key)
            for bad in references.problems(table.kind.name, values):
                problems.add(file, line, columns[bad.field], f"{bad.value!r} is not in the {bad.kind} rows before it")
            if len(primary) == 1:
                references.add(table.kind.name, key)
            if file == "sources.csv":
                if hashlib.sha256(values["text"].encode()).hexdigest() != values["sha256"]:
                    problems.add(file, line, "text", "does not match its sha256")
                texts[values["slug"]] = values["text"]
            elif "source_quote" in values:
                text = texts.get(values["source_slug"], "")
                if text[values["quote_start"] : values["quote_end"]] != values["source_quote"]:
                    problems.add(file, line, "source_quote", "is not the source's text at quote_start..quote_end")
            if file == "commitments.csv":
                themes = row[table.columns.index("themes")]
                for theme in themes.split(LIST_SEPARATOR) if themes else ():
                    if theme not in references.known["theme"]:
                        problems.add(file, line, "themes", f"{theme!r} is not in themes.csv")


def _insert(connection: Connection, model: type[SQLModel], rows: list[dict[str, Any]], file: str, lines: list[int]):
    """Insert a batch; a row the database refuses is found and named (the batch is retried row by row)."""
    try:
        with connection.begin_nested():
            connection.execute(model.__table__.insert(), rows)
    except (sa.exc.IntegrityError, sa.exc.DataError):
        for values, line in zip(rows, lines, strict=True):
            try:
                with connection.begin_nested():
                    connection.execute(model.__table__.insert(), [values])
            except (sa.exc.IntegrityError, sa.exc.DataError) as exc:
                problems = _Problems()
                problems.add(file, line, None, f"the database refused it: {store_refusal(exc)}")
                problems.raise_any()
        raise


def _audit(model: type[SQLModel], now: dt.datetime) -> dict[str, Any]:
    names = model.__table__.c
    audit: dict[str, Any] = {}
    if "origin" in names:
        audit.update(origin="user", created_by=IMPORT_ACTOR, created_at=now, updated_by="", updated_at=None)
    if "version" in names:
        audit["version"] = 1
    return audit


@dataclass(frozen=True)
class AccountsImport:
    """Whether a package's accounts come in: only when asked, and an admin account as an editor unless
    `admins` is asked for too."""

    wanted: bool = False
    admins: bool = False


def import_package(engine: Engine, folder: Path, accounts: AccountsImport = AccountsImport()) -> list[tuple[str, int]]:
    """Load the data package in `folder` into the empty database behind `engine`; (file, rows) loaded. Raises
    PackageError naming every problem (file, row, field) before anything is written. The package's accounts
    come in only as `accounts` says."""
    if not (folder / PACKAGE_FILE).is_file():
        raise PackageError(f"{folder} holds no {PACKAGE_FILE}: give the folder `python -m tracker export` wrote")
    try:
        json.loads((folder / PACKAGE_FILE).read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise PackageError(f"{PACKAGE_FILE} is not valid JSON ({exc})") from None
    with engine.connect() as connection:
        _database_is_empty(connection)
    problems = _Problems()
    texts: dict[str, str] = {}
    _check(folder, texts, problems)
    account_rows = _accounts(folder, accounts, problems) if accounts.wanted else []
    problems.raise_any()
    loaded = []
    now = utcnow()
    with engine.begin() as connection:
        _database_is_empty(connection)
        for file in IMPORT_ORDER:
            table = _table(file)
            plan = _Plan.of(table)
            audit = _audit(table.model, now)
            count = 0
            batch, lines, themes = [], [], []
            for line, row in _read(folder, file, table.columns, problems):
                values = _values(plan, line, row, problems)
                batch.append({**values, **audit})
                lines.append(line)
                if file == "commitments.csv":
                    cell = row[table.columns.index("themes")]
                    themes += [
                        {"commitment_slug": values["slug"], "theme_slug": theme, **_audit(CommitmentTheme, now)}
                        for theme in (cell.split(LIST_SEPARATOR) if cell else ())
                    ]
                if len(batch) >= BATCH:
                    _insert(connection, table.model, batch, file, lines)
                    count += len(batch)
                    batch, lines = [], []
            if batch:
                _insert(connection, table.model, batch, file, lines)
                count += len(batch)
            if themes:
                _insert(connection, CommitmentTheme, themes, file, [0] * len(themes))
            loaded.append((file, count))
        if account_rows:
            lines = list(range(2, len(account_rows) + 2))
            _insert(connection, UserAccount, account_rows, ACCOUNTS_FILE, lines)
        if accounts.wanted:
            loaded.append((ACCOUNTS_FILE, len(account_rows)))
        if connection.dialect.name == "postgresql":  # ids were given: each table's next id follows its last
            for table in TABLES:
                key = list(table.model.__table__.primary_key.columns)
                if len(key) == 1 and isinstance(key[0].type, sa.Integer):
                    sequence = sa.func.pg_get_serial_sequence(table.model.__tablename__, key[0].name)
                    last = sa.select(sa.func.max(key[0])).scalar_subquery()
                    connection.execute(sa.select(sa.func.setval(sequence, sa.func.coalesce(last, 0) + 1, False)))
        with Session(connection) as session:
            bump_revision(session)
            session.flush()
    return loaded


def _accounts(folder: Path, asked: AccountsImport, problems: _Problems) -> list[dict[str, Any]]:
    """The accounts of the package's accounts file, each checked as `users add` checks one; an admin becomes an
    editor unless `asked.admins`."""
    columns = UserAccount.__table__.c
    header = _account_columns(_has_hashes(folder))
    accounts = []
    for line, row in _read(folder, ACCOUNTS_FILE, header, problems):
        values: dict[str, Any] = {}
        for name, text in zip(header, row, strict=True):
            if text == "" and columns[name].nullable:  # an account that names no party
                values[name] = None
                continue
            try:
                values[name] = _parser(columns[name])(text)
            except ValueError:
                problems.add(ACCOUNTS_FILE, line, name, f"{text[:40]!r} is not a {_frictionless_type(columns[name])}")
        try:
            UserCreate(
                username=values.get("username", ""), role=values.get("role", ""), party_slug=values.get("party_slug")
            )
        except ValidationError as exc:
            problems.add(ACCOUNTS_FILE, line, None, validation_message(exc))
        if values.get("role") == "admin" and not asked.admins:
            values["role"] = "editor"
        accounts.append(values)
    return accounts


def _has_hashes(folder: Path) -> bool:
    path = folder / ACCOUNTS_FILE
    if not path.is_file():
        return False
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        return "password_hash" in next(csv.reader(handle), [])


def _fail(file: str, line: int, column: str, message: str) -> None:
    problems = _Problems()
    problems.add(file, line, column, message)
    problems.raise_any()
