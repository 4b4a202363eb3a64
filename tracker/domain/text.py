"""Text that people and documents supply, made safe to show: controls that reorder or hide characters become
visible. The right-to-left override in "abc\u202edef.exe" would show it as "abcexe.fed"; shown here it reads
"abc[U+202E]def.exe". Pages (Markdown) and charts (plotly) escape their own markup on top of this."""

import re

# Bidirectional embeddings, overrides and isolates, marks, and invisible characters that change how text reads.
_HIDDEN = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def visible(text: str) -> str:
    return _HIDDEN.sub(lambda match: f"[U+{ord(match.group()):04X}]", text)
