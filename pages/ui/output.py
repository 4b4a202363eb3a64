"""What a page gives away: CSV of the rows shown, charts with their images, the deck and the brief."""

from collections.abc import Callable
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pages.ui.presentation import for_projector, present_query, presenting
from pages.ui.text import escape_markdown
from tracker.present import images
from tracker.present.charts import for_phone
from tracker.present.csvfile import dataframe_csv
from tracker.read.filters import CommitmentFilter
from tracker.web.api import params_of
from tracker.web.downloads import BRIEF_PATH, DECK_PATH


def downloads(frame: pd.DataFrame | Callable[[], pd.DataFrame], stem: str, key: str, *, rows: int = 0) -> None:
    """CSV of the rows of a view, and the same for Excel (with a byte-order mark). `frame` may be a function that
    reads them when the button is pressed (every page of a paged list), with `rows` saying how many."""
    if presenting():
        return
    read = frame if callable(frame) else lambda: frame
    rows = rows if callable(frame) else len(frame)
    with st.container(horizontal=True, key=f"{key}_downloads"):
        st.download_button(
            "CSV",
            data=lambda: dataframe_csv(read()).encode("utf-8"),
            file_name=f"{stem}.csv",
            mime="text/csv",
            key=f"{key}_csv",
            on_click="ignore",
            icon=":material/download:",
            help=f"{rows:,} rows, UTF-8; text that a spreadsheet could run as a formula is prefixed with '",
        )
        st.download_button(
            "CSV for Excel",
            data=lambda: dataframe_csv(read(), excel=True).encode("utf-8"),
            file_name=f"{stem}_excel.csv",
            mime="text/csv",
            key=f"{key}_excel",
            on_click="ignore",
            icon=":material/download:",
            help="The same file with a byte-order mark, so Excel reads UTF-8 correctly.",
        )


def chart(
    fig: go.Figure, summary: str, *, key: str, frame: pd.DataFrame, stem: str, phone_lines: list[str] | None = None
) -> None:
    """A chart, the sentence that says what it shows, the CSV of its numbers, and the chart as PNG and SVG at
    presentation size (title, sources and as-of date are drawn into the image). On a phone the chart is laid out
    again for the narrow screen, or replaced by `phone_lines` (Markdown, one line an item) where a grid cannot
    fit."""
    # Drawn twice, for wide screens and for phones; the page style shows one (display: none hides the other from
    # screen readers too).
    with st.container(key=f"wide_only_{key}"):
        shown = for_projector(fig) if presenting() else fig
        st.plotly_chart(shown, theme=None, key=key, config={"displaylogo": False})
    with st.container(key=f"narrow_only_{key}"):
        if phone_lines is None:
            st.plotly_chart(for_phone(fig), theme=None, key=f"{key}_phone", config={"displaylogo": False})
        else:
            st.markdown(f"**{escape_markdown(fig.layout.title.text or '')}**")
            st.markdown("\n".join(f"- {line}" for line in phone_lines))
    if presenting():
        st.markdown(f"### {escape_markdown(summary)}")
        return
    st.caption(escape_markdown(summary))
    downloads(frame, stem, key)
    with st.container(horizontal=True, key=f"{key}_images"):
        for fmt, mime in (("png", "image/png"), ("svg", "image/svg+xml")):
            st.download_button(
                fmt.upper(),
                data=lambda fmt=fmt: _image(fig, fmt),
                file_name=f"{stem}.{fmt}",
                mime=mime,
                key=f"{key}_{fmt}",
                on_click="ignore",
                icon=":material/image:",
                help=f"The chart as {fmt.upper()}, {images.PRESENTATION_WIDTH} × {images.PRESENTATION_HEIGHT} pixels.",
            )


def _image(fig: go.Figure, fmt: str) -> bytes:
    try:
        return images.render(fig, fmt)
    except images.ImageUnavailable as exc:
        st.error(str(exc))
        return b""


def presentation_downloads(f: CommitmentFilter) -> None:
    """The current view as a PowerPoint deck and as a PDF brief, at addresses any app server answers (the files
    are built when asked for, and kept by view and data revision), and the page in present mode."""
    query = urlencode(params_of(f))
    with st.container(horizontal=True, key="presentation_downloads"):
        st.link_button(
            "Download deck",
            url=f"{DECK_PATH}?{query}",
            icon=":material/slideshow:",
            type="primary",
            help="A 16:9 PowerPoint deck of this view with native, editable charts; stamped with the as-of date, "
            "the filters and the sources.",
        )
        st.link_button(
            "Download brief (PDF)",
            url=f"{BRIEF_PATH}?{query}",
            icon=":material/picture_as_pdf:",
            help="One to three pages of this view for reading, with the charts as images.",
        )
        st.link_button(
            "Present",
            url=f"?{present_query()}",
            icon=":material/co_present:",
            help="This page without sidebar and controls, in large type, one chart per screen.",
        )
