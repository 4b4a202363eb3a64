"""The one place that knows how to reach the database: URL, engine, migrations and transactions.

SQLite (a file under data/) is the embedded default; `DATABASE_URL=postgresql+psycopg://...` selects PostgreSQL.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models.tables import DataRevision
from tracker.domain.errors import store_refusal
from tracker.domain.settings import DEFAULT_SQLITE_PATH, PROJECT_ROOT, settings

__all__ = ["DEFAULT_SQLITE_PATH", "PROJECT_ROOT"]

# Serializes concurrent migrations and seeding on PostgreSQL (two app processes starting at once).
_PG_LOCK_ID = 727_150_2025


def database_url() -> str:
    return settings().database_url


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    if not url.startswith("sqlite"):
        engine = sa.create_engine(url, pool_pre_ping=True)
        if engine.dialect.name == "postgresql":
            sa.event.listen(engine, "connect", _postgresql_on_connect)
        return engine
    database = sa.engine.make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, connect_args={"check_same_thread": False})
    sa.event.listen(engine, "connect", _sqlite_on_connect)
    sa.event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection, _record) -> None:
    # pysqlite's own transaction handling is turned off so that _sqlite_on_begin decides how each one begins.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")  # off by default, per connection
    cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _postgresql_on_connect(dbapi_connection, _record) -> None:
    # PostgreSQL compiles a statement it costs above jit_above_cost to machine code first. The tracker's reads look
    # up a few rows for each commitment through indexes, which PostgreSQL costs high and runs fast: compiling every
    # commitment's status at 100,000 commitments took 2.2 s of 8.5 s, and the statement ran in 5.7 s without it.
    dbapi_connection.execute("SET jit = off")
    dbapi_connection.commit()


def _sqlite_on_begin(connection: sa.Connection) -> None:
    # A write transaction that began as a reader could not upgrade its lock while another writer holds it and
    # would fail with SQLITE_BUSY; beginning IMMEDIATE makes concurrent writers wait their turn instead.
    immediate = connection.get_execution_options().get("sqlite_immediate", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def alembic_config() -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "models" / "migrations"))
    return config


def migrate(engine: Engine, revision: str = "head", *, down: bool = False) -> None:
    """Bring the schema up (or with `down`, back) to `revision`; the app and the CLI call this on start."""
    config = alembic_config()
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # SQLite changes a table's constraints by copying it and dropping the old one, which foreign keys would
            # refuse; its documented procedure turns them off (outside any transaction) and checks them after.
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    connection.execute(sa.text("SELECT pg_advisory_xact_lock(:id)"), {"id": _PG_LOCK_ID})
                config.attributes["connection"] = connection
                before = MigrationContext.configure(connection).get_current_heads()
                (command.downgrade if down else command.upgrade)(config, revision)
                changed = MigrationContext.configure(connection).get_current_heads() != before
                # Checked only when a migration ran: the check reads every row (1.3 s at a million updates), and
                # the app and every CLI command call this on start.
                if sqlite and changed and connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise RuntimeError("the migration left rows whose references point nowhere; nothing was changed")
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """One transaction per user action: everything inside commits together or not at all.

    Read the rows you are about to change with `session.get(..., with_for_update=True)`: on PostgreSQL that makes
    a concurrent writer of the same row wait, as BEGIN IMMEDIATE does for every writer on SQLite.
    """
    bind = engine.execution_options(sqlite_immediate=True)
    with Session(bind, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except (sa.exc.IntegrityError, sa.exc.DataError) as exc:
            session.rollback()
            raise store_refusal(exc) from exc
        except BaseException:
            session.rollback()
            raise


def lock_for_seeding(session: Session) -> None:
    """Make concurrent seed runs on PostgreSQL take turns (SQLite's BEGIN IMMEDIATE already does)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:id)"), {"id": _PG_LOCK_ID + 1})


def bump_revision(session: Session) -> None:
    """Count a write, so every page cache keyed on the revision sees it (see models.tables.DataRevision)."""
    session.execute(sa.update(DataRevision).where(DataRevision.id == 1).values(value=DataRevision.value + 1))


# How stale an app server's idea of the revision may be: it reads the counter at most this often, so a write from
# another process (the CLI, another app server) shows on its pages within this many seconds.
REVISION_READ_SECONDS = 2


def read_revision(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(sa.select(DataRevision.value).where(DataRevision.id == 1)).scalar() or 0
