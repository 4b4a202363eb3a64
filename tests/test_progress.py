"""Tracking over time, in the core: who may write, the append-only history, as-of views, corrections, conflicts."""

import dataclasses
import datetime as dt
import inspect

import pytest
import sqlalchemy as sa
from pydantic import ValidationError
from sqlmodel import Session, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from models.db import PROJECT_ROOT, read_revision, write_session
from models.inputs import CommitmentCreate, CommitmentUpdate, OrganizationCreate, PartyIn, ProgressUpdateCreate
from models.tables import Commitment, CommitmentParty, Organization, ProgressUpdate, Theme
from tests.conftest import table_counts
from tracker.domain import rules
from tracker.present import words
from tracker.read import history, queries
from tracker.read.filters import CommitmentFilter
from tracker.web import routes
from tracker.write import auth, writes

PLAN = "samr-50-more-ai-standards"
SEOUL = "seoul-ai-capacity-building"
TODAY = dt.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setenv("TRACKER_TODAY", TODAY.isoformat())


@pytest.fixture
def editor(seeded) -> auth.Actor:
    auth.add_user(seeded, username="alice", role="editor", password="a long enough password")
    return auth.sign_in(seeded, "alice", "a long enough password")


def update(commitment=PLAN, *, as_of="2026-03-01", status="limited", **more) -> ProgressUpdateCreate:
    values = {
        "commitment_slug": commitment,
        "as_of": as_of,
        "status": status,
        "rationale": "drafts published",
        "evidence_url": "https://example.org/evidence",
    } | more
    return ProgressUpdateCreate(**values)


def status_on(engine, slug: str, day: str) -> tuple[str, str]:
    f = CommitmentFilter(as_of=dt.date.fromisoformat(day))
    table = words.commitments(queries.commitments_table(engine, f), f.as_of).set_index("slug")
    return table.loc[slug, "status_label"], table.loc[slug, "progress"]


# --- who may write ------------------------------------------------------------------------------------------


def test_a_viewer_cannot_record_and_nothing_is_written(seeded):
    auth.add_user(seeded, username="victor", role="viewer", password="a long enough password")
    viewer = auth.sign_in(seeded, "victor", "a long enough password")
    before = table_counts(seeded)
    with pytest.raises(auth.PermissionDenied, match="needs the editor role"):
        writes.record_progress(seeded, data=update(), actor=viewer)
    assert table_counts(seeded) == before


def test_nobody_signed_in_cannot_record(seeded):
    with pytest.raises(auth.PermissionDenied, match="sign in as an editor"):
        writes.record_progress(seeded, data=update(), actor=None)


def test_a_role_taken_away_takes_effect_at_once(seeded, editor):
    auth.set_role(seeded, "alice", "viewer")
    with pytest.raises(auth.PermissionDenied):
        writes.record_progress(seeded, data=update(), actor=editor)
    auth.set_role(seeded, "alice", "editor")
    auth.set_active(seeded, "alice", False)
    with pytest.raises(auth.PermissionDenied, match="disabled"):
        writes.record_progress(seeded, data=update(), actor=editor)


def test_an_actor_claiming_a_role_it_does_not_have_is_refused(seeded):
    forged = auth.Actor("mallory", "Mallory", "admin", "cli")
    with pytest.raises(auth.PermissionDenied, match="no account"):
        writes.record_progress(seeded, data=update(), actor=forged)


def test_every_write_records_the_actor(seeded, editor):
    recorded = writes.record_progress(seeded, data=update(), actor=editor)
    assert recorded.recorded_by == "alice"
    with Session(seeded) as session:
        assert session.get(ProgressUpdate, recorded.id).recorded_at is not None


# --- history ------------------------------------------------------------------------------------------------


def test_status_as_of_any_date_is_reconstructed_from_the_history(seeded, editor):
    writes.record_progress(seeded, data=update(as_of="2026-03-01", status="limited", progress_value=12), actor=editor)
    writes.record_progress(
        seeded, data=update(as_of="2026-09-01", status="substantial", progress_value=35), actor=editor
    )
    # recorded later, about an earlier date: it takes its place in the order of the dates described
    writes.record_progress(seeded, data=update(as_of="2026-06-01", status="limited", progress_value=20), actor=editor)
    assert status_on(seeded, PLAN, "2026-02-28") == ("Not assessed", "")
    assert status_on(seeded, PLAN, "2026-03-01") == ("Limited", "12 of over 50 more AI-related standards")
    assert status_on(seeded, PLAN, "2026-07-01") == ("Limited", "20 of over 50 more AI-related standards")
    assert status_on(seeded, PLAN, "2026-11-22") == ("Substantial", "35 of over 50 more AI-related standards")


def test_why_a_status_is_missing_is_said_exactly_and_each_reason_counts_as_the_rules_say(seeded, editor):
    """No one has looked (not assessed), someone looked and found nothing (no evidence found: where they looked is
    its evidence, and it counts as assessed), the scale does not apply (not applicable: closed, so never overdue
    or stale). A look that found nothing must say where it looked."""
    with pytest.raises(ValidationError, match="no evidence found needs where you looked"):
        update(status="no_evidence_found", evidence_url="")
    after = dt.date(2027, 1, 15)  # past the plan's inferred deadline
    view = CommitmentFilter(as_of=after)

    def claims(slug):
        row = queries.commitments_table(seeded, view).set_index("slug").loc[slug]
        return row["status"], row["deadline_state"], bool(row["stale"])

    assert claims(PLAN) == ("not_assessed", "passed_not_assessed", True)
    writes.record_progress(seeded, data=update(as_of="2026-11-01", status="no_evidence_found"), actor=editor)
    assert claims(PLAN) == ("no_evidence_found", "overdue", False)  # someone looked: a missed deadline is missed
    writes.record_progress(seeded, data=update(as_of="2026-11-20", status="not_applicable"), actor=editor)
    assert claims(PLAN) == ("not_applicable", "closed", False)
    assert queries.view_counts(seeded, view).statuses["not_applicable"] == 1


def test_a_correction_supersedes_the_update_it_names(seeded, editor):
    wrong = writes.record_progress(seeded, data=update(status="substantial", progress_value=30), actor=editor)
    fix = writes.record_progress(
        seeded,
        data=update(status="limited", progress_value=12, corrects_id=wrong.id, correction_reason="miscounted"),
        actor=editor,
    )
    assert status_on(seeded, PLAN, "2026-11-22") == ("Limited", "12 of over 50 more AI-related standards")
    timeline = history.timeline(seeded, PLAN).set_index("id")
    assert not timeline.loc[wrong.id, "effective"] and timeline.loc[fix.id, "effective"]
    assert timeline.loc[wrong.id, "note"] == f"superseded by #{fix.id}"
    log = history.changes_log(seeded)
    assert list(log["id"]) == [fix.id, wrong.id]
    assert list(log["kind"]) == ["correction", "update"]


def test_an_update_can_be_corrected_only_once(seeded, editor):
    first = writes.record_progress(seeded, data=update(), actor=editor)
    writes.record_progress(seeded, data=update(corrects_id=first.id, correction_reason="typo"), actor=editor)
    with pytest.raises(writes.WriteError, match="already corrected"):
        writes.record_progress(seeded, data=update(corrects_id=first.id, correction_reason="again"), actor=editor)


def test_a_correction_must_name_an_update_of_the_same_commitment(seeded, editor):
    other = writes.record_progress(seeded, data=update(SEOUL, status="not_started"), actor=editor)
    with pytest.raises(writes.WriteError, match="is not an update of"):
        writes.record_progress(seeded, data=update(corrects_id=other.id, correction_reason="x"), actor=editor)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (lambda: update(as_of="2025-07-01"), "before the commitment was made"),
        (lambda: update(SEOUL, progress_value=3), "has no numeric target"),
        (lambda: update("no-such-commitment"), "there is no commitment"),
    ],
)
def test_updates_the_database_would_accept_but_make_no_sense_are_refused(seeded, editor, data, message):
    before = table_counts(seeded)
    with pytest.raises(writes.WriteError, match=message):
        writes.record_progress(seeded, data=data(), actor=editor)
    assert table_counts(seeded) == before


def test_an_update_dated_in_the_future_is_refused_by_its_input_model_wherever_it_comes_from(seeded, editor):
    # The rule is the input's own, so a form, the CLI and a data package's import all refuse the same row.
    with pytest.raises(ValidationError, match="is in the future"):
        update(as_of="2026-11-23")


def test_the_database_refuses_to_change_or_delete_a_progress_update(seeded, editor):
    recorded = writes.record_progress(seeded, data=update(), actor=editor)
    for statement in (
        sa.update(ProgressUpdate).where(ProgressUpdate.id == recorded.id).values(status="complete"),
        sa.delete(ProgressUpdate).where(ProgressUpdate.id == recorded.id),
    ):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"), seeded.begin() as connection:
            connection.execute(statement)
    with Session(seeded) as session:
        assert session.get(ProgressUpdate, recorded.id).status == "limited"


def test_the_core_offers_no_way_to_change_or_delete_an_update():
    public = [
        name
        for name, value in vars(writes).items()
        if inspect.isfunction(value) and value.__module__ == writes.__name__ and not name.startswith("_")
    ]
    # Adding one (record, publish) and checking one: nothing that changes or removes one.
    assert sorted(name for name in public if "progress" in name) == [
        "check_progress",
        "progress_target",
        "publish_progress",
        "record_progress",
    ]
    checked = [
        path
        for folder in ("tracker", "models", "seed", "app_pages")
        for path in (PROJECT_ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts
    ]
    assert PROJECT_ROOT / "tracker" / "write" / "writes.py" in checked  # every module, nested ones too
    for path in checked:
        source = path.read_text(encoding="utf-8")
        for forbidden in ("update(ProgressUpdate", "delete(ProgressUpdate", "delete(ProgressUpdate.__table__"):
            assert forbidden not in source, f"{path.relative_to(PROJECT_ROOT)} contains {forbidden}"


def test_stale_follows_the_written_rule(seeded, editor, monkeypatch):
    everything = CommitmentFilter(as_of=TODAY)
    stale = dataclasses.replace(everything, stale=True)
    assert queries.count_commitments(seeded, stale) == 12  # nothing recorded since the 2025 events
    writes.record_progress(seeded, data=update(as_of="2026-10-01"), actor=editor)
    assert queries.count_commitments(seeded, stale) == 11
    assert PLAN not in set(queries.commitments_table(seeded, stale)["slug"])
    assert not queries.commitments_table(seeded, everything).set_index("slug").loc[PLAN, "stale"]
    assert (
        "Stale"
        not in words.commitments(queries.commitments_table(seeded, everything), TODAY)
        .set_index("slug")
        .loc[PLAN, "flags"]
    )
    monkeypatch.setenv("TRACKER_STALE_AFTER_DAYS", "30")
    assert queries.count_commitments(seeded, stale) == 12


def test_what_changed_between_two_dates(seeded, editor):
    writes.record_progress(seeded, data=update(as_of="2026-03-01", progress_value=12), actor=editor)
    writes.record_progress(seeded, data=update(SEOUL, as_of="2026-08-01", status="not_started"), actor=editor)
    changed = history.changes_between(seeded, dt.date(2026, 4, 1), TODAY, CommitmentFilter(as_of=TODAY))
    assert list(changed["slug"]) == [SEOUL]
    assert (changed.loc[0, "status_before"], changed.loc[0, "status_after"]) == ("not_assessed", "not_started")
    assert words.changes(changed).loc[0, "status_after_label"] == "Not started"
    changed = history.changes_between(seeded, dt.date(2026, 1, 1), TODAY, CommitmentFilter(as_of=TODAY))
    assert set(changed["slug"]) == {PLAN, SEOUL}


def test_the_tracker_as_of_a_date_before_an_event_omits_its_commitments(seeded):
    before_seoul = CommitmentFilter(as_of=dt.date(2025, 8, 1))
    assert queries.count_commitments(seeded, before_seoul) == 8
    assert queries.count_commitments(seeded, CommitmentFilter(as_of=dt.date(2025, 7, 1))) == 0


def test_one_made_on_date_for_every_rule_the_first_day_of_the_event(seeded, editor):
    # The Seoul summit ran 2-3 December 2025: its commitments exist, and may be reported on, from 2 December.
    on_the_first_day = CommitmentFilter(as_of=dt.date(2025, 12, 2), frameworks=("Seoul Statement",))
    assert queries.count_commitments(seeded, on_the_first_day) == 4
    assert queries.commitment_detail(seeded, SEOUL, dt.date(2025, 12, 2))["made_on"] == dt.date(2025, 12, 2)
    writes.record_progress(seeded, data=update(SEOUL, as_of="2025-12-02", status="not_started"), actor=editor)
    with pytest.raises(writes.WriteError, match="before the commitment was made"):
        writes.record_progress(seeded, data=update(SEOUL, as_of="2025-12-01", status="not_started"), actor=editor)
    # Stale counts 180 days from 2 December 2025 when nothing was recorded.
    stale = CommitmentFilter(as_of=dt.date(2026, 5, 31), stale=True, frameworks=("Seoul Statement",))
    assert queries.count_commitments(seeded, stale) == 0
    stale = dataclasses.replace(stale, as_of=dt.date(2026, 6, 1))
    assert queries.count_commitments(seeded, stale) == 4  # 181 days after 2 December, the update's date too


# --- no lost edits --------------------------------------------------------------------------------------------


def seen(engine, slug: str) -> tuple[int, dict]:
    with Session(engine) as session:
        commitment = session.get(Commitment, slug)
        return commitment.version, {name: getattr(commitment, name) for name in CommitmentUpdate.model_fields}


def test_the_second_of_two_concurrent_edits_is_refused_with_what_changed(seeded, editor):
    auth.add_user(seeded, username="bob", role="editor", password="another long password")
    bob = auth.sign_in(seeded, "bob", "another long password")
    version, started_from = seen(seeded, SEOUL)  # both editors open the same form
    alice_change = CommitmentUpdate(**started_from | {"due_date": dt.date(2027, 6, 30)})
    writes.update_commitment(
        seeded,
        slug=SEOUL,
        changes=alice_change,
        expected_version=version,
        started_from=started_from,
        actor=editor,
        reason="the deadline the text gives",
    )
    bob_change = CommitmentUpdate(**started_from | {"title": "Bob's title"})
    with pytest.raises(writes.EditConflict) as conflict:
        writes.update_commitment(
            seeded,
            slug=SEOUL,
            changes=bob_change,
            expected_version=version,
            started_from=started_from,
            actor=bob,
            reason="a clearer title",
        )
    assert conflict.value.by == "alice"
    assert [(c.field, c.yours_started_from, c.now) for c in conflict.value.changes] == [
        ("due_date", None, dt.date(2027, 6, 30))
    ]
    assert "changed by alice" in str(conflict.value)
    with Session(seeded) as session:
        saved = session.get(Commitment, SEOUL)
    assert (saved.title, saved.due_date) == (started_from["title"], dt.date(2027, 6, 30))


def test_a_progress_form_opened_before_another_update_is_refused(seeded, editor):
    version, _ = seen(seeded, PLAN)
    writes.record_progress(seeded, data=update(as_of="2026-05-01"), actor=editor, expected_version=version)
    with pytest.raises(writes.EditConflict, match="changed by alice") as conflict:
        writes.record_progress(seeded, data=update(as_of="2026-06-01"), actor=editor, expected_version=version)
    assert "limited as of 2026-05-01" in conflict.value.changes[0].now
    assert len(history.changes_log(seeded)) == 1


def test_a_write_that_fails_half_way_leaves_the_database_unchanged(seeded, editor):
    quote = "Enhance public-private collaboration on AI capacity building."
    data = CommitmentCreate(
        slug="half-way",
        title="Half way",
        text=quote,
        framework="Seoul Statement",
        event_slug="seoul-ai-standards-summit-2025",
        source_slug="seoul-statement-announcement",
        source_quote=quote,
        parties=[
            PartyIn(organization_slug="iec", role="party"),
            PartyIn(organization_slug="no-such-org", role="party"),
        ],
    )
    before, revision = table_counts(seeded), read_revision(seeded)
    with pytest.raises(writes.WriteError, match="there is no organization 'no-such-org'"):
        writes.add_commitment(seeded, data=data, actor=editor)  # the commitment row was already flushed
    assert table_counts(seeded) == before
    assert read_revision(seeded) == revision


def test_new_facts_need_their_quote_in_the_source_as_the_seed_does(seeded, editor):
    data = OrganizationCreate(
        slug="oecd",
        name="OECD",
        kind="other",
        source_slug="seoul-statement-announcement",
        source_quote="The OECD joined the statement.",
    )
    with pytest.raises(writes.WriteError, match="quote not found"):
        writes.add_organization(seeded, data=data, actor=editor)
    twice = data.model_copy(update={"source_quote": "World Standards Cooperation"})
    with pytest.raises(writes.WriteError, match="occurs 2 times") as refused:
        writes.add_organization(seeded, data=twice, actor=editor)
    assert "3,938" in str(refused.value)
    good = twice.model_copy(update={"quote_start": 3938})
    writes.add_organization(seeded, data=good, actor=editor)
    with Session(seeded) as session:
        oecd = session.get(Organization, "oecd")
    assert (oecd.origin, oecd.created_by, oecd.quote_start, oecd.quote_end) == ("user", "alice", 3938, 3965)


def test_every_write_moves_the_data_revision(seeded, editor):
    before = read_revision(seeded)
    writes.record_progress(seeded, data=update(), actor=editor)
    assert read_revision(seeded) == before + 1


def test_an_added_commitment_appears_with_its_parties(seeded, editor):
    quote = "Enhance public-private collaboration on AI capacity building."
    data = CommitmentCreate(
        slug="added",
        title="Added",
        text=quote,
        framework="Seoul Statement",
        event_slug="seoul-ai-standards-summit-2025",
        source_slug="seoul-statement-announcement",
        source_quote=quote,
        parties=[PartyIn(organization_slug="itu", role="responsible")],
        themes=["capacity-building"],
    )
    writes.add_commitment(seeded, data=data, actor=editor)
    with Session(seeded) as session:
        assert session.exec(select(Commitment).where(Commitment.slug == "added")).one().created_by == "alice"
    assert (
        words.commitments(queries.commitments_table(seeded, CommitmentFilter(as_of=TODAY)), TODAY)
        .set_index("slug")
        .loc["added", "parties"]
        == "ITU"
    )


def test_what_the_database_refuses_reads_as_a_sentence_and_writes_nothing(seeded, editor):
    from models.inputs import OrganizationCreate
    from tracker.domain.errors import TrackerError

    before = table_counts(seeded)
    duplicate = OrganizationCreate(
        slug="iso-again",
        name="International Organization for Standardization",
        kind="standards_body",
        source_slug="seoul-statement-announcement",
        source_quote="International Organization for Standardization",
    )
    with pytest.raises(
        TrackerError,
        match="an organization named 'International Organization for Standardization' "
        "already exists as 'iso': use that one",
    ):
        writes.add_organization(seeded, data=duplicate, actor=editor)
    with pytest.raises(TrackerError, match=r"one like it already exists \(.*\): choose another name or slug"):
        with write_session(seeded) as session:  # what the database itself refuses reads as a sentence too
            session.add(Theme(slug="ai-ethics-again", name="AI ethics", origin="user"))
    assert table_counts(seeded) == before


def test_an_update_recorded_today_about_an_earlier_date_is_not_stale(seeded, editor, monkeypatch):
    writes.record_progress(seeded, data=update(as_of="2026-03-01"), actor=editor)
    recorded = history.changes_log(seeded).iloc[0]["recorded_at"].date()
    monkeypatch.setenv("TRACKER_TODAY", recorded.isoformat())  # today is the day it was recorded
    # About 1 March, more than 180 days ago, but recorded today: a look at the commitment today.
    assert PLAN not in set(queries.commitments_table(seeded, CommitmentFilter(as_of=recorded, stale=True))["slug"])
    assert not queries.commitments_table(seeded, CommitmentFilter(as_of=recorded)).set_index("slug").loc[PLAN, "stale"]
    assert not queries.commitment_detail(seeded, PLAN, recorded)["stale"]
    assert "from the day it was recorded" in rules.stale_rule()
    # As the tracker stood before it was recorded, it counts by the day it describes: 1 March.
    before = CommitmentFilter(as_of=dt.date(2026, 10, 1), stale=True)
    assert recorded > before.as_of and PLAN in set(queries.commitments_table(seeded, before)["slug"])


def test_what_changed_by_the_date_recorded_finds_an_update_about_an_earlier_date(seeded, editor, monkeypatch):
    writes.record_progress(seeded, data=update(as_of="2026-03-01"), actor=editor)
    recorded = history.changes_log(seeded).iloc[0]["recorded_at"].date()
    monkeypatch.setenv("TRACKER_TODAY", recorded.isoformat())
    window = (recorded - dt.timedelta(days=7), recorded, CommitmentFilter(as_of=recorded))
    assert history.changes_between(seeded, *window).empty  # nothing it describes falls in the last week
    by_recorded = history.changes_between(seeded, *window, by="recorded")
    assert list(by_recorded["slug"]) == [PLAN]
    assert (by_recorded.loc[0, "status_before"], by_recorded.loc[0, "status_after"]) == ("not_assessed", "limited")
    with pytest.raises(ValueError, match="unknown view"):
        history.changes_between(seeded, *window, by="whenever")


def test_the_changes_log_of_a_filtered_view_holds_every_matching_commitment_not_the_first_rows(seeded, editor):
    from benchmarks.synthetic import add_commitments

    add_commitments(seeded, 2_500)
    view = CommitmentFilter(as_of=TODAY, kinds=("commitment",))  # a filter set, matching over 2,500 commitments
    last = queries.commitments_table(seeded, view, limit=None)["slug"].iloc[-1]
    assert last not in set(queries.commitments_table(seeded, view)["slug"])  # beyond the rows a table shows
    writes.record_progress(seeded, data=update(last, status="not_started", as_of="2026-10-01"), actor=editor)
    assert list(history.changes_log(seeded, within=view)["commitment"]) == [last]


@pytest.mark.parametrize("as_of", [dt.date(2026, 3, 15), dt.date(2026, 8, 31), TODAY])
def test_the_stale_filter_picks_exactly_the_rows_flagged_stale(seeded, as_of):
    """The filter (no look since the cut-off) and the flag (the latest look, compared) are two writings of one rule."""
    from benchmarks.synthetic import add_commitments, add_progress_updates

    add_commitments(seeded, 300)
    add_progress_updates(seeded, 3000)
    everything = CommitmentFilter(as_of=as_of)
    table = queries.commitments_table(seeded, everything, limit=None)
    flagged = set(table.loc[table["stale"], "slug"])
    filtered = set(queries.commitments_table(seeded, dataclasses.replace(everything, stale=True), limit=None)["slug"])
    assert filtered == flagged and 0 < len(flagged) < len(table)


def test_a_correction_is_logged_with_what_changed_and_why_and_needs_a_reason(seeded, editor):
    version, started_from = seen(seeded, SEOUL)
    change = CommitmentUpdate(**started_from | {"due_date": dt.date(2027, 4, 1), "due_date_precision": "quarter"})
    with pytest.raises(writes.WriteError, match="say why the commitment is corrected"):
        writes.update_commitment(
            seeded, slug=SEOUL, changes=change, expected_version=version, started_from=started_from, actor=editor,
            reason="  ",
        )  # fmt: skip
    writes.update_commitment(
        seeded, slug=SEOUL, changes=change, expected_version=version, started_from=started_from, actor=editor,
        reason="The statement's annex gives the second quarter of 2027",
    )  # fmt: skip
    log = history.fact_changes(seeded, f"commitment:{SEOUL}")
    assert list(log["action"]) == ["corrected"]
    assert log["what_changed"].iloc[0] == (
        "due_date: None → '2027-06-30'; due_date_precision: 'day' → 'quarter'"  # the quarter's last day
    )
    assert log["reason"].iloc[0] == "The statement's annex gives the second quarter of 2027"


def test_a_retracted_commitment_is_hidden_from_then_on_but_shown_as_it_stood_before(seeded, editor):
    before = CommitmentFilter(as_of=rules.today())
    assert SEOUL in set(queries.commitments_table(seeded, before)["slug"])
    with pytest.raises(writes.WriteError, match="say why"):
        writes.retract_fact(seeded, kind="commitment", key=SEOUL, reason="", actor=editor)
    writes.retract_fact(
        seeded, kind="commitment", key=SEOUL, reason="Counted twice: the same pledge as another", actor=editor
    )
    today = CommitmentFilter(as_of=dt.date.today())
    assert SEOUL not in set(queries.commitments_table(seeded, today)["slug"])
    assert queries.count_commitments(seeded, today) == queries.count_commitments(seeded, before) - 1
    yesterday = CommitmentFilter(as_of=dt.date.today() - dt.timedelta(days=1))
    assert SEOUL in set(queries.commitments_table(seeded, yesterday)["slug"])  # as it stood
    with Session(seeded) as session:
        assert session.get(Commitment, SEOUL) is not None  # hidden, never deleted
    with pytest.raises(writes.WriteError, match="already retracted"):
        writes.retract_fact(seeded, kind="commitment", key=SEOUL, reason="again", actor=editor)
    log = history.fact_changes(seeded, f"commitment:{SEOUL}")
    assert (log["action"].iloc[0], log["changed_by"].iloc[0]) == ("retracted", "alice")


def test_a_correction_finds_a_retyped_quote_again_and_adds_a_party_but_keeps_seeded_parties(seeded, editor):
    version, started_from = seen(seeded, SEOUL)
    # Retyped with an en dash: found again, and stored with the document's hyphen.
    retyped = {"source_quote": "Enhance public–private collaboration on AI capacity", "text": "Enhance public–private"}
    change = CommitmentUpdate(**started_from | retyped)
    writes.update_commitment(
        seeded, slug=SEOUL, changes=change, expected_version=version, started_from=started_from, actor=editor,
        reason="the words the commitment stands on", parties=["iec", "iso", "itu", "world-standards-cooperation"],
    )  # fmt: skip
    with Session(seeded) as session:
        saved = session.get(Commitment, SEOUL)
        parties = sorted(session.exec(select(CommitmentParty.organization_slug).where(
            CommitmentParty.commitment_slug == SEOUL)).all())  # fmt: skip
    assert saved.source_quote == "Enhance public-private collaboration on AI capacity"  # as the document has it
    assert saved.quote_end - saved.quote_start == len(saved.source_quote)
    assert saved.text == "Enhance public-private"
    assert parties == ["iec", "iso", "itu", "world-standards-cooperation"]
    log = history.fact_changes(seeded, f"commitment:{SEOUL}")
    assert (
        "parties: ['iec', 'iso', 'itu'] → ['iec', 'iso', 'itu', 'world-standards-cooperation']"
        in (log["what_changed"].iloc[0])
    )
    version, started_from = seen(seeded, SEOUL)
    with pytest.raises(writes.WriteError, match="'itu' is a party in the curated facts file"):
        writes.update_commitment(
            seeded, slug=SEOUL, changes=CommitmentUpdate(**started_from), expected_version=version,
            started_from=started_from, actor=editor, reason="drop ITU", parties=["iec", "iso"],
        )  # fmt: skip


def test_a_commitment_corrected_twice_is_shown_as_it_stood_on_any_earlier_date(seeded, editor, db_url, monkeypatch):
    version, started_from = seen(seeded, SEOUL)
    original = started_from["title"]
    for title, why in (("Build AI capacity", "shorter"), ("Build AI capacity together", "the text says jointly")):
        version, started_from = seen(seeded, SEOUL)
        writes.update_commitment(
            seeded, slug=SEOUL, changes=CommitmentUpdate(**started_from | {"title": title}), expected_version=version,
            started_from=started_from, actor=editor, reason=why,
        )  # fmt: skip
    fact = f"commitment:{SEOUL}"
    yesterday = dt.date.today() - dt.timedelta(days=1)
    # The first correction's "before": the title as it stood, not the one in between.
    assert history.as_it_stood(seeded, fact, yesterday) == {"title": original}
    assert history.as_it_stood(seeded, fact, dt.date.today()) == {}  # nothing corrected since today's end
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("TRACKER_TODAY", dt.date.today().isoformat())  # the day the corrections were made
    client = TestClient(Starlette(routes=routes()))
    answer = client.get(f"/api/v1/commitments/{SEOUL}?as_of={yesterday}").json()
    assert answer["title"] == "Build AI capacity together"  # as corrected, whatever the date
    assert answer["as_it_stood"] == {"title": original}
    assert [(c["action"], c["reason"]) for c in answer["fact_changes"]] == [
        ("corrected", "the text says jointly"),
        ("corrected", "shorter"),
    ]
