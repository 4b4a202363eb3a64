"""The API's answers as public models: FastAPI checks every answer against them and the OpenAPI document describes
them. A field's words come from the data package's descriptions (tracker.present.package.DESCRIPTIONS), so a
column means the same in a file and in an answer; the tables' rows are made from the export's Table Schema."""

import datetime as dt
import functools
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, create_model

from tracker.present.exports import INFERRED, TableExport
from tracker.present.package import DESCRIPTIONS, table_schema


def described(name: str, default: Any = ..., **extra: Any) -> Any:
    return Field(default, description=DESCRIPTIONS.get(name, name.replace("_", " ")), **extra)


class Public(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Counts(Public):
    matched: int = Field(description="Commitments and priorities the view keeps.")
    kind: dict[str, int] = Field(description="How many of each kind: commitments and priorities, counted apart.")
    status: dict[str, int] = Field(description="How many in each status on the view's date.")
    deadline: dict[str, int] = Field(description=DESCRIPTIONS["deadline_state"])
    inferred_deadline: dict[str, int] = Field(
        description="Of those in each deadline state, how many rest on a deadline the text does not state."
    )
    stale: int = Field(description=DESCRIPTIONS["stale"])
    events: int = Field(description="Events the matching commitments were made at.")
    sources: int = Field(description="Documents the matching commitments are quoted from.")
    parties: int = Field(description="Organizations, countries or cities named as parties, inferred ones included.")


class Summary(Public):
    view: str = Field(description="The view's filters in words.")
    as_of: dt.date = Field(description="The day the view shows the tracker as it stood.")
    counts: Counts


class Party(Public):
    name: str = Field(description="How people name the party: its acronym where the text gives one.")
    inferred: bool = described("inferred")


class CommitmentRow(Public):
    """A commitment as the as-of view gives it (tracker.read.as_of.VIEW_COLUMNS): codes and values."""

    slug: str = described("slug")
    title: str = described("title")
    kind: str = described("kind")
    framework: str = described("framework")
    event_slug: str | None = described("event")
    event: str | None = Field(description="The event, as people name it.")
    stated_by_slug: str | None = described("stated_by")
    stated_by: str = Field(description="Who said it (not a party to it).")
    parties: list[Party] = described("parties")
    themes: list[str] = described("themes")
    status: str = described("status")
    progress_value: float | None = described("progress_value")
    last_update: dt.date | None = described("last_update")
    made: bool = Field(description="Whether the commitment had been made by the view's date.")
    made_on: dt.date | None = described("made_on")
    made_on_inferred: bool = described("made_on_inferred")
    target_value: float | None = described("target_value")
    target_unit: str = described("target_unit")
    target_qualifier: str | None = described("target_qualifier")
    due_date: dt.date | None = described("due_date")
    due_date_precision: str | None = described("due_date_precision")
    due_date_inferred: bool | None = described("due_date_inferred")
    deadline_state: str = described("deadline_state")
    days_left: int | None = described("days_left")
    stale: bool = described("stale")
    specificity: int = described("specificity")
    verifiable: bool = described("verifiable")
    source: str = described("source")
    source_quote: str = described("source_quote")


class CommitmentsPage(Public):
    view: str = Field(description="The view's filters in words.")
    as_of: dt.date
    total: int = Field(description="Every commitment the view keeps, on all pages.")
    page: int
    size: int
    next: str | None = Field(description="The next page's address; null on the last page.")
    csv: str = Field(description="Every commitment of the view as CSV.")
    commitments: list[CommitmentRow]


class Criterion(Public):
    met: bool
    reason: str


class Specificity(Public):
    score: int
    out_of: int
    criteria: list[Criterion]


class Flags(Public):
    made: bool = Field(description="False when the view's date is before the commitment was made.")
    deadline: str | None = described("deadline_state")
    days_left: int | None = described("days_left")
    stale: bool = described("stale")
    verifiable: bool = described("verifiable")
    specificity: Specificity


class CommitmentParty(Public):
    organization: str = described("organization")
    name: str
    role: str
    inferred: bool = described("inferred")
    inference_note: str = described("inference_note")


class Target(Public):
    value: float | None = described("target_value")
    unit: str = described("target_unit")
    qualifier: str | None = described("target_qualifier")
    note: str = described("target_note")


class InferredValue(Public):
    field: str = described("field")
    reason: str = described("reason")


class Evidence(Public):
    source: str = described("source")
    quote: str = described("source_quote")
    quote_start: int = described("quote_start")
    quote_end: int = described("quote_end")


class HistoryEntry(Public):
    id: int = described("id")
    as_of: dt.date = described("as_of")
    status: str
    progress_value: float | None = described("progress_value")
    rationale: str = described("rationale")
    evidence_url: str = described("evidence_url")
    evidence_quote: str = described("evidence_quote")
    recorded_by: str = described("recorded_by")
    recorded_at: dt.datetime = described("recorded_at")
    corrects_id: int | None = described("corrects")
    correction_reason: str = described("correction_reason")
    corrected_by: int | None = Field(description="The correction that replaced this update, if one did.")


class FactChangeEntry(Public):
    changed_at: dt.datetime = described("changed_at")
    changed_by: str = described("changed_by")
    action: str = described("action")
    changes: dict[str, Any] = described("changes")
    reason: str


class Links(Public):
    page: str
    updates_csv: str
    feed: str


class CommitmentDetail(Public):
    slug: str = described("slug")
    as_of: dt.date
    kind: str = described("kind")
    kind_note: str = described("kind_note")
    title: str = described("title")
    text: str = described("text")
    framework: str = described("framework")
    event: str | None = described("event")
    made_on: dt.date | None = described("made_on")
    made_on_inferred: bool = described("made_on_inferred")
    made_on_as_written: str = Field(description="The day it counts from as the text gives it, marked if inferred.")
    parties: list[CommitmentParty]
    stated_by: str | None = described("stated_by")
    themes: list[str]
    status: str = described("status")
    recorded_status: str = described("recorded_status")
    progress_value: float | None = described("progress_value")
    last_update: dt.date | None = described("last_update")
    target: Target
    due_date: dt.date | None = described("due_date")
    due_date_precision: str = described("due_date_precision")
    due_date_as_written: str | None = Field(description="The deadline as the text gives it, marked if inferred.")
    due_date_inferred: bool = described("due_date_inferred")
    due_date_note: str = described("due_date_note")
    flags: Flags
    inferred: list[InferredValue] = Field(description="Every value of it the text does not state literally.")
    evidence: Evidence
    history: list[HistoryEntry] = Field(description="Every update dated up to the view's date, corrections too.")
    fact_changes: list[FactChangeEntry] = Field(description="Editors' additions, corrections and retractions.")
    as_it_stood: dict[str, Any] = Field(description="Fields corrected since the view's date, as they stood then.")
    links: Links


class SourceFact(Public):
    fact: str = described("fact")
    kind: str
    label: str
    value: str
    inferred: bool
    inference_note: str
    quote_start: int = described("quote_start")
    quote_end: int = described("quote_end")
    quote: str = described("source_quote")
    target: dict[str, Any] = Field(description="The quote as a W3C Web Annotation target.")


class SourceDetail(Public):
    slug: str = described("slug")
    label: str = described("label")
    title: str
    publisher: str = described("publisher")
    published_on: dt.date | None = described("published_on")
    published_on_precision: str = described("published_on_precision")
    published_as_written: str | None
    url: str = described("url")
    other_urls: list[str] = described("other_urls")
    file: str = described("file")
    sha256: str = described("sha256")
    text: str
    facts: list[SourceFact]


class Change(Public):
    slug: str
    title: str
    framework: str
    status_before: str
    status_after: str
    progress_before: float | None
    progress_after: float | None
    target_value: float | None
    target_unit: str
    target_qualifier: str | None


class ChangesPage(Public):
    view: str
    start: dt.date = Field(alias="from", serialization_alias="from")
    to: dt.date
    by: str
    page: int
    size: int
    next: str | None
    csv: str
    changes: list[Change]

    model_config = ConfigDict(extra="forbid", populate_by_name=True, serialize_by_alias=True)


class LogEntry(Public):
    id: int = described("id")
    recorded_at: dt.datetime = described("recorded_at")
    recorded_by: str = described("recorded_by")
    commitment: str = described("commitment")
    commitment_title: str
    as_of: dt.date = described("as_of")
    status: str
    progress_value: float | None = described("progress_value")
    rationale: str = described("rationale")
    evidence_url: str = described("evidence_url")
    evidence_quote: str = described("evidence_quote")
    corrects_id: int | None = described("corrects")
    correction_reason: str = described("correction_reason")
    corrected_by: int | None = Field(description="The correction that replaced this entry: it no longer stands.")
    kind: str = Field(description="update or correction")


class LogPage(Public):
    view: str
    as_of: dt.date
    total: int
    capped: bool = Field(description="True when there are more entries than the log holds.")
    page: int
    size: int
    next: str | None
    csv: str
    entries: list[LogEntry]


Row = TypeVar("Row")


class TablePage(BaseModel, Generic[Row]):
    model_config = ConfigDict(extra="forbid")
    view: str = Field(description="The view's filters in words.")
    as_of: dt.date
    filters: dict[str, list[str]] = Field(description="The list's own column filters given.")
    total: int
    page: int
    size: int
    next: str | None
    csv: str
    rows: list[Row]


_TYPES = {
    "string": str,
    "integer": int,
    "number": float,
    "boolean": bool,
    "date": dt.date,
    "datetime": dt.datetime,
    "list": list[str],
}


@functools.cache
def row_model(table: TableExport) -> type[BaseModel]:
    """The public model of a row of `table`, from the Table Schema the data package describes it with."""
    fields: dict[str, Any] = {}
    schema = table_schema(table)
    required = set(schema.get("primaryKey", []))
    for column in schema["fields"]:
        name, kind = column["name"], column["type"]
        annotation: Any = list[InferredValue] if name == INFERRED else _TYPES[kind]
        if name not in required and name != INFERRED and kind != "list":
            annotation = annotation | None
        fields[name] = (annotation, Field(description=column["description"]))
    title = "".join(part.capitalize() for part in table.name.split("_"))
    return create_model(f"{title}Row", __base__=Public, **fields)
