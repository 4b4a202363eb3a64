#!/usr/bin/env bash
# Set up and run everything the project checks: lint, format, then the whole test suite on SQLite and, when
# TEST_DATABASE_URL is set (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test), again on PostgreSQL.
# Browser tests need Debian's Chromium at /usr/bin/chromium; it is installed here when missing (as root).
source "$(dirname "$0")/setup-env.sh" requirements-dev.txt

if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "== installing Debian's chromium for the browser tests"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        echo "error: browser tests need /usr/bin/chromium: run 'sudo apt-get install -y chromium'" >&2
        exit 1
    fi
fi

echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

echo "== tests on SQLite"
env -u TEST_DATABASE_URL .venv/bin/python -m pytest "$@"

if [ -n "${TEST_DATABASE_URL:-}" ]; then
    echo "== tests on PostgreSQL (${TEST_DATABASE_URL##*@})"
    .venv/bin/python -m pytest "$@"
fi
