"""Input models: every write, from the seed file or from an editor, is validated by one of these first.

SQLModel table models do not validate on construction, so nothing reaches a table without passing through an
`...Create` model here. Field names match the table columns; evidence is given as a source slug and a verbatim
quote, and the writer computes the quote's offsets (see models.evidence.find_quote).
"""

import datetime as dt
import math
from typing import Annotated, Any
from urllib.parse import urlparse

from pydantic import AfterValidator, StringConstraints, ValidationError, model_validator
from sqlmodel import Field, SQLModel

from models.evidence import within
from models.tables import (
    Commitment,
    CommitmentParty,
    Event,
    Initiative,
    Organization,
    ParticipationFigure,
    Person,
    PersonAlias,
    ProgressUpdate,
    Source,
    Theme,
    UserAccount,
)
from tracker.domain.rules import period_end
from tracker.domain.vocab import (
    METRIC_PATTERN,
    SLUG_PATTERN,
    CommitmentKind,
    DatePrecision,
    EventRole,
    FigureKind,
    InitiativeKind,
    OrganizationKind,
    PartyRole,
    PassageClass,
    Qualifier,
    Role,
    StatementKind,
    Status,
    UpdateStatus,
)

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=80)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]


def _no_nul(value: str) -> str:
    # PostgreSQL refuses text holding NUL, and SQLite's length() stops at it: refuse it alike everywhere.
    if "\x00" in value:
        raise ValueError("must not contain a NUL character")
    return value


Quote = Annotated[str, StringConstraints(min_length=1), AfterValidator(_no_nul)]


def column_text(table: type[SQLModel], column: str, *, required: bool = False) -> Any:
    """A text input exactly as long as its table column allows: the column's length is the one definition, so
    what passes validation always fits the database (on SQLite, which would store more, as on PostgreSQL)."""
    length = table.__table__.columns[column].type.length
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1 if required else 0, max_length=length),
        AfterValidator(_no_nul),
    ]


def _http_url(value: str) -> str:
    if value and (urlparse(value).scheme not in ("http", "https") or not urlparse(value).netloc):
        raise ValueError("must be an http:// or https:// address")
    return value


HttpUrl = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500), AfterValidator(_http_url)]


def _url_lines(value: str) -> str:
    lines = [line.strip() for line in value.splitlines() if line.strip()]
    for line in lines:
        if len(line) > 500:
            raise ValueError("each address must be at most 500 characters")
        _http_url(line)
    return "\n".join(dict.fromkeys(lines))


# Several http(s) addresses, one per line (stored one per line, blank lines and repeats dropped).
UrlLines = Annotated[str, StringConstraints(max_length=5000), AfterValidator(_url_lines)]
# The largest number a target, a figure or progress may be: far above any count of standards or delegates, and
# finite (infinity and 1e308 are typing slips, not progress).
MAX_NUMBER = 1_000_000_000


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError("must be a finite number")
    return value


Number = Annotated[float, AfterValidator(_finite)]


# A source's text, at most: about 150 pages. A longer document goes in as parts, so that no page has to show or
# search more than this at once.
MAX_SOURCE_CHARS = 300_000


class Input(SQLModel):
    model_config = {"extra": "forbid"}  # a misspelt field in the seed file is an error, not silently ignored


class EvidenceIn(Input):
    """A fact's evidence: the quote as pasted or selected, and, where it occurs more than once, where it starts
    (the selection's offset, or the occurrence the editor chose). The stored quote is the document's own
    characters at the offsets found (models.evidence.find_quote)."""

    source_slug: Slug
    source_quote: Quote
    quote_start: int | None = Field(default=None, ge=0)

    def words_in_quote(self) -> str | None:
        """Words of the fact that must lie within its quote (a commitment's own words), or None."""
        return None


class SourceCreate(Input):
    slug: Slug
    label: column_text(Source, "label", required=True)
    title: column_text(Source, "title") = ""
    publisher: column_text(Source, "publisher") = ""
    published_on: dt.date | None = None
    published_on_precision: DatePrecision = "day"
    url: HttpUrl = ""
    other_urls: UrlLines = ""
    file: column_text(Source, "file") = ""
    text: Annotated[str, StringConstraints(min_length=1, max_length=MAX_SOURCE_CHARS), AfterValidator(_no_nul)]

    @model_validator(mode="after")
    def _period(self) -> "SourceCreate":
        """A publication date known to a month, quarter or year is stored as the period's last day."""
        if self.published_on_precision != "day":
            if self.published_on is None:
                raise ValueError(f"a publication date known to the {self.published_on_precision} needs its date")
            self.published_on = period_end(self.published_on, self.published_on_precision)
        return self


class OrganizationCreate(EvidenceIn):
    slug: Slug
    name: column_text(Organization, "name", required=True)
    acronym: column_text(Organization, "acronym") = ""
    kind: OrganizationKind
    country: column_text(Organization, "country") = ""
    note: column_text(Organization, "note") = ""


class AliasCreate(EvidenceIn):
    alias: column_text(PersonAlias, "alias", required=True)


class PersonCreate(EvidenceIn):
    slug: Slug
    name: column_text(Person, "name", required=True)
    role: column_text(Person, "role") = ""
    organization_slug: Slug | None = None
    aliases: list[AliasCreate] = Field(default_factory=list)


class EventCreate(EvidenceIn):
    slug: Slug
    name: column_text(Event, "name", required=True)
    short_name: column_text(Event, "short_name") = ""
    city: column_text(Event, "city") = ""
    country: column_text(Event, "country") = ""
    start_date: dt.date
    end_date: dt.date
    dates_precision: DatePrecision = "day"
    dates_inferred: bool = False
    inference_note: column_text(Event, "inference_note") = ""

    @model_validator(mode="after")
    def _dates(self) -> "EventCreate":
        if self.dates_precision != "day":
            # Known only to a period ("in March 2026"): both dates are its last day, the earliest the text vouches for.
            last = period_end(self.start_date, self.dates_precision)
            if period_end(self.end_date, self.dates_precision) != last:
                raise ValueError(f"start_date and end_date are in different {self.dates_precision}s")
            self.start_date = self.end_date = last
        if self.end_date < self.start_date:
            raise ValueError("end_date is before start_date")
        if self.dates_inferred and not self.inference_note:
            raise ValueError("inferred dates need an inference_note saying why")
        return self


class EventRoleCreate(EvidenceIn):
    event_slug: Slug
    organization_slug: Slug
    role: EventRole


class StatementCreate(EvidenceIn):
    slug: Slug
    person_slug: Slug
    event_slug: Slug
    kind: StatementKind


class ThemeCreate(Input):
    slug: Slug
    name: column_text(Theme, "name", required=True)


class PartyIn(Input):
    organization_slug: Slug
    role: PartyRole
    inferred: bool = False
    inference_note: column_text(CommitmentParty, "inference_note") = ""

    @model_validator(mode="after")
    def _reason(self) -> "PartyIn":
        if self.inferred and not self.inference_note:
            raise ValueError("an inferred party needs an inference_note saying what it rests on")
        return self


class TargetAndDeadline(Input):
    """A commitment's measurable target and deadline, as both a new commitment and an edit give them."""

    target_value: Number | None = Field(default=None, ge=0, le=MAX_NUMBER)
    target_unit: column_text(Commitment, "target_unit") = ""
    target_qualifier: Qualifier | None = None
    target_note: column_text(Commitment, "target_note") = ""
    due_date: dt.date | None = None
    due_date_precision: DatePrecision = "day"
    due_date_inferred: bool = False
    due_date_note: column_text(Commitment, "due_date_note") = ""

    @model_validator(mode="after")
    def _target_and_due(self) -> "TargetAndDeadline":
        if self.target_value is not None and (not self.target_unit or self.target_qualifier is None):
            raise ValueError("a numeric target needs a target_unit and a target_qualifier")
        # A target that is not a number ("a common framework") is given in words alone, as target_note.
        if self.target_value is None and (self.target_unit or self.target_qualifier):
            raise ValueError("target_unit and target_qualifier need a target_value")
        if self.due_date_precision != "day":
            if self.due_date is None:
                raise ValueError(f"a deadline known to the {self.due_date_precision} needs its date")
            self.due_date = period_end(self.due_date, self.due_date_precision)
        if self.due_date_inferred and (self.due_date is None or not self.due_date_note):
            raise ValueError("an inferred due_date needs the date and a due_date_note saying why")
        return self


def _require_words_in_quote(words: str, quote: str) -> None:
    if within(words, quote) is None:
        raise ValueError("the commitment's text must be a part of its evidence quote, word for word")


class CommitmentCreate(TargetAndDeadline, EvidenceIn):
    slug: Slug
    kind: CommitmentKind = "commitment"
    kind_note: column_text(Commitment, "kind_note") = ""
    title: column_text(Commitment, "title", required=True)
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_no_nul)]
    framework: column_text(Commitment, "framework", required=True)
    event_slug: Slug | None = None  # none: made in the document itself, counted from its publication date
    stated_by_slug: Slug | None = None
    status: Status = "not_assessed"
    parties: list[PartyIn] = Field(default_factory=list)
    themes: list[Slug] = Field(default_factory=list)

    def words_in_quote(self) -> str:
        return self.text

    @model_validator(mode="after")
    def _text_parties_themes(self) -> "CommitmentCreate":
        _require_words_in_quote(self.text, self.source_quote)
        if len({(p.organization_slug, p.role) for p in self.parties}) != len(self.parties):
            raise ValueError("a party is listed twice with the same role")
        if len(set(self.themes)) != len(self.themes):
            raise ValueError("a theme is listed twice")
        return self


class InitiativeCreate(EvidenceIn):
    slug: Slug
    name: column_text(Initiative, "name", required=True)
    kind: InitiativeKind
    event_slug: Slug
    item_count: int | None = Field(default=None, gt=0)


class ParticipationFigureCreate(EvidenceIn):
    slug: Slug
    event_slug: Slug
    kind: FigureKind = "attendance"
    metric: Annotated[
        str, StringConstraints(strip_whitespace=True, to_lower=True, max_length=40, pattern=METRIC_PATTERN)
    ]
    value: int = Field(ge=0, le=MAX_NUMBER)
    qualifier: Qualifier
    counts_what: column_text(ParticipationFigure, "counts_what", required=True)


class InferenceCreate(Input):
    """A value the text does not state literally: which fact, which field, and what the value rests on."""

    fact: Annotated[str, StringConstraints(pattern=r"^[a-z_]+:.+$", max_length=200)]
    field: Annotated[str, StringConstraints(pattern=r"^[a-z_]+$", max_length=40)]
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]


class PassageCreate(EvidenceIn):
    """A passage of a source with its class under the codebook and the reason for it."""

    classification: PassageClass
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]


LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000), AfterValidator(_no_nul)]


class ProgressUpdateCreate(Input):
    """A progress update as an editor or a script gives it; who and when are set by the app."""

    commitment_slug: Slug
    as_of: dt.date
    status: UpdateStatus
    progress_value: Number | None = Field(default=None, ge=0, le=MAX_NUMBER)
    rationale: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000), AfterValidator(_no_nul)
    ]
    evidence_url: HttpUrl = ""
    evidence_quote: LongText = ""
    corrects_id: int | None = Field(default=None, gt=0, le=2**31 - 1)
    correction_reason: column_text(ProgressUpdate, "correction_reason") = ""

    @model_validator(mode="after")
    def _evidence_and_correction(self) -> "ProgressUpdateCreate":
        if self.status != "not_started" and not (self.evidence_url or self.evidence_quote):
            raise ValueError(f"a status of {self.status} needs evidence: an http(s) URL or a quoted excerpt")
        if self.corrects_id is not None and not self.correction_reason:
            raise ValueError("a correction must say why it corrects the earlier update")
        if self.corrects_id is None and self.correction_reason:
            raise ValueError("a correction reason goes with the update it corrects (corrects_id)")
        return self


class CommitmentUpdate(TargetAndDeadline):
    """The fields an editor may correct on an existing commitment. The quote is found again in the same source
    (forgivingly, and stored as the document has it) and the commitment's own words within it."""

    title: column_text(Commitment, "title", required=True)
    framework: column_text(Commitment, "framework", required=True)
    source_quote: Quote
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_no_nul)]

    @model_validator(mode="after")
    def _text_in_quote(self) -> "CommitmentUpdate":
        _require_words_in_quote(self.text, self.source_quote)
        return self


USERNAME_PATTERN = r"^[A-Za-z0-9._@+-]{2,120}$"


class UserCreate(Input):
    username: Annotated[
        str, StringConstraints(strip_whitespace=True, max_length=120, pattern=r"^[A-Za-z0-9._@+-]{2,120}$")
    ]
    display_name: column_text(UserAccount, "display_name") = ""
    role: Role = "viewer"
    # Empty for someone who signs in through OpenID Connect only.
    password: Annotated[str, StringConstraints(max_length=200)] = ""

    @model_validator(mode="after")
    def _password_strength(self) -> "UserCreate":
        if self.password and len(self.password) < 10:
            raise ValueError("a password needs at least 10 characters")
        return self


# How a field is named to the person who typed it, where its name alone would read as code.
FIELD_WORDS = {
    "as_of": "as of (the date the update describes)",
    "evidence_url": "evidence link",
    "evidence_quote": "evidence excerpt",
    "corrects_id": "update to correct",
    "correction_reason": "why the correction",
    "progress_value": "progress",
    "source_quote": "evidence quote",
    "source_slug": "source",
    "event_slug": "event",
    "target_value": "target",
    "due_date": "deadline",
    "due_date_note": "why the deadline is inferred",
    "slug": "slug (short name)",
}


def validation_problems(error: ValidationError) -> list[str]:
    """Every problem of a refused input, each in words a person can act on: "rationale: is required"."""
    problems = []
    for item in error.errors():
        field = " ".join(FIELD_WORDS.get(str(part), str(part).replace("_", " ")) for part in item["loc"])
        problems.append(f"{field}: {_in_words(item)}" if field else _in_words(item))
    return problems


def problems_by_field(error: ValidationError) -> dict[str, list[str]]:
    """The same problems as validation_problems, grouped by the input field they belong to (its name), for a form
    that shows each beside its field; problems of the whole input (a rule across fields) are under ""."""
    grouped: dict[str, list[str]] = {}
    for item, words in zip(error.errors(), validation_problems(error), strict=True):
        field = str(item["loc"][0]) if item["loc"] else ""
        grouped.setdefault(field, []).append(words)
    return grouped


_PATTERN_WORDS = {
    SLUG_PATTERN: "must be lowercase letters and digits in words joined by hyphens, e.g. oecd-ai-principles",
    METRIC_PATTERN: "must be a name in lowercase words, e.g. member states",
    r"^[A-Za-z0-9._@+-]{2,120}$": "must be 2 to 120 letters, digits or . _ @ + -, without spaces",
}


def _in_words(item: dict) -> str:
    kind, context = item["type"], item.get("ctx", {})
    if kind == "missing" or (kind == "string_too_short" and context.get("min_length") == 1):
        return "is required"
    if kind == "string_too_long":
        return f"is too long: at most {context['max_length']:,} characters"
    if kind in ("less_than_equal", "greater_than_equal", "greater_than"):
        bound = context.get("le", context.get("ge", context.get("gt")))
        word = {"less_than_equal": "at most", "greater_than_equal": "at least", "greater_than": "more than"}[kind]
        return f"must be {word} {bound:,}"
    if kind.startswith(("date_", "datetime_")):
        return "is not a date in the form YYYY-MM-DD"
    if kind in ("float_parsing", "int_parsing", "float_type", "int_type"):
        return "must be a number"
    if kind == "string_pattern_mismatch":
        return _PATTERN_WORDS.get(context.get("pattern", ""), "is not in the expected form")
    return item["msg"].removeprefix("Value error, ")


def validation_message(error: ValidationError) -> str:
    """Every problem of a refused input on one line (the CLI's form): "rationale: is required; ..."."""
    return "; ".join(validation_problems(error))
