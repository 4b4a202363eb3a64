"""The export as a Frictionless data package, and `python -m tracker import` reading it back."""

import csv
import datetime as dt
import hashlib
import json
import re
import uuid
from pathlib import Path

import frictionless
import pytest
import sqlalchemy as sa
import yaml

from models.db import migrate
from tests.conftest import ON_POSTGRES, TEST_DATABASE_URL, engine_at, run_cli, table_counts, with_search_path

PLAN = "samr-50-more-ai-standards"


def record(db_url: str, *extra: str) -> None:
    run_cli(
        "record",
        "--commitment",
        PLAN,
        "--as-of",
        "2026-03-01",
        "--evidence-url",
        "https://example.org/samr",
        "--by",
        "alice",
        *extra,
        db_url=db_url,
        check=True,
    )


@pytest.fixture
def with_history(db_url: str) -> str:
    """The seed, two accounts, an update whose rationale looks like a formula, and a correction of it."""
    run_cli("seed", db_url=db_url, check=True)
    run_cli("users", "add", "alice", "--role", "editor", "--password-stdin", db_url=db_url, check=True,
            stdin="a long enough password\n")  # fmt: skip
    run_cli("rubric", "--commitment", PLAN, "--limited", "Drafts.", "--substantial", "Half.", "--complete", "All.",
            "--by", "alice", db_url=db_url, check=True)  # fmt: skip
    record(db_url, "--status", "limited", "--rationale", '=HYPERLINK("http://evil.example")', "--progress", "12")
    record(db_url, "--status", "substantial", "--rationale", "26 drafts", "--progress", "26.5",
           "--corrects", "1", "--reason", "miscounted")  # fmt: skip
    return db_url


@pytest.fixture
def empty_url(tmp_path: Path) -> str:
    """A second migrated, empty database of the same kind as the test's own."""
    return _empty_database("postgresql" if ON_POSTGRES else "sqlite", tmp_path)


def _empty_database(kind: str, folder: Path) -> str:
    if kind == "sqlite":
        url = f"sqlite:///{folder / f'target-{uuid.uuid4().hex[:6]}.db'}"
    else:
        schema = f"tracker_import_{uuid.uuid4().hex[:8]}"
        with engine_at(TEST_DATABASE_URL).begin() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        url = with_search_path(TEST_DATABASE_URL, schema)
    migrate(engine_at(url))
    return url


@pytest.fixture(autouse=True, scope="module")
def _drop_import_schemas():
    yield
    if ON_POSTGRES:
        server = sa.create_engine(TEST_DATABASE_URL)
        with server.connect() as connection:
            schemas = connection.execute(
                sa.text("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'tracker_import_%'")
            ).scalars()
            schemas = list(schemas)
        for schema in schemas:  # one at a time: dropping them all at once can run out of PostgreSQL's lock table
            with server.begin() as connection:
                connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        server.dispose()


def export(db_url: str, out: Path, *extra: str) -> Path:
    run_cli("export", "--out", str(out), *extra, db_url=db_url, check=True)
    return out


# When a package was made: the only parts of two exports of the same data that differ.
MADE = re.compile(rb'("created": "|"version": "|version: |date-released: \'?)[^"\n\']*')


def files(folder: Path) -> dict[str, bytes]:
    """Every file of a package, the moment it was made left out (its data files and descriptions byte for byte)."""
    return {path.name: MADE.sub(rb"\1", path.read_bytes()) for path in sorted(folder.iterdir())}


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_export_is_a_valid_data_package_with_schemas_keys_license_and_sources(with_history, tmp_path):
    out = export(with_history, tmp_path / "package")
    report = frictionless.validate(out / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])[:5]

    package = json.loads((out / "datapackage.json").read_text())
    resources = {resource["name"]: resource for resource in package["resources"]}
    assert {f"{name}.csv" for name in resources} == {path.name for path in out.glob("*.csv")}
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert {source["title"] for source in package["sources"]} >= {"Seoul Statement"} or package["sources"]
    updates = resources["progress_updates"]["schema"]
    assert updates["primaryKey"] == ["id"]
    status = next(f for f in updates["fields"] if f["name"] == "status")
    assert status["constraints"]["enum"] == [
        "no_evidence_found",
        "not_applicable",
        "not_started",
        "limited",
        "substantial",
        "complete",
        "withdrawn",
    ]
    # Why a rating is missing, said exactly, and as SDMX observation statuses for statistical users.
    assert status["sdmxObsStatus"]["no_evidence_found"] == {"code": "O", "name": "Missing value"}
    assert status["sdmxObsStatus"]["not_applicable"]["code"] == "M"
    assert {status["sdmxObsStatus"][s]["code"] for s in ("not_started", "limited", "complete")} == {"A"}
    recorded = next(f for f in resources["commitments"]["schema"]["fields"] if f["name"] == "status")
    assert recorded["sdmxObsStatus"]["not_assessed"] == {"code": "L", "name": "Data exist but were not collected"}
    assert "No one has looked" in recorded["valueMeanings"]["not_assessed"]
    assert {"fields": ["corrects"], "reference": {"resource": "", "fields": ["id"]}} in updates["foreignKeys"]
    commitments = resources["commitments"]["schema"]
    assert {"fields": ["event"], "reference": {"resource": "events", "fields": ["slug"]}} in commitments["foreignKeys"]
    assert all(field["description"] for field in commitments["fields"])
    assert resources["commitment_parties"]["schema"]["primaryKey"] == ["commitment", "organization", "role"]

    # Made now, as of the view's date: the two are stated apart, and neither stands for the other.
    made = dt.datetime.fromisoformat(package["created"])
    assert abs(made - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)
    assert package["as_of"] == "2026-11-22" and package["version"].startswith("live.as-of-2026-11-22.made-")
    # The tracker's own data is licensed; the documents' texts are their publishers', and sources.csv says so.
    assert "not licensed by the tracker" in package["licenses"][0]["title"]
    assert resources["sources"]["licenses"][0]["name"] == "other-closed"
    citation = yaml.safe_load((out / "CITATION.cff").read_text())
    assert citation["cff-version"] == "1.2.0" and citation["type"] == "dataset"
    assert citation["title"] == package["title"] and citation["date-released"] == made.date().isoformat()
    assert citation["authors"] == [{"name": "AI Standards Commitment Tracker"}]
    # Neither document names its publisher: no reference with a made-up author, both named in the message.
    assert "references" not in citation and "See the source" not in (out / "CITATION.cff").read_text()
    assert all(source["title"] in citation["message"] for source in package["sources"])


def test_every_file_whose_facts_may_hold_inferred_values_marks_them_on_each_row():
    from models.facts import INFERABLE_FIELDS
    from tracker.present.exports import INFERRED, TABLES

    assert {table.fact_kind for table in TABLES if INFERRED in table.columns} == set(INFERABLE_FIELDS)


def test_the_schema_catches_a_broken_reference_and_a_value_outside_the_vocabulary(with_history, tmp_path):
    out = export(with_history, tmp_path / "package")
    parties = (out / "commitment_parties.csv").read_text()
    (out / "commitment_parties.csv").write_text(parties.replace('"iec"', '"no-such-body"', 1))
    updates = (out / "progress_updates.csv").read_text()
    (out / "progress_updates.csv").write_text(updates.replace('"limited"', '"nearly"', 1))
    report = frictionless.validate(out / "datapackage.json")
    assert not report.valid
    kinds = {error[2] for error in report.flatten(["rowNumber", "fieldName", "type"])}
    assert {"foreign-key", "constraint-error"} <= kinds


def test_export_import_export_gives_the_same_bytes(with_history, empty_url, tmp_path):
    first = export(with_history, tmp_path / "first")
    result = run_cli("import", str(first), db_url=empty_url, check=True)
    assert "progress_updates.csv: 2 rows" in result.stdout
    second = export(empty_url, tmp_path / "second")
    assert files(first) == files(second)
    assert table_counts(engine_at(empty_url)) == _counts_without_accounts(engine_at(with_history))


def _counts_without_accounts(engine) -> dict[str, int]:
    counts = table_counts(engine)
    counts.update(user_account=0, signed_in_session=0, signin_throttle=0)
    return counts


@pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL: runs in the PostgreSQL pass of scripts/test.sh")
@pytest.mark.parametrize("direction", ["sqlite-to-postgresql", "postgresql-to-sqlite"])
def test_a_package_moves_between_sqlite_and_postgresql_byte_for_byte(direction, with_history, tmp_path):
    first = export(with_history, tmp_path / "first")  # the test's own database is PostgreSQL in this pass
    if direction == "sqlite-to-postgresql":
        sqlite_url = _empty_database("sqlite", tmp_path)
        run_cli("import", str(first), db_url=sqlite_url, check=True)
        first = export(sqlite_url, tmp_path / "from-sqlite")
        target = _empty_database("postgresql", tmp_path)
    else:
        target = _empty_database("sqlite", tmp_path)
    run_cli("import", str(first), db_url=target, check=True)
    assert files(export(target, tmp_path / "second")) == files(first)


def test_an_imported_database_takes_new_updates_after_the_imported_ones(with_history, empty_url, tmp_path):
    run_cli("import", str(export(with_history, tmp_path / "p")), db_url=empty_url, check=True)
    run_cli("users", "add", "alice", "--role", "editor", "--password-stdin", db_url=empty_url, check=True,
            stdin="a long enough password\n")  # fmt: skip
    result = run_cli("record", "--commitment", PLAN, "--status", "limited", "--as-of", "2026-04-01",
                     "--rationale", "more", "--evidence-url", "https://example.org/x", "--by", "alice",
                     db_url=empty_url)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "recorded update #3" in result.stdout
    replaced = run_cli("rubric", "--commitment", PLAN, "--limited", "Some.", "--substantial", "Most.", "--complete",
                       "All.", "--replaces", "1", "--reason", "sharper", "--by", "alice", db_url=empty_url)  # fmt: skip
    assert "published rubric #2" in replaced.stdout, replaced.stderr  # every table's next id follows its last


def test_accounts_travel_only_when_asked_and_hashes_only_with_their_own_flag(with_history, empty_url, tmp_path):
    plain = export(with_history, tmp_path / "plain")
    assert not (plain / "accounts.csv").exists()
    authored = ("progress_updates.csv", "rubrics.csv")  # the files that name who recorded or wrote each row
    assert "alice" not in "".join(path.read_text() for path in plain.iterdir() if path.name not in authored)

    with_accounts = export(with_history, tmp_path / "accounts", "--accounts")
    accounts = rows(with_accounts / "accounts.csv")
    assert [(a["username"], a["role"]) for a in accounts] == [("alice", "editor")]
    assert "password_hash" not in accounts[0] and "argon2" not in (with_accounts / "accounts.csv").read_text()
    assert frictionless.validate(with_accounts / "datapackage.json").valid

    hashes = export(with_history, tmp_path / "hashes", "--accounts", "--password-hashes")
    assert rows(hashes / "accounts.csv")[0]["password_hash"].startswith("$argon2")
    ignored = run_cli("import", str(hashes), db_url=empty_url, check=True)
    assert "accounts.csv: not imported (add --accounts" in ignored.stdout
    from tracker.write.auth import SignInError, sign_in

    with pytest.raises(SignInError):
        sign_in(engine_at(empty_url), "alice", "a long enough password")
    empty_url = _empty_database("postgresql" if ON_POSTGRES else "sqlite", tmp_path)
    run_cli("import", str(hashes), "--accounts", db_url=empty_url, check=True)

    assert sign_in(engine_at(empty_url), "alice", "a long enough password").username == "alice"

    other = _empty_database("postgresql" if ON_POSTGRES else "sqlite", tmp_path)
    run_cli("import", str(with_accounts), "--accounts", db_url=other, check=True)  # no hash: no sign-in yet
    with pytest.raises(SignInError):
        sign_in(engine_at(other), "alice", "a long enough password")
    run_cli("users", "set-password", "alice", "--password-stdin", db_url=other, stdin="another long password\n",
            check=True)  # fmt: skip
    assert sign_in(engine_at(other), "alice", "another long password").username == "alice"

    refused = run_cli("export", "--out", str(tmp_path / "x"), "--password-hashes", db_url=with_history)
    assert refused.returncode == 2 and "--password-hashes needs --accounts" in refused.stderr


def test_import_refuses_a_database_that_holds_data(with_history, tmp_path):
    package = export(with_history, tmp_path / "p")
    before = table_counts(engine_at(with_history))
    result = run_cli("import", str(package), db_url=with_history)
    assert result.returncode == 2
    assert "already holds data" in result.stderr and "empty database" in result.stderr
    assert table_counts(engine_at(with_history)) == before


def _edit(path: Path, line: int, column: str, value: str) -> None:
    """Set one cell, found by its row as a spreadsheet numbers it and its column name."""
    with path.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    table[line - 1][table[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(table)


@pytest.mark.parametrize(
    ("file", "column", "value", "message"),
    [
        ("events.csv", "start_date", "2025-02-30", "'2025-02-30' is not a date"),
        ("progress_updates.csv", "status", "nearly", "'nearly' is not one of: no_evidence_found, not_applicable"),
        ("commitments.csv", "event", "no-such-event", "'no-such-event' is not in the event rows before it"),
        ("organizations.csv", "source_quote", "IEC, ISO and ITU", "is not the source's text at quote_start"),
        ("sources.csv", "text", "An altered text", "does not match its sha256"),
        ("commitments.csv", "themes", "no-such-theme", "'no-such-theme' is not in themes.csv"),
        ("progress_updates.csv", "progress_value", "twelve", "'twelve' is not a number"),
    ],
)
def test_import_names_the_file_row_and_field_of_a_bad_row_and_writes_nothing(
    file, column, value, message, with_history, empty_url, tmp_path
):
    package = export(with_history, tmp_path / "p")
    _edit(package / file, 2, column, value)
    result = run_cli("import", str(package), db_url=empty_url)
    assert result.returncode == 2
    assert f"{file}, row 2, field {column}: {message}" in result.stderr
    assert "nothing was written" in result.stderr
    assert set(table_counts(engine_at(empty_url)).values()) <= {0, 1}  # data_revision's one row only


def test_an_admin_account_in_a_package_comes_in_as_an_editor_unless_asked_for(with_history, tmp_path):
    run_cli("users", "add", "root", "--role", "admin", "--password-stdin", db_url=with_history, check=True,
            stdin="a long enough password\n")  # fmt: skip
    package = export(with_history, tmp_path / "p", "--accounts")
    roles = {}
    for asked in ((), ("--admins",)):
        target = _empty_database("postgresql" if ON_POSTGRES else "sqlite", tmp_path)
        result = run_cli("import", str(package), "--accounts", *asked, db_url=target, check=True)
        with engine_at(target).connect() as connection:
            roles[asked] = dict(connection.execute(sa.text("SELECT username, role FROM user_account")).all())
        assert ("imported as editors" in result.stdout) == (not asked)
    assert roles[()] == {"alice": "editor", "root": "editor"}
    assert roles[("--admins",)] == {"alice": "editor", "root": "admin"}
    bad = run_cli("import", str(package), "--admins", db_url=_empty_database("sqlite", tmp_path))
    assert bad.returncode == 2 and "--admins goes with --accounts" in bad.stderr


@pytest.mark.parametrize(
    ("file", "line", "column", "value", "message"),
    [
        ("events.csv", 3, "end_date", "2020-01-01", "events.csv, row 3: end_date is before start_date"),
        ("progress_updates.csv", 2, "progress_value", "inf", "field progress_value: must be a finite number"),
        ("progress_updates.csv", 2, "as_of", "2999-01-01", "as of 1 January 2999 is in the future"),
        ("progress_updates.csv", 2, "recorded_at", "2999-01-01T00:00:00Z", "2999-01-01 00:00 is in the future"),
        ("progress_updates.csv", 2, "rationale", "before\x00after", "field rationale: holds a NUL character"),
    ],
    ids=["event ends before it starts", "infinite progress", "update dated 2999", "recorded in 2999", "NUL"],
)
def test_import_refuses_what_the_write_path_refuses_and_writes_nothing(
    with_history, empty_url, tmp_path, file, line, column, value, message
):
    package = export(with_history, tmp_path / "p")
    _edit(package / file, line, column, value)
    result = run_cli("import", str(package), db_url=empty_url)
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert set(table_counts(engine_at(empty_url)).values()) <= {0, 1}


def test_import_takes_a_source_as_long_as_the_app_allows(with_history, empty_url, tmp_path):
    package = export(with_history, tmp_path / "p")
    path = package / "sources.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    text = table[1][table[0].index("text")] + "x" * 200_000  # past csv's own limit of 131,072 characters
    table[1][table[0].index("text")] = text
    table[1][table[0].index("sha256")] = hashlib.sha256(text.encode()).hexdigest()
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(table)
    result = run_cli("import", str(package), db_url=empty_url)
    assert result.returncode == 0, result.stderr
    with engine_at(empty_url).connect() as connection:
        assert max(connection.execute(sa.text("SELECT length(text) FROM source")).scalars()) == len(text)


def test_import_names_a_file_that_is_not_utf8_and_writes_nothing(with_history, empty_url, tmp_path):
    package = export(with_history, tmp_path / "p")
    path = package / "organizations.csv"
    path.write_bytes(path.read_bytes().replace(b"ITU", b"IT\xff", 1))
    result = run_cli("import", str(package), db_url=empty_url)
    assert result.returncode == 2 and "organizations.csv" in result.stderr and "is not UTF-8 text" in result.stderr
    assert "Traceback" not in result.stderr
    assert set(table_counts(engine_at(empty_url)).values()) <= {0, 1}


def test_import_refuses_a_folder_that_is_not_a_package(empty_url, tmp_path):
    (tmp_path / "notes").mkdir()
    result = run_cli("import", str(tmp_path / "notes"), db_url=empty_url)
    assert result.returncode == 2 and "holds no datapackage.json" in result.stderr
    result = run_cli("import", str(tmp_path / "missing"), db_url=empty_url)
    assert result.returncode == 2 and "is not a folder" in result.stderr


def test_a_party_representative_travels_with_the_party_they_reply_for(with_history, empty_url, tmp_path):
    run_cli("users", "add", "china-rep", "--role", "party", "--party", "china", "--password-stdin",
            db_url=with_history, check=True, stdin="a long enough password\n")  # fmt: skip
    folder = export(with_history, tmp_path / "accounts", "--accounts")
    assert {(a["username"], a["party_slug"]) for a in rows(folder / "accounts.csv")} == {
        ("alice", ""),
        ("china-rep", "china"),
    }
    run_cli("import", str(folder), "--accounts", db_url=empty_url, check=True)
    listed = run_cli("users", "list", db_url=empty_url, check=True).stdout
    assert "china-rep\tparty" in listed
    from tracker.write.auth import list_users

    assert {a.username: a.party_slug for a in list_users(engine_at(empty_url))} == {
        "alice": None,
        "china-rep": "china",
    }


def test_replies_and_contests_go_out_and_come_back_byte_for_byte(with_history, empty_url, tmp_path):
    from models.inputs import ContestCreate, ContestResolution, PartyReplyCreate
    from tracker.write import auth, review

    engine = engine_at(with_history)
    china = auth.add_user(engine, username="china-rep", role="party", password="a long enough password", party="china")
    china = auth.cli_actor(engine, china.username)
    alice = auth.cli_actor(engine, "alice")
    review.record_reply(
        engine,
        data=PartyReplyCreate(
            update_id=2,  # the correction in force
            party_slug="china",
            status="responded",
            text='=HYPERLINK("http://evil.example") we disagree',
            party_status="limited",
            received_on="2026-11-20",
            channel="tracker_account",
        ),
        actor=china,
    )
    opened = review.contest(
        engine, data=ContestCreate(commitment_slug=PLAN, value="due_date", reason="Is the year stated?"), actor=china
    )
    review.resolve(
        engine,
        contest_id=opened.id,
        data=ContestResolution(resolution="kept", resolution_note="It is inferred, and marked so."),
        actor=alice,
    )
    today = dt.datetime.now(dt.UTC).date().isoformat()  # a contest stands from the day it was opened
    first, second = tmp_path / "first", tmp_path / "second"
    run_cli("export", "--out", str(first), db_url=with_history, today=today, check=True)
    assert len(rows(first / "party_replies.csv")) == 1 and len(rows(first / "contests.csv")) == 1
    assert rows(first / "party_replies.csv")[0]["text"].startswith("'=HYPERLINK")  # safe in a spreadsheet
    run_cli("import", str(first), db_url=empty_url, today=today, check=True)
    run_cli("export", "--out", str(second), db_url=empty_url, today=today, check=True)
    assert files(first) == files(second)
