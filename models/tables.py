"""The tracker's tables.

Stable slugs are the primary keys, so a row means the same thing in every database and an export from SQLite and
one from PostgreSQL are byte for byte the same. Every fact carries its evidence: the source it came from, the
verbatim quote and the quote's character offsets in the source text. CHECK, UNIQUE and FOREIGN KEY constraints
repeat the input models' rules as a second line of defence.
"""

import datetime as dt
from typing import Annotated, Any

import sqlalchemy as sa
from pydantic import StringConstraints
from sqlmodel import AutoString, Field, SQLModel

from models.fields import (
    MAX_NUMBER,
    FactDate,
    HttpUrl,
    LongText,
    Metric,
    Number,
    Quote,
    RequiredLongText,
    RequiredText,
    Slug,
    SourceText,
    Text,
    UrlLines,
    fact_field,
)
from tracker.domain.vocab import (
    COMMITMENT_KINDS,
    CONTESTED_VALUES,
    DATE_PRECISIONS,
    DRAFT_KINDS,
    DRAFT_STATES,
    EVENT_ROLES,
    FACT_ACTIONS,
    FIGURE_KINDS,
    INITIATIVE_KINDS,
    ORGANIZATION_KINDS,
    ORIGINS,
    PARTY_ROLES,
    PASSAGE_CLASSES,
    QUALIFIERS,
    REPLY_CHANNELS,
    REPLY_STATUSES,
    RESOLUTIONS,
    ROLES,
    STATEMENT_KINDS,
    STATUSES,
    UPDATE_STATUSES,
    CommitmentKind,
    ContestedValue,
    DatePrecision,
    FigureKind,
    InitiativeKind,
    OrganizationKind,
    PartyRole,
    PassageClass,
    Qualifier,
    ReplyChannel,
    ReplyStatus,
    Resolution,
    StatementKind,
    Status,
    UpdateStatus,
    sql_in,
)
from tracker.domain.vocab import (
    EventRole as EventRoleName,
)

# Stable constraint names, so that migrations (and SQLite's batch mode) can refer to them.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _versioned() -> tuple[Any, dict[str, sa.Column]]:
    """The `version` field and the mapper arguments that make it an optimistic lock.

    SQLAlchemy adds "AND version = :old" to every UPDATE and raises StaleDataError when another writer got there
    first. SQLModel needs the Column object itself for version_id_col; it is returned here rather than kept in
    the class body, where pydantic would treat it as a private attribute and deep-copy it for every new row.
    """
    column = sa.Column("version", sa.Integer, nullable=False)
    return Field(default=None, sa_column=column), {"version_id_col": column}


def _evidence_checks() -> tuple[sa.CheckConstraint, ...]:
    return (
        sa.CheckConstraint("quote_start >= 0 AND quote_end > quote_start", name="quote_offsets"),
        sa.CheckConstraint("length(source_quote) = quote_end - quote_start", name="quote_length"),
    )


def _audit_checks() -> tuple[sa.CheckConstraint, ...]:
    return (sa.CheckConstraint(sql_in("origin", ORIGINS), name="origin"),)


class Audit(SQLModel):
    """Who put a row there and when. `origin` tells seeded facts from facts users added; a seeded row that an
    editor changed has `updated_by` set, and a seed refresh leaves it as the editor left it."""

    origin: str = Field(default="user", max_length=8)
    created_by: str = Field(default="", max_length=120)
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_by: str = Field(default="", max_length=120)
    updated_at: dt.datetime | None = None


class Retractable(SQLModel):
    """A fact an editor may retract: hidden from every view as of this time and later, never deleted; views as of
    an earlier date show it as it stood, and the Changes log holds who retracted it and why (FactChange)."""

    retracted_at: dt.datetime | None = None


class Evidence(SQLModel):
    """Where a fact is written: the verbatim quote and its character offsets in the source's text."""

    source_slug: Slug = fact_field(
        label="Source",
        description="The source document the fact is taken from (sources.csv slug).",
        foreign_key="source.slug",
        index=True,
        max_length=80,
    )
    source_quote: Quote = fact_field(
        label="Evidence quote",
        description="The verbatim passage of the source that states the fact.",
        sa_type=sa.Text,
    )
    quote_start: int = fact_field(
        label="Quote starts at",
        description="Character offset in the source's text where the quote starts (0-based, Unicode code points).",
    )
    quote_end: int = fact_field(
        label="Quote ends at",
        description="Character offset in the source's text just after the quote's last character.",
    )


# A fact's address ("organization:miit") and a field's name, as inferences name them.
FactAddress = Annotated[str, StringConstraints(pattern=r"^[a-z_]+:.+$", max_length=200)]
FieldName = Annotated[str, StringConstraints(pattern=r"^[a-z_]+$", max_length=40)]

SLUG = "Stable identifier of the row: lowercase letters, digits and hyphens. Other files refer to it."


def slug_field() -> Any:
    # Made from the fact's name when it is added (a form does not ask for it).
    return fact_field(label="Slug (short name)", description=SLUG, primary_key=True, max_length=80, asked=False)


class Source(Audit, Retractable, table=True):
    """A document facts are taken from, with its full text (the seed's texts are copies of the files)."""

    __tablename__ = "source"
    __table_args__ = (
        sa.CheckConstraint("slug <> ''", name="slug"),
        sa.CheckConstraint("label <> ''", name="label"),
        sa.CheckConstraint("length(text) > 0", name="text"),
        sa.CheckConstraint(sql_in("published_on_precision", DATE_PRECISIONS), name="published_on_precision"),
        sa.CheckConstraint("published_on_precision = 'day' OR published_on IS NOT NULL", name="precision_of_a_date"),
        *_audit_checks(),
    )

    slug: Slug = slug_field()
    # How the tracker cites the document: its own short name. `title` holds only what the text itself gives.
    label: RequiredText = fact_field(
        label="Short name to cite it by",
        description="How the tracker cites the document.",
        max_length=120,
        correctable=True,
    )
    title: Text = fact_field(
        "",
        label="Title, as the document gives it",
        description="The document's own title, where it has one.",
        max_length=300,
        correctable=True,
    )
    publisher: Text = fact_field(
        "",
        label="Publisher, if the document names it",
        description="The publisher, where the text names it.",
        max_length=200,
        correctable=True,
    )
    published_on: FactDate | None = fact_field(
        None, label="Published on", description="The publication date, where the text gives it.", correctable=True
    )
    # The date as the text gives it: to the day, or to a month, quarter or year, whose last day is `published_on`
    # (what the document's own commitments count from: the text does not say an earlier day).
    published_on_precision: DatePrecision = fact_field(
        "day",
        label="The text gives the date to",
        sa_type=AutoString(8),
        correctable=True,
        description="How precisely the text gives the publication date: day, month, quarter or year (for a period, "
        "published_on is its last day).",
    )
    url: HttpUrl = fact_field(
        "",
        label="Address (http or https)",
        description="Where the document was published.",
        max_length=500,
        correctable=True,
    )
    # Other addresses where the same document is published (a mirror, a PDF beside the web page), one per line.
    other_urls: UrlLines = fact_field(
        "",
        label="Other addresses (one per line)",
        description="Other addresses of the same document, one per line.",
        sa_type=sa.Text,
        correctable=True,
    )
    file: Text = fact_field(
        "", label="File", description="The document's file name in the tracker's documents folder.", max_length=200
    )
    sha256: str = fact_field(
        label="SHA-256", description="SHA-256 of the text (UTF-8), to check a copy is unaltered.", max_length=64
    )
    text: SourceText = fact_field(label="Text", description="The document's full text.", sa_type=sa.Text)
    version: int | None
    version, __mapper_args__ = _versioned()


class Organization(Evidence, Audit, Retractable, table=True):
    __tablename__ = "organization"
    __table_args__ = (
        sa.CheckConstraint(sql_in("kind", ORGANIZATION_KINDS), name="kind"),
        sa.CheckConstraint("name <> ''", name="name"),
        *_evidence_checks(),
        *_audit_checks(),
    )

    slug: Slug = slug_field()
    name: RequiredText = fact_field(
        label="Name, as the text writes it",
        description="The name as the source writes it.",
        max_length=200,
        sa_column_kwargs={"unique": True},
        correctable=True,
        inferable=True,
    )
    acronym: Text = fact_field(
        "",
        label="Acronym, if the text gives one",
        description="The acronym the source uses.",
        max_length=20,
        correctable=True,
        inferable=True,
    )
    kind: OrganizationKind = fact_field(
        label="Kind",
        description="What sort of organization it is: the tracker's own tag, not a claim of the text.",
        sa_type=AutoString(40),
        correctable=True,
    )
    country: Text = fact_field(
        "",
        label="Country",
        description="The country the organization belongs to.",
        max_length=80,
        correctable=True,
        inferable=True,
    )
    note: Text = fact_field(
        "", label="Note", description="A note on the organization.", max_length=500, correctable=True
    )
    version: int | None
    version, __mapper_args__ = _versioned()


class Person(Evidence, Audit, Retractable, table=True):
    __tablename__ = "person"
    __table_args__ = (
        sa.CheckConstraint("name <> ''", name="name"),
        *_evidence_checks(),
        *_audit_checks(),
    )

    slug: Slug = slug_field()
    name: RequiredText = fact_field(
        label="Name, as the text writes it",
        description="The name as the source writes it.",
        max_length=200,
        correctable=True,
        inferable=True,
    )
    role: Text = fact_field(
        "",
        label="Role or title, as the text gives it",
        description="The person's role or title, in the text's words.",
        max_length=300,
        correctable=True,
        inferable=True,
    )
    organization_slug: Slug | None = fact_field(
        None,
        label="Organization",
        description="The body the person works for (organizations.csv slug).",
        foreign_key="organization.slug",
        index=True,
        correctable=True,
        inferable=True,
    )
    version: int | None
    version, __mapper_args__ = _versioned()


class PersonAlias(Evidence, Audit, Retractable, table=True):
    """Another spelling of a person's name, as a document writes it ("Sung Hwan Cho" for "Cho Sung-hwan")."""

    __tablename__ = "person_alias"
    __table_args__ = (
        sa.CheckConstraint("alias <> ''", name="alias"),
        *_evidence_checks(),
        *_audit_checks(),
    )

    alias: RequiredText = fact_field(
        label="Other spelling",
        description="Another spelling of a person's name, as a document writes it.",
        primary_key=True,
        max_length=200,
    )
    person_slug: Slug = fact_field(
        label="Person",
        description="The person it names (people.csv slug).",
        foreign_key="person.slug",
        index=True,
        inferable=True,
    )


class Event(Evidence, Audit, Retractable, table=True):
    __tablename__ = "event"
    __table_args__ = (
        sa.CheckConstraint("name <> ''", name="name"),
        sa.CheckConstraint("end_date >= start_date", name="date_order"),
        sa.CheckConstraint("NOT dates_inferred OR inference_note <> ''", name="inference_reason"),
        sa.CheckConstraint(sql_in("dates_precision", DATE_PRECISIONS), name="dates_precision"),
        sa.CheckConstraint("dates_precision = 'day' OR start_date = end_date", name="period_is_one_date"),
        *_evidence_checks(),
        *_audit_checks(),
    )

    slug: Slug = slug_field()
    name: RequiredText = fact_field(
        label="Name, as the text writes it",
        description="The event's name as the source writes it.",
        max_length=300,
        correctable=True,
        inferable=True,
    )
    short_name: Text = fact_field(
        "",
        label="Short name",
        description="A shorter name, where the source uses one.",
        max_length=80,
        correctable=True,
    )
    city: Text = fact_field(
        "",
        label="City",
        description="City where the event took place.",
        max_length=120,
        correctable=True,
        inferable=True,
    )
    country: Text = fact_field(
        "",
        label="Country",
        description="Country where the event took place.",
        max_length=120,
        correctable=True,
        inferable=True,
    )
    start_date: FactDate = fact_field(label="Starts", description="First day of the event.", correctable=True)
    end_date: FactDate = fact_field(
        label="Ends (the same day for a one-day event)", description="Last day of the event.", correctable=True
    )
    # The dates as the text gives them: to the day, or only to a month, quarter or year, whose last day is then
    # both start_date and end_date (commitments made there count from it: the text does not say an earlier day).
    dates_precision: DatePrecision = fact_field(
        "day",
        label="The text gives the dates to",
        sa_type=AutoString(8),
        correctable=True,
        description="How precisely the text gives the event's dates: day, month, quarter or year. For a period both "
        "dates are its last day, the earliest the text vouches for (commitments made there count from it).",
    )
    dates_inferred: bool = fact_field(
        False,
        label="The dates are inferred",
        correctable=True,
        description="True when a date is not stated literally in the source (e.g. the year).",
    )
    inference_note: Text = fact_field(
        "",
        label="Why the dates are inferred",
        description="What the inferred dates are read from.",
        max_length=500,
        correctable=True,
    )
    version: int | None
    version, __mapper_args__ = _versioned()


class EventRole(Evidence, Audit, Retractable, table=True):
    __tablename__ = "event_role"
    __table_args__ = (
        sa.CheckConstraint(sql_in("role", EVENT_ROLES), name="role"),
        *_evidence_checks(),
        *_audit_checks(),
    )

    event_slug: Slug = fact_field(
        label="Event", description="The event (events.csv slug).", foreign_key="event.slug", primary_key=True
    )
    organization_slug: Slug = fact_field(
        label="Organization",
        description="The organization (organizations.csv slug).",
        foreign_key="organization.slug",
        primary_key=True,
        index=True,
    )
    role: EventRoleName = fact_field(
        label="Role",
        description="What the organization did at the event, as the text states it.",
        primary_key=True,
        sa_type=AutoString(40),
        inferable=True,
    )


class Statement(Evidence, Audit, Retractable, table=True):
    """What a person said at an event; the evidence quote is the statement itself."""

    __tablename__ = "statement"
    __table_args__ = (
        sa.CheckConstraint(sql_in("kind", STATEMENT_KINDS), name="kind"),
        *_evidence_checks(),
        *_audit_checks(),
    )

    slug: Slug = slug_field()
    person_slug: Slug = fact_field(
        label="Person",
        description="Who said it (people.csv slug).",
        foreign_key="person.slug",
        index=True,
        inferable=True,
    )
    event_slug: Slug = fact_field(
        label="Event",
        description="Where it was said (events.csv slug).",
        foreign_key="event.slug",
        index=True,
        inferable=True,
    )
    kind: StatementKind = fact_field(
        label="Kind", description="A direct quote or reported speech.", sa_type=AutoString(40)
    )


class Theme(Audit, table=True):
    __tablename__ = "theme"
    __table_args__ = (sa.CheckConstraint("name <> ''", name="name"), *_audit_checks())

    slug: Slug = slug_field()
    name: RequiredText = fact_field(
        label="Name",
        description="The theme: the tracker's own tag, not a claim of the texts.",
        max_length=120,
        sa_column_kwargs={"unique": True},
    )


class Commitment(Evidence, Audit, Retractable, table=True):
    __tablename__ = "commitment"
    __table_args__ = (
        sa.CheckConstraint("title <> '' AND text <> '' AND framework <> ''", name="required_text"),
        sa.CheckConstraint(sql_in("status", STATUSES), name="status"),
        sa.CheckConstraint(
            "target_value IS NULL OR (target_value >= 0 AND target_unit <> '' AND target_qualifier IS NOT NULL)",
            name="target",
        ),
        sa.CheckConstraint(
            f"target_qualifier IS NULL OR {sql_in('target_qualifier', QUALIFIERS)}", name="target_qualifier"
        ),
        sa.CheckConstraint("NOT due_date_inferred OR (due_date IS NOT NULL AND due_date_note <> '')", name="due"),
        sa.CheckConstraint(sql_in("kind", COMMITMENT_KINDS), name="kind"),
        sa.CheckConstraint(sql_in("due_date_precision", DATE_PRECISIONS), name="due_date_precision"),
        sa.CheckConstraint("due_date_precision = 'day' OR due_date IS NOT NULL", name="precision_of_a_date"),
        *_evidence_checks(),
        *_audit_checks(),
    )

    slug: Slug = slug_field()
    # A commitment (a stated future action with an actor) or a priority (an area named as a priority): see
    # tracker.domain.codebook. `kind_note` says why, in terms of the quoted words.
    kind: CommitmentKind = fact_field(
        "commitment",
        label="Kind",
        description="A commitment or a priority (see the codebook).",
        sa_type=AutoString(20),
        index=True,
    )
    kind_note: Text = fact_field(
        "",
        label="Why this kind",
        description="Why the commitment is of its kind, in terms of the quoted words.",
        max_length=500,
    )
    title: RequiredText = fact_field(
        label="Title (a short summary in your words)",
        description="A short title.",
        max_length=300,
        correctable=True,
    )
    source_quote: Quote = fact_field(
        label="Evidence quote (found again in the same source; spacing and quotation marks may differ)",
        description="The verbatim passage of the source that states the commitment.",
        sa_type=sa.Text,
        correctable=True,
    )
    text: RequiredText = fact_field(
        label="The commitment's own words (a part of the quote)",
        description="The commitment's own words: a verbatim part of its quote.",
        sa_type=sa.Text,
        correctable=True,
        quoted=True,
    )
    framework: RequiredText = fact_field(
        label="Framework",
        description="The statement or set of plans the commitment belongs to.",
        max_length=120,
        index=True,
        correctable=True,
    )
    # Where it was made; none for a commitment made in a document itself (a national plan, a report), which counts
    # from its source's publication date.
    event_slug: Slug | None = fact_field(
        None,
        label="Event where it was made",
        description="Where the commitment was made (events.csv slug); none for one made in the "
        "document itself, which counts from the document's publication date.",
        foreign_key="event.slug",
        index=True,
        correctable=True,
    )
    stated_by_slug: Slug | None = fact_field(
        None,
        label="Said by",
        description="The official who stated the commitment (people.csv slug); not a party to it.",
        foreign_key="person.slug",
        index=True,
    )
    # The status recorded with the commitment itself; progress updates, once recorded, take precedence.
    status: Status = fact_field(
        "not_assessed",
        label="Recorded status",
        asked=False,  # a new commitment is not assessed; a status is what a progress update records
        sa_type=AutoString(20),
        index=True,
        description="The status recorded with the commitment itself, before any progress update.",
    )
    target_value: Number | None = fact_field(
        None,
        ge=0,
        le=MAX_NUMBER,
        label="Target (number)",
        description="The number the commitment targets, if it states one.",
        correctable=True,
    )
    target_unit: Text = fact_field(
        "", label="Target unit (e.g. standards)", description="What the target counts.", max_length=80, correctable=True
    )
    target_qualifier: Qualifier | None = fact_field(
        None,
        label="The text says (over, at least, about, up to, or exactly)",
        sa_type=AutoString(20),
        correctable=True,
        description="The text's own word for the target: 'over 50' is over, not at least.",
    )
    # What the target counts beyond its number, in words ("on top of the several already published").
    target_note: Text = fact_field(
        "",
        label="What the target counts (in words)",
        description="What the target counts beyond its number, in words.",
        max_length=500,
        correctable=True,
    )
    due_date: FactDate | None = fact_field(
        None,
        label="Deadline (for a month, quarter or year, any day in it)",
        index=True,
        correctable=True,
        description="The deadline: for one known to a month, quarter or year, that period's last day.",
    )
    # The deadline as the text gives it: to the day, or to a month, quarter or year, whose last day is `due_date`.
    due_date_precision: DatePrecision = fact_field(
        "day",
        label="The text gives the deadline to",
        sa_type=AutoString(8),
        correctable=True,
        description="How precisely the text gives the deadline: day, month, quarter or year.",
    )
    due_date_inferred: bool = fact_field(
        False,
        label="The deadline is inferred",
        correctable=True,
        description="True when the text does not state the deadline literally (e.g. 'by the end of next year').",
    )
    # The deadline in the text's own words ("by the end of next year"): what a reader quotes, beside the date the
    # rules count to.
    due_date_as_stated: Text = fact_field(
        "",
        label="The deadline in the text's own words",
        description="The deadline as the text words it (e.g. 'by the end of next year'), where it states one.",
        max_length=200,
        correctable=True,
        quoted=True,
    )
    due_date_note: Text = fact_field(
        "",
        label="Why the deadline is inferred",
        description="Why an inferred deadline is what it is.",
        max_length=500,
        correctable=True,
    )
    version: int | None
    version, __mapper_args__ = _versioned()


class CommitmentParty(Audit, table=True):
    """Who the text says commits. A party the text does not name outright ("we", "international standardization
    bodies") is `inferred`, and `inference_note` says from what."""

    __tablename__ = "commitment_party"
    __table_args__ = (
        sa.CheckConstraint(sql_in("role", PARTY_ROLES), name="role"),
        sa.CheckConstraint("NOT inferred OR inference_note <> ''", name="inference_reason"),
        *_audit_checks(),
    )

    commitment_slug: Slug = fact_field(
        label="Commitment",
        description="The commitment (commitments.csv slug).",
        foreign_key="commitment.slug",
        primary_key=True,
    )
    organization_slug: Slug = fact_field(
        label="Organization",
        description="The organization (organizations.csv slug).",
        foreign_key="organization.slug",
        primary_key=True,
        index=True,
    )
    role: PartyRole = fact_field(
        label="Role",
        description="party: who the text says commits; responsible: a body the text names to deliver it.",
        primary_key=True,
        sa_type=AutoString(20),
    )
    inferred: bool = fact_field(
        False, label="Inferred", description="True when the text does not name the party outright."
    )
    inference_note: Text = fact_field(
        "", label="Why inferred", description="What an inferred party is read from.", max_length=500
    )


class CommitmentTheme(Audit, table=True):
    __tablename__ = "commitment_theme"
    __table_args__ = _audit_checks()

    commitment_slug: Slug = fact_field(
        label="Commitment",
        description="The commitment (commitments.csv slug).",
        foreign_key="commitment.slug",
        primary_key=True,
    )
    theme_slug: Slug = fact_field(
        label="Theme",
        description="The theme (themes.csv slug).",
        foreign_key="theme.slug",
        primary_key=True,
        index=True,
    )


class Initiative(Evidence, Audit, Retractable, table=True):
    __tablename__ = "initiative"
    __table_args__ = (
        sa.CheckConstraint(sql_in("kind", INITIATIVE_KINDS), name="kind"),
        sa.CheckConstraint("name <> ''", name="name"),
        sa.CheckConstraint("item_count IS NULL OR item_count > 0", name="item_count"),
        *_evidence_checks(),
        *_audit_checks(),
    )

    slug: Slug = slug_field()
    name: RequiredText = fact_field(
        label="Name", description="The initiative's name as the source writes it.", max_length=300, inferable=True
    )
    kind: InitiativeKind = fact_field(
        label="Kind", description="An initiative, or a collection of cases.", sa_type=AutoString(40)
    )
    # None for one a document announces itself (not at an event): it stands from the document's publication.
    event_slug: Slug | None = fact_field(
        None,
        label="Event",
        description="Where it was launched or unveiled (events.csv slug); none for one the document itself "
        "announces, which counts from the document's publication date.",
        foreign_key="event.slug",
        index=True,
        inferable=True,
    )
    item_count: int | None = fact_field(
        None,
        gt=0,
        label="Items",
        description="How many items the text says the initiative holds, if it says.",
        inferable=True,
    )
    version: int | None
    version, __mapper_args__ = _versioned()


class ParticipationFigure(Evidence, Audit, Retractable, table=True):
    __tablename__ = "participation_figure"
    __table_args__ = (
        sa.CheckConstraint("metric <> ''", name="metric"),
        sa.CheckConstraint(sql_in("kind", FIGURE_KINDS), name="kind"),
        sa.CheckConstraint(sql_in("qualifier", QUALIFIERS), name="qualifier"),
        sa.CheckConstraint("value >= 0", name="value"),
        sa.CheckConstraint("counts_what <> ''", name="counts_what"),
        *_evidence_checks(),
        *_audit_checks(),
    )

    slug: Slug = slug_field()
    # None for a figure the document states itself ("over 700 standards published"), not for an event.
    event_slug: Slug | None = fact_field(
        None,
        label="Event",
        description="The event the figure is stated for (events.csv slug); none for one the document itself "
        "states, which counts from the document's publication date.",
        foreign_key="event.slug",
        index=True,
        inferable=True,
    )
    # `attendance` figures are who came; `context` figures are other numbers stated at the event.
    kind: FigureKind = fact_field(
        "attendance",
        label="Kind",
        sa_type=AutoString(20),
        description="attendance: who came; context: any other number stated at the event, never attendance.",
    )
    metric: Metric = fact_field(label="Metric", description="What the figure counts.", max_length=40)
    value: int = fact_field(label="Number", description="The number as stated.", inferable=True, ge=0, le=MAX_NUMBER)
    qualifier: Qualifier = fact_field(
        label="The text says (over, at least, about, up to, or exactly)",
        sa_type=AutoString(20),
        description="The text's own word for the number: 'over 200' is over, not at least.",
    )
    counts_what: RequiredText = fact_field(
        label="What it counts", description="What the figure counts, in the text's words.", max_length=300
    )
    version: int | None
    version, __mapper_args__ = _versioned()


class Inference(Audit, table=True):
    """A value the text does not state literally, and what it rests on. `fact` is the fact's address
    ("organization:miit", see tracker.domain.facts.fact_id) and `field` the column holding the value ("country")."""

    __tablename__ = "inference"
    __table_args__ = (sa.CheckConstraint("reason <> ''", name="reason"), *_audit_checks())

    fact: FactAddress = fact_field(
        label="Fact",
        description="The fact holding an inferred value: its table and key, e.g. 'organization:miit'.",
        primary_key=True,
        max_length=200,
    )
    field: FieldName = fact_field(
        label="Field", description="The column holding the inferred value.", primary_key=True, max_length=40
    )
    reason: RequiredText = fact_field(label="Why", description="What the inferred value rests on.", max_length=1000)


class Passage(Evidence, Audit, table=True):
    """One passage (a sentence, a heading or a list item) of a source, classified by the codebook
    (tracker.domain.codebook) with the reason for its class. Together a document's passages cover all of its text."""

    __tablename__ = "passage"
    __table_args__ = (
        sa.CheckConstraint(sql_in("classification", PASSAGE_CLASSES), name="classification"),
        sa.CheckConstraint("reason <> ''", name="reason"),
        sa.UniqueConstraint("source_slug", "quote_start", name="uq_passage_source_start"),
        *_evidence_checks(),
        *_audit_checks(),
    )

    slug: Slug = slug_field()
    classification: PassageClass = fact_field(
        label="Class",
        description="The passage's class in the codebook (see the Methodology page).",
        sa_type=AutoString(20),
        index=True,
    )
    reason: RequiredText = fact_field(
        label="Why", description="Why the passage has its class, in terms of its words.", max_length=1000
    )


class ProgressUpdate(SQLModel, table=True):
    """What happened after the promise, on a given date. Append-only: a correction is a new update that names the
    one it corrects; the database refuses UPDATE and DELETE on this table (triggers in migration 0002)."""

    __tablename__ = "progress_update"
    __table_args__ = (
        sa.CheckConstraint(sql_in("status", UPDATE_STATUSES), name="status"),
        sa.CheckConstraint("length(trim(rationale)) > 0", name="rationale"),
        sa.CheckConstraint("progress_value IS NULL OR progress_value >= 0", name="progress_value"),
        sa.CheckConstraint(
            "status = 'not_started' OR evidence_url <> '' OR evidence_quote <> ''", name="evidence_required"
        ),
        sa.CheckConstraint(
            "evidence_url = '' OR evidence_url LIKE 'http://%' OR evidence_url LIKE 'https://%'", name="evidence_url"
        ),
        sa.CheckConstraint("corrects_id IS NULL OR length(trim(correction_reason)) > 0", name="correction_reason"),
        sa.CheckConstraint("corrects_id IS NULL OR corrects_id <> id", name="not_self"),
        sa.CheckConstraint("length(trim(recorded_by)) > 0", name="recorded_by"),
        # Covers the as-of lookups (status, progress, last update, last look): the latest update of a commitment
        # is found and read in the index alone, never in the table (half the time at 1,000,000 updates).
        sa.Index(
            "ix_progress_update_latest", "commitment_slug", "as_of", "id", "status", "progress_value", "recorded_at"
        ),
        sa.Index("ix_progress_update_recorded_at", "recorded_at"),
    )

    id: int | None = fact_field(
        None, label="Number", description="Number of the progress update, in the order recorded.", primary_key=True
    )
    commitment_slug: Slug = fact_field(
        label="Commitment", description="The commitment (commitments.csv slug).", foreign_key="commitment.slug"
    )
    as_of: dt.date = fact_field(
        label="As of (the date the update describes)", description="The date the update describes."
    )
    status: UpdateStatus = fact_field(label="Status", description="The status on that date.", sa_type=AutoString(20))
    progress_value: Number | None = fact_field(
        None,
        ge=0,
        le=MAX_NUMBER,
        label="Progress",
        description="The number reached toward a numeric target, as of that date.",
    )
    rationale: RequiredLongText = fact_field(
        label="Rationale (why this status)", description="Why this status.", sa_type=sa.Text
    )
    evidence_url: HttpUrl = fact_field(
        "", label="Evidence link (http or https)", description="An http(s) address of the evidence.", max_length=500
    )
    evidence_quote: LongText = fact_field(
        "", label="Evidence excerpt (quoted)", description="A quoted excerpt of the evidence.", sa_type=sa.Text
    )
    # A correction names the update it replaces (at most one correction per update) and says why.
    corrects_id: int | None = fact_field(
        None,
        gt=0,
        le=2**31 - 1,
        label="Update to correct",
        foreign_key="progress_update.id",
        sa_column_kwargs={"unique": True},
        description="The update this one corrects (its id); the corrected update stays in the history.",
    )
    correction_reason: Text = fact_field(
        "", label="Why the correction", description="Why the correction was made.", max_length=1000
    )
    recorded_by: str = fact_field(
        label="Recorded by", description="The editor account that recorded the update.", max_length=120
    )
    recorded_at: dt.datetime = fact_field(
        default_factory=utcnow, label="Recorded at", description="When the update was recorded (UTC)."
    )
    reviewed_by: str | None = fact_field(
        None,
        label="Reviewed by",
        description="The second editor who approved the update before it was published; empty where assessments "
        "were single-reviewed (published by the editor who recorded them).",
        max_length=120,
    )
    reviewed_at: dt.datetime | None = fact_field(
        None, label="Reviewed at", description="When the second editor approved it (UTC)."
    )


def _reviewed_by_another(recorded_by: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(f"reviewed_by IS NULL OR reviewed_by <> {recorded_by}", name="second_editor")


ProgressUpdate.__table__.append_constraint(_reviewed_by_another("recorded_by"))


class Rubric(SQLModel, table=True):
    """What would count as limited, substantial and complete progress on one commitment, in words, written before
    any rating of it. Append-only like progress updates: a new rubric replaces the commitment's one before it,
    names it and says why, and the one it replaced stays in the history."""

    __tablename__ = "rubric"
    __table_args__ = (
        sa.CheckConstraint("length(trim(limited)) > 0", name="limited"),
        sa.CheckConstraint("length(trim(substantial)) > 0", name="substantial"),
        sa.CheckConstraint("length(trim(complete)) > 0", name="complete"),
        sa.CheckConstraint("corrects_id IS NULL OR length(trim(correction_reason)) > 0", name="correction_reason"),
        sa.CheckConstraint("corrects_id IS NULL OR corrects_id <> id", name="not_self"),
        sa.CheckConstraint("length(trim(written_by)) > 0", name="written_by"),
        _reviewed_by_another("written_by"),
        sa.Index("ix_rubric_commitment", "commitment_slug", "id"),
    )

    id: int | None = fact_field(None, label="Number", description="Number of the rubric, in order.", primary_key=True)
    commitment_slug: Slug = fact_field(
        label="Commitment", description="The commitment it rates (commitments.csv slug).", foreign_key="commitment.slug"
    )
    limited: RequiredLongText = fact_field(
        label="Limited means", description="What would count as limited progress on this commitment.", sa_type=sa.Text
    )
    substantial: RequiredLongText = fact_field(
        label="Substantial means",
        description="What would count as substantial progress on this commitment.",
        sa_type=sa.Text,
    )
    complete: RequiredLongText = fact_field(
        label="Complete means", description="What would count as the commitment fulfilled.", sa_type=sa.Text
    )
    corrects_id: int | None = fact_field(
        None,
        gt=0,
        le=2**31 - 1,
        label="Rubric replaced",
        foreign_key="rubric.id",
        sa_column_kwargs={"unique": True},
        description="The rubric this one replaces (its id); the replaced rubric stays in the history.",
    )
    correction_reason: Text = fact_field(
        "", label="Why it was replaced", description="Why the rubric before it was replaced.", max_length=1000
    )
    written_by: str = fact_field(label="Written by", description="The editor who wrote the rubric.", max_length=120)
    written_at: dt.datetime = fact_field(
        default_factory=utcnow, label="Written at", description="When the rubric was written (UTC)."
    )
    reviewed_by: str | None = fact_field(
        None,
        label="Reviewed by",
        description="The second editor who approved the rubric; empty where assessments were single-reviewed.",
        max_length=120,
    )
    reviewed_at: dt.datetime | None = fact_field(
        None, label="Reviewed at", description="When the second editor approved it (UTC)."
    )


class PartyReply(SQLModel, table=True):
    """A committing party's answer to one of our ratings, recorded verbatim with its date and channel: invited, no
    response (never read as agreement), acknowledged, responded or declined. Where the party states its own status
    and it differs from ours, every output shows both. Append-only: a party's latest reply to a rating stands."""

    __tablename__ = "party_reply"
    __table_args__ = (
        sa.CheckConstraint(sql_in("status", REPLY_STATUSES), name="status"),
        sa.CheckConstraint(sql_in("channel", REPLY_CHANNELS), name="channel"),
        sa.CheckConstraint(f"party_status IS NULL OR {sql_in('party_status', UPDATE_STATUSES)}", name="party_status"),
        sa.CheckConstraint("status <> 'responded' OR length(trim(text)) > 0", name="text"),
        sa.CheckConstraint("party_status IS NULL OR status = 'responded'", name="party_status_in_reply"),
        sa.CheckConstraint("length(trim(recorded_by)) > 0", name="recorded_by"),
        sa.Index("ix_party_reply_update", "update_id", "party_slug", "id"),
        # A commitment's replies are found by it: most commitments have none, and the as-of view then looks no
        # further (the rating they answer is looked up only for a commitment that has one).
        sa.Index("ix_party_reply_commitment", "commitment_slug"),
    )

    id: int | None = fact_field(None, label="Number", description="Number of the reply, in order.", primary_key=True)
    commitment_slug: Slug = fact_field(
        label="Commitment",
        description="The commitment whose rating the reply answers (commitments.csv slug).",
        foreign_key="commitment.slug",
    )
    update_id: int = fact_field(
        label="Rating replied to",
        description="The progress update (our rating) the reply answers (progress_updates.csv id).",
        foreign_key="progress_update.id",
    )
    party_slug: Slug = fact_field(
        label="Party",
        description="The committing party replying (organizations.csv slug).",
        foreign_key="organization.slug",
    )
    status: ReplyStatus = fact_field(
        label="Reply status",
        description="invited, no_response (never read as agreement), acknowledged, responded or declined.",
        sa_type=AutoString(20),
    )
    text: LongText = fact_field(
        "", label="Reply (verbatim)", description="The party's reply, word for word.", sa_type=sa.Text
    )
    party_status: UpdateStatus | None = fact_field(
        None,
        label="The party's own status",
        description="The status the party says the commitment has, where its reply states one.",
        sa_type=AutoString(20),
    )
    received_on: FactDate = fact_field(
        label="Date", description="When the reply came (or the invitation went, or the time to reply ran out)."
    )
    channel: ReplyChannel = fact_field(
        label="Channel",
        description="How it came: email, letter, meeting, phone, website, public_statement or tracker_account.",
        sa_type=AutoString(20),
    )
    recorded_by: str = fact_field(label="Recorded by", description="The account that recorded it.", max_length=120)
    recorded_at: dt.datetime = fact_field(
        default_factory=utcnow, label="Recorded at", description="When it was recorded (UTC)."
    )


class Contest(SQLModel, table=True):
    """One value of a commitment (a status, a number, a date, a party) contested by someone with an account, with
    their reason and evidence. It shows as contested until an editor resolves it: kept (checked, it stands) or
    corrected, with a link to the correction. A resolved contest stays, as a record that the value was checked."""

    __tablename__ = "contest"
    __table_args__ = (
        sa.CheckConstraint(sql_in("value", CONTESTED_VALUES), name="value"),
        sa.CheckConstraint("length(trim(reason)) > 0", name="reason"),
        sa.CheckConstraint("length(trim(opened_by)) > 0", name="opened_by"),
        sa.CheckConstraint(f"resolution IS NULL OR {sql_in('resolution', RESOLUTIONS)}", name="resolution"),
        sa.CheckConstraint(
            "(resolution IS NULL) = (resolved_by IS NULL) AND (resolution IS NULL) = (resolved_at IS NULL)",
            name="resolved",
        ),
        sa.CheckConstraint("resolution IS NULL OR length(trim(resolution_note)) > 0", name="resolution_note"),
        sa.CheckConstraint("resolution IS NULL OR resolution <> 'corrected' OR correction <> ''", name="correction"),
        sa.CheckConstraint(
            "evidence_url = '' OR evidence_url LIKE 'http://%' OR evidence_url LIKE 'https://%'", name="evidence_url"
        ),
        sa.Index("ix_contest_commitment", "commitment_slug"),
    )

    id: int | None = fact_field(None, label="Number", description="Number of the contest, in order.", primary_key=True)
    commitment_slug: Slug = fact_field(
        label="Commitment", description="The commitment whose value is contested.", foreign_key="commitment.slug"
    )
    value: ContestedValue = fact_field(
        label="Value contested",
        description="Which value: status, progress_value, due_date, target_value, parties, made_on or text.",
        sa_type=AutoString(20),
    )
    shown: Text = fact_field(
        "", label="As shown", description="The value as the tracker showed it when it was contested.", max_length=500
    )
    reason: RequiredLongText = fact_field(
        label="Why it is contested", description="Why the value is wrong, in the contester's words.", sa_type=sa.Text
    )
    evidence_url: HttpUrl = fact_field(
        "", label="Evidence link (http or https)", description="An http(s) address of the evidence.", max_length=500
    )
    evidence_quote: LongText = fact_field(
        "", label="Evidence excerpt (quoted)", description="A quoted excerpt of the evidence.", sa_type=sa.Text
    )
    opened_by: str = fact_field(label="Contested by", description="The account that contested it.", max_length=120)
    opened_at: dt.datetime = fact_field(
        default_factory=utcnow, label="Contested at", description="When it was contested (UTC)."
    )
    resolution: Resolution | None = fact_field(
        None,
        label="Resolution",
        description="kept (checked, it stands) or corrected; empty while open.",
        sa_type=AutoString(12),
    )
    resolution_note: Text = fact_field(
        "", label="Resolution note", description="What the editor found.", max_length=2000
    )
    correction: Text = fact_field(
        "",
        label="Correction",
        description="The correction made, as its address ('progress_update:12', 'fact_change:5').",
        max_length=200,
    )
    resolved_by: str | None = fact_field(
        None, label="Resolved by", description="The editor who resolved it.", max_length=120
    )
    resolved_at: dt.datetime | None = fact_field(None, label="Resolved at", description="When it was resolved (UTC).")


class AssessmentRound(SQLModel, table=True):
    """A round of assessment ("December 2026"): drafts submitted while it is open belong to it, approved ones wait,
    and publishing the round publishes them all at once, at one moment."""

    __tablename__ = "assessment_round"
    __table_args__ = (sa.CheckConstraint("length(trim(name)) > 0", name="name"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80, sa_column_kwargs={"unique": True})
    opened_by: str = Field(max_length=120)
    opened_at: dt.datetime = Field(default_factory=utcnow)
    published_by: str | None = Field(default=None, max_length=120)
    published_at: dt.datetime | None = None


class Draft(SQLModel, table=True):
    """An editor's progress update (or correction) or rubric on its way to readers: it is not in the tracker's
    facts, so no reader, answer, feed or file can show it, until a second editor approves it. `payload` is the
    validated input as JSON; `published_id` the row it became."""

    __tablename__ = "draft"
    __table_args__ = (
        sa.CheckConstraint(sql_in("kind", DRAFT_KINDS), name="kind"),
        sa.CheckConstraint(sql_in("state", DRAFT_STATES), name="state"),
        sa.CheckConstraint("decided_by IS NULL OR decided_by <> submitted_by", name="second_editor"),
        sa.CheckConstraint("state <> 'sent_back' OR length(trim(decision_note)) > 0", name="sent_back_reason"),
        sa.CheckConstraint("(state = 'published') = (published_id IS NOT NULL)", name="published"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)
    commitment_slug: str = Field(foreign_key="commitment.slug", index=True, max_length=80)
    payload: str = Field(sa_type=sa.Text)
    submitted_by: str = Field(max_length=120)
    submitted_at: dt.datetime = Field(default_factory=utcnow)
    round_id: int | None = Field(default=None, foreign_key="assessment_round.id", index=True)
    state: str = Field(default="pending", max_length=12, index=True)
    decided_by: str | None = Field(default=None, max_length=120)
    decided_at: dt.datetime | None = None
    decision_note: str = Field(default="", max_length=2000)
    published_id: int | None = None


class DraftComment(SQLModel, table=True):
    """Discussion of a draft between editors, kept with it."""

    __tablename__ = "draft_comment"
    __table_args__ = (sa.CheckConstraint("length(trim(text)) > 0", name="text"),)

    id: int | None = Field(default=None, primary_key=True)
    draft_id: int = Field(foreign_key="draft.id", index=True)
    written_by: str = Field(max_length=120)
    written_at: dt.datetime = Field(default_factory=utcnow)
    text: str = Field(max_length=2000)


class DataRelease(SQLModel, table=True):
    """A citable release: the whole data as it stood when an admin published it, kept as its data package (a zip
    of every table's file, datapackage.json and CITATION.cff), with a hash over the data files, a note, and counts of
    what changed since the release before it. Immutable: the database refuses any change but recording, once, the
    identifier a repository minted for it."""

    __tablename__ = "data_release"
    __table_args__ = (
        sa.CheckConstraint("length(trim(note)) > 0", name="note"),
        sa.CheckConstraint("length(content_hash) = 71", name="content_hash"),
        sa.CheckConstraint("added >= 0 AND corrected >= 0 AND retracted >= 0", name="counts"),
    )

    version: str = Field(primary_key=True, max_length=20)
    published_at: dt.datetime
    published_by: str = Field(max_length=120)
    as_of: dt.date
    note: str = Field(max_length=2000, sa_type=sa.Text)
    content_hash: str = Field(max_length=71)  # "sha256:" and 64 hex digits
    previous: str | None = Field(default=None, foreign_key="data_release.version", max_length=20)
    added: int = 0
    corrected: int = 0
    retracted: int = 0
    package: bytes = Field(sa_type=sa.LargeBinary)
    identifier: str | None = Field(default=None, max_length=200)


class UserAccount(SQLModel, table=True):
    """A built-in account (salted argon2 hash), or the role of someone who signs in through OpenID Connect
    (username = their e-mail address, no password)."""

    __tablename__ = "user_account"
    __table_args__ = (
        sa.CheckConstraint(sql_in("role", ROLES), name="role"),
        sa.CheckConstraint("length(trim(username)) > 0", name="username"),
        sa.CheckConstraint("(role = 'party') = (party_slug IS NOT NULL)", name="party"),
    )

    username: str = Field(primary_key=True, max_length=120)
    display_name: str = Field(default="", max_length=120)
    password_hash: str = Field(default="", max_length=300)
    role: str = Field(default="viewer", max_length=20)
    # The one party a representative's account may reply for (role `party`).
    party_slug: str | None = Field(default=None, foreign_key="organization.slug", max_length=80)
    active: bool = True
    created_by: str = Field(default="", max_length=120)
    created_at: dt.datetime = Field(default_factory=utcnow)


class SigninThrottle(SQLModel, table=True):
    """Failed sign-ins counted by the name typed (whether or not an account has it, so the answer never tells
    which names exist) and by the address they came from. The count starts again once the lock has run out."""

    __tablename__ = "signin_throttle"
    __table_args__ = (sa.CheckConstraint("failures >= 0", name="failures"),)

    key: str = Field(primary_key=True, max_length=200)  # "name:alice" or "address:203.0.113.7"
    failures: int = 0
    last_failed_at: dt.datetime | None = None


class SignedInSession(SQLModel, table=True):
    """A browser's sign-in, kept across reloads and newly opened links by a cookie holding a random token. Only
    the token's SHA-256 is stored, so a copy of the database signs nobody in; signing out deletes the row."""

    __tablename__ = "signed_in_session"

    token_hash: str = Field(primary_key=True, max_length=64)
    username: str = Field(foreign_key="user_account.username", ondelete="CASCADE", index=True, max_length=120)
    created_at: dt.datetime = Field(default_factory=utcnow)
    expires_at: dt.datetime


class FactChange(SQLModel, table=True):
    """An addition, correction or retraction of a fact by an editor: who, when, what changed and why. `fact` is
    the fact's address ("commitment:slug"); `changes` is a JSON object of field: [before, after]."""

    __tablename__ = "fact_change"
    __table_args__ = (
        sa.CheckConstraint(sql_in("action", FACT_ACTIONS), name="action"),
        sa.CheckConstraint("action = 'added' OR length(trim(reason)) > 0", name="reason"),
        sa.CheckConstraint("length(trim(changed_by)) > 0", name="changed_by"),
    )

    id: int | None = fact_field(
        None, label="Number", description="Number of the change, in the order made.", primary_key=True
    )
    fact: str = fact_field(
        label="Fact",
        description="The fact changed: its table and key, e.g. 'commitment:samr-50-more-ai-standards'.",
        max_length=200,
        index=True,
    )
    action: str = fact_field(
        label="Action", description="What an editor did to the fact: added, corrected or retracted it.", max_length=12
    )
    changes: str = fact_field(
        "{}",
        label="Changes",
        description="What a correction changed: a JSON object of field: [before, after].",
        sa_type=sa.Text,
    )
    reason: str = fact_field(
        "", label="Why", description="Why the fact was corrected or retracted, in the editor's words.", max_length=1000
    )
    changed_by: str = fact_field(
        label="Changed by", description="The editor account that made the change.", max_length=120
    )
    changed_at: dt.datetime = fact_field(
        default_factory=utcnow, label="Changed at", description="When the change was made (UTC).", index=True
    )


class QuoteCheck(SQLModel, table=True):
    """One run of `python -m tracker verify`: every stored quote checked against its source's text and hash."""

    __tablename__ = "quote_check"
    __table_args__ = (sa.CheckConstraint("checked >= 0 AND mismatches >= 0", name="counts"),)

    id: int | None = Field(default=None, primary_key=True)
    checked_at: dt.datetime = Field(default_factory=utcnow)
    checked: int = 0
    mismatches: int = 0
    # One line per mismatch ("organization:wsc: the quote is not at characters 3,792-3,819 of ..."), or empty.
    report: str = Field(default="", sa_type=sa.Text)


class DataRevision(SQLModel, table=True):
    """One row counting writes: page caches are keyed on it, so a change made anywhere (another app process,
    the CLI) shows on the next page run."""

    __tablename__ = "data_revision"
    __table_args__ = (sa.CheckConstraint("id = 1", name="single_row"),)

    id: int = Field(default=1, primary_key=True)
    value: int = 0
