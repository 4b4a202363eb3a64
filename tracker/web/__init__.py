"""HTTP routes served beside the Streamlit pages on the same port (server.py mounts them).

Three FastAPI applications, each mounted at its prefix: the read API (`/api/v1`), the feeds (`/feeds`) and the
files built on request (`/export`: deck, brief, chart images, embeds). Every address takes `release=` and then
answers from that release (tracker.web.releases). One OpenAPI document, generated from all three
routers with their full addresses, is served at `/api/v1/openapi.json`. The sign-in cookie's two routes
(tracker.web.session) are plain Starlette routes: they serve the pages, not readers of the data.

Importing this package imports none of the routes' modules, and each application is built on the first request
under its prefix (`Deferred`): the pages import `tracker.web.addresses`, and a server starts, without the
routes' 2-3 s of imports and route building. The first request to each prefix after a start waits for them.
"""

import threading
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Match, Mount, NoMatchFound
from starlette.types import ASGIApp, Receive, Scope, Send

from tracker.web import addresses

if TYPE_CHECKING:
    from fastapi import APIRouter

TITLE = "AI Standards Commitment Tracker"
DESCRIPTION = (
    "Commitments on AI standardization as the source documents state them, with their progress. Every view takes "
    "the pages' filters and as-of date; answers carry codes and values, and values the texts do not state "
    "literally are marked inferred. A refused request gets a 400 or 404 with a message in words."
)


def _app(router: "APIRouter", *, openapi: bool = False) -> ASGIApp:
    """A FastAPI application serving `router` (no interactive docs: they would load their scripts from a CDN)."""
    from fastapi import FastAPI

    from tracker.web import releases
    from tracker.web.params import answering_refusals

    app = FastAPI(
        title=TITLE,
        version="1",
        description=DESCRIPTION,
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )
    app.include_router(router)
    if openapi:
        app.add_api_route(
            "/openapi.json",
            lambda: openapi_document(),
            methods=["GET"],
            include_in_schema=False,
            summary="This description",
        )
    return answering_refusals(releases.at_requested_release(app))


@cache
def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 document of every route beside the pages, generated from their routers."""
    from fastapi import FastAPI

    from tracker.web import charts, downloads, feeds, releases

    described = FastAPI(title=TITLE, version="1", description=DESCRIPTION)
    described.include_router(_api_router(), prefix=addresses.API)
    described.include_router(releases.router, prefix=addresses.API)
    described.include_router(releases.embeds, prefix=addresses.EXPORT)
    described.include_router(feeds.router, prefix=addresses.FEEDS)
    described.include_router(downloads.router, prefix=addresses.EXPORT)
    described.include_router(charts.router, prefix=addresses.EXPORT)
    document = described.openapi()
    document["paths"][addresses.OPENAPI] = {
        "get": {"summary": "This description", "responses": {"200": {"description": "The OpenAPI document"}}}
    }
    return document


async def not_served(request: Request, exc: Exception) -> JSONResponse:
    """An unknown address (404) or method (405) beside the pages, in words and JSON, with the allowed methods."""
    assert isinstance(exc, HTTPException)
    words = {404: f"nothing at {request.url.path}", 405: f"{request.method} is not served at {request.url.path}"}
    return JSONResponse({"error": words.get(exc.status_code, str(exc.detail))}, exc.status_code, exc.headers)


class Unmatched(BaseRoute):
    """Any address under the routes' prefixes that no route takes, a 404 in words and JSON as every refusal is:
    one holding a line break (%0A), which a mount's own pattern never matches, would otherwise get a plain text
    "Not Found"."""

    prefixes = (f"{addresses.API}/", f"{addresses.FEEDS}/", f"{addresses.EXPORT}/")

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == "http" and scope["path"].startswith(self.prefixes):
            return Match.FULL, {}
        return Match.NONE, {}

    def url_path_for(self, name: str, /, **path_params: Any) -> Any:
        raise NoMatchFound(name, path_params)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        from tracker.web.params import error

        await error(f"nothing at {scope['path']}", 404)(scope, receive, send)


class Deferred:
    """An ASGI application built by `build` on its first request (once, in a worker thread, so the server's other
    connections are served meanwhile), then served as itself."""

    def __init__(self, build: Callable[[], ASGIApp]) -> None:
        self._build, self._app, self._lock = build, None, threading.Lock()

    def built(self) -> ASGIApp:
        with self._lock:
            if self._app is None:
                self._app = self._build()
            return self._app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        app = self._app or await run_in_threadpool(self.built)
        await app(scope, receive, send)


def _api_router() -> "APIRouter":
    """The read API's router with the routes of every table and of each fact's details: they join it when imported."""
    from tracker.web import api, details, tables

    _ = (details, tables)
    return api.router


def _api_app() -> ASGIApp:
    from tracker.web import releases

    return _app(_joined(_api_router(), releases.router), openapi=True)


def _feeds_app() -> ASGIApp:
    from tracker.web import feeds

    return _app(feeds.router)


def _export_app() -> ASGIApp:
    from tracker.web import charts, downloads, releases

    return _app(_joined(downloads.router, charts.router, releases.embeds))


def routes() -> list[BaseRoute]:
    from tracker.web import session

    return [
        *session.routes,
        Mount(addresses.API, app=Deferred(_api_app)),
        Mount(addresses.FEEDS, app=Deferred(_feeds_app)),
        Mount(addresses.EXPORT, app=Deferred(_export_app)),
        Unmatched(),
    ]


def _joined(*routers: "APIRouter") -> "APIRouter":
    from fastapi import APIRouter

    joined = APIRouter()
    for router in routers:
        joined.include_router(router)
    return joined
