#!/usr/bin/env bash
# Set up and start the app on the embedded SQLite database (data/tracker.db, created, migrated and seeded on
# first start). Set DATABASE_URL=postgresql+psycopg://... to use PostgreSQL instead. Extra arguments go to
# `streamlit run`, e.g. --server.port 8502.
source "$(dirname "$0")/setup-env.sh" requirements.txt
# Chart images and the PDF brief use Debian's Chromium and a Unicode font; the dashboard runs without them.
ensure_debian_packages chromium:/usr/bin/chromium fonts-dejavu-core:/usr/share/fonts/truetype/dejavu ||
    echo "(the app starts anyway; chart images and the PDF brief need those packages)" >&2
# Create, migrate and seed the database, or refresh the seed facts of an existing one (a no-op when current).
.venv/bin/python -m tracker seed | tail -n 1
exec .venv/bin/streamlit run server.py "$@"
