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
    assert metrics["Commitments and priorities"] == "14"
    assert metrics["Events"] == "2"
    assert metrics["Parties named"] == "5"
