"""Entry point: page configuration and navigation, nothing else."""

import streamlit as st

st.set_page_config(page_title="AI Standards Commitment Tracker", page_icon=":material/fact_check:", layout="wide")

pages = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", url_path="overview", default=True),
    st.Page("pages/commitments.py", title="Commitments", icon=":material/checklist:", url_path="commitments"),
    st.Page("pages/initiatives.py", title="Initiatives", icon=":material/rocket_launch:", url_path="initiatives"),
    st.Page("pages/participation.py", title="Participation", icon=":material/groups:", url_path="participation"),
    st.Page("pages/stakeholders.py", title="Stakeholders", icon=":material/hub:", url_path="stakeholders"),
    st.Page("pages/sources.py", title="Sources", icon=":material/description:", url_path="sources"),
    st.Page("pages/changes.py", title="Changes log", icon=":material/history:", url_path="changes"),
    st.Page("pages/methodology.py", title="Methodology", icon=":material/rule:", url_path="methodology"),
    st.Page("pages/contribute.py", title="Contribute", icon=":material/add_circle:", url_path="contribute"),
]
st.navigation(pages).run()
