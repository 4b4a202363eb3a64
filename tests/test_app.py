"""The Streamlit app, run in-process with AppTest against the test database."""

import sqlite3

import pytest
import streamlit
from streamlit.testing.v1 import AppTest

from models.db import PROJECT_ROOT
from tracker.store import close_shared_engines

APP = str(PROJECT_ROOT / "app.py")


@pytest.fixture
def app(db_url, monkeypatch) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", db_url)
    # Query results are cached by URL, arguments and data revision; on PostgreSQL every test's database has the same
    # URL (and a fresh one starts at the same revision), so each test starts with empty caches.
    streamlit.cache_data.clear()
    streamlit.cache_resource.clear()  # a first start: the app opens (and seeds) the database itself
    close_shared_engines()
    return AppTest.from_file(APP, default_timeout=30)


def test_first_start_migrates_and_seeds_an_empty_database(app):
    app.run()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert (metrics["Commitments"], metrics["Priorities"]) == ("9", "3")
    assert metrics["Events"] == "2"
    assert metrics["Parties named"] == "5"


def test_the_app_server_accepts_connections_with_nagle_s_algorithm_off():
    """Every connection to a listening socket made as Streamlit makes it (`socket.socket(AF_INET)`, which asyncio
    does not take for TCP) sends each message at once once the app has started: with Nagle's algorithm on, a page
    run's messages after the first waited 40 ms for the browser's acknowledgement."""
    import socket

    from tracker.web import tcp

    def accepted_nodelay(listening: socket.socket) -> int:
        client = socket.create_connection(listening.getsockname()[:2])
        accepted, _ = listening.accept()
        with client, accepted:
            return accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)

    with socket.socket(socket.AF_INET) as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen(8)
        assert accepted_nodelay(listening) == 0  # as Streamlit's server would accept it
        assert tcp.nagle_off_on_listening_sockets() >= 1
        assert accepted_nodelay(listening) == 1


def test_a_server_starts_without_the_routes_modules_and_builds_them_on_their_first_request(tmp_path):
    """`import server` (what `streamlit run server.py` runs first) leaves the API's, the tables', the deck's and the
    brief's modules for later, and the pages' too (pandas and SQLAlchemy among them: the preload imports them once
    the server answers); the first request under /api/v1 builds the API and answers it."""
    import subprocess
    import sys

    probe = """
import sys
import server
later = ("tracker.web.api", "tracker.web.tables", "tracker.web.feeds", "tracker.present.deck", "tracker.present.brief",
         "app_pages.common", "pandas", "sqlalchemy", "fastapi")
print(sorted(name for name in later if name in sys.modules))
from starlette.applications import Starlette
from starlette.testclient import TestClient
from tracker.web import routes
answer = TestClient(Starlette(routes=routes())).get("/api/v1/commitments?size=1")
print(answer.status_code, "tracker.web.api" in sys.modules, "tracker.present.deck" in sys.modules)
"""
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'probe.db'}", "PATH": "/usr/bin:/bin"}
    run = subprocess.run(
        [sys.executable, "-c", probe], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert run.stdout.splitlines() == ["[]", "200 True False"], run.stderr


@pytest.mark.parametrize("reachable", [True, False], ids=["database", "no-database"])
def test_a_servers_preload_opens_the_database_and_loads_the_pages_modules(tmp_path, reachable):
    """What a server does in the background once it answers (server.preload): the database opened, migrated and
    seeded, as the first page would find it, and the pages' modules loaded. A database it cannot open is left for
    the first page to explain: the preload says so in the server's log and does not fail."""
    import subprocess
    import sys

    probe = """
import sys
import server
server.preload()
print("app_pages.common" in sys.modules)
"""
    path = tmp_path / "preloaded.db"
    url = f"sqlite:///{path}" if reachable else "postgresql+psycopg://nobody@127.0.0.1:1/none"  # a closed port
    env = {"DATABASE_URL": url, "PATH": "/usr/bin:/bin"}
    run = subprocess.run(
        [sys.executable, "-c", probe], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert run.stdout.splitlines() == ["True"], run.stderr
    if reachable:
        with sqlite3.connect(path) as connection:
            assert connection.execute("SELECT count(*) FROM commitment").fetchone()[0] > 0
    else:
        assert "the database was not opened ahead of the first page" in run.stderr


def test_the_pages_and_the_http_routes_of_a_server_share_one_engine_and_its_pool_of_connections(app, db_url):
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from app_pages.ui import data
    from tracker.web import routes
    from tracker.web.engine import live_engine

    app.run()
    assert not app.exception
    assert TestClient(Starlette(routes=routes())).get("/api/v1/commitments?size=1").status_code == 200
    assert data._engine_for(db_url) is live_engine()
