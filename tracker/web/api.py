"""The read API, `/api/v1/`: the dashboard's views as JSON (codes and values, stable field names) and as CSV twins
streamed with the same injection-safe cells as the exports.

Filters are the Commitments page's, by the same URL parameters (the registry in tracker.read.filters), so a page's
address works here too. A value may be given as the code (`status=limited`) or as the page puts it in its address
(`status=Limited`). Unknown parameters, values, dates or page sizes get a 400 with a message, never a traceback.
"""

import datetime as dt
import functools
import math
from collections.abc import Awaitable, Callable, Iterable, Iterator
from typing import Any
from urllib.parse import urlencode

import pandas as pd
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from models.db import database_url
from tracker.domain.rules import EARLIEST_AS_OF, today
from tracker.present import words
from tracker.present.csvfile import csv_chunks, is_missing
from tracker.read import queries
from tracker.read.filters import FILTERS, CommitmentFilter
from tracker.web.engine import engine

PREFIX = "/api/v1"
PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
PAGING = ("page", "size")
EXCEL = "excel"  # a CSV with a byte-order mark, so Excel reads it as UTF-8


class BadRequest(ValueError):
    """A request that cannot be answered as asked; the message says why, for the client (a 400)."""


class NotFound(BadRequest):
    """A request naming a record that does not exist (a 404)."""


def refuse_unknown(params: QueryParams, known: Iterable[str]) -> None:
    """BadRequest for the first parameter the route does not take, listing those it does."""
    unknown = sorted(set(params) - set(known))
    if unknown:
        listed = ", ".join(sorted(known)) or "none"
        raise BadRequest(f"unknown parameter {unknown[0]!r}; the parameters are: {listed}")


def view_from_params(
    params: QueryParams, options: dict[str, list[tuple[str, str]]], also: tuple[str, ...] = PAGING
) -> CommitmentFilter:
    """The CommitmentFilter a query string asks for (codes or the labels the pages use), or BadRequest. `also`
    names the other parameters the route takes."""
    refuse_unknown(params, {spec.url for spec in FILTERS} | {"as_of", *also})
    values: dict[str, Any] = {}
    for spec in FILTERS:
        given = params.getlist(spec.url)
        if not given:
            continue
        choices = dict(options[spec.choices]) if isinstance(spec.choices, str) else spec.labels()
        if spec.widget in ("multiselect", "select"):
            codes = [_code(value, choices, spec.url) for value in given]
            values[spec.field] = tuple(codes) if spec.widget == "multiselect" else codes[-1]
        elif spec.widget == "number":
            values[spec.field] = _integer(given[-1], spec.url)
        elif spec.widget == "toggle":
            values[spec.field] = boolean_param(given[-1], spec.url)
        else:
            values[spec.field] = given[-1]
    as_of = params.get("as_of")
    try:
        return CommitmentFilter(**values, as_of=as_of_param(as_of) if as_of else today())
    except ValueError as exc:
        raise BadRequest(str(exc)) from exc


def requested_view(request: Request, also: tuple[str, ...] = PAGING) -> CommitmentFilter:
    """The view a request asks for, its names checked against the data (run it in a worker thread)."""
    return view_from_params(request.query_params, queries.filter_options(engine(database_url())), also)


def refusing_bad_requests(
    endpoint: Callable[[Request], Awaitable[Response]],
) -> Callable[[Request], Awaitable[Response]]:
    """The route, answering a BadRequest raised anywhere in it with a 400 (a NotFound with a 404) that says why,
    never a traceback."""

    @functools.wraps(endpoint)
    async def answered(request: Request) -> Response:
        try:
            return await endpoint(request)
        except NotFound as exc:
            return error(str(exc), 404)
        except BadRequest as exc:
            return error(str(exc), 400)

    return answered


def error(message: str, status: int) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def csv_response(chunks: Iterator[str], file_name: str) -> StreamingResponse:
    """CSV streamed to the client as csv_chunks makes it (the iterator runs in worker threads: it may query)."""
    return StreamingResponse(
        iterate_in_threadpool(chunks),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{file_name}"'},
    )


def wants_excel(params: QueryParams) -> bool:
    return boolean_param(params.get(EXCEL, "false"), EXCEL)


def boolean_param(text: str, name: str) -> bool:
    if text.lower() not in ("true", "false", "1", "0"):
        raise BadRequest(f"{name} must be true or false, not {text!r}")
    return text.lower() in ("true", "1")


def next_link(request: Request, query: list[tuple[str, str]], page: int, size: int, more: bool) -> str | None:
    """The address of the next page of a list (the same query, one page on), or None on the last page."""
    if not more:
        return None
    return f"{request.url.path}?{urlencode([*query, ('page', str(page + 1)), ('size', str(size))])}"


def params_of(f: CommitmentFilter) -> list[tuple[str, str]]:
    """The query string that asks the API for the view `f` (codes, and the as-of date)."""
    pairs = []
    for spec in FILTERS:
        if not spec.is_set(f):
            continue
        value = getattr(f, spec.field)
        for item in value if isinstance(value, tuple) else (value,):
            pairs.append((spec.url, str(item).lower() if isinstance(item, bool) else str(item)))
    return [*pairs, ("as_of", f.as_of.isoformat())]


def _code(value: str, choices: dict[Any, str], name: str) -> Any:
    for code, label in choices.items():
        if value in (str(code), label):
            return code
    listed = ", ".join(str(code) for code in list(choices)[:20])
    raise BadRequest(f"unknown {name} {value!r}; choose one of: {listed}")


def _integer(text: str, name: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise BadRequest(f"{name} must be a whole number, not {text!r}") from None


def as_of_param(text: str) -> dt.date:
    return date_param(text, "as_of")


def date_param(text: str, name: str) -> dt.date:
    """A date the tracker can show: from its earliest as-of date to today."""
    try:
        value = dt.date.fromisoformat(text)
    except ValueError:
        raise BadRequest(f"{name} must be a date in the form YYYY-MM-DD, not {text!r}") from None
    if not EARLIEST_AS_OF <= value <= today():
        raise BadRequest(f"{name} must be from {EARLIEST_AS_OF} to today ({today()})")
    return value


def paging(params: QueryParams) -> tuple[int, int]:
    page = _integer(params.get("page", "1"), "page")
    size = _integer(params.get("size", str(PAGE_SIZE)), "size")
    if page < 1:
        raise BadRequest("page counts from 1")
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise BadRequest(f"size must be from 1 to {MAX_PAGE_SIZE}")
    return page, size


def json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    if is_missing(value) or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _commitments_json(request: Request) -> dict[str, Any]:
    current = engine(database_url())
    view = requested_view(request)
    page, size = paging(request.query_params)
    rows, total = queries.commitments_page(current, view, size, (page - 1) * size)
    records = [{key: json_value(value) for key, value in row.items()} for row in rows.to_dict("records")]
    for record in records:  # who commits, each with whether the text names them or the tracker infers them
        record["parties"] = [{"name": name, "inferred": bool(inferred)} for name, inferred in record["parties"]]
    query = params_of(view)
    return {
        "view": view.describe(),
        "as_of": view.as_of.isoformat(),
        "total": total,
        "page": page,
        "size": size,
        "next": next_link(request, query, page, size, page * size < total),
        "csv": f"{PREFIX}/commitments.csv?{urlencode(query)}",
        "commitments": records,
    }


@refusing_bad_requests
async def commitments(request: Request) -> Response:
    """GET /api/v1/commitments: a page of the matching commitments, soonest deadline first, with the total."""
    return JSONResponse(await run_in_threadpool(_commitments_json, request))


CSV_COLUMNS = [*queries.COMMITMENT_COLUMNS, *words.COMMITMENT_WORDS]


def _commitments_csv(view: CommitmentFilter, excel: bool) -> Iterator[str]:
    """Every matching commitment, the columns of the JSON and their words beside them (status_label, deadline,
    countdown, flags...), streamed a batch at a time from the database cursor."""
    rows = (
        row
        for batch in queries.commitment_batches(engine(database_url()), view)
        # Who commits in one cell, an inferred party marked as such, as in every other file.
        for row in words.commitments(pd.DataFrame.from_records(batch, columns=queries.COMMITMENT_COLUMNS))[
            CSV_COLUMNS
        ].itertuples(index=False, name=None)
    )
    return csv_chunks(CSV_COLUMNS, rows, excel=excel)


@refusing_bad_requests
async def commitments_csv(request: Request) -> Response:
    """GET /api/v1/commitments.csv: every matching commitment (no paging), the columns of the JSON."""
    view = await run_in_threadpool(requested_view, request, (*PAGING, EXCEL))
    if set(PAGING) & set(request.query_params):
        raise BadRequest("the CSV holds every matching commitment: page and size do not apply")
    excel = wants_excel(request.query_params)
    chunks = await run_in_threadpool(_commitments_csv, view, excel)
    return csv_response(chunks, f"{view.file_stem('commitments')}{'_excel' if excel else ''}.csv")


def _summary(request: Request) -> dict[str, Any]:
    view = requested_view(request, ())
    counts = queries.view_counts(engine(database_url()), view)
    return {
        "view": view.describe(),
        "as_of": view.as_of.isoformat(),
        "counts": {
            "matched": counts.matched,
            "kind": counts.kinds,
            "status": counts.statuses,
            "deadline": counts.deadlines,
            "inferred_deadline": counts.inferred_deadlines,
            "stale": counts.stale,
            "events": counts.events,
            "sources": counts.sources,
            "parties": counts.parties,
        },
    }


@refusing_bad_requests
async def summary(request: Request) -> Response:
    """GET /api/v1/summary: what the view counts, over every matching commitment."""
    return JSONResponse(await run_in_threadpool(_summary, request))


routes = [
    Route(f"{PREFIX}/summary", summary, methods=["GET"]),
    Route(f"{PREFIX}/commitments", commitments, methods=["GET"]),
    Route(f"{PREFIX}/commitments.csv", commitments_csv, methods=["GET"]),
]
