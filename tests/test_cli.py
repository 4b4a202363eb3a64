"""`python -m tracker`, run as a user runs it: in a subprocess, against the test database."""

import csv
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml

from seed.loader import FACTS_FILE
from tests.conftest import ON_POSTGRES, engine_at, run_cli, run_cli_subprocess, table_counts
from tracker.present.exports import TABLES

REQUIRED_COLUMNS = {
    "commitments.csv": [
        "slug",
        "title",
        "text",
        "framework",
        "event",
        "parties",
        "themes",
        "status",
        "target_value",
        "target_unit",
        "target_qualifier",
        "due_date",
        "due_date_inferred",
        "source",
        "source_quote",
    ],
    "participation_figures.csv": ["event", "metric", "value", "qualifier", "counts_what", "source", "source_quote"],
    "initiatives.csv": ["slug", "name", "kind", "event", "source_quote"],
    "events.csv": ["slug", "name", "city", "country", "start_date", "end_date", "dates_inferred", "inference_note"],
    "organizations.csv": ["slug", "name", "acronym", "kind", "country"],
    "people.csv": ["slug", "name", "aliases", "role", "organization"],
    "sources.csv": ["slug", "title", "publisher", "published_on", "file"],
}


def read_csv(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


@pytest.mark.slow
def test_the_command_runs_as_a_user_types_it(db_url, tmp_path):
    result = run_cli_subprocess("--help", db_url=db_url, check=True)
    assert "seed" in result.stdout and "export" in result.stdout
    assert "seed: 197 rows inserted" in run_cli_subprocess("seed", db_url=db_url, check=True).stdout
    run_cli_subprocess("export", "--out", str(tmp_path / "out"), db_url=db_url, check=True)
    assert len(read_csv(tmp_path / "out" / "commitments.csv")) == 12
    refused = run_cli_subprocess("export", db_url=db_url)
    assert refused.returncode == 2 and refused.stderr.startswith("error: ") and "Traceback" not in refused.stderr


def test_help_lists_the_commands(db_url):
    result = run_cli("--help", db_url=db_url, check=True)
    assert "seed" in result.stdout and "export" in result.stdout


def test_seed_prints_what_it_inserted_then_nothing_the_second_time(db_url):
    first = run_cli("seed", db_url=db_url, check=True)
    assert "commitment: 12 inserted, 0 updated, 0 unchanged" in first.stdout
    assert "seed: 197 rows inserted, 0 updated" in first.stdout
    second = run_cli("seed", db_url=db_url, check=True)
    assert "seed: 0 rows inserted, 0 updated" in second.stdout


def test_seed_with_a_bad_quote_exits_non_zero_names_the_fact_and_writes_nothing(db_url, tmp_path):
    raw = yaml.safe_load(FACTS_FILE.read_text(encoding="utf-8"))
    raw["participation_figures"][2]["source_quote"] = "The summit brought together over 3000 participants."
    bad = tmp_path / "facts.yaml"
    bad.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    engine = engine_at(db_url)
    before = table_counts(engine)
    result = run_cli("seed", "--facts", str(bad), db_url=db_url)
    assert result.returncode != 0
    assert "participation_figures[2] 'seoul-summit-participants'" in result.stderr
    assert str(bad) in result.stderr
    assert "Traceback" not in result.stderr
    assert table_counts(engine) == before


def test_export_writes_one_csv_per_table_with_the_required_columns(db_url, tmp_path):
    run_cli("seed", db_url=db_url, check=True)
    run_cli("export", "--out", str(tmp_path / "out"), db_url=db_url, check=True)
    for name, columns in REQUIRED_COLUMNS.items():
        with (tmp_path / "out" / name).open(encoding="utf-8") as file:
            header = next(csv.reader(file))
        assert set(columns) <= set(header), name
    commitments = {row["slug"]: row for row in read_csv(tmp_path / "out" / "commitments.csv")}
    plan = commitments["samr-50-more-ai-standards"]
    assert (plan["target_value"], plan["target_qualifier"], plan["due_date"], plan["due_date_inferred"]) == (
        "50",
        "over",
        "2026-12-31",
        "true",
    )
    assert plan["parties"] == "china" and plan["stated_by"] == "xiao-han"
    assert commitments["seoul-ai-capacity-building"]["parties"] == "iec; iso; itu"
    assert commitments["seoul-ai-capacity-building"]["due_date_inferred"] == "false"
    people = {row["slug"]: row for row in read_csv(tmp_path / "out" / "people.csv")}
    assert people["cho-sung-hwan"]["aliases"] == "Sung Hwan Cho"


def test_export_into_a_fresh_database_seeds_it_first(db_url, tmp_path):
    run_cli("export", "--out", str(tmp_path / "out"), db_url=db_url, check=True)
    assert len(read_csv(tmp_path / "out" / "commitments.csv")) == 12


def test_every_inferred_value_in_the_export_carries_its_reason(db_url, tmp_path):
    run_cli("export", "--out", str(tmp_path / "out"), db_url=db_url, check=True)
    out = tmp_path / "out"
    flagged = [
        ("commitments.csv", "due_date_inferred", "due_date_note"),
        ("commitment_parties.csv", "inferred", "inference_note"),
        ("events.csv", "dates_inferred", "inference_note"),
    ]
    for name, flag, reason in flagged:
        rows = read_csv(out / name)
        assert any(row[flag] == "true" for row in rows), name
        for row in rows:
            assert (row[flag] == "true") == bool(row[reason].strip()), (name, row)
    inferences = read_csv(out / "inferences.csv")
    assert {(row["fact"], row["field"]) for row in inferences} >= {
        ("organization:miit", "name"),
        ("organization:miit", "country"),
        ("person_alias:Sung Hwan Cho", "person"),
        ("event:waic-2025-ai-standardization-forum", "country"),
    }
    assert all(row["reason"].strip() for row in inferences)
    parties = read_csv(out / "commitment_parties.csv")
    assert {
        (row["organization"], row["inferred"])
        for row in parties
        if row["commitment"] == "waic-engage-international-community"
    } == {("china", "true")}
    figures = {row["slug"]: row for row in read_csv(out / "participation_figures.csv")}
    assert figures["waic-chinese-organizations-in-itu"]["kind"] == "context"
    assert figures["waic-forum-delegates"]["qualifier"] == "over"
    passages = read_csv(out / "passages.csv")
    assert len(passages) == 45 and all(row["reason"] for row in passages)


def test_export_neutralises_formulas_in_user_text(seeded, db_url, tmp_path):
    with seeded.begin() as connection:
        connection.execute(sa.text("UPDATE organization SET note = '=HYPERLINK(\"http://x\")' WHERE slug = 'iso'"))
    run_cli("export", "--out", str(tmp_path / "out"), db_url=db_url, check=True)
    organizations = {row["slug"]: row for row in read_csv(tmp_path / "out" / "organizations.csv")}
    assert organizations["iso"]["note"] == '\'=HYPERLINK("http://x")'


def test_the_export_writes_each_cell_as_the_general_cell_rule_would(seeded, db_url, tmp_path):
    """The export lets SQL and per-column shortcuts do the formatting; the file must be what `cell` makes of the
    same rows read the ordinary way: timestamps with and without a fraction, numbers with decimals, formulas."""
    import datetime as dt

    from models.inputs import ProgressUpdateCreate
    from models.tables import ProgressUpdate
    from tracker.present.csvfile import csv_text
    from tracker.write import auth, writes

    auth.add_user(seeded, username="ed", role="editor", password="a long enough password")
    editor = auth.cli_actor(seeded, "ed")
    for value, rationale in ((12.5, "=1+1 drafts"), (13.0, "-plain"), (None, "@mention")):
        data = ProgressUpdateCreate(
            commitment_slug="samr-50-more-ai-standards",
            as_of=dt.date(2026, 3, 1),
            status="limited",
            progress_value=value,
            rationale=rationale,
            evidence_url="https://example.org/x",
        )
        writes.record_progress(seeded, data=data, actor=editor)
    with seeded.begin() as connection:  # one timestamp on a whole second, which isoformat writes without fraction
        connection.execute(
            sa.insert(ProgressUpdate).values(
                commitment_slug="seoul-ai-capacity-building",
                as_of=dt.date(2026, 3, 2),
                status="not_started",
                rationale="checked",
                recorded_by="ed",
                recorded_at=dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC),
            )
        )
    run_cli("export", "--out", str(tmp_path / "out"), "--as-of", "2026-11-22", db_url=db_url, check=True)
    table = next(t for t in TABLES if t.file == "progress_updates.csv")
    u = ProgressUpdate
    columns = (
        u.id,
        u.commitment_slug,
        u.as_of,
        u.status,
        u.progress_value,
        u.rationale,
        u.evidence_url,
        u.evidence_quote,
        u.corrects_id,
        u.correction_reason,
        u.recorded_by,
        u.recorded_at,
        u.reviewed_by,
        u.reviewed_at,
    )
    with seeded.connect() as connection:
        rows = connection.execute(sa.select(*columns).order_by(u.id)).all()
    expected = csv_text(table.columns, rows)
    written = (tmp_path / "out" / "progress_updates.csv").read_text(encoding="utf-8")
    assert written == expected
    assert "2026-03-02T08:00:00+00:00" in written and '"12.5"' in written and '"13"' in written
    assert "'=1+1 drafts" in written and "'-plain" in written and "'@mention" in written


@pytest.mark.skipif(not ON_POSTGRES, reason="needs TEST_DATABASE_URL (PostgreSQL); .ci/run sets it")
def test_export_from_sqlite_and_from_postgresql_are_identical(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764979200")  # both made at one moment, however long the first takes
    sqlite_url = f"sqlite:///{tmp_path / 'tracker.db'}"
    run_cli("export", "--out", str(tmp_path / "sqlite"), db_url=sqlite_url, check=True)
    run_cli("export", "--out", str(tmp_path / "postgresql"), db_url=db_url, check=True)
    files = sorted(p.name for p in (tmp_path / "sqlite").iterdir())
    assert files == sorted([*(table.file for table in TABLES), "datapackage.json", "CITATION.cff"])
    for name in files:
        assert (tmp_path / "sqlite" / name).read_bytes() == (tmp_path / "postgresql" / name).read_bytes(), name


# (A table of cases, one a row, which the formatter leaves as written.)
# Careless and hostile command lines, in one place: each gets one line saying what is wrong, exit 2, no change.
# (arguments, words the message must hold); {tmp} is this test's folder, holding a file `taken.txt`, a non-empty
# folder `full/` and a file that is not UTF-8 `latin1.yaml`.
CARELESS = [
    (["seed", "--facts", "{tmp}/missing.yaml"], "no such facts file"),
    (["seed", "--facts", "{tmp}"], "is a folder, not a facts file"),
    (["seed", "--facts", "{tmp}/latin1.yaml"], "not UTF-8 text"),
    (["seed", "--facts", "{tmp}/taken.txt"], "not a facts file"),
    (["export", "--out", "{tmp}/taken.txt"], "is a file; give a folder"),
    (["export", "--out", "{tmp}/full"], "is not empty"),
    (["export", "--out", "{tmp}/x", "--as-of", "0001-01-01"], "is before 2025-01-01"),
    (["deck", "--out", "{tmp}/no/such/folder/d.pptx"], "does not exist"),
    (["deck", "--out", "{tmp}/full"], "is a folder; give a file name"),
    (["deck", "--out", "{tmp}/d.pptx", "--as-of", "0001-01-01"], "is before 2025-01-01"),
    (["deck", "--out", "{tmp}/d.pptx", "--party", "no-such-party"], "--party 'no-such-party' matches nothing"),
    (["brief", "--out", "{tmp}/b.pdf", "--framework", "G7"], "--framework 'G7' matches nothing; choose from"),
    (["deck", "--out", "{tmp}/d.pptx", "--kind", "promise"], "invalid choice: 'promise'"),
    (["record", "--commitment", "samr-50-more-ai-standards", "--status", "limited", "--as-of", "2026-03-01",
      "--rationale", "r", "--evidence-url", "https://e.org", "--progress", "inf", "--by", "ed"], "finite"),
    (["record", "--commitment", "samr-50-more-ai-standards", "--status", "limited", "--as-of", "2026-03-01",
      "--rationale", "r", "--evidence-url", "https://e.org", "--progress", "1e308", "--by", "ed"],
     "progress: must be at most 1,000,000,000"),
    (["record", "--commitment", "samr-50-more-ai-standards", "--status", "limited", "--as-of", "2026-03-01",
      "--rationale", "r", "--evidence-url", "https://e.org", "--corrects", "1", "--reason", "x" * 1500, "--by", "ed"],
     "why the correction: is too long: at most 1,000 characters"),
    (["users", "add", "nopass", "--role", "admin", "--password-stdin"], "no password on standard input"),
]  # fmt: skip


@pytest.mark.parametrize(("arguments", "message"), CARELESS, ids=[" ".join(a)[:60] for a, _ in CARELESS])
def test_careless_input_gets_one_line_exit_2_and_changes_nothing(seeded, db_url, tmp_path, arguments, message):
    (tmp_path / "taken.txt").write_text("just text\n")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "old.csv").write_text("old\n")
    (tmp_path / "latin1.yaml").write_bytes("name: Société".encode("latin-1"))
    before = table_counts(seeded)
    result = run_cli(*(a.replace("{tmp}", str(tmp_path)) for a in arguments), db_url=db_url)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
    assert table_counts(seeded) == before
    assert sorted(p.name for p in (tmp_path / "full").iterdir()) == ["old.csv"]


def test_a_password_from_standard_input_loses_its_line_ending(seeded, db_url):
    run_cli(
        "users",
        "add",
        "crlf",
        "--role",
        "editor",
        "--password-stdin",
        db_url=db_url,
        check=True,
        stdin="a long enough password\r\n",
    )
    from tracker.write import auth

    assert auth.sign_in(seeded, "crlf", "a long enough password").username == "crlf"


def test_the_cli_takes_every_dashboard_filter(seeded, db_url, tmp_path):
    result = run_cli(
        "deck",
        "--out",
        str(tmp_path / "d.pptx"),
        "--kind",
        "commitment",
        "--specificity",
        "3",
        "--due",
        "due_within",
        "--within",
        "60",
        "--stale",
        db_url=db_url,
        check=True,
    )
    assert "deck of kind Commitment; specificity 3 of 3; due within 60 days; stale as of 2026-11-22" in result.stdout
    refused = run_cli("deck", "--out", str(tmp_path / "e.pptx"), "--due", "due_within", "--within", "-5", db_url=db_url)
    assert refused.returncode == 2 and "days ahead must be from 0 to 3650" in refused.stderr


def test_verify_checks_every_quote_and_records_the_run(seeded, db_url):
    result = run_cli("verify", db_url=db_url)
    assert result.returncode == 0, result.stderr
    assert "quotes in 2 sources checked against their text and hash: all match" in result.stdout
    with engine_at(db_url).connect() as connection:
        run = connection.execute(sa.text("SELECT checked, mismatches FROM quote_check")).one()
        facts = sum(
            connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("organization", "person", "person_alias", "event", "event_role", "statement", "commitment")
            + ("initiative", "participation_figure", "passage")
        )
    assert tuple(run) == (facts, 0)


def test_verify_names_a_quote_moved_off_its_words_and_a_changed_source_and_exits_1(seeded, db_url):
    with engine_at(db_url).begin() as connection:
        # The same length one character later: the database's own checks allow it, the words no longer match.
        connection.execute(
            sa.text(
                "UPDATE organization SET quote_start = quote_start + 1, quote_end = quote_end + 1 WHERE slug = 'iec'"
            )
        )
        connection.execute(sa.text("UPDATE source SET text = text || ' ' WHERE slug = 'waic-2025-forum-report'"))
    result = run_cli("verify", db_url=db_url)
    assert result.returncode == 1
    assert "MISMATCH organization:iec: the quote is not at characters" in result.stdout
    assert "MISMATCH source:waic-2025-forum-report: its text no longer has the SHA-256 recorded for it" in result.stdout
    assert "2 mismatches" in result.stdout


# Refused once the database is open: no such account.
REFUSED_AT_THE_DATABASE = (
    *("record", "--commitment", "no-such-commitment", "--status", "limited", "--rationale", "r"),
    *("--as-of", "2026-03-01", "--by", "editor", "--evidence-url", "https://example.org/"),
)


@pytest.mark.parametrize("args", [("verify",), REFUSED_AT_THE_DATABASE])
def test_a_command_closes_every_connection_it_opened_whether_it_succeeds_or_refuses(seeded, db_url, args):
    """A command run inside a longer-lived process (a scheduler, the tests) leaves no connection open behind it."""
    opened, closed = [], []

    def on_connect(dbapi_connection, _record):
        opened.append(dbapi_connection)

    def on_close(dbapi_connection, _record):
        closed.append(dbapi_connection)

    sa.event.listen(sa.pool.Pool, "connect", on_connect)
    sa.event.listen(sa.pool.Pool, "close", on_close)
    try:
        result = run_cli(*args, db_url=db_url)
    finally:
        sa.event.remove(sa.pool.Pool, "connect", on_connect)
        sa.event.remove(sa.pool.Pool, "close", on_close)
    assert (result.returncode, "no account" in result.stderr) in ((0, False), (2, True)), result.stderr
    assert opened and sorted(map(id, closed)) == sorted(map(id, opened))


def test_the_export_counts_each_files_rows_in_words(seeded, db_url, tmp_path):
    """One row is "1 row", a thousand are "1,000 rows"."""
    out = run_cli("export", "--out", str(tmp_path / "out"), "--framework", "Seoul Statement", db_url=db_url, check=True)
    said = dict(line.rsplit(": ", 1) for line in out.stdout.splitlines() if line.endswith(("row", "rows")))
    files = {Path(path).name: count for path, count in said.items()}
    assert files["sources.csv"] == "1 row" and files["commitments.csv"] == "4 rows"
    assert files["initiatives.csv"] == "0 rows"
