"""The pages' charts at stateless addresses: `/export/charts/NAME.png`, `.svg` (the image at presentation size,
title, sources and as-of date drawn in) and `.csv` (the numbers it draws), with the parameters of the page the
chart is on. Any app server answers them, so the pages' image and CSV links work behind a load balancer; images
are kept by chart, parameters and data revision.

    status-by-framework, party-matrix, participation   the view's filters and as_of (tracker.read.filters)
    timeline                                           commitment and as_of
"""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response

from tracker.domain.errors import TrackerError
from tracker.domain.rules import today
from tracker.present import images
from tracker.present.csvfile import frame_chunks
from tracker.present.figures import BY_COMMITMENT, BY_VIEW, Chart
from tracker.web import addresses
from tracker.web.downloads import kept
from tracker.web.engine import data_engine
from tracker.web.params import (
    EXCEL,
    EXCEL_PARAMETER,
    REFUSALS,
    VIEW_PARAMETERS,
    BadRequest,
    as_of_param,
    csv_response,
    declared,
    error,
    query_parameter,
    refuse_unknown,
    requested_view,
    wants_excel,
)

router = APIRouter(responses=REFUSALS)
CHARTS_PATH = addresses.CHARTS
NAMES = (*BY_VIEW, *BY_COMMITMENT)
IMAGES = {"png": "image/png", "svg": "image/svg+xml"}


def chart_path(name: str, extension: str) -> str:
    return addresses.chart(name, extension)


def _chart(request: Request, name: str, also: tuple[str, ...]) -> tuple[tuple, Chart | None]:
    """The chart a request asks for, and a key naming it (None when the view has nothing to draw)."""
    current = data_engine()
    params = request.query_params
    if name in BY_VIEW:
        view = requested_view(request, also)
        return (name, view), BY_VIEW[name](current, view)
    as_of = as_of_param(params["as_of"]) if "as_of" in params else today()
    refuse_unknown(params, ("commitment", "as_of", *also))
    if "commitment" not in params:
        raise BadRequest("commitment is required: the slug of the commitment whose progress to draw")
    slug = params["commitment"]
    return (name, slug, as_of), BY_COMMITMENT[name](current, slug, as_of)


NAME_WORDS = (
    "status-by-framework, party-matrix and participation take the view's filters; timeline takes commitment and as_of."
)
COMMITMENT = query_parameter("commitment", str, "For timeline: the slug of the commitment whose progress to draw.")


@declared(*VIEW_PARAMETERS, COMMITMENT, EXCEL_PARAMETER)
def _asked(request: Request, **_: Any) -> Request:
    return request


@router.get(
    "/charts/{name}.{extension}",
    response_class=Response,
    responses={
        200: {"content": {"image/png": {}, "image/svg+xml": {}, "text/csv": {}}, "description": "The image or CSV"},
        503: {"description": "No Chromium on this server to draw images with"},
    },
    summary="A page's chart as an image at presentation size, or its numbers as CSV",
)
def chart(
    name: Annotated[str, Path(description=NAME_WORDS, json_schema_extra={"enum": list(NAMES)})],
    extension: Annotated[str, Path(description="png or svg for the image, csv for its numbers")],
    request: Annotated[Request, Depends(_asked)],
) -> Response:
    """The chart with its title, sources and as-of date drawn in (PNG or SVG at 1600 x 900), or the numbers it
    draws (CSV); images are kept by chart, parameters and data revision."""
    if name not in NAMES or extension not in (*IMAGES, "csv"):
        return error(f"no chart {name}.{extension}; the charts are {', '.join(NAMES)} as png, svg or csv", 404)
    also = (EXCEL,) if extension == "csv" else ()
    key, drawn = _chart(request, name, also)
    if drawn is None:
        return error(f"nothing to draw for {name} with these parameters", 404)
    if extension == "csv":
        excel = wants_excel(request.query_params)
        chunks = frame_chunks(drawn.numbers, excel=excel)
        return csv_response(chunks, f"{drawn.stem}{'_excel' if excel else ''}.csv")
    try:
        data = kept((*key, extension), lambda: images.render(drawn.figure, extension))
    except TrackerError as exc:  # no Chromium to draw with: a message, not a traceback
        return error(str(exc), 503)
    return Response(
        data,
        media_type=IMAGES[extension],
        headers={"Content-Disposition": f'attachment; filename="{drawn.stem}.{extension}"'},
    )
