"""The tracker beside Datasette and beside the limit, on the same SQLite file. Prints figures; asserts nothing.

    python -m benchmarks.bench_peer [--commitments 100000] [--updates 1000000] [--db PATH] [--repeat 5]

Needs Datasette (requirements-dev.txt) and GNU time (/usr/bin/time, Debian's `time` package) for peak memory.

Builds the synthetic database (or reuses --db if it exists), starts Datasette (a test-only dependency) on the same
file, and prints each task as ours / peer / limit: the median of --repeat runs, with the spread (lowest-highest).
Read the ratios, not the seconds: the machine sets those.

- Export: our streamed CSV of every progress update (`python -m tracker export`, in a process of its own so its
  peak memory is its own), Datasette's streamed CSV of the same table, and the limit, a plain sqlite3 + csv.writer
  loop (no formula-injection guard, no dates as the tracker writes them).
- Pages, first (uncached) run after a write: a write counted in the file (so every page cache misses), then the
  page opened in a new session of our running server over its websocket, the way the browser asks for it, timed to
  its last element; beside Datasette's HTML page for the same SQL (the rows our page shows, compiled from our own
  query), from the same file.
- Every commitment's status with its lists: the commitments file (38 columns) written in this process, beside
  hand-written SQL of the same columns and values (`benchmarks/by_hand.py`) written by the plain loop, in pairs;
  and beside the file's own SQL written by the plain loop and hand-written SQL of the status alone.
"""

import argparse
import csv
import dataclasses
import datetime as dt
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from sqlalchemy.engine import Engine

from benchmarks.browser import PEER_READY
from benchmarks.by_hand import COMMITMENTS_BY_HAND
from benchmarks.by_hand import parameters as by_hand_parameters
from benchmarks.servers import (
    app_command,
    app_server,
    datasette_command,
    fetch,
    floor_server,
    free_port,
    page_in_new_session,
    peak_memory_mb,
    wait_until_up,
)
from benchmarks.synthetic import add_commitments, add_progress_updates
from models.db import PROJECT_ROOT, REVISION_READ_SECONDS, bump_revision, write_session
from tracker.present import exports
from tracker.present.csvfile import csv_chunks
from tracker.read import queries
from tracker.read.filters import CommitmentFilter
from tracker.store import open_database

AS_OF = dt.date(2026, 11, 22)


@dataclasses.dataclass
class Timing:
    runs: list[float]

    def __str__(self) -> str:
        if self.median < 1:  # in milliseconds: a page of 70 ms and one of 20 ms are not both "0.0x s"
            return f"{self.median * 1000:4.0f} ms ({min(self.runs) * 1000:.0f}-{max(self.runs) * 1000:.0f})"
        return f"{self.median:6.2f} s ({min(self.runs):.2f}-{max(self.runs):.2f})"

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


def timed(function: Callable[[], object], repeat: int) -> Timing:
    """The seconds `function` takes, or, if it returns a number, the seconds it reports (a run that times only
    part of its work, as first_run_after_write does)."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        reported = function()
        runs.append(reported if isinstance(reported, float) else time.perf_counter() - started)
    return Timing(runs)


def peak_of(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Seconds and peak resident memory (MB) of a command run on its own, measured by GNU time (a child forked
    from this process would inherit this process's peak)."""
    with tempfile.NamedTemporaryFile("r") as report:
        started = time.perf_counter()
        subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", report.name, *command],
            env=env,
            cwd=PROJECT_ROOT,
            stdout=subprocess.DEVNULL,
            check=True,
        )
        seconds = time.perf_counter() - started
        return seconds, int(report.read().split()[-1]) // 1024


PLAIN_LOOP = """
import csv, sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
with open(sys.argv[2], "w", newline="", encoding="utf-8") as file:
    writer = csv.writer(file, quoting=csv.QUOTE_ALL, lineterminator="\\n")
    cursor = connection.execute("SELECT * FROM progress_update WHERE as_of <= ? ORDER BY id", (sys.argv[3],))
    writer.writerow([d[0] for d in cursor.description])
    while rows := cursor.fetchmany(5000):
        writer.writerows(rows)
"""


STATUS_ALONE = (
    "SELECT c.slug, coalesce((SELECT x.status FROM progress_update x WHERE x.commitment_slug = c.slug "
    "AND x.as_of <= ? AND NOT EXISTS (SELECT 1 FROM progress_update y WHERE y.corrects_id = x.id) "
    "ORDER BY x.as_of DESC, x.id DESC LIMIT 1), c.status) AS status FROM commitment c ORDER BY c.slug"
)


def commitments_file(engine: Engine, f: CommitmentFilter, out: Path, seen: list[str]) -> None:
    """commitments.csv as the export and the API write it, recording the SQL it runs in `seen`."""
    import sqlalchemy as sa

    def record(_connection, _cursor, statement, parameters, _context, _many) -> None:
        seen.append(_inlined(statement, parameters))

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        with engine.connect() as connection, out.open("w", encoding="utf-8", newline="") as file:
            rows, formats = exports.COMMITMENTS_FILE.rows(connection, f)
            file.writelines(csv_chunks(exports.COMMITMENTS_FILE.columns, rows, formats=formats))
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def plain_loop(connection: sqlite3.Connection, query: tuple[str, object], out: Path) -> None:
    """The rows of `query` (SQL and its parameters) written by csv.writer: the limit for a file of them."""
    with out.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, quoting=csv.QUOTE_ALL, lineterminator="\n")
        cursor = connection.execute(*query)
        while rows := cursor.fetchmany(5000):
            writer.writerows(rows)


def after_write(engine: Engine, function: Callable[[], float]) -> Callable[[], float]:
    """`function` run as a reader meets a page after someone's edit: a write counted (every page cache is keyed on
    that counter), then, once the server reads the counter again, `function` timed."""

    def run() -> float:
        with write_session(engine) as session:
            bump_revision(session)
        time.sleep(REVISION_READ_SECONDS + 0.1)
        return function()

    return run


def first_run_after_write(engine: Engine, port: int, page: str, query: str) -> Callable[[], float]:
    """A page's first (uncached) run on a running server after a write, opened in a new session over the websocket,
    timed to its last element."""
    return after_write(engine, lambda: page_in_new_session(port, page, query))


def first_page_after_start(command: list[str], health: str, page_url: str, ready: str | None) -> float:
    """Seconds from starting a server to its first page rendered in Debian's Chromium (a browser a user opens as
    soon as the server is up)."""
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    server = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(health)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page()
            page.goto(page_url)
            if ready:
                page.wait_for_selector(ready, timeout=600_000)
            seconds = time.perf_counter() - started
            browser.close()
        return seconds
    finally:
        server.terminate()
        server.wait(timeout=20)


STREAMLIT_READY = "[data-testid='stApp'][data-test-script-state='notRunning'] [data-testid='stMainBlockContainer'] h1"


def _literal(value: object) -> str:
    """A bound value as SQLite would read it in the statement's text."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.datetime):
        value = value.isoformat(sep=" ")
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    return "'" + text.replace("'", "''") + "'"


def _inlined(statement: str, parameters: object) -> str:
    """`statement` with its qmark parameters written in, outside quoted text."""
    values = list(parameters if isinstance(parameters, list | tuple) else ())
    out, quoted = [], False
    for char in statement:
        if char == "'":
            quoted = not quoted
        out.append(_literal(values.pop(0)) if char == "?" and not quoted else char)
    return "".join(out)


def page_statements(db: Path, page: str, query: str) -> list[str]:
    """Every SELECT a page runs on its first (uncached) run, its parameters written in: the SQL Datasette is
    asked to serve beside the page."""
    import sqlalchemy as sa
    import streamlit
    from streamlit.testing.v1 import AppTest

    seen: list[str] = []

    def record(_connection, _cursor, statement, parameters, _context, _many) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.append(_inlined(statement, parameters))

    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    streamlit.cache_data.clear()
    sa.event.listen(sa.engine.Engine, "before_cursor_execute", record)
    try:
        test = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=600)
        for key, value in (pair.split("=", 1) for pair in query.split("&") if pair):
            test.query_params[key] = value
        test.switch_page(f"app_pages/{page or 'overview'}.py")
        test.run()
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", record)
    return seen


def executed_sql(engine: Engine, statement) -> str:
    """The SQL text SQLite runs for `statement`, its parameters written in: what Datasette is asked to serve."""
    import sqlalchemy as sa

    seen: list[str] = []

    def record(_connection, _cursor, text, parameters, _context, _many) -> None:
        seen.append(_inlined(text, parameters))

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        with engine.connect() as connection:
            connection.execute(statement).all()
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    return seen[-1]


def paired(ours: Callable[[], object], theirs: Callable[[], object], repeat: int) -> tuple[Timing, Timing]:
    """Both timed `repeat` times in interleaved pairs, which goes first alternating, so both meet the machine in
    the same state."""
    mine, peer = [], []
    for n in range(repeat):
        for function, runs in ((ours, mine), (theirs, peer)) if n % 2 == 0 else ((theirs, peer), (ours, mine)):
            runs.extend(timed(function, 1).runs)
    return Timing(mine), Timing(peer)


ONE_FILE = """
import datetime as dt, sys
from models.db import make_engine
from tracker.present import exports
from tracker.present.csvfile import csv_chunks
from tracker.read.filters import CommitmentFilter
(table,) = [t for t in exports.TABLES if t.file == sys.argv[2]]
with make_engine(sys.argv[1]).connect() as connection, open(sys.argv[3], "w", encoding="utf-8", newline="") as out:
    rows, formats = table.rows(connection, CommitmentFilter(as_of=dt.date.fromisoformat(sys.argv[4])))
    out.writelines(csv_chunks(table.columns, rows, formats=formats))
"""


def ratio(mine: Timing, theirs: Timing) -> str:
    return f"{mine.median / theirs.median:.1f}x"


def machine() -> str:
    load = ", ".join(f"{n:.2f}" for n in os.getloadavg())
    return f"{os.cpu_count()} cores, load average {load}"


README_START, README_END = "<!-- bench_peer:start -->", "<!-- bench_peer:end -->"


def markdown(rows: list[tuple[str, str, str, str]], said: str) -> str:
    lines = [said, "", "| task | ours | Datasette | limit |", "| --- | --- | --- | --- |"]
    lines += ["| " + " | ".join(" ".join(cell.replace("|", "/").split()) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def write_readme(table: str) -> None:
    """The README's figures replaced by this run's, between its two markers."""
    readme = PROJECT_ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = text.index(README_START) + len(README_START), text.index(README_END)
    readme.write_text(text[:start] + "\n" + table + "\n" + text[end:], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--commitments", type=int, default=100_000)
    parser.add_argument("--updates", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="a SQLite file to build, or to reuse if it exists")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--browser", action="store_true", help="also time pages in Chromium, and a server's start")
    parser.add_argument("--readme", action="store_true", help="write the table into README.md")
    args = parser.parse_args()
    db = args.db or Path(tempfile.mkdtemp()) / "bench.db"
    url = f"sqlite:///{db}"
    os.environ.update(DATABASE_URL=url, TRACKER_TODAY=AS_OF.isoformat(), STREAMLIT_LOGGER_LEVEL="error")
    if not db.exists():
        engine = open_database(url)
        add_commitments(engine, args.commitments)
        add_progress_updates(engine, args.updates)
    engine = open_database(url)
    with sqlite3.connect(db) as connection:
        counts = [
            connection.execute("SELECT count(*) FROM commitment").fetchone()[0],
            connection.execute("SELECT count(*) FROM progress_update").fetchone()[0],
        ]
    started_on = f"{dt.date.today().isoformat()}, {machine()} at the start"
    print(f"{db}: {counts[0]:,} commitments, {counts[1]:,} progress updates; median of {args.repeat} (spread)")
    print(f"{started_on}\n")

    port = free_port()
    # Each page row below counts a write in the file first, under Datasette.
    datasette = subprocess.Popen(datasette_command(db, port), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/{db.stem}"
    rows: list[tuple[str, str, str, str]] = []
    try:
        wait_until_up(f"http://127.0.0.1:{port}/-/versions.json")
        env = os.environ.copy()
        out = Path(tempfile.mkdtemp())

        # The progress updates file: ours (the one file, in a process of its own, as the export writes it) beside
        # Datasette's streamed CSV of the same rows, the plain loop and the sqlite3 shell, in interleaved rounds.
        updates_sql = f"SELECT * FROM progress_update WHERE as_of <= '{AS_OF}' ORDER BY id"  # noqa: S608 (a constant)
        runs: dict[str, list[tuple[float, int]]] = {"ours": [], "loop": [], "shell": []}
        peer_runs: list[float] = []
        for _ in range(args.repeat):
            one = [sys.executable, "-c", ONE_FILE, url, "progress_updates.csv", str(out / "ours.csv"), str(AS_OF)]
            runs["ours"].append(peak_of(one, env))
            loop = [sys.executable, "-c", PLAIN_LOOP, str(db), str(out / "plain.csv"), AS_OF.isoformat()]
            runs["loop"].append(peak_of(loop, env))
            shell = [
                "sh",
                "-c",
                'exec sqlite3 -csv -header "$0" "$1" > "$2"',
                str(db),
                updates_sql,
                str(out / "sh.csv"),
            ]
            runs["shell"].append(peak_of(shell, env))
            peer_runs += timed(
                lambda: fetch(f"{base}/progress_update.csv?_stream=on&_size=max&as_of__lte={AS_OF}&_sort=id"), 1
            ).runs
        ours, loop, shell = (Timing([t for t, _ in runs[k]]) for k in ("ours", "loop", "shell"))
        mb = {k: max(m for _, m in runs[k]) for k in runs}
        rows.append(
            (
                f"progress updates file ({counts[1]:,} rows): {loop.median / ours.median:.0%} of the loop's speed",
                f"{ours}, {mb['ours']} MB",
                f"{Timing(peer_runs)}, {peak_memory_mb(datasette.pid):.0f} MB (server)",
                f"plain loop {loop}, {mb['loop']} MB; sqlite3 shell {shell}, {mb['shell']} MB",
            )
        )
        whole = [peak_of([sys.executable, "-m", "tracker", "export", "--out", str(out / "all")], env)]
        rows.append(("the whole export, every table", f"{whole[0][0]:.2f} s, {whole[0][1]} MB", "", ""))

        # Every commitment's status with its lists and every other column: the commitments file, written in this
        # process, beside hand-written SQL of the same columns and values written by a plain sqlite3 + csv.writer
        # loop, in pairs; and beside the very SQL the file runs by that loop (what is left is the cost of our
        # Python on the way) and hand-written SQL of the status alone.
        everything = CommitmentFilter(as_of=AS_OF)
        statements: list[str] = []
        with sqlite3.connect(db) as connection:
            by_hand = (COMMITMENTS_BY_HAND["sqlite"], by_hand_parameters(AS_OF, "sqlite"))
            mine, hand = paired(
                lambda: commitments_file(engine, everything, out / "commitments.csv", statements),
                lambda: plain_loop(connection, by_hand, out / "by-hand-commitments.csv"),
                args.repeat,
            )
            file_sql = max(statements, key=len)
            loop = timed(lambda: plain_loop(connection, (file_sql, ()), out / "plain-commitments.csv"), args.repeat)
            alone = timed(lambda: connection.execute(STATUS_ALONE, (AS_OF.isoformat(),)).fetchall(), args.repeat)
        rows.append(
            (
                f"every commitment's status with its lists, 38 columns (commitments.csv): {ratio(mine, hand)} of "
                "hand-written SQL of the same columns",
                str(mine),
                "",
                f"hand-written SQL by the plain loop {hand}; the file's own SQL by the plain loop {loop}; "
                f"the status alone by hand {alone}",
            )
        )

        limited = dataclasses.replace(everything, statuses=("limited",))
        listed = queries.commitments_table(engine, limited, limit=25)
        sql = executed_sql(engine, queries.commitments_statement(limited, limit=25, offset=0))
        slug = listed["slug"].iloc[0]
        with app_server(env) as (api_port, api_server):
            app = f"http://127.0.0.1:{api_port}"
            # Over the websocket, as the browser asks for a page (no browser drawing it): the Commitments page
            # beside Datasette's HTML page of the rows it lists; the other pages beside Datasette's pages of every
            # SELECT the page runs, and beside their JSON.
            pages = [
                ("Commitments, status limited (first 25 of the list)", "commitments", "status=Limited", [sql]),
                ("Overview", "", "", None),
                ("Changes log", "changes", "", None),
                ("A commitment's own page", "commitment", f"commitment={slug}", None),
            ]
            with floor_server() as floor_port:
                page_in_new_session(floor_port, "", "")
                floor = timed(lambda: page_in_new_session(floor_port, "", ""), args.repeat)
            selects: dict[str, list[str]] = {}
            for name, page, query, peer_sql in pages:
                run = first_run_after_write(engine, api_port, page, query)
                run()  # the page's modules imported once: what a server that has shown it before already has
                statements = selects[page] = peer_sql or page_statements(db, page, query)
                mine, theirs = paired(
                    run, lambda s=statements: [fetch(f"{base}?sql={quote(x)}") for x in s], args.repeat
                )
                if peer_sql:
                    peer = f"{theirs} (the same rows)"
                else:
                    data = timed(
                        lambda s=statements: [fetch(f"{base}.json?sql={quote(x)}&_shape=array") for x in s],
                        args.repeat,
                    )
                    peer = f"{theirs} (HTML of the page's {len(statements)} SELECTs); JSON of them {data}"
                rows.append(
                    (
                        f"{name}, first run after a write, over the websocket: {ratio(mine, theirs)}",
                        str(mine),
                        peer,
                        f"{floor} (a one-line page)",
                    )
                )
            if args.browser:
                from benchmarks.browser import chromium

                with chromium() as browser, floor_server() as floor_port:
                    # What any page costs in the browser here: the one-line page, served as the app is.
                    one_line = f"http://127.0.0.1:{floor_port}/"
                    browser.ours(one_line, "One line")
                    floor = timed(lambda: browser.ours(one_line, "One line"), args.repeat)
                    title = listed["title"].iloc[0]  # the first card of the list, and the commitment page's title
                    for name, page, query in (
                        ("Commitments page, status limited (25 rows)", "commitments", "status=Limited"),
                        ("A commitment's own page", "commitment", f"commitment={slug}"),
                    ):
                        address = f"{app}/{page}?{query}"
                        browser.ours(address, title)  # the app's scripts in the browser's cache
                        urls = [f"{base}?sql={quote(x)}" for x in selects[page]]
                        mine, theirs = paired(
                            after_write(engine, lambda a=address: browser.ours(a, title)),
                            lambda u=urls: browser.peers(u),
                            args.repeat,
                        )
                        what = "the same rows" if page == "commitments" else f"its {len(urls)} SELECTs, in turn"
                        rows.append(
                            (
                                f"{name}, in Chromium to its content, after a write: {ratio(mine, theirs)}",
                                str(mine),
                                f"{theirs} (HTML of {what})",
                                f"{floor} (a one-line page)",
                            )
                        )
            # The read API, served by the same process as the pages, against Datasette's JSON of the same rows.
            listing = f"{app}/api/v1/commitments?status=limited&size=25&as_of={AS_OF}"
            fetch(listing)  # the engine opened once, as on a running server
            mine, theirs = paired(
                lambda: fetch(listing), lambda: fetch(f"{base}.json?sql={quote(sql)}&_shape=objects"), args.repeat
            )
            rows.append(
                (
                    f"API: commitments, status limited, 25 as JSON: {ratio(mine, theirs)}",
                    str(mine),
                    f"{theirs} (JSON of the same SQL)",
                    "",
                )
            )
            before = peak_memory_mb(api_server.pid)
            mine = timed(lambda: fetch(f"{app}/api/v1/commitments.csv?as_of={AS_OF}"), args.repeat)
            grown = peak_memory_mb(api_server.pid) - before
            rows.append(
                (
                    "API: CSV of every commitment, over HTTP",
                    f"{mine}; the server's peak memory grew {grown:.0f} MB",
                    "",
                    "",
                )
            )
    finally:
        datasette.terminate()
        datasette.wait(timeout=20)

    if args.browser:
        ours_first, theirs_first = [], []
        for _ in range(args.repeat):  # pair by pair, so both meet the machine in the same state
            port = free_port()
            ours_first.append(
                first_page_after_start(
                    app_command(port),
                    f"http://127.0.0.1:{port}/_stcore/health",
                    f"http://127.0.0.1:{port}/commitments?status=Limited",
                    STREAMLIT_READY,
                )
            )
            port = free_port()
            theirs_first.append(
                first_page_after_start(
                    datasette_command(db, port, "--immutable"),
                    f"http://127.0.0.1:{port}/-/versions.json",
                    f"http://127.0.0.1:{port}/{db.stem}?sql={quote(sql)}",
                    PEER_READY,
                )
            )
        ratio_first = statistics.median(a / b for a, b in zip(ours_first, theirs_first, strict=True))
        rows.append(
            (
                f"server start to the Commitments page (status limited) in Chromium: {ratio_first:.1f}x",
                str(Timing(ours_first)),
                f"{Timing(theirs_first)} (the same rows)",
                "",
            )
        )

    header = ("task", "ours", "peer (Datasette)", "limit")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    said = (
        f"`bench_peer{' --browser' if args.browser else ''}` on {counts[0]:,} commitments and {counts[1]:,} progress "
        f"updates (SQLite), median of {args.repeat} (spread); {started_on}, {machine()} at the end."
    )
    print(f"\n{said}")
    if args.readme:
        write_readme(markdown(rows, said))


if __name__ == "__main__":
    main()
