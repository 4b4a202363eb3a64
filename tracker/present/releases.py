"""Citable releases: the whole data as it stood when an admin published it, kept so that any citation, embed or
file can point back to it and find it unchanged.

A release is its data package (every table's file, datapackage.json and CITATION.cff, as `write_package` writes
them, in one zip stored in the database), a version (`2026.12`, then `2026.12.1` for a second one that month), the
moment it was published, a SHA-256 over its data files, a note, and what changed since the release before it,
cell by cell (`changes`). The database refuses any change to a release but recording, once, the identifier a
repository minted for it.

Every view and file can be asked for at a release (`?release=2026.12`): the release's package is loaded once into
an SQLite file of its own on each app server (`materialized`), and the same reads that serve the live data serve
it, with "today" the release's day and the moment files are made its publication (tracker.domain.settings.
at_release). So an output of a release is the same, byte for byte, whenever and wherever it is made.
"""

import csv
import datetime as dt
import io
import os
import re
import tempfile
import threading
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models.db import bump_revision, make_engine, write_session
from models.tables import DataRelease, utcnow
from tracker.domain.errors import TrackerError
from tracker.domain.rules import today
from tracker.domain.settings import APP_VERSION, Edition, at_release, edition, settings
from tracker.present.csvfile import csv_chunks, unescape_text
from tracker.present.exports import TABLES
from tracker.present.package import (
    CITATION_FILE,
    LICENSE,
    TITLE,
    AccountsImport,
    data_hash,
    import_package,
    stamp,
    stored_column,
    table_schema,
    view_words,
    write_package,
)
from tracker.read.filters import CommitmentFilter
from tracker.store import open_database
from tracker.write.auth import Actor, PermissionDenied, require_account

VERSION = re.compile(r"\d{4}\.\d{2}(\.[1-9]\d{0,2})?")
IDENTIFIER = re.compile(r"(doi:|https://)\S{3,190}")
MAX_NOTE_CHARS = 2000
CHANGE_COLUMNS = ("file", "key", "change", "column", "before", "after")
CHANGE_KINDS = ("added", "corrected", "retracted")
LIVE_WORDS = "Live data, unreleased changes included"


class ReleaseError(TrackerError, ValueError):
    """A release asked for or published as it cannot be; the message says why in words."""


@dataclass(frozen=True)
class ReleaseInfo:
    """A release as the list of releases shows it (everything but its package)."""

    version: str
    published_at: dt.datetime
    published_by: str
    as_of: dt.date
    note: str
    content_hash: str
    previous: str | None
    added: int
    corrected: int
    retracted: int
    identifier: str | None

    @property
    def edition(self) -> Edition:
        return Edition(self.version, self.content_hash, self.as_of, self.published_at)

    def row(self) -> dict[str, Any]:
        """The release as JSON and CSV give it."""
        return {
            **{f.name: getattr(self, f.name) for f in fields(self)},
            "published_at": stamp(self.published_at),
            "as_of": self.as_of.isoformat(),
        }


INFO_COLUMNS = tuple(f.name for f in fields(ReleaseInfo))


def _info(row: Any) -> ReleaseInfo:
    values = dict(row._mapping)
    moment = values["published_at"]
    values["published_at"] = moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)
    return ReleaseInfo(**values)


def _columns() -> list[sa.Column]:
    return [DataRelease.__table__.c[name] for name in INFO_COLUMNS]


def releases(engine: Engine) -> list[ReleaseInfo]:
    """Every release, the newest first."""
    r = DataRelease.__table__.c
    with engine.connect() as connection:
        rows = connection.execute(sa.select(*_columns()).order_by(r.published_at.desc(), r.version.desc()))
        return [_info(row) for row in rows]


def check_version(text: str) -> str:
    """`text` as a release's version, or ReleaseError saying what one looks like."""
    if not VERSION.fullmatch(text or ""):
        raise ReleaseError(f"release must be a version such as 2026.12 or 2026.12.1, not {text[:40]!r}")
    return text


def release(engine: Engine, version: str) -> ReleaseInfo:
    """The release `version`, or ReleaseError (LookupError too) naming the releases there are."""
    check_version(version)
    with engine.connect() as connection:
        row = connection.execute(sa.select(*_columns()).where(DataRelease.version == version)).first()
    if row is None:
        known = ", ".join(info.version for info in releases(engine)) or "none yet"
        raise MissingRelease(f"there is no release {version} (releases: {known})")
    return _info(row)


class MissingRelease(ReleaseError, LookupError):
    """No release has the version asked for."""


def package_zip(engine: Engine, version: str) -> bytes:
    """The release's data package, as the zip it was published as."""
    with engine.connect() as connection:
        blob = connection.execute(sa.select(DataRelease.package).where(DataRelease.version == version)).scalar_one()
    return bytes(blob)


def package_files(blob: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(files: dict[str, bytes]) -> bytes:
    """The files as a zip that is the same bytes for the same files (names sorted, one fixed time)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()


def next_version(taken: Iterable[str], day: dt.date) -> str:
    """`YYYY.MM` for the month's first release, then `YYYY.MM.1`, `YYYY.MM.2`…"""
    taken, base = set(taken), f"{day:%Y.%m}"
    if base not in taken:
        return base
    return next(f"{base}.{n}" for n in range(1, 1000) if f"{base}.{n}" not in taken)


# What changed between two releases, cell by cell.


@dataclass(frozen=True)
class Change:
    file: str
    key: str
    change: str  # CHANGE_KINDS
    column: str = ""
    before: str = ""
    after: str = ""

    def row(self) -> tuple[str, ...]:
        return tuple(getattr(self, name) for name in CHANGE_COLUMNS)


def _rows(data: bytes | None) -> tuple[list[str], list[list[str]]]:
    if not data:
        return [], []
    lines = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    return (lines[0], lines[1:]) if lines else ([], [])


def changes(before: dict[str, bytes], after: dict[str, bytes]) -> Iterator[Change]:
    """What the `after` package holds that `before` did not, table by table in the package's order: a row added,
    a stored value corrected (one change per cell), a row retracted (its retraction recorded, or gone). Values
    worked out from the date (days left, a status as of the day) are not changes of the data and are left out."""
    for table in TABLES:
        old_header, old_rows = _rows(before.get(table.file))
        new_header, new_rows = _rows(after.get(table.file))
        header = new_header or old_header
        if not header:
            continue
        keys = [header.index(name) for name in table_schema(table)["primaryKey"]]
        compared = [
            (i, name)
            for i, name in enumerate(header)
            if stored_column(table, name) is not None and i not in keys and name in old_header
        ]
        old = {tuple(row[i] for i in keys): row for row in old_rows}
        retraction = header.index("retracted_at") if "retracted_at" in header else None
        seen = set()
        for row in new_rows:
            key = tuple(row[i] for i in keys)
            seen.add(key)
            words = " / ".join(unescape_text(part) for part in key)
            was = old.get(key)
            if was is None:
                yield Change(table.file, words, "added")
                continue
            if retraction is not None and not was[retraction] and row[retraction]:
                yield Change(table.file, words, "retracted", "retracted_at", "", row[retraction])
                continue
            for i, name in compared:
                j = old_header.index(name)
                if was[j] != row[i]:
                    yield Change(table.file, words, "corrected", name, unescape_text(was[j]), unescape_text(row[i]))
        for key in old:
            if key not in seen:
                yield Change(table.file, " / ".join(unescape_text(part) for part in key), "retracted")


def change_counts(found: Iterable[Change]) -> dict[str, int]:
    """Rows added, rows with a value corrected, rows retracted."""
    rows: dict[str, set[tuple[str, str]]] = {kind: set() for kind in CHANGE_KINDS}
    for change in found:
        rows[change.change].add((change.file, change.key))
    return {kind: len(keys) for kind, keys in rows.items()}


def changes_csv(before: dict[str, bytes], after: dict[str, bytes]) -> Iterator[str]:
    """The changes as CSV, with the export's injection-safe cells."""
    return csv_chunks(CHANGE_COLUMNS, (change.row() for change in changes(before, after)))


def release_changes(engine: Engine, version: str, since: str | None = None) -> Iterator[str]:
    """The changes from release `since` (default: the one before it) to release `version`, as CSV."""
    info = release(engine, version)
    since = since if since is not None else info.previous
    before = package_files(package_zip(engine, release(engine, since).version)) if since else {}
    return changes_csv(before, package_files(package_zip(engine, version)))


# Publishing.


def publish(engine: Engine, *, note: str, actor: Actor | None) -> ReleaseInfo:
    """Publish the data as it stands now as a new release. Needs an admin; a note saying what it holds; and some
    change since the release before (else there is nothing new to cite)."""
    note = note.strip()
    if not note:
        raise ReleaseError("a release needs a note saying what it holds (for example 'December 2026 round')")
    if len(note) > MAX_NOTE_CHARS:
        raise ReleaseError(f"a release's note is at most {MAX_NOTE_CHARS} characters, not {len(note)}")
    with Session(engine) as session:
        account = require_account(session, actor, "sign in as an admin to publish a release")
        if account.role != "admin":
            raise PermissionDenied(
                f"publishing a release needs an admin account; '{account.username}' is a {account.role}"
            )
    known = releases(engine)
    # To the microsecond: a row written a moment before, in the same second, is in the release, and updated_after=
    # the release must not give it again.
    day, published_at = today(), utcnow()
    version = next_version((info.version for info in known), day)
    with tempfile.TemporaryDirectory() as folder:
        with at_release(Edition(version, "", day, published_at)):
            write_package(engine, Path(folder), CommitmentFilter(as_of=day))
        files = {path.name: path.read_bytes() for path in sorted(Path(folder).iterdir())}
    content_hash = data_hash(files)
    previous = known[0] if known else None
    before = package_files(package_zip(engine, previous.version)) if previous else {}
    if previous is not None and previous.content_hash == content_hash:
        raise ReleaseError(
            f"nothing has changed since release {previous.version} (the same data hash): no release made"
        )
    counts = change_counts(changes(before, files))
    row = DataRelease(
        version=version,
        published_at=published_at,
        published_by=account.username,
        as_of=day,
        note=note,
        content_hash=content_hash,
        previous=previous.version if previous else None,
        package=_zip(files),
        **counts,
    )
    try:
        with write_session(engine) as session:
            session.add(row)
            bump_revision(session)
    except sa.exc.IntegrityError as exc:
        raise ReleaseError(f"release {version} was published by someone else meanwhile: publish again") from exc
    return release(engine, version)


def record_identifier(engine: Engine, version: str, identifier: str, *, actor: Actor | None) -> ReleaseInfo:
    """Record the identifier a repository minted for the release (a DOI): once; it never changes after."""
    identifier = identifier.strip()
    if not IDENTIFIER.fullmatch(identifier):
        raise ReleaseError(f"an identifier is a doi:… or https://… address, not {identifier[:40]!r}")
    info = release(engine, version)
    if info.identifier:
        raise ReleaseError(f"release {version} already has its identifier, {info.identifier}; it cannot change")
    with write_session(engine) as session:
        account = require_account(session, actor, "sign in as an admin to record an identifier")
        if account.role != "admin":
            raise PermissionDenied("recording a release's identifier needs an admin account")
        session.execute(sa.update(DataRelease).where(DataRelease.version == version).values(identifier=identifier))
        bump_revision(session)
    return release(engine, version)


# Serving a release.

_materialized: dict[str, Engine] = {}
_lock = threading.Lock()


def cache_folder() -> Path:
    folder = settings().release_cache
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def materialized(engine: Engine, info: Edition) -> Engine:
    """An engine reading the release: its package loaded into an SQLite file of its own (named by its hash, made
    once on this machine, atomically, by whichever process asks first)."""
    key = info.content_hash.removeprefix("sha256:")[:32]
    if (found := _materialized.get(key)) is not None:
        return found
    with _lock:
        if (found := _materialized.get(key)) is not None:
            return found
        path = cache_folder() / f"release-{key}.sqlite"
        if not path.exists():
            with tempfile.TemporaryDirectory(dir=cache_folder()) as folder:
                unpacked = Path(folder) / "package"
                unpacked.mkdir()
                for name, data in package_files(package_zip(engine, info.version)).items():
                    (unpacked / name).write_bytes(data)
                building = Path(folder) / "release.sqlite"
                loading = open_database(f"sqlite:///{building}", seed_if_empty=False)
                import_package(loading, unpacked, AccountsImport())
                with loading.begin() as connection:
                    connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                loading.dispose()
                os.replace(building, path)
        _materialized[key] = make_engine(f"sqlite:///{path}")
        return _materialized[key]


# What every output says of the data it shows, and how to cite it.


def stamp_words(f: CommitmentFilter | None = None, *, made: bool = True) -> str:
    """Which data an output shows, in one line: the release (or the live data), its hash, the app's version, the
    view and its as-of date, and (unless the output dates itself, as a feed does) when it was made."""
    at = edition()
    data = (
        f"Release {at.version} (published {stamp(at.published_at)}; data {at.content_hash[:19]}…)"
        if at is not None
        else LIVE_WORDS
    )
    view = f"; view: {view_words(f)}; as of {f.as_of.isoformat()}" if f is not None else ""
    when = f"; made {stamp(settings().made_at or utcnow())}" if made else ""
    return f"{data}; app {APP_VERSION}{view}{when}"


def release_address(base: str, version: str) -> str:
    return f"{base.rstrip('/')}/?release={version}"


def citation_words(info: ReleaseInfo, base: str) -> str:
    """The release cited in words, pointing to its own address (never the live one)."""
    where = f"https://doi.org/{info.identifier.removeprefix('doi:')}" if _is_doi(info.identifier) else ""
    return (
        f"{settings().publisher} ({info.published_at:%Y}). {TITLE}, release {info.version} "
        f"(published {info.published_at:%-d %B %Y}; data {info.content_hash}). "
        f"{where or release_address(base, info.version)}"
        + (f" (at {release_address(base, info.version)})" if where else "")
        + f". Licensed {LICENSE['name']}."
    )


def _is_doi(identifier: str | None) -> bool:
    return bool(identifier and (identifier.startswith("doi:") or identifier.startswith("https://doi.org/")))


def _bibtex_text(text: str) -> str:
    return re.sub(r"([{}%&$#_\\])", r"\\\1", text)


def citation_bibtex(info: ReleaseInfo, base: str) -> str:
    entry = {
        "title": f"{TITLE}, release {info.version}",
        "author": "{" + settings().publisher + "}",
        "year": f"{info.published_at:%Y}",
        "month": f"{info.published_at:%b}".lower(),
        "version": info.version,
        "url": release_address(base, info.version),
        "note": f"Data {info.content_hash}; licensed {LICENSE['name']}",
    }
    if _is_doi(info.identifier):
        entry["doi"] = info.identifier.removeprefix("doi:").removeprefix("https://doi.org/")
    lines = []
    for name, value in entry.items():
        shown = value if name in ("author", "url") else _bibtex_text(value)
        lines.append(f"  {name} = {{{shown}}}")
    key = f"aistandardstracker{info.version.replace('.', '')}"
    return f"@misc{{{key},\n" + ",\n".join(lines) + "\n}\n"


def citation_cff(info: ReleaseInfo, base: str) -> str:
    """CITATION.cff of the release: its package's own, with the release's address and identifier."""
    with at_release(info.edition):
        document: dict[str, Any] = {
            "cff-version": "1.2.0",
            "message": "If you use this data, please cite this release as below, and cite the source documents it "
            "quotes.",
            "type": "dataset",
            "title": TITLE,
            "authors": [{"name": settings().publisher}],
            "version": info.version,
            "date-released": info.published_at.date().isoformat(),
            "url": release_address(base, info.version),
            "license": LICENSE["name"],
            "abstract": f"The tracker as it stood on {info.as_of.isoformat()}: {info.note}",
            "identifiers": [{"type": "other", "value": info.content_hash, "description": "SHA-256 of the data files"}]
            + ([{"type": "doi", "value": info.identifier.removeprefix("doi:")}] if _is_doi(info.identifier) else []),
        }
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=120)


def dataset_jsonld(info: ReleaseInfo | None, base: str) -> dict[str, Any]:
    """schema.org Dataset markup of the release (or the live data), for citation tools and search engines."""
    document: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": TITLE,
        "creator": {"@type": "Organization", "name": settings().publisher},
        "license": LICENSE["path"],
        "isAccessibleForFree": True,
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": "application/zip",
                "contentUrl": f"{base.rstrip('/')}/api/v1/releases/{info.version}/package.zip",
            }
        ]
        if info
        else [],
    }
    if info is None:
        return {**document, "url": f"{base.rstrip('/')}/", "description": LIVE_WORDS}
    return {
        **document,
        "url": release_address(base, info.version),
        "version": info.version,
        "datePublished": stamp(info.published_at),
        "temporalCoverage": f"../{info.as_of.isoformat()}",
        "description": info.note,
        **({"identifier": info.identifier} if info.identifier else {}),
    }


def deposit(engine: Engine, version: str, folder: Path, base: str) -> list[Path]:
    """The release's files in `folder`, ready to deposit with a repository that mints identifiers: the package as
    published, its CITATION.cff (with the release's address) and a README saying what it is."""
    info = release(engine, version)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in package_files(package_zip(engine, version)).items():
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    (folder / CITATION_FILE).write_text(citation_cff(info, base), encoding="utf-8")
    readme = folder / "README.md"
    readme.write_text(
        f"# {TITLE}, release {info.version}\n\n"
        f"Published {stamp(info.published_at)} by {info.published_by}; the data as it stood on "
        f"{info.as_of.isoformat()}.\n\n{info.note}\n\n"
        f"- Data hash: `{info.content_hash}` (SHA-256 over the data files, by name)\n"
        f"- Changes since the release before ({info.previous or 'none'}): {info.added} rows added, "
        f"{info.corrected} corrected, {info.retracted} retracted\n"
        f"- Address: {release_address(base, info.version)}\n"
        f"- Identifier: {info.identifier or 'not yet minted'}\n\n"
        "datapackage.json describes every file (a Frictionless tabular data package); CITATION.cff says how to "
        "cite it. Values the source texts do not state literally are marked inferred, with their reason.\n",
        encoding="utf-8",
    )
    return sorted({*written, folder / CITATION_FILE, readme})
