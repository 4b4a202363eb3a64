"""Starting servers and talking to them, shared by the benchmarks: ports, health polling, peak memory, whole
responses over HTTP, and a Streamlit page run over the websocket, as the browser asks for one."""

import asyncio
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from models.db import PROJECT_ROOT


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


def app_command(port: int) -> list[str]:
    """The app server as README's run command starts it (the project's .streamlit/config.toml applies)."""
    return [sys.executable, "-m", "streamlit", "run", "server.py", "--server.port", str(port)] + [
        "--server.headless",
        "true",
    ]


def datasette_command(db: Path, port: int, *more: str) -> list[str]:
    """Datasette serving the SQLite file `db` on `port` (not --immutable unless `more` says: the benchmarks write to
    the file under it), with no cap on a query's time (its 1-second default would cut some of the pages' SELECTs
    short) and up to 1,000 rows a page."""
    command = [sys.executable, "-m", "datasette", "serve", *more, str(db), "--port", str(port)]
    return command + ["--setting", "sql_time_limit_ms", "600000", "--setting", "max_returned_rows", "1000"]


@contextlib.contextmanager
def app_server(env: dict[str, str] | None = None) -> Iterator[tuple[int, subprocess.Popen]]:
    """An app server on a free port, up and answering, stopped afterwards: (port, process)."""
    port = free_port()
    server = subprocess.Popen(
        app_command(port),
        cwd=PROJECT_ROOT,
        env=env or os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/_stcore/health")
        yield port, server
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


# The floor of a page run here: a page of one line, served as the app is (its .streamlit/config.toml, and its
# connections' Nagle's algorithm off), so that a page's own cost can be told from Streamlit's.
FLOOR_SERVER = """
import streamlit as st

from tracker.web.tcp import messages_sent_at_once

app = st.App("page.py", lifespan=messages_sent_at_once)
"""


@contextlib.contextmanager
def floor_server() -> Iterator[int]:
    """A server of a one-line page (a title), up and answering, on a free port, stopped afterwards."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / ".streamlit").mkdir()
        shutil.copy(PROJECT_ROOT / ".streamlit" / "config.toml", root / ".streamlit" / "config.toml")
        (root / "page.py").write_text('import streamlit as st\n\nst.title("One line")\n', encoding="utf-8")
        (root / "server.py").write_text(FLOOR_SERVER, encoding="utf-8")
        port = free_port()
        server = subprocess.Popen(
            app_command(port),  # its own server.py
            cwd=root,
            env=os.environ | {"PYTHONPATH": str(PROJECT_ROOT)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_up(f"http://127.0.0.1:{port}/_stcore/health")
            yield port
        finally:
            server.terminate()
            server.wait(timeout=30)


async def open_page(socket_: websockets.ClientConnection, page: str, query: str, timeout: float) -> float:
    """Ask for a page run as the browser does (a rerun naming the page and its query) and return the seconds to
    Streamlit's "script finished" message: the page run and every element sent."""
    message = BackMsg()
    message.rerun_script.page_name = page
    message.rerun_script.query_string = query
    started = time.perf_counter()
    await socket_.send(message.SerializeToString())
    while True:
        reply = ForwardMsg()
        reply.ParseFromString(await asyncio.wait_for(socket_.recv(), timeout))
        if reply.WhichOneof("type") == "script_finished":
            return time.perf_counter() - started


def stream_url(port: int) -> str:
    return f"ws://127.0.0.1:{port}/_stcore/stream"


def page_in_new_session(port: int, page: str, query: str, timeout: float = 600) -> float:
    """One page run in a session of its own, as a reader opening a link: seconds to its last element."""

    async def run() -> float:
        async with websockets.connect(stream_url(port), subprotocols=["streamlit"], max_size=None) as socket_:
            return await open_page(socket_, page, query, timeout)

    return asyncio.run(run())
