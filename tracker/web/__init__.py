"""HTTP routes served beside the Streamlit pages on the same port (server.py mounts them)."""

from starlette.routing import BaseRoute

from tracker.web import api, charts, details, downloads, feeds, openapi, session, tables


def routes() -> list[BaseRoute]:
    return [
        *session.routes,
        *api.routes,
        *details.routes,
        *tables.routes,
        *feeds.routes,
        *downloads.routes,
        *charts.routes,
        *openapi.routes,
    ]
