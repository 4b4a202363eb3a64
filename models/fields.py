"""How a field of a fact is declared, once, on its table model: its type and limits, and beside them what people
need to know about it (its label in forms, its description in the data package, the API and form help), and
whether an editor may correct it and whether its value may be inferred rather than stated by the text.

`fact_field` writes those into the field's own declaration; `FieldMeta.of` reads them back. Tables, input
models, public answers, the data package's Table Schema, forms and registries all read the one declaration.
"""

import datetime as dt
import math
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlparse

from pydantic import AfterValidator, StringConstraints
from pydantic.fields import FieldInfo
from sqlmodel import Field

from tracker.domain.vocab import METRIC_PATTERN, SLUG_PATTERN

# --- the types fields are declared with: each carries the rules an input of it must keep --------------------------


def _no_nul(value: str) -> str:
    # PostgreSQL refuses text holding NUL, and SQLite's length() stops at it: refuse it alike everywhere.
    if "\x00" in value:
        raise ValueError("must not contain a NUL character")
    return value


def _http_url(value: str) -> str:
    if value and (urlparse(value).scheme not in ("http", "https") or not urlparse(value).netloc):
        raise ValueError("must be an http:// or https:// address")
    return value


def _url_lines(value: str) -> str:
    lines = [line.strip() for line in value.splitlines() if line.strip()]
    for line in lines:
        if len(line) > 500:
            raise ValueError("each address must be at most 500 characters")
        _http_url(line)
    return "\n".join(dict.fromkeys(lines))


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError("must be a finite number")
    return value


Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=80)]
# Text as typed: stripped, never holding NUL. RequiredText must not be empty once stripped.
# The dates a fact may carry (a document's publication, an event's days, a deadline): wide enough for any the texts
# state, and said in the message, so a date outside is refused by its field, never dropped.
FACT_DATES = (dt.date(1900, 1, 1), dt.date(2199, 12, 31))


def _fact_date(value: dt.date) -> dt.date:
    low, high = FACT_DATES
    if not low <= value <= high:
        raise ValueError(f"must be a date from {low:%-d %B %Y} to {high:%-d %B %Y}, not {value:%-d %B %Y}")
    return value


FactDate = Annotated[dt.date, AfterValidator(_fact_date)]
Text = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_no_nul)]
RequiredText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_no_nul)]
# A quote: the characters as selected or pasted (not stripped: the finder matches them), never empty.
Quote = Annotated[str, StringConstraints(min_length=1), AfterValidator(_no_nul)]
HttpUrl = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500), AfterValidator(_http_url)]
# Several http(s) addresses, one per line (stored one per line, blank lines and repeats dropped).
UrlLines = Annotated[str, StringConstraints(max_length=5000), AfterValidator(_url_lines)]
# The largest number a target, a figure or progress may be: far above any count of standards or delegates, and
# finite (infinity and 1e308 are typing slips, not progress).
MAX_NUMBER = 1_000_000_000
Number = Annotated[float, AfterValidator(_finite)]
# What a figure counts, in lowercase words ("member states").
Metric = Annotated[str, StringConstraints(strip_whitespace=True, max_length=40, pattern=METRIC_PATTERN)]
# A source's text, at most: about 150 pages. A longer document goes in as parts, so that no page has to show or
# search more than this at once.
MAX_SOURCE_CHARS = 300_000
SourceText = Annotated[str, StringConstraints(min_length=1, max_length=MAX_SOURCE_CHARS), AfterValidator(_no_nul)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000), AfterValidator(_no_nul)]
RequiredLongText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000), AfterValidator(_no_nul)
]


def fact_field(
    default: Any = ...,
    *,
    label: str,
    description: str,
    correctable: bool = False,
    inferable: bool = False,
    quoted: bool = False,
    asked: bool = True,
    **column: Any,
) -> Any:
    """A field of a fact: `column` is what SQLModel's Field takes (limits, keys, indexes, the column's type).
    `quoted`: the text's own words, which must be a verbatim part of the fact's evidence quote. `asked`: a form
    for a new fact asks for it (not for what the app sets: a slug made from the name, a status that progress
    updates record)."""
    extra = {"label": label, "correctable": correctable, "inferable": inferable, "quoted": quoted, "asked": asked}
    return Field(default, description=description, schema_extra={"json_schema_extra": extra}, **column)


@dataclass(frozen=True)
class FieldMeta:
    name: str
    label: str
    description: str
    correctable: bool
    inferable: bool
    quoted: bool
    asked: bool

    @classmethod
    def of(cls, name: str, info: FieldInfo) -> "FieldMeta":
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        return cls(
            name=name,
            label=str(extra.get("label") or name.replace("_", " ").capitalize()),
            description=info.description or "",
            correctable=bool(extra.get("correctable")),
            inferable=bool(extra.get("inferable")),
            quoted=bool(extra.get("quoted")),
            asked=bool(extra.get("asked", True)),
        )


def field_metas(model: type) -> dict[str, FieldMeta]:
    """Every declared field of `model` (a table or an input model), in declaration order, with what it says."""
    return {name: FieldMeta.of(name, info) for name, info in model.model_fields.items()}
