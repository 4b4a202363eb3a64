"""CSV cells: safe against formula injection, numbers and dates in their plain forms."""

import csv
import datetime as dt
import io
import subprocess
import sys

import pandas as pd
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.db import PROJECT_ROOT
from tracker.present import csvfile
from tracker.present.csvfile import EXCEL_BOM, cell, csv_text, safe_text, unescape_text


@pytest.mark.parametrize(
    "text", ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\nx", "\0x", "＝1", "＋1", "－1", "＠x", "'quoted"]
)
def test_text_that_starts_like_a_formula_is_neutralised(text):
    assert safe_text(text) == "'" + text
    assert unescape_text(safe_text(text)) == text


def test_ordinary_text_is_unchanged():
    assert safe_text("Seoul Statement") == "Seoul Statement"
    assert unescape_text("Seoul Statement") == "Seoul Statement"


def test_numbers_dates_booleans_and_lists_keep_their_plain_forms():
    assert cell(-5) == "-5"
    assert cell(50.0) == "50"
    assert cell(2.5) == "2.5"
    assert cell(float("nan")) == ""
    assert cell(None) == ""
    assert cell(True) == "true" and cell(False) == "false"
    assert cell(dt.date(2026, 12, 31)) == "2026-12-31"
    assert cell(["iec", "iso", "=itu"]) == "iec; iso; '=itu"


def test_every_cell_is_quoted_and_the_file_reads_back():
    text = csv_text(["a", "b"], [["=HYPERLINK(x)", 3], ['say "hi"', None]])
    assert text.splitlines()[0] == '"a","b"'
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["a", "b"], ["'=HYPERLINK(x)", "3"], ['say "hi"', ""]]


def test_the_excel_variant_starts_with_a_byte_order_mark():
    assert csv_text(["a"], [], excel=True).startswith(EXCEL_BOM)
    assert not csv_text(["a"], []).startswith(EXCEL_BOM)


def test_a_file_is_written_as_its_rows_arrive_not_after_reading_them_all():
    consumed = 0

    def rows():
        nonlocal consumed
        for n in range(3 * csvfile.BATCH_ROWS):
            consumed += 1
            yield (n, f"row {n}")

    chunks = csvfile.csv_chunks(("n", "text"), rows())
    assert next(chunks) == ""  # no byte-order mark unless asked
    first = next(chunks)
    assert first.startswith('"n","text"\n"0","row 0"\n') and consumed <= csvfile.BATCH_ROWS + 1
    assert len(list(chunks)) == 3  # the rest, a batch at a time
    assert consumed == 3 * csvfile.BATCH_ROWS


def test_the_shortcut_for_a_column_gives_what_the_general_rule_gives_whatever_comes_later():
    rows = [
        ("plain", 1, dt.date(2026, 1, 2), None),
        ("=SUM(A1)", None, None, 2.5),
        (None, True, dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC), ["a", "b"]),
        (7, 2.0, "2026-01-02", "-1"),
    ]
    text = csvfile.csv_text(("a", "b", "c", "d"), rows)
    lines = text.splitlines()[1:]
    assert lines == [",".join(f'"{csvfile.cell(value)}"' for value in row) for row in rows]


def test_columns_the_caller_has_formatted_are_written_as_they_come_and_a_file_without_rows_keeps_its_header():
    rows = [("'=1", 3, None, 2.0), ("plain", None, "2026-01-02", 0.5)]
    text = "".join(csvfile.csv_chunks(("a", "b", "c", "d"), rows, formats=[None, None, None, cell]))
    assert text == '"a","b","c","d"\n"\'=1","3","","2"\n"plain","","2026-01-02","0.5"\n'
    assert "".join(csvfile.csv_chunks(("a",), [], formats=[None])) == '"a"\n'


def test_the_cells_a_database_writes_itself_are_the_cells_python_writes(engine):
    """The export has the database write what it can (text made safe, timestamps, whole numbers, booleans: all of
    them on SQLite); for every edge of each kind, the file must be what `cell` makes of the values."""
    import sqlalchemy as sa

    from models.tables import Commitment, ProgressUpdate
    from tracker.present.exports import _cells

    on_postgresql = engine.dialect.name == "postgresql"
    texts = ["=1+2", "+1", "-1", "@x", "\tx", "\rx", "\nx", "＝1", "＋1", "－1", "＠x", "'q", "plain", "", None, "é=1"]
    if not on_postgresql:  # PostgreSQL text cannot hold NUL
        texts.append("\0x")
    texts.append('say "yes",\nthen go')  # quotes, a comma and a line break inside one cell
    stamps = [
        dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC),
        dt.datetime(2026, 3, 2, 8, 0, 0, 120, tzinfo=dt.UTC),
        dt.datetime(2026, 11, 30, 21, 22, 28, 33224, tzinfo=dt.UTC),
        None,
    ]
    numbers = [13.0, 12.5, 0.1, 0.0, 1e15, 2.5e-7, 123456.789, None]
    flags = [True, False, None]
    length = max(len(texts), len(stamps), len(numbers), len(flags))
    kinds = (
        (texts, ProgressUpdate.rationale.type),
        (stamps, ProgressUpdate.recorded_at.type),
        (numbers, ProgressUpdate.progress_value.type),
        (flags, Commitment.due_date_inferred.type),
    )

    def typed(value, type_):  # as stored in a column of that type (PostgreSQL takes a bare float as numeric)
        return sa.cast(sa.literal(value, type_), type_) if on_postgresql else sa.literal(value, type_)

    rows = [(i, *(values[i % len(values)] for values, _ in kinds)) for i in range(length)]
    types = [sa.Integer(), *(type_ for _, type_ in kinds)]
    each = [
        sa.select(*(typed(v, t).label(f"k{n}") for n, (v, t) in enumerate(zip(row, types, strict=True))))
        for row in rows
    ]
    values = sa.union_all(*each).subquery()
    selected = sa.select(*values.c).order_by(values.c.k0)
    header = ["i", "text", "timestamp", "number", "boolean"]
    for lines in (False, True):  # rows from the driver's cursor; CSV lines written by PostgreSQL itself
        with engine.connect() as connection:
            fetched, formats = _cells(connection, selected, lines=lines)
            assert isinstance(fetched, csvfile.CsvLines) == (lines and on_postgresql)
            written = "".join(csvfile.csv_chunks(header, fetched, formats=formats))
        assert written == csv_text(header, rows)
    assert '"2026-03-02T08:00:00+00:00"' in written and '"13"' in written and '"true"' in written


def test_a_file_read_partly_leaves_its_connection_ready_for_the_next_statement(engine):
    """A download stopped half way (the reader went away): on PostgreSQL the COPY still running is cancelled and
    what is left of it read, so the connection takes a rollback and statements again, as after a cursor."""
    import sqlalchemy as sa

    from tracker.present.exports import _cells

    top = sa.select(sa.literal(1).label("i")).cte("numbers", recursive=True)
    numbers = top.union_all(sa.select(top.c.i + 1).where(top.c.i < 200_000))
    with engine.connect() as connection:
        fetched, formats = _cells(connection, sa.select(numbers.c.i).order_by(numbers.c.i), lines=True)
        chunks = csvfile.csv_chunks(["i"], fetched, formats=formats)
        read = ""
        while read.count("\n") <= csvfile.BATCH_ROWS:  # the header and a batch of lines or more, not all
            read += next(chunks)
        chunks.close()
        connection.rollback()
        assert connection.execute(sa.select(sa.literal(7))).scalar_one() == 7
    assert read.startswith('"i"\n"1"\n"2"\n') and read.count("\n") < 200_000


def test_a_file_read_first_in_an_export_is_read_in_the_export_s_snapshot(seeded):
    """The export's files agree whatever is written meanwhile, the first file too: on PostgreSQL its COPY, sent
    to libpq past psycopg, must still run inside the transaction that holds the snapshot."""
    from models.inputs import ProgressUpdateCreate
    from tracker.present.exports import TABLES, one_snapshot
    from tracker.read.filters import CommitmentFilter
    from tracker.write import auth, writes

    auth.add_user(seeded, username="alice", role="editor", password="a long enough password")
    editor = auth.sign_in(seeded, "alice", "a long enough password")
    (table,) = [t for t in TABLES if t.file == "progress_updates.csv"]
    view = CommitmentFilter(as_of=dt.date(2026, 11, 22))

    def read(connection) -> str:
        rows, formats = table.rows(connection, view)
        return "".join(csvfile.csv_chunks(table.columns, rows, formats=formats))

    with seeded.connect() as connection:
        connection = one_snapshot(connection)
        before = read(connection)
        written = ProgressUpdateCreate(
            commitment_slug="samr-50-more-ai-standards",
            as_of="2026-03-01",
            status="limited",
            rationale="drafts published",
            evidence_url="https://example.org/evidence",
        )
        writes.record_progress(seeded, data=written, actor=editor)
        assert read(connection) == before
    with seeded.connect() as connection:
        after = read(connection)
    assert after.count("\n") == before.count("\n") + 1 and "drafts published" in after


def test_the_export_runs_without_loading_pandas():
    """The export streams rows from the driver; loading pandas would cost about 80 MB of its 150 MB budget."""
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, tracker.cli, tracker.present.exports; print('pandas' in sys.modules)"],
        capture_output=True, text=True, check=True, cwd=PROJECT_ROOT,
    )  # fmt: skip
    assert loaded.stdout.strip() == "False"


_TEXT = st.text(alphabet=st.sampled_from(["a", " ", "1", '"', ";", *csvfile.FORMULA_TRIGGERS]), max_size=4)
_COLUMNS = {
    "text": st.lists(st.one_of(st.none(), _TEXT)).map(lambda v: pd.Series(v, dtype="str")),
    "whole": st.lists(st.integers(-(2**40), 2**40)).map(lambda v: pd.Series(v, dtype="int64")),
    "missing_whole": st.lists(st.one_of(st.none(), st.integers(-9, 9))).map(lambda v: pd.Series(v, dtype="Int64")),
    "flag": st.lists(st.booleans()).map(lambda v: pd.Series(v, dtype="bool")),
    "missing_flag": st.lists(st.one_of(st.none(), st.booleans())).map(lambda v: pd.Series(v, dtype="boolean")),
    "number": st.lists(st.one_of(st.none(), st.floats(allow_nan=True))).map(lambda v: pd.Series(v, dtype="float64")),
    "day": st.lists(st.one_of(st.none(), st.dates())).map(lambda v: pd.Series(v, dtype="object")),
    "mixed": st.lists(st.one_of(st.none(), st.booleans(), st.integers(), _TEXT, st.dates(), st.tuples(_TEXT))).map(
        lambda v: pd.Series(v, dtype="object")
    ),
}


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_a_frame_written_a_column_at_a_time_is_written_as_cell_writes_each_value(data):
    """frame_chunks works a column at a time for the types pandas can do at once: for every type a page's table
    holds, and every text a formula could start, the file is the one `cell` makes value by value."""
    kinds = data.draw(st.lists(st.sampled_from(sorted(_COLUMNS)), min_size=1, max_size=4))
    columns = [data.draw(_COLUMNS[kind]) for kind in kinds]
    rows = min(len(column) for column in columns)
    frame = pd.DataFrame({f"c{i}": column[:rows].reset_index(drop=True) for i, column in enumerate(columns)})
    expected = "".join(csvfile.csv_chunks(list(frame.columns), frame.astype(object).itertuples(index=False)))
    assert "".join(csvfile.frame_chunks(frame)) == expected
    cells = [list(column) for column in zip(*csvfile.frame_cells(frame), strict=True)] if rows else []
    for values, written in zip((frame[c].tolist() for c in frame.columns), cells, strict=False):
        assert [str(w) for w in written] == [csvfile.cell(v) for v in values]


# Every trigger, the code points either side of the range safe_text_sql settles with one comparison, and others.
_EDGES = [*csvfile.FORMULA_TRIGGERS, "\x00", chr(64), chr(65), chr(65290), chr(65291), "a", "中", "😀", " ", "?"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.one_of(st.none(), st.text(alphabet=st.sampled_from(_EDGES), max_size=3)), max_size=20))
def test_the_database_makes_text_safe_as_safe_text_does(engine, texts):
    """safe_text_sql is what the export's files are made of: on each database, every text comes back as safe_text
    makes it (none as none), whichever character it starts with."""
    dialect = engine.dialect.name
    texts = [*texts, *_EDGES]
    if dialect == "postgresql":  # PostgreSQL text cannot hold NUL
        texts = [t if t is None else t.replace("\x00", "") for t in texts]
    value = sa.bindparam("value", type_=sa.String)
    statement = sa.select(csvfile.safe_text_sql(value, dialect))
    with engine.connect() as connection:
        made = [connection.execute(statement, {"value": t}).scalar_one() for t in texts]
    assert made == [None if t is None else safe_text(t) for t in texts]
