"""CSV formatting shared by every download and export.

Text cells that a spreadsheet would read as a formula get a leading apostrophe (OWASP "CSV Injection"); the
project's importer strips exactly one, so export -> import round-trips. Numbers stay numbers, dates are ISO 8601,
booleans are `true`/`false`, lists are joined with "; ". Every cell is quoted.
"""

import csv
import datetime as dt
import io
import itertools
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pandas only for the signature: an export need not load it
    import pandas as pd
    import sqlalchemy as sa

# The characters a spreadsheet may take as the start of a formula, including their full-width forms.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0", "＝", "＋", "－", "＠", "'")
LIST_SEPARATOR = "; "
EXCEL_BOM = "\ufeff"
BATCH_ROWS = 5_000  # rows formatted and handed on at a time: memory stays flat whatever the row count


def safe_text(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def unescape_text(text: str) -> str:
    """The inverse of safe_text, for importing a file this project wrote."""
    return text[1:] if text.startswith("'") else text


def format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def is_missing(value: Any) -> bool:
    """None, or pandas' missing values (checked by type name: an export need not load pandas)."""
    return value is None or type(value).__name__ in ("NAType", "NaTType")


def cell(value: Any) -> str:
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()  # a numpy or pandas scalar, as a plain Python value
    if is_missing(value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return "" if value != value else format_number(value)  # NaN is a missing value
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(cell(item) for item in value)
    return safe_text(str(value))


def _text_cell(value: Any) -> str:
    return value if type(value) is str and value[:1] not in _TRIGGER_STARTS else cell(value)


def _int_cell(value: Any) -> str:
    return str(value) if type(value) is int else cell(value)


def _date_cell(value: Any) -> str:
    return value.isoformat() if type(value) is dt.date or type(value) is dt.datetime else cell(value)


_TRIGGER_STARTS = frozenset(FORMULA_TRIGGERS)
_BY_TYPE: dict[type, Callable[[Any], str]] = {
    str: _text_cell,
    int: _int_cell,
    dt.date: _date_cell,
    dt.datetime: _date_cell,
}


class RowBatches:
    """Rows that come in lists (a database cursor's fetchmany, say): read row by row like any rows, and handed to
    the csv writer a whole list at a time by csv_chunks, with no Python code run per row."""

    def __init__(self, batches: Iterable[Sequence[Sequence[Any]]]) -> None:
        self.batches = batches

    def __iter__(self) -> Iterator[Sequence[Any]]:
        return itertools.chain.from_iterable(self.batches)


class CsvLines:
    """Rows the database has already written as this module's CSV lines (every field quoted, quotes doubled, a bare
    newline at the end), as (text, rows) pieces of many lines each: csv_chunks passes the text on after the header.
    `count` is the rows so far."""

    def __init__(self, pieces: Iterable[tuple[str, int]]) -> None:
        self._pieces, self.count = pieces, 0

    def pieces(self) -> Iterator[str]:
        try:
            for text, rows in self._pieces:
                self.count += rows
                yield text
        finally:  # a reader that stops early stops the database's writing now, not when this is collected
            if isinstance(self._pieces, Generator):
                self._pieces.close()


def _widest_gap(codes: Iterable[int]) -> tuple[int, int]:
    """The longest run of code points holding none of `codes`, as (first, last)."""
    ordered = sorted(codes)
    below, above = max(itertools.pairwise(ordered), key=lambda pair: pair[1] - pair[0])
    return below + 1, above - 1


# The first characters that can never start a formula, as one range of code points ("A" to just below "＋").
_SAFE_CODES = _widest_gap(ord(t) for t in FORMULA_TRIGGERS)


def safe_text_sql(column: "sa.ColumnElement[str]", dialect: str) -> "sa.ColumnElement[str]":
    """safe_text done by the database, for exports that stream rows straight from SQL to the file. The first
    character is compared by its code point (unicode() in SQLite, ascii() in PostgreSQL): integers, with no
    one-character string made a row, which costs a million-row file 2 s against 0.1 s."""
    import sqlalchemy as sa

    codes = [ord(t) for t in FORMULA_TRIGGERS if t != "\0"]
    if dialect == "postgresql":  # ascii() gives a UTF-8 character's code point; text there cannot hold NUL
        first = sa.func.ascii(column)
        starts = first.in_(codes)
    else:  # SQLite's unicode() is NULL for a text that starts with NUL
        first = sa.func.unicode(column)
        starts = sa.or_(first.in_(codes), sa.and_(first.is_(None), column != ""))
    # Most text starts with a letter, between the triggers' codes: one comparison settles it (a million-row file
    # spent 0.1-0.2 s a text column on the list of codes).
    low, high = _SAFE_CODES
    return sa.case((first.between(low, high), column), (starts, sa.literal("'") + column), else_=column)


def csv_chunks(
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    excel: bool = False,
    formats: "Sequence[Callable[[Any], str] | None] | None" = None,
) -> Iterator[str]:
    """The file as pieces of text, BATCH_ROWS rows at a time, for a stream: the rows are read as they come
    (from a database cursor, say) and never held all at once. Every download and export goes through here.

    With `formats`, one a column, the caller says how each column is written: None for values that are final as
    they come (text made safe by safe_text_sql, integers, ISO dates as text, empty cells), else the function that
    formats them (usually `cell`). Without, each column gets the formatter for the type of its first non-empty
    value, a shortcut that hands anything else (an empty cell, a text needing its apostrophe, another type) to
    `cell`, so the result is always `cell`'s."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n")
    yield EXCEL_BOM if excel else ""
    writer.writerow(columns)
    if isinstance(rows, CsvLines):
        yield buffer.getvalue()
        yield from rows.pieces()
        return
    if formats is not None:
        yield from _formatted_chunks(rows, formats, writer, buffer)
        return
    formatters: list[Callable[[Any], str]] = [cell] * len(columns)
    unsettled = set(range(len(columns)))
    pending: list[list[str]] = []
    for row in rows:
        if unsettled:
            for i in [i for i in unsettled if row[i] is not None]:
                formatters[i] = _BY_TYPE.get(type(row[i]), cell)
                unsettled.discard(i)
        pending.append([format_(value) for format_, value in zip(formatters, row, strict=True)])
        if len(pending) >= BATCH_ROWS:
            writer.writerows(pending)
            pending.clear()
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    writer.writerows(pending)
    yield buffer.getvalue()


def _formatted_chunks(
    rows: Iterable[Sequence[Any]], formats: Sequence[Any], writer: Any, buffer: io.StringIO
) -> Iterator[str]:
    """A batch at a time, column by column: the columns that need formatting are mapped, the rest written as they
    are, with no Python code run per row of those (the speed of the database driver and the csv module)."""
    converted = [(i, format_) for i, format_ in enumerate(formats) if format_ is not None]
    for batch in _batches(rows):
        if converted:
            columns: list[Iterable[Any]] = list(zip(*batch, strict=True))
            for i, format_ in converted:
                columns[i] = map(format_, columns[i])
            batch = zip(*columns, strict=True)
        writer.writerows(batch)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()  # the header, if there were no rows


def _batches(rows: Iterable[Sequence[Any]]) -> Iterator[Sequence[Sequence[Any]]]:
    if isinstance(rows, RowBatches):
        yield from rows.batches
        return
    rows = iter(rows)
    while batch := list(itertools.islice(rows, BATCH_ROWS)):
        yield batch


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[Any]], *, excel: bool = False) -> str:
    """The whole file as text; `excel` adds the byte-order mark Excel needs to read UTF-8."""
    return "".join(csv_chunks(columns, rows, excel=excel))


def frame_chunks(frame: "pd.DataFrame", *, excel: bool = False) -> Iterator[str]:
    """A DataFrame as CSV pieces, exactly its rows and columns, with the same cell rules as every export."""
    return frames_chunks(list(frame.columns), [frame], excel=excel)


def frames_chunks(columns: Sequence[str], frames: "Iterable[pd.DataFrame]", *, excel: bool = False) -> Iterator[str]:
    """DataFrames of `columns`, one after the other, as the CSV pieces of one file: a stream of them (a batch at a
    time from a database cursor, say) is read as it comes."""
    rows = RowBatches(batch for frame in frames for batch in frame_cells(frame).batches)
    return csv_chunks(columns, rows, excel=excel, formats=[None] * len(columns))


def frame_cells(frame: "pd.DataFrame") -> RowBatches:
    """The frame's rows as `cell` writes them, BATCH_ROWS at a time, worked out a column at a time: pandas does a
    text, whole-number or true/false column's work for all its rows at once (the Commitments page's CSV spent a
    quarter of its time in `cell`, called once a value), and each other value goes to the shortcut for its type.
    Whole numbers stay numbers, which the csv writer writes as `cell` does."""

    def batch(start: int) -> list[tuple[Any, ...]]:
        rows = frame.iloc[start : start + BATCH_ROWS]
        return list(zip(*(column_cells(rows.iloc[:, i]) for i in range(rows.shape[1])), strict=True))

    return RowBatches(batch(start) for start in range(0, len(frame), BATCH_ROWS))


def column_cells(column: "pd.Series") -> list[Any]:
    """One column's values as `cell` writes them (whole numbers left as numbers)."""
    import pandas as pd

    kind = column.dtype
    if isinstance(kind, pd.StringDtype):
        text = column.fillna("")
        formula = text.str.startswith(FORMULA_TRIGGERS)
        return text.where(~formula, "'" + text).tolist() if formula.any() else text.tolist()
    if kind.kind == "b" and not column.hasnans:
        return column.map({True: "true", False: "false"}).tolist()
    if kind.kind in "iu" and not column.hasnans:
        return column.tolist()
    if kind.kind == "f":
        return [format_number(value) if value == value else "" for value in column.tolist()]  # NaN is missing
    return [_BY_TYPE.get(type(value), cell)(value) for value in column.tolist()]
