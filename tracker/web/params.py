"""What a request asks for, and answers to requests that cannot be met: shared by every route beside the pages.

The view's parameters are the filter registry's (tracker.read.filters.FILTERS): each route declares them from it
(`view_parameters`), so the OpenAPI document describes every filter where it is declared, and a value may be a
code (`status=limited`) or the label the pages put in their addresses (`status=Not assessed`). A parameter the
route does not take, a value outside the vocabulary, a date or number that is not one: a 400 with a message in
words, as JSON (`{"error": ...}`); a record that does not exist: a 404. Never a traceback.
"""

import datetime as dt
import inspect
import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field
from starlette.concurrency import iterate_in_threadpool
from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, StreamingResponse

from tracker.domain.rules import EARLIEST_AS_OF, today
from tracker.present.csvfile import is_missing
from tracker.read import queries
from tracker.read.filters import FILTERS, SEARCH_MAX_CHARS, CommitmentFilter
from tracker.web import not_served
from tracker.web.engine import data_engine

PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
MAX_PAGE = 1_000_000  # far past any list's end, and a number every database takes
PAGING = ("page", "size")
EXCEL = "excel"  # a CSV with a byte-order mark, so Excel reads it as UTF-8


class BadRequest(ValueError):
    """A request that cannot be answered as asked; the message says why, for the client (a 400)."""


class NotFound(BadRequest):
    """A request naming a record that does not exist (a 404)."""


class Gone(BadRequest):
    """A request naming a record an editor retracted, as of the date asked for (a 410): the message says when, by
    whom and why, and how to see it as it stood."""


class Problem(BaseModel):
    """What every refused request gets back."""

    error: str = Field(description="Why the request was refused, in words, and what to send instead.")


REFUSALS: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "A parameter, value, date or page the route cannot take, and why"},
    404: {"model": Problem, "description": "No such record, or a filter names none"},
}
RETRACTED: dict[int | str, dict[str, Any]] = {
    410: {"model": Problem, "description": "The record was retracted by then: when, by whom and why"}
}


def error(message: str, status: int) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def answering_refusals(app: FastAPI) -> FastAPI:
    """`app` answering every refusal with its status and a message in words: a BadRequest (400), NotFound (404),
    parameters FastAPI could not read (400, worded as the tracker words them), unknown paths (404) and methods
    (405)."""

    async def bad_request(request: Request, exc: Exception) -> JSONResponse:
        return error(str(exc), 404 if isinstance(exc, NotFound) else 410 if isinstance(exc, Gone) else 400)

    async def unreadable(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return error("; ".join(_worded(problem) for problem in exc.errors()), 400)

    @app.middleware("http")
    async def readable_parameters(request: Request, call_next):
        try:
            refuse_unstorable(request.query_params)
        except BadRequest as exc:
            return error(str(exc), 400)
        return await call_next(request)

    app.add_exception_handler(BadRequest, bad_request)
    app.add_exception_handler(RequestValidationError, unreadable)
    app.add_exception_handler(HTTPException, not_served)
    return app


MAX_VALUES = 100  # of one parameter in one request: more than any filter has choices


def refuse_unstorable(params: QueryParams) -> None:
    """BadRequest for a parameter no stored text can match: one holding NUL (PostgreSQL's text cannot hold it, and
    SQLite's C strings end at it), or given more than MAX_VALUES times."""
    given = Counter()
    for name, value in params.multi_items():
        if "\x00" in name or "\x00" in value:
            raise BadRequest(
                f"the parameter {name.replace(chr(0), '')!r} holds a NUL character (%00), which no text holds"
            )
        given[name] += 1
    for name, times in given.items():
        if times > MAX_VALUES:
            raise BadRequest(f"{name} is given {times:,} times; at most {MAX_VALUES} values at once")


def _worded(problem: dict[str, Any]) -> str:
    """One parameter FastAPI could not read, in the words the tracker's own checks use."""
    name = str(problem["loc"][-1]) if problem.get("loc") else "the request"
    given, kind, context = problem.get("input"), problem["type"], problem.get("ctx", {})
    shown = f", not {given!r}" if isinstance(given, str) else ""
    if kind == "missing":
        return f"{name} is required"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{name} must be a whole number{shown}"
    if kind in ("bool_parsing", "bool_type"):
        return f"{name} must be true or false{shown}"
    if kind.startswith(("date_", "datetime_")):
        return f"{name} must be a date in the form YYYY-MM-DD{shown}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = next(iter(context.values()), "")
        word = {"greater_than_equal": "at least", "greater_than": "more than", "less_than": "less than"}
        return f"{name} must be {word.get(kind, 'at most')} {bound:,}" if isinstance(bound, int) else problem["msg"]
    if kind == "string_too_long":
        return f"{name} is too long: at most {context.get('max_length', 0):,} characters"
    return f"{name}: {problem['msg']}"


# --- the view a request asks for -------------------------------------------------------------------------------


def refuse_unknown(params: QueryParams, known: Iterable[str]) -> None:
    """BadRequest for the first parameter the route does not take, listing those it does."""
    known = {*known, "release"}  # any address may be asked at a release (tracker.web.releases)
    unknown = sorted(set(params) - known)
    if unknown:
        listed = ", ".join(sorted(known)) or "none"
        raise BadRequest(f"unknown parameter {unknown[0]!r}; the parameters are: {listed}")


def view_from_params(
    params: QueryParams, options: dict[str, list[tuple[str, str]]], also: Iterable[str] = PAGING
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
            codes = tuple(dict.fromkeys(_code(value, choices, spec.url) for value in given))
            values[spec.field] = codes if spec.widget == "multiselect" else codes[-1]
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


def requested_view(request: Request, also: Iterable[str] = PAGING) -> CommitmentFilter:
    """The view a request asks for, its names checked against the data (run it in a worker thread)."""
    return view_from_params(request.query_params, queries.filter_options(data_engine()), also)


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


def boolean_param(text: str, name: str) -> bool:
    if text.lower() not in ("true", "false", "1", "0"):
        raise BadRequest(f"{name} must be true or false, not {text!r}")
    return text.lower() in ("true", "1")


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


def wants_excel(params: QueryParams) -> bool:
    return boolean_param(params.get(EXCEL, "false"), EXCEL)


def paging(params: QueryParams) -> tuple[int, int]:
    page = _integer(params.get("page", "1"), "page")
    size = _integer(params.get("size", str(PAGE_SIZE)), "size")
    if not 1 <= page <= MAX_PAGE:
        raise BadRequest(f"page counts from 1 (up to {MAX_PAGE:,})")
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise BadRequest(f"size must be from 1 to {MAX_PAGE_SIZE}")
    return page, size


# --- parameters declared for the OpenAPI document --------------------------------------------------------------


def _filter_parameter(spec) -> inspect.Parameter:
    labels = spec.labels()
    choices = f" Codes: {', '.join(str(code) for code in labels)} (or their labels)." if labels else ""
    words = spec.help_text + choices
    codes = {"type": "string", "enum": [str(code) for code in labels]} if labels else None
    if spec.widget == "multiselect":
        repeated = words + " Repeat it for any of several."
        extra = {"items": codes} if codes else None
        annotation: Any = Annotated[list[str] | None, Query(description=repeated, json_schema_extra=extra)]
    elif spec.widget == "number":
        low, high = spec.bounds
        annotation = Annotated[int | None, Query(description=words, ge=low, le=high)]
    elif spec.widget == "toggle":
        annotation = Annotated[bool | None, Query(description=words)]
    elif spec.widget == "text":
        annotation = Annotated[str | None, Query(description=words, max_length=SEARCH_MAX_CHARS)]
    else:
        annotation = Annotated[str | None, Query(description=words, json_schema_extra=codes)]
    return inspect.Parameter(spec.url, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation)


def declared(*parameters: inspect.Parameter) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Give a dependency the query parameters it documents: FastAPI reads and checks each as declared, and the
    dependency reads the request itself (the view's names and labels are checked against the data)."""

    def attach(dependency: Callable[..., Any]) -> Callable[..., Any]:
        own = [p for p in inspect.signature(dependency).parameters.values() if p.kind != p.VAR_KEYWORD]
        dependency.__signature__ = inspect.Signature([*own, *parameters])  # type: ignore[attr-defined]
        return dependency

    return attach


def query_parameter(name: str, annotation: Any, description: str, **limits: Any) -> inspect.Parameter:
    python_name = name if name.isidentifier() and name not in ("from", "class") else f"{name}_"
    query = Query(description=description, alias=name if python_name != name else None, **limits)
    return inspect.Parameter(
        python_name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=Annotated[annotation | None, query]
    )


AS_OF = query_parameter("as_of", dt.date, "The tracker as it stood that day (default today).")
RELEASE = query_parameter(
    "release",
    str,
    "A release's version (such as 2026.12): the answer as that release held the data, the same whenever asked; "
    "without it, the live data.",
    max_length=20,
)
FILTER_PARAMETERS = tuple(_filter_parameter(spec) for spec in FILTERS)
VIEW_PARAMETERS = (*FILTER_PARAMETERS, AS_OF, RELEASE)
# Their bounds are documented, and checked by `paging`, which says them both in its message.
PAGE_PARAMETERS = (
    query_parameter(
        "page", int, "The page of the list, from 1.", json_schema_extra={"minimum": 1, "maximum": MAX_PAGE}
    ),
    query_parameter(
        "size",
        int,
        f"Rows a page, 1 to {MAX_PAGE_SIZE} (default {PAGE_SIZE}).",
        json_schema_extra={"minimum": 1, "maximum": MAX_PAGE_SIZE},
    ),
)
EXCEL_PARAMETER = query_parameter(EXCEL, bool, "Start the file with a byte-order mark, so Excel reads it as UTF-8.")


def view_dependency(*extra: inspect.Parameter) -> Callable[..., CommitmentFilter]:
    """A dependency giving the view a request asks for: the filters and as-of date, and the `extra` parameters
    the route also takes (declared for the document, read by the route)."""
    also = tuple(p.annotation.__metadata__[0].alias or p.name for p in extra)

    @declared(*VIEW_PARAMETERS, *extra)
    def view(request: Request, **_: Any) -> CommitmentFilter:
        return requested_view(request, also)

    return view


# --- answers ---------------------------------------------------------------------------------------------------


def csv_response(chunks: Iterator[str], file_name: str) -> StreamingResponse:
    """CSV streamed to the client as csv_chunks makes it (the iterator runs in worker threads: it may query)."""
    return StreamingResponse(
        iterate_in_threadpool(chunks),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{file_name}"'},
    )


CSV_ANSWER: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}}, "description": "The rows as CSV, streamed"},
    **REFUSALS,
}


def next_link(request: Request, query: list[tuple[str, str]], page: int, size: int, more: bool) -> str | None:
    """The address of the next page of a list (the same query, one page on), or None on the last page."""
    from urllib.parse import urlencode

    if not more:
        return None
    return f"{request.url.path}?{urlencode([*query, ('page', str(page + 1)), ('size', str(size))])}"


def json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    if is_missing(value) or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value
