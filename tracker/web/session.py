"""Keeping a sign-in across reloads and newly opened links.

The sign-in form runs in the Streamlit page, which cannot set cookies. After a good sign-in the page starts a
session (tracker.write.auth.start_session) and its script posts the token here; this route checks it and sets it
as an HttpOnly cookie, which the browser then sends with every new page connection, where the page reads it
(st.context.cookies) and looks it up again. Only same-origin JSON posts of at most MAX_BODY bytes are taken: a form
on another site cannot post JSON without a preflight, and the browser says where a post comes from (Sec-Fetch-Site,
or an Origin that names another host than the one the browser asked: the Host header, or a proxy's
X-Forwarded-Host). Behind a proxy on another host, uvicorn's FORWARDED_ALLOW_IPS names the proxies trusted to say
the client's address and scheme (see the README's "More than one app server").

The routes are mounted when a server starts, and look the database and the sessions up when first posted to: a
server's start does not wait for those modules.
"""

import json
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route

from tracker.web import not_served

PREFIX = "/auth"
KEEP_PATH = f"{PREFIX}/keep-signed-in"
FORGET_PATH = f"{PREFIX}/forget-sign-in"
MAX_BODY = 1024  # a token of 43 characters, as JSON


def _refusal(request: Request) -> Response | None:
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return JSONResponse({"error": "send the token as JSON"}, status_code=415)
    if not _same_origin(request):
        return JSONResponse({"error": "cross-site requests are refused"}, status_code=403)
    return None


def _same_origin(request: Request) -> bool:
    """Whether the browser says the post comes from a page of this site."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site == "same-origin"
    origin = request.headers.get("origin")
    if origin is None:  # not sent by a browser's cross-site post
        return True
    asked = {request.headers.get("host", ""), *request.headers.get("x-forwarded-host", "").split(",")}
    return urlsplit(origin).netloc in {host.strip() for host in asked if host.strip()}


async def _token(request: Request) -> str | Response:
    """The token a post carries, or the answer refusing it: a body over MAX_BODY bytes is not read past that."""
    if int(request.headers.get("content-length") or 0) > MAX_BODY:
        return _too_large()
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            return _too_large()
    try:
        found = json.loads(body)
    except (ValueError, RecursionError):
        found = None
    if not isinstance(found, dict) or not isinstance(found.get("token", ""), str):
        return JSONResponse({"error": 'the body is not a JSON object {"token": "..."}'}, status_code=400)
    return found.get("token", "")


def _too_large() -> Response:
    return JSONResponse({"error": f"the body is over {MAX_BODY} bytes"}, status_code=413)


def _set(response: Response, request: Request, token: str, max_age: int) -> None:
    from tracker.write import auth

    response.set_cookie(
        auth.SESSION_COOKIE,
        token,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


async def keep_signed_in(request: Request) -> Response:
    """Store a just-started session's token in the browser, if it signs someone in."""
    from tracker.web.engine import live_engine
    from tracker.write import auth

    if refused := _refusal(request):
        return refused
    token = await _token(request)
    if isinstance(token, Response):
        return token
    actor = await run_in_threadpool(auth.session_actor, live_engine(), token)
    if actor is None:
        return JSONResponse({"error": "unknown or expired session"}, status_code=403)
    response = Response(status_code=204)
    _set(response, request, token, int(auth.SESSION_LIFETIME.total_seconds()))
    return response


async def forget_sign_in(request: Request) -> Response:
    """Sign this browser out: the session is ended and its cookie removed."""
    from tracker.web.engine import live_engine
    from tracker.write import auth

    if refused := _refusal(request):
        return refused
    token = request.cookies.get(auth.SESSION_COOKIE, "")
    await run_in_threadpool(auth.end_session, live_engine(), token)
    response = Response(status_code=204)
    _set(response, request, "", 0)
    return response


# Mounted as a whole at PREFIX: any address under it is answered here (404 for an unknown one, 405 for a GET), never
# by the pages' catch-all, which would serve the app's HTML.
routes = [
    Mount(
        PREFIX,
        app=Starlette(
            routes=[
                Route(KEEP_PATH.removeprefix(PREFIX), keep_signed_in, methods=["POST"]),
                Route(FORGET_PATH.removeprefix(PREFIX), forget_sign_in, methods=["POST"]),
            ],
            exception_handlers={HTTPException: not_served},
        ),
    )
]
