"""What happened after the promises: each commitment's timeline, the public changes log, and what changed between
two dates. Reads only; recording lives in tracker.write.writes."""

import dataclasses
import datetime as dt
import json
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from models.tables import Commitment, FactChange, ProgressUpdate
from tracker.domain import rules
from tracker.read.as_of import matching
from tracker.read.expressions import named_alias, progress_expression, status_expression
from tracker.read.filters import CommitmentFilter
from tracker.read.provenance import fact_names

TIMELINE_COLUMNS = [
    "id",
    "as_of",
    "status",
    "progress_value",
    "rationale",
    "evidence_url",
    "evidence_quote",
    "recorded_by",
    "recorded_at",
    "reviewed_by",
    "corrects_id",
    "correction_reason",
    "corrected_by",
    "effective",
    "note",
]
LOG_COLUMNS = [
    "id",
    "recorded_at",
    "recorded_by",
    "reviewed_by",
    "commitment",
    "commitment_title",
    "as_of",
    "status",
    "progress_value",
    "rationale",
    "evidence_url",
    "evidence_quote",
    "corrects_id",
    "correction_reason",
    "corrected_by",
    "kind",
]
KIND_LABELS = {"update": "Update", "correction": "Correction"}
MAX_LOG_ROWS = 2000


def log_limit() -> int:
    """How many entries to read for a log that holds MAX_LOG_ROWS: one more, to tell whether there are more."""
    return MAX_LOG_ROWS + 1


def held(log: pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """A log read with log_limit(): the newest MAX_LOG_ROWS entries it holds, and whether there are more."""
    return log.head(MAX_LOG_ROWS), len(log) > MAX_LOG_ROWS


def _corrected_by() -> sa.ScalarSelect:
    correction = named_alias(ProgressUpdate, "correction")
    return sa.select(correction.id).where(correction.corrects_id == ProgressUpdate.id).scalar_subquery()


def timeline(engine: Engine, slug: str) -> pd.DataFrame:
    """Every update of one commitment in the order of the dates they describe; superseded ones marked."""
    statement = (
        sa.select(
            ProgressUpdate.id,
            ProgressUpdate.as_of,
            ProgressUpdate.status,
            ProgressUpdate.progress_value,
            ProgressUpdate.rationale,
            ProgressUpdate.evidence_url,
            ProgressUpdate.evidence_quote,
            ProgressUpdate.recorded_by,
            ProgressUpdate.recorded_at,
            ProgressUpdate.reviewed_by,
            ProgressUpdate.corrects_id,
            ProgressUpdate.correction_reason,
            _corrected_by().label("corrected_by"),
        )
        .where(ProgressUpdate.commitment_slug == slug)
        .order_by(ProgressUpdate.as_of, ProgressUpdate.id)
    )
    with engine.connect() as connection:
        rows = connection.execute(statement).all()
    # Built a column at a time, each in its type: a frame of rows converted afterwards (astype) took 2 ms of the
    # 3 ms this costs a commitment's page.
    blank = pd.Series([], dtype=object)  # a column of no rows: of objects, as pandas makes it from no values
    columns: dict[str, Any] = {
        name: [row[i] for row in rows] if rows else blank for i, name in enumerate(TIMELINE_COLUMNS[:-2])
    }
    for name in ("corrects_id", "corrected_by"):
        columns[name] = pd.array(columns[name], dtype="Int64")
    columns["effective"] = pd.array([row.corrected_by is None for row in rows], dtype=bool)
    notes = [_correction_note(r.corrects_id, r.correction_reason, r.corrected_by) for r in rows]
    columns["note"] = notes if rows else blank
    return pd.DataFrame(columns, columns=TIMELINE_COLUMNS)


def _correction_note(corrects: int | None, reason: str, corrected_by: int | None) -> str:
    parts = []
    if pd.notna(corrects):
        parts.append(f"corrects #{corrects}: {reason}")
    if pd.notna(corrected_by):
        parts.append(f"superseded by #{corrected_by}")
    return "; ".join(parts)


def changes_log(
    engine: Engine,
    *,
    commitments: tuple[str, ...] = (),
    statuses: tuple[str, ...] = (),
    recorded_by: tuple[str, ...] = (),
    since: dt.date | None = None,
    until: dt.date | None = None,
    within: CommitmentFilter | None = None,
    limit: int = MAX_LOG_ROWS,
    current: bool = False,
) -> pd.DataFrame:
    """Every update and correction, newest recorded first: the public record of who changed what, and why, each
    with the correction that replaced it (`corrected_by`), whenever it was made (a view of any date shows what
    corrections mended, as the statuses do: tracker.read.expressions.status_expression). `within` keeps the
    updates of the commitments a view's filters match, so a filtered view's recent updates are filtered too. With
    `current`, only what stands: no update a correction replaced (the latest updates a reader is shown)."""
    correction = named_alias(ProgressUpdate, "correction")
    replaced = [correction.corrects_id == ProgressUpdate.id]
    statement = (
        sa.select(
            ProgressUpdate.id,
            ProgressUpdate.recorded_at,
            ProgressUpdate.recorded_by,
            ProgressUpdate.reviewed_by,
            ProgressUpdate.commitment_slug.label("commitment"),
            Commitment.title.label("commitment_title"),
            ProgressUpdate.as_of,
            ProgressUpdate.status,
            ProgressUpdate.progress_value,
            ProgressUpdate.rationale,
            ProgressUpdate.evidence_url,
            ProgressUpdate.evidence_quote,
            ProgressUpdate.corrects_id,
            ProgressUpdate.correction_reason,
            sa.select(correction.id).where(*replaced).scalar_subquery().label("corrected_by"),
        )
        .join(Commitment, Commitment.slug == ProgressUpdate.commitment_slug)
        .order_by(ProgressUpdate.recorded_at.desc(), ProgressUpdate.id.desc())
        .limit(limit)
    )
    if current:
        statement = statement.where(~sa.exists().where(*replaced))
    if commitments:
        statement = statement.where(ProgressUpdate.commitment_slug.in_(commitments))
    if statuses:
        statement = statement.where(ProgressUpdate.status.in_(statuses))
    if recorded_by:
        statement = statement.where(ProgressUpdate.recorded_by.in_(recorded_by))
    if within is not None and not within.is_default:
        kept = sa.select(Commitment.slug).where(*matching(within)).correlate(None)
        statement = statement.where(ProgressUpdate.commitment_slug.in_(kept))
    if since:
        statement = statement.where(ProgressUpdate.as_of >= since)
    if until:
        statement = statement.where(ProgressUpdate.as_of <= until)
    with engine.connect() as connection:
        rows = [dict(r._mapping) for r in connection.execute(statement)]
    frame = pd.DataFrame(rows, columns=LOG_COLUMNS[:-1])
    frame["kind"] = ["correction" if pd.notna(c) else "update" for c in frame["corrects_id"]]
    return frame.astype({"corrects_id": "Int64", "corrected_by": "Int64"})


def recorders(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        statement = sa.select(ProgressUpdate.recorded_by).distinct().order_by(ProgressUpdate.recorded_by)
        return list(connection.execute(statement).scalars())


CHANGE_VIEWS = {
    "described": "By the date they describe",
    "recorded": "By the date they were recorded",
}


def changes_between(
    engine: Engine,
    start: dt.date,
    end: dt.date,
    f: CommitmentFilter,
    limit: int = MAX_LOG_ROWS,
    by: str = "described",
) -> pd.DataFrame:
    """Commitments whose status or recorded progress differs between `start` and `end` (filtered as of `end`),
    the first `limit` by framework and title.

    By "described": the status as it stood on each date. By "recorded": the status on `end` as the records showed
    it at the end of `start` and at the end of `end`, so an update recorded in the window about an earlier date
    shows as a change."""
    if by not in CHANGE_VIEWS:
        raise ValueError(f"unknown view {by!r}; choose {' or '.join(CHANGE_VIEWS)}")
    if by == "described":
        before_status, after_status = status_expression(start), status_expression(end)
        before_progress, after_progress = progress_expression(start), progress_expression(end)
        in_window = sa.and_(ProgressUpdate.as_of > start, ProgressUpdate.as_of <= end)
    else:
        before_status, after_status = status_expression(end, known_on=start), status_expression(end, known_on=end)
        before_progress = progress_expression(end, known_on=start)
        after_progress = progress_expression(end, known_on=end)
        in_window = sa.and_(
            ProgressUpdate.recorded_at >= rules.end_of_day(start),
            ProgressUpdate.recorded_at < rules.end_of_day(end),
        )
    statement = (
        sa.select(
            Commitment.slug,
            Commitment.title,
            Commitment.framework,
            before_status.label("status_before"),
            after_status.label("status_after"),
            before_progress.label("progress_before"),
            after_progress.label("progress_after"),
            Commitment.target_value,
            Commitment.target_unit,
            Commitment.target_qualifier,
        )
        .where(
            *matching(dataclasses.replace(f, as_of=end)),
            # Only an update dated (or recorded) inside the window can make the two differ: checked first, before
            # the four per-commitment lookups below.
            sa.exists().where(ProgressUpdate.commitment_slug == Commitment.slug, in_window),
            sa.or_(
                before_status != after_status,
                sa.func.coalesce(before_progress, -1) != sa.func.coalesce(after_progress, -1),
            ),
        )
        .order_by(Commitment.framework, Commitment.title)
        .limit(limit)
    )
    with engine.connect() as connection:
        rows = connection.execute(statement).all()
    columns = [
        "slug",
        "title",
        "framework",
        "status_before",
        "status_after",
        "progress_before",
        "progress_after",
        "target_value",
        "target_unit",
        "target_qualifier",
    ]
    records = [{column: getattr(r, column) for column in columns} for r in rows]
    return pd.DataFrame(records, columns=columns)


FACT_CHANGE_COLUMNS = ["id", "changed_at", "changed_by", "action", "fact", "changes", "reason"]


def fact_changes(engine: Engine, fact: str | None = None, limit: int = MAX_LOG_ROWS) -> pd.DataFrame:
    """Additions, corrections and retractions of facts by editors, newest first (of one `fact`, if given)."""
    statement = sa.select(*(getattr(FactChange, name) for name in FACT_CHANGE_COLUMNS)).order_by(
        FactChange.changed_at.desc(), FactChange.id.desc()
    )
    if fact is not None:
        statement = statement.where(FactChange.fact == fact)
    with engine.connect() as connection:
        rows = connection.execute(statement.limit(limit)).all()
    frame = pd.DataFrame(rows, columns=FACT_CHANGE_COLUMNS)
    frame["what_changed"] = [_changed_words(value) for value in frame["changes"]]
    names = fact_names(engine, sorted(set(frame["fact"])))
    frame["fact_name"] = [names.get(fact, fact) for fact in frame["fact"]]
    return frame


def _changed_words(changes: str) -> str:
    """'title: "Old" → "New"; due_date: 2026-12-31 → 2027-06-30' from the stored JSON."""
    parsed = json.loads(changes or "{}")
    return "; ".join(f"{field}: {before!r} → {after!r}" for field, (before, after) in parsed.items())


def as_it_stood(engine: Engine, fact: str, as_of: dt.date) -> dict[str, Any]:
    """The fields of `fact` corrected after `as_of`, each with the value it had on that day: the value before the
    first correction of it made after the day's end. Empty when nothing was corrected since. Views show facts as
    corrected whatever the date (the document never changed; a correction mends how it was read); this is the
    record as it stood, for the fact's page and its API answer."""
    statement = (
        sa.select(FactChange.changes)
        .where(
            FactChange.fact == fact, FactChange.action == "corrected", FactChange.changed_at >= rules.end_of_day(as_of)
        )
        .order_by(FactChange.changed_at, FactChange.id)
    )
    stood: dict[str, Any] = {}
    with engine.connect() as connection:
        for (changes,) in connection.execute(statement):
            for field, (before, _after) in json.loads(changes or "{}").items():
                stood.setdefault(field, before)
    return stood


def stood_words(stood: dict[str, Any]) -> str:
    """'title: "Old"; due_date: None', in the Changes log's words for values."""
    return "; ".join(f"{field}: {value!r}" for field, value in stood.items())
