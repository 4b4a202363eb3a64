"""The routes' database: the process's one engine for DATABASE_URL (opened, migrated and seeded if new), and the
data a request reads: the live database's, or, for a request at a release (`?release=2026.12`), the release's."""

from sqlalchemy.engine import Engine

from models.db import database_url
from tracker.domain.settings import edition
from tracker.present import releases
from tracker.store import shared_engine


def live_engine() -> Engine:
    return shared_engine(database_url())  # the pages' engine too (app_pages.ui.data): one pool a server


def data_engine() -> Engine:
    """What a request reads: the live data, or the release it asks for (tracker.web.releases.at_requested_release
    says which)."""
    at = edition()
    return live_engine() if at is None else releases.materialized(live_engine(), at)
