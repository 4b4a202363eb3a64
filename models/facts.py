"""The kinds of fact the tracker holds, each declared once: its table model (whose fields say their labels,
descriptions and flags, models.fields), the name its addresses use, and how people call it. Everything that was a
hand-kept list beside the tables is worked out here from those declarations:

- which kinds an editor may retract (the table has `retracted_at`) and which fields of each may be corrected or
  may hold an inferred value (the fields' own flags);
- what each field refers to (its foreign key) and so the order facts load in;
- each fact's key and the address it goes by ("event_role:waic-2025-ai-standardization-forum/iso/participant");
- how a field is named in files and answers: a reference without "_slug" ("event_slug" is "event").

Adding a field is its declaration on the table and its migration; adding a kind of fact is its table, a line in
KINDS and its migration.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, partial
from typing import Any

import sqlalchemy as sa
from sqlmodel import SQLModel

from models.fields import FieldMeta, field_metas
from models.tables import (
    Commitment,
    CommitmentParty,
    CommitmentTheme,
    Contest,
    Event,
    EventRole,
    FactChange,
    Inference,
    Initiative,
    Organization,
    ParticipationFigure,
    PartyReply,
    Passage,
    Person,
    PersonAlias,
    ProgressUpdate,
    Retractable,
    Rubric,
    Source,
    Statement,
    Theme,
)

# Fields every fact table has that are the tracker's own bookkeeping, not what a text states.
BOOKKEEPING = ("origin", "created_by", "created_at", "updated_by", "updated_at", "retracted_at", "version")
EVIDENCE = ("source_slug", "source_quote", "quote_start", "quote_end")


def file_name(field: str) -> str:
    """A field's name in files, answers and inferences: a reference without "_slug" or "_id" ("event_slug" is
    "event", "corrects_id" is "corrects")."""
    return field.removesuffix("_slug") if field.endswith("_slug") else field.removesuffix("_id")


@dataclass(frozen=True, eq=False)
class FactKind:
    """One kind of fact. `name` is its table's, and what its addresses start with ("organization:miit");
    `section` names its file in the data package and its part of a facts file ("organizations")."""

    model: type[SQLModel]
    label: str  # how pages and files name the kind: "Role at an event"
    section: str

    @property
    def name(self) -> str:
        return self.model.__tablename__

    @cached_property
    def fields(self) -> dict[str, FieldMeta]:
        return field_metas(self.model)

    @property
    def stated(self) -> tuple[str, ...]:
        """The fields that say what the text states (its evidence and the tracker's bookkeeping aside)."""
        return tuple(name for name in self.fields if name not in (*BOOKKEEPING, *EVIDENCE))

    @property
    def retractable(self) -> bool:
        return issubclass(self.model, Retractable)

    @property
    def has_evidence(self) -> bool:
        return "source_quote" in self.fields

    @property
    def correctable(self) -> tuple[str, ...]:
        """The fields an editor may correct, as the table declares them."""
        return tuple(name for name, meta in self.fields.items() if meta.correctable)

    @property
    def inferable(self) -> tuple[str, ...]:
        """The fields whose value may be inferred rather than stated, named as in files ("organization")."""
        return tuple(file_name(name) for name, meta in self.fields.items() if meta.inferable)

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.model.__table__.primary_key.columns)

    @property
    def references(self) -> dict[str, str]:
        """{field: the kind it refers to} for every foreign key of the table (a correction names the update it
        corrects: a kind may refer to itself)."""
        return {
            column.name: foreign.column.table.name
            for column in self.model.__table__.columns
            for foreign in column.foreign_keys
        }

    def key_expression(self) -> sa.ColumnElement[str]:
        """The key a fact of this kind is addressed by, in SQL: its key columns joined by "/"."""
        columns = [getattr(self.model, name) for name in self.key]
        expression = columns[0]
        for column in columns[1:]:
            expression = expression + "/" + column
        return expression

    def key_of(self, values: dict[str, Any]) -> str:
        return "/".join(str(values[name]) for name in self.key)


# Every kind of fact, in an order each may be loaded in (each refers only to kinds before it).
KINDS: tuple[FactKind, ...] = (
    FactKind(Source, "Document", "sources"),
    FactKind(Organization, "Organization", "organizations"),
    FactKind(Person, "Person", "people"),
    FactKind(PersonAlias, "Other spelling of a name", "person_aliases"),
    FactKind(Event, "Event", "events"),
    FactKind(EventRole, "Role at an event", "event_roles"),
    FactKind(Statement, "Statement", "statements"),
    FactKind(Theme, "Theme", "themes"),
    FactKind(Commitment, "Commitment", "commitments"),
    FactKind(CommitmentParty, "Party to a commitment", "commitment_parties"),
    FactKind(CommitmentTheme, "Theme of a commitment", "commitment_themes"),
    FactKind(Initiative, "Initiative", "initiatives"),
    FactKind(ParticipationFigure, "Participation figure", "participation_figures"),
    FactKind(Inference, "Inferred value", "inferences"),
    FactKind(Passage, "Passage", "passages"),
    FactKind(ProgressUpdate, "Progress update", "progress_updates"),
    FactKind(Rubric, "Rubric", "rubrics"),
    FactKind(PartyReply, "Party's reply", "party_replies"),
    FactKind(Contest, "Contested value", "contests"),
    FactKind(FactChange, "Change to a fact", "fact_changes"),
)
BY_NAME: dict[str, FactKind] = {kind.name: kind for kind in KINDS}
BY_SECTION: dict[str, FactKind] = {kind.section: kind for kind in KINDS}
BY_MODEL: dict[type, FactKind] = {kind.model: kind for kind in KINDS}

# Derived registries, for the readers that want them as plain mappings.
RETRACTABLE: dict[str, type[Retractable]] = {kind.name: kind.model for kind in KINDS if kind.retractable}
CORRECTABLE_FIELDS: dict[str, tuple[str, ...]] = {kind.name: kind.correctable for kind in KINDS if kind.correctable}
INFERABLE_FIELDS: dict[str, tuple[str, ...]] = {kind.name: kind.inferable for kind in KINDS if kind.inferable}
FACT_KINDS: dict[str, str] = {kind.name: kind.label for kind in KINDS if kind.retractable}


# What describes a document, apart from its text: the Sources page's "About this document" and sources.csv.
DOCUMENT_FIELDS: tuple[str, ...] = tuple(name for name in BY_NAME["source"].stated if name != "text")


def fact_key(model: type[SQLModel]) -> sa.ColumnElement[str]:
    """The key a fact of `model` is addressed by, in SQL (tracker.domain.facts.fact_id): its slug; an alias by its
    spelling; an event role by "event/organization/role"."""
    return BY_MODEL[model].key_expression()


def resting_on(name: str) -> list[tuple[FactKind, Callable[[str], sa.ColumnElement[bool]]]]:
    """Each kind of fact an editor may retract that can rest on a fact of kind `name`, with how to find those that
    rest on the one keyed `key`: `condition(key)`. A fact rests on another when a field of it refers to it, or when
    a link between two kinds does (a commitment on an organization it names as a party)."""
    found: list[tuple[FactKind, Callable[[str], sa.ColumnElement[bool]]]] = []
    for kind in KINDS:
        for field, target in kind.references.items():
            if target != name or kind.name == name:
                continue
            if kind.retractable:
                found.append((kind, partial(_refers, getattr(kind.model, field))))
                continue
            # A link (a commitment's party or theme) belongs to the fact its key starts with: that fact rests on
            # what the link names (a commitment on its party), never the other way round.
            owner = kind.key[0]
            owner_kind = BY_NAME[kind.references[owner]] if owner in kind.references else None
            if field != owner and owner_kind is not None and owner_kind.retractable:
                linked = partial(
                    _linked,
                    getattr(owner_kind.model, owner_kind.key[0]),
                    getattr(kind.model, owner),
                    getattr(kind.model, field),
                )
                found.append((owner_kind, linked))
    return found


def _refers(column: Any, key: str) -> sa.ColumnElement[bool]:
    return column == key


def _linked(own_key: Any, link: Any, through: Any, key: str) -> sa.ColumnElement[bool]:
    return own_key.in_(sa.select(link).where(through == key))


def references_of(section: str, fields: Any) -> dict[str, str]:
    """{field: the section it must name} for the fields of an input of `section` ("commitments") that refer to
    another kind of fact, in the sections of a facts file and the files of a data package."""
    kind = BY_SECTION[section]
    return {field: BY_NAME[target].section for field, target in kind.references.items() if field in fields}


def _check_load_order() -> None:
    seen: set[str] = set()
    for kind in KINDS:
        missing = set(kind.references.values()) - seen - {"user_account", kind.name}
        assert not missing, f"{kind.name} refers to {missing}, declared after it in KINDS"
        seen.add(kind.name)


_check_load_order()
