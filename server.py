"""What `streamlit run server.py` serves: the pages of app.py and, on the same port, the HTTP routes of
tracker.web.

A server answers as soon as it can, with only Streamlit and the routes' mounts imported; what the first page needs
that takes seconds (the pages' modules, with pandas and SQLAlchemy, and the database opened) is done in the
background from then on (`preload`), while a browser loads the app's scripts."""

import contextlib
import logging
import threading
from collections.abc import AsyncIterator
from typing import Any

import streamlit as st

from tracker.web import routes
from tracker.web.tcp import messages_sent_at_once


def preload() -> None:
    """Import the pages' shared modules and open the database (migrated and seeded if need be), as the first page
    would. A page that asks meanwhile waits for what is under way; a database that cannot be opened is left for the
    page to explain."""
    import app_pages.common  # noqa: F401  (imported for its effect: the modules are loaded)
    from models.db import database_url
    from tracker.store import shared_engine

    try:
        shared_engine(database_url())
    except Exception as exc:  # the page opening it says what is wrong, where the reader sees it
        logging.getLogger(__name__).warning("the database was not opened ahead of the first page: %s", exc)


@contextlib.asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[None]:
    """st.App's lifespan: once the port is bound, connections send at once and the preload starts."""
    async with messages_sent_at_once(app):
        threading.Thread(target=preload, name="preload", daemon=True).start()
        yield


app = st.App("app.py", routes=routes(), lifespan=lifespan)
