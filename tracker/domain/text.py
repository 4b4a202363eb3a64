"""Text that people and documents supply, made safe to show: controls that reorder or hide characters become
visible. The right-to-left override in "abc\u202edef.exe" would show it as "abcexe.fed"; shown here it reads
"abc[U+202E]def.exe". Control characters (other than tab and line breaks), which XML, SVG and iCalendar cannot
carry, are shown the same way, so a feed, a calendar or a chart image stays valid whatever text is stored. Pages
(Markdown) and charts (plotly) escape their own markup on top of this."""

import re

# Bidirectional embeddings, overrides and isolates, marks, and invisible characters that change how text reads;
# control characters but tab, line feed and carriage return, and the two non-characters XML 1.0 excludes.
_HIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufffe\uffff]"
)


def visible(text: str) -> str:
    return _HIDDEN.sub(lambda match: f"[U+{ord(match.group()):04X}]", text)


# A hyphen ending a line inside a word ("stand-\nards"), unless the part before is capitals ("AI-\nrelated").
_SPLIT_WORD = re.compile(r"(?<![A-Z])(?<=[^\W\d_])[-\u2010\u00ad][ \t]*\r?\n\s*(?=[^\W\d_])")


# Any other hyphen ending a line before a letter is the word's own ("AI-\nrelated" is "AI-related").
_HYPHEN_KEPT = re.compile(r"-[ \t]*\r?\n\s*(?=[^\W\d_])")


def one_line(text: str) -> str:
    """A name or title taken from a selection, on one line: a word split across a line joined, every run of
    spaces and line breaks one space, case kept ("Electrical and Electro-\nnics\nEngineers" gives "Electrical and
    Electronics Engineers")."""
    joined = _HYPHEN_KEPT.sub("-", _SPLIT_WORD.sub("", text.replace("\u00ad", "")))
    return " ".join(joined.split())
