"""CSV formatting shared by every download and export.

Text cells that a spreadsheet would read as a formula get a leading apostrophe (OWASP "CSV Injection"); the
project's importer strips exactly one, so export -> import round-trips. Numbers stay numbers, dates are ISO 8601,
booleans are `true`/`false`, lists are joined with "; ". Every cell is quoted.
"""

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

# The characters a spreadsheet may take as the start of a formula, including their full-width forms.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0", "＝", "＋", "－", "＠", "'")
LIST_SEPARATOR = "; "
EXCEL_BOM = "\ufeff"


def safe_text(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def unescape_text(text: str) -> str:
    """The inverse of safe_text, for importing a file this project wrote."""
    return text[1:] if text.startswith("'") else text


def format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def cell(value: Any) -> str:
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()  # a numpy or pandas scalar, as a plain Python value
    if value is None or value is pd.NA or value is pd.NaT:
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


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[Any]], *, excel: bool = False) -> str:
    """The whole file as text; `excel` adds the byte-order mark Excel needs to read UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return (EXCEL_BOM if excel else "") + buffer.getvalue()


def dataframe_csv(frame: pd.DataFrame, *, excel: bool = False) -> str:
    """A DataFrame as CSV, exactly its rows and columns, with the same cell rules as every export."""
    return csv_text(list(frame.columns), frame.itertuples(index=False, name=None), excel=excel)
