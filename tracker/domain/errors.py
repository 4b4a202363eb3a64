"""One base for every error a person can cause and fix: its message is one line saying what is wrong and what to
do. Pages show it in an error box, the CLI prints it after "error:" and exits 2; in every case nothing was written.

What the database itself refuses (a duplicate, a value too long, a reference to nothing) arrives here too, as
StoreRefusal, so a constraint that catches something validation missed still reads as a sentence.
"""

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI imports this module before (and often without) the database libraries
    import sqlalchemy as sa


class TrackerError(Exception):
    """A problem with what someone asked for; str() is the sentence to show them."""


class StoreRefusal(TrackerError, ValueError):
    """The database refused a write (unique, length, foreign key or check constraint). Nothing was written."""


_CONSTRAINT = re.compile(r"\b(uq|ck|fk|pk)_([a-z_]+)")


def store_refusal(error: "sa.exc.DBAPIError") -> StoreRefusal:
    """The database's refusal in words, the same on SQLite and PostgreSQL."""
    import sqlalchemy as sa

    text = str(error.orig)
    lowered = text.lower()
    if isinstance(error, sa.exc.IntegrityError):
        if "unique" in lowered or "duplicate" in lowered:
            return StoreRefusal(f"one like it already exists ({_what(text, lowered)}): choose another name or slug")
        if "foreign key" in lowered:
            return StoreRefusal("it refers to a record that does not exist")
        if "check" in lowered:
            return StoreRefusal(f"a value breaks the rule {_what(text, lowered)}")
        if "not null" in lowered:
            return StoreRefusal("a required value is missing")
    if "too long" in lowered or "out of range" in lowered:
        return StoreRefusal("a value is too long or too large for the database")
    return StoreRefusal("the database refused the change")


def _what(text: str, lowered: str) -> str:
    match = _CONSTRAINT.search(text)
    if match:
        return match.group(0)
    columns = re.search(r"unique constraint failed: ([\w., ]+)", lowered)
    return columns.group(1) if columns else "a record with the same key"
