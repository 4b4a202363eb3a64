"""An event's dates and a document's publication date known only to a month, quarter or year: stored as the
period's last day (the earliest day the text vouches for), shown as written, and counted from in every rule."""

import csv
import datetime as dt

import pytest
from pydantic import ValidationError
from sqlmodel import Session

from models.inputs import EventCreate, SourceCreate
from models.tables import Event, Source
from tests.conftest import run_cli
from tests.test_bulk import copy_facts
from tracker.domain import rules
from tracker.present import exports
from tracker.read import provenance, queries
from tracker.read.filters import CommitmentFilter
from tracker.write import auth, writes

EVENT = "lakeside-forum-on-ai-standards"
PASSWORD = "a long enough password"


def test_a_period_is_stored_as_its_last_day_and_dates_in_two_periods_are_refused():
    evidence = {"source_slug": "s", "source_quote": "q"}
    march = EventCreate(
        slug="e", name="E", start_date="2026-03-14", end_date="2026-03-14", dates_precision="month", **evidence
    )
    assert (march.start_date, march.end_date) == (dt.date(2026, 3, 31), dt.date(2026, 3, 31))
    with pytest.raises(ValidationError, match="start_date and end_date are in different quarters"):
        EventCreate(slug="e", name="E", start_date="2026-03-30", end_date="2026-04-02", dates_precision="quarter",
                    **evidence)  # fmt: skip
    plan = SourceCreate(slug="p", label="P", text="t", published_on="2025-06-01", published_on_precision="year")
    assert plan.published_on == dt.date(2025, 12, 31)
    with pytest.raises(ValidationError, match="a publication date known to the year needs its date"):
        SourceCreate(slug="p", label="P", text="t", published_on_precision="year")
    assert rules.dated_words(dt.date(2026, 3, 31), "month") == "March 2026 (counted from its last day, 31 March 2026)"
    assert rules.dated_words(dt.date(2026, 3, 14)) == "14 March 2026"


@pytest.fixture
def lakeside_in_march(seeded, db_url, tmp_path):
    """The Lakeside forum as a text that says only "in March 2026"."""
    auth.add_user(seeded, username="carol", role="editor", password=PASSWORD)

    def known_to_the_month(raw):
        raw["events"][0]["dates_precision"] = "month"
        raw["events"][0]["end_date"] = raw["events"][0]["start_date"]

    path = copy_facts(tmp_path, "lakeside_forum", known_to_the_month)
    result = run_cli("contribute", str(path), "--by", "carol", db_url=db_url)
    assert result.returncode == 0, result.stderr
    return seeded


def test_commitments_made_at_an_event_known_to_a_month_count_from_its_last_day(lakeside_in_march, tmp_path):
    engine = lakeside_in_march
    with Session(engine) as session:
        event = session.get(Event, EVENT)
    assert (event.start_date, event.end_date, event.dates_precision) == (
        dt.date(2026, 3, 31), dt.date(2026, 3, 31), "month",
    )  # fmt: skip
    framework = ("Lakeside Pledge",)
    mid_month = CommitmentFilter(as_of=dt.date(2026, 3, 20), frameworks=framework)
    month_end = CommitmentFilter(as_of=dt.date(2026, 3, 31), frameworks=framework)
    assert queries.count_commitments(engine, mid_month) == 0  # the text does not say they were made by then
    assert queries.count_commitments(engine, month_end) == 3
    facts = provenance.source_facts(engine, "lakeside-forum-report").set_index("fact")
    assert facts.loc[f"event:{EVENT}", "value"] == "March 2026 (counted from its last day, 31 March 2026)"
    exports.export_tables(engine, tmp_path / "out", CommitmentFilter(as_of=dt.date(2026, 11, 22)))
    with (tmp_path / "out" / "events.csv").open(encoding="utf-8", newline="") as written:
        rows = {row["slug"]: row for row in csv.DictReader(written)}
    assert (rows[EVENT]["start_date"], rows[EVENT]["dates_precision"]) == ("2026-03-31", "month")
    assert rows["seoul-ai-standards-summit-2025"]["dates_precision"] == "day"


def test_correcting_a_precision_moves_the_dates_to_the_periods_last_day_and_logs_both(lakeside_in_march):
    engine = lakeside_in_march
    editor = auth.sign_in(engine, "carol", PASSWORD)
    with Session(engine) as session:
        version = session.get(Event, EVENT).version
    quarter = {"dates_precision": "quarter"}
    writes.correct_fact(engine, kind="event", key=EVENT, values=quarter, reason="The text says only the first quarter",
                        expected_version=version, actor=editor)  # fmt: skip
    with Session(engine) as session:
        event = session.get(Event, EVENT)
        source = session.get(Source, "lakeside-forum-report")
    assert (event.start_date, event.end_date, event.dates_precision) == (dt.date(2026, 3, 31),) * 2 + ("quarter",)
    writes.correct_fact(engine, kind="source", key=source.slug,
                        values={"published_on": dt.date(2026, 5, 2), "published_on_precision": "month"},
                        reason="Dated May 2026", expected_version=source.version, actor=editor)  # fmt: skip
    with Session(engine) as session:
        assert session.get(Source, "lakeside-forum-report").published_on == dt.date(2026, 5, 31)
    documents = provenance.sources_table(engine).set_index("slug")
    assert documents.loc["lakeside-forum-report", "published_on_precision"] == "month"


def test_a_facts_file_with_a_precision_but_no_date_is_refused_with_the_field(seeded, db_url, tmp_path):
    auth.add_user(seeded, username="carol", role="editor", password=PASSWORD)

    def no_date(raw):
        raw["sources"][0]["published_on_precision"] = "year"

    path = copy_facts(tmp_path, "lakeside_forum", no_date)
    result = run_cli("contribute", str(path), "--by", "carol", db_url=db_url)
    assert result.returncode != 0
    assert "a publication date known to the year needs its date" in result.stderr
    with Session(seeded) as session:
        assert session.get(Source, "lakeside-forum-report") is None  # nothing written
