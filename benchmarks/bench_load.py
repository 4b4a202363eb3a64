"""Many sessions opening pages at once, as light websocket clients (not browsers: on a 2-core machine, browsers
would measure themselves). Prints figures; asserts nothing.

    python -m benchmarks.bench_load --db PATH [--sessions 50] [--pages 4] [--servers 1]

Starts `streamlit run server.py` on the SQLite file (--servers of them, each on its own port, as behind a proxy
with sticky sessions: README "More than one app server"), then opens --sessions websocket sessions together, dealt
to the servers in turn. Each asks for --pages pages in turn (Overview, Commitments filtered by status, Changes log,
Participation, ...) the way the browser does (a rerun request naming the page and its query), and times each page
from the request to Streamlit's "script finished" message. Prints the median and the 95th percentile a page, the
slowest, the failures, and each server's peak memory.
"""

import argparse
import asyncio
import contextlib
import os
import statistics
import time
from pathlib import Path

import websockets

from benchmarks.servers import app_server, open_page, peak_memory_mb, stream_url

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True, help="a SQLite file made by bench_peer or bench_queries")
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--pages", type=int, default=4, help="pages each session opens, one after another")
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--servers", type=int, default=1, help="app server processes, sessions dealt in turn")
    args = parser.parse_args()
    env = os.environ | {"DATABASE_URL": f"sqlite:///{args.db}", "STREAMLIT_LOGGER_LEVEL": "error"}
    with contextlib.ExitStack() as stack:
        started = [stack.enter_context(app_server(env)) for _ in range(args.servers)]
        urls = [stream_url(port) for port, _ in started]
        for url in urls:  # one session first on each: imports, engine, warm files
            asyncio.run(load([url], 1, len(PAGES), args.timeout))
        single = [t for t in asyncio.run(load(urls[:1], 1, args.pages, args.timeout)) if t is not None]
        began = time.perf_counter()
        times = asyncio.run(load(urls, args.sessions, args.pages, args.timeout))
        elapsed = time.perf_counter() - began
        peaks = [peak_memory_mb(server.pid) for _, server in started]
    done = sorted(t for t in times if t is not None)
    failures = len(times) - len(done)
    p95 = done[min(len(done) - 1, int(0.95 * len(done)))] if done else float("nan")
    print(
        f"{args.db}: {args.sessions} sessions at once, {args.pages} pages each ({len(times)} page runs), "
        f"{args.servers} app server(s)"
    )
    print(f"one session alone: {statistics.median(single):.2f} s a page (median)")
    print(
        f"all together: p50 {statistics.median(done):.2f} s, p95 {p95:.2f} s, slowest {done[-1]:.2f} s a page; "
        f"{failures} failed; {len(done) / elapsed:.1f} page runs a second over {elapsed:.0f} s"
    )
    print("peak memory of each server: " + ", ".join(f"{peak:.0f} MB" for peak in peaks))


if __name__ == "__main__":
    main()
