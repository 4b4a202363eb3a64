"""The Streamlit app, run in-process with AppTest against the test database."""

import pytest
from streamlit.testing.v1 import AppTest

from models.db import PROJECT_ROOT

APP = str(PROJECT_ROOT / "app.py")


@pytest.fixture
def app(db_url, monkeypatch) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", db_url)
    return AppTest.from_file(APP, default_timeout=30)


def test_first_start_migrates_and_seeds_an_empty_database(app):
    app.run()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert (metrics["Commitments"], metrics["Priorities"]) == ("9", "3")
    assert metrics["Events"] == "2"
    assert metrics["Parties named"] == "5"


def test_the_app_server_accepts_connections_with_nagle_s_algorithm_off(monkeypatch):
    """Every connection to Streamlit's listening socket (made as Streamlit makes it) sends each message at once:
    with Nagle's algorithm on, a page run's messages after the first waited 40 ms for the browser's acknowledgement."""
    import asyncio
    import asyncio.base_events
    import socket

    from streamlit.web.server.starlette.starlette_server import _bind_socket

    from tracker.web import tcp

    monkeypatch.setattr(asyncio.base_events, "_set_nodelay", asyncio.base_events._set_nodelay)  # undone after

    async def accepted_nodelay() -> int:
        listening = _bind_socket("127.0.0.1", 0, 8)
        accepted: asyncio.Future = asyncio.get_running_loop().create_future()

        class Accept(asyncio.Protocol):
            def connection_made(self, transport) -> None:
                connection = transport.get_extra_info("socket")
                accepted.set_result(connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))

        server = await asyncio.get_running_loop().create_server(Accept, sock=listening)
        async with server:
            _, writer = await asyncio.open_connection(*listening.getsockname()[:2])
            value = await asyncio.wait_for(accepted, 10)
            writer.close()
        return value

    tcp.send_messages_at_once()
    assert asyncio.run(accepted_nodelay()) == 1
