#!/usr/bin/env bash
# Set up and start the app on the embedded SQLite database (data/tracker.db, created, migrated and seeded on
# first start). Set DATABASE_URL=postgresql+psycopg://... to use PostgreSQL instead. Extra arguments go to
# `streamlit run`, e.g. --server.port 8502.
source "$(dirname "$0")/setup-env.sh" requirements.txt
exec .venv/bin/streamlit run app.py "$@"
