"""The top of every page: inside app.py's navigation, the account box, the title."""

from urllib.parse import urlencode

import streamlit as st

from app_pages.ui.account import account_box
from app_pages.ui.cards import CARD_CSS
from app_pages.ui.filters import fill_filter_counts, forget_filter_counts, shown_view
from app_pages.ui.keys import keyboard
from app_pages.ui.presentation import PRESENT_CSS, presenting
from app_pages.ui.release import choose_release, cite_this, release_banner
from app_pages.ui.text import escape_markdown


def header(title: str, caption: str | None = None) -> None:
    """The top of every page. It first makes sure the page runs inside app.py's navigation. The title may be
    stored text (a commitment's own page): it is shown as text."""
    st.html(CARD_CSS)
    keyboard()
    if presenting():
        st.html(PRESENT_CSS)
        st.title(escape_markdown(title))
        st.link_button(
            "Leave presentation",
            url="?"
            + urlencode([(k, v) for k in st.query_params if k != "present" for v in st.query_params.get_all(k)]),
            icon=":material/close_fullscreen:",
        )
        return
    account_box()
    st.title(escape_markdown(title))
    if caption:
        st.caption(caption)


def start_page() -> None:
    """What app.py does before any page runs: which data it shows (live, or a release), said at its top."""
    forget_filter_counts()
    release_banner(choose_release())


def end_page() -> None:
    """What every page draws after its own content: the counts under the sidebar's lists of choices (app.py calls
    it when a page runs to its end; stop() before ending a page early), and which data it shows and how to cite it."""
    cite_this(shown_view())
    fill_filter_counts()


def stop() -> None:
    """End the page here (an empty state, say), with what every page draws after its content."""
    end_page()
    st.stop()
