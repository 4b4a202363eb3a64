"""The routes' database: one engine a database URL for the process (opened, migrated and seeded if new)."""

from functools import cache

from sqlalchemy.engine import Engine

from tracker.store import open_database


@cache
def engine(url: str) -> Engine:
    return open_database(url)
