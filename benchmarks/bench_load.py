"""Many sessions opening pages at once, as light websocket clients (not browsers: on a 2-core machine, browsers
would measure themselves). Prints figures; asserts nothing.

    python -m benchmarks.bench_load --db PATH [--sessions 50] [--pages 4]

Starts `streamlit run server.py` on the SQLite file, then opens --sessions websocket sessions together. Each asks
for --pages pages in turn (Overview, Commitments filtered by status, Changes log, Participation, ...) the way the
browser does (a rerun request naming the page and its query), and times each page from the request to Streamlit's
"script finished" message. Prints the median and the 95th percentile a page, the slowest, and the failures.
"""

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.bench_peer import free_port, wait_until_up
from models.db import PROJECT_ROOT

PAGES = [
    ("overview", ""),
    ("commitments", "status=Limited"),
    ("changes", ""),
    ("participation", ""),
    ("stakeholders", ""),
    ("commitments", "page=2"),
]


async def open_page(socket, page: str, query: str, timeout: float) -> float:
    message = BackMsg()
    message.rerun_script.page_name = page
    message.rerun_script.query_string = query
    started = time.perf_counter()
    await socket.send(message.SerializeToString())
    while True:
        reply = ForwardMsg()
        reply.ParseFromString(await asyncio.wait_for(socket.recv(), timeout))
        if reply.WhichOneof("type") == "script_finished":
            return time.perf_counter() - started


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


async def load(url: str, sessions: int, pages: int, timeout: float) -> list[float | None]:
    results = await asyncio.gather(*(session(url, pages, timeout) for _ in range(sessions)))
    return [t for times in results for t in times]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True, help="a SQLite file made by bench_peer or bench_queries")
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--pages", type=int, default=4, help="pages each session opens, one after another")
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    port = free_port()
    env = os.environ | {"DATABASE_URL": f"sqlite:///{args.db}", "STREAMLIT_LOGGER_LEVEL": "error"}
    command = [sys.executable, "-m", "streamlit", "run", "server.py", "--server.port", str(port)]
    server = subprocess.Popen(
        [*command, "--server.headless", "true"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/_stcore/health")
        url = f"ws://127.0.0.1:{port}/_stcore/stream"
        asyncio.run(load(url, 1, len(PAGES), args.timeout))  # one session first: imports, engine, warm files
        single = [t for t in asyncio.run(load(url, 1, args.pages, args.timeout)) if t is not None]
        started = time.perf_counter()
        times = asyncio.run(load(url, args.sessions, args.pages, args.timeout))
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    done = sorted(t for t in times if t is not None)
    failures = len(times) - len(done)
    p95 = done[min(len(done) - 1, int(0.95 * len(done)))] if done else float("nan")
    print(f"{args.db}: {args.sessions} sessions at once, {args.pages} pages each ({len(times)} page runs)")
    print(f"one session alone: {statistics.median(single):.2f} s a page (median)")
    print(
        f"all together: p50 {statistics.median(done):.2f} s, p95 {p95:.2f} s, slowest {done[-1]:.2f} s a page; "
        f"{failures} failed; {len(done) / elapsed:.1f} page runs a second over {elapsed:.0f} s"
    )


if __name__ == "__main__":
    main()
