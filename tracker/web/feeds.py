"""Feeds a reader subscribes to: `/feeds/changes.atom` (every progress update and correction of a view, newest
first) and `/feeds/deadlines.ics` (every deadline as an all-day calendar event). Both take the Commitments page's
filters, and the Atom feed also `commitment=SLUG` for one commitment. An inferred deadline says so, with its reason.
"""

import datetime as dt
import xml.etree.ElementTree as ET
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from models.db import database_url
from tracker.domain.vocab import STATUS_LABELS
from tracker.present.words import parties_text
from tracker.read import history, queries
from tracker.web.api import BadRequest, params_of, refusing_bad_requests, requested_view
from tracker.web.engine import engine

FEED_ENTRIES = 50
ATOM = "http://www.w3.org/2005/Atom"
PRODUCT = "AI Standards Commitment Tracker"


def _commitment_url(request: Request, slug: str) -> str:
    return f"{str(request.base_url).rstrip('/')}/commitment?{urlencode({'commitment': slug})}"


def _changes_atom(request: Request) -> bytes:
    current = engine(database_url())
    view = requested_view(request, ("commitment",))
    slug = request.query_params.get("commitment")
    if slug is not None and queries.commitment_title(current, slug) is None:
        raise BadRequest(f"no commitment {slug!r}")
    log = history.changes_log(
        current, commitments=(slug,) if slug else (), within=view, until=view.as_of, limit=FEED_ENTRIES
    )
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    scope = f"commitment {slug}" if slug else view.describe()
    ET.SubElement(feed, f"{{{ATOM}}}title").text = f"{PRODUCT}: progress updates and corrections ({scope})"
    ET.SubElement(feed, f"{{{ATOM}}}id").text = str(request.url)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=str(request.url))
    newest = log["recorded_at"].max() if not log.empty else None
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(newest) if newest is not None else _stamp(None)
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = PRODUCT
    for row in log.itertuples():
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        kind = history.KIND_LABELS[row.kind]
        ET.SubElement(
            entry, f"{{{ATOM}}}title"
        ).text = f"{row.commitment_title}: {STATUS_LABELS[row.status]} as of {row.as_of:%d %B %Y} ({kind} #{row.id})"
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
        ET.SubElement(entry, f"{{{ATOM}}}content", type="text").text = "\n".join(lines)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _stamp(moment) -> str:
    moment = moment.to_pydatetime() if hasattr(moment, "to_pydatetime") else moment
    moment = moment or dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@refusing_bad_requests
async def changes_atom(request: Request) -> Response:
    body = await run_in_threadpool(_changes_atom, request)
    return Response(body, media_type="application/atom+xml; charset=utf-8")


def _ics_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _folded(line: str) -> list[str]:
    """An iCalendar content line folded at 75 octets (RFC 5545 3.1), without splitting a character."""
    parts, current = [], ""
    for character in line:
        if len((current + character).encode()) > (75 if not parts else 74):
            parts.append(current)
            current = ""
        current += character
    parts.append(current)
    return [parts[0], *(" " + part for part in parts[1:])]


def _deadlines_ics(request: Request) -> str:
    current = engine(database_url())
    view = requested_view(request, ())
    deadlines = queries.deadlines(current, view)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    host = request.url.hostname or "localhost"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//{PRODUCT}//EN", "CALSCALE:GREGORIAN"]
    lines.append(f"X-WR-CALNAME:{_ics_text(f'{PRODUCT}: deadlines ({view.describe()})')}")
    for row in deadlines.itertuples():
        inferred = " (inferred)" if row.due_date_inferred else ""
        description = [
            f"Who commits: {parties_text(row.parties) or 'no party named in the text'}",
            f"Status as of {view.as_of:%d %B %Y}: {STATUS_LABELS[row.status]}",
        ]
        if row.due_date_inferred:
            description.append("The deadline is inferred: the text does not state this date; see the commitment.")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{row.slug}-deadline@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{row.due_date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{row.due_date + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_ics_text(f'Deadline{inferred}: {row.title}')}",
            f"DESCRIPTION:{_ics_text(chr(10).join(description))}",
            f"URL:{_commitment_url(request, row.slug)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(folded + "\r\n" for line in lines for folded in _folded(line))


@refusing_bad_requests
async def deadlines_ics(request: Request) -> Response:
    body = await run_in_threadpool(_deadlines_ics, request)
    return Response(body, media_type="text/calendar; charset=utf-8")


def feed_query(view, commitment: str | None = None) -> str:
    """The query string of a feed of the view's filters, for the pages' links: without the as-of date, so the
    feed a reader subscribes to keeps following today."""
    pairs = [(name, value) for name, value in params_of(view) if name != "as_of"]
    return urlencode([*pairs, ("commitment", commitment)] if commitment else pairs)


routes = [
    Route("/feeds/changes.atom", changes_atom, methods=["GET"]),
    Route("/feeds/deadlines.ics", deadlines_ics, methods=["GET"]),
]
