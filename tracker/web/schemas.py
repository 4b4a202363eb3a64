"""The API's answers as public models: FastAPI checks every answer against them and the OpenAPI document describes
them. A field's words are those declared on the field it comes from (tracker.present.package.column_words), so a
column means the same in a file and in an answer; the tables' rows are made from the export's Table Schema."""

import datetime as dt
import functools
from types import UnionType
from typing import Annotated, Any, Generic, Literal, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, create_model

from models.facts import EVIDENCE
from models.tables import Commitment
from tracker.present.exports import COMMITMENTS_FILE, INFERRED, TABLES, TableExport
from tracker.present.package import column_words, table_schema
from tracker.read.as_of import CLAIMS, STORED
from tracker.read.queries import COMMITMENT_COLUMNS


def described(name: str, default: Any = ..., **extra: Any) -> Any:
    return Field(default, description=column_words(name), **extra)


class Public(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Counts(Public):
    matched: int = Field(description="Commitments and priorities the view keeps.")
    kind: dict[str, int] = Field(description="How many of each kind: commitments and priorities, counted apart.")
    status: dict[str, int] = Field(description="How many in each status on the view's date.")
    deadline: dict[str, int] = Field(description=column_words("deadline_state"))
    inferred_deadline: dict[str, int] = Field(
        description="Of those in each deadline state, how many rest on a deadline the text does not state."
    )
    stale: int = Field(description=column_words("stale"))
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


def public_type(annotation: Any) -> Any:
    """The type an answer gives a declared field: its plain type (a vocabulary's code is text), or null."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, UnionType):
        annotation = next(a for a in get_args(annotation) if a is not type(None))
        return public_type(annotation)
    if get_origin(annotation) is Literal:
        return str | None
    return annotation | None


def _commitment_row() -> type[BaseModel]:
    """A commitment as the as-of view gives it (tracker.read.as_of.VIEW_COLUMNS): every field its declaration
    holds, as declared, and the claims worked out as of the view's date. Codes and values."""
    declared = Commitment.model_fields
    fields: dict[str, Any] = {}
    for name in COMMITMENT_COLUMNS:
        if name in STORED:
            fields[name] = (public_type(declared[name].annotation), Field(description=declared[name].description))
        elif name in CLAIMS:
            fields[name] = (CLAIMS[name], described(name))
    fields.update(
        recorded_status=(str, Field(description=declared["status"].description)),
        event=(str | None, Field(description="The event, as people name it.")),
        stated_by=(str, Field(description="Who said it (not a party to it).")),
        parties=(list[Party], described("parties")),
        themes=(list[str], described("themes")),
        source=(str, described("source")),
        source_quote=(str, described("source_quote")),
        pace=(str | None, described("pace")),
    )
    return create_model("CommitmentRow", __base__=Public, **fields)


CommitmentRow = _commitment_row()


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
    reviewed_by: str | None = described("reviewed_by")
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


def _file_row(kind: str) -> type[BaseModel]:
    return row_model(next(table for table in TABLES if table.kind.name == kind))


class ReplyEntry(Public):
    party: str = Field(description="A committing party (organizations.csv slug).")
    party_name: str
    reply: _file_row("party_reply") | None = Field(  # type: ignore[valid-type]
        description="Its reply in force to the rating in force; null where none is recorded (never agreement)."
    )
    differs: bool = Field(description="True when the party states a status of its own that differs from ours.")


class DueProcess(Public):
    """How the rating was reached and who answered it: the rubric, the reviewers, the parties' replies, contests."""

    review: Literal["second-editor", "single"] = Field(
        description="second-editor: every rating and rubric was approved by a second editor before publication; "
        "single: assessments are single-reviewed (published by the editor who wrote them)."
    )
    review_words: str
    rubric: _file_row("rubric") | None = Field(description="The rubric in force, or null where none is written.")  # type: ignore[valid-type]
    rubrics: list[_file_row("rubric")] = Field(description="Every rubric of the commitment, newest first.")  # type: ignore[valid-type]
    rating: _file_row("progress_update") | None = Field(  # type: ignore[valid-type]
        description="The update the status comes from, with who recorded it and who reviewed it."
    )
    replies: list[ReplyEntry]
    contests: list[_file_row("contest")] = Field(  # type: ignore[valid-type]
        description="Every value of it contested by the view's date, open or resolved by then."
    )


class _CommitmentDetail(Public):
    """One commitment: every field its declaration holds (named as in files), and what the tracker works out or
    keeps about it as of the view's date."""

    as_of: dt.date
    made_on: dt.date | None = described("made_on")
    made_on_inferred: bool = described("made_on_inferred")
    made_on_as_written: str = Field(description="The day it counts from as the text gives it, marked if inferred.")
    parties: list[CommitmentParty]
    themes: list[str]
    status: str = described("status")
    progress_value: float | None = described("progress_value")
    last_update: dt.date | None = described("last_update")
    pace: str | None = described("pace")
    target: Target
    due_date_as_written: str | None = Field(description="The deadline as the text gives it, marked if inferred.")
    flags: Flags
    inferred: list[InferredValue] = Field(description="Every value of it the text does not state literally.")
    evidence: Evidence
    history: list[HistoryEntry] = Field(description="Every update dated up to the view's date, corrections too.")
    fact_changes: list[FactChangeEntry] = Field(description="Editors' additions, corrections and retractions.")
    as_it_stood: dict[str, Any] = Field(description="Fields corrected since the view's date, as they stood then.")
    due_process: DueProcess
    links: Links


def declared_columns(table: TableExport) -> dict[str, tuple[str, Any]]:
    """{column: (field, public type)} of a file's stored columns but its evidence: what an answer gives of a fact
    as its declaration holds it."""
    return {
        column: (name, public_type(table.model.model_fields[name].annotation))
        for column, name in zip(table.stored, table.stored_fields, strict=True)
        if name not in EVIDENCE
    }


CommitmentDetail = create_model(
    "CommitmentDetail",
    __base__=_CommitmentDetail,
    **{
        column: (kind, Field(description=Commitment.model_fields[name].description))
        for column, (name, kind) in declared_columns(COMMITMENTS_FILE).items()
    },
)


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
    reviewed_by: str | None = described("reviewed_by")
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
