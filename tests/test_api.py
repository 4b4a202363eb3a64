"""The read API beside the pages: JSON and CSV of the Commitments view, by the pages' own URL parameters."""

import csv
import io

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from tracker.present.csvfile import EXCEL_BOM
from tracker.read import history
from tracker.web import routes


@pytest.fixture
def client(seeded, db_url, monkeypatch) -> TestClient:
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("TRACKER_TODAY", "2026-11-22")
    return TestClient(Starlette(routes=routes()))


def test_commitments_as_json_with_codes_a_total_and_the_same_filters_as_the_page(client):
    everything = client.get("/api/v1/commitments").json()
    assert (everything["total"], len(everything["commitments"]), everything["next"]) == (12, 12, None)
    plan = next(c for c in everything["commitments"] if c["slug"] == "samr-50-more-ai-standards")
    assert (plan["status"], plan["target_qualifier"], plan["target_value"], plan["due_date"]) == (
        "not_assessed",
        "over",
        50.0,
        "2026-12-31",
    )
    assert plan["due_date_inferred"] is True and plan["parties"] == [{"name": "China", "inferred": False}]
    # The page's address (labels) and the codes give the same view.
    by_label = client.get("/api/v1/commitments?framework=Seoul+Statement&status=Not+assessed").json()
    by_code = client.get("/api/v1/commitments?framework=Seoul+Statement&status=not_assessed").json()
    assert by_label["total"] == by_code["total"] == 4
    assert by_label["view"] == "framework Seoul Statement; status Not assessed"


def test_pages_of_commitments_link_to_the_next_page_until_the_last(client):
    first = client.get("/api/v1/commitments?size=5").json()
    assert (first["total"], len(first["commitments"])) == (12, 5)
    seen = [c["slug"] for c in first["commitments"]]
    following = first["next"]
    while following:
        page = client.get(following).json()
        seen += [c["slug"] for c in page["commitments"]]
        following = page["next"]
    assert len(seen) == len(set(seen)) == 12


def test_the_csv_twin_holds_every_matching_commitment_with_safe_cells(client, seeded):
    import sqlalchemy as sa

    with seeded.begin() as connection:
        connection.execute(sa.text("UPDATE commitment SET title = '=cmd()' WHERE slug = 'seoul-ai-capacity-building'"))
    response = client.get("/api/v1/commitments.csv?framework=Seoul+Statement&as_of=2026-11-22")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "commitments_framework-seoul-statement_as-of-2026-11-22.csv" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text.removeprefix(EXCEL_BOM))))
    assert len(rows) == 4 and "'=cmd()" in [r["title"] for r in rows]
    waic = client.get("/api/v1/commitments.csv?framework=WAIC+2025+forum").text
    parties = {r["slug"]: r["parties"] for r in csv.DictReader(io.StringIO(waic))}
    assert parties["waic-engage-international-community"] == "China (inferred)"
    json_link = client.get("/api/v1/commitments?framework=Seoul+Statement").json()["csv"]
    assert json_link == "/api/v1/commitments.csv?framework=Seoul+Statement&as_of=2026-11-22"


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("colour=red", "unknown parameter 'colour'"),
        ("status=nearly", "unknown status 'nearly'"),
        ("party=nobody", "unknown party 'nobody'"),
        ("as_of=yesterday", "as_of must be a date in the form YYYY-MM-DD"),
        ("as_of=2031-01-01", "as_of must be from 2025-01-01 to today"),
        ("size=100000", "size must be from 1 to 1000"),
        ("page=0", "page counts from 1"),
        ("within=soon&due=due_within", "within must be a whole number"),
        ("stale=maybe", "stale must be true or false"),
    ],
)
def test_a_bad_request_gets_a_400_that_says_why(client, query, words):
    for path in ("/api/v1/commitments", "/api/v1/commitments.csv"):
        if path.endswith(".csv") and query.startswith(("size", "page")):
            continue
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400, (path, query)
        assert words in response.json()["error"]


ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def recorded(seeded):
    import datetime as dt

    from models.inputs import ProgressUpdateCreate
    from tracker.write import auth, writes

    auth.add_user(seeded, username="ed", role="editor", password="a long enough password")
    editor = auth.cli_actor(seeded, "ed")
    first = writes.record_progress(
        seeded,
        data=ProgressUpdateCreate(
            commitment_slug="samr-50-more-ai-standards",
            as_of=dt.date(2026, 3, 1),
            status="limited",
            progress_value=12,
            rationale="12 drafts <published> & open",
            evidence_url="https://example.org/drafts?a=1&b=2",
        ),
        actor=editor,
    )
    writes.record_progress(
        seeded,
        data=ProgressUpdateCreate(
            commitment_slug="samr-50-more-ai-standards",
            as_of=dt.date(2026, 3, 1),
            status="limited",
            progress_value=13,
            rationale="13 drafts",
            evidence_url="https://example.org/drafts",
            corrects_id=first.id,
            correction_reason="one was missed",
        ),
        actor=editor,
    )
    return seeded


def test_the_changes_feed_is_atom_with_an_entry_for_each_update_and_correction(client, recorded):
    import xml.etree.ElementTree as ET

    response = client.get("/feeds/changes.atom?party=china")
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles[0].endswith("(Correction #2)") and titles[1].endswith("(Update #1, replaced by correction #2)")
    content = entries[1].findtext(f"{ATOM}content")
    assert "Rationale: 12 drafts <published> & open" in content  # text, escaped by the XML, not markup
    related = [link.get("href") for link in entries[1].findall(f"{ATOM}link") if link.get("rel") == "related"]
    assert related == ["https://example.org/drafts?a=1&b=2"]
    assert "Corrects #1: one was missed" in entries[0].findtext(f"{ATOM}content")
    assert entries[0].find(f"{ATOM}link").get("href").endswith("/commitment?commitment=samr-50-more-ai-standards")
    seoul = ET.fromstring(client.get("/feeds/changes.atom?framework=Seoul+Statement").content)
    assert seoul.findall(f"{ATOM}entry") == []  # the filters narrow the feed
    one = ET.fromstring(client.get("/feeds/changes.atom?commitment=samr-50-more-ai-standards").content)
    assert len(one.findall(f"{ATOM}entry")) == 2
    assert client.get("/feeds/changes.atom?commitment=nothing").status_code == 400


def unfolded(calendar: str) -> list[str]:
    return calendar.replace("\r\n ", "").split("\r\n")


def test_deadlines_are_calendar_events_and_an_inferred_one_says_so(client):
    response = client.get("/feeds/deadlines.ics")
    assert response.headers["content-type"].startswith("text/calendar")
    raw = response.text
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))  # folded as RFC 5545 asks
    lines = unfolded(raw)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert lines.count("BEGIN:VEVENT") == 1
    assert "DTSTART;VALUE=DATE:20261231" in lines
    summary = next(line for line in lines if line.startswith("SUMMARY:"))
    assert summary == "SUMMARY:Develop over 50 more AI-related standards by the end of next year".replace(
        "SUMMARY:", "SUMMARY:Deadline (inferred): "
    )
    description = next(line for line in lines if line.startswith("DESCRIPTION:"))
    assert "The deadline is inferred" in description and "Who commits: China" in description
    none = unfolded(client.get("/feeds/deadlines.ics?framework=Seoul+Statement").text)
    assert none.count("BEGIN:VEVENT") == 0


def test_the_progress_updates_csv_is_the_exports_file_streamed(client, recorded, db_url, tmp_path):
    from tests.conftest import run_cli

    response = client.get("/api/v1/progress-updates.csv?as_of=2026-11-22")
    assert response.status_code == 200
    run_cli("export", "--out", str(tmp_path / "out"), "--as-of", "2026-11-22", db_url=db_url, check=True)
    assert response.content == (tmp_path / "out" / "progress_updates.csv").read_bytes()
    one = client.get("/api/v1/progress-updates.csv?commitment=seoul-ai-capacity-building")
    assert one.text.count("\n") == 1  # the header alone: nothing recorded for it
    assert client.get("/api/v1/progress-updates.csv?commitment=nothing").status_code == 404
    limited = list(csv.DictReader(io.StringIO(client.get("/api/v1/progress-updates.csv?status=limited").text)))
    assert [row["status"] for row in limited] == ["limited", "limited"]
    assert client.get("/api/v1/progress-updates.csv?status=substantial").text.count("\n") == 1
    assert client.get("/api/v1/progress-updates.csv?status=nearly").status_code == 400
    excel = client.get("/api/v1/progress-updates.csv?excel=true")
    assert excel.text.startswith(EXCEL_BOM) and "_excel.csv" in excel.headers["content-disposition"]


def test_every_route_beside_the_pages_is_described_in_the_openapi_document(client):
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    # Every address the document describes is served (none answers "nothing at ..."), and an address it does not
    # describe is not.
    filled = {"{slug}": "samr-50-more-ai-standards", "{name}": "status-by-framework", "{extension}": "csv"}
    for path in document["paths"]:
        address = path
        for placeholder, value in filled.items():
            address = address.replace(placeholder, value)
        answer = client.get(address)
        assert not (answer.status_code == 404 and answer.json()["error"].startswith("nothing at")), path
    for unknown in ("/api/v1/nothing", "/feeds/nothing.atom", "/export/nothing.pptx"):
        answer = client.get(unknown)
        assert (answer.status_code, answer.json()) == (404, {"error": f"nothing at {unknown}"})
    assert client.post("/api/v1/commitments").status_code == 405
    parameters = {p["name"]: p for p in document["paths"]["/api/v1/commitments"]["get"]["parameters"]}
    assert parameters["status"]["schema"]["items"]["enum"][:2] == ["not_assessed", "no_evidence_found"]
    assert {"framework", "party", "as_of", "page", "size"} <= set(parameters)


def test_every_table_of_the_package_is_a_paged_json_list_with_a_csv_twin_equal_to_the_export(
    client, recorded, db_url, tmp_path
):
    from tests.conftest import run_cli
    from tracker.present.exports import TABLES
    from tracker.web.tables import LISTED, path_of

    run_cli("export", "--out", str(tmp_path / "out"), "--as-of", "2026-11-22", db_url=db_url, check=True)
    assert {table.file for table in LISTED} == {table.file for table in TABLES} - {"commitments.csv"}
    for table in LISTED:
        listed = client.get(f"{path_of(table)}?as_of=2026-11-22&size=1000").json()
        exported = (tmp_path / "out" / table.file).read_bytes()
        file_rows = list(csv.reader(io.StringIO(exported.decode())))[1:]
        assert listed["total"] == len(listed["rows"]) == len(file_rows), table.file
        assert all(list(row) == list(table.columns) for row in listed["rows"]), table.file
        assert client.get(listed["csv"]).content == exported, table.file


def test_table_lists_keep_codes_and_raw_values_and_page_with_a_next_link(client, recorded):
    updates = client.get("/api/v1/progress-updates?commitment=samr-50-more-ai-standards").json()
    assert updates["total"] == 2
    first, correction = updates["rows"]
    assert (first["status"], first["progress_value"], first["rationale"]) == (
        "limited",
        12,
        "12 drafts <published> & open",
    )
    assert (correction["corrects"], correction["correction_reason"]) == (first["id"], "one was missed")
    people = client.get("/api/v1/people?organization=iso").json()["rows"]
    assert [(p["slug"], p["aliases"]) for p in people] == [("cho-sung-hwan", ["Sung Hwan Cho"])]
    figures = client.get("/api/v1/participation-figures?event=waic-2025-ai-standardization-forum").json()["rows"]
    delegates = next(f for f in figures if f["metric"] == "delegates")
    assert (delegates["value"], delegates["qualifier"], delegates["kind"]) == (200, "over", "attendance")
    seen, following = [], "/api/v1/organizations?size=4"
    while following:
        page = client.get(following).json()
        seen += [row["slug"] for row in page["rows"]]
        following = page["next"]
    assert len(seen) == len(set(seen)) == page["total"] == 15
    participants = client.get("/api/v1/event-roles?role=participant&organization=itu").json()["rows"]
    assert [row["inferred_values"][0]["field"] for row in participants] == ["role"]
    assert "quotes this organization's official" in participants[0]["inferred_values"][0]["reason"]
    roles_csv = list(csv.DictReader(io.StringIO(client.get("/api/v1/event-roles.csv?role=participant").text)))
    assert roles_csv and all(row["inferred_values"].startswith("role: ") for row in roles_csv)
    both = client.get("/api/v1/event-roles?role=issuer&role=host").json()["rows"]
    assert {row["role"] for row in both} == {"issuer", "host"}
    before = client.get("/api/v1/progress-updates?as_of=2026-02-28").json()
    assert before["total"] == 0  # as of a date before either update


def test_one_commitment_with_parties_quote_flags_inferred_values_and_history(client, recorded):
    plan = client.get("/api/v1/commitments/samr-50-more-ai-standards?as_of=2026-11-22").json()
    assert plan["parties"] == [
        {"organization": "china", "name": "China", "role": "party", "inferred": False, "inference_note": ""}
    ]
    assert plan["target"] == {
        "value": 50.0,
        "unit": "more AI-related standards",
        "qualifier": "over",
        "note": plan["target"]["note"],
    }
    assert (plan["due_date"], plan["due_date_inferred"]) == ("2026-12-31", True)
    assert "end of next year" in plan["due_date_note"]
    assert (plan["status"], plan["recorded_status"], plan["progress_value"]) == ("limited", "not_assessed", 13)
    assert plan["flags"]["deadline"] == "due_soon" and plan["flags"]["specificity"]["score"] == 3
    assert plan["text"] in plan["evidence"]["quote"] and plan["evidence"]["source"] == "waic-2025-forum-report"
    assert [(h["id"], h["corrected_by"]) for h in plan["history"]] == [(1, 2), (2, None)]
    earlier = client.get("/api/v1/commitments/samr-50-more-ai-standards?as_of=2026-02-01").json()
    assert (earlier["status"], earlier["history"]) == ("not_assessed", [])
    assert plan["flags"]["made"] and earlier["flags"]["made"]
    before = client.get("/api/v1/commitments/samr-50-more-ai-standards?as_of=2025-07-25").json()
    assert (before["made_on"], before["flags"]["made"], before["flags"]["deadline"]) == ("2025-07-26", False, None)
    engage = client.get("/api/v1/commitments/waic-engage-international-community").json()
    assert all(party["inferred"] and party["inference_note"] for party in engage["parties"])
    assert client.get("/api/v1/commitments/nothing").status_code == 404
    assert client.get("/api/v1/commitments/samr-50-more-ai-standards?as_of=yesterday").status_code == 400


def test_a_source_with_its_text_and_every_fact_taken_from_it(client):
    source = client.get("/api/v1/sources/seoul-statement-announcement").json()
    import hashlib

    assert hashlib.sha256(source["text"].encode()).hexdigest() == source["sha256"]
    for fact in source["facts"]:
        assert source["text"][fact["quote_start"] : fact["quote_end"]] == fact["quote"], fact["fact"]
        # The W3C Web Annotation target finds the same words by their context and by their position.
        quote, position = fact["target"]["selector"]
        assert fact["target"]["source_sha256"] == source["sha256"]
        assert quote["type"] == "TextQuoteSelector" and quote["exact"] == fact["quote"]
        assert source["text"].count(quote["prefix"] + quote["exact"] + quote["suffix"]) == 1, fact["fact"]
        assert (position["start"], position["end"]) == (fact["quote_start"], fact["quote_end"])
    kinds = {fact["kind"] for fact in source["facts"]}
    assert {"commitment", "organization", "participation_figure"} <= kinds
    assert client.get("/api/v1/sources/nothing").status_code == 404
    assert client.get("/api/v1/sources/seoul-statement-announcement?full=1").status_code == 400


def test_changes_between_two_dates_as_json_and_csv(client, recorded):
    changed = client.get("/api/v1/changes?from=2026-01-01&to=2026-11-22").json()
    assert [(c["slug"], c["status_before"], c["status_after"], c["progress_after"]) for c in changed["changes"]] == [
        ("samr-50-more-ai-standards", "not_assessed", "limited", 13)
    ]
    assert client.get("/api/v1/changes?from=2026-01-01&to=2026-11-22&framework=Seoul+Statement").json()["changes"] == []
    table = list(csv.DictReader(io.StringIO(client.get(changed["csv"]).text)))
    assert [(row["slug"], row["status_after"]) for row in table] == [("samr-50-more-ai-standards", "limited")]
    for query, words in [
        ("from=2026-01-01", "to is required"),
        ("from=2026-05-01&to=2026-01-01", "must be on or before"),
        ("from=2026-01-01&to=2026-13-01", "to must be a date"),
        ("from=2026-01-01&to=2026-11-01&by=whenever", "by must be one of"),
        ("from=2026-01-01&to=2026-11-01&as_of=2026-11-01", "as_of does not apply"),
    ]:
        response = client.get(f"/api/v1/changes?{query}")
        assert response.status_code == 400 and words in response.json()["error"], query


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/api/v1/people?organization=nothing", 404, "no organization 'nothing'"),
        ("/api/v1/people.csv?organization=nothing", 404, "no organization 'nothing'"),
        ("/api/v1/events?city=Seoul", 400, "unknown parameter 'city'"),
        ("/api/v1/events?size=5000", 400, "size must be from 1 to 1000"),
        ("/api/v1/events.csv?page=2", 400, "unknown parameter 'page'"),
        ("/api/v1/initiatives?as_of=2020-01-01", 400, "as_of must be from"),
        (
            "/api/v1/initiatives?initiative_kind=project",
            400,
            "unknown initiative_kind 'project'; choose one of: initiative, case_collection",
        ),
        ("/api/v1/initiatives.csv?excel=maybe", 400, "excel must be true or false"),
    ],
)
def test_table_lists_answer_bad_requests_with_a_json_error(client, path, status, words):
    response = client.get(path)
    assert response.status_code == status and words in response.json()["error"]


def test_the_changes_log_and_a_sources_facts_by_address(client, recorded, monkeypatch):
    log = client.get("/api/v1/changes-log?party=china").json()
    assert (log["total"], log["capped"]) == (2, False)
    assert [(e["id"], e["kind"], e["status"]) for e in log["entries"]] == [
        (2, "correction", "limited"),
        (1, "update", "limited"),
    ]
    assert client.get("/api/v1/changes-log?framework=Seoul+Statement").json()["total"] == 0
    assert client.get("/api/v1/changes-log?log_status=substantial").json()["total"] == 0
    assert client.get("/api/v1/changes-log?log_by=ed&log_commitment=samr-50-more-ai-standards").json()["total"] == 2
    rows = list(csv.DictReader(io.StringIO(client.get(log["csv"]).text)))
    assert [row["id"] for row in rows] == ["2", "1"] and rows[1]["rationale"] == "12 drafts <published> & open"
    assert client.get("/api/v1/changes-log?log_status=nearly").status_code == 400
    assert client.get("/api/v1/changes-log?log_commitment=nothing").status_code == 400
    facts = list(csv.DictReader(io.StringIO(client.get("/api/v1/sources/waic-2025-forum-report/facts.csv").text)))
    assert any(row["fact"] == "commitment:samr-50-more-ai-standards" for row in facts)
    assert client.get("/api/v1/sources/nothing/facts.csv").status_code == 404
    monkeypatch.setattr(history, "MAX_LOG_ROWS", 1)  # a log longer than it holds: the newest entry, and "capped"
    short = client.get("/api/v1/changes-log?party=china").json()
    assert (short["total"], short["capped"], short["entries"][0]["id"]) == (1, True, 2)
    monkeypatch.setattr(history, "MAX_LOG_ROWS", 2)  # exactly as many as it holds
    assert client.get("/api/v1/changes-log?party=china").json()["capped"] is False


def test_the_pages_charts_have_addresses_of_their_own_for_images_and_numbers(client, recorded):
    numbers = list(
        csv.DictReader(io.StringIO(client.get("/export/charts/timeline.csv?commitment=samr-50-more-ai-standards").text))
    )
    assert [row["id"] for row in numbers] == ["1", "2"]
    seoul = client.get("/export/charts/participation.csv?event=seoul-ai-standards-summit-2025").text
    assert "WAIC" not in seoul and "over 300" in seoul
    matrix = client.get("/export/charts/party-matrix.csv?framework=Seoul+Statement").text
    assert "China" not in matrix and "ISO" in matrix
    for path, status, words in [
        ("/export/charts/pie.png", 404, "no chart pie.png"),
        ("/export/charts/timeline.gif?commitment=samr-50-more-ai-standards", 404, "as png, svg or csv"),
        ("/export/charts/timeline.png", 400, "commitment is required"),
        ("/export/charts/timeline.png?commitment=nothing", 404, "nothing to draw"),
        ("/export/charts/participation.svg?event=g7", 400, "unknown event 'g7'"),
        ("/export/charts/status-by-framework.png?framework=G7", 400, "unknown framework"),
        ("/export/charts/status-by-framework.png?q=no+such+words", 404, "nothing to draw"),
    ]:
        response = client.get(path)
        assert response.status_code == status and words in response.json()["error"], path
