"""One record with everything about it, the changes between two dates, and the Changes log, in the read API:

- `/api/v1/commitments/{slug}`: the commitment with its parties, quote, target, deadline, status as of a date,
  the flags the pages show, the values the text does not state literally (with their reasons) and its history;
- `/api/v1/sources/{slug}`: a source with its full text and every fact taken from it, in text order;
- `/api/v1/changes` and `/api/v1/changes.csv`: the commitments whose status or progress differs between two
  dates (`from`, `to`), with the Commitments page's filters;
- `/api/v1/changes-log` and its `.csv`: every progress update and correction of the view, newest recorded
  first, with the Changes log page's own parameters (`log_status`, `log_by`, `log_commitment`).
"""

import datetime as dt
import json
from typing import Annotated, Any
from urllib.parse import urlencode

import sqlalchemy as sa
from fastapi import Depends, Path, Request
from sqlmodel import Session

from models.evidence import selectors
from models.facts import file_name
from models.tables import Inference, Source
from tracker.domain.facts import fact_id
from tracker.domain.rules import date_as_written, dated_words, marked, today
from tracker.domain.vocab import UPDATE_STATUSES
from tracker.present.csvfile import frame_chunks
from tracker.present.exports import COMMITMENTS_FILE
from tracker.read import history, process, provenance, queries
from tracker.web import addresses, schemas
from tracker.web.api import router
from tracker.web.engine import data_engine
from tracker.web.params import (
    AS_OF,
    CSV_ANSWER,
    EXCEL,
    EXCEL_PARAMETER,
    PAGE_PARAMETERS,
    RETRACTED,
    VIEW_PARAMETERS,
    BadRequest,
    Gone,
    NotFound,
    as_of_param,
    csv_response,
    date_param,
    declared,
    json_value,
    next_link,
    paging,
    query_parameter,
    refuse_unknown,
    view_from_params,
    wants_excel,
)

CHANGE_PARAMS = ("from", "to", "by")
SLUG = Annotated[str, Path(description="The record's slug", max_length=200)]


def _record(values: dict[str, Any]) -> dict[str, Any]:
    return {key: json_value(value) for key, value in values.items()}


@declared(AS_OF)
def _as_of_only(request: Request, **_: Any) -> dt.date:
    refuse_unknown(request.query_params, ("as_of",))
    return as_of_param(request.query_params["as_of"]) if "as_of" in request.query_params else today()


@router.get(
    "/commitments/{slug}", response_model=schemas.CommitmentDetail, summary="One commitment", responses=RETRACTED
)
def commitment(slug: SLUG, as_of: Annotated[dt.date, Depends(_as_of_only)]) -> dict[str, Any]:
    """One commitment with its parties, quote, target, deadline, status as of a date, the flags the pages show,
    every value the text does not state literally (with its reason), and its history. A commitment retracted by
    then answers 410, saying when, by whom and why, and where to see it as it stood."""
    current = data_engine()
    detail = queries.commitment_detail(current, slug, as_of)
    if detail is None:
        raise NotFound(f"no commitment {slug!r}")
    if gone := queries.retraction(current, "commitment", slug, as_of):
        before = gone.at.date() - dt.timedelta(days=1)
        raise Gone(f"commitment {slug!r} was {gone.words()}; as it stood before: ?as_of={before.isoformat()}")
    c = detail["commitment"]
    fact = fact_id("commitment", slug)
    with current.connect() as connection:
        inferred = connection.execute(
            sa.select(Inference.field, Inference.reason).where(Inference.fact == fact).order_by(Inference.field)
        ).all()
    timeline = history.timeline(current, slug)
    timeline = timeline[timeline["as_of"] <= as_of]
    declared = {column: c[name] for column, (name, _) in schemas.declared_columns(COMMITMENTS_FILE).items()}
    return {
        **declared,
        "as_of": as_of,
        "made_on": json_value(detail["made_on"]),
        "made_on_inferred": detail["made_on_inferred"],
        "made_on_as_written": marked(
            dated_words(detail["made_on"], detail["made_on_precision"]), detail["made_on_inferred"]
        ),
        "parties": [
            {
                "organization": party["slug"],
                "name": party["name"],
                "role": party["role"],
                "inferred": bool(party["inferred"]),
                "inference_note": party["inference_note"],
            }
            for party in detail["parties"]
        ],
        "themes": detail["themes"],
        "status": detail["status"],
        "progress_value": json_value(detail["progress"]),
        "last_update": json_value(detail["last_update"]),
        "pace": str(detail["pace"]) if detail["pace"] is not None and detail["pace"].applies else None,
        "target": {
            "value": c["target_value"],
            "unit": c["target_unit"],
            "qualifier": c["target_qualifier"],
            "note": c["target_note"],
        },
        "due_date_as_written": (
            marked(date_as_written(c["due_date"], c["due_date_precision"]), c["due_date_inferred"])
            if c["due_date"]
            else None
        ),
        "flags": {
            # False when as_of falls before made_on: the commitment had not been made, so it had no status yet.
            "made": detail["made"],
            "deadline": detail["deadline_state"],
            "days_left": detail["days_left"] if detail["made"] else None,
            "stale": detail["stale"],
            "verifiable": detail["verifiable"],
            "specificity": {
                "score": detail["specificity"].score,
                "out_of": len(detail["specificity"].criteria),
                "criteria": [{"met": c.met, "reason": c.reason} for c in detail["specificity"].criteria],
            },
        },
        "inferred": inferred_fields(detail, inferred),
        "evidence": {
            "source": c["source_slug"],
            "quote": c["source_quote"],
            "quote_start": c["quote_start"],
            "quote_end": c["quote_end"],
        },
        # Every update dated up to as_of: corrections, and the updates they replace with `corrected_by` set.
        "history": [_record(row) for row in timeline.drop(columns=["effective", "note"]).to_dict("records")],
        # Editors' additions, corrections and retractions of the commitment itself, newest first; the values above
        # are as corrected whatever the as_of date, and `as_it_stood` gives each field corrected since as_of as it
        # stood then.
        "fact_changes": [
            {
                "changed_at": json_value(row["changed_at"]),
                "changed_by": row["changed_by"],
                "action": row["action"],
                "changes": json.loads(row["changes"] or "{}"),
                "reason": row["reason"],
            }
            for row in history.fact_changes(current, fact).to_dict("records")
        ],
        "as_it_stood": history.as_it_stood(current, fact, as_of),
        "due_process": _due_process(current, slug, as_of),
        "links": {
            "page": "/" + addresses.commitment_page(slug),
            "updates_csv": addresses.api_list("progress-updates", csv=True)
            + f"?{urlencode({'commitment': slug, 'as_of': as_of})}",
            "feed": addresses.changes_feed(urlencode({"commitment": slug})),
        },
    }


def _due_process(current, slug: str, as_of: dt.date) -> dict[str, Any]:
    shown = process.due_process(current, slug, as_of)

    def row(values: dict[str, Any] | None) -> dict[str, Any] | None:
        return None if values is None else {file_name(name): json_value(value) for name, value in values.items()}

    return {
        "review": shown["review"],
        "review_words": process.review_words(),
        "rubric": row(shown["rubric"]),
        "rubrics": [row(each) for each in shown["rubrics"]],
        "rating": row(shown["rating"]),
        "replies": [each | {"reply": row(each["reply"])} for each in shown["replies"]],
        "contests": [row(each) for each in shown["contests"]],
    }


def inferred_fields(detail: dict[str, Any], stored: list[tuple[str, str]]) -> list[dict[str, str]]:
    """Every value of a commitment the text does not state literally, with what it rests on: the day it counts
    from, its deadline, each inferred party, and any other field the inference table names."""
    c = detail["commitment"]
    found = []
    if detail["made_on_inferred"]:
        found.append({"field": "made_on", "reason": detail["made_on_reason"]})
    if c["due_date_inferred"]:
        found.append({"field": "due_date", "reason": c["due_date_note"]})
    for party in detail["parties"]:
        if party["inferred"]:
            found.append({"field": f"party:{party['slug']}", "reason": party["inference_note"]})
    return found + [{"field": field, "reason": reason} for field, reason in stored]


@declared()
def _nothing_else(request: Request) -> None:
    refuse_unknown(request.query_params, ())


@router.get("/sources/{slug}", response_model=schemas.SourceDetail, summary="One source")
def source(slug: SLUG, _: Annotated[None, Depends(_nothing_else)]) -> dict[str, Any]:
    """A source with its full text and every fact taken from it, in text order."""
    current = data_engine()
    with Session(current) as session:
        source = session.get(Source, slug)
    if source is None or source.retracted_at is not None:
        raise NotFound(f"no source {slug!r}" + (": it was retracted (see the Changes log)" if source else ""))
    facts = provenance.source_facts(current, slug)
    return {
        "slug": source.slug,
        "label": source.label,
        "title": source.title,
        "publisher": source.publisher,
        "published_on": source.published_on,
        "published_on_precision": source.published_on_precision,
        "published_as_written": (
            date_as_written(source.published_on, source.published_on_precision) if source.published_on else None
        ),
        "url": source.url,
        "other_urls": source.other_urls.splitlines(),
        "file": source.file,
        "sha256": source.sha256,
        "text": source.text,
        "facts": [
            {
                **_record(fact),
                "kind": fact["fact"].split(":", 1)[0],
                "inferred": bool(fact["inferred"]),
                # The quote as a W3C Web Annotation target: exact words with their context, offsets, the text's hash.
                "target": selectors(
                    source.text, int(fact["quote_start"]), int(fact["quote_end"]), sha256=source.sha256
                ),
            }
            for fact in facts.to_dict("records")
        ],
    }


def _dates(request: Request) -> tuple[dt.date, dt.date, str]:
    params = request.query_params
    for name in ("from", "to"):
        if name not in params:
            raise BadRequest(f"{name} is required: the changes between two dates, from=YYYY-MM-DD&to=YYYY-MM-DD")
    start, end = (date_param(params[name], name) for name in ("from", "to"))
    if start > end:
        raise BadRequest(f"from ({start}) must be on or before to ({end})")
    by = params.get("by", "described")
    if by not in history.CHANGE_VIEWS:
        raise BadRequest(f"by must be one of: {', '.join(history.CHANGE_VIEWS)}")
    return start, end, by


DATES = (
    query_parameter("from", dt.date, "The earlier date (YYYY-MM-DD)."),
    query_parameter("to", dt.date, "The later date (YYYY-MM-DD)."),
    query_parameter("by", str, "Compare by the dates updates describe (described, the default) or by when they were "
                    "recorded (recorded)."),
)  # fmt: skip
CHANGE_FILTERS = tuple(p for p in VIEW_PARAMETERS if p.name != "as_of")


def _changes_of(request: Request, also: tuple[str, ...]) -> tuple[Any, ...]:
    current = data_engine()
    view = view_from_params(request.query_params, queries.filter_options(current), (*CHANGE_PARAMS, *also))
    if "as_of" in request.query_params:
        raise BadRequest("the changes are between from and to: as_of does not apply")
    start, end, by = _dates(request)
    return current, view, start, end, by


@declared(*CHANGE_FILTERS, *DATES, *PAGE_PARAMETERS)
def _changes_request(request: Request, **_: Any) -> tuple[Any, ...]:
    return _changes_of(request, ("page", "size"))


@declared(*CHANGE_FILTERS, *DATES, EXCEL_PARAMETER)
def _changes_csv_request(request: Request, **_: Any) -> tuple[Any, ...]:
    return _changes_of(request, (EXCEL,))


@router.get("/changes", response_model=schemas.ChangesPage, summary="What changed between two dates")
def changes(request: Request, asked: Annotated[tuple, Depends(_changes_request)]) -> dict[str, Any]:
    """Commitments whose status or recorded progress differs between `from` and `to`, with the view's filters."""
    current, view, start, end, by = asked
    page, size = paging(request.query_params)
    frame = history.changes_between(current, start, end, view, limit=page * size + 1, by=by)
    rows = frame.iloc[(page - 1) * size : page * size]
    query = [*addresses.params_of(view)[:-1], ("from", str(start)), ("to", str(end)), ("by", by)]
    return {
        "view": view.describe(),
        "from": start,
        "to": end,
        "by": by,
        "page": page,
        "size": size,
        "next": next_link(request, query, page, size, len(frame) > page * size),
        "csv": f"{addresses.api_list('changes', csv=True)}?{urlencode(query)}",
        "changes": [_record(row) for row in rows.to_dict("records")],
    }


@router.get("/changes.csv", responses=CSV_ANSWER, summary="What changed between two dates, as CSV")
def changes_csv(request: Request, asked: Annotated[tuple, Depends(_changes_csv_request)]):
    """The same changes, every one (up to the Changes log's bound), as CSV."""
    current, view, start, end, by = asked
    excel = wants_excel(request.query_params)
    frame = history.changes_between(current, start, end, view, by=by)
    chunks = frame_chunks(frame, excel=excel)
    return csv_response(chunks, f"{view.file_stem('changes')}_{start}_to_{end}{'_excel' if excel else ''}.csv")


LOG_PARAMS = ("log_status", "log_by", "log_commitment")  # the Changes log page's own URL parameters
LOG_PARAMETERS = (
    query_parameter("log_status", list[str], "Status recorded (codes); repeat it for any of several."),
    query_parameter("log_by", list[str], "Recorded by (account names); repeat it for any of several."),
    query_parameter("log_commitment", list[str], "Commitments (slugs); repeat it for any of several."),
)


def _log(request: Request, also: tuple[str, ...]) -> Any:
    """The Changes log's entries for a request: the view's commitments, narrowed by status recorded, recorder and
    commitment (each may be given more than once), dated up to the view's as-of date, newest recorded first."""
    current = data_engine()
    params = request.query_params
    view = view_from_params(params, queries.filter_options(current), (*LOG_PARAMS, *also))
    statuses = tuple(dict.fromkeys(params.getlist("log_status")))
    for status in statuses:
        if status not in UPDATE_STATUSES:
            raise BadRequest(f"unknown log_status {status!r}; choose one of: {', '.join(UPDATE_STATUSES)}")
    commitments = tuple(dict.fromkeys(params.getlist("log_commitment")))
    for slug in commitments:
        if queries.commitment_title(current, slug) is None:
            raise BadRequest(f"no commitment {slug!r}")
    log = history.changes_log(
        current,
        commitments=commitments,
        within=view,
        statuses=statuses,
        recorded_by=tuple(dict.fromkeys(params.getlist("log_by"))),
        until=view.as_of,
        limit=history.log_limit(),
    )
    return view, *history.held(log)


@declared(*VIEW_PARAMETERS, *LOG_PARAMETERS, *PAGE_PARAMETERS)
def _log_request(request: Request, **_: Any) -> Any:
    return _log(request, ("page", "size"))


@declared(*VIEW_PARAMETERS, *LOG_PARAMETERS, EXCEL_PARAMETER)
def _log_csv_request(request: Request, **_: Any) -> Any:
    return _log(request, (EXCEL,))


@router.get("/changes-log", response_model=schemas.LogPage, summary="The Changes log")
def changes_log(request: Request, asked: Annotated[tuple, Depends(_log_request)]) -> dict[str, Any]:
    """Every progress update and correction of the view, newest recorded first, each with the correction that
    replaced it, if one did."""
    view, log, capped = asked
    page, size = paging(request.query_params)
    rows = log.iloc[(page - 1) * size : page * size]
    query = [
        *addresses.params_of(view),
        *((name, value) for name in LOG_PARAMS for value in request.query_params.getlist(name)),
    ]
    return {
        "view": view.describe(),
        "as_of": view.as_of,
        "total": len(log),
        # The log holds the newest MAX_LOG_ROWS entries, as the page does: true when there are more than it holds.
        "capped": capped,
        "page": page,
        "size": size,
        "next": next_link(request, query, page, size, len(log) > page * size),
        "csv": f"{addresses.api_list('changes-log', csv=True)}?{urlencode(query)}",
        "entries": [_record(row) for row in rows.to_dict("records")],
    }


@router.get("/changes-log.csv", responses=CSV_ANSWER, summary="The Changes log as CSV")
def changes_log_csv(request: Request, asked: Annotated[tuple, Depends(_log_csv_request)]):
    """The same entries as CSV."""
    view, log, _capped = asked
    excel = wants_excel(request.query_params)
    chunks = frame_chunks(log, excel=excel)
    return csv_response(chunks, f"{view.file_stem('changes-log')}{'_excel' if excel else ''}.csv")


@declared(EXCEL_PARAMETER)
def _excel_only(request: Request, **_: Any) -> bool:
    refuse_unknown(request.query_params, (EXCEL,))
    return wants_excel(request.query_params)


@router.get("/sources/{slug}/facts.csv", responses=CSV_ANSWER, summary="Every fact taken from a source, as CSV")
def source_facts_csv(slug: SLUG, excel: Annotated[bool, Depends(_excel_only)]):
    """Every fact taken from a source, in text order, as CSV."""
    current = data_engine()
    if slug not in set(provenance.sources_table(current)["slug"]):
        raise NotFound(f"no source {slug!r}, or it was retracted (see the Changes log)")
    facts = provenance.source_facts(current, slug)
    chunks = frame_chunks(facts, excel=excel)
    return csv_response(chunks, f"facts_{slug}{'_excel' if excel else ''}.csv")
