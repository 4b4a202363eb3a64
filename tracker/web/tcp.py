"""The app server's connections send each message as soon as it is written (TCP_NODELAY, Nagle's algorithm off).

asyncio turns Nagle's algorithm off on its TCP connections, but only on sockets whose protocol number says TCP, and
a connection accepted from a socket made as `socket.socket(AF_INET)` carries 0 there: Streamlit's listening socket
is made so (1.67, on uvicorn). On such a connection a page run's first message leaves at once and the rest wait
for the browser to acknowledge it, which Linux delays 40 ms: 40 ms added to every page run and every click (a
one-line page: 46 ms a run, against 4 ms with the option set)."""

import asyncio.base_events
import socket


def _set_nodelay(sock: socket.socket) -> None:
    # asyncio's own check, without the protocol number: what it sets the option on is a subset of this.
    if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def send_messages_at_once() -> None:
    """Every TCP connection asyncio makes or accepts in this process from now on, with Nagle's algorithm off."""
    asyncio.base_events._set_nodelay = _set_nodelay
