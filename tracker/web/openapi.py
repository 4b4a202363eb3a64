"""`/api/v1/openapi.json`: the OpenAPI 3.1 description of the routes beside the pages, made from the same filter
registry the routes read, so a new filter is described where it is declared."""

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tracker.read.filters import FILTERS
from tracker.web.api import MAX_PAGE_SIZE, PAGE_SIZE, PREFIX
from tracker.web.charts import CHARTS_PATH, NAMES
from tracker.web.downloads import BRIEF_PATH, DECK_PATH
from tracker.web.tables import LISTED, coded, column_filters, path_of, references

OPENAPI_PATH = f"{PREFIX}/openapi.json"


def _filter_parameters() -> list[dict[str, Any]]:
    parameters = []
    for spec in FILTERS:
        schema: dict[str, Any] = {"type": "string"}
        if spec.widget == "number":
            schema = {"type": "integer", "minimum": spec.bounds[0], "maximum": spec.bounds[1]}
        elif spec.widget == "toggle":
            schema = {"type": "boolean"}
        elif spec.labels():
            schema = {"type": "string", "enum": [str(code) for code in spec.labels()]}
        if spec.widget == "multiselect":
            schema = {"type": "array", "items": schema}
        parameters.append(
            {"name": spec.url, "in": "query", "required": False, "description": spec.help_text, "schema": schema}
        )
    parameters.append(
        {
            "name": "as_of",
            "in": "query",
            "required": False,
            "description": "The tracker as it stood that day (default today).",
            "schema": {"type": "string", "format": "date"},
        }
    )
    return parameters


def _paging() -> list[dict[str, Any]]:
    return [
        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
        {
            "name": "size",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": PAGE_SIZE},
        },
    ]


def _table_paths(view: list[dict[str, Any]]) -> dict[str, Any]:
    """The list and CSV of every table of the data package, filtered by the slugs it refers to and its codes."""
    paths = {}
    for table in LISTED:
        named = {column: parameter for parameter, column in column_filters(table).items()}
        filters = [
            {
                "name": named.get(name, name),
                "in": "query",
                "schema": {"type": "array", "items": {"type": "string"}},
                "description": f"Only rows referring to this {target.table.name.replace('_', ' ')} (its slug; repeat "
                "it for any of several).",
            }
            for name, target in references(table).items()
            if name in named
        ] + [
            {
                "name": named[name],
                "in": "query",
                "schema": {"type": "array", "items": {"type": "string", "enum": allowed}},
                "description": f"Only rows with this {name.replace('_', ' ')} (codes; repeat it for any of several).",
            }
            for name, allowed in coded(table).items()
        ]
        words = table.name.replace("_", " ")
        paths[path_of(table)] = _get(
            f"A page of the {words} the view holds, with the total and a next link",
            [*view, *filters, *_paging()],
            "application/json",
        )
        paths[f"{path_of(table)}.csv"] = _get(
            f"Every one of the {words} the view holds: the export's {table.file}", [*view, *filters], "text/csv"
        )
    return paths


def _slug(what: str) -> list[dict[str, Any]]:
    return [{"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}, "description": what}]


EXCEL_PARAMETER = {
    "name": "excel",
    "in": "query",
    "schema": {"type": "boolean", "default": False},
    "description": "Start the file with a byte-order mark, so Excel reads it as UTF-8.",
}


def _get(summary: str, parameters: list, media_type: str) -> dict[str, Any]:
    if media_type == "text/csv":
        parameters = [*parameters, EXCEL_PARAMETER]
    error = {
        "description": "A bad request, with a message saying why",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    return {
        "get": {
            "summary": summary,
            "parameters": parameters,
            "responses": {
                "200": {"description": "OK", "content": {media_type: {}}},
                "400": error,
                "404": {**error, "description": "No such record, or a filter names none"},
            },
        }
    }


def description() -> dict[str, Any]:
    filters = _filter_parameters()
    commitment = [
        {"name": "commitment", "in": "query", "schema": {"type": "string"}, "description": "One commitment's slug."}
    ]
    as_of = [p for p in filters if p["name"] == "as_of"]
    many = {"type": "array", "items": {"type": "string"}}
    log = [
        {"name": "log_status", "in": "query", "schema": many, "description": "Status recorded (codes)."},
        {"name": "log_by", "in": "query", "schema": many, "description": "Recorded by (account names)."},
        {"name": "log_commitment", "in": "query", "schema": many, "description": "Commitments (slugs)."},
    ]
    date = {"type": "string", "format": "date"}
    changes = [
        {"name": "from", "in": "query", "required": True, "schema": date, "description": "The earlier date."},
        {"name": "to", "in": "query", "required": True, "schema": date, "description": "The later date."},
        {
            "name": "by",
            "in": "query",
            "schema": {"type": "string", "enum": ["described", "recorded"], "default": "described"},
            "description": "Compare by the dates updates describe, or by when they were recorded.",
        },
    ]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "AI Standards Commitment Tracker",
            "version": "1",
            "description": "Commitments on AI standardization as the source documents state them, with their "
            "progress. Codes, not labels; values the texts do not state literally are marked inferred.",
        },
        "paths": {
            f"{PREFIX}/summary": _get(
                "What the view counts over every matching commitment: by kind, status and deadline state",
                filters,
                "application/json",
            ),
            f"{PREFIX}/commitments": _get(
                "A page of the matching commitments, soonest deadline first, with the total and a next link",
                [*filters, *_paging()],
                "application/json",
            ),
            f"{PREFIX}/commitments.csv": _get("Every matching commitment as CSV", filters, "text/csv"),
            f"{PREFIX}/commitments/{{slug}}": _get(
                "One commitment: parties, quote, target, deadline, status as of a date, flags, history",
                [*_slug("The commitment's slug"), *as_of],
                "application/json",
            ),
            f"{PREFIX}/sources/{{slug}}": _get(
                "One source with its full text and every fact taken from it",
                _slug("The source's slug"),
                "application/json",
            ),
            f"{PREFIX}/changes": _get(
                "Commitments whose status or progress differs between two dates",
                [*changes, *[p for p in filters if p["name"] != "as_of"], *_paging()],
                "application/json",
            ),
            f"{PREFIX}/changes.csv": _get(
                "The same changes as CSV", [*changes, *[p for p in filters if p["name"] != "as_of"]], "text/csv"
            ),
            f"{PREFIX}/changes-log": _get(
                "Every progress update and correction of the view, newest recorded first (the Changes log)",
                [*filters, *log, *_paging()],
                "application/json",
            ),
            f"{PREFIX}/changes-log.csv": _get("The same entries as CSV", [*filters, *log], "text/csv"),
            f"{PREFIX}/sources/{{slug}}/facts.csv": _get(
                "Every fact taken from a source, in text order, as CSV", _slug("The source's slug"), "text/csv"
            ),
            **_table_paths(filters),
            "/feeds/changes.atom": _get(
                "Progress updates and corrections of a view, newest first",
                [p for p in filters if p["name"] != "as_of"] + commitment,
                "application/atom+xml",
            ),
            "/feeds/deadlines.ics": _get("Deadlines of a view as calendar events", filters, "text/calendar"),
            DECK_PATH: _get(
                "The view as a PowerPoint deck",
                filters,
                "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            ),
            BRIEF_PATH: _get("The view as a PDF brief", filters, "application/pdf"),
            f"{CHARTS_PATH}/{{name}}.{{extension}}": _get(
                "A page's chart as an image at presentation size, or its numbers as CSV. status-by-framework and "
                "party-matrix take the view's filters; participation takes event (repeatable) and as_of; timeline "
                "takes commitment and as_of",
                [
                    {"name": "name", "in": "path", "required": True, "schema": {"type": "string", "enum": list(NAMES)}},
                    {
                        "name": "extension",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "enum": ["png", "svg", "csv"]},
                    },
                    *filters,
                ],
                "image/png",
            ),
            OPENAPI_PATH: _get("This description", [], "application/json"),
        },
        "components": {
            "schemas": {"Error": {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]}}
        },
    }


async def openapi(request: Request) -> JSONResponse:
    return JSONResponse(description())


routes = [Route(OPENAPI_PATH, openapi, methods=["GET"])]
