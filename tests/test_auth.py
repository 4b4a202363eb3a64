"""Accounts: salted slow hashes, sign-in that says little to a guesser, and a lockout after repeated failures."""

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from models.inputs import ProgressUpdateCreate
from models.tables import SignedInSession, SigninThrottle, UserAccount
from tracker.read import history
from tracker.write import auth, writes

PASSWORD = "a long enough password"


@pytest.fixture
def alice(engine):
    auth.add_user(engine, username="alice", role="editor", password=PASSWORD, display_name="Alice")
    return engine


def test_passwords_are_stored_as_salted_argon2_hashes(alice):
    auth.add_user(alice, username="bob", role="editor", password=PASSWORD)
    with Session(alice) as session:
        hashes = [session.get(UserAccount, name).password_hash for name in ("alice", "bob")]
    assert all(h.startswith("$argon2id$") and PASSWORD not in h for h in hashes)
    assert hashes[0] != hashes[1]  # same password, different salt


def test_signing_in_gives_the_account_and_its_role(alice):
    actor = auth.sign_in(alice, "alice", PASSWORD)
    assert (actor.username, actor.role, actor.via, actor.can_write, actor.label) == (
        "alice",
        "editor",
        "password",
        True,
        "Alice",
    )


def test_a_wrong_password_and_an_unknown_name_get_the_same_answer(alice):
    with pytest.raises(auth.SignInError) as wrong_password:
        auth.sign_in(alice, "alice", "not the password")
    with pytest.raises(auth.SignInError) as unknown_name:
        auth.sign_in(alice, "nobody", PASSWORD)
    assert str(wrong_password.value) == str(unknown_name.value) == "Wrong username or password."


def test_repeated_failures_lock_the_account_for_a_while(alice):
    start = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
    for _ in range(auth.MAX_FAILED_SIGNINS):
        with pytest.raises(auth.SignInError, match="Wrong"):
            auth.sign_in(alice, "alice", "guess", now=start)
    with pytest.raises(auth.SignInError, match="Too many failed sign-ins.*15 minutes"):
        auth.sign_in(alice, "alice", PASSWORD, now=start + dt.timedelta(seconds=5))
    later = start + auth.LOCKOUT + dt.timedelta(seconds=1)
    assert auth.sign_in(alice, "alice", PASSWORD, now=later).username == "alice"
    with Session(alice) as session:
        assert session.get(SigninThrottle, "name:alice").failures == 0


def test_an_unknown_name_is_locked_out_in_the_same_words_so_names_cannot_be_probed(alice):
    start = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
    answers = {}
    for name in ("alice", "nobody"):
        for _ in range(auth.MAX_FAILED_SIGNINS):
            with pytest.raises(auth.SignInError, match="Wrong username or password"):
                auth.sign_in(alice, name, "guess", now=start)
        with pytest.raises(auth.SignInError) as locked:
            auth.sign_in(alice, name, "guess", now=start + dt.timedelta(seconds=5))
        answers[name] = str(locked.value)
    assert answers["alice"] == answers["nobody"] == "Too many failed sign-ins. Try again in 15 minutes."


def test_one_guess_every_fifteen_minutes_cannot_keep_an_account_locked(alice):
    start = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
    for _ in range(auth.MAX_FAILED_SIGNINS):
        with pytest.raises(auth.SignInError):
            auth.sign_in(alice, "alice", "guess", now=start)
    after_lock = start + auth.LOCKOUT + dt.timedelta(seconds=1)
    with pytest.raises(auth.SignInError, match="Wrong username or password"):  # the count started again at 1
        auth.sign_in(alice, "alice", "another guess", now=after_lock)
    assert auth.sign_in(alice, "alice", PASSWORD, now=after_lock + dt.timedelta(seconds=1)).username == "alice"


def test_guesses_from_one_address_are_slowed_across_every_name(alice):
    start = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
    for n in range(auth.MAX_FAILED_BY_ADDRESS):
        with pytest.raises(auth.SignInError, match="Wrong"):
            auth.sign_in(alice, f"name{n}", "guess", address="203.0.113.7", now=start)
    with pytest.raises(auth.SignInError, match="Too many failed sign-ins"):
        auth.sign_in(alice, "alice", PASSWORD, address="203.0.113.7", now=start)
    assert auth.sign_in(alice, "alice", PASSWORD, address="198.51.100.1", now=start).username == "alice"


def test_a_disabled_account_cannot_sign_in(alice):
    auth.set_active(alice, "alice", False)
    with pytest.raises(auth.SignInError, match="disabled"):
        auth.sign_in(alice, "alice", PASSWORD)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"password": "short"}, "at least 10 characters"),
        ({"role": "owner"}, "Input should be 'viewer', 'party', 'editor' or 'admin'"),
        ({"username": "has space"}, "username"),
        ({"username": "alice"}, "already exists"),
    ],
)
def test_bad_accounts_are_refused(alice, changes, message):
    values = {"username": "carol", "role": "editor", "password": PASSWORD} | changes
    with pytest.raises(auth.AccountError, match=message):
        auth.add_user(alice, **values)


def test_openid_connect_users_get_their_account_role_or_viewer(engine):
    auth.add_user(engine, username="dana@example.org", role="editor")
    assert auth.oidc_actor(engine, "dana@example.org", "Dana").role == "editor"
    assert auth.oidc_actor(engine, "eve@example.org", "Eve").role == "viewer"
    with pytest.raises(auth.SignInError):  # no password: only OpenID Connect can sign this account in
        auth.sign_in(engine, "dana@example.org", "")


def test_a_kept_session_signs_its_account_in_until_it_expires_or_is_ended(alice):
    now = dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC)
    token = auth.sign_in(alice, "alice", PASSWORD, now=now).token
    assert auth.session_actor(alice, token, now=now).username == "alice"
    assert auth.session_actor(alice, token, now=now + auth.SESSION_LIFETIME) is None
    assert auth.session_actor(alice, token + "x", now=now) is None
    assert auth.session_actor(alice, "", now=now) is None
    with Session(alice) as session:  # only a hash of the token is stored
        assert token not in str(session.exec(sa.select(SignedInSession.token_hash)).all())
    auth.end_session(alice, token)
    assert auth.session_actor(alice, token, now=now) is None


def test_disabling_an_account_ends_its_kept_sessions(alice):
    token = auth.sign_in(alice, "alice", PASSWORD).token
    auth.set_active(alice, "alice", False)
    auth.set_active(alice, "alice", True)
    assert auth.session_actor(alice, token) is None


@pytest.fixture
def on_seeded(seeded):
    """Alice, an editor, on the seeded data, and an update she might record."""
    auth.add_user(seeded, username="alice", role="editor", password=PASSWORD, display_name="Alice")
    update = ProgressUpdateCreate(
        commitment_slug="samr-50-more-ai-standards", as_of=dt.date(2026, 3, 1), status="not_started", rationale="x"
    )
    return seeded, update


def test_a_signed_in_actor_stops_writing_once_its_session_ends_however_it_ends(on_seeded):
    engine, update = on_seeded
    for end in (
        lambda actor: auth.end_session(engine, actor.token),  # signed out in another tab
        lambda actor: auth.set_password(engine, "alice", "another long password"),
        lambda actor: auth.set_active(engine, "alice", False),
    ):
        auth.set_active(engine, "alice", True)
        auth.set_password(engine, "alice", PASSWORD)
        actor = auth.sign_in(engine, "alice", PASSWORD)
        assert auth.refreshed(engine, actor) == actor
        end(actor)
        auth.set_active(engine, "alice", True)
        assert auth.refreshed(engine, actor) is None
        with pytest.raises(auth.PermissionDenied, match="sign-in has ended"):
            writes.record_progress(engine, data=update, actor=actor)
    assert history.changes_log(engine).empty
    writes.record_progress(engine, data=update, actor=auth.sign_in(engine, "alice", PASSWORD))
    assert len(history.changes_log(engine)) == 1


def test_a_forged_sign_in_without_a_session_writes_nothing(on_seeded):
    engine, update = on_seeded
    for token in ("", "made-up"):
        forged = auth.Actor("alice", "Alice", "admin", "password", token=token)
        with pytest.raises(auth.PermissionDenied, match="sign-in has ended"):
            writes.record_progress(engine, data=update, actor=forged)
