"""The dashboard's queries against a seeded database: each filter narrows as it should, numbers add up."""

import dataclasses
import datetime as dt

import pytest
from sqlmodel import Session, select

from models.db import write_session
from models.tables import Commitment, Organization
from tracker import provenance, queries, rules
from tracker.filters import CommitmentFilter

AS_OF = dt.date(2026, 11, 22)
ALL = CommitmentFilter(as_of=AS_OF)


def slugs(engine, **changes) -> set[str]:
    return set(queries.commitments_table(engine, dataclasses.replace(ALL, **changes))["slug"])


def test_unfiltered_shows_every_commitment(seeded):
    assert len(slugs(seeded)) == 10
    assert queries.count_commitments(seeded, ALL) == 10


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"frameworks": ("Seoul Statement",)}, 4),
        ({"events": ("waic-2025-ai-standardization-forum",)}, 6),
        ({"parties": ("samr",)}, 1),
        ({"parties": ("iso",)}, 4),
        ({"themes": ("human-rights",)}, 1),
        ({"statuses": ("not_assessed",)}, 10),
        ({"statuses": ("complete",)}, 0),
        ({"specificity": (3,)}, 1),
        ({"specificity": (1,)}, 9),
        ({"due": "due_within", "due_within_days": 39}, 1),
        ({"due": "due_within", "due_within_days": 38}, 0),
        ({"due": "overdue"}, 0),
        ({"due": "no_deadline"}, 9),
        ({"search": "HUMAN RIGHTS"}, 1),
        ({"search": "standards"}, 5),
        ({"search": "100%"}, 0),
        ({"search": "_"}, 0),
    ],
)
def test_each_filter_narrows_to_the_commitments_it_names(seeded, changes, expected):
    assert len(slugs(seeded, **changes)) == expected
    assert queries.count_commitments(seeded, dataclasses.replace(ALL, **changes)) == expected


def test_filters_combine(seeded):
    assert slugs(seeded, frameworks=("WAIC 2025 forum",), parties=("miit",), themes=("industrial-ai",)) == {
        "waic-industrial-ai-applications"
    }


def test_overdue_counts_from_the_as_of_date(seeded):
    assert slugs(seeded, due="overdue", as_of=dt.date(2027, 1, 1)) == {"samr-50-more-ai-standards"}


def test_the_table_carries_specificity_and_countdown(seeded):
    table = queries.commitments_table(seeded, ALL).set_index("slug")
    plan = table.loc["samr-50-more-ai-standards"]
    assert (plan["specificity"], plan["countdown"], plan["days_left"], plan["verifiable"]) == (
        "3 of 3", "39 days left", 39, True,
    )  # fmt: skip
    assert plan["target"] == "at least 50 AI-related standards"
    seoul = table.loc["seoul-ai-capacity-building"]
    assert (seoul["specificity"], seoul["verifiable"], seoul["parties"]) == ("1 of 3", False, "IEC; ISO; ITU")


def test_sql_specificity_agrees_with_the_rule_for_every_commitment(seeded):
    table = queries.commitments_table(seeded, ALL)
    for slug, shown in zip(table["slug"], table["specificity"], strict=True):
        detail = queries.commitment_detail(seeded, slug, AS_OF)
        assert shown == detail["specificity"].label, slug


def test_detail_of_the_plan(seeded):
    detail = queries.commitment_detail(seeded, "samr-50-more-ai-standards", AS_OF)
    assert detail["stated_by"]["name"] == "Xiao Han"
    assert [(p["slug"], p["role"]) for p in detail["parties"]] == [("samr", "responsible")]
    assert detail["countdown"] == "39 days left"
    assert detail["source_title"] == "WAIC 2025 forum report"
    assert queries.commitment_detail(seeded, "no-such-commitment", AS_OF) is None


def test_status_by_framework_counts_every_status(seeded):
    counts = queries.status_by_framework(seeded, ALL)
    assert len(counts) == 2 * 6
    assert counts["commitments"].sum() == 10
    assert queries.status_totals(seeded, ALL)["not_assessed"] == 10


def test_headline_counts(seeded):
    counts = queries.headline_counts(seeded)
    assert (counts["commitments"], counts["events"], counts["organizations"], counts["countries"]) == (10, 2, 13, 2)


def test_deadlines_lists_the_plan_with_its_countdown(seeded):
    deadlines = queries.deadlines(seeded, ALL)
    assert list(deadlines["slug"]) == ["samr-50-more-ai-standards"]
    assert deadlines.loc[0, "countdown"] == "39 days left"


def test_participation_figures_read_as_stated(seeded):
    figures = queries.participation(seeded).set_index("slug")
    assert figures.loc["seoul-summit-participants", "as_stated"] == "300+"
    assert figures.loc["seoul-summit-countries", "as_stated"] == "65"
    assert len(queries.participation(seeded, ("seoul-ai-standards-summit-2025",))) == 2


def test_initiatives_by_event_and_kind(seeded):
    assert len(queries.initiatives(seeded)) == 4
    assert list(queries.initiatives(seeded, kinds=("case_collection",))["item_count"]) == [10]
    assert queries.initiatives(seeded, events=("seoul-ai-standards-summit-2025",)).empty


def test_iso_and_itu_appear_at_both_events(seeded):
    assert list(queries.organizations_at_every_event(seeded)["organization"]) == ["ISO", "ITU"]


def test_people_show_other_spellings_and_where_they_spoke(seeded):
    people = queries.people(seeded).set_index("slug")
    assert people.loc["cho-sung-hwan", "also_written"] == "Sung Hwan Cho"
    assert people.loc["cho-sung-hwan", "spoke_at"] == "Seoul summit (1 statement); WAIC 2025 forum (1 statement)"


def test_party_matrix_follows_the_filter(seeded):
    matrix = queries.party_matrix(seeded, dataclasses.replace(ALL, frameworks=("Seoul Statement",)))
    assert set(matrix["organization"]) == {"IEC", "ISO", "ITU"}
    assert len(matrix) == 12 and set(matrix["role"]) == {"party"}


def test_every_fact_of_a_source_is_listed_at_its_offsets(seeded):
    with Session(seeded) as session:
        text = session.get(provenance.Source, "waic-2025-forum-report").text
    facts = provenance.source_facts(seeded, "waic-2025-forum-report")
    for fact in facts.itertuples():
        assert text[fact.quote_start : fact.quote_end] == fact.quote
    plan = facts[facts["fact"] == "commitment:samr-50-more-ai-standards"].iloc[0]
    assert plan["inferred"] and "end of next year" in plan["inference_note"]
    figure = facts[facts["fact"] == "participation_figure:waic-forum-delegates"].iloc[0]
    assert figure["value"] == "200+"
    roles = facts[facts["kind"] == "Role at an event"]
    assert "ISO at WAIC 2025 forum" in set(roles["label"])
    seoul = provenance.source_facts(seeded, "seoul-statement-announcement")
    assert len(facts) + len(seoul) == 64


def test_highlighting_escapes_the_text_and_marks_the_focus():
    text = "Plain [link](javascript:alert(1)) and <b>bold</b>.\nSecond *line* with $5."
    second = text.index("Second")
    lines = provenance.highlighted_lines(text, [(0, 5)], focus=(second, second + 7))
    assert len(lines) == 2
    assert lines[0].startswith(":blue-background[Plain]")
    assert "\\[link\\]\\(javascript\\:alert\\(1\\)\\)" in lines[0]
    assert "\\<b\\>bold\\</b\\>" in lines[0]
    assert lines[1].startswith(":orange-background[**Second**]")
    assert "\\*line\\*" in lines[1] and "\\$5\\." in lines[1]


def test_overlapping_spans_merge_into_one_highlight():
    runs = provenance.segments("abcdefgh", [(1, 4), (3, 6)])
    assert [(s.text, s.highlighted) for s in runs] == [("a", False), ("bcdef", True), ("gh", False)]


def test_filter_options_come_from_the_data(seeded):
    options = queries.filter_options(seeded)
    assert options["frameworks"] == [("Seoul Statement", "Seoul Statement"), ("WAIC 2025 forum", "WAIC 2025 forum")]
    assert ("samr", "State Administration for Market Regulation") in options["parties"]
    assert ("waic-organizing-committee", "WAIC organizing committee") not in options["parties"]


def test_a_new_commitment_shows_up_in_counts(seeded):
    with write_session(seeded) as session:
        source = session.get(provenance.Source, "seoul-statement-announcement")
        quote = "Enhance public-private collaboration on AI capacity building."
        start = source.text.index(quote)
        session.add(
            Commitment(
                slug="extra", title="Extra", text=quote, framework="Seoul Statement",
                event_slug="seoul-ai-standards-summit-2025", source_slug=source.slug, source_quote=quote,
                quote_start=start, quote_end=start + len(quote), due_date=dt.date(2026, 12, 1),
            )
        )  # fmt: skip
    assert queries.count_commitments(seeded, ALL) == 11
    assert slugs(seeded, due="due_within", due_within_days=10) == {"extra"}
    assert queries.deadlines(seeded, ALL)["slug"].iloc[0] == "extra"
    assert rules.countdown_text(dt.date(2026, 12, 1), AS_OF) == "9 days left"
    with Session(seeded) as session:
        assert session.exec(select(Organization)).first() is not None
