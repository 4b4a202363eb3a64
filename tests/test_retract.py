"""Retracting any fact: hidden from every read and file from the retraction on, shown as it stood before, never
deleted, refused while other standing facts rest on it, and logged with who and why."""

import csv
import datetime as dt
from pathlib import Path

import pytest
import streamlit
from sqlmodel import Session
from starlette.applications import Starlette
from starlette.testclient import TestClient
from streamlit.testing.v1 import AppTest

from models.db import PROJECT_ROOT
from models.inputs import OrganizationCreate
from models.tables import Event, Initiative, Organization
from tracker.present import exports
from tracker.read import history, provenance, queries
from tracker.read.filters import CommitmentFilter
from tracker.web import routes
from tracker.write import auth, writes

INITIATIVE = "ai-technology-ethics-and-assessment"
WAIC = "waic-2025-forum-report"
TODAY = dt.date.today()
YESTERDAY = TODAY - dt.timedelta(days=1)


@pytest.fixture
def editor(seeded) -> auth.Actor:
    auth.add_user(seeded, username="alice", role="editor", password="a long enough password")
    return auth.sign_in(seeded, "alice", "a long enough password")


def csv_rows(engine, file: str, as_of: dt.date, folder: Path) -> list[dict[str, str]]:
    exports.export_tables(engine, folder / str(as_of), CommitmentFilter(as_of=as_of))
    with (folder / str(as_of) / file).open(encoding="utf-8", newline="") as written:
        return list(csv.DictReader(written))


def test_a_retracted_initiative_is_hidden_everywhere_from_then_on_and_shown_as_it_stood_before(
    seeded, editor, tmp_path
):
    assert INITIATIVE in set(queries.initiatives(seeded, CommitmentFilter(as_of=TODAY))["slug"])
    with pytest.raises(writes.WriteError, match="say why"):
        writes.retract_fact(seeded, kind="initiative", key=INITIATIVE, reason=" ", actor=editor)
    writes.retract_fact(seeded, kind="initiative", key=INITIATIVE, reason="Not launched there after all", actor=editor)

    assert INITIATIVE not in set(queries.initiatives(seeded, CommitmentFilter(as_of=TODAY))["slug"])
    assert INITIATIVE not in set(
        queries.initiatives(seeded, CommitmentFilter())["slug"]
    )  # today, when no date is given
    assert INITIATIVE in set(queries.initiatives(seeded, CommitmentFilter(as_of=YESTERDAY))["slug"])  # as it stood
    assert f"initiative:{INITIATIVE}" not in set(provenance.source_facts(seeded, WAIC, TODAY)["fact"])
    assert f"initiative:{INITIATIVE}" in set(provenance.source_facts(seeded, WAIC, YESTERDAY)["fact"])
    assert INITIATIVE not in {row["slug"] for row in csv_rows(seeded, "initiatives.csv", TODAY, tmp_path)}
    assert INITIATIVE in {row["slug"] for row in csv_rows(seeded, "initiatives.csv", YESTERDAY, tmp_path)}
    with Session(seeded) as session:
        assert session.get(Initiative, INITIATIVE).retracted_at is not None  # hidden, never deleted
    with pytest.raises(writes.WriteError, match="already retracted"):
        writes.retract_fact(seeded, kind="initiative", key=INITIATIVE, reason="again", actor=editor)
    log = history.fact_changes(seeded, f"initiative:{INITIATIVE}")
    assert list(zip(log["action"], log["changed_by"], log["reason"], strict=True)) == [
        ("retracted", "alice", "Not launched there after all")
    ]


def test_the_api_leaves_a_retracted_fact_out_from_its_retraction_on(seeded, editor, db_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", db_url)
    client = TestClient(Starlette(routes=routes()))
    writes.retract_fact(seeded, kind="initiative", key=INITIATIVE, reason="Not launched there", actor=editor)
    now = client.get(f"/api/v1/initiatives?as_of={TODAY}").json()
    before = client.get(f"/api/v1/initiatives?as_of={YESTERDAY}").json()
    assert INITIATIVE not in {row["slug"] for row in now["rows"]}
    assert INITIATIVE in {row["slug"] for row in before["rows"]}
    assert now["total"] == before["total"] - 1
    as_csv = client.get(f"/api/v1/initiatives.csv?as_of={TODAY}").text
    assert INITIATIVE not in as_csv


def test_a_retracted_commitments_address_says_when_by_whom_and_why_and_shows_it_as_it_stood(
    seeded, editor, db_url, monkeypatch
):
    monkeypatch.setenv("DATABASE_URL", db_url)
    client = TestClient(Starlette(routes=routes()))
    plan = "samr-50-more-ai-standards"
    writes.retract_fact(seeded, kind="commitment", key=plan, reason="entered twice", actor=editor)
    gone = client.get(f"/api/v1/commitments/{plan}?as_of={TODAY}")
    assert gone.status_code == 410
    assert "was retracted on" in gone.json()["error"] and "by alice: entered twice" in gone.json()["error"]
    assert client.get(f"/api/v1/commitments/{plan}?as_of={YESTERDAY}").status_code == 200
    assert plan not in {c["slug"] for c in client.get(f"/api/v1/commitments?as_of={TODAY}").json()["commitments"]}
    streamlit.cache_data.clear()
    page = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=30)
    page.query_params["commitment"] = plan
    page.switch_page("app_pages/commitment.py")
    page.run()
    assert any("by alice: entered twice" in e.value.replace("\\", "") for e in page.error), [
        e.value for e in page.error
    ]


def test_a_fact_others_rest_on_is_refused_with_the_list_and_nothing_changes(seeded, editor):
    with pytest.raises(writes.WriteError) as refused:
        writes.retract_fact(seeded, kind="organization", key="iso", reason="wrong", actor=editor)
    assert "standing facts rest on 'iso'" in str(refused.value)
    assert "commitment:seoul-ai-capacity-building" in str(refused.value)
    assert "event_role:seoul-ai-standards-summit-2025/iso/" in str(refused.value)
    with pytest.raises(
        writes.WriteError, match="31 standing facts rest on 'waic-2025-ai-standardization-forum'.*event_role:"
    ):
        writes.retract_fact(
            seeded, kind="event", key="waic-2025-ai-standardization-forum", reason="wrong", actor=editor
        )
    with pytest.raises(writes.WriteError, match=r"rest on 'seoul-statement-announcement'.*and \d+ more"):
        writes.retract_fact(seeded, kind="source", key="seoul-statement-announcement", reason="wrong", actor=editor)
    with Session(seeded) as session:
        assert session.get(Organization, "iso").retracted_at is None
        assert session.get(Event, "waic-2025-ai-standardization-forum").retracted_at is None
    assert history.fact_changes(seeded, "organization:iso").empty


def test_once_nothing_rests_on_it_an_organization_goes_from_every_list(seeded, editor, tmp_path):
    added = OrganizationCreate(
        slug="tsb", name="Telecommunication Standardization Bureau", kind="standards_body",
        source_slug="seoul-statement-announcement", source_quote="Telecommunication Standardization Bureau",
    )  # fmt: skip
    writes.add_organization(seeded, data=added, actor=editor, not_a_near_match=True)
    assert "tsb" in dict(queries.organization_choices(seeded))
    writes.retract_fact(seeded, kind="organization", key="tsb", reason="Added by mistake", actor=editor)
    assert "tsb" not in dict(queries.organization_choices(seeded))
    assert "tsb" not in dict(provenance.standing_facts(seeded, "organization"))
    assert "tsb" not in dict(queries.correctable_facts(seeded, "organization"))
    assert "tsb" not in {row["slug"] for row in csv_rows(seeded, "organizations.csv", TODAY, tmp_path)}
    assert "tsb" in {row["slug"] for row in csv_rows(seeded, "organizations.csv", YESTERDAY, tmp_path)}


def test_a_reader_or_a_signed_out_visitor_cannot_retract_and_a_wrong_kind_or_key_says_so(seeded, editor):
    with pytest.raises(auth.PermissionDenied):
        writes.retract_fact(seeded, kind="initiative", key=INITIATIVE, reason="no", actor=None)
    with pytest.raises(writes.WriteError, match="a theme cannot be retracted; these can: source, organization, person"):
        writes.retract_fact(seeded, kind="theme", key="x", reason="no", actor=editor)
    with pytest.raises(writes.WriteError, match="there is no initiative 'nothing'"):
        writes.retract_fact(seeded, kind="initiative", key="nothing", reason="no", actor=editor)
    with Session(seeded) as session:
        assert session.get(Initiative, INITIATIVE).retracted_at is None


def test_an_event_role_and_a_figure_are_addressed_as_the_sources_page_lists_them(seeded, editor):
    roles = dict(provenance.standing_facts(seeded, "event_role"))
    role = next(key for key in roles if key.startswith("seoul-ai-standards-summit-2025/iso/"))
    writes.retract_fact(seeded, kind="event_role", key=role, reason="Not a host", actor=editor)
    assert role not in dict(provenance.standing_facts(seeded, "event_role"))
    stood = queries.event_roles(seeded, CommitmentFilter(events=("seoul-ai-standards-summit-2025",), as_of=YESTERDAY))
    stands = queries.event_roles(seeded, CommitmentFilter(events=("seoul-ai-standards-summit-2025",), as_of=TODAY))
    assert len(stands) == len(stood) - 1
    writes.retract_fact(seeded, kind="participation_figure", key="seoul-summit-countries", reason="x", actor=editor)
    figures = queries.participation(seeded, CommitmentFilter(events=("seoul-ai-standards-summit-2025",), as_of=TODAY))
    assert "seoul-summit-countries" not in set(figures["slug"])


def test_a_retracted_facts_inferred_values_leave_the_methodology_list_and_inferences_csv(seeded, editor, tmp_path):
    role = "waic-2025-ai-standardization-forum/miit/participant"
    assert f"event_role:{role}" in set(provenance.inferences_table(seeded)["fact"])
    writes.retract_fact(seeded, kind="event_role", key=role, reason="Spoke, did not take part as a body", actor=editor)
    assert f"event_role:{role}" not in set(provenance.inferences_table(seeded)["fact"])
    assert f"event_role:{role}" not in {row["fact"] for row in csv_rows(seeded, "inferences.csv", TODAY, tmp_path)}
    stood = {row["fact"] for row in csv_rows(seeded, "inferences.csv", YESTERDAY, tmp_path)}
    assert f"event_role:{role}" in stood
    people = queries.people(seeded, CommitmentFilter(as_of=TODAY))
    assert "cho-sung-hwan" in set(people["slug"])  # a retracted role hides no one else


def test_the_changes_log_names_each_fact_by_its_kind_and_label_retracted_ones_too(seeded, editor):
    writes.retract_fact(seeded, kind="initiative", key=INITIATIVE, reason="Not launched there", actor=editor)
    writes.retract_fact(seeded, kind="participation_figure", key="seoul-summit-countries", reason="x", actor=editor)
    log = history.fact_changes(seeded).set_index("fact")
    assert log.loc["participation_figure:seoul-summit-countries", "fact_name"] == "Participation figure: countries"
    assert log.loc[f"initiative:{INITIATIVE}", "fact_name"].startswith("Initiative: ")
    assert provenance.fact_names(seeded, ["source:seoul-statement-announcement", "initiative:nothing"]) == {
        "source:seoul-statement-announcement": "Document: Seoul Statement announcement"
    }


def test_a_figure_and_an_initiative_a_document_states_itself_count_from_the_document_in_every_output(
    seeded, editor, db_url, monkeypatch, tmp_path
):
    from models.inputs import InitiativeCreate, ParticipationFigureCreate

    monkeypatch.setenv("DATABASE_URL", db_url)
    waic = "waic-2025-forum-report"
    quote = "69 Chinese organizations currently contribute to ITU's standardization activities"
    figure = ParticipationFigureCreate(
        slug="chinese-organizations-at-itu", event_slug=None, kind="context", metric="Chinese organizations",
        value=69, qualifier="exact", counts_what="Chinese organizations contributing to ITU", source_slug=waic,
        source_quote=quote,
    )  # fmt: skip
    initiative = InitiativeCreate(
        slug="itu-contributions", event_slug=None, name="ITU contributions", kind="initiative", source_slug=waic,
        source_quote=quote,
    )  # fmt: skip
    writes.add_figure(seeded, data=figure, actor=editor)
    writes.add_initiative(seeded, data=initiative, actor=editor)
    client = TestClient(Starlette(routes=routes()))
    for as_of, expected in ((TODAY, True), (dt.date(2025, 7, 1), False)):  # before the report came out: not yet
        view = CommitmentFilter(as_of=as_of)
        shown = queries.participation(seeded, view, kinds=("context",))
        assert ("chinese-organizations-at-itu" in set(shown["slug"])) == expected
        listed = client.get(f"/api/v1/participation-figures?as_of={as_of}").json()["rows"]
        assert ("chinese-organizations-at-itu" in {row["slug"] for row in listed}) == expected
        launched = queries.initiatives(seeded, view)
        assert ("itu-contributions" in set(launched["slug"])) == expected
        rows = csv_rows(seeded, "participation_figures.csv", as_of, tmp_path)
        assert ("chinese-organizations-at-itu" in {row["slug"] for row in rows}) == expected
    shown = queries.participation(seeded, CommitmentFilter(as_of=TODAY), kinds=("context",)).set_index("slug")
    assert shown.loc["chinese-organizations-at-itu", "event"] == "In WAIC 2025 forum report"
    # A view narrowed to the other framework leaves it out with the report's other facts.
    seoul = CommitmentFilter(as_of=TODAY, frameworks=("Seoul Statement",))
    assert "chinese-organizations-at-itu" not in set(queries.participation(seeded, seoul, kinds=("context",))["slug"])
