"""The command line: `python -m tracker --help`.

Every command works on DATABASE_URL (default: the embedded SQLite file) and brings its schema up to date first.
Bad input exits non-zero with a one-line reason on stderr and writes nothing.

Each command imports what it needs when it runs, so `--help` and argument errors answer at once instead of
waiting for the database, charting and document libraries to load.
"""

import argparse
import contextlib
import datetime as dt
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from seed import FACTS_FILE
from tracker.domain.errors import TrackerError
from tracker.domain.settings import settings
from tracker.domain.vocab import ROLES, UPDATE_STATUSES


class CliError(TrackerError):
    """A problem with what the user asked for; printed as one line, exit status 2."""


class Parser(argparse.ArgumentParser):
    """Argument errors as one line, like every other refusal (the full usage is one `-h` away)."""

    def error(self, message: str) -> None:
        self.exit(2, f"error: {message} (see {self.prog} -h)\n")


def today() -> dt.date:
    from tracker.domain.rules import today

    return today()


# The engines this run of a command opened: main closes their connections when the command ends, so a command run
# in a longer-lived process (a scheduler, a test) leaves none open on the database server.
_opened: list = []


def open_database(**options):
    from tracker.store import open_database

    engine = open_database(**options)
    _opened.append(engine)
    return engine


def counted_rows(count: int) -> str:
    """ "1 row", "1,204 rows": a count of rows as the commands print it."""
    return f"{count:,} row{'' if count == 1 else 's'}"


def cmd_seed(args: argparse.Namespace) -> int:
    from seed.loader import apply_seed, load_rows

    rows = load_rows(Path(args.facts))  # refuse a bad facts file before touching the database
    engine = open_database(seed_if_empty=False)
    report = apply_seed(engine, rows)
    for line in report.lines():
        print(line)
    total_inserted, total_updated = sum(report.inserted.values()), sum(report.updated.values())
    print(f"seed: {counted_rows(total_inserted)} inserted, {total_updated:,} updated")
    return 0


def cmd_contribute(args: argparse.Namespace) -> int:
    from tracker.write import auth
    from tracker.write.bulk import add_facts_file

    engine = open_database()
    report = add_facts_file(engine, Path(args.file), actor=auth.cli_actor(engine, args.by))
    added = ", ".join(f"{section.replace('_', ' ')}: {count}" for section, count in report.added.items())
    print(f"contribute: added {added or 'nothing'} as {args.by}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from tracker.write.integrity import verify_quotes

    result = verify_quotes(open_database())
    for line in result.mismatches:
        print(f"MISMATCH {line}")
    verdict = "all match" if result.ok else f"{len(result.mismatches)} mismatches"
    print(
        f"verify: {result.checked:,} quotes in {result.sources} sources checked against their text and hash: {verdict}"
    )
    return 0 if result.ok else 1


def _as_of(args: argparse.Namespace) -> dt.date:
    """--as-of, or today; a date that has not come yet, or long before any commitment, is refused."""
    from tracker.domain.rules import EARLIEST_AS_OF

    as_of = args.as_of or today()
    if as_of > today():
        raise CliError(f"--as-of {as_of} is in the future")
    if as_of < EARLIEST_AS_OF:
        raise CliError(f"--as-of {as_of} is before {EARLIEST_AS_OF}, earlier than anything the tracker holds")
    return as_of


def _empty_folder(path: Path) -> Path:
    """The folder an export writes into: new or empty, so old and new files are never mixed."""
    if path.exists() and not path.is_dir():
        raise CliError(f"--out {path} is a file; give a folder for the CSV files")
    if path.is_dir() and any(path.iterdir()):
        raise CliError(f"--out {path} is not empty; give a new or empty folder, so old and new files are not mixed")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CliError(f"--out {path}: cannot create the folder ({exc.strerror})") from None
    return path


def _write_file(path: Path, data: bytes) -> None:
    """Write a deck or brief, or say in one line why it cannot be written."""
    if path.is_dir():
        raise CliError(f"--out {path} is a folder; give a file name")
    if not path.parent.is_dir():
        raise CliError(f"--out {path}: the folder {path.parent} does not exist")
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise CliError(f"--out {path}: cannot write there ({exc.strerror})") from None


@contextlib.contextmanager
def _data(args: argparse.Namespace) -> Iterator[Any]:
    """The engine a command reads: the live database's, or with --release VERSION the release's, every output
    made within the block then made at the release (its day as today, its publication as the moment made)."""
    from tracker.domain.settings import at_release
    from tracker.present import releases

    live = open_database()
    version = getattr(args, "release", None)
    if version is None:
        yield live
        return
    info = releases.release(live, version)
    with at_release(info.edition):
        yield releases.materialized(live, info.edition)


def cmd_export(args: argparse.Namespace) -> int:
    with _data(args) as engine:
        return _export(args, engine)


def _export(args: argparse.Namespace, engine: Any) -> int:
    from tracker.present.package import CITATION_FILE, PACKAGE_FILE, write_package

    if args.password_hashes and not args.accounts:
        raise CliError("--password-hashes needs --accounts")
    view = _view(args)
    out = _empty_folder(Path(args.out))
    _check_filter_values(engine, view)
    written = write_package(engine, out, view, accounts=args.accounts, password_hashes=args.password_hashes)
    for path, count in written:
        print(f"{path}: {counted_rows(count)}")
    print(f"{out / PACKAGE_FILE}, {out / CITATION_FILE}: the data package's description and how to cite it")
    print(f"export: {view.describe()} as of {view.as_of.isoformat()}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from tracker.present.package import ACCOUNTS_FILE, AccountsImport, import_package

    folder = Path(args.folder)
    if not folder.is_dir():
        raise CliError(f"{folder} is not a folder; give the folder `python -m tracker export` wrote")
    if args.admins and not args.accounts:
        raise CliError("--admins goes with --accounts")
    engine = open_database(seed_if_empty=False)
    started = time.perf_counter()
    loaded = import_package(engine, folder, AccountsImport(wanted=args.accounts, admins=args.admins))
    for file, count in loaded:
        print(f"{file}: {counted_rows(count)}")
    if (folder / ACCOUNTS_FILE).exists() and not args.accounts:
        print(f"{ACCOUNTS_FILE}: not imported (add --accounts to create its accounts)")
    elif args.accounts and not args.admins:
        print("admin accounts, if any, were imported as editors (add --admins to keep their role)")
    total = counted_rows(sum(count for _, count in loaded))
    print(f"import: {total} from {folder} in {time.perf_counter() - started:.1f} s")
    return 0


def cmd_record(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from models.inputs import ProgressUpdateCreate, validation_message
    from tracker.write import auth, review

    try:
        data = ProgressUpdateCreate(
            commitment_slug=args.commitment,
            as_of=args.as_of,
            status=args.status,
            progress_value=args.progress,
            rationale=args.rationale,
            evidence_url=args.evidence_url or "",
            evidence_quote=args.evidence_quote or "",
            corrects_id=args.corrects,
            correction_reason=args.reason or "",
        )
    except ValidationError as exc:
        raise CliError(validation_message(exc)) from exc
    engine = open_database()
    submitted = review.submit_progress(engine, data=data, actor=auth.cli_actor(engine, args.by))
    kind = f"correction of #{data.corrects_id}" if data.corrects_id else "update"
    if (update := submitted.published) is not None:
        print(f"recorded {kind} #{update.id}: {data.commitment_slug} is {data.status} as of {data.as_of}")
    else:
        print(
            f"saved {kind} as draft #{submitted.draft.id}: {data.commitment_slug} {data.status} as of {data.as_of}; "
            f"readers see it once a second editor approves it (python -m tracker review approve "
            f"{submitted.draft.id} --by NAME)"
        )
    return 0


def cmd_rubric(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from models.inputs import RubricCreate, validation_message
    from tracker.write import auth, review

    try:
        data = RubricCreate(
            commitment_slug=args.commitment,
            limited=args.limited,
            substantial=args.substantial,
            complete=args.complete,
            corrects_id=args.replaces,
            correction_reason=args.reason or "",
        )
    except ValidationError as exc:
        raise CliError(validation_message(exc)) from exc
    engine = open_database()
    submitted = review.submit_rubric(engine, data=data, actor=auth.cli_actor(engine, args.by))
    if submitted.published is not None:
        print(f"published rubric #{submitted.published.id} of {data.commitment_slug} (single review)")
    else:
        print(f"saved the rubric of {data.commitment_slug} as draft #{submitted.draft.id}: a second editor approves it")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from tracker.read import process
    from tracker.write import auth, review

    engine = open_database()
    if args.review_command == "list":
        for draft in process.drafts(engine):
            print(
                f"#{draft['id']}\t{draft['state']}\t{draft['kind']}\t{draft['commitment_slug']}\t{draft['submitted_by']}"
            )
        return 0
    actor = auth.cli_actor(engine, args.by)
    if args.review_command == "approve":
        draft = review.approve(engine, draft_id=args.draft, actor=actor, note=args.note or "")
        print(f"approved draft #{draft.id}: {draft.state}")
    else:
        draft = review.send_back(engine, draft_id=args.draft, actor=actor, reason=args.reason)
        print(f"sent draft #{draft.id} back")
    return 0


def cmd_users_add(args: argparse.Namespace) -> int:
    from tracker.write import auth

    password = ""
    if not args.oidc:
        password = _read_password(args.password_stdin)
    engine = open_database()
    account = auth.add_user(
        engine,
        username=args.username,
        role=args.role,
        password=password,
        display_name=args.display_name or "",
        party=args.party,
    )
    how = "signs in through OpenID Connect" if args.oidc else "signs in with a password"
    party = f", replies for {account.party_slug}" if account.party_slug else ""
    print(f"added {account.username} ({account.role}{party}); {how}")
    return 0


def cmd_users_set_password(args: argparse.Namespace) -> int:
    from tracker.write import auth

    password = _read_password(args.password_stdin)
    auth.set_password(open_database(), args.username, password)
    print(f"set a new password for {args.username}; their browsers are signed out")
    return 0


def _read_password(from_stdin: bool) -> str:
    import getpass

    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")  # the line ending is not part of the password
        if not password:
            raise CliError("no password on standard input: pipe one in (10 characters or more), or use --oidc")
        return password
    if not sys.stdin.isatty():
        raise CliError("no terminal to ask for a password: pass --password-stdin and pipe it in, or use --oidc")
    first = getpass.getpass("Password (10 characters or more): ")
    if first != getpass.getpass("Same password again: "):
        raise CliError("the two passwords differ")
    return first


def cmd_users_list(args: argparse.Namespace) -> int:
    from tracker.write import auth

    engine = open_database()
    accounts = auth.list_users(engine)
    if not accounts:
        print("no accounts yet: python -m tracker users add NAME --role admin")
    for a in accounts:
        state = "active" if a.active else "disabled"
        login = "password" if a.password_hash else "OpenID Connect"
        role = f"{a.role} for {a.party_slug}" if a.party_slug else a.role
        print(f"{a.username}\t{role}\t{state}\t{login}\t{a.display_name}")
    return 0


def cmd_users_set_role(args: argparse.Namespace) -> int:
    from tracker.write import auth

    auth.set_role(open_database(), args.username, args.role, args.party)
    print(f"{args.username} is now {args.role}")
    return 0


def cmd_users_disable(args: argparse.Namespace) -> int:
    from tracker.write import auth

    auth.set_active(open_database(), args.username, False)
    print(f"{args.username} is disabled")
    return 0


def cmd_users_enable(args: argparse.Namespace) -> int:
    from tracker.write import auth

    auth.set_active(open_database(), args.username, True)
    print(f"{args.username} is enabled")
    return 0


def _view(args: argparse.Namespace):
    """The filters and as-of date given on the command line, as the dashboard would hold them."""
    from tracker.read.filters import FILTERS, CommitmentFilter

    values = {}
    for spec in FILTERS:
        given = getattr(args, spec.field)
        if given is not None:
            values[spec.field] = tuple(given) if spec.widget == "multiselect" else given
    try:
        return CommitmentFilter(**values, as_of=_as_of(args))
    except ValueError as exc:
        raise CliError(str(exc)) from exc


def _at_round(engine, args: argparse.Namespace) -> argparse.Namespace:
    """With --round NAME: the view as of the day that assessment round was published."""
    if getattr(args, "round", None) is None:
        return args
    from tracker.read import process

    if args.as_of is not None:
        raise CliError("give --round or --as-of, not both: a round is read as of the day it was published")
    rounds = {r["name"]: r for r in process.rounds(engine)}
    found = rounds.get(args.round)
    if found is None:
        known = ", ".join(rounds) or "none yet"
        raise CliError(f"no assessment round named {args.round!r} (rounds: {known})")
    if found["published_at"] is None:
        raise CliError(f"round {args.round!r} is still open: publish it first (Review page)")
    args.as_of = found["published_at"].date()
    return args


def _check_filter_values(engine, view) -> None:
    """A framework, event, party, country or theme that does not exist is a typing slip: say so, with the choices,
    rather than write an empty deck (each filter whose choices come from the data, as the registry declares)."""
    from tracker.read.filters import FILTERS

    from_data = [spec for spec in FILTERS if isinstance(spec.choices, str) and getattr(view, spec.field)]
    if not from_data:
        return
    from tracker.read.queries import filter_options

    options = filter_options(engine)
    for spec in from_data:
        known = {value for value, _ in options[spec.choices]}
        for value in getattr(view, spec.field):
            if value not in known:
                raise CliError(f"{spec.cli} {value!r} matches nothing; choose from: {', '.join(sorted(known))}")


def cmd_deck(args: argparse.Namespace) -> int:
    from tracker.present.deck import build_deck
    from tracker.present.report import gather

    started = time.perf_counter()
    with _data(args) as engine:
        view = _view(_at_round(engine, args))
        _check_filter_values(engine, view)
        data = build_deck(gather(engine, view))
    _write_file(Path(args.out), data)
    print(
        f"{args.out}: deck of {view.describe()} as of {view.as_of}, {len(data):,} bytes in "
        f"{time.perf_counter() - started:.1f} s"
    )
    return 0


def cmd_brief(args: argparse.Namespace) -> int:
    from tracker.present.images import ImageUnavailable, warm_up

    started = time.perf_counter()
    warm_up()  # the browser that draws the charts starts while the modules load and the view's numbers are read
    from tracker.present.brief import BriefUnavailable, build_brief
    from tracker.present.report import gather

    try:
        with _data(args) as engine:
            view = _view(_at_round(engine, args))
            _check_filter_values(engine, view)
            data = build_brief(gather(engine, view))
    except (BriefUnavailable, ImageUnavailable) as exc:
        raise CliError(str(exc)) from exc
    _write_file(Path(args.out), data)
    print(
        f"{args.out}: brief of {view.describe()} as of {view.as_of}, {len(data):,} bytes in "
        f"{time.perf_counter() - started:.1f} s"
    )
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    from tracker.present import releases
    from tracker.write import auth

    engine = open_database()
    if args.release_command == "publish":
        info = releases.publish(engine, note=args.note, actor=auth.cli_actor(engine, args.by))
        print(
            f"published release {info.version}: data {info.content_hash}; since {info.previous or 'the start'}: "
            f"{counted_rows(info.added)} added, {info.corrected:,} corrected, {info.retracted:,} retracted"
        )
    elif args.release_command == "list":
        for info in releases.releases(engine):
            print(
                f"{info.version}\t{releases.stamp(info.published_at)}\t{info.published_by}\t{info.content_hash}\t"
                f"+{info.added} ~{info.corrected} -{info.retracted}\t{info.identifier or ''}\t{info.note}"
            )
    elif args.release_command == "changes":
        chunks = releases.release_changes(engine, args.version, args.since)
        if args.out:
            with Path(args.out).open("w", encoding="utf-8", newline="") as file:
                file.writelines(chunks)
            print(f"{args.out}: the changes of release {args.version}")
        else:
            sys.stdout.writelines(chunks)
    elif args.release_command == "deposit":
        out = _empty_folder(Path(args.out))
        for path in releases.deposit(engine, args.version, out, args.base):
            print(path)
        print(f"deposit: release {args.version} in {out}, ready to upload; record its identifier once minted")
    elif args.release_command == "identifier":
        info = releases.record_identifier(engine, args.version, args.identifier, actor=auth.cli_actor(engine, args.by))
        print(f"release {info.version}: identifier {info.identifier}")
    return 0


def _add_view_arguments(parser: argparse.ArgumentParser) -> None:
    """The dashboard's filters as options, every one of them, from the one registry, and the data to read (the
    live data, or a release)."""
    from tracker.read.filters import FILTERS

    parser.add_argument(
        "--release", metavar="VERSION", help="made from the release VERSION (such as 2026.12), as it held the data"
    )
    parser.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD", help="the tracker as it stood that day")
    for spec in FILTERS:
        fixed = spec.labels()
        options = {"dest": spec.field, "help": spec.help_text}
        if spec.widget == "multiselect":
            kind = int if fixed and all(isinstance(v, int) for v in fixed) else str
            choices = list(fixed) or None
            metavar = None if choices else spec.url.upper()
            parser.add_argument(
                spec.cli,
                action="append",
                type=kind,
                choices=choices,
                metavar=metavar,
                **options | {"help": f"{spec.help_text} Repeat for several."},
            )
        elif spec.widget == "select":
            parser.add_argument(spec.cli, choices=list(fixed), **options)
        elif spec.widget == "number":
            parser.add_argument(spec.cli, type=int, metavar="DAYS", **options)
        elif spec.widget == "toggle":
            parser.add_argument(spec.cli, action="store_true", default=None, **options)
        else:
            parser.add_argument(spec.cli, metavar="TEXT", **options)


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date in the form YYYY-MM-DD") from None


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="python -m tracker",
        description="AI Standards Commitment Tracker: the data behind the dashboard, from the command line. "
        f"Works on DATABASE_URL (now: {_shown_url()}).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    seed = commands.add_parser("seed", help="load or refresh the seed facts; prints what it inserted and updated")
    seed.add_argument("--facts", default=str(FACTS_FILE), metavar="FILE", help="facts file (default: %(default)s)")
    seed.set_defaults(run=cmd_seed)

    contribute = commands.add_parser(
        "contribute",
        help="add a facts file (the seed's format) as an editor's additions; checks it all and reports every problem "
        "first; never changes a stored row",
    )
    contribute.add_argument("file", metavar="FILE", help="facts file; its documents lie beside it or in seed/documents")
    contribute.add_argument("--by", required=True, metavar="NAME", help="the editor account adding it")
    contribute.set_defaults(run=cmd_contribute)

    verify = commands.add_parser(
        "verify", help="re-check every stored quote against its source's text and hash; exits 1 on any mismatch"
    )
    verify.set_defaults(run=cmd_verify)

    export = commands.add_parser(
        "export", help="write a data package: one CSV per table, datapackage.json and CITATION.cff, into a folder"
    )
    export.add_argument("--out", required=True, metavar="DIR", help="folder for the CSV files (created if missing)")
    _add_view_arguments(export)
    export.add_argument(
        "--accounts", action="store_true", help="also write accounts.csv (usernames, roles; no password hashes)"
    )
    export.add_argument(
        "--password-hashes", action="store_true", help="with --accounts: include the password hashes (keep it private)"
    )
    export.set_defaults(run=cmd_export)

    load = commands.add_parser(
        "import", help="load a data package (an export's folder) into an empty database; checks every row first"
    )
    load.add_argument("folder", metavar="DIR")
    load.add_argument("--accounts", action="store_true", help="also create the accounts the package carries")
    load.add_argument(
        "--admins", action="store_true", help="with --accounts: keep the admin role (otherwise admins become editors)"
    )
    load.set_defaults(run=cmd_import)

    record = commands.add_parser("record", help="record a progress update (or a correction) for a commitment")
    record.add_argument("--commitment", required=True, metavar="SLUG")
    record.add_argument("--status", required=True, choices=UPDATE_STATUSES)
    record.add_argument(
        "--as-of",
        required=True,
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="the date the update describes (not in the future)",
    )
    record.add_argument("--rationale", required=True, metavar="TEXT", help="why this status")
    record.add_argument("--progress", type=float, metavar="N", help="number reached toward a numeric target")
    record.add_argument("--evidence-url", metavar="URL", help="an http(s) address")
    record.add_argument("--evidence-quote", metavar="TEXT", help="a quoted excerpt")
    record.add_argument("--corrects", type=int, metavar="ID", help="the update this one corrects")
    record.add_argument("--reason", metavar="TEXT", help="why the correction (with --corrects)")
    record.add_argument("--by", required=True, metavar="NAME", help="the editor account recording it")
    record.set_defaults(run=cmd_record)

    rubric = commands.add_parser(
        "rubric", help="write what would count as limited, substantial and complete for a commitment (before rating)"
    )
    rubric.add_argument("--commitment", required=True, metavar="SLUG")
    rubric.add_argument("--limited", required=True, metavar="TEXT")
    rubric.add_argument("--substantial", required=True, metavar="TEXT")
    rubric.add_argument("--complete", required=True, metavar="TEXT")
    rubric.add_argument("--replaces", type=int, metavar="ID", help="the rubric this one replaces")
    rubric.add_argument("--reason", metavar="TEXT", help="why it replaces it")
    rubric.add_argument("--by", required=True, metavar="NAME", help="the editor's account")
    rubric.set_defaults(run=cmd_rubric)

    reviewing = commands.add_parser("review", help="drafts waiting for a second editor: list, approve, send-back")
    review_commands = reviewing.add_subparsers(dest="review_command", required=True, metavar="ACTION")
    review_commands.add_parser("list", help="drafts waiting for review").set_defaults(run=cmd_review)
    approving = review_commands.add_parser("approve", help="approve a draft: it is published")
    approving.add_argument("draft", type=int)
    approving.add_argument("--by", required=True, metavar="NAME", help="the second editor's account")
    approving.add_argument("--note", metavar="TEXT")
    approving.set_defaults(run=cmd_review)
    returning = review_commands.add_parser("send-back", help="return a draft to its author, saying why")
    returning.add_argument("draft", type=int)
    returning.add_argument("--by", required=True, metavar="NAME")
    returning.add_argument("--reason", required=True, metavar="TEXT")
    returning.set_defaults(run=cmd_review)

    deck = commands.add_parser("deck", help="a 16:9 PowerPoint deck of a view, for presenting")
    deck.add_argument("--out", required=True, metavar="FILE.pptx")
    _add_view_arguments(deck)
    deck.add_argument("--round", metavar="NAME", help="as of the day the assessment round NAME was published")
    deck.set_defaults(run=cmd_deck)

    brief = commands.add_parser("brief", help="a one-to-three-page PDF brief of a view, for reading")
    brief.add_argument("--out", required=True, metavar="FILE.pdf")
    _add_view_arguments(brief)
    brief.add_argument("--round", metavar="NAME", help="as of the day the assessment round NAME was published")
    brief.set_defaults(run=cmd_brief)

    release = commands.add_parser(
        "release", help="citable releases: publish, list, changes, deposit, identifier (publishing needs an admin)"
    )
    release_commands = release.add_subparsers(dest="release_command", required=True, metavar="ACTION")
    publishing = release_commands.add_parser("publish", help="publish the data as it stands now as a release")
    publishing.add_argument("--note", required=True, metavar="TEXT", help="what the release holds, why now")
    publishing.add_argument("--by", required=True, metavar="NAME", help="the admin's account")
    release_commands.add_parser("list", help="every release, the newest first")
    changing = release_commands.add_parser("changes", help="what a release changed, cell by cell, as CSV")
    changing.add_argument("version")
    changing.add_argument("--since", metavar="VERSION", help="an earlier release (default: the one before)")
    changing.add_argument("--out", metavar="FILE.csv", help="write to a file (default: print)")
    depositing = release_commands.add_parser(
        "deposit", help="a release's package, CITATION.cff and README in a folder, ready for a repository"
    )
    depositing.add_argument("version")
    depositing.add_argument("--out", required=True, metavar="FOLDER")
    depositing.add_argument(
        "--base", required=True, metavar="URL", help="the tracker's public address, which the citation points to"
    )
    naming = release_commands.add_parser("identifier", help="record the identifier minted for a release (once)")
    naming.add_argument("version")
    naming.add_argument("identifier", help="doi:10.… or https://…")
    naming.add_argument("--by", required=True, metavar="NAME", help="the admin's account")
    release.set_defaults(run=cmd_release)

    users = commands.add_parser("users", help="manage accounts: add, list, set-role, set-password, disable, enable")
    user_commands = users.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    add = user_commands.add_parser("add", help="add an account (asks for the password twice)")
    add.add_argument("username")
    add.add_argument("--role", choices=ROLES, default="viewer")
    add.add_argument("--display-name", metavar="NAME")
    add.add_argument("--party", metavar="SLUG", help="with --role party: the party (organization slug) they reply for")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.add_argument(
        "--oidc",
        action="store_true",
        help="no password: the user signs in through OpenID Connect with this e-mail address as username",
    )
    add.set_defaults(run=cmd_users_add)
    user_commands.add_parser("list", help="list accounts").set_defaults(run=cmd_users_list)
    set_role = user_commands.add_parser("set-role", help="change an account's role")
    set_role.add_argument("username")
    set_role.add_argument("role", choices=ROLES)
    set_role.add_argument("--party", metavar="SLUG", help="with role party: the party they reply for")
    set_role.set_defaults(run=cmd_users_set_role)
    set_password = user_commands.add_parser(
        "set-password", help="give an account a new password (asks twice; an imported account arrives without one)"
    )
    set_password.add_argument("username")
    set_password.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    set_password.set_defaults(run=cmd_users_set_password)
    disable = user_commands.add_parser("disable", help="stop an account from signing in and writing")
    disable.add_argument("username")
    disable.set_defaults(run=cmd_users_disable)
    enable = user_commands.add_parser("enable", help="let a disabled account sign in again")
    enable.add_argument("username")
    enable.set_defaults(run=cmd_users_enable)
    return parser


def _shown_url() -> str:
    url = settings().database_url
    return url.split("@")[-1] if "@" in url else url  # never print a password


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return args.run(args)
    except TrackerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        while _opened:
            _opened.pop().dispose()
