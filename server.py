"""What `streamlit run server.py` serves: the pages of app.py and, on the same port, the HTTP routes of
tracker.web."""

import streamlit as st

from tracker.web import routes
from tracker.web.tcp import messages_sent_at_once

app = st.App("app.py", routes=routes(), lifespan=messages_sent_at_once)
