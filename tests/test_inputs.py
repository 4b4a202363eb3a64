"""Input models refuse bad data with a message that says what is wrong."""

import pytest
from pydantic import ValidationError

from models.evidence import QuoteNotFoundError, locate_quote
from models.inputs import CommitmentCreate, EventCreate, ParticipationFigureCreate, SourceCreate

QUOTE = "Enhance public-private collaboration on AI capacity building."


def commitment(**overrides) -> dict:
    return {
        "slug": "capacity", "title": "Capacity building", "text": QUOTE, "framework": "Seoul Statement",
        "event_slug": "seoul-ai-standards-summit-2025", "source_slug": "seoul-statement-announcement",
        "source_quote": QUOTE,
    } | overrides  # fmt: skip


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
        ({"text": "Something never said."}, "verbatim part of its evidence quote"),
        ({"title": "   "}, "at least 1 character"),
        ({"colour": "red"}, "Extra inputs are not permitted"),
        ({"due_date": "end of next year"}, "Input should be a valid date"),
    ],
)
def test_bad_commitments_are_refused_with_a_reason(overrides, message):
    assert message in refusal(CommitmentCreate, commitment(**overrides))


def test_event_dates_must_be_in_order_and_inferences_explained():
    base = {"slug": "e", "name": "E", "source_slug": "s", "source_quote": "q",
            "start_date": "2025-12-03", "end_date": "2025-12-02"}  # fmt: skip
    assert "end_date is before start_date" in refusal(EventCreate, base)
    inferred = base | {"end_date": "2025-12-03", "dates_inferred": True}
    assert "need an inference_note" in refusal(EventCreate, inferred)


def test_participation_figures_take_only_the_known_qualifiers():
    data = {"slug": "f", "event_slug": "e", "metric": "delegates", "value": 300, "qualifier": "more_or_less",
            "counts_what": "delegates", "source_slug": "s", "source_quote": "q"}  # fmt: skip
    assert "'exact', 'over', 'at_least', 'approximately' or 'up_to'" in refusal(ParticipationFigureCreate, data)
    assert "kind" in refusal(ParticipationFigureCreate, data | {"qualifier": "over", "kind": "attendance-ish"})


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/x", "example.org", "http://"])
def test_source_urls_must_be_http(url):
    message = refusal(SourceCreate, {"slug": "s", "text": "t", "url": url})
    assert "must be an http:// or https:// address" in message


def test_locate_quote_gives_offsets_of_the_verbatim_text():
    text = "Alpha beta. Gamma delta."
    assert locate_quote(text, "Gamma delta.", source="s") == (12, 24)


def test_locate_quote_refuses_an_empty_or_missing_quote():
    with pytest.raises(QuoteNotFoundError, match="empty"):
        locate_quote("text", "  ", source="s")
    with pytest.raises(QuoteNotFoundError, match='quote not found verbatim in source "s"'):
        locate_quote("Alpha beta.", "Alpha gamma.", source="s")
