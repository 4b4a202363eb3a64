"""Overview: what the tracker holds."""

import streamlit as st

from pages.common import engine
from tracker.queries import commitments_by_framework_and_status, headline_counts

st.title("AI Standards Commitment Tracker")
st.caption("Commitments on AI standardization made at the 2025 Seoul summit and the WAIC 2025 forum.")

counts = headline_counts(engine())
columns = st.columns(4)
columns[0].metric("Commitments tracked", counts["commitments"])
columns[1].metric("Events", counts["events"])
columns[2].metric("Organizations", counts["organizations"])
columns[3].metric("Source documents", counts["sources"])

st.subheader("Commitments by framework and status")
st.dataframe(commitments_by_framework_and_status(engine()), hide_index=True, key="by_framework")
