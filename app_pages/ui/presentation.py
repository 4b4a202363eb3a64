"""Presentation mode (`?present=1`): no sidebar or controls, large type, charts that fill a screen."""

from urllib.parse import urlencode

import plotly.graph_objects as go
import streamlit as st


def presenting() -> bool:
    return st.query_params.get("present") == "1"


def present_query() -> str:
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    params["present"] = ["1"]
    return urlencode([(key, value) for key, values in params.items() for value in values])


# Static presentation styles (no data): no sidebar, no toolbar, larger type.
PRESENT_CSS = """
<style>
section[data-testid="stSidebar"], div[data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"] {
  display: none !important;
}
div[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 1.5rem 3rem !important; }
div[data-testid="stMarkdownContainer"] p, div[data-testid="stMarkdownContainer"] li { font-size: 1.6rem; }
h1 { font-size: 3.2rem !important; }
/* Headline numbers larger than their labels; captions and card titles that read from the back of a room. */
div[data-testid="stMetricValue"] p { font-size: 4rem !important; font-weight: 700; line-height: 1.2; }
label[data-testid="stMetricLabel"] p { font-size: 1.5rem !important; }
div[data-testid="stCaptionContainer"] p { font-size: 1.3rem !important; }
div[class*="st-key-card_"] a[data-testid="stPageLink-NavLink"] p,
div[class*="st-key-deadline_"] a[data-testid="stPageLink-NavLink"] p { font-size: 2rem !important; }
div[data-testid="stTable"] td, div[data-testid="stTable"] th { font-size: 1.35rem !important; }
/* Labels wrap rather than end in "…"; on a phone the type steps down so no word is broken across lines. */
label[data-testid="stMetricLabel"] div { white-space: normal !important; overflow: visible !important; }
@media (max-width: 640px) {
  div[data-testid="stMainBlockContainer"] { padding: 1rem !important; }
  h1 { font-size: 2.1rem !important; }
  div[data-testid="stMarkdownContainer"] p, div[data-testid="stMarkdownContainer"] li { font-size: 1.25rem; }
  div[data-testid="stMetricValue"] p { font-size: 3rem !important; }
  label[data-testid="stMetricLabel"] p { font-size: 1.2rem !important; }
}
</style>
"""


def for_projector(fig: go.Figure) -> go.Figure:
    """A chart filling one screen, in type that reads from the back of a room."""
    # Everything grows together: type, panel titles (annotations) and the height that keeps panels apart.
    projected = go.Figure(fig).update_layout(
        height=max(820, int((fig.layout.height or 450) * 1.8)),
        font=dict(size=24),
        title=dict(font=dict(size=34), subtitle=dict(font=dict(size=18))),
    )
    return projected.update_annotations(font_size=26)
