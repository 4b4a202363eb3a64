"""The README's nginx configuration in front of a running app server, over HTTP and HTTPS: a sign-in is kept
across reloads, and a failed sign-in is counted against the client's own address, which reaches the app through the
proxy's headers. The configuration is read from the README itself, so the documented one is the one tested."""

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from models.db import PROJECT_ROOT
from models.tables import SigninThrottle
from tests.conftest import engine_at, fresh_database
from tests.test_browser import (  # noqa: F401 (the browser fixture)
    EDITOR_PASSWORD,
    TIMEOUT_MS,
    browser,
    free_port,
    open_page,
    running_app,
    sign_in_with_the_mouse,
    wait_until_rendered,
)
from tracker.write import auth

pytestmark = [pytest.mark.browser, pytest.mark.slow]
NGINX = "/usr/sbin/nginx"
REMOTE_CLIENT = "203.0.113.9"  # a documentation address: a client somewhere beyond the proxy


def readme_nginx() -> str:
    """The nginx block of the README's "More than one app server"."""
    found = re.search(r"```nginx\n(.*?)```", (PROJECT_ROOT / "README.md").read_text(), re.DOTALL)
    assert found, "the README has no nginx configuration"
    return found.group(1)


@pytest.fixture(scope="module")
def proxied(database_template, tmp_path_factory) -> Iterator[tuple[str, str, str]]:
    """nginx with the README's configuration (its upstream pointed at one running app server, its port at a free
    one, and an HTTPS port with a self-signed certificate added), with the database's address."""
    if not Path(NGINX).exists():
        pytest.fail(f"{NGINX} is missing: apt-get install -y nginx (scripts/test.sh does it)")
    folder = tmp_path_factory.mktemp("proxy")
    url = fresh_database(database_template, folder)
    auth.add_user(engine_at(url), username="editor", role="editor", password=EDITOR_PASSWORD)
    with running_app(url) as app:
        http_port, https_port = free_port(), free_port()
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost"]
            + ["-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
            check=True,
            capture_output=True,
        )
        app_port = app.url.rsplit(":", 1)[1]
        site = readme_nginx()
        site = re.sub(r"server 127\.0\.0\.1:8501; server 127\.0\.0\.1:8502;", f"server 127.0.0.1:{app_port};", site)
        https = f"listen 127.0.0.1:{https_port} ssl; ssl_certificate {folder}/cert.pem; "
        https += f"ssl_certificate_key {folder}/key.pem;"
        site = site.replace("listen 80;", f"listen 127.0.0.1:{http_port}; {https}")
        temp = folder / "nginx-temp"
        temp.mkdir()
        (folder / "nginx.conf").write_text(
            f"daemon off; pid {folder}/nginx.pid; error_log {folder}/error.log;\n"
            f"events {{}}\nhttp {{ access_log off; client_body_temp_path {temp}; proxy_temp_path {temp};\n"
            f"{site}\n}}\n"
        )
        process = subprocess.Popen([NGINX, "-c", str(folder / "nginx.conf"), "-p", str(folder)])
        try:
            yield f"http://127.0.0.1:{http_port}", f"https://localhost:{https_port}", url
        finally:
            process.terminate()
            process.wait(timeout=20)
            shutil.rmtree(temp, ignore_errors=True)


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_a_sign_in_through_the_readme_proxy_is_kept_across_reloads(browser, proxied, scheme):  # noqa: F811
    address = proxied[0] if scheme == "http" else proxied[1]
    context = browser.new_context(viewport={"width": 1400, "height": 1200}, ignore_https_errors=True)
    page = context.new_page()
    sign_in_with_the_mouse(page, f"{address}/contribute")
    kept = [c for c in context.cookies() if c["name"] == auth.SESSION_COOKIE]
    assert len(kept) == 1 and kept[0]["secure"] == (scheme == "https")
    page.reload()
    wait_until_rendered(page)
    expect(page.get_by_text("Signed in as editor · editor")).to_be_visible()
    context.close()


def test_a_failed_sign_in_through_the_proxy_counts_against_the_clients_own_address(browser, proxied):  # noqa: F811
    context = browser.new_context(extra_http_headers={"X-Forwarded-For": REMOTE_CLIENT})
    page = context.new_page()
    open_page(page, f"{proxied[0]}/contribute")
    page.get_by_text("Sign in with an account").click()
    page.get_by_label("Username").fill("editor")
    page.get_by_role("textbox", name="Password").fill("a wrong password")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_text("Wrong username or password.")).to_be_visible(timeout=TIMEOUT_MS)
    with Session(engine_at(proxied[2])) as session:
        keys = set(session.exec(select(SigninThrottle.key)))
    assert f"address:{REMOTE_CLIENT}" in keys
    context.close()
