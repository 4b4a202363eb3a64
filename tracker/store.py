"""Opening the tracker's database: connect, bring the schema up to date, and seed an empty database."""

import threading

from sqlalchemy.engine import Engine
from sqlmodel import Session

from models.db import database_url, make_engine, migrate
from seed.loader import apply_seed, has_seed


def open_database(url: str | None = None, *, seed_if_empty: bool = True) -> Engine:
    """The engine for `url` (default: DATABASE_URL or the embedded SQLite file), migrated and, if new, seeded."""
    engine = make_engine(url or database_url())
    migrate(engine)
    if seed_if_empty:
        with Session(engine) as session:
            seeded = has_seed(session)
        if not seeded:
            apply_seed(engine)
    return engine


_shared: dict[str, Engine] = {}
_shared_lock = threading.Lock()


def shared_engine(url: str) -> Engine:
    """The one engine a process keeps for `url`, opened (open_database) on first use. A server's pages and its HTTP
    routes share it, so the server holds one pool of connections to the database, not one for each (on PostgreSQL,
    up to 15 connections each, of the server's 100 by default)."""
    with _shared_lock:  # two first requests at once open the database once
        if url not in _shared:
            _shared[url] = open_database(url)
        return _shared[url]


def close_shared_engines() -> None:
    """Close every shared engine's connections and forget them: the next use opens the database again, as a first
    start does."""
    with _shared_lock:
        while _shared:
            _shared.popitem()[1].dispose()
