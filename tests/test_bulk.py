"""The bulk route: a contributor's facts file added as an editor's additions, all checked first."""

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from sqlmodel import Session, select

from models.db import PROJECT_ROOT
from models.inputs import ProgressUpdateCreate
from models.tables import Commitment, FactChange, Organization, Source
from tests.conftest import run_cli, table_counts
from tracker.read import queries
from tracker.read.filters import CommitmentFilter
from tracker.write import auth, writes

DOCUMENTS = PROJECT_ROOT / "tests" / "documents"
PASSWORD = "a long enough password"


@pytest.fixture
def contributor(seeded):
    auth.add_user(seeded, username="carol", role="editor", password=PASSWORD)
    return "carol"


def copy_facts(tmp_path: Path, name: str, change=None) -> Path:
    """The facts file `name` and its document, copied into tmp_path, with `change(raw)` applied."""
    raw = yaml.safe_load((DOCUMENTS / f"{name}.yaml").read_text(encoding="utf-8"))
    for source in raw.get("sources", []):
        shutil.copy(DOCUMENTS / source["file"], tmp_path / source["file"])
    if change:
        change(raw)
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_a_facts_file_goes_in_as_the_editors_additions(seeded, db_url, contributor):
    result = run_cli("contribute", str(DOCUMENTS / "lakeside_forum.yaml"), "--by", contributor, db_url=db_url)
    assert result.returncode == 0, result.stderr
    assert "sources: 1, organizations: 3, events: 1, commitments: 3, participation figures: 1" in result.stdout
    with Session(seeded) as session:
        wrapped = session.get(Commitment, "open-a-register-of-ai-assessments")
        quarterly = session.get(Commitment, "publish-12-joint-ai-testing-standards")
        logged = session.exec(select(FactChange.fact).where(FactChange.changed_by == contributor)).all()
        report = session.get(Source, "lakeside-forum-report")
    assert report.other_urls.splitlines() == [
        "https://example.org/lakeside-forum.pdf",
        "https://mirror.example.net/lakeside-forum",
    ]
    assert (wrapped.origin, wrapped.created_by) == ("user", contributor)
    # Typed on one line, stored as the document has it: across its line break.
    assert wrapped.source_quote.endswith("AI conformity\nassessments by the end of 2026.")
    assert wrapped.text == wrapped.source_quote
    assert (str(quarterly.due_date), quarterly.due_date_precision) == ("2027-06-30", "quarter")
    assert len(logged) == 9  # the document, its event, three organizations, three commitments, a figure
    assert run_cli("verify", db_url=db_url).returncode == 0


def test_a_chinese_document_goes_in_with_ascii_slugs_and_its_names_as_written(seeded, db_url, contributor):
    result = run_cli("contribute", str(DOCUMENTS / "huxi_plan_zh.yaml"), "--by", contributor, db_url=db_url)
    assert result.returncode == 0, result.stderr
    with Session(seeded) as session:
        centre = session.get(Organization, "hu-xi-shi-shu-zi-biao-zhun-zhong-xin")
        plan = session.get(Commitment, "huxi-20-local-ai-standards")
    assert centre.name == "湖西市数字标准中心"
    assert centre.source_quote == "湖西市数字标准中心（HDSC）"  # typed with ASCII brackets, stored full-width
    assert (plan.target_value, plan.target_qualifier, str(plan.due_date)) == (20, "over", "2027-12-31")


def test_a_file_may_refer_to_stored_rows_by_slug(seeded, db_url, contributor, tmp_path):
    def refer(raw):
        raw["commitments"][1]["parties"].append({"organization_slug": "itu", "role": "responsible"})  # seeded

    run_cli("contribute", str(copy_facts(tmp_path, "lakeside_forum", refer)), "--by", contributor, db_url=db_url)
    with Session(seeded) as session:
        assert session.get(Commitment, "open-a-register-of-ai-assessments") is not None
    # A second file quotes the stored source and names the stored event.
    second = {
        "organizations": [
            {"slug": "lakeside", "name": "Lakeside", "kind": "city", "source_slug": "lakeside-forum-report",
             "source_quote": "Lakeside, 14-15 March 2026"}
        ],
        "event_roles": [
            {"event_slug": "lakeside-forum-on-ai-standards", "organization_slug": "lakeside", "role": "host",
             "source_slug": "lakeside-forum-report", "source_quote": "Lakeside, 14-15 March 2026"}
        ],
    }  # fmt: skip
    path = tmp_path / "second.yaml"
    path.write_text(yaml.safe_dump(second), encoding="utf-8")
    result = run_cli("contribute", str(path), "--by", contributor, db_url=db_url)
    assert result.returncode == 0, result.stderr
    assert "organizations: 1, event roles: 1" in result.stdout


def test_every_problem_is_reported_at_once_and_nothing_is_written(seeded, db_url, contributor, tmp_path):
    def spoil(raw):
        raw["organizations"][0]["slug"] = "iec"  # a seeded row: never overwritten
        raw["organizations"][1]["kind"] = "club"
        raw["commitments"][0]["event_slug"] = "no-such-event"
        raw["commitments"][1]["source_quote"] = "The CDA promises a register."
        raw["participation_figures"][0]["value"] = -5
        raw["events"][0]["source_quote"] = "Lakeside Forum, March 2026"

    before = table_counts(seeded)
    result = run_cli("contribute", str(copy_facts(tmp_path, "lakeside_forum", spoil)), "--by", contributor,
                     db_url=db_url)  # fmt: skip
    assert result.returncode == 2
    assert "7 problems, nothing written" in result.stderr
    for expected in (
        "organizations[0] 'iec': slug: already exists in the tracker; a contribution never changes a stored row",
        "organizations[1] 'cda': kind:",
        "commitments[0] 'publish-12-joint-ai-testing-standards': event_slug: 'no-such-event' names no event",
        "commitments[1] 'open-a-register-of-ai-assessments': the commitment's text must be a part of its evidence",
        "events[0] 'lakeside-forum-on-ai-standards': source_quote: quote not found",
        "participation_figures[0] 'lakeside-forum-delegates': value: must be at least 0",
        "commitments[0] 'publish-12-joint-ai-testing-standards': parties: 'nsc' names no organization",  # renamed
    ):
        assert expected in result.stderr
    assert table_counts(seeded) == before
    with Session(seeded) as session:
        assert session.get(Organization, "iec").created_by != contributor


@pytest.mark.parametrize("file", ["../../etc/hostname", "/etc/hostname", "sub/lakeside_forum.txt"])
def test_a_facts_file_names_only_documents_beside_it_or_in_the_documents_folder(
    seeded, db_url, contributor, tmp_path, file
):
    def elsewhere(raw):
        raw["sources"][0]["file"] = file

    result = run_cli("contribute", str(copy_facts(tmp_path, "lakeside_forum", elsewhere)), "--by", contributor,
                     db_url=db_url)  # fmt: skip
    assert result.returncode == 2
    assert "file: must be a bare file name" in result.stderr
    with Session(seeded) as session:
        assert session.exec(select(Source).where(Source.slug == "lakeside-forum-report")).first() is None


def test_a_document_beside_a_facts_file_that_links_out_of_its_folder_is_not_read(seeded, db_url, contributor, tmp_path):
    folder = tmp_path / "contribution"
    folder.mkdir()
    path = copy_facts(folder, "lakeside_forum")
    document = folder / yaml.safe_load(path.read_text(encoding="utf-8"))["sources"][0]["file"]
    outside = tmp_path / "private.txt"
    outside.write_bytes(document.read_bytes())  # the same text, so only where it lies can refuse it
    document.unlink()
    document.symlink_to(outside)
    result = run_cli("contribute", str(path), "--by", contributor, db_url=db_url)
    assert result.returncode == 2 and "a link leading out of its folder is not followed" in result.stderr
    with Session(seeded) as session:
        assert session.exec(select(Source).where(Source.slug == "lakeside-forum-report")).first() is None
    document.unlink()
    document.symlink_to(folder / "kept.txt")  # a link within the folder is the folder's own file
    (folder / "kept.txt").write_bytes(outside.read_bytes())
    assert run_cli("contribute", str(path), "--by", contributor, db_url=db_url).returncode == 0


def test_a_viewer_cannot_contribute(seeded, db_url):
    auth.add_user(seeded, username="victor", role="viewer", password=PASSWORD)
    result = run_cli("contribute", str(DOCUMENTS / "lakeside_forum.yaml"), "--by", "victor", db_url=db_url)
    assert result.returncode == 2 and "editor" in result.stderr


PLAN = """National AI Standards Plan
Published 10 February 2026.
The Standards Office will publish 8 AI testing standards by the end of 2027.
"""


def plan_file(tmp_path: Path, published_on: str | None = "2026-02-10") -> Path:
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    facts = {
        "sources": [{"slug": "national-plan", "label": "National AI Standards Plan", "file": "plan.txt"}],
        "organizations": [
            {"slug": "standards-office", "name": "Standards Office", "kind": "government_agency",
             "source_slug": "national-plan", "source_quote": "The Standards Office"}
        ],
        "commitments": [
            {"slug": "plan-8-testing-standards", "title": "Publish 8 AI testing standards",
             "text": "The Standards Office will publish 8 AI testing standards by the end of 2027.",
             "framework": "National AI Standards Plan", "parties": [{"organization_slug": "standards-office",
             "role": "party"}], "due_date": "2027-12-31", "due_date_precision": "year",
             "source_slug": "national-plan",
             "source_quote": "The Standards Office will publish 8 AI testing standards by the end of 2027."}
        ],
    }  # fmt: skip
    if published_on:
        facts["sources"][0]["published_on"] = published_on
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(facts), encoding="utf-8")
    return path


def test_a_commitment_made_in_a_document_itself_counts_from_its_publication(seeded, db_url, contributor, tmp_path):
    refused = run_cli("contribute", str(plan_file(tmp_path, published_on=None)), "--by", contributor, db_url=db_url)
    assert refused.returncode == 2 and "counts from its publication date" in refused.stderr
    result = run_cli("contribute", str(plan_file(tmp_path)), "--by", contributor, db_url=db_url)
    assert result.returncode == 0, result.stderr
    before = queries.commitments_table(seeded, CommitmentFilter(as_of=dt.date(2026, 2, 9)))
    after = queries.commitments_table(seeded, CommitmentFilter(as_of=dt.date(2026, 2, 10)))
    assert "plan-8-testing-standards" not in set(before["slug"])
    assert "plan-8-testing-standards" in set(after["slug"])
    detail = queries.commitment_detail(seeded, "plan-8-testing-standards", dt.date(2026, 11, 22))
    assert (detail["event"], detail["made_on"]) == (None, dt.date(2026, 2, 10))
    early = ProgressUpdateCreate(
        commitment_slug="plan-8-testing-standards", as_of=dt.date(2026, 1, 5), status="not_started", rationale="x"
    )
    with pytest.raises(writes.WriteError, match="before the commitment was made"):
        writes.record_progress(seeded, data=early, actor=auth.sign_in(seeded, contributor, PASSWORD))
    exported = run_cli("export", "--out", str(tmp_path / "out"), db_url=db_url)
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader((tmp_path / "out" / "commitments.csv").open(encoding="utf-8")))
    assert [row["event"] for row in rows if row["slug"] == "plan-8-testing-standards"] == [""]


def test_a_file_may_not_name_a_retracted_row(seeded, db_url, contributor, tmp_path):
    first = {
        "organizations": [
            {"slug": "tsb", "name": "Telecommunication Standardization Bureau", "kind": "standards_body",
             "source_slug": "seoul-statement-announcement", "source_quote": "Telecommunication Standardization Bureau"}
        ],
    }  # fmt: skip
    path = tmp_path / "first.yaml"
    path.write_text(yaml.safe_dump(first), encoding="utf-8")
    assert run_cli("contribute", str(path), "--by", contributor, db_url=db_url).returncode == 0
    actor = auth.sign_in(seeded, contributor, PASSWORD)
    writes.retract_fact(seeded, kind="organization", key="tsb", reason="Not an organization of its own", actor=actor)

    def name_it(raw):
        raw["commitments"][1]["parties"].append({"organization_slug": "tsb", "role": "responsible"})

    before = table_counts(seeded)
    result = run_cli("contribute", str(copy_facts(tmp_path, "lakeside_forum", name_it)), "--by", contributor,
                     db_url=db_url)  # fmt: skip
    assert result.returncode != 0
    assert "parties: 'tsb' names a retracted organization: see the Changes log" in result.stderr
    assert table_counts(seeded) == before
    path.write_text(yaml.safe_dump(first), encoding="utf-8")  # the slug stays taken
    again = run_cli("contribute", str(path), "--by", contributor, db_url=db_url)
    assert "slug: already exists in the tracker" in again.stderr
