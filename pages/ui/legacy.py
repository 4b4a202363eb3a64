"""The one workaround for a Streamlit behaviour: a folder named pages/ beside app.py starts a fresh server in
Streamlit's legacy multipage mode (streamlit.runtime.pages_manager.PagesManager.uses_pages_directory is set from
the folder's existence, and only st.navigation turns it off). Streamlit 1.67 offers no setting for this, and the
product keeps its pages in pages/; tests/test_pages.py and the browser tests check that a link opened first on a
fresh server gets app.py's navigation."""

import runpy

import streamlit as st

from models.db import PROJECT_ROOT


def leave_legacy_pages_mode() -> None:
    # A folder named pages/ beside app.py makes a freshly started Streamlit server run in its legacy multipage
    # mode until some session executes app.py (only st.navigation switches that mode off). Until then a link
    # straight to a page (a shared permalink, say) runs the page script alone: wrong navigation and no page
    # config. Switch the mode off and run app.py here, in this same run: nothing is on screen yet, and a rerun
    # would drop the click that started this run. app.py's navigation then runs this page again, properly.
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # a Streamlit without the legacy mode
        return
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        runpy.run_path(str(PROJECT_ROOT / "app.py"), run_name="__main__")
        st.stop()
