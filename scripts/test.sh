#!/usr/bin/env bash
# Set up and run everything the project checks: lint, format, then the whole test suite on SQLite and, when
# TEST_DATABASE_URL is set (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test), again on PostgreSQL.
# Debian packages the tests need (Chromium, fonts, LibreOffice) are installed here when missing (as root).
source "$(dirname "$0")/setup-env.sh" requirements-dev.txt

# Chromium: browser tests and chart images; DejaVu: the PDF brief's font; LibreOffice: a second reader of decks;
# nginx and openssl: the README's proxy configuration, over HTTP and HTTPS, in front of an app server.
ensure_debian_packages chromium:/usr/bin/chromium fonts-dejavu-core:/usr/share/fonts/truetype/dejavu \
    libreoffice-impress:/usr/bin/libreoffice poppler-utils:/usr/bin/pdftoppm nginx:/usr/sbin/nginx \
    openssl:/usr/bin/openssl

echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

echo "== layers (import-linter: no module imports from a layer above it)"
.venv/bin/lint-imports --no-cache --no-logo

echo "== tests on SQLite"
env -u TEST_DATABASE_URL .venv/bin/python -m pytest "$@"

if [ -n "${TEST_DATABASE_URL:-}" ]; then
    echo "== tests on PostgreSQL (${TEST_DATABASE_URL##*@})"
    .venv/bin/python -m pytest "$@"
fi
