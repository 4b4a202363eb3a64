"""The tracker's tables.

Stable slugs are the primary keys, so a row means the same thing in every database and an export from SQLite and
one from PostgreSQL are byte for byte the same. Every fact carries its evidence: the source it came from, the
verbatim quote and the quote's character offsets in the source text. CHECK, UNIQUE and FOREIGN KEY constraints
repeat the input models' rules as a second line of defence.
"""

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from tracker.domain.vocab import (
    COMMITMENT_KINDS,
    DATE_PRECISIONS,
    EVENT_ROLES,
    FACT_ACTIONS,
    FIGURE_KINDS,
    INITIATIVE_KINDS,
    ORGANIZATION_KINDS,
    ORIGINS,
    PARTY_ROLES,
    PASSAGE_CLASSES,
    QUALIFIERS,
    ROLES,
    STATEMENT_KINDS,
    STATUSES,
    UPDATE_STATUSES,
    sql_in,
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

    source_slug: str = Field(foreign_key="source.slug", index=True, max_length=80)
    source_quote: str = Field(sa_type=sa.Text)
    quote_start: int
    quote_end: int


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

    slug: str = Field(primary_key=True, max_length=80)
    # How the tracker cites the document: its own short name. `title` holds only what the text itself gives.
    label: str = Field(max_length=120)
    title: str = Field(default="", max_length=300)
    publisher: str = Field(default="", max_length=200)
    published_on: dt.date | None = None
    # The date as the text gives it: to the day, or to a month, quarter or year, whose last day is `published_on`
    # (what the document's own commitments count from: the text does not say an earlier day).
    published_on_precision: str = Field(default="day", max_length=8)
    url: str = Field(default="", max_length=500)
    # Other addresses where the same document is published (a mirror, a PDF beside the web page), one per line.
    other_urls: str = Field(default="", sa_type=sa.Text)
    file: str = Field(default="", max_length=200)
    sha256: str = Field(max_length=64)
    text: str = Field(sa_type=sa.Text)
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

    slug: str = Field(primary_key=True, max_length=80)
    name: str = Field(max_length=200, sa_column_kwargs={"unique": True})
    acronym: str = Field(default="", max_length=20)
    kind: str = Field(max_length=40)
    country: str = Field(default="", max_length=80)
    note: str = Field(default="", max_length=500)
    version: int | None
    version, __mapper_args__ = _versioned()


class Person(Evidence, Audit, Retractable, table=True):
    __tablename__ = "person"
    __table_args__ = (
        sa.CheckConstraint("name <> ''", name="name"),
        *_evidence_checks(),
        *_audit_checks(),
    )

    slug: str = Field(primary_key=True, max_length=80)
    name: str = Field(max_length=200)
    role: str = Field(default="", max_length=300)
    organization_slug: str | None = Field(default=None, foreign_key="organization.slug", index=True)
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

    alias: str = Field(primary_key=True, max_length=200)
    person_slug: str = Field(foreign_key="person.slug", index=True)


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

    slug: str = Field(primary_key=True, max_length=80)
    name: str = Field(max_length=300)
    short_name: str = Field(default="", max_length=80)
    city: str = Field(default="", max_length=120)
    country: str = Field(default="", max_length=120)
    start_date: dt.date
    end_date: dt.date
    # The dates as the text gives them: to the day, or only to a month, quarter or year, whose last day is then
    # both start_date and end_date (commitments made there count from it: the text does not say an earlier day).
    dates_precision: str = Field(default="day", max_length=8)
    dates_inferred: bool = False
    inference_note: str = Field(default="", max_length=500)
    version: int | None
    version, __mapper_args__ = _versioned()


class EventRole(Evidence, Audit, Retractable, table=True):
    __tablename__ = "event_role"
    __table_args__ = (
        sa.CheckConstraint(sql_in("role", EVENT_ROLES), name="role"),
        *_evidence_checks(),
        *_audit_checks(),
    )

    event_slug: str = Field(foreign_key="event.slug", primary_key=True)
    organization_slug: str = Field(foreign_key="organization.slug", primary_key=True, index=True)
    role: str = Field(primary_key=True, max_length=40)


class Statement(Evidence, Audit, Retractable, table=True):
    """What a person said at an event; the evidence quote is the statement itself."""

    __tablename__ = "statement"
    __table_args__ = (
        sa.CheckConstraint(sql_in("kind", STATEMENT_KINDS), name="kind"),
        *_evidence_checks(),
        *_audit_checks(),
    )

    slug: str = Field(primary_key=True, max_length=80)
    person_slug: str = Field(foreign_key="person.slug", index=True)
    event_slug: str = Field(foreign_key="event.slug", index=True)
    kind: str = Field(max_length=40)


class Theme(Audit, table=True):
    __tablename__ = "theme"
    __table_args__ = (sa.CheckConstraint("name <> ''", name="name"), *_audit_checks())

    slug: str = Field(primary_key=True, max_length=80)
    name: str = Field(max_length=120, sa_column_kwargs={"unique": True})


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

    slug: str = Field(primary_key=True, max_length=80)
    # A commitment (a stated future action with an actor) or a priority (an area named as a priority): see
    # tracker.domain.codebook. `kind_note` says why, in terms of the quoted words.
    kind: str = Field(default="commitment", max_length=20, index=True)
    kind_note: str = Field(default="", max_length=500)
    title: str = Field(max_length=300)
    text: str = Field(sa_type=sa.Text)
    framework: str = Field(max_length=120, index=True)
    # Where it was made; none for a commitment made in a document itself (a national plan, a report), which counts
    # from its source's publication date.
    event_slug: str | None = Field(default=None, foreign_key="event.slug", index=True)
    stated_by_slug: str | None = Field(default=None, foreign_key="person.slug", index=True)
    # The status recorded with the commitment itself; progress updates, once recorded, take precedence.
    status: str = Field(default="not_assessed", max_length=20, index=True)
    target_value: float | None = None
    target_unit: str = Field(default="", max_length=80)
    target_qualifier: str | None = Field(default=None, max_length=20)
    # What the target counts beyond its number, in words ("on top of the several already published").
    target_note: str = Field(default="", max_length=500)
    due_date: dt.date | None = Field(default=None, index=True)
    # The deadline as the text gives it: to the day, or to a month, quarter or year, whose last day is `due_date`.
    due_date_precision: str = Field(default="day", max_length=8)
    due_date_inferred: bool = False
    due_date_note: str = Field(default="", max_length=500)
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

    commitment_slug: str = Field(foreign_key="commitment.slug", primary_key=True)
    organization_slug: str = Field(foreign_key="organization.slug", primary_key=True, index=True)
    role: str = Field(primary_key=True, max_length=20)
    inferred: bool = False
    inference_note: str = Field(default="", max_length=500)


class CommitmentTheme(Audit, table=True):
    __tablename__ = "commitment_theme"
    __table_args__ = _audit_checks()

    commitment_slug: str = Field(foreign_key="commitment.slug", primary_key=True)
    theme_slug: str = Field(foreign_key="theme.slug", primary_key=True, index=True)


class Initiative(Evidence, Audit, Retractable, table=True):
    __tablename__ = "initiative"
    __table_args__ = (
        sa.CheckConstraint(sql_in("kind", INITIATIVE_KINDS), name="kind"),
        sa.CheckConstraint("name <> ''", name="name"),
        sa.CheckConstraint("item_count IS NULL OR item_count > 0", name="item_count"),
        *_evidence_checks(),
        *_audit_checks(),
    )

    slug: str = Field(primary_key=True, max_length=80)
    name: str = Field(max_length=300)
    kind: str = Field(max_length=40)
    event_slug: str = Field(foreign_key="event.slug", index=True)
    item_count: int | None = None
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

    slug: str = Field(primary_key=True, max_length=80)
    event_slug: str = Field(foreign_key="event.slug", index=True)
    # `attendance` figures are who came; `context` figures are other numbers stated at the event.
    kind: str = Field(default="attendance", max_length=20)
    metric: str = Field(max_length=40)
    value: int
    qualifier: str = Field(max_length=20)
    counts_what: str = Field(max_length=300)
    version: int | None
    version, __mapper_args__ = _versioned()


class Inference(Audit, table=True):
    """A value the text does not state literally, and what it rests on. `fact` is the fact's address
    ("organization:miit", see tracker.domain.facts.fact_id) and `field` the column holding the value ("country")."""

    __tablename__ = "inference"
    __table_args__ = (sa.CheckConstraint("reason <> ''", name="reason"), *_audit_checks())

    fact: str = Field(primary_key=True, max_length=200)
    field: str = Field(primary_key=True, max_length=40)
    reason: str = Field(max_length=1000)


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

    slug: str = Field(primary_key=True, max_length=80)
    classification: str = Field(max_length=20, index=True)
    reason: str = Field(max_length=1000)


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
        # Covers the as-of lookups (status, progress, last update): the latest update of a commitment is found and
        # read in the index alone, never in the table (half the time at 1,000,000 updates).
        sa.Index("ix_progress_update_latest", "commitment_slug", "as_of", "id", "status", "progress_value"),
        sa.Index("ix_progress_update_recorded_at", "recorded_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    commitment_slug: str = Field(foreign_key="commitment.slug")
    as_of: dt.date
    status: str = Field(max_length=20)
    progress_value: float | None = None
    rationale: str = Field(sa_type=sa.Text)
    evidence_url: str = Field(default="", max_length=500)
    evidence_quote: str = Field(default="", sa_type=sa.Text)
    # A correction names the update it replaces (at most one correction per update) and says why.
    corrects_id: int | None = Field(default=None, foreign_key="progress_update.id", sa_column_kwargs={"unique": True})
    correction_reason: str = Field(default="", max_length=1000)
    recorded_by: str = Field(max_length=120)
    recorded_at: dt.datetime = Field(default_factory=utcnow)


class UserAccount(SQLModel, table=True):
    """A built-in account (salted argon2 hash), or the role of someone who signs in through OpenID Connect
    (username = their e-mail address, no password)."""

    __tablename__ = "user_account"
    __table_args__ = (
        sa.CheckConstraint(sql_in("role", ROLES), name="role"),
        sa.CheckConstraint("length(trim(username)) > 0", name="username"),
    )

    username: str = Field(primary_key=True, max_length=120)
    display_name: str = Field(default="", max_length=120)
    password_hash: str = Field(default="", max_length=300)
    role: str = Field(default="viewer", max_length=20)
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

    id: int | None = Field(default=None, primary_key=True)
    fact: str = Field(max_length=200, index=True)
    action: str = Field(max_length=12)
    changes: str = Field(default="{}", sa_type=sa.Text)
    reason: str = Field(default="", max_length=1000)
    changed_by: str = Field(max_length=120)
    changed_at: dt.datetime = Field(default_factory=utcnow, index=True)


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


# Every kind of fact an editor may retract, by its name in fact addresses ("initiative:slug") and forms.
RETRACTABLE: dict[str, type[Retractable]] = {
    "commitment": Commitment,
    "initiative": Initiative,
    "participation_figure": ParticipationFigure,
    "statement": Statement,
    "event_role": EventRole,
    "person_alias": PersonAlias,
    "person": Person,
    "organization": Organization,
    "event": Event,
    "source": Source,
}


def fact_key(model: type[Retractable]) -> sa.ColumnElement[str]:
    """The key a fact of `model` is addressed by (tracker.domain.facts.fact_id): its slug; an alias by its
    spelling; an event role by "event/organization/role"."""
    if model is EventRole:
        return EventRole.event_slug + "/" + EventRole.organization_slug + "/" + EventRole.role
    if model is PersonAlias:
        return PersonAlias.alias
    return model.slug
