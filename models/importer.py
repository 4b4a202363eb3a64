"""What the three ways facts come in share (the seed's facts file, an editor's contribution, a data package): the
one rule for what a fact's references may name, made from the facts' declarations (models.facts).

A reference names a fact of the kind its field refers to that the incoming facts hold themselves (before it, in
a package's load order) or that is already stored, and not one an editor retracted. Each caller words the problem
where it reports it (a facts file by section and fact, a package by file, row and field).
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from models.facts import BY_NAME, BY_SECTION


@dataclass(frozen=True)
class BadReference:
    field: str
    value: Any
    kind: str  # the kind of fact the field refers to ("organization")
    retracted: bool  # names a fact that exists but was retracted

    def words(self, scope: str = "") -> str:
        """ "'x' names no organization here or stored", "'x' names a retracted organization: see the Changes log"."""
        noun = self.kind.replace("_", " ")
        if self.retracted:
            return f"'{self.value}' names a retracted {noun}: see the Changes log"
        return f"'{self.value}' names no {noun}" + (f" {scope}" if scope else "")


@dataclass
class References:
    """The keys each kind of fact may be named by: those the incoming facts give and those stored."""

    known: dict[str, set[Any]] = field(default_factory=lambda: defaultdict(set))
    retracted: dict[str, set[Any]] = field(default_factory=lambda: defaultdict(set))

    def add(self, kind: str, keys: Iterable[Any], *, retracted: Iterable[Any] = ()) -> None:
        """Keys of `kind` that may be named (and, among stored ones, those retracted, which may not)."""
        self.known[kind].update(keys)
        self.retracted[kind].update(retracted)

    def problems(self, kind: str, values: dict[str, Any], *, skip: Iterable[str] = ()) -> Iterator[BadReference]:
        """Each reference of a fact of `kind` (its `values` by field) that names nothing it may, but the fields to
        `skip` (a reference the caller checks its own way)."""
        for name, target in BY_NAME[kind].references.items():
            value = values.get(name)
            if name in skip or value is None:
                continue
            if value in self.retracted[target]:
                yield BadReference(name, value, target, retracted=True)
            elif value not in self.known[target]:
                yield BadReference(name, value, target, retracted=False)

    def section_problems(self, section: str, item: Any, *, skip: Iterable[str] = ()) -> Iterator[BadReference]:
        """problems() for an input of a facts file's `section` ("commitments"), read off its attributes."""
        kind = BY_SECTION[section].name
        values = {name: getattr(item, name, None) for name in BY_NAME[kind].references}
        yield from self.problems(kind, values, skip=skip)
