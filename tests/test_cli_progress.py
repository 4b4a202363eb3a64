"""`python -m tracker record`, `users` and `export --as-of`, run as a user runs them."""

import csv

import pytest

from tests.conftest import add_rubrics, engine_at, run_cli, table_counts

PLAN = "samr-50-more-ai-standards"
GOOD = [
    "record",
    "--commitment",
    PLAN,
    "--status",
    "limited",
    "--as-of",
    "2026-03-01",
    "--rationale",
    "12 drafts published",
    "--progress",
    "12",
    "--evidence-url",
    "https://example.org/samr",
    "--by",
    "alice",
]


@pytest.fixture
def with_editor(db_url) -> str:
    run_cli("seed", db_url=db_url, check=True)
    add_rubrics(engine_at(db_url))
    run_cli(
        "users",
        "add",
        "alice",
        "--role",
        "editor",
        "--password-stdin",
        db_url=db_url,
        check=True,
        stdin="a long enough password\n",
    )
    return db_url


def replaced(args: list[str], option: str, value: str | None) -> list[str]:
    """GOOD with `option` set to `value` (or removed when value is None)."""
    out = list(args)
    i = out.index(option)
    if value is None:
        del out[i : i + 2]
    else:
        out[i + 1] = value
    return out


def test_record_writes_an_update_and_says_so(with_editor):
    result = run_cli(*GOOD, db_url=with_editor, check=True)
    assert result.stdout.strip() == f"recorded update #1: {PLAN} is limited as of 2026-03-01"


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (replaced(GOOD, "--commitment", "no-such-commitment"), "there is no commitment 'no-such-commitment'"),
        (replaced(GOOD, "--status", "done"), "invalid choice: 'done'"),
        (replaced(GOOD, "--as-of", "2026-11-23"), "is in the future"),
        (replaced(GOOD, "--as-of", "22/11/2026"), "not a date in the form YYYY-MM-DD"),
        (replaced(GOOD, "--evidence-url", "javascript:alert(1)"), "must be an http:// or https:// address"),
        (replaced(GOOD, "--rationale", None), "the following arguments are required: --rationale"),
        (replaced(GOOD, "--rationale", "   "), "rationale: is required"),
        (replaced(GOOD, "--progress", "-3"), "progress: must be at least 0"),
        (
            replaced(replaced(GOOD, "--commitment", "seoul-ai-capacity-building"), "--progress", "3"),
            "has no numeric target",
        ),
        (replaced(GOOD, "--evidence-url", None), "needs evidence"),
        (replaced(GOOD, "--by", "nobody"), "no account 'nobody'"),
    ],
)
def test_bad_input_exits_non_zero_with_one_line_and_changes_nothing(with_editor, args, reason):
    engine = engine_at(with_editor)
    before = table_counts(engine)
    result = run_cli(*args, db_url=with_editor)
    assert result.returncode != 0
    assert reason in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert table_counts(engine) == before


def test_a_viewer_account_cannot_record(with_editor):
    run_cli("users", "set-role", "alice", "viewer", db_url=with_editor, check=True)
    result = run_cli(*GOOD, db_url=with_editor)
    assert result.returncode != 0 and "needs the editor role" in result.stderr


def test_a_correction_from_the_command_line(with_editor):
    run_cli(*GOOD, db_url=with_editor, check=True)
    fix = replaced(GOOD, "--progress", "10") + ["--corrects", "1", "--reason", "two drafts were counted twice"]
    result = run_cli(*fix, db_url=with_editor, check=True)
    assert "recorded correction of #1 #2" in result.stdout


def test_users_are_managed_from_the_command_line(with_editor):
    run_cli("users", "add", "dana@example.org", "--role", "editor", "--oidc", db_url=with_editor, check=True)
    listed = run_cli("users", "list", db_url=with_editor, check=True).stdout.splitlines()
    assert listed == ["alice\teditor\tactive\tpassword\t", "dana@example.org\teditor\tactive\tOpenID Connect\t"]
    run_cli("users", "disable", "alice", db_url=with_editor, check=True)
    assert run_cli("users", "list", db_url=with_editor, check=True).stdout.startswith("alice\teditor\tdisabled")
    result = run_cli(
        "users", "add", "erin", "--role", "editor", "--password-stdin", db_url=with_editor, stdin="short\n"
    )
    assert result.returncode != 0 and "at least 10 characters" in result.stderr


def test_export_as_of_writes_the_tables_as_they_stood(with_editor, tmp_path):
    run_cli(*GOOD, db_url=with_editor, check=True)

    def export(as_of: str) -> dict[str, list[dict[str, str]]]:
        out = tmp_path / as_of
        run_cli("export", "--out", str(out), "--as-of", as_of, db_url=with_editor, check=True)
        return {p.stem: list(csv.DictReader(p.open(encoding="utf-8"))) for p in out.glob("*.csv")}

    before = export("2026-02-01")
    assert before["progress_updates"] == []
    assert {r["slug"]: r["status"] for r in before["commitments"]}[PLAN] == "not_assessed"
    after = export("2026-04-01")
    plan = {r["slug"]: r for r in after["commitments"]}[PLAN]
    assert (plan["status"], plan["progress_value"], plan["last_update"]) == ("limited", "12", "2026-03-01")
    assert [(u["commitment"], u["status"], u["recorded_by"]) for u in after["progress_updates"]] == [
        (PLAN, "limited", "alice")
    ]
    early = export("2025-08-01")
    assert len(early["commitments"]) == 8 and [e["slug"] for e in early["events"]] == [
        "waic-2025-ai-standardization-forum"
    ]
    assert early["participation_figures"] and all(
        f["event"] == "waic-2025-ai-standardization-forum" for f in early["participation_figures"]
    )


def test_export_refuses_a_future_as_of_date(with_editor, tmp_path):
    result = run_cli("export", "--out", str(tmp_path), "--as-of", "2027-01-01", db_url=with_editor)
    assert result.returncode != 0 and "is in the future" in result.stderr


def test_set_password_refuses_a_short_password_and_an_unknown_account(with_editor):
    short = run_cli("users", "set-password", "alice", "--password-stdin", db_url=with_editor, stdin="short\n")
    assert short.returncode == 2 and "at least 10 characters" in short.stderr
    unknown = run_cli("users", "set-password", "bob", "--password-stdin", db_url=with_editor, stdin="long enough pw\n")
    assert unknown.returncode == 2 and "no account 'bob'" in unknown.stderr
