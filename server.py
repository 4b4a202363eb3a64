"""What `streamlit run server.py` serves: the pages of app.py and, on the same port, the HTTP routes of
tracker.web."""

import streamlit as st

from tracker.web import routes
from tracker.web.tcp import send_messages_at_once

send_messages_at_once()  # before the server accepts its first connection
app = st.App("app.py", routes=routes())
