"""Input models refuse bad data with a message that says what is wrong."""

import datetime as dt
from typing import Literal, get_args, get_origin

import pytest
import sqlalchemy as sa
from pydantic import ValidationError

from models import inputs
from models.evidence import AmbiguousQuoteError, QuoteNotFoundError, find_quote, selectors
from models.inputs import CommitmentCreate, EventCreate, ParticipationFigureCreate, SourceCreate

QUOTE = "Enhance public-private collaboration on AI capacity building."


def commitment(**overrides) -> dict:
    return {
        "slug": "capacity",
        "title": "Capacity building",
        "text": QUOTE,
        "framework": "Seoul Statement",
        "event_slug": "seoul-ai-standards-summit-2025",
        "source_slug": "seoul-statement-announcement",
        "source_quote": QUOTE,
    } | overrides


def refusal(model, data) -> str:
    with pytest.raises(ValidationError) as error:
        model.model_validate(data)
    return str(error.value)


def test_a_valid_commitment_is_accepted():
    created = CommitmentCreate.model_validate(
        commitment(target_value=5, target_unit="courses", target_qualifier="exact")
    )
    assert created.target_value == 5


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"slug": "Not A Slug"}, "String should match pattern"),
        ({"status": "done"}, "Input should be 'not_assessed'"),
        ({"target_value": 5}, "needs a target_unit and a target_qualifier"),
        ({"target_value": -5, "target_unit": "x", "target_qualifier": "exact"}, "greater than or equal to 0"),
        ({"target_unit": "standards"}, "need a target_value"),
        ({"due_date_inferred": True}, "an inferred due_date needs the date and a due_date_note"),
        ({"text": "Something never said."}, "part of its evidence quote, word for word"),
        ({"title": "   "}, "at least 1 character"),
        ({"colour": "red"}, "Extra inputs are not permitted"),
        ({"due_date": "end of next year"}, "Input should be a valid date"),
    ],
)
def test_bad_commitments_are_refused_with_a_reason(overrides, message):
    assert message in refusal(CommitmentCreate, commitment(**overrides))


def test_event_dates_must_be_in_order_and_inferences_explained():
    base = {
        "slug": "e",
        "name": "E",
        "source_slug": "s",
        "source_quote": "q",
        "start_date": "2025-12-03",
        "end_date": "2025-12-02",
    }
    assert "end_date is before start_date" in refusal(EventCreate, base)
    inferred = base | {"end_date": "2025-12-03", "dates_inferred": True}
    assert "need an inference_note" in refusal(EventCreate, inferred)


def test_participation_figures_take_only_the_known_qualifiers():
    data = {
        "slug": "f",
        "event_slug": "e",
        "metric": "delegates",
        "value": 300,
        "qualifier": "more_or_less",
        "counts_what": "delegates",
        "source_slug": "s",
        "source_quote": "q",
    }
    assert "'exact', 'over', 'at_least', 'approximately' or 'up_to'" in refusal(ParticipationFigureCreate, data)
    assert "kind" in refusal(ParticipationFigureCreate, data | {"qualifier": "over", "kind": "attendance-ish"})


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/x", "example.org", "http://"])
def test_source_urls_must_be_http(url):
    message = refusal(SourceCreate, {"slug": "s", "text": "t", "url": url})
    assert "must be an http:// or https:// address" in message


def test_a_source_may_have_other_addresses_one_per_line_each_http():
    base = {"slug": "s", "label": "S", "text": "t"}
    assert SourceCreate(**base, other_urls="https://a.example\n\nhttps://b.example\n").other_urls == (
        "https://a.example\nhttps://b.example"
    )
    assert "must be an http:// or https:// address" in refusal(SourceCreate, base | {"other_urls": "ftp://a"})


def test_find_quote_gives_offsets_of_the_verbatim_text():
    text = "Alpha beta. Gamma delta."
    assert find_quote(text, "Gamma delta.", source="s") == (12, 24)


def test_find_quote_refuses_an_empty_or_missing_quote():
    with pytest.raises(QuoteNotFoundError, match="empty"):
        find_quote("text", "  ", source="s")
    with pytest.raises(QuoteNotFoundError, match='quote not found in source "s"'):
        find_quote("Alpha beta.", "Alpha gamma.", source="s")


COPIED = (
    "Together, IEC, ISO and ITU have pledged to:\n- develop stand-\nards for AI-\nrelated “safety”.\n"
    "They will. They will."
)


@pytest.mark.parametrize(
    ("pasted", "stored"),
    [
        # A line break copied as a space, curly quotes typed straight, and two kinds of line-end hyphen at once.
        ('develop standards for AI-related "safety".', "develop stand-\nards for AI-\nrelated “safety”."),
        ("develop stand-\nards for AI-\nrelated", "develop stand-\nards for AI-\nrelated"),
        ("stand- ards", "stand-\nards"),
        # Copied from a page that shows each line as a paragraph.
        ("pledged to:\n\n- develop", "pledged to:\n- develop"),
        ("  ISO and ITU  ", "ISO and ITU"),
        # Wrapped in quotation marks, as a quote is written in a mail or a report.
        ("“Together, IEC, ISO and ITU have pledged to:”", "Together, IEC, ISO and ITU have pledged to:"),
        ('"They will. They will."', "They will. They will."),
        # The text's own quotation marks are matched before any are taken off.
        ("“safety”.", "“safety”."),
    ],
)
def test_a_pasted_quote_is_matched_forgivingly_and_stored_as_the_document_has_it(pasted, stored):
    start, end = find_quote(COPIED, pasted, source="s")
    assert COPIED[start:end] == stored


def test_full_width_punctuation_matches_its_ascii_form_in_a_chinese_text():
    text = "中国将在明年年底前（2026年）制定50项以上人工智能标准。"
    start, end = find_quote(text, "(2026年)制定50项以上", source="c")
    assert text[start:end] == "（2026年）制定50项以上"


@pytest.mark.parametrize(
    ("pasted", "stored"),
    [
        ("制定50项以上人工智能标准.", "制定50项以上人工智能标准。"),  # an ASCII full stop typed for 。
        ("「中国将在明年年底前」", "中国将在明年年底前"),  # corner brackets around it
    ],
)
def test_chinese_punctuation_and_quotation_marks_match_their_ascii_forms(pasted, stored):
    text = "中国将在明年年底前（2026年）制定50项以上人工智能标准。"
    start, end = find_quote(text, pasted, source="c")
    assert text[start:end] == stored


def test_a_figure_names_what_it_counts_in_any_case_or_script_as_typed():
    from models.inputs import ParticipationFigureCreate, validation_message

    def figure(metric):
        return ParticipationFigureCreate(
            slug="f", event_slug="e", kind="context", metric=metric, value=3, qualifier="exact", counts_what="x",
            source_slug="s",
            source_quote="q",
        )  # fmt: skip

    assert figure("Member States").metric == "Member States"
    assert figure("成员国").metric == "成员国"
    with pytest.raises(ValidationError) as refused:
        figure("3 delegates")
    assert "letters, spaces and hyphens" in validation_message(refused.value)


def test_a_quote_that_differs_in_a_word_or_in_case_is_refused():
    with pytest.raises(QuoteNotFoundError, match="quote not found"):
        find_quote(COPIED, "develop rules for", source="s")
    with pytest.raises(QuoteNotFoundError, match="upper and lower case"):
        find_quote(COPIED, "iec, iso", source="s")


def test_a_passage_that_occurs_twice_is_refused_until_its_start_is_given():
    with pytest.raises(AmbiguousQuoteError, match="occurs 2 times") as refused:
        find_quote(COPIED, "They will.", source="s")
    second = refused.value.starts[1]
    assert find_quote(COPIED, "They will.", source="s", start=second) == (second, second + len("They will."))
    with pytest.raises(QuoteNotFoundError, match="is not at character 3"):
        find_quote(COPIED, "They will.", source="s", start=3)


def test_selectors_anchor_a_quote_by_its_words_context_and_position():
    start, end = find_quote(COPIED, "ISO and ITU", source="s")
    target = selectors(COPIED, start, end, sha256="abc")
    quote, position = target["selector"]
    assert target["source_sha256"] == "abc"
    assert quote == {
        "type": "TextQuoteSelector",
        "exact": "ISO and ITU",
        "prefix": "Together, IEC, ",
        "suffix": COPIED[end : end + 32],
    }
    assert position == {"type": "TextPositionSelector", "start": start, "end": end}


# Every input made from a fact's declaration, and the accounts' own: each checked against its table's columns.
INPUTS_AND_TABLES = [
    *((model, table.__tablename__) for model, table in inputs.DERIVED),
    (inputs.UserCreate, "user_account"),
]


def test_every_kind_of_fact_a_person_gives_has_an_input_made_from_its_declaration():
    from models.facts import KINDS

    given = {kind.name for kind in KINDS} - {"commitment_theme", "fact_change"}  # a list of slugs; the app's log
    assert {table for _, table in INPUTS_AND_TABLES} >= given


def is_choice(annotation) -> bool:
    """A Literal (or an optional Literal): bounded by its choices, not by a length."""
    return get_origin(annotation) is Literal or any(get_origin(a) is Literal for a in get_args(annotation))


def max_length(field) -> int | None:
    lengths = [m.max_length for m in field.metadata if getattr(m, "max_length", None) is not None]
    return min(lengths) if lengths else None


def test_no_input_accepts_text_longer_than_its_column_on_this_database(engine):
    columns = {
        table: {c["name"]: getattr(c["type"], "length", None) for c in sa.inspect(engine).get_columns(table)}
        for _, table in INPUTS_AND_TABLES
    }
    checked = 0
    for model, table in INPUTS_AND_TABLES:
        for name, field in model.model_fields.items():
            length = columns[table].get(name)
            if length is None or is_choice(field.annotation) or field.annotation in (bool, int):
                continue
            allowed = max_length(field)
            assert allowed is not None and allowed <= length, f"{model.__name__}.{name}: {allowed} > {length}"
            checked += 1
    assert checked >= 40


@pytest.mark.parametrize("value", [float("inf"), float("nan"), 1e308])
def test_progress_must_be_a_finite_number_of_sensible_size(value):
    data = {"commitment_slug": "c", "as_of": "2026-01-01", "status": "not_started", "rationale": "r"}
    message = refusal(inputs.ProgressUpdateCreate, data | {"progress_value": value})
    assert "progress_value" in message and ("finite" in message or "less than or equal" in message)


def test_text_holding_a_nul_character_is_refused_alike_on_every_database():
    message = refusal(
        inputs.OrganizationCreate,
        {"slug": "o", "name": "IEC\x00", "kind": "other", "source_slug": "s", "source_quote": "q"},
    )
    assert "name" in message and "must not contain a NUL character" in message


@pytest.mark.parametrize("field", ["due_date"])
def test_a_date_outside_the_dates_facts_allow_is_refused_with_the_range_in_words(field):
    from models.inputs import CommitmentCreate, validation_message

    given = {"slug": "x", "kind": "commitment", "title": "t", "text": "q", "framework": "f", "source_slug": "s"}
    with pytest.raises(ValidationError) as refused:
        CommitmentCreate(**given, source_quote="q", **{field: dt.date(1850, 1, 1)})
    assert "must be a date from 1 January 1900 to 31 December 2199, not 1 January 1850" in validation_message(
        refused.value
    )
    assert CommitmentCreate(**given, source_quote="q", **{field: dt.date(2150, 1, 1)}).due_date.year == 2150
