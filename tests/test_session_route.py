"""The route that keeps a sign-in in the browser: it takes a same-origin JSON post of a live session's token,
behind a proxy too, and refuses anything else with a clear status, reading no more than a small body."""

import json

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from tracker.web import session
from tracker.write import auth

PASSWORD = "a long enough password"
JSON = {"Content-Type": "application/json"}


@pytest.fixture
def route(engine, db_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", db_url)
    auth.add_user(engine, username="alice", role="editor", password=PASSWORD)
    client = TestClient(Starlette(routes=session.routes), base_url="http://tracker")
    token = auth.sign_in(engine, "alice", PASSWORD).token

    def post(body=None, **headers: str):
        sent = json.dumps({"token": token}) if body is None else body
        return client.post(session.KEEP_PATH, content=sent, headers=JSON | headers)

    return post


def test_a_live_token_posted_from_the_page_is_kept_as_an_http_only_cookie(route):
    answer = route(Origin="http://tracker")
    assert answer.status_code == 204
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{auth.SESSION_COOKIE}=") and "HttpOnly" in cookie and "SameSite=strict" in cookie


@pytest.mark.parametrize(
    "headers",
    [
        # nginx as the README sets it up: the browser asked for example.org, the app sees Host: tracker.
        {"Origin": "https://example.org", "X-Forwarded-Host": "example.org", "X-Forwarded-Proto": "https"},
        # any browser of the last years says where the post comes from, whatever the proxy did to Host.
        {"Origin": "https://example.org", "Sec-Fetch-Site": "same-origin"},
    ],
    ids=["forwarded host", "sec-fetch-site"],
)
def test_behind_a_proxy_a_same_origin_post_is_kept(route, headers):
    assert route(**headers).status_code == 204


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "http://evil.example", "X-Forwarded-Host": "example.org"},
        {"Origin": "http://tracker", "Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
    ],
)
def test_a_post_from_another_site_is_refused(route, headers):
    assert route(**headers).status_code == 403


def test_a_body_over_the_limit_is_refused_unread_and_bad_json_is_a_400(route):
    big = json.dumps({"token": "x" * 200_000})
    assert route(big).status_code == 413
    deep = "[" * 100_000 + "]" * 100_000
    assert route(deep).status_code == 413
    assert route(iter([b"x" * 1000] * 1000)).status_code == 413  # chunked: no length said, read only to the limit
    assert route("[" * 500 + "]" * 500).status_code == 400  # deep, within the limit
    assert route("[[[[").status_code == 400
    assert route('{"token": 5}').status_code == 400
    assert route('{"token": "made-up"}').status_code == 403
