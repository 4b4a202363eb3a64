"""Each kind of fact is declared once (models/tables.py, read through models/facts.py): the registries, input
models, public answers, files, schemas and forms are made from the declarations. A field added to a fact is its
declaration and its migration; `due_date_as_stated`, added that way, is the proof."""

import json
import subprocess

import pytest
import streamlit
from streamlit.testing.v1 import AppTest

from models import facts, inputs
from models.db import PROJECT_ROOT
from tests.conftest import run_cli
from tracker.present.exports import COMMITMENTS_FILE, TABLES
from tracker.present.package import table_schema
from tracker.write import auth

ADDED = "due_date_as_stated"
PLAN = "samr-50-more-ai-standards"


def test_the_registries_are_made_from_the_declarations():
    assert set(facts.RETRACTABLE) == {kind.name for kind in facts.KINDS if hasattr(kind.model, "retracted_at")}
    assert facts.CORRECTABLE_FIELDS["organization"] == ("name", "acronym", "kind", "country", "note")
    assert facts.INFERABLE_FIELDS["statement"] == ("person", "event")  # named as in files
    assert {kind.name for kind, _ in facts.resting_on("organization")} == {"person", "event_role", "commitment"}
    assert [table.file for table in TABLES] == [f"{kind.section}.csv" for kind in facts.KINDS if kind.section in {
        table.name for table in TABLES}]  # fmt: skip


def test_every_declared_field_has_a_label_and_a_description():
    for kind in facts.KINDS:
        for name, meta in kind.fields.items():
            if name in facts.BOOKKEEPING:
                continue
            assert meta.label and meta.description, f"{kind.name}.{name}"


def test_a_field_added_to_a_fact_reaches_every_place_made_from_the_declaration(seeded, db_url, tmp_path, monkeypatch):
    assert ADDED in inputs.CommitmentCreate.model_fields and ADDED in inputs.CommitmentUpdate.model_fields
    assert ADDED in facts.CORRECTABLE_FIELDS["commitment"]
    assert ADDED in COMMITMENTS_FILE.columns
    described = {field["name"]: field["description"] for field in table_schema(COMMITMENTS_FILE)["fields"]}
    assert "in the text's own words" not in described[ADDED] and "as the text words it" in described[ADDED]

    run_cli("export", "--out", str(tmp_path / "out"), db_url=db_url, check=True)
    header = (tmp_path / "out" / "commitments.csv").read_text(encoding="utf-8").splitlines()[0]
    assert f'"{ADDED}"' in header
    package = json.loads((tmp_path / "out" / "datapackage.json").read_text(encoding="utf-8"))
    schema = next(r["schema"] for r in package["resources"] if r["name"] == "commitments")
    assert ADDED in [field["name"] for field in schema["fields"]]

    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from tracker.web import openapi_document, routes

    monkeypatch.setenv("DATABASE_URL", db_url)
    client = TestClient(Starlette(routes=routes()))
    listed = client.get("/api/v1/commitments?due=has_deadline").json()["commitments"]
    assert listed[0][ADDED] == "by the end of next year"
    assert client.get(f"/api/v1/commitments/{PLAN}").json()[ADDED] == "by the end of next year"
    assert ADDED in openapi_document()["components"]["schemas"]["CommitmentDetail"]["properties"]

    # The page shows it with its label, and the editors' form asks for it (the form lists the correctable fields).
    auth.add_user(seeded, username="ed", role="editor", password="a long enough password")
    streamlit.cache_data.clear()  # on PostgreSQL every test's database has the same URL
    app = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=30)
    app.query_params["commitment"] = PLAN
    app.session_state["actor"] = auth.sign_in(seeded, "ed", "a long enough password")
    app.switch_page("app_pages/commitment.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    shown = next(frame.value for frame in app.dataframe if "field" in frame.value.columns)
    row = shown[shown["field"] == "The deadline in the text's own words"]
    assert list(row["value"]) == ["by the end of next year"]
    asked = app.text_input(key=f"edit_{ADDED}")
    assert (asked.label, asked.value) == ("The deadline in the text's own words", "by the end of next year")
    # The text's own words, or nothing: a paraphrase is refused, and the stored words stay.
    asked.input("within about a year")
    app.text_input(key="edit_reason").input("a paraphrase")
    app.button(key="edit_submit").click().run()
    assert any("must be a part of its evidence quote" in e.value for e in app.error)


def test_the_added_field_is_written_only_where_it_is_declared():
    """`git grep` finds the added field in its declaration, its migration, the seed's facts and the tests: nothing
    else had to name it."""
    found = subprocess.run(
        ["git", "grep", "-l", ADDED, "--", ":!tests/"], cwd=PROJECT_ROOT, capture_output=True, text=True
    ).stdout.split()
    # (and the README, which gives it as the example of a field added this way)
    assert sorted(found) == [
        "README.md",
        "models/migrations/versions/0009_deadline_as_stated.py",
        "models/tables.py",
        "seed/facts.yaml",
    ]


@pytest.mark.parametrize("kind", [kind.name for kind in facts.KINDS if kind.correctable])
def test_every_correctable_field_has_a_form_field_of_its_kind(kind):
    from app_pages.ui import fields

    model = facts.BY_NAME[kind].model
    for name in facts.CORRECTABLE_FIELDS[kind]:
        assert fields.FieldMeta.of(name, model.model_fields[name]).label
