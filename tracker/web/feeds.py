"""Feeds a reader subscribes to: `/feeds/changes.atom` (every progress update and correction of a view, newest
first) and `/feeds/deadlines.ics` (every deadline as an all-day calendar event). Both take the Commitments page's
filters, and the Atom feed also `commitment=SLUG` for one commitment. An inferred deadline says so, with its reason.
"""

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from icalendar import Calendar, Event

from tracker.domain import rules
from tracker.domain.settings import settings
from tracker.domain.text import visible
from tracker.domain.vocab import STATUS_LABELS
from tracker.present import releases, words
from tracker.read import process, queries
from tracker.read.filters import CommitmentFilter
from tracker.web import addresses
from tracker.web.engine import data_engine
from tracker.web.params import REFUSALS, VIEW_PARAMETERS, BadRequest, declared, query_parameter, requested_view

router = APIRouter(responses=REFUSALS)

FEED_ENTRIES = 50
ATOM = "http://www.w3.org/2005/Atom"
PRODUCT = "AI Standards Commitment Tracker"


def _commitment_url(request: Request, slug: str) -> str:
    return addresses.commitment_page(slug, base=str(request.base_url))


COMMITMENT = query_parameter("commitment", str, "One commitment's slug: its updates and corrections alone.")


@declared(*VIEW_PARAMETERS, COMMITMENT)
def _feed_view(request: Request, **_: Any) -> CommitmentFilter:
    return requested_view(request, ("commitment",))


@router.get(
    "/changes.atom",
    response_class=Response,
    responses={200: {"content": {"application/atom+xml": {}}, "description": "An Atom feed"}},
    summary="Progress updates and corrections of a view, newest first",
)
def changes_atom(request: Request, view: Annotated[CommitmentFilter, Depends(_feed_view)]) -> Response:
    """Every progress update and correction of the view (or of one commitment), newest recorded first; an update a
    correction replaced says so."""
    return Response(_changes_atom(request, view), media_type="application/atom+xml; charset=utf-8")


def _changes_atom(request: Request, view: CommitmentFilter) -> bytes:
    current = data_engine()
    slug = request.query_params.get("commitment")
    if slug is not None and queries.commitment_title(current, slug) is None:
        raise BadRequest(f"no commitment {slug!r}")
    log = words.changes_log(
        current, commitments=(slug,) if slug else (), within=view, until=view.as_of, limit=FEED_ENTRIES
    )
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    scope = f"commitment {slug}" if slug else view.describe()
    ET.SubElement(feed, f"{{{ATOM}}}title").text = f"{PRODUCT}: progress updates and corrections ({scope})"
    ET.SubElement(
        feed, f"{{{ATOM}}}subtitle"
    ).text = f"{process.review_words()} {releases.stamp_words(view, made=False)}."
    ET.SubElement(feed, f"{{{ATOM}}}id").text = str(request.url)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=str(request.url))
    newest = log["recorded_at"].max() if not log.empty else None
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(newest) if newest is not None else _stamp(None)
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = PRODUCT
    replies = process.replies_to(current, [int(i) for i in log["id"]], view.as_of) if not log.empty else {}
    for row in log.itertuples():
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(
            entry, f"{{{ATOM}}}title"
        ).text = f"{row.commitment_title}: {STATUS_LABELS[row.status]} as of {row.as_of:%-d %B %Y} ({row.entry})"
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"{_commitment_url(request, row.commitment)}#update-{row.id}"
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(row.recorded_at)
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=_commitment_url(request, row.commitment))
        if row.evidence_url:
            ET.SubElement(entry, f"{{{ATOM}}}link", rel="related", href=row.evidence_url, title="Evidence")
        ET.SubElement(ET.SubElement(entry, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = row.recorded_by
        lines = [f"Status: {STATUS_LABELS[row.status]}", f"Rationale: {row.rationale}"]
        if row.progress_value == row.progress_value and row.progress_value is not None:
            lines.append(f"Progress: {row.progress_value:g}")
        if row.evidence_quote:
            lines.append(f"Evidence: \u201c{row.evidence_quote}\u201d")
        if row.evidence_url:
            lines.append(f"Evidence link: {row.evidence_url}")
        if row.kind == "correction":
            lines.append(f"Corrects #{row.corrects_id}: {row.correction_reason}")
        reviewed = f"approved by {row.reviewed_by}, a second editor" if row.reviewed_by else "single-reviewed"
        lines.append(f"Recorded by {row.recorded_by}; {reviewed}")
        lines += [words.reply_line(reply, row.status) for reply in replies.get(int(row.id), [])]
        ET.SubElement(entry, f"{{{ATOM}}}content", type="text").text = "\n".join(lines)
    for element in feed.iter():  # any stored or asked-for text, made valid XML (controls shown as [U+0001])
        element.text = visible(element.text) if element.text else element.text
        element.attrib.update({name: visible(value) for name, value in element.attrib.items()})
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _stamp(moment) -> str:
    """An Atom date: the moment given (a newest entry's), or for a feed with no entries the moment it was made."""
    moment = moment.to_pydatetime() if hasattr(moment, "to_pydatetime") else moment
    moment = moment or settings().made_at or dt.datetime.now(dt.UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@declared(*VIEW_PARAMETERS)
def _calendar_view(request: Request, **_: Any) -> CommitmentFilter:
    return requested_view(request, ())


@router.get(
    "/deadlines.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}, "description": "An iCalendar file"}},
    summary="Deadlines of a view as calendar events",
)
def deadlines_ics(request: Request, view: Annotated[CommitmentFilter, Depends(_calendar_view)]) -> Response:
    """Every deadline of the view as an all-day event; an inferred deadline says so in its summary."""
    return Response(_deadlines_ics(request, view), media_type="text/calendar; charset=utf-8")


def _deadlines_ics(request: Request, view: CommitmentFilter) -> bytes:
    """Every deadline of the view as an all-day event, written by the icalendar library (which escapes and folds
    each line as RFC 5545 asks). A deadline the text does not state literally says so in its summary."""
    current = data_engine()
    deadlines = words.deadlines(current, view, queries.MAX_TABLE_ROWS)
    host = request.url.hostname or "localhost"
    calendar = Calendar()
    calendar.add("prodid", f"-//{PRODUCT}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", visible(f"{PRODUCT}: deadlines ({view.describe()})"))
    made = settings().made_at or dt.datetime.now(dt.UTC)
    for row in deadlines.itertuples():
        description = [
            f"Who commits: {row.parties or 'no party named in the text'}",
            f"Status as of {view.as_of:%-d %B %Y}: {row.status_label}",
            f"Deadline: {row.deadline}; {row.countdown}",
        ]
        if row.due_date_inferred:
            description.append("The deadline is inferred: the text does not state this date; see the commitment.")
        event = Event()
        event.add("uid", f"{row.slug}-deadline@{host}")
        event.add("dtstamp", made)
        event.add("dtstart", row.due_date)
        event.add("dtend", row.due_date + dt.timedelta(days=1))
        # Controls in stored text shown as [U+0001]: iCalendar text cannot carry them (the library escapes the rest).
        event.add("summary", visible(rules.marked("Deadline", bool(row.due_date_inferred)) + f": {row.title}"))
        event.add("description", visible("\n".join(description)))
        event.add("url", _commitment_url(request, row.slug))
        calendar.add_component(event)
    return calendar.to_ical()
