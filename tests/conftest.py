"""Fixtures: a fresh, migrated database per test, on SQLite by default or on PostgreSQL with TEST_DATABASE_URL.

SQLite: the schema is migrated once into a template file, and seeded once into a second one; each test copies the
one it needs. PostgreSQL: the schema is migrated once into a schema of its own (so the run never touches other
data in the database), and each test starts from empty tables (seeded again where it asks for the seed).

`run_cli` runs the command line in this process, as `python -m tracker` would; `run_cli_subprocess` really starts
it, for the few smoke tests that check the command as a user types it.
"""

import contextlib
import datetime as dt
import io
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import models.tables  # noqa: F401  (registers the tables)
from models.db import PROJECT_ROOT, make_engine, migrate
from seed.loader import apply_seed

# Most tests record progress as one editor and read it straight back: they run with single review. The second
# editor's review, the default for users, is tested where it is set (tests/test_due_process.py).
os.environ.setdefault("TRACKER_REVIEW", "single")
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
ON_POSTGRES = TEST_DATABASE_URL.startswith("postgresql")


def with_search_path(url: str, schema: str) -> str:
    """A PostgreSQL URL whose connections use `schema` (also for subprocesses given the URL)."""
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated, empty database: a SQLite file to copy, or a PostgreSQL schema to truncate."""
    if ON_POSTGRES:
        schema = f"tracker_test_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(TEST_DATABASE_URL)
        with admin.begin() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        url = with_search_path(TEST_DATABASE_URL, schema)
        engine = make_engine(url)
        migrate(engine)
        engine.dispose()
        yield url
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    else:
        path = tmp_path_factory.mktemp("template") / "template.db"
        engine = make_engine(f"sqlite:///{path}")
        migrate(engine)
        engine.dispose()  # closing the last connection folds the WAL into the file
        yield str(path)


def fresh_database(template: str, folder: Path) -> str:
    """The URL of a migrated database with empty tables, made from the session's template."""
    if ON_POSTGRES:
        engine = make_engine(template)
        tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
        with engine.begin() as connection:
            connection.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            connection.execute(sa.text("INSERT INTO data_revision (id, value) VALUES (1, 0)"))  # as migrated
        engine.dispose()
        return template
    path = folder / "tracker.db"
    shutil.copyfile(template, path)
    return f"sqlite:///{path}"


# The engines tests open on a database of their own (engine_at) during the test running now.
_test_engines: list[Engine] = []


def engine_at(url: str) -> Engine:
    """An engine on `url` for a test's own reads and writes. Its pooled connections are closed when the test ends
    (an engine is still usable after, and opens new ones): left to the garbage collector, hundreds of tests' idle
    connections added up past what the PostgreSQL server allows at once (100). Kept here until then: an engine
    dropped at once leaves its pool, and the pool's connections, to the garbage collector."""
    engine = make_engine(url)
    _test_engines.append(engine)
    return engine


@pytest.fixture(autouse=True)
def _close_test_engines() -> Iterator[None]:
    yield
    while _test_engines:
        _test_engines.pop().dispose()


@pytest.fixture
def db_url(database_template: str, tmp_path: Path) -> str:
    """A migrated database with empty tables, for this test alone."""
    return fresh_database(database_template, tmp_path)


@pytest.fixture
def engine(db_url: str) -> Engine:
    return engine_at(db_url)


@pytest.fixture(scope="session")
def seeded_template(database_template: str, tmp_path_factory: pytest.TempPathFactory) -> str | None:
    """SQLite: a migrated and seeded database file to copy (seeding every test's database cost 0.3 s each)."""
    if ON_POSTGRES:
        return None
    path = tmp_path_factory.mktemp("seeded") / "seeded.db"
    shutil.copyfile(database_template, path)
    engine = make_engine(f"sqlite:///{path}")
    apply_seed(engine)
    add_rubrics(engine)
    engine.dispose()  # folds the WAL into the file, so the file alone is the whole database
    return str(path)


@pytest.fixture
def seeded(engine: Engine, db_url: str, seeded_template: str | None) -> Engine:
    """This test's database (the same `db_url`), seeded."""
    if seeded_template is None:
        apply_seed(engine)
        add_rubrics(engine)
        return engine
    engine.dispose()
    target = Path(sa.engine.make_url(db_url).database)
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(seeded_template, target)
    return engine


RUBRIC_AUTHOR = "rubric-author"


def add_rubrics(engine: Engine) -> None:
    """A rubric for every commitment, written before the events (a rating needs one first): the seeded database
    the tests rate commitments in."""
    from models.tables import Commitment, Rubric

    with engine.begin() as connection:
        slugs = connection.execute(sa.select(Commitment.slug).order_by(Commitment.slug)).scalars().all()
        connection.execute(
            sa.insert(Rubric),
            [
                {
                    "commitment_slug": slug,
                    "limited": "Some of it done.",
                    "substantial": "Most of it done.",
                    "complete": "All of it done.",
                    "correction_reason": "",
                    "written_by": RUBRIC_AUTHOR,
                    "written_at": dt.datetime(2025, 7, 1, tzinfo=dt.UTC),
                }
                for slug in slugs
            ],
        )


CLI_ENVIRONMENT = {"TRACKER_TODAY": "2026-11-22"}


def run_cli(
    *args: str, db_url: str, check: bool = False, stdin: str = "", today: str = CLI_ENVIRONMENT["TRACKER_TODAY"]
) -> subprocess.CompletedProcess:
    """`python -m tracker ARGS` against `db_url` (today: 2026-11-22 unless said), run in this process: the exit
    status, and what it printed on stdout and stderr. An exception the CLI does not turn into a message
    propagates."""
    from tracker.cli import main

    out, err = io.StringIO(), io.StringIO()
    with (
        _environment(CLI_ENVIRONMENT | {"DATABASE_URL": db_url, "TRACKER_TODAY": today}),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        _stdin(stdin),
    ):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse's own exits (errors, --help)
            code = exc.code if isinstance(exc.code, int) else 0
    result = subprocess.CompletedProcess(["tracker", *args], code, out.getvalue(), err.getvalue())
    if check and result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}: {result.stderr}")
    return result


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def _stdin(text: str) -> Iterator[None]:
    saved = sys.stdin
    sys.stdin = io.StringIO(text)
    try:
        yield
    finally:
        sys.stdin = saved


def run_cli_subprocess(*args: str, db_url: str, check: bool = False, stdin: str = "") -> subprocess.CompletedProcess:
    """`python -m tracker ARGS` in a subprocess against `db_url`, exactly as a user would run it."""
    env = os.environ | CLI_ENVIRONMENT | {"DATABASE_URL": db_url}
    result = subprocess.run(
        [sys.executable, "-m", "tracker", *args],
        cwd=PROJECT_ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"exit {result.returncode}: {result.stderr}")
    return result


def table_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table.name: connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for table in SQLModel.metadata.sorted_tables
        }


SCREENSHOTS = PROJECT_ROOT / "test-artifacts" / ("screenshots-postgresql" if ON_POSTGRES else "screenshots-sqlite")


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if SCREENSHOTS.is_dir() and any(SCREENSHOTS.iterdir()):
        terminalreporter.write_line(f"browser screenshots: {SCREENSHOTS}")
    fuzzing = next((m for name, m in list(sys.modules.items()) if name.endswith("test_hostile_requests")), None)
    if fuzzing is not None and fuzzing.ANSWERS:
        terminalreporter.write_line(fuzzing.fuzzing_report())
