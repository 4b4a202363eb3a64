"""Releases over HTTP, and every address at a release.

- `at_requested_release`: any address beside the pages takes `release=2026.12` and then answers from that release,
  as it held the data, the same bytes whenever asked; every answer says which data it shows in its headers
  (`X-Tracker-Release`, `X-Tracker-Data-Hash`, `X-Tracker-App-Version`).
- `/api/v1/releases` and `.csv`: the list; `/api/v1/releases/{version}`: one, with its citation and addresses;
  `/changes.csv` what changed since the release before (or `since=`), cell by cell; `/package.zip` the release's
  data package as published; `/citation.txt`, `.bib`, `.cff` and `/dataset.jsonld` how to cite it.
- `/export/embed/commitment/{slug}` and `.svg`: a commitment's status card to embed (an iframe's address and an
  image), live, or frozen at a release with `release=`.
"""

import html
import json
from collections.abc import Awaitable, Callable
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, FastAPI, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from tracker.domain.rules import date_as_written, dated_words, marked, today
from tracker.domain.settings import APP_VERSION, at_release, edition
from tracker.domain.vocab import STATUS_LABELS
from tracker.present import releases
from tracker.present.csvfile import csv_chunks
from tracker.read import queries
from tracker.web import addresses
from tracker.web.engine import data_engine, live_engine
from tracker.web.params import CSV_ANSWER, REFUSALS, Gone, NotFound, csv_response, error, refuse_unknown

router = APIRouter(responses=REFUSALS)
embeds = APIRouter(responses=REFUSALS)
VERSION_PATTERN = f"^{releases.VERSION.pattern}$"
VERSION = Annotated[
    str, Path(description="The release's version, such as 2026.12", pattern=VERSION_PATTERN, max_length=20)
]
SLUG = Annotated[str, Path(description="The commitment's slug", max_length=200)]
HTML_ANSWER: dict[int | str, dict[str, Any]] = {200: {"content": {"text/html": {}}, "description": "The card"}}
SVG_ANSWER: dict[int | str, dict[str, Any]] = {200: {"content": {"image/svg+xml": {}}, "description": "The card"}}
RELEASE = "release"


def at_requested_release(app: FastAPI) -> FastAPI:
    """`app` answering a request that names a release from that release (a 400 for a version that cannot be one,
    a 404 for one never published), and stamping every answer with the data it shows."""

    @app.middleware("http")
    async def release_asked(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        asked = parse_qs(request.url.query, keep_blank_values=True).get(RELEASE)
        if not asked:
            response = await call_next(request)
            response.headers["X-Tracker-Release"] = "live"
        else:
            try:
                info = await run_in_threadpool(releases.release, live_engine(), asked[-1])
            except releases.MissingRelease as exc:
                return error(str(exc), 404)
            except releases.ReleaseError as exc:
                return error(str(exc), 400)
            with at_release(info.edition):
                response = await call_next(request)
            response.headers["X-Tracker-Release"] = info.version
            response.headers["X-Tracker-Data-Hash"] = info.content_hash
        response.headers["X-Tracker-App-Version"] = APP_VERSION
        return response

    return app


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _found(version: str) -> releases.ReleaseInfo:
    try:
        return releases.release(live_engine(), version)
    except releases.ReleaseError as exc:  # a version that cannot be one names no release either
        raise NotFound(str(exc)) from exc


def _described(info: releases.ReleaseInfo, base: str) -> dict[str, Any]:
    own = f"{addresses.API}/releases/{info.version}"
    return {
        **info.row(),
        "address": releases.release_address(base, info.version),
        "citation": releases.citation_words(info, base),
        "links": {
            "package": f"{base}{own}/package.zip",
            "changes": f"{base}{own}/changes.csv",
            "bibtex": f"{base}{own}/citation.bib",
            "cff": f"{base}{own}/citation.cff",
            "jsonld": f"{base}{own}/dataset.jsonld",
        },
    }


@router.get("/releases", summary="Every release, the newest first")
def release_list(request: Request) -> dict[str, Any]:
    """Every release: version, when and by whom it was published, the day its data stands as of, its note, the
    hash over its data files, the release before it, how many rows it added, corrected and retracted, and the
    identifier a repository minted for it (once recorded)."""
    refuse_unknown(request.query_params, ())
    known = releases.releases(live_engine())
    return {"releases": [_described(info, _base(request)) for info in known], "total": len(known)}


@router.get("/releases.csv", summary="Every release, as CSV", responses=CSV_ANSWER)
def release_list_csv(request: Request) -> Response:
    refuse_unknown(request.query_params, ())
    rows = ([info.row()[name] for name in releases.INFO_COLUMNS] for info in releases.releases(live_engine()))
    return csv_response(csv_chunks(releases.INFO_COLUMNS, rows), "releases.csv")


@router.get("/releases/{version}", summary="One release, with its citation")
def release_one(request: Request, version: VERSION) -> dict[str, Any]:
    refuse_unknown(request.query_params, ())
    return _described(_found(version), _base(request))


@router.get("/releases/{version}/changes.csv", summary="What changed in a release, cell by cell", responses=CSV_ANSWER)
def release_changes(
    request: Request,
    version: VERSION,
    since: Annotated[
        str | None,
        Query(
            description="An earlier release to compare with (default the one before)",
            pattern=VERSION_PATTERN,
            max_length=20,
        ),
    ] = None,
) -> Response:
    """Every row added, value corrected (one line a cell: before and after) and row retracted from the release
    before it (or `since`) to this one."""
    refuse_unknown(request.query_params, ("since",))
    info = _found(version)
    if since is not None:
        _found(since)
    chunks = releases.release_changes(live_engine(), info.version, since)
    stem = f"changes_{since or info.previous or 'start'}_to_{info.version}"
    return csv_response(chunks, f"{stem}.csv")


@router.get(
    "/releases/{version}/package.zip",
    summary="A release's data package, as published",
    response_class=Response,
    responses={200: {"content": {"application/zip": {}}, "description": "The package"}},
)
def release_package(request: Request, version: VERSION) -> Response:
    refuse_unknown(request.query_params, ())
    info = _found(version)
    name = f"ai-standards-commitment-tracker_{info.version}.zip"
    return Response(
        releases.package_zip(live_engine(), info.version),
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get(
    "/releases/{version}/citation.{form}",
    summary="How to cite a release: in words (txt), BibTeX (bib) or CITATION.cff (cff)",
    response_class=Response,
    responses={
        200: {
            "content": {"text/plain": {}, "application/x-bibtex": {}, "application/x-yaml": {}},
            "description": "The citation",
        }
    },
)
def release_citation(request: Request, version: VERSION, form: Annotated[str, Path(pattern="^(txt|bib|cff)$")]):
    refuse_unknown(request.query_params, ())
    info = _found(version)
    make, media = {
        "txt": (releases.citation_words, "text/plain"),
        "bib": (releases.citation_bibtex, "application/x-bibtex"),
        "cff": (releases.citation_cff, "application/x-yaml"),
    }[form]
    text = make(info, _base(request))
    return Response(text if text.endswith("\n") else text + "\n", media_type=f"{media}; charset=utf-8")


@router.get(
    "/releases/{version}/dataset.jsonld",
    summary="A release as a schema.org Dataset",
    response_class=Response,
    responses={200: {"content": {"application/ld+json": {}}, "description": "The Dataset markup"}},
)
def release_jsonld(request: Request, version: VERSION) -> Response:
    refuse_unknown(request.query_params, ())
    document = releases.dataset_jsonld(_found(version), _base(request))
    return Response(json.dumps(document, indent=2, ensure_ascii=False), media_type="application/ld+json")


# Embeds: a commitment's status card, frozen at a release or live.


def _card_lines(slug: str) -> tuple[str, str, str, str]:
    """The card's lines: title, status, deadline (marked inferred where the text does not state it), and which
    data it shows, as of when."""
    as_of = today()
    current = data_engine()
    detail = queries.commitment_detail(current, slug, as_of)
    if detail is None:
        raise NotFound(f"there is no commitment {slug!r}")
    if gone := queries.retraction(current, "commitment", slug, as_of):
        raise Gone(f"commitment {slug!r} was {gone.words()}")
    c, at = detail["commitment"], edition()
    deadline = (
        marked(date_as_written(c["due_date"], c["due_date_precision"]), c["due_date_inferred"])
        if c["due_date"]
        else "none stated"
    )
    data = f"Release {at.version}" if at else releases.LIVE_WORDS
    return (
        c["title"],
        f"Status: {STATUS_LABELS.get(detail['status'], detail['status'])}",
        f"Deadline: {deadline}",
        f"{data}, as of {dated_words(as_of)}",
    )


# Declared before the card's page, whose {slug} would take "slug.svg" too.
@embeds.get(
    "/embed/commitment/{slug}.svg",
    summary="A commitment's status card as an image",
    response_class=Response,
    responses=SVG_ANSWER,
)
def embed_image(request: Request, slug: SLUG) -> Response:
    refuse_unknown(request.query_params, ())
    lines = _card_lines(slug)
    shown = [html.escape(line if len(line) <= 70 else line[:69] + "…") for line in lines]
    styles = [(18, "bold", "#1a1a1a"), (15, "normal", "#1a1a1a"), (15, "normal", "#1a1a1a"), (15, "normal", "#4d4d4d")]
    text = "".join(
        f'<text x="16" y="{32 + 28 * i}" font-size="{size}" font-weight="{weight}" fill="{colour}">{line}</text>'
        for i, (line, (size, weight, colour)) in enumerate(zip(shown, styles, strict=True))
    )
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="136" role="img" '
        f'aria-label="{shown[0]}: {shown[1]}"><rect width="640" height="136" fill="#ffffff" stroke="#767676"/>'
        f'<g font-family="DejaVu Sans, sans-serif">{text}</g></svg>'
    )
    return Response(svg, media_type="image/svg+xml")


@embeds.get(
    "/embed/commitment/{slug}",
    summary="A commitment's status card to embed",
    response_class=Response,
    responses=HTML_ANSWER,
)
def embed_card(request: Request, slug: SLUG) -> HTMLResponse:
    """A small page to put in an iframe: the commitment's title, status and deadline, which data it shows (a
    release, or live), and a link to the commitment's page at the same data."""
    refuse_unknown(request.query_params, ())
    title, status, deadline, data = (html.escape(line) for line in _card_lines(slug))
    pairs = [("commitment", slug), *(((RELEASE, at.version),) if (at := edition()) else ())]
    link = html.escape(f"{_base(request)}/{addresses.COMMITMENT_PAGE}?" + "&".join(f"{k}={v}" for k, v in pairs))
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>'
        f"{title}</title><style>body{{font:16px/1.4 sans-serif;margin:0;padding:12px;color:#1a1a1a}}"
        "a{color:#0b57a4}.data{color:#4d4d4d;font-size:14px}</style></head><body>"
        f'<p><a href="{link}" target="_top"><strong>{title}</strong></a></p><p>{status}<br>{deadline}</p>'
        f'<p class="data">{data} · AI Standards Commitment Tracker</p></body></html>'
    )
    return HTMLResponse(page)
