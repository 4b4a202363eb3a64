"""Input models: every write, from the seed file or from an editor, is validated by one of these first.

SQLModel table models do not validate on construction, so nothing reaches a table without passing through an
`...Create` model here. Field names match the table columns; evidence is given as a source slug and a verbatim
quote, and the writer computes the quote's offsets (see models.evidence.locate_quote).
"""

import datetime as dt
from typing import Annotated
from urllib.parse import urlparse

from pydantic import AfterValidator, StringConstraints, model_validator
from sqlmodel import Field, SQLModel

from models.vocab import (
    SLUG_PATTERN,
    EventRole,
    InitiativeKind,
    Metric,
    OrganizationKind,
    PartyRole,
    Qualifier,
    StatementKind,
    Status,
)

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=80)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
Quote = Annotated[str, StringConstraints(min_length=1)]


def _http_url(value: str) -> str:
    if value and (urlparse(value).scheme not in ("http", "https") or not urlparse(value).netloc):
        raise ValueError("must be an http:// or https:// address")
    return value


HttpUrl = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500), AfterValidator(_http_url)]


class Input(SQLModel):
    model_config = {"extra": "forbid"}  # a misspelt field in the seed file is an error, not silently ignored


class EvidenceIn(Input):
    source_slug: Slug
    source_quote: Quote


class SourceCreate(Input):
    slug: Slug
    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
    title: ShortText = ""
    publisher: ShortText = ""
    published_on: dt.date | None = None
    url: HttpUrl = ""
    file: ShortText = ""
    text: Annotated[str, StringConstraints(min_length=1)]


class OrganizationCreate(EvidenceIn):
    slug: Slug
    name: Name
    acronym: Annotated[str, StringConstraints(strip_whitespace=True, max_length=20)] = ""
    kind: OrganizationKind
    country: ShortText = ""
    note: ShortText = ""


class AliasCreate(EvidenceIn):
    alias: Name


class PersonCreate(EvidenceIn):
    slug: Slug
    name: Name
    role: ShortText = ""
    organization_slug: Slug | None = None
    aliases: list[AliasCreate] = Field(default_factory=list)


class EventCreate(EvidenceIn):
    slug: Slug
    name: Name
    short_name: ShortText = ""
    city: ShortText = ""
    country: ShortText = ""
    start_date: dt.date
    end_date: dt.date
    dates_inferred: bool = False
    inference_note: ShortText = ""

    @model_validator(mode="after")
    def _dates(self) -> "EventCreate":
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
    name: Name


class PartyIn(Input):
    organization_slug: Slug
    role: PartyRole


class CommitmentCreate(EvidenceIn):
    slug: Slug
    title: Name
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    framework: Name
    event_slug: Slug
    stated_by_slug: Slug | None = None
    status: Status = "not_assessed"
    target_value: float | None = Field(default=None, ge=0)
    target_unit: ShortText = ""
    target_qualifier: Qualifier | None = None
    due_date: dt.date | None = None
    due_date_inferred: bool = False
    due_date_note: ShortText = ""
    parties: list[PartyIn] = Field(default_factory=list)
    themes: list[Slug] = Field(default_factory=list)

    @model_validator(mode="after")
    def _target_and_due(self) -> "CommitmentCreate":
        if self.text not in self.source_quote:
            raise ValueError("the commitment's text must be a verbatim part of its evidence quote")
        if self.target_value is not None and (not self.target_unit or self.target_qualifier is None):
            raise ValueError("a numeric target needs a target_unit and a target_qualifier")
        if self.target_value is None and (self.target_unit or self.target_qualifier):
            raise ValueError("target_unit and target_qualifier need a target_value")
        if self.due_date_inferred and (self.due_date is None or not self.due_date_note):
            raise ValueError("an inferred due_date needs the date and a due_date_note saying why")
        if len({(p.organization_slug, p.role) for p in self.parties}) != len(self.parties):
            raise ValueError("a party is listed twice with the same role")
        if len(set(self.themes)) != len(self.themes):
            raise ValueError("a theme is listed twice")
        return self


class InitiativeCreate(EvidenceIn):
    slug: Slug
    name: Name
    kind: InitiativeKind
    event_slug: Slug
    item_count: int | None = Field(default=None, gt=0)


class ParticipationFigureCreate(EvidenceIn):
    slug: Slug
    event_slug: Slug
    metric: Metric
    value: int = Field(ge=0)
    qualifier: Qualifier
    counts_what: Name
