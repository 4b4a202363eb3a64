"""The view as a PowerPoint deck or a PDF brief, at a stateless address (`/export/deck.pptx?...`,
`/export/brief.pdf?...`, with the pages' filters and as-of date): any app server answers it, so the link works
behind a load balancer, can be shared, and is what the pages' buttons point to. Files are kept by the view and
the data revision, so a second request for the same view costs nothing until the data changes."""

from collections import OrderedDict
from collections.abc import Callable
from threading import Lock
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from models.db import read_revision
from tracker.domain.errors import TrackerError
from tracker.domain.settings import edition
from tracker.read.filters import CommitmentFilter
from tracker.web import addresses
from tracker.web.engine import data_engine
from tracker.web.params import REFUSALS, error, view_dependency

router = APIRouter(responses=REFUSALS)
DECK_PATH = addresses.DECK
BRIEF_PATH = addresses.BRIEF
KEPT_FILES = 16
FORMATS = {
    DECK_PATH: ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
    BRIEF_PATH: ("application/pdf", "pdf"),
}
_kept: OrderedDict[tuple, bytes] = OrderedDict()
_lock = Lock()


def kept(key: tuple, build: Callable[[], bytes]) -> bytes:
    """The file for `key` (which names what it shows), built once per data revision and kept for the next request
    (the KEPT_FILES most recently asked for)."""
    key = (*key, edition(), read_revision(data_engine()))
    with _lock:
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]
    data = build()
    with _lock:
        _kept[key] = data
        while len(_kept) > KEPT_FILES:
            _kept.popitem(last=False)
    return data


def _file(path: str, view: CommitmentFilter) -> bytes:
    # The deck's and the brief's makers (python-pptx, fpdf2 and the chart images) are imported on the first file
    # asked for: at the server's start they took 0.6 s before the first page could be served.
    from tracker.present.report import gather

    def build() -> bytes:
        if path == BRIEF_PATH:
            from tracker.present.brief import build_brief
            from tracker.present.images import warm_up

            warm_up()  # on the server's first brief, the browser drawing its charts starts while its numbers are read
            return build_brief(gather(data_engine(), view))
        from tracker.present.deck import build_deck

        return build_deck(gather(data_engine(), view))

    return kept((path, view), build)


def _presentation(path: str, view: CommitmentFilter) -> Response:
    try:
        data = _file(path, view)
    except TrackerError as exc:  # no Chromium for the brief's charts, say: a message, not a traceback
        return error(str(exc), 503)
    media_type, extension = FORMATS[path]
    name = f"{view.file_stem('ai-standards-commitments')}.{extension}"
    return Response(data, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{name}"'})


View = Annotated[CommitmentFilter, Depends(view_dependency())]
UNAVAILABLE = {503: {"description": "The file cannot be made on this server (no Chromium for the brief's charts)"}}


@router.get(
    "/deck.pptx",
    response_class=Response,
    responses={200: {"content": {FORMATS[DECK_PATH][0]: {}}, "description": "A 16:9 PowerPoint deck"}},
    summary="The view as a PowerPoint deck",
)
def deck(view: View) -> Response:
    """The view as a 16:9 PowerPoint deck with native, editable charts; kept by view and data revision."""
    return _presentation(DECK_PATH, view)


@router.get(
    "/brief.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "A PDF brief"}, **UNAVAILABLE},
    summary="The view as a PDF brief",
)
def brief(view: View) -> Response:
    """The view as a one-to-three-page PDF brief with its charts as images; kept by view and data revision."""
    return _presentation(BRIEF_PATH, view)
