"""The app server's connections send each message as soon as it is written (TCP_NODELAY, Nagle's algorithm off).

asyncio turns Nagle's algorithm off on the TCP connections it accepts only when the listening socket says it is
TCP, and Streamlit (1.67, on uvicorn) makes its listening socket as `socket.socket(AF_INET)`, which does not. On
such a connection a page run's first message leaves at once and the rest wait for the browser to acknowledge it,
which Linux delays 40 ms: 40 ms added to every page run and every click (a one-line page: 46 ms a run, against
4 ms with the option set).

Linux gives an accepted connection the TCP_NODELAY of the socket it was accepted on, so setting it on the
server's listening sockets once, when the app starts, covers every connection. They are found among the process's
open files (/proc/self/fd) with the socket module's public calls; where there is no /proc, nothing changes.
"""

import contextlib
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

FDS = Path("/proc/self/fd")


def listening_tcp_sockets() -> list[int]:
    """The file descriptors of this process's listening TCP sockets."""
    found = []
    for entry in FDS.iterdir() if FDS.is_dir() else ():
        try:
            descriptor = int(entry.name)
            sock = socket.socket(fileno=descriptor)
        except (ValueError, OSError):
            continue
        try:
            is_tcp = sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM
            if is_tcp and sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN):
                found.append(descriptor)
        except OSError:
            pass
        finally:
            sock.detach()  # the descriptor stays open: it is the server's
    return found


def nagle_off_on_listening_sockets() -> int:
    """Set TCP_NODELAY on every listening TCP socket of the process; how many there were."""
    descriptors = listening_tcp_sockets()
    for descriptor in descriptors:
        sock = socket.socket(fileno=descriptor)
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        finally:
            sock.detach()
    return len(descriptors)


@contextlib.asynccontextmanager
async def messages_sent_at_once(_app: Any) -> AsyncIterator[None]:
    """st.App's lifespan: when the server has bound its port, its connections are set to send at once."""
    nagle_off_on_listening_sockets()
    yield
