"""The tracker's settings, from the environment, in one place: read once, checked, and refused with a clear
message when a value is not usable (never silently replaced by a default).

    DATABASE_URL              the database (default: the embedded SQLite file data/tracker.db)
    TRACKER_TODAY             YYYY-MM-DD: pins "today" for tests, demos and reproducible briefs
    TRACKER_STALE_AFTER_DAYS  days without a progress update after which a commitment is stale (default 180)
    TRACKER_PUBLISHER         who publishes this tracker's data, as citations name its author (default: the
                              tracker's own name, "AI Standards Commitment Tracker")
    TRACKER_REVIEW            who publishes an assessment: `second-editor` (default: an editor's progress update,
                              correction or rubric is a draft until a second editor approves it) or `single` (it is
                              published at once, and every output says assessments are single-reviewed)
    SOURCE_DATE_EPOCH         seconds since 1970 (UTC): the time files say they were made, instead of now, for
                              exports that compare byte for byte (the reproducible-builds convention)

The values are parsed again only when the environment itself changes (tests and demos change it while running).
"""

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from tracker.domain.errors import TrackerError

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "data" / "tracker.db"
DEFAULT_STALE_AFTER_DAYS = 180
DEFAULT_PUBLISHER = "AI Standards Commitment Tracker"
NAMES = (
    "DATABASE_URL",
    "TRACKER_TODAY",
    "TRACKER_STALE_AFTER_DAYS",
    "TRACKER_PUBLISHER",
    "SOURCE_DATE_EPOCH",
    "TRACKER_REVIEW",
)
REVIEW_MODES = ("second-editor", "single")


class SettingsError(TrackerError, ValueError):
    """A setting is set to a value the tracker cannot use; the message names it and says what would do."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    today: dt.date | None  # None: the real date
    stale_after_days: int
    publisher: str = DEFAULT_PUBLISHER
    made_at: dt.datetime | None = None  # None: the moment a file is made
    review: str = "second-editor"  # REVIEW_MODES

    @property
    def single_review(self) -> bool:
        return self.review == "single"


def parse(environ: dict[str, str]) -> Settings:
    url = environ.get("DATABASE_URL", "").strip() or f"sqlite:///{DEFAULT_SQLITE_PATH}"
    if not url.startswith(("sqlite:", "postgresql")):
        raise SettingsError(f"DATABASE_URL must be a sqlite:/// or postgresql+psycopg:// address, not {url[:40]!r}")
    today = None
    if environ.get("TRACKER_TODAY", "").strip():
        text = environ["TRACKER_TODAY"].strip()
        try:
            today = dt.date.fromisoformat(text)
        except ValueError:
            raise SettingsError(f"TRACKER_TODAY must be a date in the form YYYY-MM-DD, not {text[:40]!r}") from None
    stale = DEFAULT_STALE_AFTER_DAYS
    if environ.get("TRACKER_STALE_AFTER_DAYS", "").strip():
        text = environ["TRACKER_STALE_AFTER_DAYS"].strip()
        if not text.isdigit() or not 0 < int(text) <= 36_500:
            raise SettingsError(
                f"TRACKER_STALE_AFTER_DAYS must be a whole number of days from 1 to 36500, not {text[:40]!r}"
            )
        stale = int(text)
    publisher = " ".join(environ.get("TRACKER_PUBLISHER", "").split()) or DEFAULT_PUBLISHER
    if len(publisher) > 200:
        raise SettingsError("TRACKER_PUBLISHER must be at most 200 characters")
    made_at = None
    if environ.get("SOURCE_DATE_EPOCH", "").strip():
        text = environ["SOURCE_DATE_EPOCH"].strip()
        if not text.isdigit() or int(text) > 253_402_300_799:
            raise SettingsError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not {text[:40]!r}")
        made_at = dt.datetime.fromtimestamp(int(text), dt.UTC)
    review = environ.get("TRACKER_REVIEW", "").strip() or REVIEW_MODES[0]
    if review not in REVIEW_MODES:
        raise SettingsError(f"TRACKER_REVIEW must be second-editor or single, not {review[:40]!r}")
    return Settings(
        database_url=url, today=today, stale_after_days=stale, publisher=publisher, made_at=made_at, review=review
    )


_cached: tuple[tuple[str | None, ...], Settings] | None = None


def settings() -> Settings:
    """The settings in force (raises SettingsError, naming the setting, when one is unusable)."""
    global _cached
    key = tuple(os.environ.get(name) for name in NAMES)
    if _cached is None or _cached[0] != key:
        _cached = (key, parse({name: value for name, value in zip(NAMES, key, strict=True) if value is not None}))
    return _cached[1]
