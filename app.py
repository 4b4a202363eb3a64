"""Entry point: page configuration and navigation, and what every page draws after its own content."""

from pathlib import Path

import streamlit as st

from app_pages.ui.frame import end_page, start_page

# The favicon is a file the app serves itself: a Material icon here would be fetched from Google's font servers
# by every reader's browser.
FAVICON = Path(__file__).parent / "app_pages" / "ui" / "favicon.png"
st.set_page_config(page_title="AI Standards Commitment Tracker", page_icon=str(FAVICON), layout="wide")

pages = [
    st.Page("app_pages/overview.py", title="Overview", icon=":material/dashboard:", url_path="overview", default=True),
    st.Page("app_pages/commitments.py", title="Commitments", icon=":material/checklist:", url_path="commitments"),
    # One commitment at its own address, opened from every list (not a menu entry of its own).
    st.Page("app_pages/commitment.py", title="Commitment", url_path="commitment", visibility="hidden"),
    st.Page("app_pages/initiatives.py", title="Initiatives", icon=":material/rocket_launch:", url_path="initiatives"),
    st.Page("app_pages/participation.py", title="Participation", icon=":material/groups:", url_path="participation"),
    st.Page("app_pages/stakeholders.py", title="Stakeholders", icon=":material/hub:", url_path="stakeholders"),
    st.Page("app_pages/sources.py", title="Sources", icon=":material/description:", url_path="sources"),
    st.Page("app_pages/changes.py", title="Changes log", icon=":material/history:", url_path="changes"),
    st.Page("app_pages/methodology.py", title="Methodology", icon=":material/rule:", url_path="methodology"),
    st.Page("app_pages/contribute.py", title="Contribute", icon=":material/add_circle:", url_path="contribute"),
    st.Page("app_pages/review.py", title="Review", icon=":material/fact_check:", url_path="review"),
    st.Page("app_pages/releases.py", title="Releases", icon=":material/bookmarks:", url_path="releases"),
]
start_page()
st.navigation(pages).run()
# The counts under the sidebar's lists of choices come last: the page's own content is on screen first.
end_page()
