"""How fast the dashboard's queries are at scale. Prints figures; asserts nothing.

    python -m benchmarks.bench_queries [--commitments 100000] [--url DATABASE_URL]

Builds a fresh database (a temporary SQLite file unless --url is given: it must be an empty database), seeds it,
adds synthetic commitments, then times each query the pages run (median of several runs, uncached).
"""

import argparse
import dataclasses
import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.synthetic import add_commitments, add_progress_updates
from tracker.read import history, provenance, queries
from tracker.read.filters import CommitmentFilter
from tracker.store import open_database


def timed(function: Callable[[], object], repeat: int = 5) -> tuple[float, object]:
    durations, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        durations.append(time.perf_counter() - started)
    return statistics.median(durations), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--commitments", type=int, default=100_000)
    parser.add_argument("--updates", type=int, default=1_000_000, help="progress updates to add")
    parser.add_argument("--url", help="an empty database to fill (default: a temporary SQLite file)")
    args = parser.parse_args()
    url = args.url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    engine = open_database(url)
    started = time.perf_counter()
    add_commitments(engine, args.commitments)
    print(f"database: {engine.url.render_as_string(hide_password=True)}")
    print(f"added {args.commitments:,} synthetic commitments in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    add_progress_updates(engine, args.updates)
    print(f"added {args.updates:,} progress updates in {time.perf_counter() - started:.1f} s")

    everything = CommitmentFilter()
    cases = {
        "count, no filter": lambda: queries.count_commitments(engine, everything),
        "commitments table, no filter (first 2,000 rows)": lambda: queries.commitments_table(engine, everything),
        "commitments table, one framework": lambda: queries.commitments_table(
            engine, dataclasses.replace(everything, frameworks=("Seoul Statement",))
        ),
        "commitments table, party + theme": lambda: queries.commitments_table(
            engine, dataclasses.replace(everything, parties=("iso",), themes=("ai-ethics",))
        ),
        "commitments table, free-text search": lambda: queries.commitments_table(
            engine, dataclasses.replace(everything, search="human rights")
        ),
        "commitments table, overdue": lambda: queries.commitments_table(
            engine, dataclasses.replace(everything, due="overdue")
        ),
        "commitments table, specificity 3": lambda: queries.commitments_table(
            engine, dataclasses.replace(everything, specificity=(3,))
        ),
        "status by framework": lambda: queries.status_by_framework(engine, everything),
        "headline counts": lambda: queries.headline_counts(engine, everything),
        "deadlines": lambda: queries.deadlines(engine, everything),
        "organization x commitment matrix": lambda: queries.party_matrix(engine, everything),
        "filter options": lambda: queries.filter_options(engine),
        "facts of a source": lambda: provenance.source_facts(engine, "waic-2025-forum-report"),
        "commitments table, status limited": lambda: queries.commitments_table(
            engine, dataclasses.replace(everything, statuses=("limited",))
        ),
        "commitments table, stale": lambda: queries.commitments_table(
            engine, dataclasses.replace(everything, stale=True)
        ),
        "status by framework, as of 2026-06-30": lambda: queries.status_by_framework(
            engine, dataclasses.replace(everything, as_of=dt.date(2026, 6, 30))
        ),
        "timeline of one commitment": lambda: history.timeline(engine, "synthetic-0000042"),
        "changes log, newest 2,000": lambda: history.changes_log(engine),
        "what changed between two dates": lambda: history.changes_between(
            engine, dt.date(2026, 3, 1), dt.date(2026, 9, 1), everything
        ),
    }
    width = max(map(len, cases))
    print(f"{'query':<{width}}  median ms  rows")
    for name, case in cases.items():
        seconds, result = timed(case)
        rows = len(result) if hasattr(result, "__len__") else result
        print(f"{name:<{width}}  {seconds * 1000:9.1f}  {rows}")


if __name__ == "__main__":
    main()
