"""HTTP routes served beside the Streamlit pages on the same port (server.py mounts them)."""

from starlette.routing import BaseRoute

from tracker.web import api, downloads, feeds, openapi, session


def routes() -> list[BaseRoute]:
    return [*session.routes, *api.routes, *feeds.routes, *downloads.routes, *openapi.routes]
