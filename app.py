"""Entry point: page configuration and navigation, nothing else."""

import streamlit as st

st.set_page_config(page_title="AI Standards Commitment Tracker", page_icon=":material/fact_check:", layout="wide")

pages = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", url_path="overview", default=True),
]
st.navigation(pages).run()
