"""The command line: `python -m tracker --help`.

Every command works on DATABASE_URL (default: the embedded SQLite file) and brings its schema up to date first.
Bad input exits non-zero with a one-line reason on stderr and writes nothing.
"""

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from models.db import database_url
from seed.loader import FACTS_FILE, SeedError, apply_seed, load_rows
from tracker.database import open_database
from tracker.exports import export_tables


class CliError(Exception):
    """A problem with what the user asked for; printed as one line, exit status 2."""


def cmd_seed(args: argparse.Namespace) -> int:
    rows = load_rows(Path(args.facts))  # refuse a bad facts file before touching the database
    engine = open_database(seed_if_empty=False)
    report = apply_seed(engine, rows)
    for line in report.lines():
        print(line)
    total_inserted, total_updated = sum(report.inserted.values()), sum(report.updated.values())
    print(f"seed: {total_inserted} rows inserted, {total_updated} updated")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    engine = open_database()
    written = export_tables(engine, Path(args.out))
    for path, count in written:
        print(f"{path}: {count} rows")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tracker",
        description="AI Standards Commitment Tracker: the data behind the dashboard, from the command line. "
        f"Works on DATABASE_URL (now: {_shown_url()}).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    seed = commands.add_parser("seed", help="load or refresh the seed facts; prints what it inserted and updated")
    seed.add_argument("--facts", default=str(FACTS_FILE), metavar="FILE", help="facts file (default: %(default)s)")
    seed.set_defaults(run=cmd_seed)

    export = commands.add_parser("export", help="write one CSV per table into a folder")
    export.add_argument("--out", required=True, metavar="DIR", help="folder for the CSV files (created if missing)")
    export.set_defaults(run=cmd_export)
    return parser


def _shown_url() -> str:
    url = database_url()
    return url.split("@")[-1] if "@" in url else url  # never print a password


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (CliError, SeedError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
