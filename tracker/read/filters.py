"""What a user chose to look at: the commitment filters and the as-of date, as one hashable value, and the one
registry that declares each filter.

Each filter is declared once in FILTERS: its field, URL parameter, CLI option, widget, choices, the SQL condition
it adds, its words in captions and its part of file names. The dashboard's sidebar, the CLI, the API's parameters,
the deck and brief (through describe and file_stem) and every query (through tracker.read.as_of.matching) read the
registry; to add a filter, add a field to CommitmentFilter and an entry to FILTERS.

The SQL conditions import the database layer when they are first used: the CLI builds its options from this
registry, and `python -m tracker --help` should not wait for SQLAlchemy to load.
"""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, Literal

from tracker.domain import rules
from tracker.domain.codebook import COMMITMENT_KIND_LABELS
from tracker.domain.rules import today
from tracker.domain.vocab import STATUS_LABELS, STATUSES

if TYPE_CHECKING:
    import sqlalchemy as sa

DUE_CHOICES = {
    "any": "Any deadline or none",
    "overdue": "Overdue",
    "passed_not_assessed": "Deadline passed, not assessed",
    "due_within": "Due within the next N days",
    "has_deadline": "Has a deadline",
    "no_deadline": "No deadline",
}
SEARCH_MAX_CHARS = 200


@dataclass(frozen=True)
class CommitmentFilter:
    frameworks: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()  # commitment, priority (none chosen: both)
    events: tuple[str, ...] = ()  # event slugs
    parties: tuple[str, ...] = ()  # organization slugs
    located: tuple[str, ...] = ()  # countries: commitments of any party the tracker places there
    themes: tuple[str, ...] = ()  # theme slugs
    statuses: tuple[str, ...] = ()
    specificity: tuple[int, ...] = ()  # scores, 0 to 3
    due: str = "any"
    due_within_days: int = 90
    stale: bool = False
    search: str = ""
    as_of: dt.date = field(default_factory=today)

    def __post_init__(self) -> None:
        for spec in FILTERS:
            spec.check(getattr(self, spec.field))

    @property
    def is_default(self) -> bool:
        return self == CommitmentFilter(as_of=self.as_of)

    def describe(self, names: dict[str, str] | None = None) -> str:
        """The filters in words, e.g. "framework Seoul Statement; status Not assessed" (or "all commitments")."""
        parts = [spec.words(self, names or {}) for spec in FILTERS if spec.is_set(self)]
        return "; ".join(part for part in parts if part) or "all commitments"

    def file_stem(self, base: str) -> str:
        """A file name that says what the file holds: base, filter values and as-of date."""
        parts = [base, *(spec.file_part(self) for spec in FILTERS if spec.is_set(self))]
        parts.append(f"as-of-{self.as_of.isoformat()}")
        return slugify_file_name("_".join(part for part in parts if part))


Widget = Literal["multiselect", "select", "number", "toggle", "text"]


@dataclass(frozen=True)
class Filter:
    """One filter, declared once. `choices` names a list of filter_options (values from the data) or gives the
    (value, label) pairs itself; `condition(f)` is the SQL it adds when set."""

    field: str
    url: str
    cli: str
    label: str
    help: str | Callable[[], str]  # a callable for words that follow a setting (the stale rule's days)
    widget: Widget
    condition: Callable[[CommitmentFilter], "sa.ColumnElement[bool] | None"]
    choices: str | tuple[tuple[Any, str], ...] = ()
    word: str = ""  # how captions name it: "framework Seoul Statement"
    only_with: tuple[str, str] | None = None  # shown and applied only while another filter has this value
    bounds: tuple[int, int] = (0, 0)  # for numbers
    # For a choice of several: what each commitment has of it, to count the commitments beside each choice
    # (tracker.read.queries.facet_counts): the value and the tables joined to Commitment to reach it.
    facet: Callable[[CommitmentFilter], "tuple[Any, tuple]"] | None = None

    @property
    def default(self) -> Any:
        return next(f.default for f in fields(CommitmentFilter) if f.name == self.field)

    def is_set(self, f: CommitmentFilter) -> bool:
        if self.only_with:  # "due within N days" says N whatever it is, and nothing without "due within"
            return getattr(f, self.only_with[0]) == self.only_with[1]
        return getattr(f, self.field) != self.default

    @property
    def help_text(self) -> str:
        return self.help() if callable(self.help) else self.help

    def labels(self) -> dict[Any, str]:
        return dict(self.choices) if isinstance(self.choices, tuple) else {}

    def check(self, value: Any) -> None:
        """Refuse a value this filter cannot take, with the choices (names from the data are checked by the CLI)."""
        known = self.labels()
        values = value if isinstance(value, tuple) else (value,)
        if known and self.widget in ("multiselect", "select"):
            unknown = [v for v in values if v not in known]
            if unknown:
                raise ValueError(
                    f"unknown {self.word or self.url} {unknown[0]!r}; choose one of {', '.join(str(k) for k in known)}"
                )
        if self.widget == "number" and not self.bounds[0] <= value <= self.bounds[1]:
            raise ValueError(f"{self.label.lower()} must be from {self.bounds[0]} to {self.bounds[1]}")
        if self.widget == "text" and len(value) > SEARCH_MAX_CHARS:
            raise ValueError(f"the search is {len(value)} characters long; at most {SEARCH_MAX_CHARS}")

    def words(self, f: CommitmentFilter, names: dict[str, str]) -> str:
        value = getattr(f, self.field)
        labels = self.labels()
        if self.widget == "multiselect":
            return f"{self.word} " + ", ".join(labels.get(v) or names.get(str(v), str(v)) for v in value)
        if self.widget == "select":
            return labels[value].lower() if self.field != "due" or value != "due_within" else ""
        if self.widget == "number":
            return f"{self.word} {value} days"
        if self.widget == "toggle":
            return self.word
        return f'{self.word} "{value}"'

    def file_part(self, f: CommitmentFilter) -> str:
        value = getattr(f, self.field)
        if self.widget == "multiselect":
            return self.url + "-" + "-".join(str(v) for v in value)
        if self.widget == "select":
            return value if value != "due_within" else ""
        if self.widget == "number":
            return f"{self.word.replace(' ', '-')}-{value}d"
        if self.widget == "toggle":
            return self.url
        return f"search-{value}"


def _own(column: str) -> Callable[[CommitmentFilter], tuple[Any, tuple]]:
    def facet(f: CommitmentFilter) -> tuple[Any, tuple]:
        from models.tables import Commitment

        return getattr(Commitment, column), ()

    return facet


# The tables a facet joins are aliases of their own: the filters' conditions look the same tables up in
# subqueries correlated to the commitment, which the joined tables would otherwise take over.
def _party_facet(f: CommitmentFilter) -> tuple[Any, tuple]:
    from models.tables import Commitment, CommitmentParty
    from tracker.read.expressions import named_alias

    party = named_alias(CommitmentParty, "facet_party")
    return party.organization_slug, ((party, party.commitment_slug == Commitment.slug),)


def _located_facet(f: CommitmentFilter) -> tuple[Any, tuple]:
    from models.tables import Commitment, CommitmentParty, Organization
    from tracker.read.expressions import named_alias

    party, organization = named_alias(CommitmentParty, "facet_party"), named_alias(Organization, "facet_org")
    return organization.country, (
        (party, party.commitment_slug == Commitment.slug),
        (organization, organization.slug == party.organization_slug),
    )


def _theme_facet(f: CommitmentFilter) -> tuple[Any, tuple]:
    from models.tables import Commitment, CommitmentTheme
    from tracker.read.expressions import named_alias

    theme = named_alias(CommitmentTheme, "facet_theme")
    return theme.theme_slug, ((theme, theme.commitment_slug == Commitment.slug),)


def _status_facet(f: CommitmentFilter) -> tuple[Any, tuple]:
    from tracker.read.expressions import status_expression

    return status_expression(f.as_of), ()


def _specificity_facet(f: CommitmentFilter) -> tuple[Any, tuple]:
    from tracker.read.expressions import specificity_expression

    return specificity_expression(), ()


def _column_in(column: str, field: str) -> Callable[[CommitmentFilter], "sa.ColumnElement[bool]"]:
    def condition(f: CommitmentFilter) -> "sa.ColumnElement[bool]":
        from models.tables import Commitment

        return getattr(Commitment, column).in_(getattr(f, field))

    return condition


def _open(f: CommitmentFilter) -> "sa.ColumnElement[bool]":
    from tracker.read.expressions import status_expression

    return status_expression(f.as_of).not_in(rules.CLOSED_STATUSES)


def _status(f: CommitmentFilter) -> "sa.ColumnElement[bool]":
    from tracker.read.expressions import status_expression

    return status_expression(f.as_of).in_(f.statuses)


def _specificity(f: CommitmentFilter) -> "sa.ColumnElement[bool]":
    from tracker.read.expressions import specificity_expression

    return specificity_expression().in_(f.specificity)


def _due(f: CommitmentFilter) -> "sa.ColumnElement[bool] | None":
    """The deadline choices, by the deadline states of the as-of view (tracker.read.as_of.deadline_state_of)."""
    import sqlalchemy as sa

    from models.tables import Commitment
    from tracker.read.as_of import deadline_state_of
    from tracker.read.expressions import status_expression

    if f.due in ("overdue", "passed_not_assessed"):
        passed = Commitment.due_date < f.as_of  # first, so the status is looked up only where it can matter
        return sa.and_(passed, deadline_state_of(Commitment.due_date, status_expression(f.as_of), f.as_of) == f.due)
    if f.due == "due_within":
        until = f.as_of + dt.timedelta(days=f.due_within_days)
        return sa.and_(Commitment.due_date >= f.as_of, Commitment.due_date <= until, _open(f))
    if f.due == "has_deadline":
        return Commitment.due_date.is_not(None)
    if f.due == "no_deadline":
        return Commitment.due_date.is_(None)
    return None


def _stale(f: CommitmentFilter) -> "sa.ColumnElement[bool]":
    """rules.stale_rule as a condition: no look at the commitment since `stale_before`, and not closed.

    Written as "no update that counts as a look since then" rather than as the latest look compared with the date
    (expressions.last_checked_expression, which the tables show): the database stops at the first such update
    instead of taking the latest over every update of every commitment. A look since then is an update dated
    since then, or one recorded since then (if it had been recorded by the as-of date)."""
    import sqlalchemy as sa

    from models.tables import Commitment, ProgressUpdate
    from tracker.read.expressions import made_on_expression, named_alias

    stale_before = f.as_of - dt.timedelta(days=rules.stale_after_days())
    update = named_alias(ProgressUpdate, "look")
    updates = (update.commitment_slug == Commitment.slug, update.as_of <= f.as_of)
    # Two tests, each served by an index range: dated since then, or recorded since then and by the as-of date
    # (timestamps compared with the days' UTC midnights, so no function runs on every row).
    midnight = dt.time(tzinfo=dt.UTC)
    recorded_from = dt.datetime.combine(stale_before, midnight)
    recorded_by = dt.datetime.combine(f.as_of + dt.timedelta(days=1), midnight)
    looked_since = sa.or_(
        sa.exists().where(*updates, update.as_of >= stale_before),
        sa.exists().where(*updates, update.recorded_at >= recorded_from, update.recorded_at < recorded_by),
    )
    # With no update at all, the clock runs from the day the commitment was made.
    never_updated = ~sa.exists().where(*updates)
    return sa.and_(~looked_since, sa.or_(~never_updated, made_on_expression() < stale_before), _open(f))


def _search(f: CommitmentFilter) -> "sa.ColumnElement[bool] | None":
    import sqlalchemy as sa

    from models.tables import Commitment
    from tracker.read.expressions import like_pattern

    if not f.search.strip():
        return None
    pattern = like_pattern(f.search.strip())
    return sa.or_(
        sa.func.lower(Commitment.title).like(pattern, escape="\\"),
        sa.func.lower(Commitment.text).like(pattern, escape="\\"),
    )


def _party(f: CommitmentFilter) -> "sa.ColumnElement[bool]":
    import sqlalchemy as sa

    from models.tables import Commitment, CommitmentParty

    return sa.exists().where(
        CommitmentParty.commitment_slug == Commitment.slug, CommitmentParty.organization_slug.in_(f.parties)
    )


def _located(f: CommitmentFilter) -> "sa.ColumnElement[bool]":
    """Any party of the commitment is in one of the countries (the organization's country as the tracker records
    it: often its reading, not the text's words)."""
    import sqlalchemy as sa

    from models.tables import Commitment, CommitmentParty, Organization

    return sa.exists().where(
        CommitmentParty.commitment_slug == Commitment.slug,
        CommitmentParty.organization_slug == Organization.slug,
        Organization.country.in_(f.located),
    )


def _theme(f: CommitmentFilter) -> "sa.ColumnElement[bool]":
    import sqlalchemy as sa

    from models.tables import Commitment, CommitmentTheme

    return sa.exists().where(
        CommitmentTheme.commitment_slug == Commitment.slug, CommitmentTheme.theme_slug.in_(f.themes)
    )


# A table, one filter a row: it reads better than one argument a line, so the formatter leaves it as written.
FILTERS: tuple[Filter, ...] = (
    Filter("frameworks", "framework", "--framework", "Framework", "The statement or forum the commitment is from.",
           "multiselect", _column_in("framework", "frameworks"), "frameworks", "framework", facet=_own("framework")),
    Filter("kinds", "kind", "--kind", "Kind", "Commitments (a stated future action with an actor) or priorities "
           "(areas a text calls priorities). See Methodology.", "multiselect",
           _column_in("kind", "kinds"), tuple(COMMITMENT_KIND_LABELS.items()), "kind", facet=_own("kind")),
    Filter("events", "event", "--event", "Event", "Where the commitment was made.", "multiselect",
           _column_in("event_slug", "events"), "events", "event", facet=_own("event_slug")),
    Filter("parties", "party", "--party", "Party", 'Who the text says commits. "(inferred)" marks a party no text '
           "names outright. A body in a country (Shanghai, say) is a party of its own: to include every party in a "
           "country, use Party located in.", "multiselect", _party, "parties", "party", facet=_party_facet),
    Filter("located", "located_in", "--located-in", "Party located in", "Commitments of any party the tracker "
           "places in the country: the country itself and bodies in it (China and Shanghai). Where a party's "
           'country is the tracker\'s reading, not the text\'s words, the choice says "(inferred for some)".',
           "multiselect", _located, "countries", "party located in", facet=_located_facet),
    Filter("themes", "theme", "--theme", "Theme", "The tracker's topic tags.", "multiselect", _theme, "themes",
           "theme", facet=_theme_facet),
    Filter("statuses", "status", "--status", "Status", "Status as of the chosen date.", "multiselect",
           _status, tuple((s, STATUS_LABELS[s]) for s in STATUSES),
           "status", facet=_status_facet),
    Filter("specificity", "specificity", "--specificity", "Specificity", rules.SPECIFICITY_RULE, "multiselect",
           _specificity, tuple((s, f"{s} of 3") for s in (3, 2, 1, 0)),
           "specificity", facet=_specificity_facet),
    Filter("due", "due", "--due", "Deadline", "Deadlines relative to the as-of date.", "select", _due,
           tuple(DUE_CHOICES.items()), "deadline"),
    Filter("due_within_days", "within", "--within", "Days ahead", "With the deadline filter 'due within'.", "number",
           lambda f: None, (), "due within", only_with=("due", "due_within"), bounds=(0, 3650)),
    Filter("stale", "stale", "--stale", "Stale only", rules.stale_rule, "toggle", _stale, (), "stale"),
    Filter("search", "q", "--search", "Search title and text", "Words in the title or text.", "text", _search, (),
           "text contains"),
)  # fmt: skip
BY_URL = {spec.url: spec for spec in FILTERS}
assert {spec.field for spec in FILTERS} == {f.name for f in fields(CommitmentFilter)} - {"as_of"}, "declare each filter"


def slugify_file_name(text: str, limit: int = 150) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-").lower()
    return re.sub(r"-{2,}", "-", cleaned)[:limit].rstrip("-_")
