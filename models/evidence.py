"""Finding an evidence quote in its source text: the one check the seed loader, the bulk facts route and editors'
writes share, and the W3C Web Annotation selectors that anchor a stored quote.

A quote is matched forgivingly and stored exactly. Copying from a PDF or a web page changes a passage's spacing,
line breaks, quotation marks, dashes and hyphenation without changing a word, so those are folded away before
matching (see `_fold`); what is stored is the document's own characters at the offsets found. Letters are never
folded: a quote that differs in a word or in case is refused. A passage that occurs more than once is refused until
the editor says which occurrence (its start), so nothing anchors silently to the first.
"""

import dataclasses
import functools
import hashlib
import re
import unicodedata
from typing import Any

from tracker.domain.errors import TrackerError

# Characters that copying turns into others: curly quotes, dashes and their ASCII forms. NFKC (below) already folds
# full-width punctuation ("，" to ","), ligatures ("ﬁ" to "fi") and non-breaking spaces.
_SAME = str.maketrans(
    {
        "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'", "′": "'",
        "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-", "\u00ad": "",
        "。": ".", "｡": ".", "、": ",", "「": '"', "」": '"', "『": '"', "』": '"',
    }
)  # fmt: skip
# How much text on either side of a quote its TextQuoteSelector keeps to tell occurrences apart.
CONTEXT_CHARS = 32


class QuoteNotFoundError(TrackerError, ValueError):
    """The quote is not a part of the source text, even allowing for spacing, quotation marks and hyphenation."""


class AmbiguousQuoteError(QuoteNotFoundError):
    """The quote occurs more than once; `starts` are the character offsets of every occurrence."""

    def __init__(self, message: str, starts: list[int]) -> None:
        super().__init__(message)
        self.starts = starts


@dataclasses.dataclass(frozen=True)
class Folded:
    """A text with copying differences folded away, and where each folded character came from in the original."""

    text: str
    starts: list[int]
    ends: list[int]


# A hyphen that ends a line between two letters, in folded text: the word may have been split ("stand-\nards") or
# be hyphenated anyway ("AI-\nrelated"), so a quote may give it either way.
_BREAK = "\x01"


@functools.lru_cache(maxsize=8)  # a document is folded once for all the quotes checked against it
def _fold(text: str) -> Folded:
    """Runs of whitespace become one space; quotation marks, dashes and compatibility forms become their plain
    forms; a hyphen ending a line between two letters becomes _BREAK, standing for the hyphen and the line break."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char in "-‐‑\u00ad" and i > 0 and text[i - 1].isalpha():
            j = i + 1
            while j < n and text[j] in " \t\r":
                j += 1
            if j < n and text[j] == "\n":
                k = j
                while k < n and text[k].isspace():
                    k += 1
                if k < n and text[k].isalpha():
                    out.append(_BREAK), starts.append(i), ends.append(k)
                    i = k
                    continue
        if char.isspace():
            j = i
            while j < n and text[j].isspace():
                j += 1
            out.append(" "), starts.append(i), ends.append(j)
            i = j
            continue
        for folded in unicodedata.normalize("NFKC", char.translate(_SAME)).translate(_SAME):
            out.append(folded), starts.append(i), ends.append(i + 1)
        i += 1
    return Folded("".join(out), starts, ends)


def _pattern(quote: str) -> re.Pattern | None:
    """The folded quote as a pattern over folded text: between two letters a line-end hyphen may lie (a split
    word), a quote's own line-end hyphen or "- " matches a hyphen however the document breaks it."""
    folded = _fold(quote).text.strip()
    if not folded:
        return None
    folded = re.sub(r"(?<=[^\W\d_])- (?=[^\W\d_])", _BREAK, folded)
    parts = []
    for i, char in enumerate(folded):
        if char == _BREAK:
            parts.append(f"(?:{_BREAK}|-)?")
        elif char == "-":
            parts.append(f"[-{_BREAK}]")
        else:
            parts.append(re.escape(char))
            if char.isalpha() and i + 1 < len(folded) and folded[i + 1].isalpha():
                parts.append(f"{_BREAK}?")
    return re.compile("".join(parts))


def occurrences(text: str, quote: str) -> list[tuple[int, int]]:
    """Every (start, end) in `text` where `quote` occurs, allowing for copying differences, in text order."""
    pattern = _pattern(quote)
    if pattern is None:
        return []
    folded = _fold(text)
    return [
        (folded.starts[m.start()], folded.ends[m.end() - 1])
        for m in pattern.finditer(folded.text)
        if m.end() > m.start()
    ]


def find_quote(text: str, quote: str, *, source: str, start: int | None = None) -> tuple[int, int]:
    """The (start, end) offsets of `quote` in `text`: the stored quote is then text[start:end].

    `start` says which occurrence is meant (the selection's start, or the one the editor chose); without it a
    quote must occur once."""
    if not quote or not quote.strip():
        raise QuoteNotFoundError("the evidence quote is empty")
    found = occurrences(text, quote)
    if not found and (unwrapped := _unwrapped(quote)) is not None:
        found = occurrences(text, unwrapped)  # "the words" as quoted in a mail, when the text has no marks
    shown = _shown(quote)
    if start is not None:
        for span in found:
            low, high = sorted((span[0], start))
            if not text[low:high].strip():  # the same start, give or take the spacing before the words
                return span
        if found:
            where = ", ".join(f"{s:,}" for s, _ in found)
            raise QuoteNotFoundError(f'"{shown}" is not at character {start:,} of "{source}" (it is at {where})')
    if not found:
        hint = ""
        if _fold(quote).text.strip().casefold() in _fold(text).text.replace(_BREAK, "-").casefold():
            hint = " (it matches only if upper and lower case are ignored: copy it exactly)"
        raise QuoteNotFoundError(f'quote not found in source "{source}"{hint}: "{shown}"')
    if len(found) > 1:
        where = ", ".join(f"{s:,}" for s, _ in found)
        raise AmbiguousQuoteError(
            f'"{shown}" occurs {len(found)} times in "{source}" (at characters {where}): choose which one',
            [s for s, _ in found],
        )
    return found[0]


def _unwrapped(quote: str) -> str | None:
    """The quote without the quotation marks around it (straight, curly, guillemets, corner brackets), if it has
    them and holds more than them."""
    folded = quote.strip().translate(_SAME)
    if len(folded) > 2 and folded[0] in "\"'" and folded[-1] in "\"'":
        return quote.strip()[1:-1]
    return None


def evidence_values(text: str, data: Any, *, own_words: str | None = None) -> dict[str, Any]:
    """The evidence columns of a fact given as an input model (models.inputs.EvidenceIn): its quote found in the
    source's `text`, stored as the document's own characters. Words the fact keeps within its quote (a
    commitment's own words: `data.words_in_quote()`, or `own_words`) are returned as the document's characters
    too (as "text")."""
    start, end = find_quote(text, data.source_quote, source=data.source_slug, start=data.quote_start)
    values = {"source_slug": data.source_slug, "source_quote": text[start:end], "quote_start": start, "quote_end": end}
    if own_words is None:
        own_words = data.words_in_quote()
    if own_words is not None:
        part = within(own_words, values["source_quote"])
        if part is None:
            raise QuoteNotFoundError("the commitment's text must be a part of its evidence quote, word for word")
        values["text"] = values["source_quote"][part[0] : part[1]]
    return values


def start_within(text: str, quote: str, span: tuple[int, int]) -> int | None:
    """Where `quote` starts inside the passage text[span[0]:span[1]] (allowing for copying differences), or None
    when the passage does not hold it: a quote shortened from a selected passage keeps its place in the text."""
    inside = within(quote, text[span[0] : span[1]])
    return span[0] + inside[0] if inside else None


def within(part: str, whole: str) -> tuple[int, int] | None:
    """Where `part` lies in `whole`, allowing for copying differences (the first occurrence), or None."""
    found = occurrences(whole, part)
    return found[0] if found else None


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def selectors(text: str, start: int, end: int, *, sha256: str) -> dict:
    """The W3C Web Annotation target of a quote: its source's hash and a TextQuoteSelector (exact words with
    the text around them) beside a TextPositionSelector (character offsets), each enough to find it again."""
    return {
        "source_sha256": sha256,
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": text[start:end],
                "prefix": text[max(0, start - CONTEXT_CHARS) : start],
                "suffix": text[end : end + CONTEXT_CHARS],
            },
            {"type": "TextPositionSelector", "start": start, "end": end},
        ],
    }


def _shown(quote: str) -> str:
    quote = re.sub(r"\s+", " ", quote).strip()
    return quote if len(quote) <= 90 else quote[:87] + "..."
