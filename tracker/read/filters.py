"""What a user chose to look at: the commitment filters and the as-of date, as one hashable value.

The same value keys the page caches, names the downloaded files, titles the deck, and is described in words.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from tracker.domain.codebook import COMMITMENT_KIND_LABELS
from tracker.domain.rules import today
from tracker.domain.vocab import COMMITMENT_KINDS, STATUS_LABELS

DUE_CHOICES = {
    "any": "Any deadline or none",
    "overdue": "Overdue",
    "due_within": "Due within the next N days",
    "has_deadline": "Has a deadline",
    "no_deadline": "No deadline",
}


@dataclass(frozen=True)
class CommitmentFilter:
    frameworks: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()  # commitment, priority (none chosen: both)
    events: tuple[str, ...] = ()  # event slugs
    parties: tuple[str, ...] = ()  # organization slugs
    themes: tuple[str, ...] = ()  # theme slugs
    statuses: tuple[str, ...] = ()
    specificity: tuple[int, ...] = ()  # scores, 0 to 3
    due: str = "any"
    due_within_days: int = 90
    search: str = ""
    stale: bool = False
    as_of: dt.date = field(default_factory=today)

    def __post_init__(self) -> None:
        if self.due not in DUE_CHOICES:
            raise ValueError(f"unknown deadline filter {self.due!r}; choose one of {', '.join(DUE_CHOICES)}")
        if self.due_within_days < 0:
            raise ValueError("the number of days must not be negative")
        unknown = set(self.kinds) - set(COMMITMENT_KINDS)
        if unknown:
            raise ValueError(f"unknown kind {sorted(unknown)[0]!r}; choose {' or '.join(COMMITMENT_KINDS)}")

    @property
    def is_default(self) -> bool:
        return self == CommitmentFilter(as_of=self.as_of)

    def describe(self, names: dict[str, str] | None = None) -> str:
        """The filters in words, e.g. "framework Seoul Statement; status Not assessed" (or "all commitments")."""
        names = names or {}

        def listed(values: tuple) -> str:
            return ", ".join(names.get(str(v), str(v)) for v in values)

        parts = []
        if self.frameworks:
            parts.append(f"framework {listed(self.frameworks)}")
        if self.kinds:
            parts.append("kind " + ", ".join(COMMITMENT_KIND_LABELS[k].lower() for k in self.kinds))
        if self.events:
            parts.append(f"event {listed(self.events)}")
        if self.parties:
            parts.append(f"party {listed(self.parties)}")
        if self.themes:
            parts.append(f"theme {listed(self.themes)}")
        if self.statuses:
            parts.append("status " + ", ".join(STATUS_LABELS[s] for s in self.statuses))
        if self.specificity:
            parts.append("specificity " + ", ".join(f"{s} of 3" for s in self.specificity))
        if self.due == "due_within":
            parts.append(f"due within {self.due_within_days} days")
        elif self.due != "any":
            parts.append(DUE_CHOICES[self.due].lower())
        if self.stale:
            parts.append("stale")
        if self.search:
            parts.append(f'text contains "{self.search}"')
        return "; ".join(parts) if parts else "all commitments"

    def file_stem(self, base: str) -> str:
        """A file name that says what the file holds: base, filter values and as-of date."""
        parts = [base]
        for name, values in (
            ("framework", self.frameworks),
            ("kind", self.kinds),
            ("event", self.events),
            ("party", self.parties),
            ("theme", self.themes),
            ("status", self.statuses),
            ("specificity", self.specificity),
        ):
            if values:
                parts.append(name + "-" + "-".join(str(v) for v in values))
        if self.due == "due_within":
            parts.append(f"due-within-{self.due_within_days}d")
        elif self.due != "any":
            parts.append(self.due)
        if self.stale:
            parts.append("stale")
        if self.search:
            parts.append("search-" + self.search)
        parts.append(f"as-of-{self.as_of.isoformat()}")
        return slugify_file_name("_".join(parts))


def slugify_file_name(text: str, limit: int = 150) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-").lower()
    return re.sub(r"-{2,}", "-", cleaned)[:limit].rstrip("-_")
