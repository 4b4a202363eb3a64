"""`/api/v1/openapi.json`: the OpenAPI 3.1 description of the routes beside the pages, made from the same filter
registry the routes read, so a new filter is described where it is declared."""

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tracker.read.filters import FILTERS
from tracker.web.api import MAX_PAGE_SIZE, PAGE_SIZE, PREFIX
from tracker.web.downloads import BRIEF_PATH, DECK_PATH

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


def _get(summary: str, parameters: list, media_type: str) -> dict[str, Any]:
    error = {
        "description": "A bad request, with a message saying why",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    return {
        "get": {
            "summary": summary,
            "parameters": parameters,
            "responses": {"200": {"description": "OK", "content": {media_type: {}}}, "400": error},
        }
    }


def description() -> dict[str, Any]:
    filters = _filter_parameters()
    commitment = [
        {"name": "commitment", "in": "query", "schema": {"type": "string"}, "description": "One commitment's slug."}
    ]
    as_of = [p for p in filters if p["name"] == "as_of"]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "AI Standards Commitment Tracker",
            "version": "1",
            "description": "Commitments on AI standardization as the source documents state them, with their "
            "progress. Codes, not labels; values the texts do not state literally are marked inferred.",
        },
        "paths": {
            f"{PREFIX}/commitments": _get(
                "A page of the matching commitments, soonest deadline first, with the total and a next link",
                [*filters, *_paging()],
                "application/json",
            ),
            f"{PREFIX}/commitments.csv": _get("Every matching commitment as CSV", filters, "text/csv"),
            f"{PREFIX}/progress-updates.csv": _get(
                "Every progress update and correction dated up to as_of, as CSV", [*as_of, *commitment], "text/csv"
            ),
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
            OPENAPI_PATH: _get("This description", [], "application/json"),
        },
        "components": {
            "schemas": {"Error": {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]}}
        },
    }


async def openapi(request: Request) -> JSONResponse:
    return JSONResponse(description())


routes = [Route(OPENAPI_PATH, openapi, methods=["GET"])]
