"""Many sessions opening pages at once, as light websocket clients (not browsers: on a 2-core machine, browsers
would measure themselves). Prints figures; asserts nothing.

    python -m benchmarks.bench_load (--db PATH | --url URL) [--sessions 50] [--pages 4] [--servers 1] [--peer]

Starts `streamlit run server.py` on the SQLite file (or the database at --url, PostgreSQL say), --servers of them,
each on its own port, as behind a proxy with sticky sessions (README "More than one app server"), then opens
--sessions websocket sessions together, dealt to the servers in turn. Each asks for --pages pages in turn
(Overview, Commitments filtered by status, Changes log, Participation, ...) the way the browser does (a rerun
request naming the page and its query), and times each page from the request to Streamlit's "script finished"
message. Prints the median and the 95th percentile a page, the slowest, the failures, and each server's peak
memory.

With --peer (SQLite only), Datasette on the same file then meets the same load: as many sessions at once, each
opening the same pages in turn, a page being Datasette's HTML pages of every SELECT our page runs (captured from a
run of it), asked one after another as a reader would open them. Its figures and its peak memory are printed
beside ours. Ours serve a page read before from their cache until the data changes, as they do for readers;
Datasette keeps no such cache.
"""

import argparse
import asyncio
import contextlib
import os
import statistics
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

import httpx
import websockets

from benchmarks.servers import (
    app_server,
    datasette_command,
    free_port,
    open_page,
    peak_memory_mb,
    stream_url,
    wait_until_up,
)

PAGES = [
    ("", ""),  # the default page (Overview) is at the app's root, as a browser asks for it
    ("commitments", "status=Limited"),
    ("changes", ""),
    ("participation", ""),
    ("stakeholders", ""),
    ("commitments", "page=2"),
]


async def session(url: str, pages: int, timeout: float) -> list[float | None]:
    times: list[float | None] = []
    try:
        async with websockets.connect(url, subprotocols=["streamlit"], max_size=None) as socket:
            for page, query in (PAGES * pages)[:pages]:
                try:
                    times.append(await open_page(socket, page, query, timeout))
                except (TimeoutError, websockets.ConnectionClosed):
                    times.append(None)
    except OSError:
        times.extend([None] * (pages - len(times)))
    return times


async def load(urls: list[str], sessions: int, pages: int, timeout: float) -> list[float | None]:
    results = await asyncio.gather(*(session(urls[n % len(urls)], pages, timeout) for n in range(sessions)))
    return [t for times in results for t in times]


async def peer_session(client: httpx.AsyncClient, pages: list[list[str]], timeout: float) -> list[float | None]:
    """One reader opening `pages` in turn at Datasette, each page its SELECTs' HTML pages asked one after another:
    the seconds each page took, None for one that failed."""
    times: list[float | None] = []
    for urls in pages:
        started = time.perf_counter()
        try:
            for url in urls:
                (await client.get(url, timeout=timeout)).raise_for_status()
            times.append(time.perf_counter() - started)
        except httpx.HTTPError:
            times.append(None)
    return times


async def peer_load(pages: list[list[str]], sessions: int, timeout: float) -> list[float | None]:
    limits = httpx.Limits(max_connections=sessions)
    async with httpx.AsyncClient(limits=limits) as client:
        results = await asyncio.gather(*(peer_session(client, pages, timeout) for _ in range(sessions)))
    return [t for times in results for t in times]


def report(label: str, single: list[float | None], times: list[float | None], elapsed: float) -> None:
    done = sorted(t for t in times if t is not None)
    alone = [t for t in single if t is not None]
    failures = len(times) - len(done)
    p95 = done[min(len(done) - 1, int(0.95 * len(done)))] if done else float("nan")
    print(f"{label}: one session alone {statistics.median(alone):.2f} s a page (median)")
    print(
        f"{label}: all together p50 {statistics.median(done):.2f} s, p95 {p95:.2f} s, slowest {done[-1]:.2f} s a "
        f"page; {failures} failed; {len(done) / elapsed:.1f} page runs a second over {elapsed:.0f} s"
    )


def datasette_under_load(db: Path, sessions: int, pages: int, timeout: float) -> None:
    """Datasette on `db` under the load ours met (see the module's description), with its peak memory."""
    from benchmarks.bench_peer import page_statements

    opened = (PAGES * pages)[:pages]
    statements = {(page, query): page_statements(db, page, query) for page, query in dict.fromkeys(opened)}
    port = free_port()
    peer = subprocess.Popen(datasette_command(db, port), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/-/versions.json")
        base = f"http://127.0.0.1:{port}/{db.stem}"
        urls = [[f"{base}?sql={quote(sql)}" for sql in statements[opened_page]] for opened_page in opened]
        asyncio.run(peer_load(urls, 1, timeout))  # one session first, as ours has
        single = asyncio.run(peer_load(urls, 1, timeout))
        began = time.perf_counter()
        times = asyncio.run(peer_load(urls, sessions, timeout))
        elapsed = time.perf_counter() - began
        report("Datasette", single, times, elapsed)
        counted = sum(len(page_urls) for page_urls in urls)
        print(f"Datasette: {counted} SELECTs a session; peak memory {peak_memory_mb(peer.pid):.0f} MB")
    finally:
        peer.terminate()
        peer.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--db", type=Path, help="a SQLite file made by bench_peer or bench_queries")
    where.add_argument("--url", help="a database URL (PostgreSQL, filled by bench_postgres, say)")
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--pages", type=int, default=4, help="pages each session opens, one after another")
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--servers", type=int, default=1, help="app server processes, sessions dealt in turn")
    parser.add_argument("--peer", action="store_true", help="then Datasette under the same load (SQLite only)")
    args = parser.parse_args()
    if args.peer and args.db is None:
        parser.error("--peer needs --db: Datasette serves SQLite files")
    url = args.url or f"sqlite:///{args.db}"
    env = os.environ | {"DATABASE_URL": url, "STREAMLIT_LOGGER_LEVEL": "error"}
    with contextlib.ExitStack() as stack:
        started = [stack.enter_context(app_server(env)) for _ in range(args.servers)]
        urls = [stream_url(port) for port, _ in started]
        for stream in urls:  # one session first on each: imports, engine, warm files
            asyncio.run(load([stream], 1, len(PAGES), args.timeout))
        single = [t for t in asyncio.run(load(urls[:1], 1, args.pages, args.timeout)) if t is not None]
        began = time.perf_counter()
        times = asyncio.run(load(urls, args.sessions, args.pages, args.timeout))
        elapsed = time.perf_counter() - began
        peaks = [peak_memory_mb(server.pid) for _, server in started]
    where = args.db or url.split("@")[-1]
    print(
        f"{where}: {args.sessions} sessions at once, {args.pages} pages each ({len(times)} page runs), "
        f"{args.servers} app server(s)"
    )
    report("ours", single, times, elapsed)
    print("ours: peak memory of each server: " + ", ".join(f"{peak:.0f} MB" for peak in peaks))
    if args.peer:
        datasette_under_load(args.db, args.sessions, args.pages, args.timeout)


if __name__ == "__main__":
    main()
