"""Every table of the data package as a list in the read API: `/api/v1/<table>` (JSON, paged) and its `.csv` twin
(the export's file, streamed, with its injection-safe cells). Each is the view the pages' filters and as-of date ask
for (`/api/v1/event-roles?framework=Seoul+Statement` holds the roles at the events of the Seoul Statement's
commitments, as the Stakeholders page does), narrowed by any slug it refers to or code it holds:
`/api/v1/people?organization=itu`, `/api/v1/progress-updates.csv?commitment=SLUG`. A column named like one of the
view's filters is filtered under the table's own name for it (`participation_figure_kind=context`).

The tables, their columns and their order are the export's (tracker.present.exports.TABLES); the commitments have
their own routes (tracker.web.api).
"""

import datetime as dt
import inspect
from collections.abc import Iterator
from typing import Annotated, Any
from urllib.parse import urlencode

import sqlalchemy as sa
from fastapi import Depends, Request
from sqlalchemy.engine import Connection
from starlette.datastructures import QueryParams

from models.tables import Commitment, Inference, PersonAlias
from tracker.present import releases
from tracker.present.csvfile import csv_chunks
from tracker.present.exports import INFERRED, TABLES, TableExport
from tracker.present.package import allowed_values, stored_column
from tracker.read import queries
from tracker.read.as_of import in_view
from tracker.read.filters import FILTERS, CommitmentFilter, slugify_file_name
from tracker.web import addresses, schemas
from tracker.web.api import router
from tracker.web.engine import data_engine, live_engine
from tracker.web.params import (
    CSV_ANSWER,
    EXCEL,
    EXCEL_PARAMETER,
    PAGE_PARAMETERS,
    PAGING,
    VIEW_PARAMETERS,
    BadRequest,
    NotFound,
    csv_response,
    declared,
    json_value,
    next_link,
    paging,
    query_parameter,
    view_from_params,
    wants_excel,
)

MAX_ROW_NUMBER = 2**31 - 1  # the largest row number PostgreSQL's integer holds
LISTED = tuple(table for table in TABLES if table.model is not Commitment)


def path_of(table: TableExport) -> str:
    return addresses.api_list(name_of(table))


def name_of(table: TableExport) -> str:
    """The list's name in addresses: the file's, with hyphens ("event-roles")."""
    return table.name.replace("_", "-")


def references(table: TableExport) -> dict[str, sa.Column]:
    """The slugs a list can be filtered by: each column referring to another table, with the column it refers to."""
    found = {}
    for column in table.selected:
        sql = stored_column(table, column)
        if sql is not None and sql.foreign_keys:
            found[column] = next(iter(sql.foreign_keys)).column
    return found


def coded(table: TableExport) -> dict[str, list[str]]:
    """The columns holding a code from a vocabulary (a kind, a status, a role), with the codes allowed."""
    found = {}
    for column in table.selected:
        sql = stored_column(table, column)
        allowed = None if sql is None else allowed_values(table.model, sql.name)
        if allowed:
            found[column] = allowed
    return found


VIEW_NAMES = frozenset({*(spec.url for spec in FILTERS), "as_of"})


def column_filters(table: TableExport) -> dict[str, str]:
    """{URL parameter: file column} of every column a list can be narrowed by, each given one or more times
    (`?organization=a&organization=b` is either): the slugs it refers to and the codes it holds, under the
    column's name, or, where the view's filters use that name, under the table's own name for it. (An event
    is the view's own event filter.)"""
    found = {}
    for column in (*references(table), *coded(table), *(name for name in ("recorded_by",) if name in table.selected)):
        if column == "event":
            continue
        found[column if column not in VIEW_NAMES else f"{table.fact_kind}_{column}"] = column
    return found


def filters_of(table: TableExport) -> tuple[str, ...]:
    return tuple(column_filters(table))


UPDATED_AFTER = "updated_after"
UPDATED_AFTER_PARAMETER = query_parameter(
    UPDATED_AFTER,
    str,
    "Only the rows added or changed after this moment: a date (from midnight UTC), a date and time (ISO 8601, UTC "
    "unless it says), or a release's version (since it was published). Retracted rows are not in a list: a "
    "release's changes.csv lists them.",
    max_length=40,
)


def changed_after(params: QueryParams) -> dt.datetime | None:
    """The moment `updated_after` names, or BadRequest (NotFound for a release never published)."""
    text = params.get(UPDATED_AFTER)
    if text is None:
        return None
    if releases.VERSION.fullmatch(text):
        try:
            return releases.release(live_engine(), text).published_at
        except releases.MissingRelease as exc:
            raise NotFound(str(exc)) from exc
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise BadRequest(
            f"updated_after must be a date, a date and time (ISO 8601) or a release's version, not {text[:40]!r}"
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _request(
    table: TableExport, params: QueryParams, also: tuple[str, ...]
) -> tuple[CommitmentFilter, dict[str, list[str]], dt.datetime | None]:
    """The view and the column filters a request asks for: BadRequest for a parameter or code the list does not
    take, NotFound for a slug that names no row (run it in a worker thread: it reads the database)."""
    current = data_engine()
    named = column_filters(table)
    view = view_from_params(params, queries.filter_options(current), (*named, *also, UPDATED_AFTER))
    since = changed_after(params)
    for name, allowed in coded(table).items():
        parameter = next(p for p, column in named.items() if column == name)
        for value in params.getlist(parameter):
            if value not in allowed:
                raise BadRequest(f"unknown {parameter} {value!r}; choose one of: {', '.join(allowed)}")
    targets = references(table)
    among = {
        column: _typed(params.getlist(parameter), targets.get(column), parameter)
        for parameter, column in named.items()
        if parameter in params
    }
    with current.connect() as connection:
        for name, values in among.items():
            target = targets.get(name)
            if target is None:
                continue
            found = set(connection.execute(sa.select(target).where(target.in_(values))).scalars())
            missing = [value for value in values if value not in found]
            if missing:
                raise _no_such(target, repr(missing[0]))
    return view, among, since


def _no_such(target: sa.Column, value: str) -> NotFound:
    """A filter naming a record its table does not hold: "no progress update 7"."""
    return NotFound(f"no {target.table.name.replace('_', ' ')} {value}")


def _typed(values: list[str], target: sa.Column | None, parameter: str) -> list[Any]:
    """The values a column filter was given, each once, as the type of the column they name (a whole number for
    a reference to an update), or BadRequest."""
    unique = list(dict.fromkeys(values))
    if target is None or not issubclass(target.type.python_type, int):
        return unique
    numbers = []
    for value in unique:
        try:
            numbers.append(int(value))
        except ValueError:
            raise BadRequest(f"{parameter} must be a whole number (an update's number), not {value!r}") from None
    if beyond := [number for number in numbers if not 1 <= number <= MAX_ROW_NUMBER]:
        raise _no_such(target, str(beyond[0]))
    return numbers


def _lists(connection: Connection, table: TableExport, records: list[dict[str, Any]], view: CommitmentFilter) -> None:
    """Fill in the columns the table's statement does not select, for the records of one page: a person's
    aliases, and the values the text does not state literally, each with its reason."""
    if INFERRED in table.columns:
        facts = {f"{table.fact_kind}:{table.fact_key(record)}": record for record in records}
        for record in records:
            record[INFERRED] = []
        statement = (
            sa.select(Inference.fact, Inference.field, Inference.reason)
            .where(Inference.fact.in_(list(facts)))
            .order_by(Inference.fact, Inference.field)
        )
        for fact, field, reason in connection.execute(statement):
            facts[fact][INFERRED].append({"field": field, "reason": reason})
    if "aliases" in table.lists:
        slugs = [record["slug"] for record in records]
        found: dict[str, list[str]] = {}
        statement = (
            sa.select(PersonAlias.person_slug, PersonAlias.alias)
            .where(PersonAlias.person_slug.in_(slugs), *in_view(PersonAlias, view))
            .order_by(PersonAlias.alias)
        )
        for person, alias in connection.execute(statement):
            found.setdefault(person, []).append(alias)
        for record in records:
            record["aliases"] = found.get(record["slug"], [])


def _page(
    table: TableExport,
    request: Request,
    view: CommitmentFilter,
    equal: dict[str, list[str]],
    since: dt.datetime | None,
) -> dict[str, Any]:
    as_of = view.as_of
    page, size = paging(request.query_params)
    with data_engine().connect() as connection:
        statement = table.select(connection, view, equal, since)
        total = connection.execute(sa.select(sa.func.count()).select_from(statement.subquery())).scalar_one()
        rows = connection.execute(statement.limit(size).offset((page - 1) * size)).all()
        records = [{name: json_value(value) for name, value in zip(table.selected, row, strict=True)} for row in rows]
        _lists(connection, table, records, view)
        records = [{name: record[name] for name in table.columns} for record in records]  # the file's order
    named = {column: parameter for parameter, column in column_filters(table).items()}
    query = [
        *(pair for pair in addresses.params_of(view) if pair[0] != "as_of"),
        *((named[name], value) for name, values in equal.items() for value in values),
        ("as_of", as_of.isoformat()),
        *(((UPDATED_AFTER, request.query_params[UPDATED_AFTER]),) if since is not None else ()),
    ]
    return {
        "view": view.describe(),
        "as_of": as_of,
        "filters": equal,
        "total": total,
        "page": page,
        "size": size,
        "next": next_link(request, query, page, size, page * size < total),
        "csv": f"{path_of(table)}.csv?{urlencode(query)}",
        "rows": records,
    }


def _csv(
    table: TableExport,
    view: CommitmentFilter,
    equal: dict[str, list[str]],
    since: dt.datetime | None,
    excel: bool,
) -> Iterator[str]:
    """The export's file for this table, streamed from the database cursor a batch at a time, inside one
    connection held for the whole response."""
    with data_engine().connect() as connection:
        rows, formats = table.rows(connection, view, equal, since)
        yield from csv_chunks(table.columns, rows, excel=excel, formats=formats)


def _column_parameters(table: TableExport) -> list[inspect.Parameter]:
    """The list's own column filters, declared for the OpenAPI document."""
    targets = references(table)
    codes = coded(table)
    parameters = []
    for parameter, column in column_filters(table).items():
        if column in targets:
            words = f"Only rows referring to this {targets[column].table.name.replace('_', ' ')} (its slug)."
        elif column in codes:
            words = f"Only rows with this {column.replace('_', ' ')}: {', '.join(codes[column])}."
        else:
            words = f"Only rows with this {column.replace('_', ' ')}."
        parameters.append(query_parameter(parameter, list[str], words + " Repeat it for any of several."))
    return parameters


def _add_routes(table: TableExport) -> None:
    columns = _column_parameters(table)
    name = name_of(table)
    words = table.name.replace("_", " ")

    @declared(*VIEW_PARAMETERS, *columns, UPDATED_AFTER_PARAMETER, *PAGE_PARAMETERS)
    def asked(request: Request, **_: Any) -> tuple[CommitmentFilter, dict[str, list[str]]]:
        return _request(table, request.query_params, PAGING)

    @declared(*VIEW_PARAMETERS, *columns, UPDATED_AFTER_PARAMETER, EXCEL_PARAMETER)
    def asked_csv(request: Request, **_: Any) -> tuple[CommitmentFilter, dict[str, list[str]]]:
        return _request(table, request.query_params, (EXCEL,))

    def listed(request: Request, view: Annotated[tuple, Depends(asked)]) -> dict[str, Any]:
        return _page(table, request, *view)

    def listed_csv(request: Request, view: Annotated[tuple, Depends(asked_csv)]):
        chosen, equal, since = view
        excel = wants_excel(request.query_params)
        scope = "".join(f"_{value}" for values in equal.values() for value in values)
        file_name = f"{chosen.file_stem(name)}{scope}{'_excel' if excel else ''}"
        return csv_response(_csv(table, chosen, equal, since, excel), slugify_file_name(file_name) + ".csv")

    router.add_api_route(
        f"/{name}",
        listed,
        methods=["GET"],
        response_model=schemas.TablePage[schemas.row_model(table)],
        summary=f"A page of the {words} the view holds",
        description=f"A page of {table.file}'s rows the view holds, with the total and the next page's address.",
        name=f"{name}",
    )
    router.add_api_route(
        f"/{name}.csv",
        listed_csv,
        methods=["GET"],
        responses=CSV_ANSWER,
        summary=f"Every one of the {words} the view holds, as CSV",
        description=f"Every row of {table.file} the view holds, as the export writes it.",
        name=f"{name}.csv",
    )


for _table in LISTED:
    _add_routes(_table)
