"""Load the curated facts (seed/facts.yaml) into the database.

Three steps, each refusing bad data with the file and fact named: validate every fact with the input models, find
every evidence quote verbatim in its document (storing the offsets), check every reference; then write it all in
one transaction. Seeding is idempotent: a second run inserts nothing twice, and rows users added or changed are
left exactly as they are.
"""

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select

from models.db import bump_revision, lock_for_seeding, write_session
from models.evidence import QuoteNotFoundError, evidence_values, find_quote
from models.facts import BY_SECTION, INFERABLE_FIELDS
from models.importer import References
from models.inputs import (
    CommitmentCreate,
    EventCreate,
    EventRoleCreate,
    InferenceCreate,
    InitiativeCreate,
    Input,
    OrganizationCreate,
    ParticipationFigureCreate,
    PassageCreate,
    PersonCreate,
    ShortText,
    Slug,
    StatementCreate,
    ThemeCreate,
)
from models.tables import (
    Commitment,
    CommitmentParty,
    CommitmentTheme,
    Event,
    EventRole,
    Inference,
    Initiative,
    Organization,
    ParticipationFigure,
    Passage,
    Person,
    PersonAlias,
    ProgressUpdate,
    Source,
    Statement,
    Theme,
    utcnow,
)
from seed import DOCUMENTS_DIR, FACTS_FILE, SEED_DIR, document_in
from tracker.domain.errors import TrackerError

__all__ = ["DOCUMENTS_DIR", "FACTS_FILE", "SEED_DIR"]

SEED_ACTOR = "seed"


class SeedError(TrackerError):
    """The facts file cannot be loaded as it stands; the message names the file and the fact."""


class SourceSeed(Input):
    slug: Slug
    label: ShortText
    file: ShortText
    sha256: str
    title: ShortText = ""
    publisher: ShortText = ""
    published_on: dt.date | None = None


class FactsFile(Input):
    sources: list[SourceSeed]
    events: list[EventCreate]
    organizations: list[OrganizationCreate]
    people: list[PersonCreate]
    event_roles: list[EventRoleCreate]
    statements: list[StatementCreate]
    themes: list[ThemeCreate]
    commitments: list[CommitmentCreate]
    initiatives: list[InitiativeCreate]
    participation_figures: list[ParticipationFigureCreate]
    passages: list[PassageCreate] = []
    inferences: list[InferenceCreate] = []


# The kind of fact an inference names ("organization:miit"), and the section of the facts file that holds it.
FACT_SECTIONS = {BY_SECTION[section].name: section for section in FactsFile.model_fields if section in BY_SECTION}


@dataclass
class Row:
    """One table row the seed wants to exist, and the fact it came from (for error messages)."""

    model: type[SQLModel]
    values: dict[str, Any]
    fact: str


@dataclass
class SeedReport:
    inserted: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    kept: Counter = field(default_factory=Counter)  # rows users added or changed, left as they are
    removed: Counter = field(default_factory=Counter)  # seed rows the facts file no longer holds

    def lines(self) -> list[str]:
        tables = sorted(
            set(self.inserted) | set(self.updated) | set(self.unchanged) | set(self.kept) | set(self.removed)
        )
        return [
            f"{table}: {self.inserted[table]} inserted, {self.updated[table]} updated, "
            f"{self.unchanged[table]} unchanged"
            + (f", {self.kept[table]} kept as users left them" if self.kept[table] else "")
            + (f", {self.removed[table]} removed" if self.removed[table] else "")
            for table in tables
        ]


def read_facts(path: Path = FACTS_FILE) -> FactsFile:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SeedError(f"{path}: no such facts file") from None
    except IsADirectoryError:
        raise SeedError(f"{path}: is a folder, not a facts file") from None
    except UnicodeDecodeError:
        raise SeedError(f"{path}: not UTF-8 text; save the facts file as UTF-8") from None
    except OSError as exc:
        raise SeedError(f"{path}: cannot be read ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise SeedError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise SeedError(f"{path}: not a facts file (expected sections such as sources:, events:, commitments:)")
    try:
        return FactsFile.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = error["loc"]
            where = _fact_name(raw, loc)
            field_name = ".".join(str(part) for part in loc[2:]) or "(the fact)"
            problems.append(f"{path}: {where}: {field_name}: {error['msg']}")
        raise SeedError("\n".join(problems)) from exc


def _fact_name(raw: Any, loc: tuple) -> str:
    if len(loc) < 2 or not isinstance(raw, dict):
        return str(loc[0]) if loc else "(file)"
    section, index = loc[0], loc[1]
    try:
        slug = raw[section][index].get("slug")
    except (KeyError, IndexError, TypeError, AttributeError):
        slug = None
    return f"{section}[{index}]" + (f" '{slug}'" if slug else "")


def read_documents(facts: FactsFile, path: Path = FACTS_FILE) -> dict[str, str]:
    """The text of every source document, after checking it is byte for byte the file the facts were read from."""
    texts = {}
    for i, source in enumerate(facts.sources):
        document = document_in(source.file, DOCUMENTS_DIR)
        if document is None:
            raise SeedError(
                f"{path}: sources[{i}] '{source.slug}': file '{source.file}' must be the name of a file in "
                f"{DOCUMENTS_DIR}, without a folder (a link leading out of it is not followed)"
            )
        data = document.read_bytes()
        if hashlib.sha256(data).hexdigest() != source.sha256:
            raise SeedError(f"{path}: sources[{i}] '{source.slug}': {document} differs from its recorded sha256")
        texts[source.slug] = data.decode("utf-8")
        if source.title and source.title not in texts[source.slug]:
            raise SeedError(f"{path}: sources[{i}] '{source.slug}': the title is not in the document's text")
    return texts


def check_references(facts: FactsFile, path: Path = FACTS_FILE) -> None:
    slugs: dict[str, set[str]] = defaultdict(set)  # an empty section names nothing (and is not an error)
    for section in FactsFile.model_fields:
        items = getattr(facts, section)
        if items and hasattr(items[0], "slug"):
            seen = [item.slug for item in items]
            duplicates = sorted({s for s in seen if seen.count(s) > 1})
            if duplicates:
                raise SeedError(f"{path}: {section}: slug used twice: {', '.join(duplicates)}")
            slugs[section] = set(seen)
    # Every reference names a fact this file gives (the seed names nothing else).
    references = References()
    for section, given in slugs.items():
        references.add(BY_SECTION[section].name, given)
    for section in FactsFile.model_fields:
        for i, item in enumerate(getattr(facts, section) if section in BY_SECTION else ()):
            for bad in references.section_problems(section, item):
                raise SeedError(
                    f"{path}: {_where(section, i, item)}: {bad.field} '{bad.value}' names no "
                    f"{bad.kind.replace('_', ' ')}"
                )
    for i, item in enumerate(facts.commitments):
        for party in item.parties:
            if party.organization_slug not in slugs["organizations"]:
                raise SeedError(f"{path}: {_where('commitments', i, item)}: party '{party.organization_slug}' unknown")
        for theme in item.themes:
            if theme not in slugs["themes"]:
                raise SeedError(f"{path}: {_where('commitments', i, item)}: theme '{theme}' unknown")
    known = _fact_keys(facts, slugs)
    for i, inference in enumerate(facts.inferences):
        kind, key = inference.fact.split(":", 1)
        if key not in known.get(kind, set()):
            raise SeedError(f"{path}: inferences[{i}]: fact '{inference.fact}' names no fact in this file")
        if inference.field not in INFERABLE_FIELDS.get(kind, ()):
            allowed = ", ".join(INFERABLE_FIELDS.get(kind, ())) or "none"
            raise SeedError(
                f"{path}: inferences[{i}]: '{inference.field}' is not a field of a {kind} that can be "
                f"inferred (these can: {allowed})"
            )


def _fact_keys(facts: FactsFile, slugs: dict[str, set[str]]) -> dict[str, set[str]]:
    """Every fact's key by kind, as inferences name them (see tracker.domain.facts.fact_id)."""
    keys = {kind: slugs[section] for kind, section in FACT_SECTIONS.items()}
    keys["person_alias"] = {alias.alias for person in facts.people for alias in person.aliases}
    keys["event_role"] = {f"{r.event_slug}/{r.organization_slug}/{r.role}" for r in facts.event_roles}
    return keys


def check_passages(facts: FactsFile, texts: dict[str, str], path: Path = FACTS_FILE) -> None:
    """Where a file classifies passages, they must cover every word of each document it classifies, once."""
    spans: dict[str, list[tuple[int, int, int]]] = {}
    for i, passage in enumerate(facts.passages):
        try:
            start, end = find_quote(
                texts[passage.source_slug], passage.source_quote, source=passage.source_slug, start=passage.quote_start
            )
        except QuoteNotFoundError as exc:
            raise SeedError(f"{path}: passages[{i}]: {exc}") from exc
        spans.setdefault(passage.source_slug, []).append((start, end, i))
    for source, found in spans.items():
        text, covered = texts[source], 0
        for start, end, i in sorted(found):
            if start < covered:
                raise SeedError(f"{path}: passages[{i}]: overlaps the passage before it in '{source}'")
            gap = text[covered:start]
            if gap.replace("- ", "").strip():  # only spacing and list markers may lie between passages
                raise SeedError(f"{path}: '{source}': no passage classifies \"{gap.strip()[:60]}\"")
            covered = end
        if text[covered:].strip():
            raise SeedError(f"{path}: '{source}': no passage classifies \"{text[covered:].strip()[:60]}\"")


def _where(section: str, index: int, item: Any) -> str:
    slug = getattr(item, "slug", None)
    return f"{section}[{index}]" + (f" '{slug}'" if slug else "")


def build_rows(facts: FactsFile, texts: dict[str, str], path: Path = FACTS_FILE) -> list[Row]:
    """Every row the seed wants, in an order that satisfies the foreign keys."""
    rows: list[Row] = []

    def evidence(section: str, index: int, item: Any) -> dict[str, Any]:
        try:
            return evidence_values(texts[item.source_slug], item)
        except QuoteNotFoundError as exc:
            raise SeedError(f"{path}: {_where(section, index, item)}: {exc}") from exc

    for i, s in enumerate(facts.sources):
        values = s.model_dump(exclude={"sha256"}) | {"sha256": s.sha256, "text": texts[s.slug], "url": ""}
        rows.append(Row(Source, values, f"sources[{i}]"))
    for i, t in enumerate(facts.themes):
        rows.append(Row(Theme, t.model_dump(), f"themes[{i}]"))
    simple = [("organizations", Organization), ("events", Event)]
    for section, model in simple:
        for i, item in enumerate(getattr(facts, section)):
            rows.append(Row(model, item.model_dump() | evidence(section, i, item), _where(section, i, item)))
    for i, p in enumerate(facts.people):
        rows.append(Row(Person, p.model_dump(exclude={"aliases"}) | evidence("people", i, p), _where("people", i, p)))
        for alias in p.aliases:
            values = {"alias": alias.alias, "person_slug": p.slug} | evidence("people", i, alias)
            rows.append(Row(PersonAlias, values, _where("people", i, p)))
    later = [("event_roles", EventRole), ("statements", Statement)]
    for section, model in later:
        for i, item in enumerate(getattr(facts, section)):
            rows.append(Row(model, item.model_dump() | evidence(section, i, item), _where(section, i, item)))
    for i, c in enumerate(facts.commitments):
        where = _where("commitments", i, c)
        values = c.model_dump(exclude={"parties", "themes"}) | evidence("commitments", i, c)
        rows.append(Row(Commitment, values, where))
        for party in c.parties:
            rows.append(Row(CommitmentParty, {"commitment_slug": c.slug} | party.model_dump(), where))
        for theme in c.themes:
            rows.append(Row(CommitmentTheme, {"commitment_slug": c.slug, "theme_slug": theme}, where))
    for section, model in [("initiatives", Initiative), ("participation_figures", ParticipationFigure)]:
        for i, item in enumerate(getattr(facts, section)):
            rows.append(Row(model, item.model_dump() | evidence(section, i, item), _where(section, i, item)))
    for i, passage in enumerate(facts.passages):
        values = passage.model_dump() | evidence("passages", i, passage)
        values["slug"] = f"{passage.source_slug}-at-{values['quote_start']}"
        rows.append(Row(Passage, values, f"passages[{i}]"))
    for i, inference in enumerate(facts.inferences):
        rows.append(Row(Inference, inference.model_dump(), f"inferences[{i}]"))
    return rows


def load_rows(path: Path = FACTS_FILE) -> list[Row]:
    """Read, validate and check the facts file; raise SeedError naming the first bad fact."""
    facts = read_facts(path)
    texts = read_documents(facts, path)
    check_references(facts, path)
    check_passages(facts, texts, path)
    return build_rows(facts, texts, path)


def apply_seed(engine: Engine, rows: list[Row] | None = None) -> SeedReport:
    """Write the seed in one transaction and report what it inserted and updated."""
    rows = load_rows() if rows is None else rows
    report = SeedReport()
    with write_session(engine) as session:
        lock_for_seeding(session)
        for row in rows:
            _upsert(session, row, report)
        _retire(session, rows, report)
        if sum(report.inserted.values()) or sum(report.updated.values()) or sum(report.removed.values()):
            bump_revision(session)
    return report


def _retire(session: Session, rows: list[Row], report: SeedReport) -> None:
    """Remove seed rows the facts file no longer holds (a corrected party, say), children before parents. Rows an
    editor changed stay, and so does a commitment with recorded progress."""
    wanted: dict[type[SQLModel], set[tuple]] = {}
    for row in rows:
        wanted.setdefault(row.model, set()).add(_primary_key(row))
    for model in reversed(list(wanted)):
        stale = [
            existing
            for existing in session.exec(select(model).where(model.origin == "seed", model.updated_by == ""))
            if _key_of(existing) not in wanted[model]
        ]
        for existing in stale:
            if (
                model is Commitment
                and session.exec(
                    select(ProgressUpdate.id).where(ProgressUpdate.commitment_slug == existing.slug).limit(1)
                ).first()
            ):
                report.kept[model.__tablename__] += 1
                continue
            session.delete(existing)
            session.flush()
            report.removed[model.__tablename__] += 1


def _key_of(row: SQLModel) -> tuple:
    return tuple(getattr(row, column.name) for column in type(row).__table__.primary_key.columns)


def _primary_key(row: Row) -> tuple:
    return tuple(row.values[column.name] for column in row.model.__table__.primary_key.columns)


def _upsert(session: Session, row: Row, report: SeedReport) -> None:
    table = row.model.__tablename__
    existing = session.get(row.model, _primary_key(row))
    if existing is None:
        session.add(row.model(**row.values, origin="seed", created_by=SEED_ACTOR))
        session.flush()
        report.inserted[table] += 1
        return
    if existing.origin != "seed" or existing.updated_by:
        report.kept[table] += 1
        return
    changed = {name: value for name, value in row.values.items() if getattr(existing, name) != value}
    if not changed:
        report.unchanged[table] += 1
        return
    for name, value in changed.items():
        setattr(existing, name, value)
    existing.updated_at = utcnow()
    session.flush()
    report.updated[table] += 1


def has_seed(session: Session) -> bool:
    return session.exec(select(Source.slug).where(Source.origin == "seed").limit(1)).first() is not None


def iter_quotes(rows: list[Row]) -> Iterator[tuple[str, str, int, int, str]]:
    """(source, quote, start, end, fact) for every row that carries evidence."""
    for row in rows:
        if "source_quote" in row.values:
            v = row.values
            yield v["source_slug"], v["source_quote"], v["quote_start"], v["quote_end"], row.fact
