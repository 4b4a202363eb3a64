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
    TRACKER_RELEASE_CACHE     the folder where each app server keeps the releases it has loaded, one SQLite file
                              each, named by the release's data hash (default: tracker-releases in the system's
                              temporary folder)
    SOURCE_DATE_EPOCH         seconds since 1970 (UTC): the time files say they were made, instead of now, for
                              exports that compare byte for byte (the reproducible-builds convention)

The values are parsed again only when the environment itself changes (tests and demos change it while running).

A reader can ask for a citable release instead of the live data (`?release=2026.12`). While an output is made at
a release (`at_release`), "today" is the day the release stands as of and the moment files say they were made is
the moment it was published, so every output of a release is the same, byte for byte, whenever it is made.
"""

import contextlib
import datetime as dt
import os
import tempfile
import tomllib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, replace
from pathlib import Path

from tracker.domain.errors import TrackerError

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "data" / "tracker.db"
DEFAULT_STALE_AFTER_DAYS = 180
DEFAULT_PUBLISHER = "AI Standards Commitment Tracker"
APP_VERSION = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
NAMES = (
    "DATABASE_URL",
    "TRACKER_TODAY",
    "TRACKER_STALE_AFTER_DAYS",
    "TRACKER_PUBLISHER",
    "SOURCE_DATE_EPOCH",
    "TRACKER_REVIEW",
    "TRACKER_RELEASE_CACHE",
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
    release_cache: Path = Path(tempfile.gettempdir()) / "tracker-releases"

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
    cache = environ.get("TRACKER_RELEASE_CACHE", "").strip()
    return Settings(
        database_url=url,
        today=today,
        stale_after_days=stale,
        publisher=publisher,
        made_at=made_at,
        review=review,
        **({"release_cache": Path(cache)} if cache else {}),
    )


@dataclass(frozen=True)
class Edition:
    """A release an output is made at: its version, the hash over its data files, the day its data stands as of and
    the moment it was published (UTC)."""

    version: str
    content_hash: str
    as_of: dt.date
    published_at: dt.datetime


_edition: ContextVar[Edition | None] = ContextVar("edition", default=None)


def edition() -> Edition | None:
    """The release the output being made shows, or None for the live data."""
    return _edition.get()


@contextlib.contextmanager
def at_release(release: Edition | None) -> Iterator[None]:
    """Make outputs at `release` (None: the live data) within the block."""
    token = _edition.set(release)
    try:
        yield
    finally:
        _edition.reset(token)


def enter_release(release: Edition | None) -> None:
    """Make every later output of this thread at `release` (None: live): for a page run, which shows one edition
    from its first line to its last."""
    _edition.set(release)


_cached: tuple[tuple[str | None, ...], Settings] | None = None


def settings() -> Settings:
    """The settings in force (raises SettingsError, naming the setting, when one is unusable); at a release, with
    its day as today and its publication as the moment files are made."""
    global _cached
    key = tuple(os.environ.get(name) for name in NAMES)
    if _cached is None or _cached[0] != key:
        _cached = (key, parse({name: value for name, value in zip(NAMES, key, strict=True) if value is not None}))
    release = _edition.get()
    if release is None:
        return _cached[1]
    return replace(_cached[1], today=release.as_of, made_at=release.published_at)
