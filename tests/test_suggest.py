"""Candidate facts read from a text by rules, and the names and slugs the forms start from."""

import datetime as dt

import pytest

from models.db import PROJECT_ROOT
from tracker.domain import suggest
from tracker.domain.suggest import Known, passages, reading

LAKESIDE = (PROJECT_ROOT / "tests" / "documents" / "lakeside_forum.txt").read_text(encoding="utf-8")


def test_the_passages_suggested_in_a_document_with_what_the_rules_read_in_each():
    found = suggest.suggestions(LAKESIDE, [Known("cda", ("CDA",))])

    def having(words: str) -> suggest.Suggestion:
        return next(item for item in found if words in item.text)

    place = having("14-15 March")
    assert (place.kind, place.dates) == ("event", (dt.date(2026, 3, 14), dt.date(2026, 3, 15)))
    signed = having("signed the Lakeside Pledge")
    assert [n.acronym for n in signed.names] == ["NSC", "CDA", "LAI"]
    assert signed.kind == "organization"  # "the Lakeside Pledge" names a document: not commitment language
    together = having("Together")
    assert together.kind == "commitment" and together.organizations == ("cda",)
    assert (together.deadline.due_date, together.deadline.precision) == (dt.date(2027, 6, 30), "quarter")
    assert (together.target.value, together.target.qualifier) == (12, "exact")
    assert together.title == "Publish 12 joint AI testing standards"  # the words after "will", to the deadline
    monthly = having("train 200")
    assert (monthly.deadline.due_date, monthly.deadline.precision) == (dt.date(2027, 2, 28), "month")
    assert monthly.title == "Train 200 AI assessors"
    over = having("delegates")
    assert over.title == ""  # no pledge, no draft title
    assert (over.kind, over.target.value, over.target.qualifier, over.target.unit, over.attendance) == (
        "figure", 150, "over", "delegates", True
    )  # fmt: skip


def test_a_sentence_wrapped_over_two_lines_is_one_passage():
    wrapped = next(item for item in suggest.suggestions(LAKESIDE, []) if "commits" in item.text)
    assert wrapped.text.endswith("conformity\nassessments by the end of 2026.")
    assert (wrapped.deadline.due_date, wrapped.deadline.precision) == (dt.date(2026, 12, 31), "year")
    assert wrapped.title == "Open a public register of AI conformity assessments"  # one line, "to" dropped


@pytest.mark.parametrize(
    ("passage", "title"),
    [
        ("The Lakeside Pledge was signed in March.", ""),  # a document's name, not a pledge
        ("Their commitment to standards is clear.", ""),  # the noun
        ("到2026年底，将新制定50项以上人工智能国家标准和行业标准。", "新制定50项以上人工智能国家标准和行业标准"),
        ("港口标准局将于2026年底前发布10项人工智能标准。", "发布10项人工智能标准"),  # the deadline before the action
        (
            "The national AI testing programme will be extended to cover all\npublic services by 2040.",
            "National AI testing programme to be extended to cover all public services",  # passive: its subject
        ),
        (
            "We commit to strengthening our collaboration, including with the UN system, by working together on "
            "standards that support AI governance.",
            "Strengthening our collaboration, including with the UN system, by working",  # cut at a word, 80 at most
        ),
    ],
)
def test_a_draft_title_is_the_pledge_s_own_words_or_nothing(passage, title):
    assert suggest.draft_title(passage) == title
    assert len(suggest.draft_title(passage)) <= suggest.TITLE_LIMIT


@pytest.mark.parametrize(
    ("text", "due", "precision"),
    [
        ("by Q3 2027", dt.date(2027, 9, 30), "quarter"),
        ("by the end of the second quarter of 2027", dt.date(2027, 6, 30), "quarter"),
        ("by 15 June 2027", dt.date(2027, 6, 15), "day"),
        ("by the end of February 2028", dt.date(2028, 2, 29), "month"),
        ("by 2030", dt.date(2030, 12, 31), "year"),
        ("到2027年底", dt.date(2027, 12, 31), "year"),
    ],
)
def test_deadlines_are_read_with_their_precision(text, due, precision):
    deadline = suggest.read_deadline(f"The office will act {text}.")
    assert (deadline.due_date, deadline.precision) == (due, precision)


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "unit"),
    [
        ("plans to develop over 50 more AI standards", 50, "over", "AI standards"),
        ("at least 1,200 participants", 1200, "at_least", "participants"),
        ("about 30 countries", 30, "approximately", "countries"),
        ("publish 3 guides", 3, "exact", "guides"),
    ],
)
def test_numbers_are_read_with_the_texts_own_qualifier(text, value, qualifier, unit):
    target = suggest.read_target(text)
    assert (target.value, target.qualifier, target.unit) == (value, qualifier, unit)


def test_a_year_is_not_read_as_a_count():
    assert suggest.read_target("In 2026 standards matter") is None


def test_near_matches_find_the_same_name_written_otherwise():
    known = [Known("iec", ("International Electrotechnical Commission", "IEC")), Known("cho", ("Cho Sung-hwan",))]
    assert suggest.near_matches(["IEC"], known) == ("iec",)
    assert suggest.near_matches(["International Electro-technical Commission"], known) == ("iec",)
    assert suggest.near_matches(["Cho Sunghwan"], known) == ("cho",)
    assert suggest.near_matches(["International Telecommunication Union"], known) == ()


@pytest.mark.parametrize(
    ("name", "taken", "slug"),
    [
        ("Société Générale", set(), "societe-generale"),
        ("上海", set(), "shang-hai"),
        ("WSC", {"wsc"}, "wsc-2"),
        ("!!!", set(), "item"),
    ],
)
def test_slugs_are_ascii_whatever_the_script(name, taken, slug):
    assert suggest.slug_for(name, taken) == slug


WRAPPED = (
    "Joint Statement\n"
    "The Institute of Electrical and Electronics\n"
    "Engineers (IEEE) will publish twelve stand-\nards for AI-\nrelated safety by 2027.\n\n"
    "- a list line\n"
    "- another\n"
    "中国将制定50项以上人工智能标准。我们将在明年完成！"
)


def test_a_sentence_wrapped_across_lines_is_one_passage_and_headings_lists_and_chinese_stops_end_one():
    assert [WRAPPED[start:end] for start, end in passages(WRAPPED)] == [
        "Joint Statement",
        "The Institute of Electrical and Electronics\nEngineers (IEEE) will publish twelve stand-\nards for AI-\n"
        "related safety by 2027.",
        "a list line",
        "another",
        "中国将制定50项以上人工智能标准。",
        "我们将在明年完成！",
    ]


def test_names_and_titles_read_from_a_selection_are_on_one_line_with_split_words_joined():
    start, end = passages(WRAPPED)[1]
    hint = reading(WRAPPED[start:end], [])
    assert [(n.name, n.acronym) for n in hint.names] == [("Institute of Electrical and Electronics Engineers", "IEEE")]
    assert hint.title == "Publish twelve standards for AI-related safety"


def test_a_sentence_ends_after_the_quotation_mark_that_closes_it():
    text = "The chair said: “We will publish a standard in 2026.”\n港口标准局将于2026年底前发布10项人工智能标准。"
    assert [text[a:b] for a, b in suggest.passages(text)] == [
        "The chair said: “We will publish a standard in 2026.”",
        "港口标准局将于2026年底前发布10项人工智能标准。",
    ]


def test_a_count_of_what_the_text_writes_in_capitals_is_read_in_its_case():
    (item,) = suggest.suggestions("Over 40 Member States took part in the consultation.", [])
    assert (item.target.value, item.target.qualifier, item.target.unit) == (40, "over", "Member States")
