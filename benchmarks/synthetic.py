"""Synthetic tracker data at scale, for benchmarks: deterministic, written in bulk.

The same counts give the same rows on every database: the random choices come from fixed seeds and draw from the
seed's organizations and themes in slug order, and every timestamp is a fixed moment. The seed's sources, events and
organizations are reused, so every synthetic row satisfies the real constraints.
"""

import datetime as dt
import random

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from models.tables import Commitment, CommitmentParty, CommitmentTheme, Organization, Source, Theme

FRAMEWORKS = ["Seoul Statement", "WAIC 2025 forum", "G7 Hiroshima process", "OECD AI principles", "EU AI Act"]
EVENTS = ["seoul-ai-standards-summit-2025", "waic-2025-ai-standardization-forum"]
WORDS = (
    "standards governance ethics security trust inclusion capacity interoperability human rights industrial "
    "assessment safety transparency accountability cooperation"
).split()
BATCH = 10_000
# When every synthetic row was written: after the last day an update describes (16 November 2026), so an update
# recorded after the benchmarks' as-of date counts, as on a live tracker, by the day it describes.
WRITTEN_AT = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)


def add_commitments(engine: Engine, count: int, *, rng: random.Random | None = None) -> None:
    rng = rng or random.Random(42)
    with engine.connect() as connection:
        organizations = sorted(connection.execute(sa.select(Organization.slug)).scalars())
        themes = sorted(connection.execute(sa.select(Theme.slug)).scalars())
        text = connection.execute(sa.select(Source.text).where(Source.slug == "seoul-statement-announcement")).scalar()
    quote = "Enhance public-private collaboration on AI capacity building."
    start = text.index(quote)
    audit = {"origin": "user", "created_by": "benchmark", "created_at": WRITTEN_AT, "updated_by": ""}
    for first in range(0, count, BATCH):
        commitments, parties, tags = [], [], []
        for i in range(first, min(first + BATCH, count)):
            slug = f"synthetic-{i:07d}"
            has_target = rng.random() < 0.3
            due = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(0, 1500)) if rng.random() < 0.5 else None
            commitments.append(
                {
                    "slug": slug,
                    "kind": "commitment",
                    "kind_note": "",
                    "target_note": "",
                    "title": " ".join(rng.choices(WORDS, k=6)).capitalize(),
                    "text": quote,
                    "framework": rng.choice(FRAMEWORKS),
                    "event_slug": rng.choice(EVENTS),
                    "status": "not_assessed",
                    "target_value": float(rng.randrange(1, 200)) if has_target else None,
                    "target_unit": "standards" if has_target else "",
                    "target_qualifier": "at_least" if has_target else None,
                    "due_date": due,
                    "due_date_inferred": False,
                    "due_date_note": "",
                    "source_slug": "seoul-statement-announcement",
                    "source_quote": quote,
                    "quote_start": start,
                    "quote_end": start + len(quote),
                    "version": 1,
                    **audit,
                }
            )
            for org in rng.sample(organizations, rng.randrange(0, 4)):
                parties.append(
                    {
                        "commitment_slug": slug,
                        "organization_slug": org,
                        "role": "party",
                        "inferred": False,
                        "inference_note": "",
                        **audit,
                    }
                )
            for theme in rng.sample(themes, rng.randrange(1, 3)):
                tags.append({"commitment_slug": slug, "theme_slug": theme, **audit})
        with engine.begin() as connection:
            connection.execute(sa.insert(Commitment.__table__), commitments)
            if parties:
                connection.execute(sa.insert(CommitmentParty.__table__), parties)
            connection.execute(sa.insert(CommitmentTheme.__table__), tags)


def add_progress_updates(engine: Engine, count: int, *, rng: random.Random | None = None) -> None:
    """`count` progress updates spread over the synthetic commitments, about one in twenty a correction. Of the
    updates to a commitment with a target, about a third record a number reached toward it (as the tracker allows
    only there)."""
    from models.tables import ProgressUpdate
    from tracker.domain.vocab import UPDATE_STATUSES

    rng = rng or random.Random(7)
    with engine.connect() as connection:
        synthetic = sa.select(Commitment.slug, Commitment.target_value.is_not(None)).where(
            Commitment.slug.like("synthetic-%")
        )
        targeted = dict(sorted(connection.execute(synthetic).all()))
        next_id = connection.execute(sa.select(sa.func.coalesce(sa.func.max(ProgressUpdate.id), 0) + 1)).scalar_one()
    slugs = list(targeted)
    last_by_commitment: dict[str, int] = {}
    corrected: set[int] = set()
    for first in range(0, count, BATCH):
        rows = []
        for _ in range(first, min(first + BATCH, count)):
            slug = rng.choice(slugs)
            previous = last_by_commitment.get(slug)
            correcting = previous is not None and previous not in corrected and rng.random() < 0.05
            reached = float(rng.randrange(0, 200)) if targeted[slug] and rng.random() < 0.35 else None
            rows.append(
                {
                    "id": next_id,
                    "commitment_slug": slug,
                    "as_of": dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(0, 320)),
                    "status": rng.choice(UPDATE_STATUSES),
                    "progress_value": reached,
                    "rationale": "synthetic",
                    "evidence_url": "https://example.org/evidence",
                    "evidence_quote": "",
                    "corrects_id": previous if correcting else None,
                    "correction_reason": "synthetic correction" if correcting else "",
                    "recorded_by": "benchmark",
                    "recorded_at": WRITTEN_AT,
                }
            )
            if correcting:
                corrected.add(previous)
            last_by_commitment[slug] = next_id
            next_id += 1
        with engine.begin() as connection:
            connection.execute(sa.insert(ProgressUpdate.__table__), rows)
    if engine.dialect.name == "postgresql":  # the ids were given: the next one written without an id follows them
        sequence = sa.func.pg_get_serial_sequence(ProgressUpdate.__tablename__, "id")
        with engine.begin() as connection:
            connection.execute(sa.select(sa.func.setval(sequence, next_id - 1)))
