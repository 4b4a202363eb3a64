"""The tracker's rules, in words a reader can check: specificity, verifiability, countdowns, how numbers read.

Pure functions over plain values, so pages, exports and the deck all say the same thing.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Literal, get_args

from tracker.domain.settings import settings
from tracker.domain.vocab import QUALIFIER_WORDS, STATUS_LABELS

# The earliest date the tracker can be viewed as of: before any commitment it holds (the pages' date picker and
# the command line's --as-of both stop here).
EARLIEST_AS_OF = dt.date(2025, 1, 1)
# Statuses after which a deadline no longer counts as missed (a scale that does not apply has nothing to miss).
CLOSED_STATUSES = ("complete", "withdrawn", "not_applicable")
DUE_SOON_DAYS = 90


def today() -> dt.date:
    """Today, or the date in TRACKER_TODAY (YYYY-MM-DD) to pin it for tests, demos and reproducible briefs."""
    return settings().today or dt.date.today()


@dataclass(frozen=True)
class Criterion:
    met: bool
    reason: str


@dataclass(frozen=True)
class Specificity:
    """One point each for a named responsible party, a deadline and a measurable target."""

    criteria: tuple[Criterion, ...]

    @property
    def score(self) -> int:
        return sum(c.met for c in self.criteria)

    @property
    def label(self) -> str:
        return f"{self.score} of {len(self.criteria)}"


SPECIFICITY_RULE = (
    "One point each for a party the text names as committing (an inferred party earns no point), a deadline and a "
    "measurable target (0 to 3)."
)
MADE_ON_RULE = (
    "A commitment counts as made on the first day of its event: the texts do not say on which day of an event a "
    "statement was issued, so every date rule (the as-of view, the timeline, the stale flag, the earliest date a "
    "progress update may describe) starts there. A commitment made in a document itself (a national plan, a "
    "report), not at an event, counts from the document's publication date."
)
VERIFIABILITY_RULE = "A commitment can be verified as written when it sets a deadline or a measurable target."


def specificity(
    *,
    parties: list[tuple[str, bool]],
    due_date: dt.date | None,
    due_date_inferred: bool,
    target_value: float | None,
    target_unit: str,
    target_qualifier: str | None,
    due_date_precision: str = "day",
) -> Specificity:
    named = [name for name, inferred in parties if not inferred]
    inferred = [name for name, inferred in parties if inferred]
    if named:
        party = Criterion(True, f"Names who commits: {', '.join(named)}")
    elif inferred:
        party = Criterion(False, f"Names no party outright (inferred party: {', '.join(inferred)})")
    else:
        party = Criterion(False, "Names no party that commits")
    if due_date:
        deadline = Criterion(
            True, f"Sets a deadline: {deadline_words(due_date, due_date_precision, due_date_inferred)}"
        )
    else:
        deadline = Criterion(False, "Sets no deadline")
    if target_value is not None:
        target = Criterion(
            True, f"Sets a measurable target: {target_text(target_value, target_unit, target_qualifier)}"
        )
    else:
        target = Criterion(False, "Sets no measurable target")
    return Specificity((party, deadline, target))


def end_of_day(day: dt.date) -> dt.datetime:
    """The first moment after `day`, in UTC: what was recorded, corrected or retracted before it counts as of `day`."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), dt.UTC)


def period_end(day: dt.date, precision: str) -> dt.date:
    """The last day of the month, quarter or year holding `day` (the day itself for a deadline known to the day):
    a deadline "by Q2 2027" is met on 30 June 2027 and overdue after it."""
    if precision == "year":
        return dt.date(day.year, 12, 31)
    last_month = {"month": day.month, "quarter": 3 * ((day.month - 1) // 3 + 1)}.get(precision)
    if last_month is None:
        return day
    following = dt.date(day.year + last_month // 12, last_month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def date_as_written(due_date: dt.date, precision: str = "day") -> str:
    """A date as the text gives it: "30 June 2027", "June 2027", "Q2 2027" or "2027"."""
    if precision == "year":
        return f"{due_date.year}"
    if precision == "quarter":
        return f"Q{(due_date.month - 1) // 3 + 1} {due_date.year}"
    if precision == "month":
        return f"{due_date:%B %Y}"
    return f"{due_date.day} {due_date:%B %Y}"


def deadline_words(
    due_date: dt.date | None, precision: str = "day", inferred: bool = False, *, short: bool = False
) -> str:
    """A deadline for people to read: as written, then (unless `short`) the day the rules count to when it is a
    period ("Q2 2027, counted to its last day, 30 June 2027"), and "(inferred)" when the text does not state it.
    Empty when there is none."""
    if due_date is None or due_date != due_date:  # None, or pandas' NaT
        return ""
    words = date_as_written(due_date, precision)
    if precision == "day" and short:
        words = f"{due_date.day} {due_date:%b %Y}"
    if precision != "day" and not short:
        words += f" (counted to its last day, {date_as_written(due_date)})"
    return marked(words, inferred)


def dated_words(day: dt.date | None, precision: str = "day") -> str:
    """An event's or a document's date for people to read: as written, and for a period the day the rules count
    from ("March 2026, counted from its last day, 31 March 2026": the text vouches for no earlier day). Empty when
    there is none."""
    if day is None or day != day:  # None, or pandas' NaT
        return ""
    words = date_as_written(day, precision)
    return words if precision == "day" else f"{words} (counted from its last day, {date_as_written(day)})"


def days_left(due_date: dt.date, as_of: dt.date) -> int:
    """Days from `as_of` to the deadline; negative when it has passed."""
    return (due_date - as_of).days


# Where a commitment stands against its deadline on a date (worked out in SQL by tracker.read.as_of), in order:
# no deadline; closed (complete or withdrawn); the deadline passed on a commitment no one has assessed (nobody
# knows whether it was met: never called overdue); overdue (assessed, not closed, deadline passed); due within
# DUE_SOON_DAYS; further off.
DeadlineState = Literal["no_deadline", "closed", "passed_not_assessed", "overdue", "due_soon", "on_track"]
DEADLINE_STATES: tuple[str, ...] = get_args(DeadlineState)
DEADLINE_FLAGS = {
    "overdue": "Overdue",
    "passed_not_assessed": "Deadline passed, not assessed",
    "due_soon": "Due soon",
    "on_track": "",
    "closed": "",
    "no_deadline": "",
}
DEADLINE_RULE = (
    f"Overdue: the deadline has passed and the latest assessment is neither complete nor withdrawn. A deadline that "
    f'passed before anyone assessed the commitment reads "deadline passed, not assessed": whether it was met is '
    f"not known. Due soon: within {DUE_SOON_DAYS} days."
)


def countdown_words(state: str, days: int | None, status: str, due_date: dt.date | None) -> str:
    """The countdown a reader sees, from the deadline state and the days left that the as-of view worked out."""
    if state == "no_deadline" or due_date is None or days is None:
        return "no deadline"
    if state == "closed":
        return f"{STATUS_LABELS[status].lower()} (deadline {due_date.isoformat()})"
    if days > 0:
        return f"{days} day{'s' if days != 1 else ''} left"
    if days == 0:
        return "due today"
    late = f"{-days} day{'s' if days != -1 else ''}"
    return f"deadline passed {late} ago, not assessed" if state == "passed_not_assessed" else f"{late} overdue"


def stale_after_days() -> int:
    """How long without a progress update makes a commitment stale: TRACKER_STALE_AFTER_DAYS, default 180."""
    return settings().stale_after_days


def stale_rule(days: int | None = None) -> str:
    days = days or stale_after_days()
    return (
        f"Stale: no progress update for more than {days} days, counted from the latest update (from the day it "
        "was recorded, when that is later than the day it describes: recording today what happened in March is a "
        "look at the commitment today) or, when none was ever recorded, from the day the commitment was made. "
        "Complete and withdrawn commitments are never stale."
    )


def progress_text(value: float | None, target: float | None, unit: str, qualifier: str | None) -> str:
    """ "12 of at least 50 AI-related standards" (or "" when nothing was recorded)."""
    if value is None or target is None:
        return ""
    return f"{format_number(value)} of {target_text(target, unit, qualifier)}"


# How far progress may be from the straight line to the target and still be "on pace": a twentieth of the target.
PACE_TOLERANCE = 0.05
PACE_RULE = (
    "On track is read against a straight line from the day the commitment was made (0) to its deadline (the "
    "target): ahead or behind pace when the latest recorded progress is more than a twentieth of the target above "
    "or below the line on the day it describes; on pace otherwise. Target reached when progress meets the target "
    'as the text words it ("over 50" needs 51). It cannot be said without a countable target, a deadline and a '
    "recorded number; a deadline the text does not state makes the reading inferred too."
)


@dataclass(frozen=True)
class Pace:
    words: str  # "ahead", "on pace", "behind pace", "target reached", "deadline passed", "cannot say (...)"
    expected: float | None  # where the straight line stands on the day described, in the target's unit
    inferred: bool  # rests on a deadline (or a made-on date) the text does not state
    applies: bool = True  # False for a commitment with no countable target and deadline: nothing to read

    def __str__(self) -> str:
        return marked(self.words, self.inferred)


def pace(
    *,
    made_on: dt.date | None,
    due_date: dt.date | None,
    described: dt.date | None,
    target: float | None,
    qualifier: str | None,
    progress: float | None,
    as_of: dt.date,
    inferred: bool = False,
) -> Pace:
    """Is it on track? The latest recorded progress (`progress`, describing the day `described`) against the
    straight line from `made_on` to the target on `due_date`, read on `as_of` (PACE_RULE)."""
    if target is None or due_date is None or made_on is None:
        return Pace("cannot say (no countable target with a deadline)", None, False, applies=False)
    if progress is None or described is None:
        return Pace("cannot say (not assessed)", None, False)
    reached = progress > target if qualifier == "over" else progress >= target
    if reached:
        return Pace("target reached", target, inferred)
    if as_of > due_date:
        return Pace("deadline passed, target not reached", target, inferred)
    span = (due_date - made_on).days
    elapsed = min(max((described - made_on).days, 0), span)
    expected = target * elapsed / span if span > 0 else target
    margin = target * PACE_TOLERANCE
    if progress > expected + margin:
        words = "ahead of pace"
    elif progress < expected - margin:
        words = "behind pace"
    else:
        words = "on pace"
    return Pace(words, expected, inferred)


def format_number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


def figure_text(value: float, qualifier: str) -> str:
    """How a stated number reads, in the text's own word: "over 300", "at least 300", "about 300", "65"."""
    return " ".join(part for part in (qualifier_words(qualifier), format_number(value)) if part)


def qualifier_words(qualifier: str | None) -> str:
    return QUALIFIER_WORDS.get(qualifier or "", "")


INFERRED_MARK = "(inferred)"


def marked(value: str, inferred: bool) -> str:
    """A value as every output shows it: one the text does not state literally says so ("China (inferred)")."""
    return f"{value} {INFERRED_MARK}" if value and inferred else value


def target_text(value: float | None, unit: str, qualifier: str | None) -> str:
    if value is None:
        return ""
    return " ".join(part for part in (qualifier_words(qualifier), format_number(value), unit) if part)
