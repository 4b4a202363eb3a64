"""One view, every output: for generated combinations of filters and as-of dates, the pages, the API's JSON and
CSV, the CLI export, the Atom and iCalendar feeds, the deck and the brief show the same commitments, the same
counts by status and kind, the same attendance, roles, initiatives and people, and the same inferred marks.

Each output is read as a user meets it (a page run by AppTest, an HTTP answer, a file written by the command line,
a deck opened with python-pptx, a brief's text as poppler reads it) and reduced to the same claims; a test then
compares the claims, never the code paths behind them.
"""

import csv
import dataclasses
import datetime as dt
import io
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

import pytest
import streamlit
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from models.db import PROJECT_ROOT
from models.inputs import ProgressUpdateCreate
from seed.loader import apply_seed
from tests.conftest import add_rubrics, engine_at, fresh_database, run_cli
from tracker.domain.rules import figure_text
from tracker.domain.vocab import STATUS_LABELS
from tracker.read.filters import BY_URL
from tracker.write import auth, writes

TODAY = dt.date(2027, 6, 1)  # after the plan's inferred deadline, so every boundary can be viewed
APP = str(PROJECT_ROOT / "app.py")

# The dates that matter: before both events, the WAIC forum's day, between the events, the Seoul summit's first
# day, before and after the updates recorded below, the day before the inferred deadline, after it.
DATES = [
    dt.date(2025, 7, 25),
    dt.date(2025, 7, 26),
    dt.date(2025, 9, 1),
    dt.date(2025, 12, 2),
    dt.date(2026, 3, 1),
    dt.date(2026, 11, 22),
    dt.date(2026, 12, 30),
    dt.date(2027, 6, 1),
]
FRAMEWORKS = ["Seoul Statement", "WAIC 2025 forum"]
KINDS = ["commitment", "priority"]
EVENTS = ["seoul-ai-standards-summit-2025", "waic-2025-ai-standardization-forum"]
PARTIES = ["china", "iso", "shanghai"]
STATUSES = ["not_assessed", "not_started", "limited", "substantial"]
SEARCHES = ["standards", "cooperation", "no commitment says this"]


@dataclasses.dataclass(frozen=True)
class View:
    """A view as the API's and the pages' addresses ask for it: (parameter, code) pairs and the as-of date."""

    params: tuple[tuple[str, str], ...]
    as_of: dt.date

    def query(self, *extra: tuple[str, str]) -> str:
        return urlencode([*self.params, ("as_of", self.as_of.isoformat()), *extra])


def subsets(values: list[str]) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(values), unique=True, max_size=2)


@st.composite
def views(draw) -> View:
    params: list[tuple[str, str]] = []
    for name, values in (
        ("framework", FRAMEWORKS),
        ("kind", KINDS),
        ("event", EVENTS),
        ("party", PARTIES),
        ("located_in", ["China"]),
        ("status", STATUSES),
    ):
        if draw(st.booleans()):
            params += [(name, value) for value in draw(subsets(values))]
    if draw(st.integers(0, 5)) == 0:
        params.append(("q", draw(st.sampled_from(SEARCHES))))
    if draw(st.integers(0, 5)) == 0:
        choices = ["overdue", "passed_not_assessed", "has_deadline", "no_deadline"]
        params.append(("due", draw(st.sampled_from(choices))))
    if draw(st.integers(0, 5)) == 0:
        params.append(("specificity", str(draw(st.sampled_from([0, 1, 3])))))
    if draw(st.integers(0, 4)) == 0:
        params.append(("stale", "true"))
    return View(tuple(params), draw(st.sampled_from(DATES)))


# --- the database every example reads -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def agreed(database_template, tmp_path_factory, monkeypatch_module) -> str:
    """The seed with progress recorded on three commitments, one of them corrected (so "corrections win" is
    tested): the URL of a database the module's examples read and never write."""
    folder = tmp_path_factory.mktemp("agreement")
    url = fresh_database(database_template, folder)
    engine = engine_at(url)
    apply_seed(engine)
    add_rubrics(engine)
    auth.add_user(engine, username="alice", role="editor", password="a long enough password")
    actor = auth.cli_actor(engine, "alice")
    evidence = {"evidence_url": "https://example.org/evidence"}

    def record(**values) -> int:
        return writes.record_progress(engine, data=ProgressUpdateCreate(**values), actor=actor).id

    plan = "samr-50-more-ai-standards"
    first = record(
        commitment_slug=plan, as_of="2026-03-01", status="limited", progress_value=9, rationale="9 drafts", **evidence
    )
    record(
        commitment_slug=plan,
        as_of="2026-03-01",
        status="limited",
        progress_value=10,
        rationale="10 drafts",
        corrects_id=first,
        correction_reason="miscounted",
        **evidence,
    )
    record(
        commitment_slug="seoul-ai-capacity-building", as_of="2026-01-15", status="not_started", rationale="nothing yet"
    )
    record(
        commitment_slug="waic-engage-international-community",
        as_of="2026-02-01",
        status="substantial",
        rationale="regular talks",
        **evidence,
    )
    engine.dispose()
    monkeypatch_module.setenv("DATABASE_URL", url)
    monkeypatch_module.setenv("TRACKER_TODAY", TODAY.isoformat())
    return url


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.fixture(scope="module")
def client(agreed):
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from tracker.web import routes

    return TestClient(Starlette(routes=routes()))


@pytest.fixture(scope="module")
def labels(agreed) -> dict[str, dict[str, str]]:
    """How the pages' addresses name each code (the widgets show labels and keep them in the URL)."""
    from tracker.read import queries
    from tracker.read.filters import BY_URL

    options = queries.filter_options(engine_at(agreed))
    found = {}
    for url, spec in BY_URL.items():
        found[url] = dict(options[spec.choices]) if isinstance(spec.choices, str) else spec.labels()
    return found


# --- each output, reduced to claims ---------------------------------------------------------------------------


@dataclasses.dataclass
class Claims:
    """What an output says about a view. None: the output does not show that part."""

    commitments: dict[str, str] | None = None  # slug: status code
    counts: Counter | None = None  # status codes and kinds, counted
    attendance: set[tuple[str, str]] | None = None  # (event, figure as stated: "over 300 participants")
    roles: set[tuple[str, str, str]] | None = None  # (event, organization, role)
    initiatives: set[str] | None = None
    inferred_parties: set[tuple[str, str]] | None = None  # (commitment, party named "X (inferred)")
    deadlines: dict[str, bool] | None = None  # slug: deadline marked inferred
    current_updates: set[int] | None = None  # the progress updates shown as standing (never one corrected away)
    paces: dict[str, str] | None = None  # slug: whether it is on track, in words, where that can be read


def api_claims(client, view: View) -> Claims:
    answer = client.get(f"/api/v1/commitments?{view.query(('size', '1000'))}")
    assert answer.status_code == 200, answer.text
    rows = answer.json()["commitments"]
    _filters_agree_with_the_flags(client, view, rows)
    claims = Claims(
        commitments={r["slug"]: r["status"] for r in rows},
        counts=Counter([r["status"] for r in rows] + [r["kind"] for r in rows]),
        inferred_parties={(r["slug"], p["name"]) for r in rows for p in r["parties"] if p["inferred"]},
        deadlines={r["slug"]: r["due_date_inferred"] for r in rows if r["due_date"]},
        paces={r["slug"]: r["pace"] for r in rows if r["pace"]},
    )
    for slug, pace in claims.paces.items():  # a commitment's own answer reads its pace as the list does
        assert client.get(f"/api/v1/commitments/{slug}?as_of={view.as_of}").json()["pace"] == pace, view
    summary = client.get(f"/api/v1/summary?{view.query()}")
    assert summary.status_code == 200, summary.text
    counts = summary.json()["counts"]
    assert Counter({**counts["status"], **counts["kind"]}) == +claims.counts
    every = View((), TODAY)
    events = {r["slug"]: r["short_name"] or r["name"] for r in _all_rows(client, "/api/v1/events", every)}
    names = {r["slug"]: r["name"] for r in _all_rows(client, "/api/v1/organizations", every)}
    figures = _all_rows(client, "/api/v1/participation-figures", view, participation_figure_kind="attendance")
    claims.attendance = {(events[f["event"]], _as_stated(f)) for f in figures}
    roles = _all_rows(client, "/api/v1/event-roles", view)
    claims.roles = {(events[r["event"]], names[r["organization"]], r["role"]) for r in roles}
    claims.initiatives = {r["name"] for r in _all_rows(client, "/api/v1/initiatives", view)}
    log = client.get(f"/api/v1/changes-log?{view.query(('size', '1000'))}").json()["entries"]
    claims.current_updates = {entry["id"] for entry in log if entry["corrected_by"] is None}
    return claims


def _as_stated(figure: dict) -> str:
    """ "over 300 participants": the figure as the text words it (tracker.domain.rules.figure_text)."""
    return f"{figure_text(float(figure['value']), figure['qualifier'])} {figure['metric']}"


def _filters_agree_with_the_flags(client, view: View, rows: list[dict]) -> None:
    """The filters that test a claim keep exactly the rows whose claim says so: the stale filter (which the
    database asks in a form of its own) and the deadline filters against each row's stale flag and deadline state."""
    if ("stale", "true") not in view.params:
        stale = View((*view.params, ("stale", "true")), view.as_of)
        kept = client.get(f"/api/v1/commitments?{stale.query(('size', '1000'))}").json()["commitments"]
        assert {r["slug"] for r in kept} == {r["slug"] for r in rows if r["stale"]}, view
    else:
        assert all(r["stale"] for r in rows), view
    for name, value in view.params:
        if name == "due" and value in ("overdue", "passed_not_assessed"):
            assert all(r["deadline_state"] == value for r in rows), view


def _all_rows(client, path: str, view: View, **extra: str) -> list[dict]:
    answer = client.get(f"{path}?{view.query(*extra.items(), ('size', '1000'))}")
    assert answer.status_code == 200, (path, answer.text)
    return answer.json()["rows"]


def api_csv_claims(client, view: View) -> Claims:
    answer = client.get(f"/api/v1/commitments.csv?{view.query()}")
    assert answer.status_code == 200, answer.text
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    return Claims(
        commitments={r["slug"]: r["status"] for r in rows},
        counts=Counter([r["status"] for r in rows] + [r["kind"] for r in rows]),
        inferred_parties=_marked_parties((r["slug"], r["parties"]) for r in rows),
        deadlines={r["slug"]: "(inferred)" in r["deadline"] for r in rows if r["due_date"]},
        paces={r["slug"]: r["pace"] for r in rows if r["pace"]},
    )


def _marked_parties(rows) -> set[tuple[str, str]]:
    return {
        (slug, party.removesuffix(" (inferred)"))
        for slug, parties in rows
        for party in parties.split("; ")
        if party.endswith(" (inferred)")
    }


def export_claims(db_url: str, view: View, folder: Path) -> Claims:
    """The CLI's data package of the view: `tracker export` with the view's filters as its options."""
    options = [
        BY_URL[name].cli if BY_URL[name].widget == "toggle" else f"{BY_URL[name].cli}={value}"
        for name, value in view.params
    ]
    result = run_cli(
        "export", "--out", str(folder), "--as-of", view.as_of.isoformat(), *options, db_url=db_url, today=str(TODAY)
    )
    assert result.returncode == 0, result.stderr
    commitments = _read(folder / "commitments.csv")
    parties = _read(folder / "commitment_parties.csv")
    every = export_all(db_url, view.as_of, folder.parent / f"{folder.name}-all")
    names = {r["slug"]: r["name"] for r in _read(every / "organizations.csv")}
    acronyms = {r["slug"]: r["acronym"] or r["name"] for r in _read(every / "organizations.csv")}
    events = {r["slug"]: r["short_name"] or r["name"] for r in _read(every / "events.csv")}
    figures = _read(folder / "participation_figures.csv")
    # The commitments file marks each inferred party in its list, as commitment_parties.csv flags it.
    marked = {
        (slug, acronyms[party]) for slug, party in _marked_parties((r["slug"], r["parties"]) for r in commitments)
    }
    flagged = {(r["commitment"], acronyms[r["organization"]]) for r in parties if r["inferred"] == "true"}
    assert marked == flagged, (marked, flagged)
    return Claims(
        commitments={r["slug"]: r["status"] for r in commitments},
        counts=Counter([r["status"] for r in commitments] + [r["kind"] for r in commitments]),
        inferred_parties=marked,
        deadlines={r["slug"]: r["due_date_inferred"] == "true" for r in commitments if r["due_date"]},
        attendance={(events[f["event"]], _as_stated(f)) for f in figures if f["kind"] == "attendance"},
        roles={(events[r["event"]], names[r["organization"]], r["role"]) for r in _read(folder / "event_roles.csv")},
        initiatives={r["name"] for r in _read(folder / "initiatives.csv")},
    )


def export_all(db_url: str, as_of: dt.date, folder: Path) -> Path:
    """The unfiltered export of the same date: what names the slugs a filtered export refers to."""
    if not folder.exists():
        run_cli("export", "--out", str(folder), "--as-of", str(as_of), db_url=db_url, check=True, today=str(TODAY))
    return folder


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def page(path: str, view: View, labels: dict[str, dict[str, str]], **extra: str) -> AppTest:
    streamlit.cache_data.clear()
    app = AppTest.from_file(APP, default_timeout=60)
    asked: dict[str, list[str]] = {}
    for name, code in view.params:
        named = {str(value): label for value, label in labels.get(name, {}).items()}
        asked.setdefault(name, []).append(str(named.get(code, code)))
    for name, values in asked.items():
        app.query_params[name] = values if len(values) > 1 else values[0]
    app.query_params["as_of"] = view.as_of.isoformat()
    for name, value in extra.items():
        app.query_params[name] = value
    app.switch_page(path)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


CODE_OF_STATUS = {label: code for code, label in STATUS_LABELS.items()}


def pages_claims(view: View, labels) -> Claims:
    listed = page("app_pages/commitments.py", view, labels, view_table="true")
    frames = [frame.value for frame in listed.dataframe]
    table = frames[0] if frames else None
    commitments = {} if table is None else dict(zip(table["slug"], table["status"], strict=True))
    overview = page("app_pages/overview.py", view, labels)
    metrics = {m.label: m.value for m in overview.metric}
    counted = Counter()
    for line in (m.value for m in overview.markdown if m.value.startswith("**By status:**")):
        for part in line.removeprefix("**By status:** ").split(" · "):
            label, _, number = part.rpartition(" ")
            counted[CODE_OF_STATUS[label]] = int(number)
    for label, value in metrics.items():
        if label in CODE_OF_STATUS:
            counted[CODE_OF_STATUS[label]] = int(value)
        elif label in ("Commitments", "Priorities"):
            counted[label.lower().removesuffix("s").replace("prioritie", "priority")] = int(value)
    attendance_page = page("app_pages/participation.py", view, labels)
    attendance = set()
    for frame in attendance_page.dataframe:
        if "as_stated" in frame.value.columns:
            attendance |= {
                (e, f"{s} {m}") for e, s, m in frame.value[["event", "as_stated", "metric"]].itertuples(False)
            }
    stakeholders = page("app_pages/stakeholders.py", view, labels)
    roles = set()
    for frame in stakeholders.dataframe:
        if {"event", "role", "full_name"} <= set(frame.value.columns):
            roles |= {
                (e, o.removesuffix(" (inferred)"), r.removesuffix(" (inferred)").replace("-", "_"))
                for e, o, r in frame.value[["event", "full_name", "role"]].itertuples(False)
            }
    initiatives_page = page("app_pages/initiatives.py", view, labels)
    initiatives = set()
    for frame in initiatives_page.dataframe:
        if "name" in frame.value.columns:
            initiatives |= set(frame.value["name"])
    current = {
        int(number)
        for link in overview.get("page_link")
        for number in re.findall(r"(?:Update|Correction) #(\d+)", link.proto.label)
    }
    return Claims(
        commitments=commitments,
        counts=+counted,
        current_updates=current,
        attendance=attendance,
        roles=roles,
        initiatives=initiatives,
        inferred_parties=set() if table is None else _marked_parties(zip(table["slug"], table["parties"], strict=True)),
        deadlines=None
        if table is None
        else {s: "(inferred)" in d for s, d, due in table[["slug", "deadline", "due_date"]].itertuples(False) if d},
    )


def feed_claims(client, view: View, commitments: dict[str, str]) -> Claims:
    """The calendar's deadlines, and which commitments the Atom feed's entries are about."""
    ics = client.get(f"/feeds/deadlines.ics?{view.query()}")
    assert ics.status_code == 200, ics.text
    from icalendar import Calendar

    events = Calendar.from_ical(ics.text).walk("VEVENT")
    deadlines = {str(e["UID"]).split("-deadline@")[0]: "(inferred)" in str(e["SUMMARY"]) for e in events}
    atom = client.get(f"/feeds/changes.atom?{view.query()}")
    assert atom.status_code == 200, atom.text
    entries = ET.fromstring(atom.content).findall("{http://www.w3.org/2005/Atom}entry")
    about = {re.search(r"commitment=([a-z0-9-]+)", e.find("{http://www.w3.org/2005/Atom}id").text)[1] for e in entries}
    assert about <= set(commitments), about - set(commitments)
    return Claims(deadlines=deadlines)


def deck_claims(client, view: View, titles: dict[str, str]) -> Claims:
    answer = client.get(f"/export/deck.pptx?{view.query()}")
    assert answer.status_code == 200, answer.text
    prs = Presentation(io.BytesIO(answer.content))
    listed: set[str] = set()
    for slide in prs.slides:
        title = slide.shapes.title.text if slide.shapes.title is not None else ""
        if title.startswith("Commitments") and "status" not in title:  # a view too large to quote: a table
            for shape in slide.shapes:
                if shape.has_table:
                    listed |= {row.cells[0].text for row in list(shape.table.rows)[1:]}
        if title.startswith("The commitments, in their own words"):  # each pledge under its title, in bold
            for shape in slide.shapes:
                if shape.name == "Pledges":
                    paragraphs = shape.text_frame.paragraphs
                    listed |= {p.runs[0].text for p in paragraphs if p.runs and p.runs[0].font.bold}
    by_title = {title: slug for slug, title in titles.items()}
    # Left out when no update stands in the view (the headline slide says so).
    updates = [s for s in prs.slides if s.shapes.title is not None and s.shapes.title.text == "Recent progress updates"]
    shown = {int(cell[1:]) for slide in updates for cell in _first_cells(slide) if cell.startswith("#")}
    return Claims(commitments={by_title[t]: "" for t in listed} if listed else {}, current_updates=shown)


def slide_titled(prs, title: str):
    return next(s for s in prs.slides if s.shapes.title is not None and s.shapes.title.text == title)


def _first_cells(slide) -> list[str]:
    return [row.cells[0].text for shape in slide.shapes if shape.has_table for row in list(shape.table.rows)[1:]]


def brief_claims(client, view: View, folder: Path) -> Claims:
    """The brief's text as poppler reads it: its headline counts, and the updates it shows as standing."""
    answer = client.get(f"/export/brief.pdf?{view.query()}")
    assert answer.status_code == 200, answer.text
    pdf = folder / "brief.pdf"
    pdf.write_bytes(answer.content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    counted = Counter()
    if match := re.search(r"(?:(\d+) commitments?)?(?: and )?(?:(\d+) priorit(?:y|ies))? tracked \(([^)]*)\)", flat):
        counted["commitment"] = int(match[1] or 0)
        counted["priority"] = int(match[2] or 0)
        for part in match[3].split(", "):
            label, _, number = part.rpartition(" ")
            if label:
                counted[CODE_OF_STATUS[label.capitalize()]] = int(number)
    shown = {int(number) for number in re.findall(r"(?:^|\s)#(\d+)\s", text)}
    return Claims(counts=+counted, current_updates=shown)


def titles_of(client, view: View) -> dict[str, str]:
    rows = client.get(f"/api/v1/commitments?{view.query(('size', '1000'))}").json()["commitments"]
    return {r["slug"]: r["title"] for r in rows}


# --- the comparisons ------------------------------------------------------------------------------------------


def agree(name: str, left: Claims, right: Claims, *, statuses: bool = True) -> None:
    for part in dataclasses.fields(Claims):
        mine, theirs = getattr(left, part.name), getattr(right, part.name)
        if mine is None or theirs is None:
            continue
        if part.name == "commitments" and not statuses:
            mine, theirs = set(mine), set(theirs)
        assert mine == theirs, f"{name}: {part.name} differ: {mine!r} != {theirs!r}"


# A handful of views in the quick loop; .ci/run asks for more (AGREEMENT_EXAMPLES).
AGREEMENT = settings(
    max_examples=int(os.environ.get("AGREEMENT_EXAMPLES", "8")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)


@AGREEMENT
@given(view=views())
@example(view=View((), dt.date(2025, 7, 25)))  # before both events
@example(view=View((("framework", "Seoul Statement"),), dt.date(2025, 9, 1)))  # between them
@example(view=View((("framework", "Seoul Statement"),), dt.date(2026, 11, 22)))
@example(view=View((("party", "china"),), dt.date(2027, 6, 1)))  # after the deadline
@example(view=View((("located_in", "China"),), dt.date(2026, 11, 22)))  # China and Shanghai
@example(view=View((("q", "no commitment says this"),), dt.date(2026, 11, 22)))  # an empty match
@example(view=View((("framework", "WAIC 2025 forum"), ("kind", "priority")), dt.date(2026, 3, 1)))
def test_the_api_the_csv_the_export_and_the_feeds_agree(client, agreed, labels, tmp_path_factory, view):
    api = api_claims(client, view)
    agree("API JSON vs API CSV", api, api_csv_claims(client, view))
    agree("API vs export", api, export_claims(agreed, view, tmp_path_factory.mktemp("export")))
    agree("API vs feeds", api, feed_claims(client, view, api.commitments))
    agree("API vs deck", api, deck_claims(client, view, titles_of(client, view)), statuses=False)


BRIEF_VIEWS = [
    View((), dt.date(2025, 7, 25)),  # before both events: nothing to show
    View((), dt.date(2027, 6, 1)),  # everything, after the deadline, with a correction
    View((("framework", "Seoul Statement"),), dt.date(2026, 11, 22)),
    View((("framework", "WAIC 2025 forum"), ("kind", "priority")), dt.date(2026, 3, 1)),
]


@pytest.mark.slow
@pytest.mark.parametrize("view", BRIEF_VIEWS, ids=lambda v: f"{v.query()}")
def test_the_brief_agrees_with_the_api(client, view, tmp_path):
    """Briefs are drawn by Chromium (a second or two each): these views, not generated ones."""
    agree("brief vs API", brief_claims(client, view, tmp_path), api_claims(client, view))


@AGREEMENT
@given(view=views())
@example(view=View((), dt.date(2025, 7, 25)))
@example(view=View((("framework", "Seoul Statement"),), dt.date(2026, 11, 22)))
@example(view=View((("q", "no commitment says this"),), dt.date(2026, 11, 22)))
@example(view=View((("party", "china"),), dt.date(2027, 6, 1)))
def test_the_pages_agree_with_the_api(client, agreed, labels, view):
    agree("pages vs API", pages_claims(view, labels), api_claims(client, view))
