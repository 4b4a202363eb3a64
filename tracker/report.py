"""What a deck or a brief shows: gathered from the same queries as the dashboard, for the same filters and as-of
date, so a presented number is always the number on screen."""

import dataclasses
import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy.engine import Engine

from tracker import history, provenance, queries, rules
from tracker.filters import CommitmentFilter

TRACKER_RECORDS = "progress updates recorded in the tracker"
# A deck lists at most this many commitments (over several slides); beyond that it says how many it left out.
MAX_LISTED = 120


@dataclass(frozen=True)
class Report:
    filter: CommitmentFilter
    filter_words: str
    generated_on: dt.date
    headline: dict[str, int]
    status_totals: dict[str, int]
    by_framework: pd.DataFrame
    deadlines: pd.DataFrame
    overdue: int
    due_soon: int
    stale: int
    commitments: pd.DataFrame
    matched: int
    participation: pd.DataFrame
    matrix: pd.DataFrame
    recent: pd.DataFrame
    commitment_sources: list[str]
    participation_sources: list[str]
    documents: pd.DataFrame

    @property
    def as_of(self) -> dt.date:
        return self.filter.as_of

    @property
    def tracked(self) -> int:
        return sum(self.status_totals.values())

    @property
    def all_sources(self) -> list[str]:
        return list(dict.fromkeys([*self.commitment_sources, *self.participation_sources]))


def gather(engine: Engine, f: CommitmentFilter, *, generated_on: dt.date | None = None) -> Report:
    options = queries.filter_options(engine)
    names = {value: label for choices in options.values() for value, label in choices}
    deadlines = queries.deadlines(engine, f)
    overdue, due_soon = queries.deadline_counts(deadlines)
    by_framework = queries.status_by_framework(engine, f)
    events = f.events  # participation follows the event filter, as on the dashboard
    commitment_sources = list(queries.sources_of_commitments(engine, f)["title"])
    participation_sources = list(queries.sources_of_participation(engine, events)["title"])
    documents = provenance.sources_table(engine)
    used = documents["label"].isin({*commitment_sources, *participation_sources})
    return Report(
        filter=f,
        filter_words=f.describe(names),
        generated_on=generated_on or rules.today(),
        headline=queries.headline_counts(engine),
        status_totals=queries.totals_by_status(by_framework),
        by_framework=by_framework,
        deadlines=deadlines,
        overdue=overdue,
        due_soon=due_soon,
        stale=queries.count_commitments(engine, dataclasses.replace(f, stale=True)),
        commitments=queries.commitments_table(engine, f, MAX_LISTED),
        matched=queries.count_commitments(engine, f),
        participation=queries.participation(engine, events),
        matrix=queries.party_matrix(engine, f),
        recent=history.changes_log(engine, until=f.as_of, limit=8),
        commitment_sources=commitment_sources,
        participation_sources=participation_sources,
        documents=documents[used].reset_index(drop=True),
    )
