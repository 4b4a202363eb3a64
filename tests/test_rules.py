"""Rules in words: specificity, verifiability, countdowns and how stated numbers read."""

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from tests.conftest import run_cli
from tracker.domain import rules
from tracker.domain.settings import SettingsError, settings
from tracker.read.filters import CommitmentFilter

AS_OF = dt.date(2026, 11, 22)


def test_a_plan_with_party_deadline_and_target_scores_three():
    spec = rules.specificity(
        parties=[("China", False)],
        due_date=dt.date(2026, 12, 31),
        due_date_inferred=True,
        target_value=50,
        target_unit="more AI-related standards",
        target_qualifier="over",
    )
    assert spec.score == 3 and spec.label == "3 of 3"
    assert [c.reason for c in spec.criteria] == [
        "Names who commits: China",
        "Sets a deadline: 31 December 2026 (inferred)",
        "Sets a measurable target: over 50 more AI-related standards",
    ]


def test_an_inferred_party_earns_no_point_and_says_so():
    spec = rules.specificity(
        parties=[("China", True)],
        due_date=None,
        due_date_inferred=False,
        target_value=None,
        target_unit="",
        target_qualifier=None,
    )
    assert spec.score == 0
    assert spec.criteria[0].reason == "Names no party outright (inferred party: China)"


def test_a_pledge_with_parties_only_scores_one_and_is_not_verifiable():
    named = [("IEC", False), ("ISO", False), ("ITU", False)]
    spec = rules.specificity(
        parties=named, due_date=None, due_date_inferred=False, target_value=None, target_unit="", target_qualifier=None
    )
    assert spec.score == 1
    assert [c.met for c in spec.criteria] == [True, False, False]


def deadline_state(engine, due: dt.date | None, as_of: dt.date, status: str) -> tuple[str, int | None]:
    """The deadline state and days left as the as-of view works them out, in the database."""
    from tracker.read.as_of import _DaysBetween, deadline_state_of

    due_date = sa.literal(due, sa.Date)
    statement = sa.select(
        deadline_state_of(due_date, sa.literal(status), as_of),
        sa.case((due_date.is_(None), None), else_=_DaysBetween(sa.literal(as_of, sa.Date), due_date)),
    )
    with engine.connect() as connection:
        return tuple(connection.execute(statement).one())


@pytest.mark.parametrize(
    ("as_of", "status", "state", "text"),
    [
        (AS_OF, "not_assessed", "due_soon", "39 days left"),
        (dt.date(2026, 1, 1), "limited", "on_track", "364 days left"),
        (dt.date(2026, 12, 30), "limited", "due_soon", "1 day left"),
        (dt.date(2026, 12, 31), "limited", "due_soon", "due today"),
        (dt.date(2027, 1, 1), "limited", "overdue", "1 day overdue"),
        # Nobody assessed it: the deadline passed, and whether it was met is not known.
        (dt.date(2027, 2, 1), "not_assessed", "passed_not_assessed", "deadline passed 32 days ago, not assessed"),
        (dt.date(2027, 2, 1), "not_started", "overdue", "32 days overdue"),
        (dt.date(2027, 2, 1), "complete", "closed", "complete (deadline 2026-12-31)"),
        (dt.date(2027, 1, 1), "withdrawn", "closed", "withdrawn (deadline 2026-12-31)"),
    ],
)
def test_the_deadline_state_is_worked_out_in_sql_and_worded_from_it(engine, as_of, status, state, text):
    due = dt.date(2026, 12, 31)
    assert deadline_state(engine, due, as_of, status) == (state, (due - as_of).days)
    assert rules.countdown_words(state, (due - as_of).days, status, due) == text


def test_no_deadline_is_a_state_of_its_own(engine):
    assert deadline_state(engine, None, AS_OF, "limited") == ("no_deadline", None)
    assert rules.countdown_words("no_deadline", None, "limited", None) == "no deadline"


def test_stated_numbers_keep_the_texts_own_qualifier():
    assert rules.figure_text(300, "over") == "over 300"  # "over 300" is not "at least 300"
    assert rules.figure_text(300, "at_least") == "at least 300"
    assert rules.figure_text(65, "exact") == "65"
    assert rules.figure_text(1200, "approximately") == "about 1,200"
    assert rules.figure_text(10, "up_to") == "up to 10"
    assert rules.target_text(50, "more AI-related standards", "over") == "over 50 more AI-related standards"


def test_today_can_be_pinned(monkeypatch):
    monkeypatch.setenv("TRACKER_TODAY", "2026-11-22")
    assert rules.today() == AS_OF


def test_filters_in_words_and_in_file_names():
    f = CommitmentFilter(
        frameworks=("Seoul Statement",), statuses=("not_assessed",), search="human rights", as_of=AS_OF
    )
    assert f.describe() == 'framework Seoul Statement; status Not assessed; text contains "human rights"'
    assert f.file_stem("commitments") == (
        "commitments_framework-seoul-statement_status-not_assessed_search-human-rights_as-of-2026-11-22"
    )
    assert CommitmentFilter(as_of=AS_OF).describe() == "all commitments"
    assert CommitmentFilter(as_of=AS_OF).is_default and not f.is_default


def test_a_filter_refuses_an_unknown_deadline_choice():
    with pytest.raises(ValueError, match="unknown deadline 'someday'; choose one of any, overdue, passed_not_assessed"):
        CommitmentFilter(due="someday")
    with pytest.raises(ValueError, match="days ahead must be from 0 to 3650"):
        CommitmentFilter(due="due_within", due_within_days=-1)
    with pytest.raises(ValueError, match="at most 200"):
        CommitmentFilter(search="x" * 10_000)


def test_the_registry_declares_every_filter_once_for_pages_cli_and_queries():
    from tracker.cli import build_parser
    from tracker.read.filters import FILTERS

    deck = build_parser()._subparsers._group_actions[0].choices["deck"]
    options = {option for action in deck._actions for option in action.option_strings}
    assert {spec.cli for spec in FILTERS} <= options  # the CLI has every dashboard filter
    assert len({spec.url for spec in FILTERS}) == len({spec.field for spec in FILTERS}) == len(FILTERS)


def test_the_filter_reads_the_same_in_captions_and_file_names():
    f = CommitmentFilter(
        frameworks=("Seoul Statement",),
        kinds=("priority",),
        due="due_within",
        due_within_days=30,
        stale=True,
        search="rights",
        as_of=AS_OF,
    )
    assert f.describe() == (
        'framework Seoul Statement; kind Priority; due within 30 days; stale; text contains "rights"'
    )
    assert f.file_stem("commitments") == (
        "commitments_framework-seoul-statement_kind-priority_due-within-30d_stale_search-rights_as-of-2026-11-22"
    )


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("TRACKER_TODAY", "30/11/2026", "TRACKER_TODAY must be a date in the form YYYY-MM-DD, not '30/11/2026'"),
        ("TRACKER_STALE_AFTER_DAYS", "-5", "TRACKER_STALE_AFTER_DAYS must be a whole number of days"),
        ("TRACKER_STALE_AFTER_DAYS", "0", "from 1 to 36500, not '0'"),
        ("DATABASE_URL", "mysql://x", "DATABASE_URL must be a sqlite:/// or postgresql+psycopg:// address"),
        ("SOURCE_DATE_EPOCH", "yesterday", "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970"),
    ],
)
def test_a_bad_setting_is_refused_by_name_not_replaced_by_a_default(monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=re.escape(message)):
        settings()


def test_source_date_epoch_fixes_when_files_say_they_were_made(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764979200")
    assert settings().made_at == dt.datetime(2025, 12, 6, tzinfo=dt.UTC)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert settings().made_at is None


def test_the_cli_says_which_setting_is_wrong_in_one_line(monkeypatch, db_url):
    monkeypatch.setenv("TRACKER_STALE_AFTER_DAYS", "soon")
    result = run_cli("export", "--out", "unused", db_url=db_url)
    assert result.returncode == 2
    assert (
        result.stderr == "error: TRACKER_STALE_AFTER_DAYS must be a whole number of days from 1 to 36500, not 'soon'\n"
    )


def test_settings_follow_the_environment(monkeypatch):
    monkeypatch.setenv("TRACKER_STALE_AFTER_DAYS", "30")
    assert rules.stale_after_days() == 30
    monkeypatch.delenv("TRACKER_STALE_AFTER_DAYS")
    assert rules.stale_after_days() == 180


@pytest.mark.parametrize(
    ("day", "precision", "end", "written"),
    [
        (dt.date(2027, 5, 2), "quarter", dt.date(2027, 6, 30), "Q2 2027"),
        (dt.date(2027, 11, 2), "quarter", dt.date(2027, 12, 31), "Q4 2027"),
        (dt.date(2028, 2, 10), "month", dt.date(2028, 2, 29), "February 2028"),
        (dt.date(2027, 3, 1), "year", dt.date(2027, 12, 31), "2027"),
        (dt.date(2027, 3, 1), "day", dt.date(2027, 3, 1), "1 March 2027"),
    ],
)
def test_a_deadline_known_to_a_period_counts_to_its_last_day_and_reads_as_written(day, precision, end, written):
    assert rules.period_end(day, precision) == end
    assert rules.date_as_written(end, precision) == written
    words = rules.deadline_words(end, precision)
    assert words.startswith(written)
    if precision != "day":
        assert words.endswith(f"(counted to its last day, {rules.date_as_written(end)})")


def test_a_quarter_deadline_is_overdue_only_after_the_quarters_last_day(engine):
    due = rules.period_end(dt.date(2027, 4, 1), "quarter")
    assert deadline_state(engine, due, dt.date(2027, 6, 30), "limited") == ("due_soon", 0)
    assert deadline_state(engine, due, dt.date(2027, 7, 1), "limited") == ("overdue", -1)


MADE, DUE = dt.date(2025, 7, 26), dt.date(2026, 12, 31)  # the WAIC plan: over 50 more by the end of next year


def plan_pace(progress, described, as_of=dt.date(2026, 12, 6), qualifier="over", target=50.0, **kwargs):
    arguments = {"made_on": MADE, "due_date": DUE, "target": target, "qualifier": qualifier} | kwargs
    return rules.pace(described=described, progress=progress, as_of=as_of, inferred=True, **arguments)


@pytest.mark.parametrize(
    ("progress", "described", "as_of", "words"),
    [
        (None, None, dt.date(2026, 12, 6), "cannot say (not assessed)"),
        (10, dt.date(2026, 12, 6), dt.date(2026, 12, 6), "behind pace"),  # the line stands at 47.6 of 50
        (50, dt.date(2026, 12, 6), dt.date(2026, 12, 6), "on pace"),  # 50 is not yet "over 50"; 2.4 above the line
        (51, dt.date(2026, 6, 30), dt.date(2026, 12, 6), "target reached"),
        (0, MADE, MADE, "on pace"),  # the day it was made: the line is at zero
        (2.5, MADE, MADE, "on pace"),  # a twentieth of the target above the line: still on pace
        (2.6, MADE, MADE, "ahead of pace"),  # just beyond it
        (25 - 2.5, dt.date(2026, 3, 30), dt.date(2026, 4, 1), "on pace"),  # half the span, half the target less 2.5
        (12, dt.date(2026, 12, 31), dt.date(2027, 1, 1), "deadline passed, target not reached"),
    ],
)
def test_on_track_is_read_against_the_straight_line_to_the_target(progress, described, as_of, words):
    assert plan_pace(progress, described, as_of).words == words


def test_on_track_says_when_it_cannot_be_read_and_marks_an_inferred_deadline():
    assert str(plan_pace(10, dt.date(2026, 12, 6))) == "behind pace (inferred)"
    no_deadline = rules.pace(
        made_on=MADE, due_date=None, described=MADE, target=50, qualifier="over", progress=3, as_of=MADE
    )
    assert no_deadline.words == "cannot say (no countable target with a deadline)" and not no_deadline.inferred
    assert plan_pace(10, dt.date(2026, 12, 6)).expected == pytest.approx(50 * 498 / 523)
