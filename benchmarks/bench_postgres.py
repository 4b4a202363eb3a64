"""The tracker on PostgreSQL beside the limits PostgreSQL itself sets. Prints figures; asserts nothing.

    python -m benchmarks.bench_postgres --url postgresql+psycopg://postgres@127.0.0.1:5432/bench
        [--commitments 100000] [--updates 1000000] [--repeat 3]

The database must be empty the first time (it is migrated, seeded, filled with synthetic data and vacuumed) and is
reused as it is afterwards. psql runs with JIT compiling off, as the tracker's own connections do. Needs `psql`
and GNU time (/usr/bin/time). Rows, as ours / limit, median of --repeat (spread):

- the CSV of every progress update: our export of that file (`python -m tracker export --only`-like: the same
  TableExport the export and the API stream) beside `psql \\copy (SELECT ...) TO ... CSV`, the server's own COPY;
- the whole export (every table), with its peak memory;
- every commitment's status with its lists (the commitments file, 38 columns) beside hand-written SQL of the same
  columns and values (`benchmarks/by_hand.py`) written by `psql \\copy`, and beside hand-written SQL of the status
  alone (LEFT JOIN LATERAL ... LIMIT 1 on the covering index, the best found by hand).
"""

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import sqlalchemy as sa

from benchmarks.bench_peer import Timing, commitments_file, paired, peak_of, timed
from benchmarks.by_hand import inlined
from benchmarks.synthetic import add_commitments, add_progress_updates
from models.db import PROJECT_ROOT
from models.tables import Commitment
from tracker.present import exports
from tracker.present.csvfile import csv_chunks
from tracker.read.filters import CommitmentFilter
from tracker.store import open_database

AS_OF = dt.date(2026, 11, 22)

# The status of every commitment as of a date, by hand: the latest update on or before it that no correction
# replaces, else the commitment's own status.
STATUS_BY_HAND = """
SELECT c.slug, coalesce(u.status, c.status) AS status
FROM commitment c
LEFT JOIN LATERAL (
    SELECT x.status FROM progress_update x
    WHERE x.commitment_slug = c.slug AND x.as_of <= :as_of
      AND NOT EXISTS (SELECT 1 FROM progress_update y WHERE y.corrects_id = x.id)
    ORDER BY x.as_of DESC, x.id DESC LIMIT 1
) u ON true
ORDER BY c.slug COLLATE "C"
"""


def updates_file(engine, out: Path) -> None:
    """progress_updates.csv as the export writes it (the COPY path where the file needs no Python)."""
    (table,) = [t for t in exports.TABLES if t.file == "progress_updates.csv"]
    with engine.connect() as connection, out.open("w", encoding="utf-8", newline="") as file:
        rows, formats = table.rows(connection, CommitmentFilter(as_of=AS_OF))
        for chunk in csv_chunks(table.columns, rows, formats=formats):
            file.write(chunk)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="a PostgreSQL database: empty, or filled by an earlier run")
    parser.add_argument("--commitments", type=int, default=100_000)
    parser.add_argument("--updates", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    engine = open_database(args.url)
    with engine.connect() as connection:
        stored = connection.execute(sa.select(sa.func.count()).select_from(Commitment)).scalar_one()
    if stored < args.commitments:
        add_commitments(engine, args.commitments)
        add_progress_updates(engine, args.updates)
        # The planner's statistics and the visibility map, as autovacuum leaves them on a live database: without
        # them, the updates are read from the table, not from the covering index, on both sides of every row.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    with engine.connect() as connection:
        stored = connection.execute(sa.select(sa.func.count()).select_from(Commitment)).scalar_one()
        updates = connection.execute(sa.text("SELECT count(*) FROM progress_update")).scalar_one()
    print(f"{engine.url.render_as_string(hide_password=True)}: {stored:,} commitments, {updates:,} progress updates; "
          f"median of {args.repeat} (spread)\n")  # fmt: skip

    out = Path(tempfile.mkdtemp())
    rows: list[tuple[str, str, str]] = []
    libpq = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    # psql in the session the tracker's connections have (models.db: no JIT compiling), so both do the same work.
    psql_env = os.environ | {"PGOPTIONS": "-c jit=off"}
    # A fixed date and a temporary path written in: psql's \copy takes no parameters.
    copy = f"\\copy (SELECT * FROM progress_update WHERE as_of <= '{AS_OF}' ORDER BY id) TO '{out / 'copy.csv'}' CSV HEADER"  # noqa: S608, E501
    ours, limit = paired(
        lambda: updates_file(engine, out / "ours.csv"),
        lambda: subprocess.run(["psql", libpq, "-q", "-c", copy], check=True, env=psql_env),
        args.repeat,
    )
    rows.append(
        (f"CSV of every progress update = {ours.median / limit.median:.1f}x", str(ours), f"{limit} (psql \\copy)")
    )

    env = os.environ | {"DATABASE_URL": args.url, "TRACKER_TODAY": AS_OF.isoformat()}
    whole = [
        peak_of([sys.executable, "-m", "tracker", "export", "--out", str(out / f"whole{n}")], env)
        for n in range(args.repeat)
    ]
    rows.append(
        (
            "whole export (every table)",
            f"{Timing([s for s, _ in whole])}, {max(mb for _, mb in whole)} MB",
            "",
        )
    )

    # Every commitment's status with its lists and every other column (the commitments file, which PostgreSQL
    # writes whole by COPY), beside hand-written SQL of the same columns by psql \copy, and the status alone by hand.
    everything = CommitmentFilter(as_of=AS_OF)
    by_hand = f"\\copy ({inlined(AS_OF)}) TO '{out / 'by-hand.csv'}' CSV HEADER"
    mine, hand = paired(
        lambda: commitments_file(engine, everything, out / "commitments.csv", []),
        lambda: subprocess.run(["psql", libpq, "-q", "-c", by_hand], check=True, env=psql_env),
        args.repeat,
    )
    with engine.connect() as connection:
        best = timed(lambda: connection.execute(sa.text(STATUS_BY_HAND), {"as_of": AS_OF}).all(), args.repeat)
    rows.append(
        (
            f"every commitment's status with its lists, 38 columns (commitments.csv) = "
            f"{mine.median / hand.median:.1f}x hand-written SQL of the same columns",
            str(mine),
            f"{hand} (hand-written, psql \\copy); the status alone by hand {best} (LEFT JOIN LATERAL)",
        )
    )

    widths = [max(len(r[i]) for r in [("task", "ours", "limit"), *rows]) for i in range(3)]
    for row in [("task", "ours", "limit"), *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    print(f"\n(files in {out}; run from {PROJECT_ROOT})")


if __name__ == "__main__":
    main()
