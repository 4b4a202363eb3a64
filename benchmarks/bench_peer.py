"""The tracker beside Datasette and beside the limit, on the same SQLite file. Prints figures; asserts nothing.

    python -m benchmarks.bench_peer [--commitments 100000] [--updates 1000000] [--db PATH] [--repeat 5]

Needs Datasette (requirements-dev.txt) and GNU time (/usr/bin/time, Debian's `time` package) for peak memory.

Builds the synthetic database (or reuses --db if it exists), starts Datasette (a test-only dependency) on the same
file, and prints each task as ours / peer / limit: the median of --repeat runs, with the spread (lowest-highest).
Read the ratios, not the seconds: the machine sets those.

- Export: our streamed CSV of every progress update (`python -m tracker export`, in a process of its own so its
  peak memory is its own), Datasette's streamed CSV of the same table, and the limit, a plain sqlite3 + csv.writer
  loop (no formula-injection guard, no dates as the tracker writes them).
- Pages, first (uncached) run: our page scripts run in-process with Streamlit's AppTest, beside Datasette's HTML
  page for the same SQL (the rows our page shows, compiled from our own query).
"""

import argparse
import dataclasses
import datetime as dt
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from benchmarks.synthetic import add_commitments, add_progress_updates
from models.db import PROJECT_ROOT
from tracker.read import queries
from tracker.read.filters import CommitmentFilter
from tracker.store import open_database

AS_OF = dt.date(2026, 11, 22)


@dataclasses.dataclass
class Timing:
    runs: list[float]

    def __str__(self) -> str:
        return f"{statistics.median(self.runs):6.2f} s ({min(self.runs):.2f}-{max(self.runs):.2f})"

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


def timed(function: Callable[[], object], repeat: int) -> Timing:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        runs.append(time.perf_counter() - started)
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> int:
    """Read a whole response, as a client would, and return its size in bytes."""
    size = 0
    with urllib.request.urlopen(url, timeout=600) as response:
        while chunk := response.read(1 << 16):
            size += len(chunk)
    return size


def peak_memory_mb(pid: int) -> float:
    """A running process's peak resident memory so far (Linux's VmHWM), in MB."""
    with open(f"/proc/{pid}/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


def wait_until_up(url: str, seconds: float = 120) -> None:
    """Poll a starting server's health address until it answers (checked every 0.05 s, so a start is timed to
    within that)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            fetch(url)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not answer within {seconds:.0f} s") from None
            time.sleep(0.05)


def datasette_peak(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) // 1024 for line in status if line.startswith("VmHWM"))


def page_run(path: str, **params: str) -> Callable[[], None]:
    from streamlit.testing.v1 import AppTest

    def run() -> None:
        import streamlit

        streamlit.cache_data.clear()
        app = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=600)
        for key, value in params.items():
            app.query_params[key] = value
        app.switch_page(path)
        app.run()
        if app.exception:
            raise RuntimeError([e.value for e in app.exception])

    return run


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


def compiled(statement) -> str:
    from sqlalchemy.dialects import sqlite

    return str(statement.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--commitments", type=int, default=100_000)
    parser.add_argument("--updates", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="a SQLite file to build, or to reuse if it exists")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--browser", action="store_true", help="also time the first page after a server start")
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
    print(f"{db}: {counts[0]:,} commitments, {counts[1]:,} progress updates; median of {args.repeat} (spread)\n")

    port = free_port()
    datasette = subprocess.Popen(
        [
            *(sys.executable, "-m", "datasette", "serve", "--immutable", str(db), "--port", str(port)),
            *("--setting", "sql_time_limit_ms", "600000", "--setting", "max_returned_rows", "1000"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/{db.stem}"
    try:
        wait_until_up(f"http://127.0.0.1:{port}/-/versions.json")
        rows: list[tuple[str, str, str, str]] = []
        env = os.environ.copy()
        out = Path(tempfile.mkdtemp())

        ours, ours_mb = zip(
            *(
                peak_of([sys.executable, "-m", "tracker", "export", "--out", str(out / f"ours{n}")], env)
                for n in range(args.repeat)
            ),
            strict=True,
        )
        peer = timed(
            lambda: fetch(f"{base}/progress_update.csv?_stream=on&_size=max&as_of__lte={AS_OF}&_sort=id"), args.repeat
        )
        plain, plain_mb = zip(
            *(
                peak_of([sys.executable, "-c", PLAIN_LOOP, str(db), str(out / "plain.csv"), AS_OF.isoformat()], env)
                for _ in range(args.repeat)
            ),
            strict=True,
        )
        rows.append(
            (
                "CSV export (ours: every table; peer and limit: the progress updates)",
                f"{Timing(list(ours))}, {max(ours_mb)} MB",
                f"{peer}, {datasette_peak(datasette.pid)} MB (server)",
                f"{Timing(list(plain))}, {max(plain_mb)} MB",
            )
        )

        everything = CommitmentFilter(as_of=AS_OF)
        limited = dataclasses.replace(everything, statuses=("limited",))
        listed = queries.commitments_table(engine, limited, limit=25)
        sql = compiled(queries.commitments_statement(limited, limit=25, offset=0))
        pages = [
            (
                "Commitments, status limited (first 25 of the list)",
                page_run("pages/commitments.py", status="Limited"),
                sql,
            ),
            ("Overview", page_run("pages/overview.py"), None),
            ("Changes log", page_run("pages/changes.py"), None),
            ("A commitment's own page", page_run("pages/commitment.py", commitment=str(listed["slug"].iloc[0])), None),
        ]
        for name, run, peer_sql in pages:
            run()  # imports and the engine, once: what a running server already has
            mine = timed(run, args.repeat)
            theirs = timed(lambda s=peer_sql: fetch(f"{base}?sql={quote(s)}"), args.repeat) if peer_sql else None
            ratio = f" = {mine.median / theirs.median:.1f}x" if theirs else ""
            rows.append((f"{name}, first run{ratio}", str(mine), str(theirs) if theirs else "", ""))
        # The read API, served by the same process as the pages, against Datasette's JSON of the same rows.
        api_port = free_port()
        api_server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "server.py", "--server.port", str(api_port)]
            + ["--server.headless", "true"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            api = f"http://127.0.0.1:{api_port}"
            wait_until_up(f"{api}/_stcore/health")
            listing = f"{api}/api/v1/commitments?status=limited&size=25&as_of={AS_OF}"
            fetch(listing)  # the engine opened once, as on a running server
            mine = timed(lambda: fetch(listing), args.repeat)
            theirs = timed(lambda: fetch(f"{base}.json?sql={quote(sql)}&_shape=objects"), args.repeat)
            rows.append(
                (
                    f"API: commitments, status limited, 25 as JSON = {mine.median / theirs.median:.1f}x",
                    str(mine),
                    f"{theirs} (JSON of the same SQL)",
                    "",
                )
            )
            mine = timed(lambda: fetch(f"{api}/api/v1/progress-updates.csv?as_of={AS_OF}"), args.repeat)
            rows.append(("API: CSV of every progress update, over HTTP", str(mine), "", "see the export row"))
            before = peak_memory_mb(api_server.pid)
            mine = timed(lambda: fetch(f"{api}/api/v1/commitments.csv?as_of={AS_OF}"), args.repeat)
            grown = peak_memory_mb(api_server.pid) - before
            rows.append(
                (
                    "API: CSV of every commitment (the pages' columns), over HTTP",
                    f"{mine}; the server's peak memory grew {grown:.0f} MB",
                    "",
                    "",
                )
            )
        finally:
            api_server.terminate()
            api_server.wait(timeout=20)

        status_sql = (
            "SELECT c.framework, coalesce((SELECT x.status FROM progress_update x WHERE x.commitment_slug = c.slug "
            "AND x.as_of <= ? AND NOT EXISTS (SELECT 1 FROM progress_update y WHERE y.corrects_id = x.id) "
            "ORDER BY x.as_of DESC, x.id DESC LIMIT 1), c.status) AS status, count(*) FROM commitment c GROUP BY 1, 2"
        )
        mine = timed(lambda: queries.status_by_framework(engine, everything), args.repeat)
        with sqlite3.connect(db) as connection:
            best = timed(lambda: connection.execute(status_sql, (AS_OF.isoformat(),)).fetchall(), args.repeat)
        rows.append(
            (
                f"status of every commitment as of a date = {mine.median / best.median:.1f}x",
                str(mine),
                "",
                f"{best} (hand-written SQL, sqlite3)",
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
                    [
                        sys.executable,
                        "-m",
                        "streamlit",
                        "run",
                        "server.py",
                        "--server.port",
                        str(port),
                        "--server.headless",
                        "true",
                    ],
                    f"http://127.0.0.1:{port}/_stcore/health",
                    f"http://127.0.0.1:{port}/commitments",
                    STREAMLIT_READY,
                )
            )
            port = free_port()
            theirs_first.append(
                first_page_after_start(
                    [sys.executable, "-m", "datasette", "serve", "--immutable", str(db), "--port", str(port)],
                    f"http://127.0.0.1:{port}/-/versions.json",
                    f"http://127.0.0.1:{port}/{db.stem}/commitment",
                    None,
                )
            )
        ratio = statistics.median(a / b for a, b in zip(ours_first, theirs_first, strict=True))
        rows.append(
            (
                f"first page in a browser after the server starts = {ratio:.1f}x",
                str(Timing(ours_first)),
                str(Timing(theirs_first)),
                "",
            )
        )

    widths = [max(len(r[i]) for r in [("task", "ours", "peer (Datasette)", "limit"), *rows]) for i in range(4)]
    for row in [("task", "ours", "peer (Datasette)", "limit"), *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
