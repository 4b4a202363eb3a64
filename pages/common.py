"""What every page shares: the cached engine and cached query results. Pages import this, never the database."""

import streamlit as st
from sqlalchemy.engine import Engine

from models.db import database_url
from tracker.database import open_database


@st.cache_resource(show_spinner="Opening the database…")
def _engine_for(url: str) -> Engine:
    return open_database(url)


def engine() -> Engine:
    # Keyed on the URL: st.cache_resource is process-wide, and tests point different runs at different databases.
    return _engine_for(database_url())
