"""Where every fact comes from: the source documents, the facts extracted from each, and their passages.

The Sources page shows a document with every extracted fact highlighted in place; a reader follows a link from any
figure to its passage. Document text is shown as text: it is escaped before it reaches Markdown, never HTML.
"""

import datetime as dt
import functools
import re
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from models.facts import DOCUMENT_FIELDS, FACT_KINDS, RETRACTABLE, fact_key
from models.tables import (
    Commitment,
    Event,
    EventRole,
    Initiative,
    Organization,
    ParticipationFigure,
    Passage,
    Person,
    PersonAlias,
    QuoteCheck,
    Source,
    Statement,
)
from tracker.domain import rules, suggest
from tracker.domain.facts import fact_id
from tracker.read.as_of import not_retracted, retracted_facts, standing
from tracker.read.queries import event_display_name, inferred_values, org_display_name

FACT_COLUMNS = ["fact", "kind", "label", "value", "inferred", "inference_note", "quote_start", "quote_end", "quote"]


def sources_table(engine: Engine, as_of: dt.date | None = None) -> pd.DataFrame:
    """Every document standing on `as_of` (today if none), without its text."""
    statement = (
        sa.select(
            *(getattr(Source, name) for name in DOCUMENT_FIELDS),
            sa.func.length(Source.text).label("characters"),
            Source.origin,
        )
        .where(standing(as_of, Source))
        .order_by(Source.slug)
    )
    with engine.connect() as connection:
        rows = [dict(r._mapping) for r in connection.execute(statement)]
    columns = [*DOCUMENT_FIELDS, "characters", "origin"]
    return pd.DataFrame(rows, columns=columns)


def source_text(engine: Engine, slug: str) -> str | None:
    with engine.connect() as connection:
        return connection.execute(sa.select(Source.text).where(Source.slug == slug)).scalar_one_or_none()


def _facts_select(kind: str, model, label, value, inferred=None, note=None) -> tuple[str, sa.Select]:
    """One kind of fact as rows of the Sources page's list, with when each was retracted (if it was)."""
    return kind, sa.select(
        sa.literal(kind).label("kind"),
        fact_key(model).label("key"),
        label.label("label"),
        value.label("value"),
        (inferred if inferred is not None else sa.false()).label("inferred"),
        (note if note is not None else sa.literal("")).label("inference_note"),
        model.quote_start,
        model.quote_end,
        model.source_quote.label("quote"),
        model.source_slug.label("source"),
        model.retracted_at,
    )


@functools.cache
def _fact_parts() -> dict[str, sa.Select]:
    """Each kind of fact taken from a source, retracted ones too, one row each: its kind, key, label, value, quote,
    source and retracted_at (as_of.not_retracted keeps those standing on a date). Built once: statements do not
    change, and building these nine took a fact's page 2 ms. Callers add to a part (`where`), which copies it."""
    number = sa.cast(ParticipationFigure.value, sa.String)
    role_org = sa.select(org_display_name()).where(Organization.slug == EventRole.organization_slug)
    role_event = sa.select(event_display_name()).where(Event.slug == EventRole.event_slug)
    role_label = role_org.scalar_subquery() + sa.literal(" at ") + role_event.scalar_subquery()
    speaker = sa.select(Person.name).where(Person.slug == Statement.person_slug).scalar_subquery()
    alias_of = sa.select(Person.name).where(Person.slug == PersonAlias.person_slug).scalar_subquery()
    parts = [
        _facts_select("commitment", Commitment, Commitment.title, Commitment.kind),
        _facts_select(
            "participation_figure",
            ParticipationFigure,
            ParticipationFigure.metric,
            number + sa.literal(" ") + ParticipationFigure.qualifier + sa.literal(" ") + ParticipationFigure.kind,
        ),
        _facts_select("initiative", Initiative, Initiative.name, Initiative.kind),
        _facts_select(
            "event",
            Event,
            Event.name,
            Event.city
            + sa.literal("|")
            + Event.country
            + sa.literal("|")
            + sa.cast(Event.start_date, sa.String)
            + sa.literal("|")
            + Event.dates_precision,
        ),
        _facts_select(
            "event_role",
            EventRole,
            role_label,
            EventRole.role,
        ),
        _facts_select("organization", Organization, Organization.name, Organization.kind),
        _facts_select("person", Person, Person.name, Person.role),
        _facts_select(
            "person_alias",
            PersonAlias,
            PersonAlias.alias,
            sa.literal("also written for ") + alias_of,
        ),
        _facts_select("statement", Statement, speaker, Statement.kind),
    ]
    return dict(parts)


def _facts() -> sa.Subquery:
    """Every kind of _fact_parts in one list."""
    return sa.union_all(*_fact_parts().values()).subquery()


def source_facts(engine: Engine, source: str, as_of: dt.date | None = None) -> pd.DataFrame:
    """Every fact taken from `source` and standing on `as_of` (today if none), in the order its passage appears
    in the text."""
    union = _facts()
    statement = (
        sa.select(union)
        .where(union.c.source == source, not_retracted(as_of, union.c.retracted_at))
        .order_by(union.c.quote_start, union.c.kind, union.c.key)
    )
    with engine.connect() as connection:
        rows = connection.execute(statement).all()
    reasons: dict[str, list[str]] = {}
    for (fact, field), reason in inferred_values(engine).items():
        reasons.setdefault(fact, []).append(f"{_field_words(field)}: {reason}")
    records = []
    for r in rows:
        fact = fact_id(r.kind, r.key)
        records.append(
            {
                "fact": fact,
                "kind": FACT_KINDS[r.kind],
                "label": r.label,
                "value": _value_text(r.kind, r.value),
                "inferred": fact in reasons,
                "inference_note": " ".join(reasons.get(fact, [])),
                "quote_start": r.quote_start,
                "quote_end": r.quote_end,
                "quote": r.quote,
            }
        )
    return pd.DataFrame(records, columns=FACT_COLUMNS)


def standing_facts(engine: Engine, kind: str) -> list[tuple[str, str]]:
    """(key, how the Sources page lists it) of every fact of `kind` standing today, in label order: what an editor
    may retract."""
    if kind == "source":
        documents = sources_table(engine)
        return list(zip(documents["slug"], documents["label"], strict=True))
    union = _facts()
    statement = sa.select(union.c.key, union.c.label, union.c.value).where(
        union.c.kind == kind, not_retracted(None, union.c.retracted_at)
    )
    with engine.connect() as connection:
        rows = [(key, f"{label} · {_value_text(kind, value)}") for key, label, value in connection.execute(statement)]
    return sorted(rows, key=lambda row: row[1].casefold())


def fact_names(engine: Engine, facts: list[str]) -> dict[str, str]:
    """How pages name each of `facts` (addresses, "participation_figure:seoul-summit-countries"), retracted ones
    too: its kind and label ("Participation figure: countries"). An address naming nothing stored is left out."""
    keys: dict[str, list[str]] = {}
    for fact in facts:
        kind, _, key = fact.partition(":")
        if kind in RETRACTABLE:
            keys.setdefault(kind, []).append(key)
    if not keys:
        return {}
    parts = _fact_parts()
    names: dict[str, str] = {}
    with engine.connect() as connection:  # each kind looked up by its own key, which its index finds
        for kind, wanted in keys.items():
            model = RETRACTABLE[kind]
            if kind == "source":
                statement = sa.select(Source.slug.label("key"), Source.label).where(Source.slug.in_(wanted))
            else:
                statement = parts[kind].where(fact_key(model).in_(wanted))
            for row in connection.execute(statement):
                names[fact_id(kind, row.key)] = f"{FACT_KINDS[kind]}: {row.label}"
    return names


def _field_words(field: str) -> str:
    """An inferred field in words: "start_date" -> "start date", "party:china" -> "party china"."""
    return field.replace("_", " ").replace(":", " ")


def _value_text(kind: str, value: str) -> str:
    """A fact's value as the Sources page lists it, with no empty parts ("Seoul, Republic of Korea, 2025-12-02")."""
    if kind == "participation_figure":
        number, qualifier, figure_kind = value.split(" ", 2)
        text = rules.figure_text(float(number), qualifier)
        return text if figure_kind == "attendance" else f"{text} (context figure, not attendance)"
    if kind == "event":
        city, country, start, precision = (value or "|||day").split("|")
        when = start if precision == "day" else rules.dated_words(dt.date.fromisoformat(start), precision)
        return ", ".join(part for part in (city, country, when) if part)
    return (value or "").replace("_", " ")


PASSAGE_COLUMNS = ["source", "source_label", "classification", "reason", "quote", "quote_start", "quote_end"]


def passages(engine: Engine, sources: tuple[str, ...] = (), classes: tuple[str, ...] = ()) -> pd.DataFrame:
    """Every classified passage of the sources, in reading order: the codebook applied, with each reason."""
    statement = (
        sa.select(
            Passage.source_slug.label("source"),
            Source.label.label("source_label"),
            Passage.classification,
            Passage.reason,
            Passage.source_quote.label("quote"),
            Passage.quote_start,
            Passage.quote_end,
        )
        .join(Source, Source.slug == Passage.source_slug)
        .where(standing(None, Source))
        .order_by(Passage.source_slug, Passage.quote_start)
    )
    if sources:
        statement = statement.where(Passage.source_slug.in_(sources))
    if classes:
        statement = statement.where(Passage.classification.in_(classes))
    with engine.connect() as connection:
        return pd.DataFrame([tuple(r) for r in connection.execute(statement)], columns=PASSAGE_COLUMNS)


def unclassified_passages(engine: Engine, source: str, text: str) -> list[tuple[int, int]]:
    """The passages of `source` (sentences, headings, list items, as the suggestions split its `text`) that no
    classified passage covers yet, in reading order."""
    with engine.connect() as connection:
        covered = connection.execute(
            sa.select(Passage.quote_start, Passage.quote_end).where(Passage.source_slug == source)
        ).all()
    return [
        (start, end)
        for start, end in suggest.passages(text)
        if not any(low < end and start < high for low, high in covered)
    ]


def classified_share(engine: Engine) -> pd.DataFrame:
    """For each standing source: its words, and how many lie in classified passages (the codebook applied to every
    word, or not yet)."""
    with engine.connect() as connection:
        texts = connection.execute(sa.select(Source.slug, Source.label, Source.text).where(standing(None, Source)))
        texts = {slug: (label, text) for slug, label, text in texts}
        spans = connection.execute(sa.select(Passage.source_slug, Passage.quote_start, Passage.quote_end)).all()
    rows = []
    for slug, (label, text) in sorted(texts.items()):
        inside = [False] * len(text)
        for source, start, end in spans:
            if source == slug:
                inside[start:end] = [True] * (end - start)
        words = [(m.start(), m.end()) for m in re.finditer(r"\w+", text)]
        classified = sum(1 for start, _ in words if inside[start])
        rows.append((slug, label, len(words), classified))
    return pd.DataFrame(rows, columns=["source", "source_label", "words", "classified"])


def inferences_table(engine: Engine) -> pd.DataFrame:
    """Every inferred value of a standing fact with what it rests on: (fact, field, reason)."""
    with engine.connect() as connection:
        hidden = set(connection.execute(retracted_facts(None)).scalars())
    rows = sorted(
        (fact, field, reason) for (fact, field), reason in inferred_values(engine).items() if fact not in hidden
    )
    return pd.DataFrame(rows, columns=["fact", "field", "reason"])


@dataclass(frozen=True)
class Segment:
    text: str
    highlighted: bool
    focused: bool = False


def segments(text: str, spans: list[tuple[int, int]], focus: tuple[int, int] | None = None) -> list[Segment]:
    """Split `text` into plain and highlighted runs; overlapping spans merge, `focus` is marked on its own."""
    marks = [0] * (len(text) + 1)
    for start, end in spans:
        for i in range(max(start, 0), min(end, len(text))):
            marks[i] = max(marks[i], 1)
    if focus:
        for i in range(max(focus[0], 0), min(focus[1], len(text))):
            marks[i] = 2
    result: list[Segment] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or marks[i] != marks[start]:
            result.append(Segment(text[start:i], marks[start] >= 1, marks[start] == 2))
            start = i
    return result


def text_parts(text: str, size: int) -> list[tuple[int, int]]:
    """(start, end) offsets of consecutive parts of `text`, each at most `size` characters where a line allows,
    cut at line breaks, so a long document is shown a part at a time."""
    parts, start = [], 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            end = cut + 1 if cut > start else end
        parts.append((start, end))
        start = end
    return parts or [(0, 0)]


def last_quote_check(engine: Engine) -> dict | None:
    """When the stored quotes were last re-checked against their sources (`python -m tracker verify`), and what
    was found: {"checked_at", "checked", "mismatches", "report"}, or None before the first check."""
    with engine.connect() as connection:
        row = connection.execute(sa.select(QuoteCheck).order_by(QuoteCheck.id.desc()).limit(1)).first()
    return dict(row._mapping) if row else None
