"""The database: constraints as a second line, SQLite pragmas, migrations in step with the models, locking."""

import datetime as dt
import sqlite3
import threading

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, SQLModel

from models.db import make_engine, migrate, write_session
from models.tables import Commitment, Organization
from tests.conftest import table_counts
from tracker.domain.errors import StoreRefusal


def valid_commitment(**overrides) -> dict:
    values = dict(
        slug="test-commitment",
        title="T",
        text="Enhance public-private collaboration on AI capacity building.",
        framework="Seoul Statement",
        event_slug="seoul-ai-standards-summit-2025",
        source_slug="seoul-statement-announcement",
        source_quote="Enhance public-private collaboration on AI capacity building.",
        quote_start=3331,
        quote_end=3392,
        origin="user",
        created_by="test",
        created_at=dt.datetime.now(dt.UTC),
        version=1,
        status="not_assessed",
        target_unit="",
        due_date_inferred=False,
        due_date_note="",
        updated_by="",
    )
    return values | overrides


def insert_raw(engine, **overrides) -> None:
    with engine.begin() as connection:
        connection.execute(sa.insert(Commitment.__table__).values(**valid_commitment(**overrides)))


def test_a_valid_raw_insert_is_accepted(seeded):
    insert_raw(seeded)  # the baseline the refusals below differ from by one value
    with Session(seeded) as session:
        assert session.get(Commitment, "test-commitment") is not None


def test_foreign_keys_are_enforced(seeded):
    with pytest.raises(sa.exc.IntegrityError):
        insert_raw(seeded, event_slug="no-such-event")


@pytest.mark.parametrize(
    "overrides",
    [
        {"status": "done"},
        {"target_value": 5.0},  # no unit or qualifier
        {"target_value": -1.0, "target_unit": "standards", "target_qualifier": "exact"},
        {"target_value": 5.0, "target_unit": "standards", "target_qualifier": "roughly"},
        {"due_date_inferred": True},  # no date, no reason
        {"quote_end": 3390},  # offsets that do not span the quote
        {"title": ""},
        {"origin": "import"},
    ],
    ids=[
        "status",
        "target-no-unit",
        "negative-target",
        "qualifier",
        "inferred-without-reason",
        "offsets",
        "empty-title",
        "origin",
    ],
)
def test_check_constraints_refuse_what_the_input_models_refuse(seeded, overrides):
    with pytest.raises(sa.exc.IntegrityError):
        insert_raw(seeded, **overrides)


def test_slugs_are_unique(seeded):
    insert_raw(seeded)
    with pytest.raises(sa.exc.IntegrityError):
        insert_raw(seeded)


def test_sqlite_connections_turn_on_foreign_keys_wal_and_busy_timeout(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'pragmas.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_postgresql_connections_run_statements_without_compiling_them_first(engine):
    """Every connection, the pool's first and its later ones, has PostgreSQL's JIT compiling off (models.db)."""
    if engine.dialect.name != "postgresql":
        pytest.skip("JIT compiling is PostgreSQL's; SQLite has none")
    engine.dispose()
    with engine.connect() as first, engine.connect() as second:
        assert [c.exec_driver_sql("SHOW jit").scalar_one() for c in (first, second)] == ["off", "off"]
        second.rollback()
    with engine.connect() as again:  # a connection back from the pool, after its rollback
        assert again.exec_driver_sql("SHOW jit").scalar_one() == "off"


def test_migrations_create_exactly_the_models_schema(engine):
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == []


def test_migrating_twice_changes_nothing(seeded):
    before = table_counts(seeded)
    migrate(seeded)
    assert table_counts(seeded) == before


def test_a_write_that_fails_half_way_leaves_nothing(seeded):
    before = table_counts(seeded)
    with pytest.raises(StoreRefusal, match="refers to a record that does not exist") as refused:
        with write_session(seeded) as session:
            session.get(Organization, "iso").country = "Changed"
            session.flush()
            session.add(Commitment(**valid_commitment(event_slug="no-such-event")))
            session.flush()
    assert isinstance(refused.value.__cause__, sa.exc.IntegrityError)
    assert table_counts(seeded) == before
    with Session(seeded) as session:
        assert session.get(Organization, "iso").country == ""


def test_a_stale_edit_is_refused_by_the_version_column(seeded):
    with Session(seeded, expire_on_commit=False) as session:
        stale = session.get(Organization, "iec")  # what the second editor's form was built from (version 1)
    with write_session(seeded) as session:
        session.get(Organization, "iec").note = "first editor"
    with pytest.raises(StaleDataError), write_session(seeded) as session:
        stale = session.merge(stale, load=False)
        stale.note = "second editor"
    with Session(seeded) as session:
        saved = session.get(Organization, "iec")
    assert (saved.note, saved.version) == ("first editor", 2)


def test_concurrent_writers_wait_for_each_other_instead_of_failing(seeded):
    errors: list[Exception] = []

    def bump(note: str) -> None:
        try:
            for n in range(10):
                with write_session(seeded) as session:
                    org = session.get(Organization, "itu", with_for_update=True)
                    org.note = f"{note}, edit {n}"
        except Exception as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=bump, args=(f"writer {i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Session(seeded) as session:
        assert session.get(Organization, "itu").version == 41


def test_sqlite_checks_every_reference_after_a_migration_runs_and_not_on_every_start(tmp_path):
    """The check reads every row (a second at a million updates): it runs when a migration changed the schema, and
    a migration that leaves a reference pointing nowhere is refused."""
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    migrate(engine, "0007")
    with sqlite3.connect(tmp_path / "old.db") as raw:  # a row whose commitment does not exist, as an old file might
        raw.execute(
            "INSERT INTO commitment_theme (commitment_slug, theme_slug, origin, created_by, created_at, updated_by) "
            "VALUES ('nowhere', 'nothing', 'user', 'test', '2026-01-01 00:00:00', '')"
        )
    raw.close()
    with pytest.raises(RuntimeError, match="point nowhere"):
        migrate(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM commitment_theme")
    statements: list[str] = []
    sa.event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    migrate(engine)  # 0007 to 0008: checked
    assert "PRAGMA foreign_key_check" in statements
    statements.clear()
    migrate(engine)  # up to date: nothing to check
    assert statements and "PRAGMA foreign_key_check" not in statements
    engine.dispose()
