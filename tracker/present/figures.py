"""The pages' charts, each built in one place from what its page is showing, for the page and for the stateless
addresses that serve it as an image or its numbers as CSV (`/export/charts/NAME.png?...`, tracker.web.charts).

A chart's `numbers` are the figures it draws, as a table with words for headers: the CSV beside the chart.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from sqlalchemy.engine import Engine

from tracker.domain import rules
from tracker.domain.vocab import STATUS_LABELS
from tracker.present import charts, words
from tracker.read import history, queries
from tracker.read.filters import CommitmentFilter


@dataclass(frozen=True)
class Chart:
    figure: go.Figure
    summary: str  # what the chart shows, in one sentence, for every reader
    numbers: pd.DataFrame
    stem: str  # the file name of its image and numbers, without the extension
    # What a phone shows instead of a chart too wide for it: (heading, [(name, value), ...]) per item, as text.
    items: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    # The documents its figures come from, with how many of its rows each gives (SOURCE_CITATION_COLUMNS and a
    # count), where a page lists them beside it: read once for both.
    sources: pd.DataFrame | None = None

    def __reduce__(self) -> tuple:
        # Kept in the pages' cache as its description (plain data), built again through plotly's public constructor
        # when a cached page run reads it.
        fields = (self.figure.to_dict(), self.summary, self.numbers, self.stem, self.items, self.sources)
        return _chart_of, fields


def _chart_of(spec: dict, *fields: object) -> Chart:
    return Chart(charts.figure_of(spec), *fields)  # type: ignore[arg-type]


def status_by_framework(engine: Engine, f: CommitmentFilter) -> Chart | None:
    """Commitments by framework and status: None when the view matches none."""
    by_framework = queries.status_by_framework(engine, f)
    totals = queries.totals_by_status(by_framework)
    if sum(totals.values()) == 0:
        return None
    sources = queries.sources_of_commitments(engine, f)
    numbers = words.statuses(by_framework, "status").pivot(
        index=["framework", "kind"], columns="status_label", values="commitments"
    )
    numbers = numbers[[STATUS_LABELS[s] for s in totals]].reset_index()
    return Chart(
        charts.status_by_framework_chart(by_framework, sources=list(sources["title"]), as_of=f.as_of),
        charts.status_by_framework_summary(by_framework),
        numbers,
        f.file_stem("commitments-by-framework-and-status"),
        sources=sources,
    )


def status_totals(chart: Chart | None) -> dict[str, int]:
    """Commitments per status as a status_by_framework chart counts them: all zero when there is no chart."""
    return {
        status: int(chart.numbers[label].sum()) if chart is not None else 0 for status, label in STATUS_LABELS.items()
    }


def party_matrix(engine: Engine, f: CommitmentFilter) -> Chart | None:
    """Which organization is party to which commitment: None when no organization is."""
    matrix = queries.party_matrix(engine, f)
    if matrix.empty:
        return None
    sources = queries.sources_of_commitments(engine, f)
    marked = matrix.assign(
        role=[rules.marked(role, inferred) for role, inferred in zip(matrix["role"], matrix["inferred"], strict=True)]
    )
    table = marked.pivot_table(index="organization", columns="commitment", values="role", aggfunc="first")
    items = tuple(
        (commitment, tuple(zip(rows["organization"], rows["role"], strict=True)))
        for commitment, rows in marked.groupby("commitment", sort=False)
    )
    return Chart(
        charts.party_matrix_chart(matrix, sources=list(sources["title"]), as_of=f.as_of),
        charts.party_matrix_summary(matrix),
        table.fillna("").reset_index(),
        f.file_stem("organization-commitment-matrix"),
        items,
    )


def participation(engine: Engine, f: CommitmentFilter) -> Chart | None:
    """Attendance as the sources state it, at the events the view covers: None when there is none."""
    figures = words.figures(queries.participation(engine, f))
    if figures.empty:
        return None
    sources = queries.sources_of_participation(engine, f)
    return Chart(
        charts.participation_chart(figures, sources=list(sources["title"]), as_of=f.as_of),
        charts.participation_summary(figures),
        figures,
        f.file_stem("participation"),
    )


def timeline(engine: Engine, slug: str, as_of: dt.date) -> Chart | None:
    """One commitment's progress over time: None when there is no such commitment."""
    detail = queries.commitment_detail(engine, slug, as_of)
    if detail is None:
        return None
    return timeline_of(detail, history.timeline(engine, slug), as_of)


def timeline_of(detail: dict, updates: pd.DataFrame, as_of: dt.date) -> Chart:
    """timeline() from a commitment's detail (queries.commitment_detail) and updates (history.timeline) at hand:
    its page has read both, and draws the chart without reading the detail again."""
    c = detail["commitment"]
    pace = str(detail["pace"]) if detail["pace"] is not None and detail["pace"].applies else ""
    figure = charts.timeline_chart(
        updates,
        made_on=detail["made_on"],
        as_of=as_of,
        target=c["target_value"],
        target_label=rules.target_text(c["target_value"], c["target_unit"], c["target_qualifier"]),
        target_unit=c["target_unit"] or "",
        due_date=c["due_date"],
        deadline_label=rules.deadline_words(c["due_date"], "day", c["due_date_inferred"], short=True),
        pace=pace,
        title=f"Progress: {c['title']}",
        sources=[detail["source_title"], "progress updates recorded in the tracker"],
    )
    summary = charts.timeline_summary(updates, as_of, detail["made_on"], words.made_on_words(detail), pace)
    return Chart(figure, summary, updates, f"progress_{c['slug']}_as-of-{as_of}")


# The charts by the name their addresses use, with what each is drawn from: the pages' view (a CommitmentFilter),
# or one commitment and a date.
BY_VIEW: dict[str, Callable[[Engine, CommitmentFilter], Chart | None]] = {
    "status-by-framework": status_by_framework,
    "party-matrix": party_matrix,
    "participation": participation,
}
BY_COMMITMENT = {"timeline": timeline}
