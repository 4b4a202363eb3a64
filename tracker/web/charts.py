"""The pages' charts at stateless addresses: `/export/charts/NAME.png`, `.svg` (the image at presentation size,
title, sources and as-of date drawn in) and `.csv` (the numbers it draws), with the parameters of the page the
chart is on. Any app server answers them, so the pages' image and CSV links work behind a load balancer; images
are kept by chart, parameters and data revision.

    status-by-framework, party-matrix, participation   the view's filters and as_of (tracker.read.filters)
    timeline                                           commitment and as_of
"""

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from models.db import database_url
from tracker.domain.errors import TrackerError
from tracker.domain.rules import today
from tracker.present import images
from tracker.present.csvfile import frame_chunks
from tracker.present.figures import BY_COMMITMENT, BY_VIEW, Chart
from tracker.web.api import (
    EXCEL,
    BadRequest,
    as_of_param,
    csv_response,
    error,
    refuse_unknown,
    refusing_bad_requests,
    requested_view,
    wants_excel,
)
from tracker.web.downloads import kept
from tracker.web.engine import engine

CHARTS_PATH = "/export/charts"
NAMES = (*BY_VIEW, *BY_COMMITMENT)
IMAGES = {"png": "image/png", "svg": "image/svg+xml"}


def chart_path(name: str, extension: str) -> str:
    return f"{CHARTS_PATH}/{name}.{extension}"


def _chart(request: Request, name: str, also: tuple[str, ...]) -> tuple[tuple, Chart | None]:
    """The chart a request asks for, and a key naming it (None when the view has nothing to draw)."""
    current = engine(database_url())
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


@refusing_bad_requests
async def chart(request: Request) -> Response:
    name, extension = request.path_params["name"], request.path_params["extension"]
    if name not in NAMES or extension not in (*IMAGES, "csv"):
        return error(f"no chart {name}.{extension}; the charts are {', '.join(NAMES)} as png, svg or csv", 404)
    key, drawn = await run_in_threadpool(_chart, request, name, (EXCEL,) if extension == "csv" else ())
    if drawn is None:
        return error(f"nothing to draw for {name} with these parameters", 404)
    if extension == "csv":
        excel = wants_excel(request.query_params)
        numbers = drawn.numbers
        chunks = frame_chunks(numbers, excel=excel)
        return csv_response(chunks, f"{drawn.stem}{'_excel' if excel else ''}.csv")
    try:
        data = await run_in_threadpool(kept, (*key, extension), lambda: images.render(drawn.figure, extension))
    except TrackerError as exc:  # no Chromium to draw with: a message, not a traceback
        return error(str(exc), 503)
    return Response(
        data,
        media_type=IMAGES[extension],
        headers={"Content-Disposition": f'attachment; filename="{drawn.stem}.{extension}"'},
    )


routes = [Route(f"{CHARTS_PATH}/{{name}}.{{extension}}", chart, methods=["GET"])]
