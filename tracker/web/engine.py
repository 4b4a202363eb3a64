"""The routes' database: one engine a database URL for the process (opened, migrated and seeded if new), and the
data a request reads: the live database's, or, for a request at a release (`?release=2026.12`), the release's."""

from functools import cache

from sqlalchemy.engine import Engine

from models.db import database_url
from tracker.domain.settings import edition
from tracker.present import releases
from tracker.store import open_database


@cache
def engine(url: str) -> Engine:
    return open_database(url)


def live_engine() -> Engine:
    return engine(database_url())


def data_engine() -> Engine:
    """What a request reads: the live data, or the release it asks for (tracker.web.releases.at_requested_release
    says which)."""
    at = edition()
    return live_engine() if at is None else releases.materialized(live_engine(), at)
