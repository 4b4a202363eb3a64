"""Assessments with due process: a rubric before a rating, a second editor before publication (drafts never reach a
reader's output), rounds published at once, the committing party's reply beside our rating, contested values."""

import datetime as dt
import re

import pytest
import sqlalchemy as sa
from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.testclient import TestClient

from models.inputs import ContestCreate, ContestResolution, PartyReplyCreate, ProgressUpdateCreate, RubricCreate
from models.tables import Contest, Draft, ProgressUpdate, Rubric
from seed.loader import apply_seed
from tests.conftest import run_cli, table_counts
from tracker.read import as_of, process
from tracker.read.filters import CommitmentFilter
from tracker.web import routes
from tracker.write import auth, review
from tracker.write.writes import WriteError

PLAN = "samr-50-more-ai-standards"  # China's plan for over 50 more standards; its party is China
SEOUL = "seoul-ai-capacity-building"  # IEC, ISO and ITU
TODAY = dt.date(2026, 11, 22)
PASSWORD = "a long enough password"


@pytest.fixture(autouse=True)
def two_editors(monkeypatch):
    monkeypatch.setenv("TRACKER_TODAY", TODAY.isoformat())
    monkeypatch.setenv("TRACKER_REVIEW", "second-editor")


def account(engine, name: str, role: str = "editor", party: str | None = None) -> auth.Actor:
    auth.add_user(engine, username=name, role=role, password=PASSWORD, party=party)
    return auth.sign_in(engine, name, PASSWORD)


@pytest.fixture
def bare(engine):
    """The seed alone: no commitment has a rubric yet."""
    apply_seed(engine)
    return engine


def rubric(slug=PLAN, **more) -> RubricCreate:
    values = {
        "commitment_slug": slug,
        "limited": "Drafts of some of the standards are published.",
        "substantial": "Over 25 of the standards are published.",
        "complete": "Over 50 more standards are published by the deadline.",
    }
    return RubricCreate(**(values | more))


def rating(slug=PLAN, status="limited", **more) -> ProgressUpdateCreate:
    values = {
        "commitment_slug": slug,
        "as_of": "2026-11-01",
        "status": status,
        "rationale": "Twelve standards published.",
        "evidence_url": "https://example.org/standards",
        "progress_value": 12,
    }
    return ProgressUpdateCreate(**(values | more))


def claims(engine, slug=PLAN, day=TODAY) -> dict:
    f = CommitmentFilter(as_of=day)
    with engine.connect() as connection:
        row = connection.execute(as_of.one_commitment(slug, f.as_of)).one()
    return dict(row._mapping)


def test_a_rating_without_a_rubric_is_refused_in_words_and_writes_nothing(bare, monkeypatch):
    monkeypatch.setenv("TRACKER_REVIEW", "single")
    alice = account(bare, "alice")
    before = table_counts(bare)
    with pytest.raises(WriteError, match="needs the commitment's rubric first"):
        review.submit_progress(bare, data=rating(), actor=alice)
    assert table_counts(bare) == before
    # A look that rates nothing needs no rubric.
    looked = review.submit_progress(bare, data=rating(status="not_started", progress_value=None), actor=alice)
    assert looked.published is not None and looked.published.reviewed_by is None


def test_a_draft_is_published_only_when_a_second_editor_approves_it(bare):
    alice, bob = account(bare, "alice"), account(bare, "bob")
    written = review.submit_rubric(bare, data=rubric(), actor=alice)
    assert written.published is None and written.draft.state == "pending"
    assert "second editor" in written.words
    assert claims(bare)["rubric"] is None  # readers see no rubric yet
    with pytest.raises(WriteError, match="needs the commitment's rubric first"):  # a draft rubric is not a rubric
        review.submit_progress(bare, data=rating(), actor=alice)
    with pytest.raises(auth.PermissionDenied, match="a second editor reviews it"):
        review.approve(bare, draft_id=written.draft.id, actor=alice)
    approved = review.approve(bare, draft_id=written.draft.id, actor=bob, note="Reads well.")
    assert approved.state == "published"
    with bare.connect() as connection:
        stored = connection.execute(sa.select(Rubric)).one()
    assert (stored.written_by, stored.reviewed_by) == ("alice", "bob")
    assert claims(bare)["rubric"] == stored.id

    rated = review.submit_progress(bare, data=rating(), actor=alice)
    assert claims(bare)["status"] == "not_assessed"
    review.approve(bare, draft_id=rated.draft.id, actor=bob)
    assert claims(bare)["status"] == "limited"
    with pytest.raises(WriteError, match="is published, not waiting for review"):
        review.approve(bare, draft_id=rated.draft.id, actor=bob)


def test_a_draft_sent_back_needs_a_reason_and_is_never_published(seeded):
    alice, bob = account(seeded, "alice"), account(seeded, "bob")
    draft = review.submit_progress(seeded, data=rating(), actor=alice).draft
    with pytest.raises(WriteError, match="say why"):
        review.send_back(seeded, draft_id=draft.id, actor=bob, reason="  ")
    review.comment(seeded, draft_id=draft.id, actor=alice, text="The count is from the ministry's list.")
    returned = review.send_back(seeded, draft_id=draft.id, actor=bob, reason="The link is to a news story.")
    assert returned.state == "sent_back"
    with pytest.raises(WriteError, match="sent back, not waiting"):
        review.approve(seeded, draft_id=draft.id, actor=bob)
    with seeded.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(ProgressUpdate)).scalar() == 0
    [kept] = process.drafts(seeded, states=("sent_back",))
    assert kept["decided_by"] == "bob" and kept["comments"][0]["written_by"] == "alice"


def test_the_database_refuses_a_draft_approved_by_its_own_author(seeded):
    account(seeded, "alice")
    with pytest.raises(sa.exc.IntegrityError), seeded.begin() as connection:
        connection.execute(
            sa.insert(Draft).values(
                kind="rubric",
                commitment_slug=PLAN,
                payload="{}",
                submitted_by="alice",
                submitted_at=dt.datetime.now(dt.UTC),
                state="sent_back",
                decided_by="alice",
                decision_note="mine",
            )
        )


def test_a_reader_never_sees_a_draft_in_any_output(seeded, db_url, monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", db_url)
    alice = account(seeded, "alice")
    client = TestClient(Starlette(routes=routes()))
    addresses = [
        f"/api/v1/commitments/{PLAN}",
        "/api/v1/commitments.csv",
        "/api/v1/commitments?status=limited",
        "/api/v1/progress-updates.csv",
        "/api/v1/rubrics.csv",
        "/api/v1/summary",
        "/api/v1/changes-log",
        "/api/v1/changes?from=2025-01-01&to=2026-11-22",
        f"/export/charts/timeline.csv?commitment={PLAN}",
        "/feeds/changes.atom",
        "/feeds/deadlines.ics",
    ]
    before = {address: client.get(address).content for address in addresses}
    review.submit_progress(seeded, data=rating(rationale="A DRAFT NO READER SEES"), actor=alice)
    review.submit_rubric(
        seeded, data=rubric(corrects_id=_rubric_id(seeded), correction_reason="A DRAFT REASON"), actor=alice
    )
    for address in addresses:
        answer = client.get(address)
        assert answer.status_code == 200, address
        assert b"DRAFT" not in answer.content, address
        assert made_at_removed(answer.content) == made_at_removed(before[address]), address
    from tracker.present import brief, deck, exports, report

    exported = exports.export_tables(seeded, tmp_path / "export", CommitmentFilter(as_of=TODAY))
    assert not [path.name for path, _ in exported if "DRAFT" in path.read_text()]
    f = CommitmentFilter(as_of=TODAY)
    made = report.gather(seeded, f)
    assert "DRAFT" not in str(made)
    assert deck.build_deck(made) and brief.build_brief(made)


def made_at_removed(content: bytes) -> bytes:
    """An answer without the moment it was made (a feed's stamp, a calendar's DTSTAMP): what it says is compared."""
    content = re.sub(rb"<updated>[^<]*</updated>", b"", content)
    return re.sub(rb"DTSTAMP:[0-9TZ]+", b"", content)


def _rubric_id(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(sa.select(Rubric.id).where(Rubric.commitment_slug == PLAN)).scalar()


def test_a_round_publishes_its_approved_drafts_at_once(seeded):
    alice, bob = account(seeded, "alice"), account(seeded, "bob")
    opened = review.open_round(seeded, name="December 2026", actor=alice)
    with pytest.raises(WriteError, match="is open: publish it"):
        review.open_round(seeded, name="January 2027", actor=alice)
    needs = {row["slug"]: row["needs"] for row in process.round_needs(seeded, process.rounds(seeded)[0], TODAY)}
    assert needs[PLAN] == "a rating (or a look) this round"
    first = review.submit_progress(seeded, data=rating(), actor=alice).draft
    second = review.submit_progress(
        seeded, data=rating(SEOUL, progress_value=None, status="substantial"), actor=alice
    ).draft
    assert first.round_id == opened.id
    review.approve(seeded, draft_id=first.id, actor=bob)
    review.approve(seeded, draft_id=second.id, actor=bob)
    assert claims(seeded)["status"] == "not_assessed"  # approved, waiting for the round
    assert PLAN not in {row["slug"] for row in process.round_needs(seeded, process.rounds(seeded)[0], TODAY)}
    published = review.publish_round(seeded, round_id=opened.id, actor=bob)
    assert [draft.id for draft in published] == [first.id, second.id]
    assert claims(seeded)["status"] == "limited" and claims(seeded, SEOUL)["status"] == "substantial"
    with pytest.raises(WriteError, match="was published on"):
        review.publish_round(seeded, round_id=opened.id, actor=bob)


def test_a_deck_and_a_brief_are_made_as_of_a_published_round(seeded, db_url, tmp_path):
    alice = account(seeded, "alice")
    today = dt.datetime.now(dt.UTC).date().isoformat()  # a round is published on the clock's day
    opened = review.open_round(seeded, name="December 2026", actor=alice)
    out = str(tmp_path / "deck.pptx")
    refused = run_cli("deck", "--out", out, "--round", "December 2026", db_url=db_url, today=today)
    assert refused.returncode == 2 and "is still open: publish it first" in refused.stderr
    assert "no assessment round named 'May'" in run_cli("deck", "--out", out, "--round", "May", db_url=db_url).stderr
    review.publish_round(seeded, round_id=opened.id, actor=account(seeded, "bob"))
    made = run_cli("deck", "--out", out, "--round", "December 2026", db_url=db_url, today=today, check=True)
    assert f"as of {today}" in made.stdout


def _published_rating(engine, monkeypatch) -> int:
    monkeypatch.setenv("TRACKER_REVIEW", "single")
    carol = account(engine, "carol")
    return review.submit_progress(engine, data=rating(), actor=carol).published.id


def test_a_party_replies_for_itself_only_and_its_disagreement_is_counted(seeded, monkeypatch):
    rated = _published_rating(seeded, monkeypatch)
    china = account(seeded, "china-rep", role="party", party="china")
    itu = account(seeded, "itu-rep", role="party", party="itu")
    reply = {
        "update_id": rated,
        "party_slug": "china",
        "status": "responded",
        "text": "Eighteen standards have been published, not twelve.",
        "party_status": "substantial",
        "received_on": "2026-11-20",
        "channel": "tracker_account",
    }
    with pytest.raises(auth.PermissionDenied, match="may reply for china only"):
        review.record_reply(seeded, data=PartyReplyCreate(**(reply | {"party_slug": "itu"})), actor=china)
    with pytest.raises(WriteError, match="itu is not a party"):
        review.record_reply(seeded, data=PartyReplyCreate(**(reply | {"party_slug": "itu"})), actor=itu)
    assert claims(seeded)["parties_disagree"] == 0
    carol = auth.sign_in(seeded, "carol", PASSWORD)
    review.submit_progress(seeded, data=rating(SEOUL, progress_value=None, as_of="2026-11-10"), actor=carol)
    review.record_reply(seeded, data=PartyReplyCreate(**reply), actor=china)
    assert claims(seeded)["parties_disagree"] == 1
    assert claims(seeded, SEOUL)["parties_disagree"] == 0  # another commitment, rated later: its own count
    assert claims(seeded, day=dt.date(2026, 11, 19))["parties_disagree"] == 0  # not replied yet by then
    shown = process.due_process(seeded, PLAN, TODAY)
    [china_reply] = shown["replies"]
    assert china_reply["differs"] and china_reply["reply"]["text"].startswith("Eighteen")
    # A newer rating is not the one China answered: its disagreement no longer stands beside our status.
    review.submit_progress(
        seeded, data=rating(status="substantial", as_of="2026-11-21", progress_value=26), actor=carol
    )
    assert claims(seeded)["parties_disagree"] == 0
    assert claims(seeded, day=dt.date(2026, 11, 20))["parties_disagree"] == 1
    assert process.due_process(seeded, PLAN, TODAY)["replies"][0]["reply"] is None


def test_no_response_is_never_read_as_agreement_or_disagreement(seeded, monkeypatch):
    rated = _published_rating(seeded, monkeypatch)
    editor = account(seeded, "dora")
    review.record_reply(
        seeded,
        data=PartyReplyCreate(
            update_id=rated, party_slug="china", status="no_response", received_on="2026-11-21", channel="email"
        ),
        actor=editor,
    )
    [row] = process.due_process(seeded, PLAN, TODAY)["replies"]
    assert row["reply"]["status"] == "no_response" and not row["differs"]
    assert claims(seeded)["parties_disagree"] == 0


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"text": ""}, "needs the party's words, verbatim"),
        ({"status": "declined"}, "the party's own status comes with a reply"),
        ({"received_on": "2027-01-01"}, "is in the future"),
        ({"channel": "pigeon"}, "channel"),
    ],
)
def test_a_bad_reply_is_refused_in_words(change, words):
    values = {
        "update_id": 1,
        "party_slug": "china",
        "status": "responded",
        "text": "Our view.",
        "party_status": "complete",
        "received_on": "2026-11-20",
        "channel": "email",
    }
    with pytest.raises(ValidationError, match=words):
        PartyReplyCreate(**(values | change))


def test_any_account_may_contest_a_value_and_an_editor_resolves_it_in_the_open(seeded):
    reader = account(seeded, "reader", role="viewer")
    editor = account(seeded, "erin")
    with pytest.raises(auth.PermissionDenied):
        review.contest(seeded, data=ContestCreate(commitment_slug=PLAN, value="due_date", reason="x"), actor=None)
    with pytest.raises(ValidationError, match="reason"):
        ContestCreate(commitment_slug=PLAN, value="due_date", reason=" ")
    opened = review.contest(
        seeded,
        data=ContestCreate(
            commitment_slug=PLAN,
            value="due_date",
            shown="31 December 2026 (inferred)",
            reason="'The end of next year' was said in 2025, so the deadline is right; but is the year stated?",
        ),
        actor=reader,
    )
    now = dt.datetime.now(dt.UTC).date()  # contests stand from the day they were opened, on the clock
    assert claims(seeded, day=now)["open_contests"] == 1
    assert claims(seeded, day=now - dt.timedelta(days=1))["open_contests"] == 0
    with pytest.raises(auth.PermissionDenied):
        review.resolve(
            seeded, contest_id=opened.id, data=ContestResolution(resolution="kept", resolution_note="ok"), actor=reader
        )
    with pytest.raises(ValidationError, match="names its correction"):
        ContestResolution(resolution="corrected", resolution_note="fixed")
    with pytest.raises(WriteError, match="names no correction"):
        review.resolve(
            seeded,
            contest_id=opened.id,
            data=ContestResolution(resolution="corrected", resolution_note="fixed", correction="progress_update:99"),
            actor=editor,
        )
    review.resolve(
        seeded,
        contest_id=opened.id,
        data=ContestResolution(resolution="kept", resolution_note="The year is inferred and marked so."),
        actor=editor,
    )
    assert claims(seeded, day=now)["open_contests"] == 0
    [kept] = process.due_process(seeded, PLAN, now)["contests"]
    assert kept["resolution"] == "kept" and kept["resolved_by"] == "erin"
    with seeded.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(Contest)).scalar() == 1


def test_a_party_representative_needs_the_party_and_writes_nothing_else(seeded):
    with pytest.raises(auth.AccountError, match="needs the party they reply for"):
        auth.add_user(seeded, username="rep", role="party", password=PASSWORD)
    with pytest.raises(auth.AccountError, match="no organization 'atlantis'"):
        auth.add_user(seeded, username="rep", role="party", password=PASSWORD, party="atlantis")
    rep = account(seeded, "rep", role="party", party="china")
    with pytest.raises(auth.PermissionDenied, match="needs the editor role"):
        review.submit_progress(seeded, data=rating(), actor=rep)


def test_the_append_only_tables_refuse_changes(seeded):
    with pytest.raises(sa.exc.DatabaseError, match="append-only"), seeded.begin() as connection:
        connection.execute(sa.update(Rubric).values(limited="changed"))


def test_three_accounts_and_a_reader_sees_rating_rubric_reply_and_disagreement_everywhere(
    bare, db_url, monkeypatch, tmp_path
):
    """One editor writes the rubric and rates, a second approves both, China's representative replies and
    disagrees; a reader then finds all of it in the API, the files, the feed, the deck and the brief."""
    import io

    from pptx import Presentation

    from tests.test_presentations import brief_text, deck_text
    from tracker.present import brief, deck, report

    monkeypatch.setenv("DATABASE_URL", db_url)
    alice, bob = account(bare, "alice"), account(bare, "bob")
    china = account(bare, "china-rep", role="party", party="china")
    review.approve(bare, draft_id=review.submit_rubric(bare, data=rubric(), actor=alice).draft.id, actor=bob)
    rated = review.submit_progress(bare, data=rating(), actor=alice).draft
    published = review.approve(bare, draft_id=rated.id, actor=bob).published_id
    said = "Eighteen standards have been published, not twelve."
    review.record_reply(
        bare,
        data=PartyReplyCreate(
            update_id=published,
            party_slug="china",
            status="responded",
            text=said,
            party_status="substantial",
            received_on="2026-11-20",
            channel="tracker_account",
        ),
        actor=china,
    )
    client = TestClient(Starlette(routes=routes()))
    detail = client.get(f"/api/v1/commitments/{PLAN}").json()
    process_shown = detail["due_process"]
    assert detail["status"] == "limited" and process_shown["review"] == "second-editor"
    assert process_shown["rubric"]["complete"].startswith("Over 50 more standards")
    assert (process_shown["rating"]["recorded_by"], process_shown["rating"]["reviewed_by"]) == ("alice", "bob")
    [reply] = process_shown["replies"]
    assert reply["differs"] and reply["reply"]["text"] == said and reply["reply"]["party_status"] == "substantial"
    listed = client.get("/api/v1/commitments", params={"party": "china"}).json()["commitments"]
    assert {row["slug"]: row["parties_disagree"] for row in listed}[PLAN] == 1
    assert said in client.get("/api/v1/party-replies.csv").text
    assert "Over 25 of the standards" in client.get("/api/v1/rubrics.csv").text
    assert ',"bob",' in client.get("/api/v1/progress-updates.csv").text
    feed = client.get("/feeds/changes.atom").text
    assert "approved by bob, a second editor" in feed and "approved by a second editor" in feed
    assert "China, 20 November 2026: responded; disagrees: says substantial, we rate limited" in feed

    made = report.gather(bare, CommitmentFilter(as_of=TODAY, parties=("china",)))
    words = " ".join(stands for _, (_, _, stands) in report.pledges(made))
    assert "China, 20 November 2026: responded; disagrees: says substantial, we rate limited" in words
    assert report.rubric_line(made.assessed[PLAN]).startswith(
        "Rubric: limited means Drafts of some of the standards are published."
    )
    in_deck = " ".join(deck_text(Presentation(io.BytesIO(deck.build_deck(made)))).split())
    assert "China, 20 November 2026: responded; disagrees" in in_deck and said in in_deck
    in_brief = " ".join(brief_text(brief.build_brief(made), tmp_path).split())
    assert "China, 20 November 2026: responded; disagrees" in in_brief
    assert "approved by a second editor" in in_brief
    assert "Rubric: limited means Drafts of some" in in_brief
