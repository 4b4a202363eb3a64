"""Every change a person can make, one function per user action, each one transaction.

Each function takes validated input (an `...Create` / `...Update` model), checks the actor's role against the
database, checks what only the database knows (references, dates, the quote in its source), writes, and counts
the write in the data revision. Anything wrong raises WriteError with a sentence for the user, and nothing is
written. There is deliberately no function that changes or deletes a progress update.
"""

import dataclasses
import datetime as dt
import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, SQLModel

from models.db import bump_revision, write_session
from models.evidence import QuoteNotFoundError, evidence_values, sha256_of
from models.facts import CORRECTABLE_FIELDS, FACT_KINDS, RETRACTABLE, fact_key, resting_on
from models.inputs import (
    AliasCreate,
    CommitmentCreate,
    CommitmentUpdate,
    EventCreate,
    EventRoleCreate,
    EvidenceIn,
    InitiativeCreate,
    OrganizationCreate,
    ParticipationFigureCreate,
    PassageCreate,
    PersonCreate,
    ProgressUpdateCreate,
    SourceCreate,
    StatementCreate,
)
from models.names import known_organizations, known_people
from models.tables import (
    Commitment,
    CommitmentParty,
    CommitmentTheme,
    Event,
    EventRole,
    FactChange,
    Initiative,
    Organization,
    ParticipationFigure,
    Passage,
    Person,
    PersonAlias,
    ProgressUpdate,
    Retractable,
    Rubric,
    Source,
    Statement,
    Theme,
    utcnow,
)
from tracker.domain.errors import TrackerError
from tracker.domain.facts import fact_id
from tracker.domain.suggest import near_matches
from tracker.domain.vocab import RATINGS, STATUS_LABELS
from tracker.write.auth import Actor, require_writer


class WriteError(TrackerError, ValueError):
    """A change refused before anything was written; the message says why, in the user's terms."""


@dataclasses.dataclass(frozen=True)
class FieldChange:
    field: str
    yours_started_from: Any  # None when not known (the record's version is, not each value)
    now: Any


class EditConflict(TrackerError):
    """Someone else saved this record after the editor opened it. Nothing was written."""

    def __init__(self, record: str, changes: list[FieldChange], by: str, at: dt.datetime | None) -> None:
        self.record, self.changes, self.by, self.at = record, changes, by, at
        when = f" at {at:%Y-%m-%d %H:%M} UTC" if at else ""
        fields = ", ".join(c.field for c in changes) or "its record"
        super().__init__(f"{record} was changed by {by or 'someone else'}{when} since you opened it ({fields}).")


# --- progress -----------------------------------------------------------------------------------------------


def record_progress(
    engine, *, data: ProgressUpdateCreate, actor: Actor | None, expected_version: int | None = None
) -> ProgressUpdate:
    """Append a progress update (or a correction of an earlier one) to a commitment's history.

    `expected_version` is the commitment's version the editor's form was built from: if anyone recorded or
    changed anything on the commitment since, the update is refused with what changed (EditConflict)."""
    with write_session(engine) as session:
        account = require_writer(session, actor)
        commitment = progress_target(session, data, expected_version)
        return publish_progress(session, commitment, data, account.username)


def progress_target(session: Session, data: ProgressUpdateCreate, expected_version: int | None) -> Commitment:
    """The commitment an update is for, locked, once every rule the update must meet is checked."""
    commitment = session.get(Commitment, data.commitment_slug, with_for_update=True)
    if commitment is None:
        raise WriteError(f"there is no commitment '{data.commitment_slug}'")
    if expected_version is not None and commitment.version != expected_version:
        raise _progress_conflict(session, commitment)
    check_progress(session, commitment, data)
    return commitment


def publish_progress(
    session: Session,
    commitment: Commitment,
    data: ProgressUpdateCreate,
    recorded_by: str,
    reviewed_by: str | None = None,
    reviewed_at: dt.datetime | None = None,
) -> ProgressUpdate:
    """The update in the tracker's record, for everyone to read: by its author, approved by `reviewed_by` (None
    where assessments are single-reviewed)."""
    update = ProgressUpdate(
        **data.model_dump(),
        recorded_by=recorded_by,
        recorded_at=utcnow(),
        reviewed_by=reviewed_by,
        reviewed_at=reviewed_at,
    )
    session.add(update)
    # The commitment's state changed, so its version moves on: a form opened before this is now stale.
    flag_modified(commitment, "status")
    bump_revision(session)
    session.flush()
    return update


def rubric_of(session: Session, slug: str) -> Rubric | None:
    """The rubric in force for a commitment: its latest."""
    return session.execute(
        sa.select(Rubric).where(Rubric.commitment_slug == slug).order_by(Rubric.id.desc()).limit(1)
    ).scalar()


def check_progress(session: Session, commitment: Commitment, data: ProgressUpdateCreate) -> None:
    """What only the database knows about an update: when the commitment was made, its target, the update a
    correction names, and, for a rating, the rubric that must come first."""
    if data.status in RATINGS and rubric_of(session, commitment.slug) is None:
        raise WriteError(
            f"a rating of {STATUS_LABELS[data.status].lower()} needs the commitment's rubric first: write what "
            "would count as limited, substantial and complete for it (and have it published) before rating it"
        )
    made_on = made_on_date(session, commitment)
    if made_on and data.as_of < made_on:
        raise WriteError(f"as_of {data.as_of} is before the commitment was made ({made_on})")
    if data.progress_value is not None and commitment.target_value is None:
        raise WriteError(f"'{commitment.slug}' has no numeric target, so progress toward one cannot be recorded")
    if data.corrects_id is not None:
        corrected = session.get(ProgressUpdate, data.corrects_id)
        if corrected is None or corrected.commitment_slug != commitment.slug:
            raise WriteError(f"update #{data.corrects_id} is not an update of '{commitment.slug}'")
        already = session.execute(
            sa.select(ProgressUpdate.id).where(ProgressUpdate.corrects_id == data.corrects_id)
        ).scalar()
        if already:
            raise WriteError(f"update #{data.corrects_id} was already corrected by #{already}: correct that one")


def made_on_date(session: Session, commitment: Commitment) -> dt.date | None:
    """When a commitment was made: its event's first day, or its document's publication date (rules.MADE_ON_RULE)."""
    if commitment.event_slug:
        return session.get(Event, commitment.event_slug).start_date
    return session.get(Source, commitment.source_slug).published_on


def _progress_conflict(session: Session, commitment: Commitment) -> EditConflict:
    latest = session.execute(
        sa.select(ProgressUpdate)
        .where(ProgressUpdate.commitment_slug == commitment.slug)
        .order_by(ProgressUpdate.recorded_at.desc(), ProgressUpdate.id.desc())
        .limit(1)
    ).scalar()
    if latest is None:
        return EditConflict(f"'{commitment.slug}'", [], commitment.updated_by, commitment.updated_at)
    # Which update the editor saw is not kept (only the version), so the change says what is there now.
    change = FieldChange("latest update", None, f"#{latest.id}: {latest.status} as of {latest.as_of}")
    return EditConflict(f"'{commitment.slug}'", [change], latest.recorded_by, latest.recorded_at)


# --- editing ------------------------------------------------------------------------------------------------


def update_commitment(
    engine,
    *,
    slug: str,
    changes: CommitmentUpdate,
    expected_version: int,
    started_from: dict[str, Any],
    actor: Actor | None,
    reason: str,
    parties: list[str] | None = None,
) -> Commitment:
    """Correct a commitment, unless someone else saved it since the editor opened it; the correction is logged
    with what changed and the editor's `reason` (the Changes log shows it).

    `started_from` holds the values the editor's form showed; on a conflict the error lists every field whose
    value is no longer what the editor saw, so nothing is silently overwritten. `parties`, when given, are the
    organizations the text says commit (their slugs): parties added and removed are part of the correction."""
    _require_reason(reason, "commitment", "corrected")
    with write_session(engine) as session:
        account = require_writer(session, actor)
        commitment = session.get(Commitment, slug, with_for_update=True)
        if commitment is None:
            raise WriteError(f"there is no commitment '{slug}'")
        if commitment.version != expected_version:
            moved = [
                FieldChange(name, started_from.get(name), getattr(commitment, name))
                for name in CommitmentUpdate.model_fields
                if started_from.get(name) != getattr(commitment, name)
            ]
            raise EditConflict(f"'{slug}'", moved, commitment.updated_by, commitment.updated_at)
        values = changes.model_dump()
        source = session.get(Source, commitment.source_slug)
        try:  # the quote found again in its source, and the commitment's words in it, as the document has them
            evidence = EvidenceIn(source_slug=commitment.source_slug, source_quote=changes.source_quote)
            values |= evidence_values(source.text, evidence, own_words=changes.text)
            if values["source_quote"] == commitment.source_quote:  # the same words: keep the occurrence chosen
                values["quote_start"], values["quote_end"] = commitment.quote_start, commitment.quote_end
        except QuoteNotFoundError as exc:
            raise WriteError(str(exc)) from exc
        changed = {
            name: [getattr(commitment, name), value]
            for name, value in values.items()
            if getattr(commitment, name) != value
        }
        if parties is not None:
            _correct_parties(session, commitment.slug, parties, account.username, changed)
        if not changed:
            raise WriteError("nothing was changed: the commitment already reads as the form does")
        for name, (_, value) in changed.items():
            if name != "parties":
                setattr(commitment, name, value)
        log_change(session, fact_id("commitment", slug), "corrected", account.username, reason, changed)
        commitment.updated_by = account.username
        commitment.updated_at = utcnow()
        bump_revision(session)
        try:
            session.flush()
        except StaleDataError as exc:  # another writer slipped in between the read and the write
            raise EditConflict(f"'{slug}'", [], "someone else", None) from exc
        return commitment


# --- new data -----------------------------------------------------------------------------------------------


def add_source(engine, *, data: SourceCreate, actor: Actor | None) -> Source:
    with write_session(engine) as session:
        account = require_writer(session, actor)
        _require_new(session, Source, data.slug, "source")
        source = Source(
            **data.model_dump(),
            sha256=sha256_of(data.text),
            origin="user",
            created_by=account.username,
        )
        session.add(source)
        log_addition(session, fact_id("source", data.slug), account.username)
        bump_revision(session)
        return source


class NearMatch(WriteError):
    """A new organization or person whose name is close to one the tracker has: `slugs` are those."""

    def __init__(self, message: str, slugs: tuple[str, ...]) -> None:
        super().__init__(message)
        self.slugs = slugs


def add_organization(
    engine, *, data: OrganizationCreate, actor: Actor | None, not_a_near_match: bool = False
) -> Organization:
    """Add an organization; one whose name or acronym is close to a known one's is refused (NearMatch) unless
    the editor confirms it is another (`not_a_near_match`). The same name twice is refused always."""
    with Session(engine) as session:
        same = session.execute(
            sa.select(Organization.slug).where(sa.func.lower(Organization.name) == data.name.lower())
        ).scalar()
    if same is not None:
        raise WriteError(f"an organization named '{data.name}' already exists as '{same}': use that one")
    near = near_matches([data.name, data.acronym], known_organizations(engine))
    if near and not not_a_near_match:
        raise NearMatch(
            f"similar organizations exist: {', '.join(near)}. Use one of them, or confirm this is another one",
            near,
        )
    return _add_fact(engine, Organization, data, actor, what="organization")


def add_event(engine, *, data: EventCreate, actor: Actor | None) -> Event:
    return _add_fact(engine, Event, data, actor, what="event")


def add_initiative(engine, *, data: InitiativeCreate, actor: Actor | None) -> Initiative:
    return _add_fact(engine, Initiative, data, actor, what="initiative", references={"event_slug": Event})


def add_person(engine, *, data: PersonCreate, actor: Actor | None, not_a_near_match: bool = False) -> Person:
    """Add a person (with other spellings of their name); a name close to a known person's or alias is refused
    (NearMatch) unless the editor confirms it is someone else."""
    references = {"organization_slug": Organization}
    near = near_matches([data.name, *(a.alias for a in data.aliases)], known_people(engine))
    if near and not not_a_near_match:
        raise NearMatch(
            f"similar people exist: {', '.join(near)}. Use one of them, or confirm this is someone else", near
        )

    def aliases(session: Session, account_name: str) -> None:
        for alias in data.aliases:
            if session.get(PersonAlias, alias.alias) is not None:
                raise WriteError(f"the name '{alias.alias}' is already recorded for someone")
            session.add(
                PersonAlias(
                    alias=alias.alias,
                    person_slug=data.slug,
                    origin="user",
                    created_by=account_name,
                    **_evidence(session, alias),
                )
            )

    return _add_fact(
        engine, Person, data, actor, what="person", references=references, exclude={"aliases"}, then=aliases
    )


def add_figure(engine, *, data: ParticipationFigureCreate, actor: Actor | None) -> ParticipationFigure:
    return _add_fact(engine, ParticipationFigure, data, actor, what="figure", references={"event_slug": Event})


def classify_passages(engine, *, passages: list[PassageCreate], actor: Actor | None) -> list[Passage]:
    """Passages of a document with their class under the codebook, all or none: each quote found in its source as
    the seed's are, named like the seed's ('SOURCE-at-START')."""
    with write_session(engine) as session:
        account = require_writer(session, actor)
        rows = []
        for data in passages:
            values = data.model_dump(exclude={"quote_start"}) | _evidence(session, data)
            slug = f"{data.source_slug}-at-{values['quote_start']}"
            if session.get(Passage, slug) is not None:
                raise WriteError(f"the passage at character {values['quote_start']:,} is classified already")
            rows.append(Passage(**values, slug=slug, origin="user", created_by=account.username))
            session.add(rows[-1])
            session.flush()
            log_addition(session, fact_id("passage", slug), account.username)
        bump_revision(session)
        return rows


def add_statement(engine, *, data: StatementCreate, actor: Actor | None) -> Statement:
    references = {"person_slug": Person, "event_slug": Event}
    return _add_fact(engine, Statement, data, actor, what="statement", references=references)


def add_event_role(engine, *, data: EventRoleCreate, actor: Actor | None) -> EventRole:
    """What an organization did at an event (issuer, host, ...), quoted like every other fact."""
    with write_session(engine) as session:
        account = require_writer(session, actor)
        _require(session, Event, data.event_slug, "event")
        _require(session, Organization, data.organization_slug, "organization")
        key = (data.event_slug, data.organization_slug, data.role)
        if session.get(EventRole, key) is not None:
            raise WriteError(f"'{data.organization_slug}' is already recorded as {data.role} of '{data.event_slug}'")
        row = EventRole(
            **data.model_dump(exclude={"quote_start"}) | _evidence(session, data),
            origin="user",
            created_by=account.username,
        )
        session.add(row)
        log_addition(session, fact_id("event_role", "/".join(key)), account.username)
        bump_revision(session)
        return row


def add_alias(engine, *, person_slug: str, data: AliasCreate, actor: Actor | None) -> PersonAlias:
    """Another spelling of a person's name, as a document writes it."""
    with write_session(engine) as session:
        account = require_writer(session, actor)
        _require(session, Person, person_slug, "person")
        if session.get(PersonAlias, data.alias) is not None:
            raise WriteError(f"the name '{data.alias}' is already recorded for someone")
        row = PersonAlias(
            alias=data.alias,
            person_slug=person_slug,
            origin="user",
            created_by=account.username,
            **_evidence(session, data),
        )
        session.add(row)
        log_addition(session, fact_id("person_alias", data.alias), account.username)
        bump_revision(session)
        return row


def add_commitment(engine, *, data: CommitmentCreate, actor: Actor | None) -> Commitment:
    """Add a commitment made at an event, or in a document itself (no event: it counts from the document's
    publication date, which the document must then give)."""
    references = {"event_slug": Event, "stated_by_slug": Person}
    if data.event_slug is None:
        with Session(engine) as session:
            source = session.get(Source, data.source_slug)
        if source is not None and source.published_on is None:
            raise WriteError(
                f"a commitment made in the document itself counts from its publication date, and '{source.slug}' "
                "has none: give the document's date (Correct a document), or the event it was made at"
            )

    def links(session: Session, account_name: str) -> None:
        for party in data.parties:
            _require(session, Organization, party.organization_slug, "organization")
            session.add(
                CommitmentParty(commitment_slug=data.slug, **party.model_dump(), origin="user", created_by=account_name)
            )
        for theme in data.themes:
            _require(session, Theme, theme, "theme")
            session.add(
                CommitmentTheme(commitment_slug=data.slug, theme_slug=theme, origin="user", created_by=account_name)
            )

    return _add_fact(
        engine,
        Commitment,
        data,
        actor,
        what="commitment",
        references=references,
        exclude={"parties", "themes"},
        then=links,
    )


def _add_fact(
    engine,
    model: type[SQLModel],
    data: SQLModel,
    actor: Actor | None,
    *,
    what: str,
    references: dict[str, type[SQLModel]] | None = None,
    exclude: set[str] | None = None,
    then=None,
) -> Any:
    """Insert one fact with its evidence: the quote must be found verbatim in its source, as the seed loader
    requires (the same evidence_values)."""
    with write_session(engine) as session:
        account = require_writer(session, actor)
        _require_new(session, model, data.slug, what)
        for field_name, target in (references or {}).items():
            value = getattr(data, field_name)
            if value is not None:
                _require(session, target, value, target.__tablename__.replace("_", " "))
        values = data.model_dump(exclude=(exclude or set()) | {"quote_start"}) | _evidence(session, data)
        row = model(**values, origin="user", created_by=account.username)
        session.add(row)
        session.flush()
        if then:
            then(session, account.username)
        log_addition(session, fact_id(model.__tablename__, data.slug), account.username)
        bump_revision(session)
        return row


def _require_reason(reason: str, kind: str, action: str) -> None:
    """A correction or retraction says why: the Changes log shows the reason with the change."""
    if not reason or not reason.strip():
        raise WriteError(f"say why the {kind} is {action}: the Changes log shows the reason with the change")


def log_addition(session: Session, fact: str, username: str) -> None:
    log_change(session, fact, "added", username)


def log_change(
    session: Session, fact: str, action: str, username: str, reason: str = "", changed: dict | None = None
) -> None:
    changes = json.dumps(changed or {}, default=str, ensure_ascii=False, sort_keys=True)
    session.add(
        FactChange(
            fact=fact, action=action, changes=changes, reason=reason.strip(), changed_by=username, changed_at=utcnow()
        )
    )


def _correct_parties(session: Session, slug: str, wanted: list[str], username: str, changed: dict) -> None:
    """Make the commitment's parties (role `party`) the `wanted` organizations; note the change in `changed`."""
    stored = {
        p.organization_slug: p
        for p in session.execute(
            sa.select(CommitmentParty).where(CommitmentParty.commitment_slug == slug, CommitmentParty.role == "party")
        ).scalars()
    }
    if set(stored) == set(wanted):
        return
    for organization in wanted:
        _require(session, Organization, organization, "organization")
    for organization, row in stored.items():
        if organization not in wanted:
            if row.origin == "seed":
                raise WriteError(
                    f"'{organization}' is a party in the curated facts file (seed/facts.yaml): correct it there, "
                    "so that the next seed refresh does not bring it back"
                )
            session.delete(row)
    for organization in wanted:
        if organization not in stored:
            session.add(
                CommitmentParty(
                    commitment_slug=slug, organization_slug=organization, role="party", origin="user",
                    created_by=username,
                )
            )  # fmt: skip
    changed["parties"] = [sorted(stored), sorted(wanted)]


# Each kind of fact an editor corrects with correct_fact (models.facts.CORRECTABLE_FIELDS says which fields; a
# commitment is corrected by correct_commitment), and the input model that validates the corrected fact whole.
CORRECTABLE: dict[str, tuple[type[SQLModel], type[SQLModel]]] = {
    "organization": (Organization, OrganizationCreate),
    "person": (Person, PersonCreate),
    "event": (Event, EventCreate),
    "source": (Source, SourceCreate),
}


def correct_fact(
    engine, *, kind: str, key: str, values: dict[str, Any], reason: str, expected_version: int, actor: Actor | None
) -> SQLModel:
    """Correct an organization, a person, an event or a source's metadata: the fact is validated whole by its input
    model, refused if anyone saved it since the editor opened it, and logged with what changed and why."""
    model, check = CORRECTABLE[kind]
    fields = CORRECTABLE_FIELDS[kind]
    if set(values) - set(fields):
        raise WriteError(f"these cannot be corrected on a {kind}: {', '.join(sorted(set(values) - set(fields)))}")
    _require_reason(reason, kind, "corrected")
    with write_session(engine) as session:
        account = require_writer(session, actor)
        row = session.get(model, key, with_for_update=True)
        if row is None:
            raise WriteError(f"there is no {kind} '{key}'")
        if row.version != expected_version:
            raise EditConflict(f"{kind} '{key}'", [], row.updated_by, row.updated_at)
        whole = {name: getattr(row, name) for name in check.model_fields if name in model.model_fields}
        checked = check.model_validate(whole | values)
        if "organization_slug" in values and values["organization_slug"]:
            _require(session, Organization, values["organization_slug"], "organization")
        # Every field as validated, so a field the model derives from another moves with it (a date whose
        # precision became a month is stored as the month's last day); the fields left alone compare equal.
        values = {name: getattr(checked, name) for name in fields}
        changed = {name: [getattr(row, name), value] for name, value in values.items() if getattr(row, name) != value}
        if not changed:
            raise WriteError(f"nothing was changed: the {kind} already reads as the form does")
        for name, (_, value) in changed.items():
            setattr(row, name, value)
        row.updated_by, row.updated_at = account.username, utcnow()
        log_change(session, fact_id(kind, key), "corrected", account.username, reason, changed)
        bump_revision(session)
        try:
            session.flush()
        except StaleDataError as exc:
            raise EditConflict(f"{kind} '{key}'", [], "someone else", None) from exc
        return row


def retract_fact(engine, *, kind: str, key: str, reason: str, actor: Actor | None) -> Retractable:
    """Hide a fact from every view from now on, without deleting it: views as of an earlier date show it as it
    stood, and the Changes log holds who retracted it and why. Refused while standing facts rest on it (a
    commitment naming a retracted organization would name something hidden): those are listed, to retract or
    correct first."""
    if kind not in RETRACTABLE:
        raise WriteError(f"a {kind} cannot be retracted; these can: {', '.join(RETRACTABLE)}")
    model = RETRACTABLE[kind]
    _require_reason(reason, FACT_KINDS[kind].lower(), "retracted")
    with write_session(engine) as session:
        account = require_writer(session, actor)
        row = session.execute(sa.select(model).where(fact_key(model) == key).with_for_update()).scalar_one_or_none()
        if row is None:
            raise WriteError(f"there is no {FACT_KINDS[kind].lower()} '{key}'")
        if row.retracted_at is not None:
            raise WriteError(f"'{key}' was already retracted on {row.retracted_at:%-d %B %Y}")
        resting = [
            fact_id(other.name, found)
            for other, condition in resting_on(kind)
            for found in sorted(
                session.execute(
                    sa.select(fact_key(other.model)).where(condition(key), other.model.retracted_at.is_(None))
                ).scalars()
            )
        ]
        if resting:
            shown = ", ".join(resting[:10]) + (f" and {len(resting) - 10} more" if len(resting) > 10 else "")
            raise WriteError(
                f"{len(resting)} standing {'fact rests' if len(resting) == 1 else 'facts rest'} on '{key}': "
                f"retract or correct {'it' if len(resting) == 1 else 'them'} first ({shown})"
            )
        row.retracted_at = utcnow()
        row.updated_by, row.updated_at = account.username, row.retracted_at
        log_change(session, fact_id(kind, key), "retracted", account.username, reason)
        bump_revision(session)
        session.flush()
        return row


def _evidence(session: Session, data: Any) -> dict[str, Any]:
    source = session.get(Source, data.source_slug)
    if source is None:
        raise WriteError(f"there is no source '{data.source_slug}': add the document first")
    try:
        return evidence_values(source.text, data)
    except QuoteNotFoundError as exc:
        raise WriteError(str(exc)) from exc


def _require(session: Session, model: type[SQLModel], key: str, what: str) -> None:
    if session.get(model, key) is None:
        raise WriteError(f"there is no {what} '{key}'")


def _require_new(session: Session, model: type[SQLModel], key: str, what: str) -> None:
    if session.get(model, key) is not None:
        raise WriteError(f"a {what} with the slug '{key}' already exists")
