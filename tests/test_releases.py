"""Citable releases: publish a release, correct a fact, publish another; the first release's answers, files, deck,
brief, embeds and citation stay the same byte for byte, on SQLite and PostgreSQL and on a second app server (a
fresh copy of the release, made by another process from the stored package); the second release's changes list
exactly the correction; a release is refused in words when it cannot be, and the database keeps it immutable."""

import csv
import datetime as dt
import io
import json
import zipfile

import pytest
import sqlalchemy as sa
from starlette.applications import Starlette
from starlette.testclient import TestClient

from models.inputs import ProgressUpdateCreate
from models.tables import DataRelease, Organization
from tests.conftest import run_cli
from tracker.present import releases
from tracker.present.package import PACKAGE_FILE, data_hash
from tracker.web import downloads, routes
from tracker.write import auth, review, writes
from tracker.write.auth import PermissionDenied

PLAN = "samr-50-more-ai-standards"
# The real day: a release holds what stands today, and the record of a correction made now stands from now.
TODAY = dt.datetime.now(dt.UTC).date()
PASSWORD = "a long enough password"
NEW_NAME = "International Telecommunication Union (ITU), a UN agency"

# Every kind of output, at the release: JSON, CSV, feeds, a chart's numbers and images, the deck and the brief, the
# embeds, the package and the citations.
AT_RELEASE = [
    f"/api/v1/commitments/{PLAN}",
    "/api/v1/commitments?size=5",
    "/api/v1/commitments.csv",
    "/api/v1/summary?framework=WAIC+2025+forum",
    "/api/v1/organizations?party=itu",
    "/api/v1/organizations.csv",
    "/api/v1/progress-updates.csv",
    "/api/v1/changes-log",
    "/feeds/changes.atom",
    "/feeds/deadlines.ics",
    f"/export/charts/timeline.csv?commitment={PLAN}",
    "/export/charts/status-by-framework.svg",
    "/export/deck.pptx",
    "/export/brief.pdf",
    f"/export/embed/commitment/{PLAN}",
    f"/export/embed/commitment/{PLAN}.svg",
]
OF_RELEASE = ["", "/package.zip", "/citation.txt", "/citation.bib", "/citation.cff", "/dataset.jsonld"]


@pytest.fixture(autouse=True)
def settings_for_releases(monkeypatch, db_url, tmp_path):
    monkeypatch.setenv("TRACKER_TODAY", TODAY.isoformat())
    monkeypatch.setenv("TRACKER_REVIEW", "single")
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("TRACKER_RELEASE_CACHE", str(tmp_path / "releases"))


def admin(engine, name: str = "ada", role: str = "admin") -> auth.Actor:
    auth.add_user(engine, username=name, role=role, password=PASSWORD)
    return auth.sign_in(engine, name, PASSWORD)


def another_server(tmp_path, monkeypatch, name: str) -> TestClient:
    """A client of a fresh app server: no release loaded yet, a cache folder of its own, no files kept."""
    releases._materialized.clear()
    downloads._kept.clear()
    monkeypatch.setenv("TRACKER_RELEASE_CACHE", str(tmp_path / name))
    return TestClient(Starlette(routes=routes()))


def correct_itu_and_rate_the_plan(engine, actor: auth.Actor) -> None:
    with engine.connect() as connection:
        version = connection.execute(sa.select(Organization.version).where(Organization.slug == "itu")).scalar_one()
    writes.correct_fact(
        engine,
        kind="organization",
        key="itu",
        values={"name": NEW_NAME},
        reason="The announcement's own name for it",
        expected_version=version,
        actor=actor,
    )
    rating = ProgressUpdateCreate(
        commitment_slug=PLAN,
        as_of="2026-11-20",
        status="limited",
        progress_value=12,
        rationale="Twelve standards published.",
        evidence_url="https://example.org/twelve",
    )
    review.submit_progress(engine, data=rating, actor=actor)


def fetched(client: TestClient, version: str) -> dict[str, bytes]:
    answers = {}
    for address in AT_RELEASE:
        joined = f"{address}{'&' if '?' in address else '?'}release={version}"
        answer = client.get(joined)
        assert answer.status_code == 200, (joined, answer.text[:300])
        assert answer.headers["X-Tracker-Release"] == version
        answers[joined] = answer.content
    for tail in OF_RELEASE:
        address = f"/api/v1/releases/{version}{tail}"
        answer = client.get(address)
        assert answer.status_code == 200, (address, answer.text[:300])
        answers[address] = answer.content
    return answers


def test_a_release_stays_the_same_byte_for_byte_after_a_correction_and_a_new_release(seeded, tmp_path, monkeypatch):
    ada = admin(seeded)
    first = releases.publish(seeded, note="Before any rating", actor=ada)
    assert first.version == f"{TODAY:%Y.%m}" and first.previous is None and first.content_hash.startswith("sha256:")
    client = another_server(tmp_path, monkeypatch, "server-one")
    before = fetched(client, first.version)
    embed = before[f"/export/embed/commitment/{PLAN}?release={first.version}"].decode()
    assert "Status: Not assessed" in embed and "Deadline: 31 December 2026 (inferred)" in embed

    correct_itu_and_rate_the_plan(seeded, ada)
    second = releases.publish(seeded, note="First rating of the plan; ITU's name", actor=ada)
    assert (second.version, second.previous) == (f"{TODAY:%Y.%m}.1", first.version)

    # The first release answers as before, on this server and on another that loads it afresh.
    assert fetched(client, first.version) == before
    assert fetched(another_server(tmp_path, monkeypatch, "server-two"), first.version) == before

    # The live data and the second release hold the correction; the frozen embed does not.
    live = client.get(f"/export/embed/commitment/{PLAN}").text
    assert "Status: Limited" in live and "Live data, unreleased changes included" in live
    assert "Status: Limited" in client.get(f"/export/embed/commitment/{PLAN}?release={second.version}").text
    assert "Status: Not assessed" in client.get(f"/export/embed/commitment/{PLAN}?release={first.version}").text
    assert NEW_NAME not in client.get(f"/api/v1/organizations.csv?release={first.version}").text
    assert NEW_NAME in client.get(f"/api/v1/organizations.csv?release={second.version}").text

    # The changes list exactly the correction: ITU's name, the Changes log's record of it, and the rating.
    changes = list(csv.DictReader(io.StringIO(client.get(f"/api/v1/releases/{second.version}/changes.csv").text)))
    assert [(c["file"], c["key"], c["change"], c["column"]) for c in changes] == [
        ("organizations.csv", "itu", "corrected", "name"),
        ("progress_updates.csv", changes[1]["key"], "added", ""),
        ("fact_changes.csv", changes[2]["key"], "added", ""),
    ]
    assert (changes[0]["before"], changes[0]["after"]) == ("International Telecommunication Union", NEW_NAME)
    assert (second.added, second.corrected, second.retracted) == (2, 1, 0)


def test_a_release_stamps_its_outputs_and_is_cited_at_its_own_address(seeded, tmp_path, monkeypatch):
    ada = admin(seeded)
    first = releases.publish(seeded, note="December 2026", actor=ada)
    client = another_server(tmp_path, monkeypatch, "server")
    package = zipfile.ZipFile(io.BytesIO(client.get(f"/api/v1/releases/{first.version}/package.zip").content))
    files = {name: package.read(name) for name in package.namelist()}
    described = json.loads(files[PACKAGE_FILE])
    assert described["version"] == first.version and described["release"] == first.version
    assert described["data_hash"] == data_hash(files) == first.content_hash
    cited = client.get(f"/api/v1/releases/{first.version}/citation.txt").text
    assert f"http://testserver/?release={first.version}" in cited and first.content_hash in cited
    assert (
        f"url = {{http://testserver/?release={first.version}}}"
        in client.get(f"/api/v1/releases/{first.version}/citation.bib").text
    )
    jsonld = client.get(f"/api/v1/releases/{first.version}/dataset.jsonld").json()
    assert (jsonld["@type"], jsonld["version"]) == ("Dataset", first.version)
    feed = client.get(f"/feeds/changes.atom?release={first.version}").text
    assert f"Release {first.version} (published" in feed and first.content_hash[:19] in feed
    live = client.get("/api/v1/commitments.csv")
    assert (live.headers["X-Tracker-Release"], "X-Tracker-Data-Hash" in live.headers) == ("live", False)
    assert "Live data, unreleased changes included" in client.get("/feeds/changes.atom").text
    listed = client.get("/api/v1/releases").json()
    assert listed["total"] == 1 and listed["releases"][0]["address"] == f"http://testserver/?release={first.version}"
    rows = list(csv.DictReader(io.StringIO(client.get("/api/v1/releases.csv").text)))
    assert [(r["version"], r["content_hash"], r["note"]) for r in rows] == [
        (first.version, first.content_hash, "December 2026")
    ]
    # Links in an answer at a release stay at the release.
    page = client.get(f"/api/v1/commitments?size=1&release={first.version}").json()
    assert f"release={first.version}" in page["next"] and f"release={first.version}" in page["csv"]


def test_releases_are_refused_in_words_and_kept_immutable(seeded, tmp_path, monkeypatch):
    editor = admin(seeded, "ed", "editor")
    with pytest.raises(PermissionDenied, match="needs an admin account"):
        releases.publish(seeded, note="mine", actor=editor)
    ada = admin(seeded)
    with pytest.raises(releases.ReleaseError, match="needs a note"):
        releases.publish(seeded, note="   ", actor=ada)
    first = releases.publish(seeded, note="First", actor=ada)
    with pytest.raises(releases.ReleaseError, match=f"nothing has changed since release {first.version}"):
        releases.publish(seeded, note="Again", actor=ada)
    assert [info.version for info in releases.releases(seeded)] == [first.version]

    client = another_server(tmp_path, monkeypatch, "server")
    bad = client.get("/api/v1/commitments?release=latest")
    assert bad.status_code == 400 and "release must be a version such as 2026.12" in bad.json()["error"]
    missing = client.get("/api/v1/commitments.csv?release=2030.01")
    assert missing.status_code == 404 and f"there is no release 2030.01 (releases: {first.version})" in missing.text
    assert client.get("/api/v1/releases/2030.01/package.zip").status_code == 404

    with pytest.raises(releases.ReleaseError, match="a doi:… or https://… address"):
        releases.record_identifier(seeded, first.version, "zenodo 123", actor=ada)
    with pytest.raises(PermissionDenied):
        releases.record_identifier(seeded, first.version, "doi:10.5281/zenodo.1", actor=editor)
    assert releases.record_identifier(seeded, first.version, "doi:10.5281/zenodo.1", actor=ada).identifier
    with pytest.raises(releases.ReleaseError, match="already has its identifier"):
        releases.record_identifier(seeded, first.version, "doi:10.5281/zenodo.2", actor=ada)
    for change in (
        sa.update(DataRelease).values(note="rewritten"),
        sa.update(DataRelease).values(identifier="doi:10.5281/zenodo.3"),
        sa.delete(DataRelease),
    ):
        with pytest.raises(sa.exc.DatabaseError, match="releases are immutable"), seeded.begin() as connection:
            connection.execute(change)
    assert releases.release(seeded, first.version).note == "First"


def test_the_command_line_publishes_lists_diffs_and_deposits_releases(seeded, db_url, tmp_path):
    admin(seeded)
    published = run_cli(
        "release", "publish", "--note", "From the shell", "--by", "ada", db_url=db_url, check=True, today=str(TODAY)
    )
    version = f"{TODAY:%Y.%m}"
    assert published.stdout.startswith(f"published release {version}: data sha256:")
    assert version in run_cli("release", "list", db_url=db_url, check=True).stdout
    deposit = tmp_path / "deposit"
    run_cli(
        "release",
        "deposit",
        version,
        "--out",
        str(deposit),
        "--base",
        "https://tracker.example.org",
        db_url=db_url,
        check=True,
    )
    assert {"README.md", "CITATION.cff", PACKAGE_FILE, "commitments.csv"} <= {p.name for p in deposit.iterdir()}
    assert f"url: https://tracker.example.org/?release={version}" in (deposit / "CITATION.cff").read_text()
    deck_one, deck_two = tmp_path / "one.pptx", tmp_path / "two.pptx"
    run_cli("deck", "--release", version, "--out", str(deck_one), db_url=db_url, check=True)
    run_cli("deck", "--release", version, "--out", str(deck_two), db_url=db_url, check=True)
    assert deck_one.read_bytes() == deck_two.read_bytes()
    refused = run_cli("deck", "--release", "2031.02", "--out", str(deck_one), db_url=db_url)
    assert refused.returncode != 0 and "there is no release 2031.02" in refused.stderr
    again = run_cli("release", "identifier", version, "not-an-id", "--by", "ada", db_url=db_url)
    assert again.returncode != 0 and "a doi:… or https://… address" in again.stderr


def test_a_list_gives_only_what_changed_after_a_moment_or_a_release(seeded, tmp_path, monkeypatch):
    ada = admin(seeded)
    first = releases.publish(seeded, note="Before", actor=ada)
    correct_itu_and_rate_the_plan(seeded, ada)
    client = another_server(tmp_path, monkeypatch, "server")
    changed = client.get(f"/api/v1/organizations?updated_after={first.version}").json()
    assert [row["slug"] for row in changed["rows"]] == ["itu"] and changed["rows"][0]["name"] == NEW_NAME
    assert f"updated_after={first.version}" in changed["csv"]
    updates = client.get(f"/api/v1/progress-updates.csv?updated_after={first.version}").text.splitlines()
    assert len(updates) == 2 and "Twelve standards published." in updates[1]
    logged = client.get(f"/api/v1/fact-changes?updated_after={first.version}").json()
    assert [row["fact"] for row in logged["rows"]] == ["organization:itu"]
    later = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)).isoformat()
    assert client.get("/api/v1/organizations", params={"updated_after": later}).json()["total"] == 0
    assert client.get("/api/v1/organizations?updated_after=2000-01-01").json()["total"] > 1
    refused = client.get("/api/v1/organizations?updated_after=lately")
    assert refused.status_code == 400 and "updated_after must be a date" in refused.json()["error"]
    assert client.get("/api/v1/organizations?updated_after=2031.01").status_code == 404


def test_a_release_published_elsewhere_is_offered_on_the_next_run_of_a_page(seeded, monkeypatch):
    """The releases a page offers are read through the pages' cache, keyed on the data revision: a release
    published by another process (the CLI, another server) is offered once the revision is read again, and a page
    showing a release offers every release, not only those before it, and sign-in to the accounts there are."""
    import time

    from streamlit.testing.v1 import AppTest

    from app_pages.ui.data import clear_query_cache
    from models.db import PROJECT_ROOT, REVISION_READ_SECONDS

    # No cached read, nor a revision read by an earlier test (on PostgreSQL every test has the same URL).
    clear_query_cache()
    app = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=30).run()
    assert not app.exception and app.sidebar.selectbox(key="release").options == [
        "Live data (unreleased changes included)"
    ]
    ada = admin(seeded)
    first = releases.publish(seeded, note="First", actor=ada)
    time.sleep(REVISION_READ_SECONDS + 0.1)
    app.run()
    assert app.sidebar.selectbox(key="release").options[1:] == [first.version]
    correct_itu_and_rate_the_plan(seeded, ada)
    second = releases.publish(seeded, note="Second", actor=ada)
    time.sleep(REVISION_READ_SECONDS + 0.1)
    app.query_params["release"] = first.version
    app.run()
    assert not app.exception
    assert app.sidebar.selectbox(key="release").options[1:] == [second.version, first.version]
    # The accounts are the live database's too: a page showing a release still lets its editors sign in.
    assert [e.label for e in app.sidebar.expander] == ["Sign in with an account"]
    assert not [c.value for c in app.sidebar.caption if "no accounts exist" in c.value]
