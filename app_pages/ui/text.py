"""Text a source or a person supplied, shown as text: Markdown-escaped, never HTML, in Streamlit's own dialect
(the highlighting of quotes uses its :color-background[...] directive, so it lives here, not in the core)."""

import re
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from app_pages.ui.presentation import presenting
from tracker.domain.text import visible
from tracker.present.words import nothing_in_view
from tracker.read.provenance import segments

# How a date's precision completes "The text gives the date to ...".
PRECISION_WORDS = {"day": "the day", "month": "the month", "quarter": "the quarter", "year": "the year"}
# How every list of several choices filters as one types: by the words typed ("ISO" finds names holding "ISO", not
# eight that hold its letters in order), and with no "Select N matches" that would choose them all at once.
CHOOSE_MANY = {"filter_mode": "contains", "select_all": False}


def empty(message: str) -> None:
    st.info(message, icon=":material/filter_alt:")


def no_commitments(f: Any) -> None:
    """The empty state of a view of commitments, true to why it is empty: the filters, or a date before any."""
    what = nothing_in_view(f).removesuffix(".")
    if f.is_default:
        empty(f"{what}: choose a later date in As of.")
    else:
        empty(f"{what}. Clear the filters in the sidebar, or choose a later As of date.")


def url_select(label: str, options: dict[str, str], key: str, *, placeholder: str, container: Any = st) -> str | None:
    """A selectbox whose choice (a slug) lives in the URL, so a link can open a page at one record.

    The URL wins when it names a valid option the widget does not show yet (a link was followed); a choice in
    the widget is written back to the URL at once.
    """
    wanted = st.query_params.get(key)
    if wanted in options and st.session_state.get(key) != wanted:
        st.session_state[key] = wanted
    elif st.session_state.get(key) not in options:
        st.session_state[key] = None

    def write_to_url() -> None:
        if st.session_state.get(key):
            st.query_params[key] = st.session_state[key]
        else:
            st.query_params.pop(key, None)

    choice = container.selectbox(
        label, list(options), format_func=shown_by(options), key=key, on_change=write_to_url, placeholder=placeholder
    )
    if choice and st.query_params.get(key) != choice:
        st.query_params[key] = choice
    return choice


def labelled(label: str, value: str) -> None:
    """A stored value shown as text (Markdown-escaped), after a bold label."""
    st.markdown(f"**{label}:** {escape_markdown(value) if value else '—'}")


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>:~$&=])")


# Streamlit turns ":material/name:", ":red[...]" and ":emoji:" into icons and colours, and bare addresses and
# e-mail addresses into links, even where the colon is escaped. A word joiner (U+2060, invisible, zero width) after
# a colon, before an at sign and inside "www." breaks those patterns without changing what a reader sees.
_JOIN = "\u2060"
_DIRECTIVES = re.compile(r"(:)(?=\S)|(?=@)|(?<=www)(?=\\\.)", re.IGNORECASE)


def escape_markdown(text: str) -> str:
    """Text that Markdown shows exactly as written: every punctuation mark that could mean something is escaped,
    Streamlit's icon and colour codes and automatic links are broken, and hidden controls are made visible."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", visible(text))
    return _DIRECTIVES.sub(lambda match: (match.group(1) or "") + _JOIN, escaped)


def plain(text: object) -> str:
    """A stored value as a widget option or a table cell shows it: hidden and reordering controls made visible
    (those places do not read Markdown)."""
    return visible(str(text)) if isinstance(text, str) else text


def code_words(code: str) -> str:
    """A code of the vocabulary in words, as a widget option shows it: "standards_body" reads "standards body"."""
    return code.replace("_", " ")


def column_label(column: str) -> str:
    """A column's code name as a heading: "progress_value" reads "Progress value"; words stay as they are."""
    if column == "id":
        return "#"
    if column != column.lower() or " " in column:
        return column
    words = code_words(column)
    return words[:1].upper() + words[1:]


def shown_by(labels: dict) -> Callable[[Any], str]:
    """A widget's format_func: the label of a value, shown as plain text."""
    return lambda value: plain(labels.get(value, value))


def shown_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A table for st.dataframe: every text cell with its hidden controls made visible (downloads keep the data)."""
    shown = frame.copy()
    for column in shown.columns:
        if shown[column].dtype == object:
            shown[column] = shown[column].map(plain)
    return shown


def table(
    frame: pd.DataFrame,
    *,
    column_config: dict[str, Any] | None = None,
    column_order: list[str] | None = None,
    **options: Any,
) -> None:
    """A table of stored values, each cell shown as text. On screen an interactive st.dataframe; in present mode a
    plain table in large type, with the same column labels and without the link columns (st.dataframe draws on a
    canvas that no style enlarges; st.table reads Markdown, so every cell is escaped). A column given no label
    is headed in words, never by its code name ("as_of" reads "As of")."""
    column_config = {**{c: column_label(str(c)) for c in frame.columns}, **(column_config or {})}
    if not presenting():
        options.setdefault("placeholder", "")  # a missing value is an empty cell, not the word "None"
        st.dataframe(shown_table(frame), column_config=column_config, column_order=column_order, **options)
        return
    config = column_config or {}
    columns = [c for c in (column_order or frame.columns) if c in frame.columns]
    labels: dict[str, str] = {}
    for column in columns:
        spec = config.get(column, column)
        if spec is None or (isinstance(spec, dict) and spec.get("type_config", {}).get("type") == "link"):
            continue  # hidden, or a link (nothing to click on a projected screen)
        labels[column] = spec if isinstance(spec, str) else spec.get("label") or column
    shown = frame[list(labels)].rename(columns={c: escape_markdown(label) for c, label in labels.items()})
    for column in shown.columns:
        shown[column] = [_cell(value) for value in shown[column]]
    st.table(shown, hide_index=True, alt=options.get("alt"))


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return escape_markdown(str(value))


def highlighted_paragraphs(
    text: str, spans: list[tuple[int, int]], focus: tuple[int, int] | None = None
) -> list[tuple[str, bool]]:
    """The text as Markdown paragraphs (one per line of the document), every character escaped, extracted facts
    on a blue background and the focused fact on an orange one; each with whether it holds (a part of) the
    focused fact."""
    lines: list[list[str]] = [[]]
    focused: list[bool] = [False]
    for segment in segments(text, spans, focus):
        for i, piece in enumerate(segment.text.split("\n")):
            if i:
                lines.append([])
                focused.append(False)
            if segment.focused and piece.strip():
                focused[-1] = True
            if not piece:
                continue
            if not (segment.highlighted and piece.strip()):
                lines[-1].append(escape_markdown(piece))
                continue
            # Spaces stay outside the markers: "**word **" would not read as bold.
            core = piece.strip()
            lead, trail = piece[: len(piece) - len(piece.lstrip())], piece[len(piece.rstrip()) :]
            styled = f"**{escape_markdown(core)}**" if segment.focused else escape_markdown(core)
            colour = "orange" if segment.focused else "blue"
            lines[-1].append(f"{lead}:{colour}-background[{styled}]{trail}")
    return [("".join(parts), held) for parts, held in zip(lines, focused, strict=True) if parts]
