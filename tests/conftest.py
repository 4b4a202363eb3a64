"""Fixtures: a fresh, migrated database per test, on SQLite by default or on PostgreSQL with TEST_DATABASE_URL.

SQLite: the schema is migrated once into a template file, which each test copies. PostgreSQL: the schema is
migrated once into a schema of its own (so the run never touches other data in the database), and each test
starts from empty tables.
"""

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


@pytest.fixture
def db_url(database_template: str, tmp_path: Path) -> str:
    """A migrated database with empty tables, for this test alone."""
    return fresh_database(database_template, tmp_path)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def seeded(engine: Engine) -> Engine:
    apply_seed(engine)
    return engine


def run_cli(*args: str, db_url: str, check: bool = False, stdin: str = "") -> subprocess.CompletedProcess:
    """`python -m tracker ARGS` in a subprocess against `db_url`, as a user would run it (today: 2026-11-22)."""
    env = os.environ | {"DATABASE_URL": db_url, "TRACKER_TODAY": "2026-11-22"}
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
