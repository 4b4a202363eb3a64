"""SQL expressions shared by every read: a commitment's status, progress and last update as of a date, when it
was made, its specificity score, and how organizations and events are named. Each is correlated to the enclosing
query's Commitment, so filters, tables, exports and decks compute them the same way."""

import datetime as dt
import functools
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from models.tables import (
    Commitment,
    CommitmentParty,
    Contest,
    Event,
    Organization,
    PartyReply,
    ProgressUpdate,
    Rubric,
    Source,
)


@functools.cache
def named_alias(model: type, name: str) -> Any:
    """`model` under another name in a subquery, made once per name: an alias sets up every column of its table
    on first use, which made afresh on every call was a third of building a commitment's statements. Reused, it is
    the same SQL in whichever statement holds it (each subquery names its own FROM)."""
    return sa.orm.aliased(model, name=name)


def org_display_name() -> sa.ColumnElement[str]:
    """An organization as people name it: its acronym where the text gives one, else its name."""
    return sa.func.coalesce(sa.func.nullif(Organization.acronym, ""), Organization.name)


def event_display_name() -> sa.ColumnElement[str]:
    return sa.func.coalesce(sa.func.nullif(Event.short_name, ""), Event.name)


def latest_update_select(pick, as_of: dt.date, *conditions, known_on: dt.date | None = None) -> sa.Select:
    """The columns `pick(update)` gives of the commitment's latest effective progress update dated on or before
    `as_of` (one row, or none).

    Effective: not replaced by a correction. Latest: by the date it describes, then by the order recorded. With
    `known_on`, only what had been recorded by the end of that day counts (updates and corrections alike).
    Correlated to the enclosing query's Commitment; the (commitment_slug, as_of, id) index serves it."""
    update = named_alias(ProgressUpdate, "latest_update")
    correction = named_alias(ProgressUpdate, "correction")
    recorded_by = [] if known_on is None else [day_of(update.recorded_at) <= known_on]
    correction_by = [] if known_on is None else [day_of(correction.recorded_at) <= known_on]
    return (
        sa.select(*pick(update))
        .where(
            update.commitment_slug == Commitment.slug,
            update.as_of <= as_of,
            ~sa.exists().where(correction.corrects_id == update.id, *correction_by),
            *recorded_by,
            *(condition(update) for condition in conditions),
        )
        .order_by(update.as_of.desc(), update.id.desc())
        .limit(1)
    )


def with_a_number(update: Any) -> sa.ColumnElement[bool]:
    """An update that records a number reached: the only ones progress is read from."""
    return update.progress_value.is_not(None)


def _latest_update(pick, as_of: dt.date, *conditions, known_on: dt.date | None = None) -> sa.ScalarSelect:
    """`pick(update)` from the commitment's latest effective progress update (latest_update_select)."""
    return latest_update_select(lambda u: [pick(u)], as_of, *conditions, known_on=known_on).scalar_subquery()


def status_expression(as_of: dt.date, known_on: dt.date | None = None) -> sa.ColumnElement[str]:
    """A commitment's status as it stood on `as_of`: that of its latest effective update, else its own (with
    `known_on`: as the tracker's records showed it at the end of that day)."""
    return sa.func.coalesce(_latest_update(lambda u: u.status, as_of, known_on=known_on), Commitment.status)


def progress_expression(as_of: dt.date, known_on: dt.date | None = None) -> sa.ColumnElement[float]:
    """The number reached toward the commitment's target, as last recorded on or before `as_of`."""
    return _latest_update(lambda u: u.progress_value, as_of, with_a_number, known_on=known_on)


def progress_on_expression(as_of: dt.date) -> sa.ColumnElement[dt.date]:
    """The day the number progress_expression gives describes (an update with no number does not move it)."""
    return _latest_update(lambda u: u.as_of, as_of, with_a_number)


def last_update_expression(as_of: dt.date) -> sa.ColumnElement[dt.date]:
    return _latest_update(lambda u: u.as_of, as_of)


def made_on_expression() -> sa.ColumnElement[dt.date]:
    """When the commitment was made (rules.MADE_ON_RULE): the first day of its event, or for one made in a document
    itself, the document's publication date. (Own aliases, correlated to the commitment only: queries that join
    the event or source table would otherwise correlate the subqueries' FROM away.)"""
    event = named_alias(Event, "made_at")
    source = named_alias(Source, "made_in")
    at_event = sa.select(event.start_date).where(event.slug == Commitment.event_slug).correlate(Commitment)
    published = sa.select(source.published_on).where(source.slug == Commitment.source_slug).correlate(Commitment)
    return sa.func.coalesce(at_event.scalar_subquery(), published.scalar_subquery())


def specificity_expression() -> sa.ColumnElement[int]:
    """The specificity score in SQL (rules.specificity gives the same score with its reasons). Only a party the
    text names earns the point, not an inferred one."""
    has_party = sa.exists().where(CommitmentParty.commitment_slug == Commitment.slug, ~CommitmentParty.inferred)
    return (
        sa.case((has_party, 1), else_=0)
        + sa.case((Commitment.due_date.is_not(None), 1), else_=0)
        + sa.case((Commitment.target_value.is_not(None), 1), else_=0)
    )


def like_pattern(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _date_function(name: str, default: str, sqlite: str) -> type[FunctionElement]:
    """A SQL function on dates, written `default` in general and `sqlite` on SQLite ("{}" takes the arguments)."""
    function = type(name, (FunctionElement,), {"type": sa.Date(), "inherit_cache": True, "name": name})
    compiles(function)(lambda element, compiler, **kw: default.format(compiler.process(element.clauses, **kw)))
    compiles(function, "sqlite")(lambda element, compiler, **kw: sqlite.format(compiler.process(element.clauses, **kw)))
    return function


# The calendar day of a timestamp, and the later of two dates, on every database.
day_of = _date_function("day_of", "CAST({} AS DATE)", "date({})")
_later = _date_function("later", "GREATEST({})", "max({})")


def last_checked_expression(as_of: dt.date) -> sa.ColumnElement[dt.date]:
    """The last day someone looked at the commitment's progress, as it stood on `as_of` (rules.stale_rule): for
    each update dated on or before `as_of`, the later of the day it describes and the day it was recorded (if
    it had been recorded by then), and of those the latest. An update recorded today about March counts as a look
    today."""
    update = named_alias(ProgressUpdate, "checked_update")
    recorded = day_of(update.recorded_at)
    # Recorded after `as_of`, the update did not exist yet on that day: it counts by the day it describes only.
    checked = sa.case((recorded <= as_of, _later(update.as_of, recorded)), else_=update.as_of)
    # Typed as a date, so every database returns a date (SQLite computes it as text).
    return (
        sa.select(sa.type_coerce(sa.func.max(checked), sa.Date))
        .where(update.commitment_slug == Commitment.slug, update.as_of <= as_of)
        .correlate(Commitment)
        .scalar_subquery()
    )


def rating_expression(as_of: dt.date) -> sa.ColumnElement[int]:
    """The progress update the status comes from (its id), as of `as_of`: the rating replies answer. Correlated to
    the commitment of the enclosing query however deep it is nested (a subquery's own FROM would take it otherwise)."""
    return _latest_update(lambda u: u.id, as_of).correlate(Commitment)


def standing_replies(as_of: dt.date) -> tuple[Any, list[sa.ColumnElement[bool]]]:
    """Each party's reply in force on `as_of` (its latest recorded by then): the alias and its conditions."""
    reply = named_alias(PartyReply, "reply")
    later = named_alias(PartyReply, "later_reply")
    return reply, [
        reply.received_on <= as_of,
        ~sa.exists().where(
            later.update_id == reply.update_id,
            later.party_slug == reply.party_slug,
            later.received_on <= as_of,
            later.id > reply.id,
        ),
    ]


def in_force(update: Any, as_of: dt.date) -> list[sa.ColumnElement[bool]]:
    """The conditions under which `update` (an alias of ProgressUpdate) is the one a commitment's status comes from
    on `as_of` (the rule of _latest_update, said of one update): dated by then, not corrected away, and no later
    update of the commitment that stands."""
    correction = named_alias(ProgressUpdate, "in_force_correction")
    newer = named_alias(ProgressUpdate, "newer_update")
    newer_correction = named_alias(ProgressUpdate, "newer_correction")
    return [
        update.as_of <= as_of,
        ~sa.exists().where(correction.corrects_id == update.id),
        ~sa.exists().where(
            newer.commitment_slug == update.commitment_slug,
            newer.as_of <= as_of,
            sa.or_(newer.as_of > update.as_of, sa.and_(newer.as_of == update.as_of, newer.id > update.id)),
            ~sa.exists().where(newer_correction.corrects_id == newer.id),
        ),
    ]


def parties_disagree_expression(as_of: dt.date) -> sa.ColumnElement[int]:
    """How many committing parties, in their reply in force to the rating in force, state a status of their own
    that differs from ours (a party that did not reply, or replied without a status, is not counted either way).
    Found from the commitment's replies (most have none), each asked whether the update it answers is in force."""
    reply, standing = standing_replies(as_of)
    rated = named_alias(ProgressUpdate, "rated")
    return (
        sa.select(sa.func.count(reply.id))
        .join(rated, rated.id == reply.update_id)
        .where(
            reply.commitment_slug == Commitment.slug,
            reply.party_status.is_not(None),
            reply.party_status != rated.status,
            *standing,
            *in_force(rated, as_of),
        )
        .correlate(Commitment)
        .scalar_subquery()
    )


def open_contests_expression(as_of: dt.date) -> sa.ColumnElement[int]:
    """How many of the commitment's values were contested by the end of `as_of` and not resolved by then."""
    return (
        sa.select(sa.func.count(Contest.id))
        .where(
            Contest.commitment_slug == Commitment.slug,
            day_of(Contest.opened_at) <= as_of,
            sa.or_(Contest.resolved_at.is_(None), day_of(Contest.resolved_at) > as_of),
        )
        .correlate(Commitment)
        .scalar_subquery()
    )


def rubric_expression() -> sa.ColumnElement[int]:
    """The rubric in force (its id): the latest published. A rubric is what a rating is read against, not a
    claim about a day: an as-of view reads every rating against the one in force, as a corrected fact is read."""
    return (
        sa.select(Rubric.id)
        .where(Rubric.commitment_slug == Commitment.slug)
        .order_by(Rubric.id.desc())
        .limit(1)
        .correlate(Commitment)
        .scalar_subquery()
    )
