"""The bulk route for contributors: a facts file in the seed's format, added as one editor's additions.

It differs from the seed in what it may do: every section is optional; a fact may refer to rows already in the
tracker by slug (an organization, an event, a person, a source); every row it adds is the editor's (origin "user",
logged in the Changes log); and it never changes a row that exists, seeded or added by anyone. Every problem is
reported at once (file, fact, field), and then nothing is written. Documents are read only from the facts file's
own folder or the project's documents folder, by bare file name.
"""

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml
from pydantic import ValidationError
from sqlmodel import Session, SQLModel

from models.db import bump_revision, write_session
from models.evidence import QuoteNotFoundError, evidence_values, sha256_of
from models.importer import References
from models.inputs import (
    CommitmentCreate,
    EventCreate,
    EventRoleCreate,
    InitiativeCreate,
    Input,
    OrganizationCreate,
    ParticipationFigureCreate,
    PersonCreate,
    ShortText,
    Slug,
    SourceCreate,
    StatementCreate,
    validation_problems,
)
from models.tables import (
    Commitment,
    CommitmentParty,
    CommitmentTheme,
    Event,
    EventRole,
    Initiative,
    Organization,
    ParticipationFigure,
    Person,
    PersonAlias,
    Source,
    Statement,
    Theme,
    utcnow,
)
from seed import DOCUMENTS_DIR, document_in
from tracker.domain.errors import TrackerError
from tracker.domain.facts import fact_id
from tracker.domain.vocab import DatePrecision
from tracker.write.auth import Actor, require_writer
from tracker.write.writes import log_addition

PROBLEMS_SHOWN = 50


class BulkError(TrackerError):
    """A facts file refused as a whole; the message lists every problem found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = problems[:PROBLEMS_SHOWN]
        more = f"\n... and {len(problems) - PROBLEMS_SHOWN} more" if len(problems) > PROBLEMS_SHOWN else ""
        super().__init__(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}, nothing written:\n" +
                         "\n".join(shown) + more)  # fmt: skip


class DocumentIn(Input):
    """A source a contribution carries: its document by file name (beside the facts file, or in the documents
    folder), and how to cite it."""

    slug: Slug
    label: ShortText
    file: ShortText
    title: ShortText = ""
    publisher: ShortText = ""
    published_on: dt.date | None = None
    published_on_precision: DatePrecision = "day"
    url: str = ""
    other_urls: list[str] = []


# Section -> (input model, table). The order is one the references allow.
SECTIONS: dict[str, tuple[type[Input], type[SQLModel]]] = {
    "sources": (DocumentIn, Source),
    "organizations": (OrganizationCreate, Organization),
    "events": (EventCreate, Event),
    "people": (PersonCreate, Person),
    "event_roles": (EventRoleCreate, EventRole),
    "statements": (StatementCreate, Statement),
    "commitments": (CommitmentCreate, Commitment),
    "initiatives": (InitiativeCreate, Initiative),
    "participation_figures": (ParticipationFigureCreate, ParticipationFigure),
}


@dataclasses.dataclass
class _Found:
    problems: list[str] = dataclasses.field(default_factory=list)
    rows: list[SQLModel] = dataclasses.field(default_factory=list)
    facts: list[str] = dataclasses.field(default_factory=list)

    def add(self, where: str, field: str | None, message: str) -> None:
        self.problems.append(f"{where}: {field}: {message}" if field else f"{where}: {message}")


@dataclasses.dataclass(frozen=True)
class BulkReport:
    added: dict[str, int]  # section -> rows added


def add_facts_file(engine, path: Path, *, actor: Actor | None) -> BulkReport:
    """Check the whole file against the input models, its documents and the stored rows; then add it all in one
    transaction as `actor`'s, or raise BulkError with every problem and write nothing."""
    raw = _read(path)
    found = _Found()
    with Session(engine) as session:
        require_writer(session, actor)
        facts = _validated(raw, path, found)
        texts = _documents(facts.get("sources", []), path, session, found)
        _check(facts, path, texts, session, found, _named(raw))
        if not found.problems:
            _build(facts, path, texts, session, found, actor.username)
    if found.problems:
        raise BulkError(found.problems)
    with write_session(engine) as session:
        account = require_writer(session, actor)
        for row in found.rows:  # in section order, so every reference is there before it is needed
            session.add(row)
            session.flush()
        for fact in found.facts:
            log_addition(session, fact, account.username)
        bump_revision(session)
    return BulkReport({section: len(items) for section, items in facts.items() if items})


def _read(path: Path) -> dict:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BulkError([f"{path}: no such facts file"]) from None
    except (UnicodeDecodeError, IsADirectoryError):
        raise BulkError([f"{path}: not a UTF-8 text file"]) from None
    except yaml.YAMLError as exc:
        raise BulkError([f"{path}: not valid YAML: {exc}"]) from None
    if not isinstance(raw, dict):
        raise BulkError([f"{path}: not a facts file (expected sections such as sources:, commitments:)"])
    unknown = sorted(set(raw) - set(SECTIONS))
    if unknown:
        allowed = ", ".join(SECTIONS)
        raise BulkError([f"{path}: {name}: not a section a contribution may have (these may: {allowed})" for name in
                         unknown])  # fmt: skip
    return raw


def _where(path: Path, section: str, index: int, item: Any) -> str:
    slug = item.get("slug") if isinstance(item, dict) else getattr(item, "slug", None)
    return f"{path.name}: {section}[{index}]" + (f" '{slug}'" if slug else "")


def _validated(raw: dict, path: Path, found: _Found) -> dict[str, list]:
    facts: dict[str, list] = {}
    for section, (model, _) in SECTIONS.items():
        items = raw.get(section) or []
        if not isinstance(items, list):
            found.add(f"{path.name}: {section}", None, "must be a list of facts")
            continue
        facts[section] = []
        for i, item in enumerate(items):
            try:
                facts[section].append(model.model_validate(item))
            except ValidationError as exc:
                for problem in validation_problems(exc):
                    found.add(_where(path, section, i, item), None, problem)
    return facts


def _documents(sources: list[DocumentIn], path: Path, session: Session, found: _Found) -> dict[str, str]:
    """The text of every source the file may quote: those it carries and those already stored."""
    stored = sa.select(Source.slug, Source.text).where(Source.retracted_at.is_(None))  # none quotes a retracted one
    texts = {slug: text for slug, text in session.execute(stored)}
    for i, source in enumerate(sources):
        where = _where(path, "sources", i, source)
        if Path(source.file).name != source.file:
            found.add(where, "file", "must be a bare file name: the document beside the facts file, or in the "
                      "project's documents folder")  # fmt: skip
            continue
        document = document_in(source.file, path.parent, DOCUMENTS_DIR)
        if document is None:
            found.add(where, "file", f"no document '{source.file}' beside the facts file or in the documents folder "
                      "(a link leading out of its folder is not followed)")  # fmt: skip
            continue
        try:
            texts[source.slug] = document.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            found.add(where, "file", f"'{source.file}' is not UTF-8 text")
    return texts


def _stored(session: Session, table: type[SQLModel]) -> set[str]:
    return set(session.execute(sa.select(table.slug)).scalars())


def _retracted(session: Session, table: type[SQLModel]) -> set[str]:
    """The stored rows of `table` an editor retracted: kept, so their slugs stay taken, but nothing new may name
    them."""
    if "retracted_at" not in table.model_fields:
        return set()
    return set(session.execute(sa.select(table.slug).where(table.retracted_at.is_not(None))).scalars())


def _named(raw: dict) -> dict[str, set[str]]:
    """The slugs each section of the file gives, valid or not: a reference to a fact refused for another reason is
    not reported again as naming nothing."""
    return {
        section: {item["slug"] for item in items if isinstance(item, dict) and isinstance(item.get("slug"), str)}
        for section, items in raw.items()
        if isinstance(items, list)
    }


def _check(
    facts: dict[str, list],
    path: Path,
    texts: dict[str, str],
    session: Session,
    found: _Found,
    named: dict[str, set[str]],
) -> None:
    # Every reference names a fact of this file (given, even if refused for another reason) or a stored one that
    # was not retracted (models.importer).
    references = References()
    for section, (_, table) in SECTIONS.items():
        if "slug" not in table.model_fields:
            continue
        stored = _stored(session, table)
        seen: set[str] = set()
        for i, item in enumerate(facts.get(section, [])):
            where = _where(path, section, i, item)
            if item.slug in stored:
                found.add(where, "slug", "already exists in the tracker; a contribution never changes a stored row")
            if item.slug in seen:
                found.add(where, "slug", "used twice in this file")
            seen.add(item.slug)
        retracted = _retracted(session, table)
        references.add(
            table.__tablename__, (stored - retracted) | seen | named.get(section, set()), retracted=retracted
        )
    stored_organizations = _stored(session, Organization)
    organizations = _retracted(session, Organization)
    references.add("organization", stored_organizations - organizations, retracted=organizations)
    for section in SECTIONS:
        for i, item in enumerate(facts.get(section, [])):
            for bad in references.section_problems(section, item, skip=("source_slug",)):
                found.add(_where(path, section, i, item), bad.field, bad.words("here or stored"))
    for i, item in enumerate(facts.get("event_roles", [])):
        if session.get(EventRole, (item.event_slug, item.organization_slug, item.role)) is not None:
            found.add(_where(path, "event_roles", i, item), "role", "already recorded in the tracker")
    for i, item in enumerate(facts.get("people", [])):
        for alias in item.aliases:
            if session.get(PersonAlias, alias.alias) is not None:
                found.add(_where(path, "people", i, item), "aliases", f"'{alias.alias}' is already someone's name")
    published = {slug for slug, day in session.execute(sa.select(Source.slug, Source.published_on)) if day}
    published |= {s.slug for s in facts.get("sources", []) if s.published_on}
    for i, item in enumerate(facts.get("commitments", [])):
        if item.event_slug is None and item.source_slug not in published:
            found.add(
                _where(path, "commitments", i, item),
                "event_slug",
                "none given, so it is made in the document itself and counts from its publication date: give the "
                "source's published_on, or the event",
            )
    themes = _stored(session, Theme)
    for i, item in enumerate(facts.get("commitments", [])):
        for party in item.parties:
            for bad in references.problems("commitment_party", {"organization_slug": party.organization_slug}):
                found.add(_where(path, "commitments", i, item), "parties", bad.words())
        for theme in item.themes:
            if theme not in themes:
                found.add(_where(path, "commitments", i, item), "themes", f"'{theme}' names no theme")
    for section in SECTIONS:
        if section == "sources":
            continue
        for i, item in enumerate(facts.get(section, [])):
            for evidence in _evidence_of(item):
                where = _where(path, section, i, item)
                if evidence.source_slug not in texts:
                    found.add(where, "source_slug", f"'{evidence.source_slug}' names no source here or stored")
                    continue
                try:
                    evidence_values(texts[evidence.source_slug], evidence)
                except QuoteNotFoundError as exc:
                    found.add(where, "source_quote", str(exc))


def _evidence_of(item: Any) -> Iterator[Any]:
    yield item
    yield from getattr(item, "aliases", [])


def _build(
    facts: dict[str, list], path: Path, texts: dict[str, str], session: Session, found: _Found, username: str
) -> None:
    audit = {"origin": "user", "created_by": username, "created_at": utcnow()}
    for i, source in enumerate(facts.get("sources", [])):
        try:
            data = SourceCreate(
                slug=source.slug, label=source.label, title=source.title, publisher=source.publisher,
                published_on=source.published_on, published_on_precision=source.published_on_precision,
                url=source.url, other_urls="\n".join(source.other_urls),
                file=source.file, text=texts[source.slug],
            )  # fmt: skip
        except ValidationError as exc:
            for problem in validation_problems(exc):
                found.add(_where(path, "sources", i, source), None, problem)
            continue
        found.rows.append(Source(**data.model_dump(), sha256=sha256_of(data.text), **audit))
        found.facts.append(fact_id("source", source.slug))
    for section, (_, table) in SECTIONS.items():
        if section == "sources":
            continue
        for item in facts.get(section, []):
            evidence = evidence_values(texts[item.source_slug], item)
            excluded = {"quote_start", "parties", "themes", "aliases"}
            found.rows.append(table(**item.model_dump(exclude=excluded) | evidence, **audit))
            key = getattr(item, "slug", None) or f"{item.event_slug}/{item.organization_slug}/{item.role}"
            found.facts.append(fact_id(table.__tablename__, key))
            for alias in getattr(item, "aliases", []):
                values = evidence_values(texts[alias.source_slug], alias)
                found.rows.append(PersonAlias(alias=alias.alias, person_slug=item.slug, **values, **audit))
                found.facts.append(fact_id("person_alias", alias.alias))
            for party in item.parties if isinstance(item, CommitmentCreate) else []:
                found.rows.append(CommitmentParty(commitment_slug=item.slug, **party.model_dump(), **audit))
            for theme in item.themes if isinstance(item, CommitmentCreate) else []:
                found.rows.append(CommitmentTheme(commitment_slug=item.slug, theme_slug=theme, **audit))
