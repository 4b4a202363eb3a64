"""The benchmarks' hand-written SQL of every commitment's status returns what the commitments file says: the file
is timed against the same columns and values, not against less work."""

import csv
import datetime as dt
import io

import sqlalchemy as sa

from benchmarks.by_hand import COMMITMENTS_BY_HAND, parameters
from benchmarks.synthetic import add_commitments, add_progress_updates
from models.inputs import ContestCreate, PartyReplyCreate, ProgressUpdateCreate
from tracker.present import exports
from tracker.present.csvfile import csv_chunks
from tracker.read.filters import CommitmentFilter
from tracker.write import auth, review

TODAY = dt.date(2026, 11, 22)
BOOLEAN = {"due_date_inferred", "made_on_inferred", "stale", "verifiable"}


def _cell(name: str, value: object) -> str:
    """A value as the file writes it (before making it safe for spreadsheets, which these values do not need)."""
    if value is None:
        return ""
    if name in BOOLEAN:
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _with_every_claim(engine, monkeypatch) -> None:
    """Synthetic commitments and updates (with numbers reached and corrections), and on the seed's commitments a
    published rating, a party's reply that disagrees with it, and an open contest."""
    add_commitments(engine, 300)
    add_progress_updates(engine, 3_000)
    monkeypatch.setenv("TRACKER_REVIEW", "single")
    auth.add_user(engine, username="carol", role="editor", password="a long enough password")
    auth.add_user(engine, username="china-rep", role="party", password="a long enough password", party="china")
    carol = auth.sign_in(engine, "carol", "a long enough password")
    rating = ProgressUpdateCreate(
        commitment_slug="samr-50-more-ai-standards",
        as_of="2026-11-01",
        status="limited",
        rationale="Twelve standards published.",
        evidence_url="https://example.org/standards",
        progress_value=12,
    )
    rated = review.submit_progress(engine, data=rating, actor=carol).published.id
    reply = PartyReplyCreate(
        update_id=rated,
        party_slug="china",
        status="responded",
        text="Eighteen standards have been published.",
        party_status="substantial",
        received_on="2026-11-20",
        channel="tracker_account",
    )
    review.record_reply(engine, data=reply, actor=auth.sign_in(engine, "china-rep", "a long enough password"))
    contest = ContestCreate(commitment_slug="samr-50-more-ai-standards", value="due_date", reason="Is it stated?")
    review.contest(engine, data=contest, actor=carol)


def test_the_hand_written_sql_returns_the_commitments_file(seeded, monkeypatch):
    monkeypatch.setenv("TRACKER_TODAY", TODAY.isoformat())
    _with_every_claim(seeded, monkeypatch)
    today = dt.datetime.now(dt.UTC).date()  # the contest stands from the day it was opened, on the clock
    for day in (TODAY, today, dt.date(2026, 3, 1), dt.date(2025, 7, 1)):
        with seeded.connect() as connection:
            rows, formats = exports.COMMITMENTS_FILE.rows(connection, CommitmentFilter(as_of=day))
            written = "".join(csv_chunks(exports.COMMITMENTS_FILE.columns, rows, formats=formats))
            by_hand = connection.execute(
                sa.text(COMMITMENTS_BY_HAND[seeded.dialect.name]), parameters(day, seeded.dialect.name)
            )
            names = list(by_hand.keys())
            hand = [[_cell(name, value) for name, value in zip(names, row, strict=True)] for row in by_hand]
        header, *file_rows = csv.reader(io.StringIO(written))
        assert names == header
        assert len(file_rows) > 300 or day < TODAY
        assert hand == file_rows, day
        claims = {name: {row[header.index(name)] for row in file_rows} for name in ("progress_value", "stale")}
        if day >= TODAY:  # every claim is exercised, not only its empty value
            assert len(claims["progress_value"]) > 10 and claims["stale"] == {"true", "false"}
            plan = next(row for row in file_rows if row[0] == "samr-50-more-ai-standards")
            assert plan[header.index("parties_disagree")] == "1"
            assert plan[header.index("open_contests")] == ("1" if day == today else "0")
