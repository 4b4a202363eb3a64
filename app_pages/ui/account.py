"""Who is signed in: the built-in accounts' sign-in form, OpenID Connect when configured, and the editor
check that shapes a page (every write checks the role again in tracker.write)."""

import json

import streamlit as st
from pydantic import ValidationError

from app_pages.ui.data import engine, live_query
from app_pages.ui.presentation import presenting
from app_pages.ui.text import escape_markdown
from models.inputs import InputProblems, problems_by_field, validation_problems
from tracker.domain.settings import edition
from tracker.web.session import FORGET_PATH, KEEP_PATH
from tracker.write import auth


@st.cache_resource(ttl=60, show_spinner=False)
def oidc_configured() -> bool:
    """Whether secrets.toml has an [auth] section. Asked once a minute, not on every page run: with no secrets
    file, Streamlit looks for one again on each question, under a lock every session's page run then waits on."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: nothing is configured
        return False


def current_actor() -> auth.Actor | None:
    """The signed-in person, or None. The role shown here only shapes the page; writes check it again."""
    actor = st.session_state.get("actor")
    if actor is not None:
        # Read the account and its session again on every run: signed out in another tab, a new password, a role
        # taken away or an account disabled shows at once.
        current = auth.refreshed(engine(), actor)
        if current is None:
            st.session_state.pop("actor", None)
            st.session_state.pop("session_token", None)
        else:
            st.session_state["actor"] = current
        return current
    if oidc_configured() and st.user.is_logged_in:
        return auth.oidc_actor(engine(), str(st.user.get("email", "")), str(st.user.get("name", "")))
    # A sign-in kept by this browser: its cookie is sent with each new page connection (a reload, a link opened
    # in a new tab). The token is looked up in the database every time, so signing out anywhere ends it.
    token = st.context.cookies.get(auth.SESSION_COOKIE, "")
    if not isinstance(token, str) or not token or st.session_state.get("ended_token") == token:
        return None
    if kept := auth.session_actor(engine(), token):
        st.session_state["actor"], st.session_state["session_token"] = kept, token
        st.session_state.pop("last_writer", None)
        return kept
    return None


def account_box() -> None:
    box = st.sidebar.container(border=True, key="account_box")
    _send_cookie_change(box)
    actor = current_actor()
    if actor:
        box.markdown(f"Signed in as **{escape_markdown(actor.label)}** · {actor.role}")
        box.button("Sign out", key="sign_out", on_click=_sign_out, args=(actor,), icon=":material/logout:")
        return
    if oidc_configured():
        box.button("Sign in with your organization", key="oidc_sign_in", on_click=st.login, icon=":material/login:")
    if live_query(auth.any_accounts):  # the accounts are the live database's, whichever data the page shows
        with box.expander("Sign in with an account", icon=":material/key:"):
            with st.form("sign_in_form", border=False):
                username = st.text_input("Username", key="sign_in_username")
                password = st.text_input("Password", type="password", key="sign_in_password")
                submitted = st.form_submit_button("Sign in", key="sign_in_submit")
            if submitted:
                try:
                    actor = auth.sign_in(engine(), username, password, address=st.context.ip_address or "")
                except auth.SignInError as exc:
                    st.error(escape_markdown(str(exc)))
                else:
                    st.session_state["actor"], st.session_state["session_token"] = actor, actor.token
                    st.session_state["cookie_change"] = (KEEP_PATH, actor.token)
                    st.session_state.pop("last_writer", None)
                    st.rerun()
    elif not oidc_configured():
        box.caption(
            "Read-only: no accounts exist yet, so no one can record progress here. The tracker's administrator "
            "creates the first account (the README's Accounts section says how)."
        )


def _sign_out(actor: auth.Actor) -> None:
    st.session_state.pop("actor", None)
    st.session_state.pop("last_writer", None)
    if token := st.session_state.pop("session_token", ""):
        auth.end_session(engine(), token)
        st.session_state["ended_token"] = token
        st.session_state["cookie_change"] = (FORGET_PATH, "")
    if actor.via == "oidc":
        st.logout()


def _send_cookie_change(box) -> None:
    """Have the browser keep or forget its sign-in: the page cannot set the cookie itself, so a script posts to
    the route in tracker.web.session that does. Without that route (`streamlit run app.py`), a sign-in lasts
    as long as the page stays open, and the rest works as before."""
    change = st.session_state.pop("cookie_change", None)
    if change is None:
        return
    path, token = change
    body = json.dumps({"token": token})
    with box:
        st.html(
            f"<script>fetch({json.dumps(path)}, {{method: 'POST', credentials: 'same-origin', "
            f"headers: {{'Content-Type': 'application/json'}}, body: {json.dumps(body)}}})</script>",
            unsafe_allow_javascript=True,
            width="content",
        )


def writer() -> auth.Actor | None:
    """The signed-in editor or admin, or None (with a note saying how to get write access)."""
    if presenting():
        return None
    if (at := edition()) is not None:
        st.info(
            f"This is release {at.version}, which never changes: changes are recorded on the live data (choose "
            "Live data under Data in the sidebar).",
            icon=":material/lock:",
        )
        return None
    actor = current_actor()
    if actor and actor.can_write:
        st.session_state["last_writer"] = actor
        return actor
    if lapsed := st.session_state.get("last_writer"):
        # This tab's editor was signed out elsewhere, got a new password, lost the role or was disabled: the forms
        # stay with what was typed in them, and every save is refused (by the write itself) until they sign in.
        why = auth.SIGNED_OUT
        if actor:
            why = f"'{lapsed.username}' is now a {actor.role}, and saving needs the editor role"
        st.warning(f"You can no longer save here: {escape_markdown(why)}.", icon=":material/lock:")
        return lapsed
    if actor:
        st.info(
            f"You are signed in as a {actor.role}; recording changes needs the editor role.", icon=":material/lock:"
        )
    else:
        st.info("Sign in as an editor (in the sidebar) to record changes.", icon=":material/lock:")
    return None


def write_failed(error: Exception, form: str | None = None) -> None:
    """A refused write, said plainly; nothing was written. For a `form` whose fields call field_problem, each
    problem is shown beside its field (the page runs again to draw them there) and in a list under the form."""
    if not isinstance(error, (ValidationError, InputProblems)):
        st.error(f"Not saved: {escape_markdown(str(error))}", icon=":material/error:")
        return
    if form is not None:
        st.session_state[f"problems_{form}"] = (
            error.by_field if isinstance(error, InputProblems) else problems_by_field(error)
        )
        st.rerun()
    if isinstance(error, InputProblems):
        _not_saved([p for problems in error.by_field.values() for p in problems])
    else:
        _not_saved(validation_problems(error))


def field_problem(form: str, field: str) -> None:
    """Under a form's field: what is wrong with it, from the last refused submit of the form."""
    for problem in st.session_state.get(f"problems_{form}", {}).get(field, []):
        st.error(escape_markdown(problem), icon=":material/error:")


def form_problems(form: str) -> None:
    """Under a form: that it was not saved, and every problem of its last refused submit (those of single fields
    are also beside them)."""
    if by_field := st.session_state.get(f"problems_{form}"):
        _not_saved([p for problems in by_field.values() for p in problems])


def _not_saved(problems: list[str]) -> None:
    """That a write was refused, with every problem listed, each in words."""
    lines = "".join(f"\n- {escape_markdown(problem)}" for problem in problems)
    st.error("Not saved. Please correct:" + lines, icon=":material/error:")


def clear_problems(form: str) -> None:
    st.session_state.pop(f"problems_{form}", None)
