"""Every page, run in-process with AppTest against a seeded test database, with today pinned to 2026-11-22."""

import csv
import io
import json
import re
import threading
from urllib.parse import parse_qs

import pytest
import sqlalchemy as sa
import streamlit
from streamlit.testing.v1 import AppTest

from app_pages.ui.cards import LIST_PAGE_SIZE
from app_pages.ui.data import clear_query_cache
from models.db import PROJECT_ROOT
from tracker.present.csvfile import EXCEL_BOM

APP = str(PROJECT_ROOT / "app.py")
PAGES = [
    "app_pages/overview.py",
    "app_pages/commitments.py",
    "app_pages/initiatives.py",
    "app_pages/participation.py",
    "app_pages/stakeholders.py",
    "app_pages/sources.py",
    "app_pages/changes.py",
    "app_pages/methodology.py",
]


@pytest.fixture
def open_page(seeded, db_url, monkeypatch):
    """open_page(path, **query_params) -> the page after its first run."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("TRACKER_TODAY", "2026-11-22")
    # Query results are cached by URL and arguments across AppTest runs in one process; on PostgreSQL every test
    # uses the same URL, so each test starts with empty caches, and no read counted as cached (data.query_ahead).
    streamlit.cache_data.clear()
    clear_query_cache()

    def run(path: str, **params: str | list[str]) -> AppTest:
        app = AppTest.from_file(APP, default_timeout=30)
        for key, value in params.items():
            app.query_params[key] = value
        app.switch_page(path)
        app.run()
        assert not app.exception, [e.value for e in app.exception]
        return app

    return run


LINK = re.compile(r"\[([^\]]+)\]\((/[^)\s]+)\)")


def page_links(app: AppTest) -> list[str]:
    """Every address on the page that leads to data (the CSV, JSON, feeds, chart images), in page order."""
    return [address for m in app.markdown for _, address in LINK.findall(m.value) if not address.startswith("/?")]


@pytest.fixture
def follow(open_page):
    """follow(app, start) -> what a server gives for the page's first link whose address starts with `start`
    (routes beside the pages, on this test's database): the file a user gets by clicking it."""
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from tracker.web import routes

    client = TestClient(Starlette(routes=routes()))

    def get(app: AppTest, start: str):
        address = next((a for a in page_links(app) if a.startswith(start)), None)
        assert address is not None, f"no link starting {start!r} among {page_links(app)}"
        response = client.get(address)
        assert response.status_code == 200, (address, response.text[:200])
        return response

    return get


def table(app: AppTest, key: str):
    return next(df for df in app.dataframe if df.proto.id and key in df.proto.id).value


def only_table(app: AppTest):
    """The page's one table (a table that is not a widget has no key to find it by)."""
    (frame,) = app.dataframe
    return frame.value


def listed(app: AppTest) -> list[str]:
    """The commitments a page links to their own pages, in order (the slugs in the links' addresses)."""
    links = [link.proto for link in app.get("page_link") if link.proto.page == "commitment"]
    return [parse_qs(link.query_string)["commitment"][0] for link in links]


def markdown_text(app: AppTest) -> str:
    return "\n".join(m.value for m in app.markdown) + "\n".join(c.value for c in app.caption)


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix(EXCEL_BOM))))


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_without_exception(open_page, path):
    app = open_page(path)
    assert app.title


def test_overview_headline_figures(open_page):
    app = open_page("app_pages/overview.py")
    metrics = {m.label: m.value for m in app.metric}
    assert (metrics["Commitments"], metrics["Priorities"]) == ("9", "3")
    assert metrics["Events"] == "2"
    assert metrics["Source documents"] == "2"
    assert metrics["Parties named"] == "5"
    assert "Countries represented" not in metrics  # a derived count beside the source's "65 countries" misleads
    assert metrics["With a deadline"] == "1 of 12"
    assert metrics["Overdue"] == "0"
    assert metrics["Countdown"] == "39 days left"
    assert app.get("plotly_chart")


def test_overview_countdown_follows_the_as_of_date(open_page):
    app = open_page("app_pages/overview.py", as_of="2026-11-01")
    assert {m.label: m.value for m in app.metric}["Countdown"] == "60 days left"


def test_an_as_of_date_after_today_is_ignored(open_page):
    app = open_page("app_pages/overview.py", as_of="2026-12-01")
    assert {m.label: m.value for m in app.metric}["Countdown"] == "39 days left"


def test_overview_countdown_says_how_overdue(open_page, monkeypatch):
    monkeypatch.setenv("TRACKER_TODAY", "2027-01-05")
    app = open_page("app_pages/overview.py")
    metrics = {m.label: m.value for m in app.metric}
    # Nobody assessed the plan: its deadline has passed, and whether it was met is not known.
    assert metrics["Countdown"] == "deadline passed 5 days ago, not assessed"
    assert (metrics["Overdue"], metrics["Deadline passed, not assessed"]) == ("0", "1")
    assert "1 on an inferred deadline" in [c.value for c in app.caption]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, 12),
        ({"framework": "Seoul Statement"}, 4),
        ({"kind": "Priority"}, 3),
        ({"event": "WAIC 2025 forum"}, 8),
        ({"party": "ISO"}, 4),
        ({"theme": "Human rights"}, 1),
        ({"status": "Not assessed"}, 12),
        ({"specificity": "3 of 3"}, 1),
        ({"due": "Has a deadline"}, 1),
        ({"q": "capacity"}, 1),
        ({"stale": "true"}, 12),
        ({"framework": "WAIC 2025 forum", "specificity": "1 of 3"}, 3),
        ({"party": ["IEC", "China"]}, 8),
    ],
)
def test_query_params_reproduce_a_filtered_view(open_page, params, expected):
    cards = open_page("app_pages/commitments.py", **params)
    assert len(listed(cards)) == expected
    rows = open_page("app_pages/commitments.py", view_table="true", **params)
    assert list(only_table(rows)["slug"]) == listed(cards)


def test_a_long_list_is_shown_a_page_at_a_time_and_exported_whole(open_page, follow, seeded):
    from benchmarks.synthetic import add_commitments

    add_commitments(seeded, 42)  # 54 in all: three pages of 25
    first = open_page("app_pages/commitments.py")
    assert len(listed(first)) == LIST_PAGE_SIZE == 25
    assert any("Commitments 1–25 of 54" in c.value for c in first.caption)
    last = open_page("app_pages/commitments.py", page="3")
    assert len(listed(last)) == 4 and not set(listed(last)) & set(listed(first))
    assert any("Commitments 51–54 of 54" in c.value for c in last.caption)
    assert len(csv_rows(follow(first, "/api/v1/commitments.csv").text)) == 54  # the view, every page of it


def test_the_csv_download_holds_exactly_the_rows_shown(open_page, follow):
    app = open_page("app_pages/commitments.py", framework="Seoul Statement", view_table="true")
    shown = only_table(app)
    response = follow(app, "/api/v1/commitments.csv")
    assert (
        'filename="commitments_framework-seoul-statement_as-of-2026-11-22.csv"'
        in response.headers["content-disposition"]
    )
    rows = csv_rows(response.text)
    assert [r["slug"] for r in rows] == list(shown["slug"])
    assert [r["title"] for r in rows] == list(shown["title"])
    # The same codes as the CLI export, the words beside them, and the quote and its source.
    assert {r["status"] for r in rows} == {"not_assessed"}
    assert all(r["source"] == "seoul-statement-announcement" and r["source_quote"] for r in rows)
    excel = follow(app, "/api/v1/commitments.csv?framework=Seoul+Statement&as_of=2026-11-22&excel=true")
    assert "_excel.csv" in excel.headers["content-disposition"] and excel.text.startswith(EXCEL_BOM)
    assert csv_rows(excel.text.removeprefix(EXCEL_BOM)) == rows
    assert follow(app, "/api/v1/commitments?").json()["total"] == len(rows)
    assert page_links(app)[3].startswith("/feeds/changes.atom?framework=Seoul+Statement")


def test_every_chart_and_table_on_the_overview_can_be_downloaded(open_page, follow):
    app = open_page("app_pages/overview.py")
    deadlines = csv_rows(follow(app, "/api/v1/commitments.csv?due=has_deadline").text)
    assert [r["slug"] for r in deadlines] == ["samr-50-more-ai-standards"]
    rows = csv_rows(follow(app, "/export/charts/status-by-framework.csv").text)
    assert [(r["framework"], r["kind"], r["Not assessed"]) for r in rows] == [
        ("Seoul Statement", "commitment", "4"),
        ("WAIC 2025 forum", "commitment", "5"),
        ("WAIC 2025 forum", "priority", "3"),
    ]


def test_each_list_of_choices_says_how_many_commitments_each_keeps_and_a_change_recounts(open_page):
    """Under each list of choices in the sidebar: the commitments each choice keeps with the other filters as they
    are. With the Seoul Statement chosen, China and Shanghai keep none, which says why the party filter cannot
    find them; choosing a kind recounts the framework's list."""
    app = open_page("app_pages/commitments.py", framework="Seoul Statement")
    captions = [c.value for c in app.sidebar.caption]
    assert "IEC 4 · ISO 4 · ITU 4 · China 0 · Shanghai 0" in captions
    assert "WAIC 2025 forum 8 · Seoul Statement 4" in captions  # its own list: as if it were the only choice
    app.sidebar.multiselect(key="kind").set_value(["priority"]).run()
    assert "WAIC 2025 forum 3 · Seoul Statement 0" in [c.value for c in app.sidebar.caption]
    party_help = next(w for w in app.sidebar.multiselect if w.key == "party").help
    assert "Party located in" in party_help and "the commitments each choice keeps" in party_help


def test_the_counts_under_the_lists_are_read_beside_the_page_not_after_it(open_page):
    """The counts (queries.facet_counts) are started ahead when the sidebar has chosen the view, on another thread,
    so the database works on them while the page draws its list; the page writes them at its end."""
    threads = []

    def note(_connection, _cursor, statement, *_):
        if "facet_" in statement:
            threads.append(threading.current_thread().name)

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", note)  # the app's own engine
    try:
        app = open_page("app_pages/commitments.py", framework="Seoul Statement")
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", note)
    assert "IEC 4 · ISO 4 · ITU 4 · China 0 · Shanghai 0" in [c.value for c in app.sidebar.caption]
    assert len(threads) == 1 and threads[0].startswith("query-ahead"), threads


READS: list[tuple[str, str]] = []
BEGUN = threading.Event()


def read_for_test(_engine, word: str) -> str:
    """A read for the test below: it notes what it read on which thread, and fails when asked to."""
    READS.append((word, threading.current_thread().name))
    BEGUN.set()
    if word == "broken":
        raise ValueError("the database said no")
    return word.upper()


def test_a_read_started_ahead_runs_once_and_the_page_gets_its_result_or_its_error(db_url, seeded, monkeypatch):
    """query_ahead starts a read on another thread; `query` of the same read later in the run takes its result, not
    reading again. Once cached, it is not started again; a read that fails fails the page that asks for it."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    clear_query_cache()
    READS.clear()

    def page():
        import streamlit as st

        from app_pages.ui.data import query, query_ahead
        from tests.test_pages import BEGUN, read_for_test

        word = st.query_params.get("word", "ahead")
        BEGUN.clear()
        query_ahead(read_for_test, word)
        if wait := st.query_params.get("wait"):  # the read has begun on its thread before it is asked
            BEGUN.wait(int(wait))
        st.write(query(read_for_test, word))

    app = AppTest.from_function(page, default_timeout=30)
    app.query_params["wait"] = "10"
    app.run()
    assert not app.exception and app.markdown[0].value == "AHEAD"
    assert len(READS) == 1 and READS[0][0] == "ahead" and READS[0][1].startswith("query-ahead"), READS
    app.query_params.pop("wait")
    app.run()  # cached: neither started ahead nor read again
    assert not app.exception and app.markdown[0].value == "AHEAD" and len(READS) == 1
    app.query_params["word"], app.query_params["wait"] = "broken", "10"
    app.run()
    assert len(app.exception) == 1 and not app.markdown  # the error shown (its details only in the server's log)
    assert [word for word, _ in READS] == ["ahead", "broken"]


def test_an_empty_result_says_how_to_widen_it(open_page):
    app = open_page("app_pages/commitments.py", q="no commitment says this")
    assert "No commitment matches these filters" in app.info[0].value


def test_the_plan_scores_three_of_three_with_its_countdown(open_page):
    app = open_page("app_pages/commitment.py", commitment="samr-50-more-ai-standards")
    text = markdown_text(app)
    assert "**Specificity: 3 of 3**" in text
    assert "39 days left" in text
    assert "31 December 2026 \\(inferred\\)" in text
    assert "Why inferred" in text
    assert app.success and "Verifiable as written" in app.success[0].value


def test_a_seoul_commitment_names_parties_but_no_deadline_or_target(open_page):
    app = open_page("app_pages/commitment.py", commitment="seoul-ai-capacity-building")
    text = markdown_text(app)
    assert "**Specificity: 1 of 3**" in text
    assert "✓ Names who commits\\: IEC, ISO, ITU" in text
    assert "✗ Sets no deadline" in text and "✗ Sets no measurable target" in text
    assert any("Not verifiable as written" in w.value for w in app.warning)


def test_the_evidence_links_to_the_passage_in_the_source(open_page):
    app = open_page("app_pages/commitment.py", commitment="samr-50-more-ai-standards")
    links = [p for p in app.get("page_link") if "Read this passage" in p.proto.label]
    assert links[0].proto.page == "sources"
    assert links[0].proto.query_string == "source=waic-2025-forum-report&fact=commitment%3Asamr-50-more-ai-standards"


def test_the_source_page_opens_at_a_fact(open_page):
    app = open_page(
        "app_pages/sources.py", source="waic-2025-forum-report", fact="commitment:samr-50-more-ai-standards"
    )
    text = markdown_text(app)
    assert "characters 1,121–1,418" in text
    assert "**Inferred**" in text
    assert ":orange-background[**Xiao Han, director" in text


def test_participation_says_what_each_figure_counts(open_page, follow):
    app = open_page("app_pages/participation.py", event="Seoul summit")
    text = markdown_text(app)
    assert "Seoul summit, over 300 participants" in text
    assert "WAIC" not in text.split("What each figure counts")[1].split("Each figure keeps")[0]
    rows = csv_rows(follow(app, "/export/charts/participation.csv").text)
    assert [(r["metric"], r["as_stated"]) for r in rows] == [("countries", "65"), ("participants", "over 300")]


def test_the_69_organizations_are_not_on_the_participation_chart(open_page, follow):
    app = open_page("app_pages/participation.py")
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    values = [value for trace in spec["data"] for value in trace.get("x", [])]
    assert values and 69 not in values
    assert all("organizations" not in str(trace.get("text", "")) for trace in spec["data"])
    rows = csv_rows(follow(app, "/export/charts/participation.csv").text)
    assert "waic-chinese-organizations-in-itu" not in {r["slug"] for r in rows}
    context = csv_rows(follow(app, "/api/v1/participation-figures.csv").text)
    assert [r["slug"] for r in context] == ["waic-chinese-organizations-in-itu"]
    text = markdown_text(app)
    assert "Other figures stated at the events" in [h.value for h in app.subheader]
    assert "69 organizations\\: Chinese organizations currently contributing" in text


def test_stakeholders_show_organizations_at_both_events_and_the_matrix(open_page, follow):
    app = open_page("app_pages/stakeholders.py")
    assert "**ISO**" in markdown_text(app) and "**ITU**" in markdown_text(app)
    roles = csv_rows(follow(app, "/api/v1/event-roles.csv").text)
    assert len(roles) == 14  # every event's roles: no event chosen
    assert all(r["inferred_values"].startswith("role: ") for r in roles if r["role"] == "participant")
    matrix = csv_rows(follow(app, "/export/charts/party-matrix.csv").text)
    iso = next(r for r in matrix if r["organization"] == "ISO")
    assert iso["Enhance public-private collaboration on AI capacity building"] == "party"
    waic_page = open_page("app_pages/stakeholders.py", framework="WAIC 2025 forum")
    waic = csv_rows(follow(waic_page, "/export/charts/party-matrix.csv?framework=WAIC+2025+forum").text)
    china = next(r for r in waic if r["organization"] == "China")
    assert (
        china[
            "Keep engaging with the international community on AI ethics, legal standards, technology and applications"
        ]
        == "party (inferred)"
    )


def test_stored_text_is_shown_as_text_not_markup(open_page, seeded):
    hostile = "<script>alert(1)</script> **loud** [click](javascript:alert(1))"
    with seeded.begin() as connection:
        connection.execute(
            sa.text("UPDATE commitment SET title = :t WHERE slug = 'seoul-ai-capacity-building'"), {"t": hostile}
        )
    app = open_page("app_pages/commitment.py", commitment="seoul-ai-capacity-building")
    assert (
        app.title[0].value == "\\<script\\>alert\\(1\\)\\</script\\> \\*\\*loud\\*\\* "
        "\\[click\\]\\(javascript\\:\u2060alert\\(1\\)\\)"
    )
    assert all("<script>" not in m.value for m in app.markdown)


def test_the_search_text_is_echoed_as_text(open_page):
    app = open_page("app_pages/commitments.py", q="**x**")
    assert any('text contains "\\*\\*x\\*\\*"' in c.value for c in app.caption)


def test_the_overview_offers_the_view_as_a_deck_and_a_brief_at_addresses_any_server_answers(open_page, follow):
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from tracker.web import routes

    app = open_page("app_pages/overview.py", framework="Seoul Statement")
    links = {button.proto.label: button.proto.url for button in app.get("link_button")}
    query = "framework=Seoul+Statement&as_of=2026-11-22"
    assert links["Download deck"] == f"/export/deck.pptx?{query}"
    assert links["Download brief (PDF)"] == f"/export/brief.pdf?{query}"
    client = TestClient(Starlette(routes=routes()))
    deck = client.get(links["Download deck"])
    name = "ai-standards-commitments_framework-seoul-statement_as-of-2026-11-22.pptx"
    assert f'filename="{name}"' in deck.headers["content-disposition"]
    assert deck.content[:2] == b"PK"  # a .pptx is a zip archive
    assert client.get(links["Download deck"]).content == deck.content  # kept: the same file again
    assert client.get(links["Download brief (PDF)"]).content.startswith(b"%PDF")
    assert client.get("/export/deck.pptx?framework=G7").status_code == 400
    png = follow(app, "/export/charts/status-by-framework.png")
    assert png.headers["content-type"] == "image/png" and png.content.startswith(b"\x89PNG")
    svg = follow(app, "/export/charts/status-by-framework.svg?framework=Seoul+Statement")
    assert "<svg" in svg.text[:500] and "Seoul Statement" in svg.text


def test_presentation_mode_shows_charts_without_controls(open_page):
    app = open_page("app_pages/overview.py", present="1")
    assert app.get("plotly_chart")
    assert not page_links(app)  # no data links
    assert not [b for b in app.button if b.key in ("sign_out", "sign_in_submit")]
    assert any("Leave presentation" in b.proto.label for b in app.get("link_button"))


def test_the_methodology_page_shows_the_codebook_and_every_passage(open_page, follow):
    app = open_page("app_pages/methodology.py")
    text = markdown_text(app)
    assert "**1. Summary of a statement**" in text and "**7. Context**" in text
    passages = next(df.value for df in app.dataframe if "classification" in df.value.columns)
    assert len(passages) == 45
    rows = csv_rows(follow(app, "/api/v1/passages.csv").text)
    assert len(rows) == 45
    assert {r["classification"] for r in rows} >= {"commitment", "priority", "summary", "aim", "figure"}
    inferred = csv_rows(follow(app, "/api/v1/inferences.csv").text)
    assert ("organization:miit", "name") in {(r["fact"], r["field"]) for r in inferred}
    narrowed = open_page("app_pages/methodology.py", m_class="Priority")
    assert len(next(df.value for df in narrowed.dataframe if "classification" in df.value.columns)) == 1
    assert [r["classification"] for r in csv_rows(follow(narrowed, "/api/v1/passages.csv").text)] == ["priority"]


def test_a_date_before_every_event_says_so_instead_of_blaming_a_filter(open_page):
    app = open_page("app_pages/overview.py", as_of="2025-07-01")
    assert "No commitment had been made by 1 July 2025" in app.info[0].value
    assert {m.label: m.value for m in app.metric}["Events"] == "0"


def test_the_commitment_page_says_who_commits_and_who_said_it(open_page):
    app = open_page("app_pages/commitment.py", commitment="waic-engage-international-community")
    text = markdown_text(app)
    assert "**Who commits:** China \\(inferred\\)" in text
    assert "Why China is inferred" in text
    assert "**Said by:** Shan Zhongde" in text
    assert "Names no party outright \\(inferred party\\: China\\)" in text
    # A role that names its body already is not followed by the body again in brackets.
    samr = markdown_text(open_page("app_pages/commitment.py", commitment="samr-50-more-ai-standards"))
    assert "**Said by:** Xiao Han, Director of the standards innovation management department, State " in samr
    assert "Market Regulation \\(State Administration" not in samr


def test_a_commitment_looked_at_before_it_was_made_has_no_status_or_countdown_yet(open_page):
    before = markdown_text(
        open_page("app_pages/commitment.py", commitment="samr-50-more-ai-standards", as_of="2025-01-01")
    )
    assert "**Status as of 1 January 2025:** not yet made" in before
    assert "days left" not in before
    assert "**Deadline:** 31 December 2026 \\(inferred\\)\n" in before + "\n"  # no countdown after it
    made = open_page("app_pages/commitment.py", commitment="samr-50-more-ai-standards", as_of="2025-01-01")
    assert any("It counts as made on" in c.value and "(inferred)" in c.value for c in made.caption)
    after = markdown_text(
        open_page("app_pages/commitment.py", commitment="samr-50-more-ai-standards", as_of="2025-08-01")
    )
    assert "**Status as of 1 August 2025:** Not assessed" in after
    assert "days left" in after


def test_a_long_source_is_shown_a_part_at_a_time(open_page, seeded):
    from models.inputs import SourceCreate
    from tracker.write import auth, writes

    auth.add_user(seeded, username="ed", role="editor", password="a long enough password")
    editor = auth.sign_in(seeded, "ed", "a long enough password")
    line = "A sentence of a long report about standards, repeated to make a document of some size.\n"
    writes.add_source(
        seeded, data=SourceCreate(slug="aaa-long-report", label="A long report", text=line * 3000), actor=editor
    )
    app = open_page("app_pages/sources.py", source="aaa-long-report")
    shown = [m for m in app.markdown if m.value.startswith("A sentence")]
    assert 0 < len(shown) <= 20_000 // len(line) + 1  # one part, not all 3,000 lines
    assert any("Part 1 of 14" in c.value for c in app.caption)
    later = open_page("app_pages/sources.py", source="aaa-long-report", part="14")
    assert any("Part 14 of 14" in c.value for c in later.caption)


def test_a_source_over_the_size_limit_is_refused_with_a_clear_message():
    from pydantic import ValidationError

    from models.inputs import MAX_SOURCE_CHARS, SourceCreate

    with pytest.raises(ValidationError, match="at most 300000 characters"):
        SourceCreate(slug="huge", label="Huge", text="x" * (MAX_SOURCE_CHARS + 1))


def test_a_search_of_ten_thousand_characters_in_the_address_is_cut_to_the_limit(open_page):
    app = open_page("app_pages/commitments.py", q="rights " * 1500)
    caption = next(c.value for c in app.caption if c.value.startswith("Showing"))
    assert len(caption) < 400  # the search echoed is at most 200 characters, not 10,500


def test_each_commitment_is_linked_to_its_own_address_wherever_it_is_listed(open_page):
    cards = open_page("app_pages/commitments.py", as_of="2026-10-01")
    assert len(listed(cards)) == 12  # every card's title, keeping the as-of date chosen
    links = [link.proto for link in cards.get("page_link") if link.proto.page == "commitment"]
    assert all(parse_qs(link.query_string)["as_of"] == ["2026-10-01"] for link in links)
    rows = only_table(open_page("app_pages/commitments.py", view_table="true"))
    assert rows.loc[rows["slug"] == "samr-50-more-ai-standards", "address"].item() == (
        "commitment?commitment=samr-50-more-ai-standards"
    )
    dated = only_table(open_page("app_pages/commitments.py", view_table="true", as_of="2026-10-01"))
    assert dated.loc[dated["slug"] == "samr-50-more-ai-standards", "address"].item() == (
        "commitment?commitment=samr-50-more-ai-standards&as_of=2026-10-01"
    )
    assert listed(open_page("app_pages/overview.py")) == ["samr-50-more-ai-standards"]


def test_present_mode_shows_tables_in_large_plain_type_with_their_labels_and_text_as_text(open_page, seeded):
    with seeded.begin() as connection:
        connection.execute(
            sa.text("UPDATE person SET name = '**Loud** [x](http://evil.example)' WHERE slug = 'jo-cops'")
        )
    app = open_page("app_pages/stakeholders.py", present="1")
    assert not app.dataframe  # no canvas tables: they cannot be enlarged for a room
    people = next(t.value for t in app.table if "Name" in t.value.columns)
    assert list(people.columns)[:2] == ["Name", "Also written"]  # the labels, not the column names
    assert "\\*\\*Loud\\*\\* \\[x\\]\\(http\\:\u2060//evil\\.example\\)" in list(people["Name"])
    screen = open_page("app_pages/stakeholders.py")
    assert not screen.table and len(screen.dataframe) == 2


def test_the_commitments_page_links_its_view_as_json_and_csv(open_page):
    app = open_page("app_pages/commitments.py", framework="Seoul Statement", status="Not assessed")
    line = next(m.value for m in app.markdown if m.value.startswith("This view (4 commitments) as"))
    query = "framework=Seoul+Statement&status=not_assessed&as_of=2026-11-22"
    assert f"[JSON](/api/v1/commitments?{query})" in line and f"[CSV](/api/v1/commitments.csv?{query})" in line
    assert f"[CSV for Excel](/api/v1/commitments.csv?{query}&excel=true)" in line
    feed = "framework=Seoul+Statement&status=not_assessed"  # no as-of date: a feed keeps following today
    assert f"[Atom feed](/feeds/changes.atom?{feed})" in line
    assert f"[calendar](/feeds/deadlines.ics?{feed})" in markdown_text(app)
    alone = open_page("app_pages/commitments.py", due="Has a deadline")
    assert any(m.value.startswith("This view (1 commitment) as") for m in alone.markdown)
    one = open_page("app_pages/commitment.py", commitment="samr-50-more-ai-standards")
    assert any("(/feeds/changes.atom?commitment=samr-50-more-ai-standards)" in m.value for m in one.markdown)


def test_no_page_script_holds_a_bare_value_for_magic_to_show():
    """Streamlit's "magic" is off (.streamlit/config.toml), so a value left bare on its own line of a page script
    would show nothing: none may hold one, docstrings aside."""
    import ast
    import tomllib

    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["magicEnabled"] is False
    scripts = [PROJECT_ROOT / "app.py", *sorted((PROJECT_ROOT / "app_pages").glob("*.py"))]
    bare = []
    for script in scripts:
        for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
            body = getattr(node, "body", None)
            for number, statement in enumerate(body if isinstance(body, list) else []):
                docstring = number == 0 and isinstance(getattr(statement, "value", None), ast.Constant)
                if isinstance(statement, ast.Expr) and not isinstance(statement.value, ast.Call) and not docstring:
                    bare.append(f"{script.name}:{statement.lineno}")
    assert len(scripts) > 10 and bare == []


def test_a_commitment_with_a_countable_target_and_a_deadline_says_whether_it_is_on_track(open_page):
    test = open_page("app_pages/commitment.py", commitment="samr-50-more-ai-standards")
    assert "**On track:** cannot say \\(not assessed\\)" in markdown_text(test)
    assert any("straight line from the day the commitment was made" in c.value for c in test.caption)
