"""Finding an evidence quote in its source text: the one check the seed loader and editors' writes share."""

import re

from tracker.domain.errors import TrackerError

_CURLY = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})


class QuoteNotFoundError(TrackerError, ValueError):
    """The quote is not a verbatim part of the source text."""


def _loose(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_CURLY)).strip().casefold()


def locate_quote(text: str, quote: str, *, source: str) -> tuple[int, int]:
    """Return the (start, end) character offsets of the first verbatim occurrence of `quote` in `text`.

    Only an exact match counts: a quote that matches after folding case, spaces or typographic quotes is still
    refused, but the message says so, because that is nearly always a copying slip.
    """
    if not quote or not quote.strip():
        raise QuoteNotFoundError("the evidence quote is empty")
    start = text.find(quote)
    if start >= 0:
        return start, start + len(quote)
    shown = quote if len(quote) <= 90 else quote[:87] + "..."
    hint = ""
    if _loose(quote) in _loose(text):
        hint = " (it matches only if case, spacing or quotation marks are ignored: copy it exactly)"
    raise QuoteNotFoundError(f'quote not found verbatim in source "{source}"{hint}: "{shown}"')
