"""Opening the tracker's database: connect, bring the schema up to date, and seed an empty database."""

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
