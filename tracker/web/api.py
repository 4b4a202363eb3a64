"""The read API, `/api/v1/`: a FastAPI application mounted beside the pages. The dashboard's views as JSON (codes
and values, stable field names, checked against the public models of tracker.web.schemas) and as CSV twins
streamed with the same injection-safe cells as the exports; its OpenAPI document is generated from the routes,
their parameters (the filter registry's) and those models.

This module holds the view's own routes (its counts and its commitments); tracker.web.details (one record, the
changes) and tracker.web.tables (every table of the data package) add theirs to the same router.
"""

from collections.abc import Iterator
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request

from tracker.present import words
from tracker.read import queries
from tracker.read.filters import CommitmentFilter
from tracker.web import addresses, schemas
from tracker.web.engine import data_engine
from tracker.web.params import (
    CSV_ANSWER,
    EXCEL_PARAMETER,
    PAGE_PARAMETERS,
    REFUSALS,
    BadRequest,
    csv_response,
    json_value,
    next_link,
    paging,
    view_dependency,
    wants_excel,
)

router = APIRouter(responses=REFUSALS)
PREFIX = addresses.API

View = Annotated[CommitmentFilter, Depends(view_dependency())]
PagedView = Annotated[CommitmentFilter, Depends(view_dependency(*PAGE_PARAMETERS))]
CsvView = Annotated[CommitmentFilter, Depends(view_dependency(EXCEL_PARAMETER))]


@router.get("/summary", response_model=schemas.Summary, summary="What the view counts")
def summary(view: View) -> dict[str, Any]:
    """What the view counts over every matching commitment: how many of each kind (commitments and priorities
    apart), of each status and in each deadline state (and how many of those rest on an inferred deadline)."""
    counts = queries.view_counts(data_engine(), view)
    return {
        "view": view.describe(),
        "as_of": view.as_of,
        "counts": {
            "matched": counts.matched,
            "kind": counts.kinds,
            "status": counts.statuses,
            "deadline": counts.deadlines,
            "inferred_deadline": counts.inferred_deadlines,
            "stale": counts.stale,
            "events": counts.events,
            "sources": counts.sources,
            "parties": counts.parties,
        },
    }


@router.get("/commitments", response_model=schemas.CommitmentsPage, summary="A page of the view's commitments")
def commitments(request: Request, view: PagedView) -> dict[str, Any]:
    """A page of the matching commitments, soonest deadline first, with the total and the next page's address."""
    page, size = paging(request.query_params)
    rows, total = queries.commitments_page(data_engine(), view, size, (page - 1) * size)
    records = [{key: json_value(value) for key, value in row.items()} for row in rows.to_dict("records")]
    for record, pace in zip(records, words.paces(rows, view.as_of), strict=True):
        # who commits, each with whether the text names them or the tracker infers them; whether it is on track
        record["parties"] = [{"name": name, "inferred": bool(inferred)} for name, inferred in record["parties"]]
        record["pace"] = pace or None
    query = addresses.params_of(view)
    return {
        "view": view.describe(),
        "as_of": view.as_of,
        "total": total,
        "page": page,
        "size": size,
        "next": next_link(request, query, page, size, page * size < total),
        "csv": f"{addresses.api_list('commitments', csv=True)}?{urlencode(query)}",
        "commitments": records,
    }


CSV_COLUMNS = [*queries.COMMITMENT_COLUMNS, *words.COMMITMENT_WORDS]


def _commitments_csv(view: CommitmentFilter, excel: bool) -> Iterator[str]:
    """Every matching commitment, the columns of the JSON and their words beside them (status_label, deadline,
    countdown, flags...), streamed a batch at a time from the database cursor."""
    from tracker.present.csvfile import frames_chunks

    # Who commits in one cell, an inferred party marked as such, as in every other file.
    frames = queries.commitment_frames(data_engine(), view)
    return frames_chunks(
        CSV_COLUMNS, (words.commitments(frame, view.as_of)[CSV_COLUMNS] for frame in frames), excel=excel
    )


@router.get("/commitments.csv", responses=CSV_ANSWER, summary="Every commitment of the view as CSV")
def commitments_csv(request: Request, view: CsvView):
    """Every matching commitment (no paging), the columns of the JSON with their words beside them."""
    if {"page", "size"} & set(request.query_params):
        raise BadRequest("the CSV holds every matching commitment: page and size do not apply")
    excel = wants_excel(request.query_params)
    chunks = _commitments_csv(view, excel)
    return csv_response(chunks, f"{view.file_stem('commitments')}{'_excel' if excel else ''}.csv")
