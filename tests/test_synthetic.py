"""The benchmarks' synthetic data is the same on every database: figures from SQLite and PostgreSQL compare."""

import datetime as dt

import sqlalchemy as sa

from benchmarks.synthetic import add_commitments, add_progress_updates
from models.db import migrate
from models.tables import Commitment, CommitmentParty, CommitmentTheme, ProgressUpdate
from seed.loader import apply_seed
from tests.conftest import engine_at


def _contents(engine: sa.engine.Engine) -> dict[str, list[tuple]]:
    """Every synthetic row of each table, in key order, timestamps as UTC moments (drivers return them differently)."""

    def plain(value: object) -> object:
        if isinstance(value, dt.datetime):
            return value.replace(tzinfo=None) if value.tzinfo is None else value.astimezone(dt.UTC).replace(tzinfo=None)
        return value

    found = {}
    with engine.connect() as connection:
        for model, key in (
            (Commitment, "slug"),
            (CommitmentParty, "commitment_slug"),
            (CommitmentTheme, "commitment_slug"),
            (ProgressUpdate, "commitment_slug"),
        ):
            table = model.__table__
            rows = connection.execute(sa.select(table).where(table.c[key].like("synthetic-%")))
            found[table.name] = sorted((tuple(plain(v) for v in row) for row in rows), key=repr)
    return found


def test_the_synthetic_data_is_the_same_rows_on_every_database(seeded, tmp_path):
    """The test database (PostgreSQL in CI's second pass) and a SQLite file of its own, each given the same counts,
    hold the same rows: the same parties and themes for each commitment, the same updates, the same timestamps."""
    other = engine_at(f"sqlite:///{tmp_path / 'other.db'}")
    migrate(other)
    apply_seed(other)
    for engine in (seeded, other):
        add_commitments(engine, 400)
        add_progress_updates(engine, 3_000)
    ours, theirs = _contents(seeded), _contents(other)
    assert [len(rows) for rows in ours.values()] == [len(rows) for rows in theirs.values()]
    assert len(ours["commitment"]) == 400 and len(ours["progress_update"]) == 3_000
    assert len(ours["commitment_party"]) > 400  # most commitments name parties: the choice of them is compared
    assert ours == theirs
