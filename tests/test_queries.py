"""The dashboard's queries against a seeded database: each filter narrows as it should, numbers add up."""

import dataclasses
import datetime as dt

import pytest
from sqlmodel import Session, select

from models.db import write_session
from models.inputs import ProgressUpdateCreate
from models.tables import Commitment, Organization
from tracker.domain.vocab import STATUSES
from tracker.present import charts, words
from tracker.read import provenance, queries
from tracker.read.filters import FILTERS, CommitmentFilter
from tracker.write import auth, writes

AS_OF = dt.date(2026, 11, 22)
ALL = CommitmentFilter(as_of=AS_OF)


@pytest.fixture
def editor(seeded):
    auth.add_user(seeded, username="ed", role="editor", password="a long password")
    return auth.sign_in(seeded, "ed", "a long password")


def record(engine, actor, **values) -> None:
    data = {"commitment_slug": "samr-50-more-ai-standards", "rationale": "checked", "evidence_url": "https://e.org"}
    writes.record_progress(engine, data=ProgressUpdateCreate(**(data | values)), actor=actor)


def slugs(engine, **changes) -> set[str]:
    return set(queries.commitments_table(engine, dataclasses.replace(ALL, **changes))["slug"])


def test_unfiltered_shows_every_commitment(seeded):
    assert len(slugs(seeded)) == 12
    assert queries.count_commitments(seeded, ALL) == 12


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"frameworks": ("Seoul Statement",)}, 4),
        ({"events": ("waic-2025-ai-standardization-forum",)}, 8),
        ({"kinds": ("priority",)}, 3),
        ({"kinds": ("commitment",)}, 9),
        ({"parties": ("samr",)}, 0),  # SAMR's official said it; the text names China as the one that plans
        ({"parties": ("china",)}, 4),
        ({"parties": ("iso",)}, 4),
        ({"themes": ("human-rights",)}, 1),
        ({"statuses": ("not_assessed",)}, 12),
        ({"statuses": ("complete",)}, 0),
        ({"specificity": (3,)}, 1),
        ({"specificity": (1,)}, 7),
        ({"specificity": (0,)}, 4),  # inferred parties earn no point
        ({"due": "due_within", "due_within_days": 39}, 1),
        ({"due": "due_within", "due_within_days": 38}, 0),
        ({"due": "overdue"}, 0),
        ({"due": "no_deadline"}, 11),
        ({"search": "HUMAN RIGHTS"}, 1),
        ({"search": "standards"}, 5),
        ({"search": "100%"}, 0),
        ({"search": "_"}, 0),
    ],
)
def test_each_filter_narrows_to_the_commitments_it_names(seeded, changes, expected):
    assert len(slugs(seeded, **changes)) == expected
    assert queries.count_commitments(seeded, dataclasses.replace(ALL, **changes)) == expected


def test_a_country_takes_in_the_bodies_located_there_which_the_party_filter_keeps_apart(seeded):
    """China and Shanghai are parties of their own: choosing China as a party misses Shanghai's pledge; choosing
    the country keeps both, and the choice says the country is the tracker's reading for some of them."""
    china = slugs(seeded, parties=("china",))
    in_china = slugs(seeded, located=("China",))
    assert "shanghai-pioneering-ai-through-standardization" in in_china - china and china < in_china
    assert slugs(seeded, located=("Nowhere",)) == set()
    countries = dict(queries.filter_options(seeded)["countries"])
    assert countries["China"] == "China (inferred for some)"
    view = dataclasses.replace(ALL, located=("China",))
    assert view.describe(countries) == "party located in China (inferred for some)"
    assert view.file_stem("commitments").startswith("commitments_located_in-china")


@pytest.mark.parametrize(
    "view",
    [
        {},
        {"frameworks": ("Seoul Statement",)},
        {"statuses": ("not_assessed",), "kinds": ("commitment",)},
        # Filters that look up the tables the facets join: each must keep to its own.
        {"parties": ("iso", "china"), "themes": ("ai-governance",), "located": ("China",), "specificity": (1,)},
        # The other lists count within the commitments read off the first set list's pairs: with two of its
        # choices, beside a filter that is not a list, and with a list of several values a commitment.
        {"kinds": ("commitment", "priority"), "due": "has_deadline"},
        {"located": ("Republic of Korea", "China"), "search": "standard"},
    ],
    ids=["everything", "seoul", "not-assessed-commitments", "parties-themes-countries", "kinds-due", "located"],
)
def test_the_count_beside_each_choice_is_what_choosing_it_keeps(seeded, view):
    """facet_counts gives, for every choice of every list, the number of commitments the view keeps with that
    choice alone in its list and the other filters as they are: checked against the view itself."""
    base = dataclasses.replace(ALL, **view)
    counts = queries.facet_counts(seeded, base)
    options = queries.filter_options(seeded)
    checked = 0
    for spec in FILTERS:
        if spec.facet is None:
            continue
        choices = [v for v, _ in options[spec.choices]] if isinstance(spec.choices, str) else list(spec.labels())
        for choice in choices:
            kept = queries.count_commitments(seeded, dataclasses.replace(base, **{spec.field: (choice,)}))
            assert counts[spec.field].get(choice, 0) == kept, (spec.field, choice)
            checked += 1
    assert checked > 30


def test_filters_combine(seeded):
    assert slugs(seeded, frameworks=("WAIC 2025 forum",), parties=("china",), themes=("industrial-ai",)) == {
        "china-ai-for-new-industrialization"
    }


def test_a_passed_deadline_nobody_assessed_is_not_called_overdue(seeded, editor):
    after = dt.date(2027, 1, 1)
    assert slugs(seeded, due="overdue", as_of=after) == set()
    assert slugs(seeded, due="passed_not_assessed", as_of=after) == {"samr-50-more-ai-standards"}
    record(seeded, editor, as_of="2026-11-20", status="limited")
    assert slugs(seeded, due="overdue", as_of=after) == {"samr-50-more-ai-standards"}
    assert slugs(seeded, due="passed_not_assessed", as_of=after) == set()


def test_the_table_carries_specificity_and_countdown(seeded):
    table = words.commitments(queries.commitments_table(seeded, ALL), AS_OF).set_index("slug")
    plan = table.loc["samr-50-more-ai-standards"]
    assert (plan["specificity_label"], plan["countdown"], plan["days_left"], plan["verifiable"]) == (
        "3 of 3",
        "39 days left",
        39,
        True,
    )
    assert plan["target"] == "over 50 more AI-related standards"
    assert (plan["status"], plan["status_label"], plan["kind"]) == ("not_assessed", "Not assessed", "commitment")
    assert plan["source"] == "waic-2025-forum-report" and "plans to develop over 50 more" in plan["source_quote"]
    seoul = table.loc["seoul-ai-capacity-building"]
    assert (seoul["specificity_label"], seoul["verifiable"], seoul["parties"]) == ("1 of 3", False, "IEC; ISO; ITU")
    assert table.loc["waic-engage-international-community", "parties"] == "China (inferred)"


def test_sql_specificity_agrees_with_the_rule_for_every_commitment(seeded):
    table = words.commitments(queries.commitments_table(seeded, ALL), AS_OF)
    for slug, shown in zip(table["slug"], table["specificity_label"], strict=True):
        detail = queries.commitment_detail(seeded, slug, AS_OF)
        assert shown == detail["specificity"].label, slug


def test_detail_of_the_plan(seeded):
    detail = queries.commitment_detail(seeded, "samr-50-more-ai-standards", AS_OF)
    assert detail["stated_by"]["name"] == "Xiao Han"
    assert detail["stated_by"]["organization"] == "State Administration for Market Regulation"
    assert [(p["slug"], p["role"], p["inferred"]) for p in detail["parties"]] == [("china", "party", False)]
    assert detail["specificity"].criteria[0].reason == "Names who commits: China"
    assert detail["countdown"] == "39 days left"
    assert detail["source_title"] == "WAIC 2025 forum report"
    assert queries.commitment_detail(seeded, "no-such-commitment", AS_OF) is None


def test_status_by_framework_counts_every_status(seeded):
    counts = queries.status_by_framework(seeded, ALL)
    assert len(counts) == 3 * len(STATUSES)  # Seoul's commitments, WAIC's commitments, WAIC's priorities: each status
    assert counts["commitments"].sum() == 12
    assert counts.groupby("kind")["commitments"].sum().to_dict() == {"commitment": 9, "priority": 3}
    assert queries.status_totals(seeded, ALL)["not_assessed"] == 12


def test_the_view_counts_follow_the_filter_and_keep_commitments_and_priorities_apart(seeded):
    counts = queries.view_counts(seeded, ALL)
    assert (counts.matched, counts.kinds, counts.events, counts.sources, counts.parties) == (
        12,
        {"commitment": 9, "priority": 3},
        2,
        2,
        5,
    )
    seoul = queries.view_counts(seeded, dataclasses.replace(ALL, frameworks=("Seoul Statement",)))
    assert (seoul.matched, seoul.kinds, seoul.events, seoul.sources, seoul.parties) == (
        4,
        {"commitment": 4, "priority": 0},
        1,
        1,
        3,
    )
    assert counts.deadlines["due_soon"] == counts.inferred_deadlines["due_soon"] == 1  # "by the end of next year"


def test_a_commitment_marked_complete_is_never_overdue(seeded, editor):
    after_deadline = dataclasses.replace(ALL, as_of=dt.date(2027, 1, 10))
    assert queries.view_counts(seeded, after_deadline).deadlines["passed_not_assessed"] == 1
    record(seeded, editor, as_of="2026-11-20", status="limited")
    assert queries.view_counts(seeded, after_deadline).deadlines["overdue"] == 1
    record(seeded, editor, as_of="2026-11-21", status="complete")
    counts = queries.view_counts(seeded, after_deadline)
    assert (counts.with_deadline, counts.deadlines["overdue"], counts.deadlines["closed"]) == (1, 0, 1)
    assert slugs(seeded, due="overdue", as_of=dt.date(2027, 1, 10)) == set()
    assert (
        words.commitments(queries.commitments_table(seeded, after_deadline), after_deadline.as_of)
        .set_index("slug")
        .loc["samr-50-more-ai-standards", "flags"]
        == ""
    )


def test_deadlines_lists_the_plan_with_its_countdown(seeded):
    deadlines = queries.deadlines(seeded, ALL)
    assert list(deadlines["slug"]) == ["samr-50-more-ai-standards"]
    assert (deadlines.loc[0, "days_left"], deadlines.loc[0, "deadline_state"]) == (39, "due_soon")
    assert words.commitments(deadlines, AS_OF).loc[0, "countdown"] == "39 days left"


def test_the_deadline_sentence_counts_every_deadline_not_the_rows_a_table_shows(seeded):
    after = dataclasses.replace(ALL, as_of=dt.date(2027, 1, 5))  # the plan's deadline has passed
    shown = words.commitments(queries.deadlines(seeded, after, limit=1), after.as_of)
    counts = queries.view_counts(seeded, after)
    sentence = charts.deadline_summary(shown, counts, after.as_of)
    assert sentence.startswith(f"{counts.with_deadline} commitment")
    assert "1 past the deadline but never assessed, so not known to be overdue (1 of them on a deadline the text " in (
        sentence
    )
    assert "overdue (assessed" not in sentence
    many = dataclasses.replace(
        counts,
        matched=3_000,
        deadlines=counts.deadlines | {"no_deadline": 500, "overdue": 1_200, "passed_not_assessed": 0},
        inferred_deadlines=dict.fromkeys(counts.inferred_deadlines, 0),
    )
    sentence = charts.deadline_summary(shown, many, after.as_of)
    assert sentence.startswith("2,500 commitments with a deadline; the earliest,")
    assert sentence.endswith("1,200 overdue (assessed, neither complete nor withdrawn). The table lists the first 1, "
                             "soonest first; the CSV below holds them all.")  # fmt: skip


def test_reads_return_codes_and_values_not_words(seeded):
    table = queries.commitments_table(seeded, ALL).set_index("slug")
    plan = table.loc["samr-50-more-ai-standards"]
    assert (plan["status"], plan["specificity"], plan["target_qualifier"], plan["parties"]) == (
        "not_assessed",
        3,
        "over",
        (("China", False),),
    )
    assert not {"status_label", "kind_label", "target", "countdown", "flags"} & set(table.columns)


SEOUL_EVENT = dataclasses.replace(ALL, events=("seoul-ai-standards-summit-2025",))


def test_participation_figures_read_as_stated(seeded):
    figures = words.figures(queries.participation(seeded, ALL)).set_index("slug")
    assert figures.loc["seoul-summit-participants", "as_stated"] == "over 300"
    assert figures.loc["waic-forum-delegates", "as_stated"] == "over 200"
    assert figures.loc["seoul-summit-countries", "as_stated"] == "65"
    assert len(queries.participation(seeded, SEOUL_EVENT)) == 2


def test_the_69_organizations_in_itu_are_a_context_figure_never_attendance(seeded):
    assert "waic-chinese-organizations-in-itu" not in set(queries.participation(seeded, ALL)["slug"])
    context = queries.participation(seeded, ALL, kinds=("context",))
    assert list(context["slug"]) == ["waic-chinese-organizations-in-itu"]
    assert list(queries.sources_of_participation(seeded, ALL)["figures"]) == [2, 1]  # attendance only


def test_initiatives_by_event_and_kind(seeded):
    assert len(queries.initiatives(seeded, ALL)) == 4
    assert list(queries.initiatives(seeded, ALL, kinds=("case_collection",))["item_count"]) == [10]
    assert queries.initiatives(seeded, SEOUL_EVENT).empty


def test_facts_of_an_event_stand_from_its_first_day(seeded):
    """Before both events nothing stands; between them only the WAIC forum's figures, roles and initiatives."""
    before = dataclasses.replace(ALL, as_of=dt.date(2025, 7, 25))
    between = dataclasses.replace(ALL, as_of=dt.date(2025, 9, 1))
    for read in (queries.participation, queries.initiatives, queries.event_roles, queries.people):
        assert read(seeded, before).empty, read.__name__
    assert set(queries.participation(seeded, between)["event"]) == {"WAIC 2025 forum"}
    assert set(queries.event_roles(seeded, between)["event"]) == {"WAIC 2025 forum"}
    assert "Seizo Onoe" not in set(queries.people(seeded, between)["name"])  # quoted only in the Seoul document
    assert queries.organizations_at_every_event(seeded, between).empty


def test_a_filter_that_matches_nothing_leaves_nothing(seeded):
    nothing = dataclasses.replace(ALL, search="no commitment says this")
    for read in (queries.participation, queries.initiatives, queries.event_roles, queries.people):
        assert read(seeded, nothing).empty, read.__name__
    assert queries.events_of(seeded, nothing) == ()


def test_a_framework_keeps_only_its_own_events_roles_and_people(seeded):
    seoul = dataclasses.replace(ALL, frameworks=("Seoul Statement",))
    assert set(queries.event_roles(seeded, seoul)["event"]) == {"Seoul summit"}
    people = set(queries.people(seeded, seoul)["name"])
    assert "Seizo Onoe" in people and "Xiao Han" not in people and "Shan Zhongde" not in people


def test_iso_and_itu_appear_at_both_events(seeded):
    assert list(queries.organizations_at_every_event(seeded, ALL)["organization"]) == ["ISO", "ITU"]


def test_people_show_other_spellings_and_where_they_spoke(seeded):
    people = words.people(queries.people(seeded, ALL)).set_index("slug")
    assert people.loc["cho-sung-hwan", "also_written"] == "Sung Hwan Cho (inferred to be the same person)"
    assert people.loc["cho-sung-hwan", "quoted_at"] == (
        "WAIC 2025 forum (1 statement, event inferred); Seoul summit (1 statement, event inferred)"
    )
    assert people.loc["shan-zhongde", "organization"] == "Ministry of Industry and Information Technology (inferred)"
    assert people.loc["xiao-han", "organization"] == "State Administration for Market Regulation"


def test_party_matrix_follows_the_filter(seeded):
    matrix = queries.party_matrix(seeded, dataclasses.replace(ALL, frameworks=("Seoul Statement",)))
    assert set(matrix["organization"]) == {"IEC", "ISO", "ITU"}
    assert len(matrix) == 12 and set(matrix["role"]) == {"party"}
    assert matrix["inferred"].sum() == 0  # "Together, IEC, ISO and ITU have pledged to:" names all three
    waic = queries.party_matrix(seeded, dataclasses.replace(ALL, frameworks=("WAIC 2025 forum",)))
    assert waic["inferred"].sum() == 1  # the vice-minister's "we", read as China


def test_every_fact_of_a_source_is_listed_at_its_offsets(seeded):
    with Session(seeded) as session:
        text = session.get(provenance.Source, "waic-2025-forum-report").text
    facts = provenance.source_facts(seeded, "waic-2025-forum-report")
    for fact in facts.itertuples():
        assert text[fact.quote_start : fact.quote_end] == fact.quote
    plan = facts[facts["fact"] == "commitment:samr-50-more-ai-standards"].iloc[0]
    assert plan["inferred"] and "end of next year" in plan["inference_note"]
    figure = facts[facts["fact"] == "participation_figure:waic-forum-delegates"].iloc[0]
    assert figure["value"] == "over 200"
    context = facts[facts["fact"] == "participation_figure:waic-chinese-organizations-in-itu"].iloc[0]
    assert context["value"] == "69 (context figure, not attendance)"
    miit = facts[facts["fact"] == "organization:miit"].iloc[0]
    assert miit["inferred"] and "expanded from that title" in miit["inference_note"]
    event = facts[facts["fact"] == "event:waic-2025-ai-standardization-forum"].iloc[0]
    assert event["value"] == "Shanghai, China, 2025-07-26" and "country" in event["inference_note"]
    roles = facts[facts["kind"] == "Role at an event"]
    assert "ISO at WAIC 2025 forum" in set(roles["label"])
    seoul = provenance.source_facts(seeded, "seoul-statement-announcement")
    assert len(facts) + len(seoul) == 68


def test_overlapping_spans_merge_into_one_highlight():
    runs = provenance.segments("abcdefgh", [(1, 4), (3, 6)])
    assert [(s.text, s.highlighted) for s in runs] == [("a", False), ("bcdef", True), ("gh", False)]


def test_filter_options_come_from_the_data(seeded):
    options = queries.filter_options(seeded)
    assert options["frameworks"] == [("Seoul Statement", "Seoul Statement"), ("WAIC 2025 forum", "WAIC 2025 forum")]
    assert ("china", "China") in options["parties"]
    assert ("samr", "State Administration for Market Regulation") not in options["parties"]
    assert options["kinds"] == [("commitment", "Commitment"), ("priority", "Priority")]
    assert ("waic-organizing-committee", "WAIC organizing committee") not in options["parties"]


def test_a_new_commitment_shows_up_in_counts(seeded):
    with write_session(seeded) as session:
        source = session.get(provenance.Source, "seoul-statement-announcement")
        quote = "Enhance public-private collaboration on AI capacity building."
        start = source.text.index(quote)
        session.add(
            Commitment(
                slug="extra",
                title="Extra",
                text=quote,
                framework="Seoul Statement",
                event_slug="seoul-ai-standards-summit-2025",
                source_slug=source.slug,
                source_quote=quote,
                quote_start=start,
                quote_end=start + len(quote),
                due_date=dt.date(2026, 12, 1),
            )
        )
    assert queries.count_commitments(seeded, ALL) == 13
    assert slugs(seeded, due="due_within", due_within_days=10) == {"extra"}
    assert queries.deadlines(seeded, ALL)["slug"].iloc[0] == "extra"
    assert words.commitments(queries.deadlines(seeded, ALL)).loc[0, "countdown"] == "9 days left"
    with Session(seeded) as session:
        assert session.exec(select(Organization)).first() is not None


def test_event_roles_mark_what_the_text_does_not_state(seeded):
    roles = words.event_roles(queries.event_roles(seeded, ALL))
    miit = roles[roles["organization_slug"] == "miit"].iloc[0]
    assert (miit["role"], miit["country"]) == ("participant (inferred)", "China (inferred)")
    assert miit["full_name"] == "Ministry of Industry and Information Technology (inferred)"
    issuer = roles[(roles["organization_slug"] == "iec")].iloc[0]
    assert (issuer["role"], issuer["inferred"]) == ("issuer", "")


def test_every_inferred_value_has_a_reason(seeded):
    values = queries.inferred_values(seeded)
    assert len(values) >= 30
    for (fact, field), reason in values.items():
        assert reason.strip(), (fact, field)
    assert ("commitment:samr-50-more-ai-standards", "due_date") in values
    assert ("commitment:waic-engage-international-community", "party:china") in values
    assert ("organization:miit", "name") in values


def test_a_fact_list_label_has_no_empty_parts(seeded):
    with write_session(seeded) as session:
        source = session.get(provenance.Source, "seoul-statement-announcement")
        quote = "Find out more about the World Standards Cooperation"
        start = source.text.index(quote)
        session.add(
            provenance.Event(
                slug="no-city",
                name="A meeting",
                start_date=dt.date(2024, 10, 14),
                end_date=dt.date(2024, 10, 14),
                source_slug=source.slug,
                source_quote=quote,
                quote_start=start,
                quote_end=start + len(quote),
            )
        )
    facts = provenance.source_facts(seeded, "seoul-statement-announcement").set_index("fact")
    assert facts.loc["event:no-city", "value"] == "2024-10-14"


def test_the_events_a_view_shows_participation_for_are_decided_in_one_place(seeded):
    assert queries.events_of(seeded, ALL) == ("waic-2025-ai-standardization-forum", "seoul-ai-standards-summit-2025")
    seoul = dataclasses.replace(ALL, frameworks=("Seoul Statement",))
    assert queries.events_of(seeded, seoul) == ("seoul-ai-standards-summit-2025",)
    chosen = dataclasses.replace(ALL, events=("waic-2025-ai-standardization-forum",))
    assert queries.events_of(seeded, chosen) == ("waic-2025-ai-standardization-forum",)
    # No Seoul commitment was made at the WAIC forum: the two filters together keep no event, never "every event".
    assert queries.events_of(seeded, dataclasses.replace(chosen, frameworks=("Seoul Statement",))) == ()


def test_the_status_chart_counts_each_status_as_the_status_totals_do(seeded):
    """The Overview takes its status totals from the chart's numbers, so the statuses are read once for both."""
    from tracker.present import figures

    for view in (
        ALL,
        dataclasses.replace(ALL, frameworks=("Seoul Statement",)),
        dataclasses.replace(ALL, search="no such words anywhere"),
    ):
        expected = queries.status_totals(seeded, view)
        assert figures.status_totals(figures.status_by_framework(seeded, view)) == expected
    assert sum(expected.values()) == 0  # the last view matches nothing: no chart, every status at zero
    assert sum(queries.status_totals(seeded, ALL).values()) > 0


def test_the_rows_of_kept_commitments_are_the_same_whether_the_view_is_narrowed_or_not(seeded, editor):
    """An unfiltered view leaves out the commitments that do not stand on its date (not yet made, or retracted);
    a filtered one keeps those that match: a filter that keeps every framework keeps the very same rows."""
    from models.tables import CommitmentParty, ProgressUpdate
    from tracker.domain import rules
    from tracker.read import as_of

    record(seeded, editor, as_of=dt.date(2026, 3, 1), status="limited")
    with Session(seeded) as session:
        frameworks = tuple(sorted(set(session.exec(select(Commitment.framework)).all())))
        retracted = session.exec(select(Commitment.slug).where(Commitment.framework == "Seoul Statement")).first()
    writes.retract_fact(seeded, kind="commitment", key=retracted, reason="counted twice", actor=editor)
    # Before the Seoul summit (its commitments not made yet), before the retraction, and on the day of it.
    for day, seoul_kept in ((dt.date(2025, 7, 26), False), (AS_OF, True), (rules.today(), False)):
        unfiltered = CommitmentFilter(as_of=day)
        every_framework = dataclasses.replace(unfiltered, frameworks=frameworks)
        assert not as_of.narrows_commitments(unfiltered) and as_of.narrows_commitments(every_framework)
        for model, key in ((CommitmentParty, CommitmentParty.commitment_slug), (ProgressUpdate, ProgressUpdate.id)):
            with Session(seeded) as session:
                kept = [set(session.exec(select(key).where(*as_of.in_view(model, f))).all())
                        for f in (unfiltered, every_framework)]  # fmt: skip
            assert kept[0] == kept[1], (model.__name__, day)
            if model is CommitmentParty:
                assert kept[0] and (retracted in kept[0]) == seoul_kept, day
            else:
                assert len(kept[0]) == (day >= dt.date(2026, 3, 1)), day
