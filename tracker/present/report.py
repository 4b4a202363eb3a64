"""What a deck or a brief shows: gathered from the same queries as the dashboard, for the same filters and as-of
date, so a presented number is always the number on screen. Every part follows the filter: the headline, the
participation figures (those of the filtered commitments' events), the recent updates and the sources.

Words shared by the deck and the brief live here too: the footer, how a document is cited, how a cell is cut.
"""

import datetime as dt
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy.engine import Engine

from tracker.domain import rules
from tracker.domain.codebook import counted
from tracker.domain.settings import settings
from tracker.domain.vocab import RATINGS, STATUS_LABELS
from tracker.present import charts, releases, words
from tracker.read import process, provenance, queries
from tracker.read.filters import CommitmentFilter

TRACKER_RECORDS = "progress updates recorded in the tracker"
# A deck lists at most this many commitments (over several slides); beyond that it says how many it left out.
MAX_LISTED = 120
# Each commitment of a view up to this many gets its pledge quoted on a deck's slide of its own few (and a brief
# quotes the first of them); a larger deck is a table, with the quotes in the speaker notes, and says so.
QUOTED_LISTED = 30
DEADLINES_LISTED = 10  # the soonest deadlines a deck's slide and a brief's table show (the counts are of them all)


@dataclass(frozen=True)
class Report:
    filter: CommitmentFilter
    filter_words: str
    generated_on: dt.date
    counts: queries.ViewCounts
    by_framework: pd.DataFrame
    deadlines: pd.DataFrame
    stale_after_days: int
    commitments: pd.DataFrame
    matched: int
    participation: pd.DataFrame
    participation_events: tuple[str, ...]
    matrix: pd.DataFrame
    recent: pd.DataFrame
    latest: dict[str, Any]  # each quoted commitment's update in force (words.changes_log's row), by slug
    assessed: dict[str, dict[str, Any]]  # each quoted commitment's due process (process.due_process), by slug
    review: str  # how assessments are reviewed, in words (process.review_words)
    single_review: bool
    commitment_sources: list[str]
    participation_sources: list[str]
    documents: pd.DataFrame
    stamp: str  # which data it shows: the release or the live data, and the app's version (releases.stamp_words)
    made_at: dt.datetime  # when its file says it was made: now, or at a release the release's publication

    @property
    def as_of(self) -> dt.date:
        return self.filter.as_of

    @property
    def tracked(self) -> int:
        return self.counts.matched

    @property
    def status_totals(self) -> dict[str, int]:
        return self.counts.statuses

    @property
    def all_sources(self) -> list[str]:
        return list(dict.fromkeys([*self.commitment_sources, *self.participation_sources]))


def gather(engine: Engine, f: CommitmentFilter, *, generated_on: dt.date | None = None) -> Report:
    # The reads run two at a time, each on its own connection: each is a count or a list over every matching
    # commitment (a tenth to a third of a second each at 100,000), and the database works on them outside the
    # interpreter lock.
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="report") as pool:

        def read(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Future:
            return pool.submit(function, engine, *args, **kwargs)

        options = read(queries.filter_options)
        by_framework = read(queries.status_by_framework, f)
        # Participation follows the filter: the figures of the events the view covers.
        events = read(queries.events_of, f)
        commitment_sources = read(queries.sources_of_commitments, f)
        participation_sources = read(queries.sources_of_participation, f)
        documents = read(provenance.sources_table, f.as_of)
        counts = read(queries.view_counts, f)
        deadlines = read(words.deadlines, f, DEADLINES_LISTED)
        listed = read(queries.commitments_table, f, MAX_LISTED)
        participation = read(queries.participation, f)
        matrix = read(queries.party_matrix, f)
        # What stands: an update a correction replaced is never shown as current.
        recent = read(words.changes_log, until=f.as_of, within=f, limit=8, current=True)
    names = {value: label for choices in options.result().values() for value, label in choices}
    quoted = listed.result()["slug"].head(QUOTED_LISTED)
    # The update each quoted commitment's status comes from: its latest by the day described, then as recorded
    # (the rule of as_of's status), of those no correction replaced.
    in_force = (
        words.changes_log(engine, commitments=tuple(quoted), until=f.as_of, current=True) if len(quoted) else None
    )
    latest = {} if in_force is None else {u.commitment: u for u in in_force.sort_values(["as_of", "id"]).itertuples()}
    used = set(commitment_sources.result().get("source", [])) | set(participation_sources.result().get("source", []))
    table = documents.result()
    return Report(
        filter=f,
        filter_words=f.describe(names),
        generated_on=generated_on or rules.today(),
        counts=counts.result(),
        by_framework=by_framework.result(),
        deadlines=deadlines.result(),
        stale_after_days=rules.stale_after_days(),
        commitments=words.commitments(listed.result(), f.as_of),
        matched=counts.result().matched,
        participation=words.figures(participation.result()),
        participation_events=events.result(),
        matrix=matrix.result(),
        recent=recent.result(),
        latest=latest,
        assessed={slug: process.due_process(engine, slug, f.as_of) for slug in quoted},
        review=process.review_words(),
        single_review=settings().single_review,
        commitment_sources=list(commitment_sources.result().get("title", [])),
        participation_sources=list(participation_sources.result().get("title", [])),
        documents=table[table["slug"].isin(used)].reset_index(drop=True),
        stamp=releases.stamp_words(made=False),
        made_at=settings().made_at or dt.datetime.now(dt.UTC).replace(microsecond=0),
    )


def headline_lines(report: Report) -> list[str]:
    """The headline figures in words, counted over everything the filter matches: commitments and priorities
    apart, a deadline the text does not state said to be inferred beside each count that uses it."""
    if not report.tracked:
        return [words.nothing_in_view(report.filter)]
    c = report.counts
    statuses = ", ".join(f"{STATUS_LABELS[s].lower()} {n}" for s, n in c.statuses.items() if n)
    deadline_parts = [
        f"{c.deadlines['overdue']} overdue{charts.inferred_note(c.inferred('overdue'))}",
        f"{c.deadlines['passed_not_assessed']} past the deadline but never assessed"
        f"{charts.inferred_note(c.inferred('passed_not_assessed'))}",
        f"{c.deadlines['due_soon']} due within {rules.DUE_SOON_DAYS} days"
        f"{charts.inferred_note(c.inferred('due_soon'))}",
    ]
    deadlines = (
        f"{c.with_deadline} with a deadline: " + ", ".join(deadline_parts)
        if c.with_deadline
        else "None of them sets a deadline."
    )
    return [
        f"{counted(c.kinds, joined=' and ')} tracked ({statuses or 'none'})",
        deadlines,
        f"{c.stale} not updated in the last {report.stale_after_days} days (or never)",
        f"From {c.events} event{'s' if c.events != 1 else ''} and {c.sources} "
        f"document{'s' if c.sources != 1 else ''}; {c.parties} organizations, countries or cities named as "
        "parties (inferred parties included, and marked so in the tables)",
    ]


def view_title(report: Report) -> str:
    """What a deck or brief is about, in words: "Seoul Statement: where the four commitments stand, 6 December
    2026" for one framework, else of all the tracker's commitments (the other filters follow in the subtitle)."""
    frameworks = report.filter.frameworks
    subject = frameworks[0] if len(frameworks) == 1 else "AI standards commitments"
    kinds = report.counts.kinds
    if not any(kinds.values()):
        none = "none made yet" if report.filter.is_default else "none match these filters"
        return f"{subject}: {none}, {report.as_of:%-d %B %Y}"
    return f"{subject}: where the {counted(kinds, joined=' and ', spelt=True)} stand, {report.as_of:%-d %B %Y}"


def shared_parties(report: Report) -> str:
    """Who commits, when every listed commitment names the same parties ("IEC; ISO; ITU"): a table of who is
    party to what would say only that. Empty otherwise."""
    parties = set(report.commitments["parties"]) if not report.commitments.empty else set()
    return next(iter(parties)) if len(parties) == 1 and report.matched == len(report.commitments) else ""


QUOTE_CHARS = 1_200  # a longer quote is cut where it is shown in full elsewhere (the deck's notes, the page)


def pledge_words(r, update, assessed: dict[str, Any] | None = None) -> tuple[str, str, str]:
    """A commitment as a deck's slide and a brief give it: its title, its quote (verbatim, up to QUOTE_CHARS),
    and what stands in words: kind, status with its latest update's date, the deadline (marked inferred where the
    text does not state it), who commits, on track, and the latest evidence. `r` is a row of words.commitments,
    `update` the update its status comes from (report.latest), if any."""
    quote = r.source_quote if len(r.source_quote) <= QUOTE_CHARS else fit(r.source_quote, QUOTE_CHARS)
    stands = [
        f"{r.kind_label}. Status: {r.status_label}"
        + (f" (latest update as of {update.as_of:%-d %B %Y})" if update is not None else ""),
        f"Deadline: {r.deadline or 'none stated'}",
        f"Who commits: {r.parties or 'no one named'}",
    ]
    if r.pace:
        stands.insert(2, f"On track: {r.pace}")
    if update is not None and update.rationale:
        stands.append(f"Latest evidence: {fit(update.rationale, 300)}")
    stands += assessed_words(assessed)
    return r.title, quote, " · ".join(stands)


def rubric_line(assessed: dict[str, Any] | None) -> str:
    """A commitment's rubric in one line, as the deck's notes and the brief give it beside the pledge."""
    if assessed is None:
        return ""
    if (rubric := assessed["rubric"]) is None:
        return "Rubric: none written yet (no rating can be given before one)."
    levels = "; ".join(f"{STATUS_LABELS[level].lower()} means {rubric[level]}" for level in RATINGS)
    return f"Rubric: {fit(levels, 400)}"


def assessed_words(assessed: dict[str, Any] | None) -> list[str]:
    """What a pledge says of how it is assessed, beside its status: each committing party that disagrees with our
    rating or did not respond (never read as agreement), and the values contested and open."""
    if assessed is None:
        return []
    said = []
    rating = assessed["rating"]
    for each in assessed["replies"]:
        reply = each["reply"]
        if reply is not None and rating is not None and (each["differs"] or reply["status"] == "no_response"):
            said.append(fit(words.reply_line(reply | {"party_name": each["party_name"]}, rating["status"]), 400))
    if opened := sum(contest["resolution"] is None for contest in assessed["contests"]):
        said.append(f"Contested: {opened} value{'s' if opened > 1 else ''} open")
    return said


def pledges(report: Report) -> list[tuple[Any, tuple[str, str, str]]]:
    """Each listed commitment (a row of words.commitments) with its words as a pledge (pledge_words), beside the
    update in force for it, if any."""
    return [
        (r, pledge_words(r, report.latest.get(r.slug), report.assessed.get(r.slug)))
        for r in report.commitments.itertuples()
    ]


def left_out(report: Report) -> list[str]:
    """What the view has none of, said once (a deck leaves the slide out; a brief, the section)."""
    lines = []
    if not report.tracked:  # nothing to leave out: headline_lines says why the view is empty
        return lines
    if report.recent.empty:
        lines.append(f"No progress has been recorded for any of them up to {report.as_of:%-d %B %Y}.")
    if shared := shared_parties(report):
        lines.append(f"Every one names the same parties: {shared}.")
    if report.participation.empty:
        lines.append("No attendance figures are stated for their events.")
    return lines


def citation(document) -> str:
    """How a deck or brief cites a document, in one line a reader can follow: its title (or the tracker's name
    for it), publisher, date and address, each as the text gives it or said to be not recorded
    (a row of provenance.sources_table). The SHA-256 that checks a copy is in `fingerprint`."""
    parts = [
        f"\u201c{document.title}\u201d" if document.title else f"{document.label} (untitled)",
        document.publisher if document.publisher else "publisher not recorded",
        _published(document) if pd.notna(document.published_on) else "date not recorded",
        document.url if document.url else "no web address recorded",
    ]
    return ", ".join(parts) + "."


def fingerprint(document) -> str:
    """The document's SHA-256, to check a copy of its text is the one the tracker quotes."""
    return f"{document.label}: SHA-256 {document.sha256}"


def _published(document) -> str:
    """The publication date as the document gives it ("2 December 2025", "March 2026", "2025")."""
    if document.published_on_precision == "day":
        return f"{document.published_on:%-d %B %Y}"
    return rules.date_as_written(document.published_on, document.published_on_precision)


def footer_text(report: Report, sources: list[str]) -> str:
    cited = "; ".join(sources) if sources else "AI Standards Commitment Tracker"
    single = " · Assessments single-reviewed" if report.single_review else ""
    return (
        f"As of {report.as_of:%-d %B %Y} · Source: {cited} · AI Standards Commitment Tracker{single} · {report.stamp}"
    )


def fit(text: str, limit: int) -> str:
    """Cut text to `limit` characters on a word boundary, so a table cell never outgrows its row."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


INFERRED_NOTE = (
    "Values the texts do not state literally (inferred parties, dates, countries) are marked inferred; the "
    "tracker's Methodology and Sources pages give what each rests on."
)
