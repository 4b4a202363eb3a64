"""How long a deck and a brief of the seeded data take, from a cold start of the image renderer. Prints figures.

python -m benchmarks.bench_deck
"""

import tempfile
import time
from pathlib import Path

from tracker.present.brief import build_brief
from tracker.present.deck import build_deck
from tracker.present.report import gather
from tracker.read.filters import CommitmentFilter
from tracker.store import open_database


def main() -> None:
    engine = open_database(f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}")
    view = CommitmentFilter()
    started = time.perf_counter()
    deck = build_deck(gather(engine, view))
    deck_seconds = time.perf_counter() - started
    started = time.perf_counter()
    brief = build_brief(gather(engine, view))
    brief_seconds = time.perf_counter() - started
    print(f"deck  (9 slides, native charts):                {deck_seconds:5.2f} s, {len(deck):,} bytes")
    print(f"brief (2 chart images, renderer started cold):  {brief_seconds:5.2f} s, {len(brief):,} bytes")
    started = time.perf_counter()
    build_brief(gather(engine, view))
    print(f"brief again (renderer already running):        {time.perf_counter() - started:5.2f} s")
    print(f"deck and brief together, cold:                 {deck_seconds + brief_seconds:5.2f} s (target: under 10 s)")


if __name__ == "__main__":
    main()
