"""Every route beside the pages answers every request with a clear status, and its feeds, calendars and images
stay valid, whatever an editor stored and whatever a client sends: NUL, control characters, huge numbers,
parameters repeated thousands of times. The generated part asks the OpenAPI document what each route takes
(Schemathesis) and sends what it describes and what it does not, after an editor stored hostile text."""

import datetime as dt
import os
import xml.dom.minidom
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import content_type_conformance, not_a_server_error, status_code_conformance
from starlette.applications import Starlette
from starlette.testclient import TestClient

from models.inputs import ProgressUpdateCreate
from tracker.web import addresses, openapi_document, routes
from tracker.web.charts import NAMES
from tracker.web.params import MAX_VALUES
from tracker.write import auth, writes

PLAN = "samr-50-more-ai-standards"
HOSTILE = '=cmd()\x01\x0b\x1f\x7f\u202eevil\r\nBEGIN:VEVENT\r<script>alert(1)</script> "quoted" & more'


@pytest.fixture
def hostile(seeded, db_url, monkeypatch) -> TestClient:
    """The routes, after an editor recorded an update whose every text field holds control characters, markup,
    a formula and an injected calendar line."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("TRACKER_TODAY", "2026-11-22")
    auth.add_user(seeded, username="ed", role="editor", password="a long enough password")
    update = ProgressUpdateCreate(
        commitment_slug=PLAN,
        as_of=dt.date(2026, 3, 1),
        status="limited",
        progress_value=3,
        rationale=HOSTILE,
        evidence_url="https://example.org/report?x=1&y=\u202e",
        evidence_quote=HOSTILE,
    )
    writes.record_progress(seeded, data=update, actor=auth.cli_actor(seeded, "ed"))
    return TestClient(Starlette(routes=routes()), raise_server_exceptions=False)


def listed_paths() -> list[str]:
    """Every route of the OpenAPI document that takes no path parameter."""
    return [path for path in openapi_document()["paths"] if "{" not in path and path != addresses.OPENAPI]


@pytest.mark.parametrize(
    ("query", "status", "words"),
    [
        ("q=%00", 400, "NUL"),
        ("framework=Seoul%00", 400, "NUL"),
        ("as_of=2026-01-01%00", 400, "NUL"),
        ("page=99999999999999999999", 400, "page"),
        (f"party={'&party='.join(['china'] * (MAX_VALUES + 1))}", 400, "times"),
    ],
)
def test_every_listed_route_refuses_a_parameter_no_stored_text_can_match_with_a_400(hostile, query, status, words):
    answers = Counter()
    for path in listed_paths():
        response = hostile.get(f"{path}?{query}")
        answers[response.status_code] += 1
        if response.status_code != 200:
            assert response.headers["content-type"] == "application/json", path
            message = response.json()["error"]
            assert words in message or "unknown parameter" in message or "required" in message, (path, message)
    # Routes that do not take the parameter refuse it by name; none answers 500, none lets it through.
    assert set(answers) == {status}, (query, answers)


def test_a_reference_to_an_update_is_a_whole_number_and_names_one_that_exists(hostile):
    corrects = f"{addresses.api_list('progress-updates')}?corrects="
    assert hostile.get(corrects + "abc").status_code == 400
    assert "whole number" in hostile.get(corrects + "abc").json()["error"]
    assert hostile.get(corrects + "99999999999999999999").status_code == 404
    assert hostile.get(corrects + "12345").status_code == 404
    by_commitment = hostile.get(f"{addresses.api_list('progress-updates')}?commitment={PLAN}&commitment={PLAN}")
    assert by_commitment.status_code == 200 and by_commitment.json()["total"] == 1


def test_unknown_addresses_and_methods_answer_404_and_405_in_json(hostile):
    for path in ("/api/v1/nothing", "/api/v1/commitments/nothing/more", "/feeds/nothing", "/export/nothing"):
        response = hostile.get(path)
        assert (response.status_code, response.headers["content-type"]) == (404, "application/json"), path
    assert hostile.post("/api/v1/commitments").status_code == 405
    assert hostile.get("/auth/keep-signed-in").status_code == 405


def test_the_atom_feed_stays_valid_xml_with_control_characters_stored_and_asked_for(hostile):
    for query in ("", "?q=%01", "?q=evil%01", f"?commitment={PLAN}"):
        response = hostile.get(f"/feeds/changes.atom{query}")
        assert response.status_code == 200, query
        document = xml.dom.minidom.parseString(response.content)  # raises on any character XML cannot carry
        text = response.content.decode()
        if query in ("", f"?commitment={PLAN}"):
            assert "[U+0001]" in text and "[U+202E]" in text and "&lt;script&gt;" in text
        assert document.documentElement.tagName == "feed"


def test_the_calendar_carries_no_bare_carriage_return_or_control_character(hostile, seeded):
    with seeded.begin() as connection:
        import sqlalchemy as sa

        connection.execute(sa.text("UPDATE commitment SET title = :t WHERE slug = :s"), {"t": HOSTILE, "s": PLAN})
    body = hostile.get("/feeds/deadlines.ics?q=%01").content + hostile.get("/feeds/deadlines.ics").content
    assert b"\r" not in body.replace(b"\r\n", b"") and b"\n" not in body.replace(b"\r\n", b"")
    assert not any(byte < 0x20 and byte not in b"\r\n\t" for byte in body)
    lines = body.decode().split("\r\n")
    assert sum(line == "BEGIN:VEVENT" for line in lines) == body.decode().count("UID:")  # no injected event
    assert all(len(line.encode()) <= 75 for line in lines)  # folded as RFC 5545 asks


@pytest.mark.slow
def test_every_chart_image_is_valid_svg_with_control_characters_in_the_names_it_draws(hostile, seeded):
    import sqlalchemy as sa

    with seeded.begin() as connection:
        connection.execute(sa.text("UPDATE commitment SET title = title || :t"), {"t": "\x01\x1f"})
        connection.execute(sa.text("UPDATE organization SET name = name || :t"), {"t": "\x02"})
    for name in NAMES:
        query = f"?commitment={PLAN}" if name == "timeline" else ""
        response = hostile.get(f"/export/charts/{name}.svg{query}")
        assert response.status_code == 200, (name, response.text[:200])
        xml.dom.minidom.parseString(response.content)


# --- generated from the OpenAPI document ------------------------------------------------------------------------

# Files built on request (deck, brief, images) take seconds each and are covered above and in their own tests;
# the generated requests go to every other route, with and without the document's rules.
SLOW_ROUTES = ("/export/deck.pptx", "/export/brief.pdf", "/export/charts/{name}.{extension}")
ANSWERS: Counter = Counter()
SLOWEST: list[tuple[float, str]] = []


# The routes read the database named by DATABASE_URL at each request: the fixture below sets it per test.
schema = schemathesis.openapi.from_asgi(addresses.OPENAPI, Starlette(routes=routes())).exclude(path=list(SLOW_ROUTES))


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "15")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_generated_requests_never_get_a_server_error_or_an_undocumented_answer(case, hostile):
    response = case.call_and_validate(
        checks=[not_a_server_error, status_code_conformance, content_type_conformance],
    )
    ANSWERS[response.status_code] += 1
    SLOWEST.append((response.elapsed, f"{case.method} {case.formatted_path}"))
    SLOWEST.sort(reverse=True)
    del SLOWEST[3:]


def fuzzing_report() -> str:
    """The generated run in numbers: requests, statuses, slowest request (printed at the end of the run)."""
    statuses = ", ".join(f"{status}: {count}" for status, count in sorted(ANSWERS.items()))
    slowest = "; ".join(f"{seconds:.2f} s {what}" for seconds, what in SLOWEST)
    return f"generated requests: {sum(ANSWERS.values())} ({statuses}); slowest: {slowest}"
