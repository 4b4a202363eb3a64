"""Who is signed in, and what they may do.

Everyone may read. Writing needs an active account with the editor or admin role; the write functions check it
against the database at the moment of writing (a role taken away takes effect at once), never only in the page.
A sign-in with a password is a session (a row of signed_in_session, found by its token's hash): the page checks it
on every run and every write checks it again, so signing out in another tab, a new password or a disabled account
stops the tab at once.
Passwords are stored as salted argon2id hashes. After MAX_FAILED_SIGNINS failed attempts an account refuses
sign-ins for LOCKOUT, whatever the password, and says when to try again.
"""

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, field

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import ValidationError
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models.db import bump_revision, write_session
from models.inputs import UserCreate, validation_message
from models.tables import Organization, SignedInSession, SigninThrottle, UserAccount, utcnow
from tracker.domain.errors import TrackerError
from tracker.domain.vocab import ROLES, WRITER_ROLES

SIGNED_OUT = (
    "this sign-in has ended (signed out in another tab, a new password, the account disabled, or it expired). "
    "Sign in again in the sidebar, then submit again: what you entered is kept"
)
MAX_FAILED_SIGNINS = 5
MAX_FAILED_BY_ADDRESS = 20  # from one address, over every name tried
LOCKOUT = dt.timedelta(minutes=15)
SESSION_COOKIE = "tracker_session"
SESSION_LIFETIME = dt.timedelta(days=7)
_hasher = PasswordHasher()
# Verified against when the username is unknown, so that a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


@dataclass(frozen=True)
class Actor:
    """Someone using the app or the CLI. `via` is how they proved it: password, oidc or cli. A password sign-in
    carries its session's token, which every write checks is still signed in."""

    username: str
    display_name: str
    role: str
    via: str
    token: str = field(default="", repr=False, compare=False)
    party: str | None = None  # the party a representative replies for

    @property
    def can_write(self) -> bool:
        return self.role in WRITER_ROLES

    @property
    def label(self) -> str:
        return self.display_name or self.username


class SignInError(TrackerError):
    """Sign-in refused; the message is safe to show (it never says whether the username exists)."""


class PermissionDenied(TrackerError):
    """The actor may not make this change."""


class AccountError(TrackerError, ValueError):
    """An account command that cannot be carried out as asked."""


def _actor(account: UserAccount, via: str, token: str = "") -> Actor:
    return Actor(account.username, account.display_name, account.role, via, token, account.party_slug)


def sign_in(
    engine: Engine, username: str, password: str, *, address: str = "", now: dt.datetime | None = None
) -> Actor:
    """The account's actor, signed in with a new session (its token kept for the browser), or SignInError. Failures
    are counted by the name typed and by `address`: after
    MAX_FAILED_SIGNINS for a name, or MAX_FAILED_BY_ADDRESS from one address, sign-ins are refused until LOCKOUT
    has passed since the last failure, with the same words for names that exist and names that do not."""
    now = now or utcnow()
    name = username.strip()
    keys = {f"name:{name.lower()}": MAX_FAILED_SIGNINS}
    if address:
        keys[f"address:{address}"] = MAX_FAILED_BY_ADDRESS
    with write_session(engine) as session:
        counters = {key: _counter(session, key, now) for key in keys}
        waits = [c.last_failed_at + LOCKOUT - now for key, c in counters.items() if c.failures >= keys[key]]
        if waits:
            minutes = max(1, round(max(waits).total_seconds() / 60))
            raise SignInError(f"Too many failed sign-ins. Try again in {minutes} minutes.")
        account = session.get(UserAccount, name, with_for_update=True)
        known = account is not None and bool(account.password_hash)
        if not _verify(account.password_hash if known else _DUMMY_HASH, password) or not known:
            for counter in counters.values():
                counter.failures += 1
                counter.last_failed_at = now
            session.commit()  # keep the count even though the sign-in fails
            raise SignInError("Wrong username or password.")
        if not account.active:
            raise SignInError("This account is disabled. Ask an admin to enable it.")
        for counter in counters.values():
            counter.failures, counter.last_failed_at = 0, None
        if _hasher.check_needs_rehash(account.password_hash):
            account.password_hash = _hasher.hash(password)
        return _actor(account, "password", _started_session(session, account.username, now))


def _counter(session: Session, key: str, now: dt.datetime) -> SigninThrottle:
    """The failure count for `key`, started again if its lock has run out."""
    counter = session.get(SigninThrottle, key, with_for_update=True)
    if counter is None:
        counter = SigninThrottle(key=key, failures=0)
        session.add(counter)
    elif counter.last_failed_at is not None and counter.last_failed_at + LOCKOUT <= now:
        counter.failures, counter.last_failed_at = 0, None
    return counter


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _started_session(session: Session, username: str, now: dt.datetime) -> str:
    """A new random token that signs `username` in for SESSION_LIFETIME from any tab of the browser that holds it
    (built-in accounts; OpenID Connect keeps its own). Expired sessions of everyone are removed on the way."""
    token = secrets.token_urlsafe(32)
    session.execute(sa.delete(SignedInSession).where(SignedInSession.expires_at <= now))
    session.add(SignedInSession(token_hash=_token_hash(token), username=username, expires_at=now + SESSION_LIFETIME))
    return token


def session_actor(engine: Engine, token: str, *, now: dt.datetime | None = None) -> Actor | None:
    """Who the token signs in, or None if it is unknown, expired, signed out, or its account is disabled."""
    with Session(engine) as session:
        account = _signed_in(session, token, now or utcnow())
    return _actor(account, "password", token) if account is not None and account.active else None


def _signed_in(session: Session, token: str, now: dt.datetime) -> UserAccount | None:
    """The account the token's session signs in, if it is still signed in."""
    if not token:
        return None
    found = (
        select(UserAccount)
        .join(SignedInSession, SignedInSession.username == UserAccount.username)
        .where(SignedInSession.token_hash == _token_hash(token), SignedInSession.expires_at > now)
    )
    return session.exec(found).first()


def end_session(engine: Engine, token: str) -> None:
    """Sign the token's browser out: the cookie it still holds signs nobody in."""
    if token:
        with write_session(engine) as session:
            session.execute(sa.delete(SignedInSession).where(SignedInSession.token_hash == _token_hash(token)))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def oidc_actor(engine: Engine, email: str, name: str = "") -> Actor:
    """Someone signed in through OpenID Connect: their role is that of the account named by their e-mail
    address, and viewer if there is none (an admin grants more with `users add EMAIL --role editor`)."""
    with Session(engine) as session:
        account = session.get(UserAccount, email)
    if account and account.active:
        return Actor(email, account.display_name or name, account.role, "oidc")
    return Actor(email, name, "viewer", "oidc")


def refreshed(engine: Engine, actor: Actor) -> Actor | None:
    """The actor with the role their account has now, or None if it is disabled or gone, or its session was ended
    (signed out in another tab, a new password); someone signed in through OpenID Connect gets their role again
    from oidc_actor."""
    with Session(engine) as session:
        if actor.via == "password":
            account = _signed_in(session, actor.token, utcnow())
        else:
            account = session.get(UserAccount, actor.username)
    if actor.via == "oidc":
        role = account.role if account and account.active else "viewer"
        return Actor(actor.username, actor.display_name, role, actor.via)
    if account is None or not account.active:
        return None
    return _actor(account, actor.via, actor.token)


def cli_actor(engine: Engine, username: str) -> Actor:
    """The account a CLI command acts as (`--by NAME`)."""
    with Session(engine) as session:
        account = session.get(UserAccount, username)
    if account is None:
        raise PermissionDenied(
            f"no account '{username}': create it with `python -m tracker users add {username} --role editor`"
        )
    return _actor(account, "cli")


def require_writer(session: Session, actor: Actor | None) -> UserAccount:
    """The actor's account, if it may write now; otherwise PermissionDenied with the reason."""
    account = require_account(session, actor, "sign in as an editor to make changes")
    if account.role not in WRITER_ROLES:
        raise PermissionDenied(f"'{actor.username}' is a {account.role}; recording changes needs the editor role")
    return account


def require_account(session: Session, actor: Actor | None, signed_out: str = "sign in to do this") -> UserAccount:
    """The actor's account, if it is signed in and active now (whatever its role); otherwise PermissionDenied."""
    if actor is None:
        raise PermissionDenied(signed_out)
    if actor.via == "password" and _signed_in(session, actor.token, utcnow()) is None:
        raise PermissionDenied(SIGNED_OUT)
    account = session.get(UserAccount, actor.username)
    if account is None:
        raise PermissionDenied(f"'{actor.username}' has no account; an admin can add one")
    if not account.active:
        raise PermissionDenied(f"the account '{actor.username}' is disabled")
    return account


def any_accounts(engine: Engine) -> bool:
    """Whether an account exists (the app offers its sign-in form then). Pages cache it by the data revision, which
    add_user counts, so an account added from the CLI shows as soon as any other write would."""
    with engine.connect() as connection:
        return connection.execute(sa.select(UserAccount.username).limit(1)).first() is not None


def add_user(
    engine: Engine,
    *,
    username: str,
    role: str,
    password: str = "",
    display_name: str = "",
    created_by: str = "cli",
    party: str | None = None,
) -> UserAccount:
    try:
        data = UserCreate(
            username=username, role=role, password=password, display_name=display_name, party_slug=party or None
        )
    except ValidationError as exc:
        raise AccountError(validation_message(exc)) from exc
    with write_session(engine) as session:
        if session.get(UserAccount, data.username) is not None:
            raise AccountError(f"an account '{data.username}' already exists")
        if data.party_slug and session.get(Organization, data.party_slug) is None:
            raise AccountError(f"there is no organization '{data.party_slug}' to reply for")
        account = UserAccount(
            username=data.username,
            display_name=data.display_name,
            role=data.role,
            party_slug=data.party_slug,
            created_by=created_by,
            password_hash=_hasher.hash(data.password) if data.password else "",
        )
        session.add(account)
        bump_revision(session)  # the pages' sign-in form appears with the first account
    return account


def set_role(engine: Engine, username: str, role: str, party: str | None = None) -> None:
    if role not in ROLES:
        raise AccountError(f"unknown role '{role}'; choose one of {', '.join(ROLES)}")
    if (role == "party") != bool(party):
        raise AccountError("a party's representative, and only one, names the party they reply for (--party SLUG)")
    if party:
        with Session(engine) as session:
            if session.get(Organization, party) is None:
                raise AccountError(f"there is no organization '{party}' to reply for")
    _change(engine, username, role=role, party_slug=party or None)


def set_password(engine: Engine, username: str, password: str) -> None:
    """A new password for an account (an imported one arrives without its hash); its browsers are signed out."""
    try:
        UserCreate(username=username, role="viewer", password=password)
    except ValidationError as exc:
        raise AccountError(validation_message(exc)) from exc
    if not password:
        raise AccountError("a password is required")
    _change(engine, username, password_hash=_hasher.hash(password))
    with write_session(engine) as session:
        session.execute(sa.delete(SignedInSession).where(SignedInSession.username == username))


def set_active(engine: Engine, username: str, active: bool) -> None:
    _change(engine, username, active=active)
    if not active:  # a disabled account's browsers are signed out, not only refused while it stays disabled
        with write_session(engine) as session:
            session.execute(sa.delete(SignedInSession).where(SignedInSession.username == username))


def _change(engine: Engine, username: str, **values) -> None:
    with write_session(engine) as session:
        account = session.get(UserAccount, username, with_for_update=True)
        if account is None:
            raise AccountError(f"no account '{username}'")
        for name, value in values.items():
            setattr(account, name, value)


def list_users(engine: Engine) -> list[UserAccount]:
    with Session(engine) as session:
        return list(session.exec(select(UserAccount).order_by(UserAccount.username)))
